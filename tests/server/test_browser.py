"""A reader in a real browser: headless Chromium driven by Playwright, real server.

Home → chapter 3 → commitment #12 → its lead organisation, by clicking links,
checking what a reader sees (titles, names, link texts, dates; not layout), then
the language switch. Full-page screenshots of the four pages are taken on the
way: into ``$OGPGRAPH_SCREENSHOTS`` if set (``OGPGRAPH_SCREENSHOTS=docs/screenshots``
refreshes the README's images), else into a temporary directory.

Uses Debian's ``chromium`` (``make system-deps``) with the PyPI ``playwright``
package; skipped when either is missing. Nothing leaves 127.0.0.1.
"""

import importlib.util
import os
import re
import shutil
import struct
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("OGPGRAPH_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
HAVE_PLAYWRIGHT = importlib.util.find_spec("playwright") is not None

pytestmark = pytest.mark.skipif(
    not (CHROMIUM and HAVE_PLAYWRIGHT),
    reason="needs Debian's chromium (make system-deps) and the playwright package (the 'test' extra)")

if HAVE_PLAYWRIGHT:
    from playwright.sync_api import expect, sync_playwright

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--font-render-hinting=none", "--hide-scrollbars"]
WIDTH = 1280
# Full-page screenshots, cut at this height: a whole commitment page is ~10,000 px
# (1.6 MB of PNG); the top of it is what the README needs.
MAX_HEIGHT = 2400
TIMEOUT_MS = 15_000

PLAN_TITLE = "Liasse des engagements — Partenariat pour un Gouvernement Ouvert"
MENJS = "Ministère de l'Éducation nationale, de la Jeunesse et des Sports"
PLAN = "/id/fr/2021-2023"
C12 = PLAN + "/commitment/12"
C12_TITLE = "Renforcer l'engagement citoyen des jeunes"
# Some milestones of commitment #12, in the plan's order, with the dates it gives them.
C12_MILESTONES = [
    ("245 000 volontaires ayant réalisé au moins 1 jour de mission", "S2 2022"),
    ("200 000 jeunes mentorés", "Fin 2022"),
    ("généralisation du dispositif pHARe", "T3 2021"),
]


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True,
                              timeout=TIMEOUT_MS * 2)
        yield b
        b.close()


@pytest.fixture
def page(browser, server_url):
    # A French reader (the site's default language), fixed viewport, no motion:
    # screenshots stay as reproducible as fonts allow.
    context = browser.new_context(base_url=server_url, viewport={"width": WIDTH, "height": 800},
                                  device_scale_factor=1, locale="fr-FR", timezone_id="Europe/Paris",
                                  color_scheme="light", reduced_motion="reduce")
    context.set_default_timeout(TIMEOUT_MS)
    # Only our server: any request elsewhere (a font, a CDN) is refused.
    context.route(re.compile(r"^(?!https?://127\.0\.0\.1:\d+/)"), lambda route: route.abort())
    p = context.new_page()
    yield p
    context.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    target = os.environ.get("OGPGRAPH_SCREENSHOTS")
    if target:
        path = Path(target)
        path.mkdir(parents=True, exist_ok=True)
        return path
    return tmp_path_factory.mktemp("screenshots")


def screenshot(page, shots: Path, name: str, width: int = WIDTH) -> None:
    path = shots / f"{name}.png"
    height = min(page.evaluate("document.documentElement.scrollHeight"), MAX_HEIGHT)
    page.screenshot(path=str(path), full_page=True, clip={"x": 0, "y": 0, "width": width, "height": height},
                    animations="disabled", caret="hide")
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", data[16:24]) == (width, height)


def heading(page):
    return page.get_by_role("heading", level=1)


