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
C12 = "/id/fr/2021-2023/commitment/12"
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


# -- phones ----------------------------------------------------------------------------------------

PHONE = 390
PAGE_TYPES = {"home": "/", "plan": "/id/fr/2021-2023", "chapter": "/id/fr/2021-2023/chapter/3", "commitment": C12,
              "milestone": C12 + "/milestone/3", "organisation": "/id/organisation/dinum",
              "person": "/id/person/henri-verdier", "legal": "/id/legal/reglement-ue-2016-679",
              "programme": "/id/programme/1-jeune-1-solution", "scheme": "/id/ogp-value", "dataset": "/id/dataset",
              "shapes": "/def/shapes", "search": "/search?q=dinum", "sparql": "/sparql", "report": "/shacl/report"}


# The page types whose phone screenshots docs/screenshots/ keeps, in both languages
PHONE_SHOTS = ("home", "commitment", "sparql")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_no_page_scrolls_sideways_on_a_phone_and_the_header_stays_reachable(browser, server_url, shots, lang):
    """At 390 px (before: home, commitment and SPARQL 524 px wide, /dataset 982 px, the language
    switch off-screen): wide tables scroll inside the page, facts and timelines stack."""
    context = browser.new_context(base_url=server_url, viewport={"width": PHONE, "height": 800}, locale=f"{lang}-FR",
                                  device_scale_factor=1, reduced_motion="reduce")
    context.set_default_timeout(TIMEOUT_MS * 2)
    context.route(re.compile(r"^(?!https?://127\.0\.0\.1:\d+/)"), lambda route: route.abort())
    page = context.new_page()
    try:
        for kind, path in PAGE_TYPES.items():
            page.goto(path + ("&" if "?" in path else "?") + f"lang={lang}")
            assert page.evaluate("document.documentElement.scrollWidth") <= PHONE, kind
            for selector in ("#site-q", "header nav a.lang"):
                box = page.locator(selector).bounding_box()
                assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE, (kind, selector)
            if kind in PHONE_SHOTS:
                screenshot(page, shots, f"phone-{kind}-{lang}", PHONE)
    finally:
        context.close()