def test_reader_goes_from_home_to_an_organisation(page, shots, server_url):
    # Home: the plan and its chapters.
    page.goto("/")
    expect(heading(page)).to_contain_text(PLAN_TITLE)
    expect(page).to_have_title(re.compile("Partenariat pour un Gouvernement Ouvert"))
    chapter_link = page.locator('a[href="/id/fr/2021-2023/chapter/3"]').first
    expect(chapter_link).to_contain_text(MENJS)
    screenshot(page, shots, "home")

    # Chapter 3: its title and its commitments.
    chapter_link.click()
    expect(page).to_have_url(f"{server_url}/id/fr/2021-2023/chapter/3")
    expect(heading(page)).to_contain_text(MENJS)
    commitment_link = page.get_by_role("link", name=re.compile(re.escape(C12_TITLE))).first
    expect(commitment_link).to_be_visible()
    screenshot(page, shots, "chapter")

    # Commitment #12: title, and milestones with their dates.
    commitment_link.click()
    expect(page).to_have_url(server_url + C12)
    expect(heading(page)).to_contain_text(C12_TITLE)
    expect(heading(page)).to_contain_text("12")
    expect(page.get_by_role("heading", name="Jalons")).to_be_visible()
    for label, date in C12_MILESTONES:
        item = page.locator("li, tr").filter(has=page.get_by_text(label, exact=True))
        expect(item.first).to_be_visible()
        expect(item.first).to_contain_text(date)
    # The reader sees the milestones under their heading, in the plan's order.
    text = page.locator("body").inner_text()
    milestones = text[text.index("Jalons"):]
    positions = [milestones.find(label) for label, _ in C12_MILESTONES]
    assert -1 not in positions and positions == sorted(positions), positions
    screenshot(page, shots, "commitment")

    # Its lead organisation, which lists #12 among the commitments it leads.
    lead = page.locator('a[href="/id/organisation/menjs"]').first
    expect(lead).to_have_text(MENJS)
    lead.click()
    expect(page).to_have_url(server_url + "/id/organisation/menjs")
    expect(heading(page)).to_contain_text(MENJS)
    expect(page.get_by_role("heading", name="Engagements portés")).to_be_visible()
    text = page.locator("body").inner_text()
    led = text[text.index("Engagements portés"):]
    following = re.search(r"\n(Engagements où|Source)", led)
    led = led[:following.start()] if following else led
    assert C12_TITLE in led
    assert "Développer les dispositifs de participation citoyenne" in led  # #13, also led by the MENJS
    page.get_by_role("link", name=re.compile(re.escape(C12_TITLE))).first.click()
    expect(page).to_have_url(server_url + C12)
    page.go_back()
    expect(page).to_have_url(server_url + "/id/organisation/menjs")
    screenshot(page, shots, "organisation")


def test_language_switch(page, server_url):
    page.goto(C12)
    expect(page.get_by_role("heading", name="Jalons")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    page.get_by_role("link", name="English").click()
    expect(page).to_have_url(re.compile(r"[?&]lang=en\b"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="Milestones")).to_be_visible()
    expect(page.get_by_role("heading", name="Jalons")).to_have_count(0)
    expect(page.get_by_role("link", name="Home")).to_be_visible()
    # The document's text stays in French; the title is the OGP registry's English one
    expect(heading(page)).to_contain_text("Increase civic engagement opportunities for youth")
    expect(page.locator("#problem")).to_contain_text("jeunes")
    # And back.
    page.get_by_role("link", name="Français").click()
    expect(page.get_by_role("heading", name="Jalons")).to_be_visible()


def test_english_reader_by_browser_language(browser, server_url):
    context = browser.new_context(base_url=server_url, locale="en-GB")
    context.set_default_timeout(TIMEOUT_MS)
    try:
        page = context.new_page()
        page.goto("/id/organisation/menjs")
        expect(page.get_by_role("heading", name="Commitments led")).to_be_visible()
        expect(page.get_by_role("link", name="Français")).to_be_visible()
    finally:
        context.close()


# -- the pages issue, item by item, as a reader meets it ----------------------------------------------

def closest_lang(locator) -> str:
    """The language a browser gives an element's text: the lang attribute of the innermost element
    holding all of that text, or of its nearest ancestor with one."""
    return locator.evaluate("""e => {
        let n = e;
        while (n.firstElementChild && n.textContent.trim() === n.firstElementChild.textContent.trim())
            n = n.firstElementChild;
        return n.closest('[lang]').getAttribute('lang');
    }""")


def test_one_language_per_page(page, server_url, shots):
    """Item 1: the interface in the page's language, and data that exists only in the other
    language marked with it; the ontology's documentation in both languages."""
    page.goto(PLAN + "/commitment/13?lang=en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="Milestones", exact=False)).to_be_visible()
    # #13 has no English title in the OGP registry: the French one, marked
    assert closest_lang(heading(page).locator("span[lang]")) == "fr"
    assert closest_lang(page.locator("#problem p").first) == "fr"  # the document's text
    assert closest_lang(page.locator("ol.timeline .what a").first) == "fr"  # a milestone's label
    screenshot(page, shots, "commitment-en")
    # French page, English-only registry values (policy areas) marked English
    page.goto(C12)
    area = page.locator("#registry ul.tags li").first
    expect(area).to_be_visible()
    assert closest_lang(area) == "en"
    # The ontology's documentation follows the language too
    page.goto("/def/ogp")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("heading", name="Table des matières")).to_be_visible()
    page.goto("/def/ogp?lang=en")
    expect(page.get_by_role("heading", name="Table of Contents")).to_be_visible()


def test_everything_one_click_away(page, server_url):
    """Item 2: every page's footer leads to the data; each link opens."""
    for name, target, heading_text in [
            ("Description du jeu de données (VoID, DCAT)", "/id/dataset", None),
            ("Formes SHACL", "/def/shapes", None),
            ("Rapport de validation SHACL", "/shacl/report", "Rapport de validation SHACL"),
            ("Ontologie", "/def/ogp", None),
            ("Point d'accès SPARQL", "/sparql", None),
            ("Fragments par motif de triplet", "/fragments", "Fragments par motif de triplet")]:
        page.goto(C12)
        footer = page.locator("footer.site-data")
        footer.get_by_role("link", name=name).click()
        expect(page).to_have_url(re.compile(re.escape(server_url + target)))
        expect(heading(page).first).to_be_visible()
        if heading_text:
            expect(heading(page)).to_have_text(heading_text)
    page.goto("/")
    data = page.locator("section[aria-labelledby=data-title]")
    expect(data).to_contain_text("OpenRefine")
    expect(data.get_by_role("link", name="Service de réconciliation")).to_have_attribute("href", "/reconcile")


def test_legal_texts_from_search_to_the_official_text(page, server_url, shots):
    """Item 3: a reader types the English name of a text the document calls "RGPD", lands on
    its page, sees its full title and the EUR-Lex link; the commitment citing a law links it too."""
    page.goto("/?lang=en")
    page.locator("#site-q").fill("GDPR")
    page.locator("#site-q").press("Enter")
    expect(page).to_have_url(re.compile(r"/search\?q=GDPR"))
    page.locator("ul.results li a").first.click()
    expect(page).to_have_url(re.compile(r"/id/legal/reglement-ue-2016-679"))
    expect(page.locator("dd.full-title")).to_contain_text("Regulation (EU) 2016/679 of the European Parliament")
    expect(page.get_by_role("link", name="EUR-Lex")).to_have_attribute("href", "http://data.europa.eu/eli/reg/2016/679/oj")
    screenshot(page, shots, "legal-en")
    page.goto(PLAN + "/commitment/37")
    laws = page.locator("section#citesLegalText")
    expect(laws.get_by_role("link", name="Légifrance").first).to_have_attribute("href", re.compile(r"legifrance\.gouv\.fr/eli/"))


def test_the_registry_on_the_commitment_page(page, server_url):
    """Item 4: registry id with its link, the English title, policy areas, IRM fields; both languages."""
    for lang, section_name, title_label in [("fr", "Registre de l'OGP", "Intitulé au registre (anglais)"),
                                            ("en", "OGP registry", "Registry identifier")]:
        page.goto(f"{C12}?lang={lang}")
        section = page.locator("section#registry")
        expect(section.get_by_role("heading", name=section_name)).to_be_visible()
        expect(section.get_by_role("link", name="FR0062")).to_have_attribute("href", re.compile(r"opengovpartnership\.org"))
        expect(section).to_contain_text(title_label)
    expect(page.locator("section#registry")).to_contain_text("Increase civic engagement opportunities for youth")


def test_search_accents_either_way_and_milestones_name_their_commitment(page, server_url):
    """Item 5: données and donnees give the same hits; a milestone hit links its commitment."""
    counts = []
    for words in ("données", "donnees", "DONNÉES"):
        page.goto("/search")
        page.locator("#q").fill(words)
        page.get_by_role("button", name="Rechercher").click()
        counts.append(page.get_by_role("status").inner_text().split()[0])
    assert len(set(counts)) == 1 and int(counts[0]) > 50, counts
    page.goto("/search?q=volontaires&type=milestone")
    hit = page.locator("ul.results li").first
    expect(hit.get_by_role("link", name=re.compile(r"^Engagement #\d+$"))).to_be_visible()
    hit.get_by_role("link", name=re.compile(r"^Engagement #\d+$")).click()
    expect(page).to_have_url(re.compile(r"/commitment/\d+$"))


def test_the_shacl_report_page_leads_to_the_focus_nodes_here(page, server_url):
    """Item 6: the report is a page of the site (navigation, data footer) whose focus nodes link
    to this server's pages, not to w3id.org; one click opens the resource."""
    page.goto("/shacl/report")
    expect(heading(page)).to_have_text("Rapport de validation SHACL")
    expect(page.locator("footer.site-data")).to_be_visible()
    focus = page.locator("table a[title]").first
    href = focus.get_attribute("href")
    assert href.startswith("/id/"), href
    focus.click()
    expect(page).to_have_url(re.compile(re.escape(server_url + href.split("?")[0])))
    expect(heading(page)).to_be_visible()
    page.goto("/shacl/report?lang=en")
    expect(heading(page)).to_have_text("SHACL validation report")


# -- phones and screens: every page type, both widths, both languages ------------------------------

PHONE = 390
PAGE_TYPES = {"home": "/", "plan": "/id/fr/2021-2023", "chapter": "/id/fr/2021-2023/chapter/3", "commitment": C12,
              "milestone": C12 + "/milestone/3", "organisation": "/id/organisation/dinum",
              "person": "/id/person/henri-verdier", "legal": "/id/legal/reglement-ue-2016-679",
              "programme": "/id/programme/1-jeune-1-solution", "scheme": "/id/ogp-value", "dataset": "/id/dataset",
              "shapes": "/def/shapes", "search": "/search?q=dinum", "sparql": "/sparql", "report": "/shacl/report",
              "ontology": "/def/ogp", "concept": "/id/ogp-value/civic-participation",
              "article": "/id/legal/code-commande-publique/article/r2196-1",
              "fragments": "/fragments?predicate=http%3A%2F%2Fpurl.org%2Fdc%2Fterms%2Ftitle"}


# The screenshots docs/screenshots/ keeps (a representative set): these page types at phone width,
# in both languages; every other one goes to a temporary directory
PHONE_SHOTS = ("home", "commitment", "sparql")


@pytest.fixture(scope="module")
def every_shot(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("every-page")


@pytest.mark.parametrize("width", [PHONE, WIDTH])
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_no_page_scrolls_sideways_and_the_header_stays_reachable(browser, server_url, shots, every_shot, lang, width):
    """Every page type at 390 px (before: home, commitment and SPARQL 524 px wide, /dataset 982 px,
    the language switch off-screen) and at 1280 px, in both languages, with a screenshot of each:
    wide tables scroll inside the page, facts and timelines stack."""
    context = browser.new_context(base_url=server_url, viewport={"width": width, "height": 800}, locale=f"{lang}-FR",
                                  device_scale_factor=1, reduced_motion="reduce")
    context.set_default_timeout(TIMEOUT_MS * 2)
    context.route(re.compile(r"^(?!https?://127\.0\.0\.1:\d+/)"), lambda route: route.abort())
    page = context.new_page()
    try:
        for kind, path in PAGE_TYPES.items():
            page.goto(path + ("&" if "?" in path else "?") + f"lang={lang}")
            expect(page.locator("html")).to_have_attribute("lang", lang)
            assert page.evaluate("document.documentElement.scrollWidth") <= width, kind
            # pyLODE's ontology page is its own, without the site header
            for selector in ("#site-q", "header nav a.lang") if kind != "ontology" else ():
                box = page.locator(selector).bounding_box()
                assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width, (kind, selector)
            kept = width == PHONE and kind in PHONE_SHOTS
            name = f"phone-{kind}-{lang}" if width == PHONE else f"{kind}-{lang}-{width}"
            screenshot(page, shots if kept else every_shot, name, width)
    finally:
        context.close()
