"""The example queries of ``queries/*.rq``: their headers, their syntax, and their answers.

Each query runs on the shipped graph (``data/ttl/*.ttl`` plus the ontology, loaded by
:class:`EmbeddedStore` exactly as the SPARQL endpoint loads it: one named graph per file,
the default graph their union). Its answer is compared with an expectation established
independently of the query, from the source document
``data/source/liasse-des-engagements-2021-12.txt`` (greps of its lines, or the small
parsers ``_blocks`` / ``_chapters`` below, which read the text without the project's
parser). The comment above each check says how its expectation was verified. Line
numbers are 1-based lines of the source document.

Every ``.rq`` file must have a check in ``CHECKS``: a new example query needs one.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pyoxigraph as ox
import pytest

from ogpgraph.config import Settings
from ogpgraph.store.embedded import EmbeddedStore
from ogpgraph.store.policy import scan

ROOT = Path(__file__).resolve().parents[1]
QUERIES = sorted((ROOT / "queries").glob("*.rq"))
SOURCE = ROOT / "data" / "source" / "liasse-des-engagements-2021-12.txt"

ID = "https://w3id.org/ogpgraph/id/"
PLAN = ID + "fr/2021-2023/"
ORG = ID + "organisation/"
OGP = "https://w3id.org/ogpgraph/def/ogp#"
XSD = "http://www.w3.org/2001/XMLSchema#"

NAME = re.compile(r"^\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*\.rq$")


# ---------------------------------------------------------------------------------------------
# Running queries
# ---------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def store() -> EmbeddedStore:
    return EmbeddedStore(Settings(contacts="full")).load()  # the published document's contacts, in full


def _py(term):
    """A result term as a plain Python value (IRIs and strings as str, numbers as numbers)."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        if datatype == XSD + "integer":
            return int(term.value)
        if datatype in (XSD + "decimal", XSD + "double", XSD + "float"):
            return float(term.value)
        if datatype == XSD + "boolean":
            return term.value == "true"
        return term.value
    return term.value


def run(store: EmbeddedStore, path: Path):
    """SELECT → list of row dicts; ASK → bool; CONSTRUCT → list of (s, p, o) strings."""
    result = store.query(path.read_text(encoding="utf-8"))
    if isinstance(result, ox.QuerySolutions):
        names = [v.value for v in result.variables]
        return [{name: _py(row[name]) for name in names} for row in result]
    if isinstance(result, ox.QueryBoolean):
        return bool(result)
    return [(t.subject.value, t.predicate.value, _py(t.object)) for t in result]


def numbers(text: str | None) -> set[int]:
    """``"#41, #43"`` or ``"41, 43"`` (a GROUP_CONCAT of commitment numbers) → {41, 43}."""
    return {int(x.strip().lstrip("#")) for x in (text or "").split(",") if x.strip()}


def by(rows: list[dict], key: str) -> dict:
    return {row[key]: row for row in rows}


# ---------------------------------------------------------------------------------------------
# Reading the source document independently of the project's parser
# ---------------------------------------------------------------------------------------------

@cache
def _lines() -> tuple[str, ...]:
    return tuple(SOURCE.read_text(encoding="utf-8").split("\n"))


_COMMITMENT = re.compile(r"^Engagement (?:#|« )(\d+) : ")  # #33 is printed "Engagement « 33 :"
_CHAPTER = re.compile(r"^(\d{1,2})\. (\S.*)$")  # a chapter heading (the sommaire's lines have a tab)


@cache
def _headings() -> tuple[tuple[int, str, int], ...]:
    """(line, kind, number) of every chapter and commitment heading after the sommaire."""
    out = []
    for i, line in enumerate(_lines(), start=1):
        if (m := _COMMITMENT.match(line)):
            out.append((i, "commitment", int(m.group(1))))
        elif i > 41 and "\t" not in line and (m := _CHAPTER.match(line)) and (
                m.group(2).startswith(("Ministère", "Autres"))):
            out.append((i, "chapter", int(m.group(1))))
    return tuple(out)


@cache
def _blocks() -> dict[int, tuple[int, int]]:
    """Commitment number → (first line, last non-blank line) of its block in the source."""
    heads = _headings()
    lines = _lines()
    blocks = {}
    for k, (start, kind, n) in enumerate(heads):
        if kind != "commitment":
            continue
        end = heads[k + 1][0] - 1 if k + 1 < len(heads) else len(lines)
        while not lines[end - 1].strip():
            end -= 1
        blocks[n] = (start, end)
    return blocks


def block_text(n: int) -> list[str]:
    start, end = _blocks()[n]
    return list(_lines()[start - 1:end])


@cache
def _chapters() -> dict[int, set[int]]:
    """Chapter number → the commitment numbers whose headings follow its heading."""
    chapters: dict[int, set[int]] = {}
    current = None
    for _, kind, n in _headings():
        if kind == "chapter":
            current = n
            chapters[n] = set()
        else:
            chapters[current].add(n)
    return chapters


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFD", text.replace("’", "'"))
    return "".join(c for c in text if unicodedata.category(c) != "Mn").lower()


def relevance_text(n: int) -> str:
    """The answer to "Pourquoi cet engagement est-il pertinent pour les valeurs de l'OGP ?"."""
    block = block_text(n)
    start = next(i for i, line in enumerate(block)
                 if re.search(r"pertinente? pour les valeurs de l'ogp", _fold(line)))
    out = [block[start]]
    for line in block[start + 1:]:
        if re.match(r"(Informations suppl|Jalons|Informations de contact|Autres acteurs|Nom de la personne)",
                    line.strip()):
            break
        out.append(line)
    return _fold(" ".join(out))


# ---------------------------------------------------------------------------------------------
# The files themselves
# ---------------------------------------------------------------------------------------------

def test_there_are_at_least_15_example_queries():
    assert len(QUERIES) >= 15, [p.name for p in QUERIES]


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.stem)
def test_file_name_and_comment_header(path: Path):
    assert NAME.match(path.name), f"{path.name}: expected NN-short-name.rq"
    header = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        header.append(line)
    assert header and re.match(r"# Title: \S", header[0]), f"{path.name}: first line must be '# Title: …'"
    assert any(re.match(r"# Answers: \S", line) for line in header), f"{path.name}: no '# Answers: …' line"
    # The endpoint's example list reads the same header (server/sparql_ui.py).
    from server.sparql_ui import load_examples
    example = next(e for e in load_examples(path.parent) if e["name"] == path.stem)
    assert example["title"] == header[0].removeprefix("# Title: ").strip()
    assert example["answers"]


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.stem)
def test_query_passes_the_endpoint_policy(path: Path):
    text = path.read_text(encoding="utf-8")
    info = scan(text)  # raises on SERVICE, Update; reports FROM / FROM NAMED (pyoxigraph parses: next test)
    assert info.default_graphs == () and info.named_graphs == (), "example queries use no FROM"
    assert re.search(r"^PREFIX ", text, re.MULTILINE | re.IGNORECASE), "declare the prefixes used"


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.stem)
def test_expected_answer_on_the_shipped_data(path: Path, store: EmbeddedStore):
    check = CHECKS.get(path.stem)
    assert check is not None, f"no expected answer for {path.name}: add one to CHECKS"
    check(run(store, path))


# ---------------------------------------------------------------------------------------------
# Expected answers, one function per query
# ---------------------------------------------------------------------------------------------

def check_01(rows):
    # Verified by reading, in each commitment block of the source, the lines under its lead
    # heading ("Ministère porteur", "Agence / acteur d'exécution principal", "AAI porteuse",
    # "Autorité porteuse"): chapter 9's ministry heads #27-#35 (lines 2068, 2118, 2172, 2225…);
    # the MTFP #38, #39 (2869), #40, #41 (2983), #45 (3158), #46 (3244), #47 (3340), #50 (3577);
    # the DINUM #41 (2985), #43 ("DINUM / CADA"), #44 ("<p>DINUM</p>", 3098), #47 (3342).
    # #42 has no lead heading at all (lines 3021-3053), so it appears nowhere.
    got = {row["organisation"]: (row["commitments"], numbers(row["numbers"])) for row in rows}
    expected = {
        "mss": set(range(27, 36)),
        "mtfp": {38, 39, 40, 41, 45, 46, 47, 50},
        "ditp": {38, 40, 46, 47, 49, 50},
        "mte": set(range(6, 12)),
        "hdh": {30, 32, 33, 34, 35},
        "menjs": set(range(12, 17)),
        "dinum": {41, 43, 44, 47},
        "mefr": {4, 17, 18, 19},
        "cour-des-comptes": {52, 53, 54},
        "cnil": {55},
        "cada": {43, 59},
    }
    for key, commitments in expected.items():
        assert got[ORG + key] == (len(commitments), commitments), key
    assert rows[0]["organisation"] == ORG + "mss" and rows[0]["label"] == "Ministère des Solidarités et de la Santé"
    assert len(rows) == 38  # distinct lead organisations
    assert sum(row["commitments"] for row in rows) == 88  # (commitment, lead) pairs
    assert not any(42 in numbers(row["numbers"]) for row in rows)


def check_02(rows):
    # DINUM as lead: #41 (after "Ministère porteur": MTFP, then "DINUM"), #43 ("DINUM / CADA"),
    # #44 ("Ministère porteur" "DINUM", line 3098), #47 (MTFP, DINUM, DITP, lines 3338-3344).
    # #42 (code.gouv.fr) is a DINUM project (line 3047) but names no lead in the document.
    assert [row["number"] for row in rows] == [41, 43, 44, 47]
    rows = by(rows, "number")
    assert rows[43]["coLeads"] == "Commission d'accès aux documents administratifs"
    assert not rows[44]["coLeads"]  # an empty GROUP_CONCAT: "" or unbound
    assert set(rows[47]["coLeads"].split(" ; ")) == {
        "Ministère de la Transformation et de la Fonction publiques",
        "Direction interministérielle de la transformation publique"}
    assert rows[44]["title"] == "Réaliser l'inventaire des algorithmes publics"  # line 3096
    assert all(row["chapter"] == "Ministère de la Transformation et de la Fonction publiques" for row in rows.values())


def check_03(rows):
    # 59 commitments (headings #1-#59 in the source; #33 is printed "Engagement « 33 :").
    # Lead headings as printed: "Agence / acteur d'exécution principal" for 16 commitments
    # (#1-#5, #24, #26, #40, #43, #48, #51-#54, #56, #59), "AAI porteuse" for #55 (line 3858),
    # "Autorité porteuse" for #57, none for #42, "Ministère porteur" for the other 40.
    # #4 names three leads on one line (MEAE, MEFR and AFD); #21 "Ministère de l'intérieur –
    # Secrétariat Général" then "Direction du numérique (DNUM)".
    assert [row["number"] for row in rows] == list(range(1, 60))
    assert sorted(_blocks()) == list(range(1, 60))
    rows = by(rows, "number")
    assert rows[42]["leadCount"] == 0 and rows[42]["leadHeading"] is None and not rows[42]["leads"]
    assert rows[4]["leadCount"] == 3 and rows[21]["leadCount"] == 3
    assert rows[55]["leadHeading"] == "AAI porteuse"
    assert rows[57]["leadHeading"] == "Autorité porteuse"
    agency = {n for n, row in rows.items() if row["leadHeading"] == "Agence / acteur d'exécution principal"}
    assert agency == {1, 2, 3, 4, 5, 24, 26, 40, 43, 48, 51, 52, 53, 54, 56, 59}
    assert sum(1 for row in rows.values() if row["leadHeading"] == "Ministère porteur") == 40
    assert sum(row["leadCount"] for row in rows.values()) == 88
    # The heading really is absent from #42's block, and present in the others'.
    assert not any(re.search(r"porteu|acteur d'exécution", line) for line in block_text(42))


def check_04(rows):
    # Leads as in check_01, plus actors: the DINUM is a state actor of #3 (line 274, "DINUM
    # (Direction interministérielle du numérique)"), #12 (line 962) and #48 (line 3502, "la
    # DINUM, la DITP ou la DILA"), so it takes part in 7; the DITP leads 6 and is an actor of
    # #48, 7 too. The MEFR adds #45 (an actor) to its 4 leads.
    assert len(rows) == 20
    top = [(row["organisation"], row["commitments"]) for row in rows[:5]]
    assert top == [(ORG + "mss", 9), (ORG + "mtfp", 8), (ORG + "ditp", 7), (ORG + "dinum", 7), (ORG + "mte", 6)]
    rows = by(rows, "organisation")
    dinum = rows[ORG + "dinum"]
    assert numbers(dinum["numbers"]) == {3, 12, 41, 43, 44, 47, 48}
    assert (dinum["asLead"], dinum["asStateActor"], dinum["asOtherActor"]) == (4, 3, 0)
    assert numbers(rows[ORG + "ditp"]["numbers"]) == {38, 40, 46, 47, 48, 49, 50}
    assert numbers(rows[ORG + "mefr"]["numbers"]) == {4, 17, 18, 19, 45}
    # A collective (foaf:Group, no skos:prefLabel) keeps its rdfs:label: "Services académiques"
    # are listed among the actors of #12-#15 (lines 964, 1034, 1114, 1197).
    academic = rows[ID + "group/services-academiques"]
    assert academic["label"] == "Services académiques" and numbers(academic["numbers"]) == {12, 13, 14, 15}
    assert all(row["label"] for row in rows.values())


def check_05(rows):
    # Source lines with a milestone date ending in Q4 2022: #12 "S2 2022" (905), "T4 2022" (908),
    # "Fin 2022" (911); #14 "S2 2022" (1082); #15 "S2 2022" (1155, 1156), "T4 2022" (1159);
    # #16 "S2 2022" (1244); #24 "2022 S2" (1905, 1906); #31 "S2 2022" (2312); #37's table
    # "T4 2022" (2756, 2758, 2769), "2022" (2.a, 2760), "T4 2021 | T4 2022" (2772); #44
    # "01/03/2022 31/12/2022" (3143); #45 "Fin : 31 décembre 2022" (3209, 3211). No milestone
    # says octobre/novembre/décembre 2022 otherwise (line 2420 is prose of #33, which has no
    # milestones). Only "T4 2022" and "Fin 2022" lie wholly inside the quarter.
    got = {(row["number"], row["position"]) for row in rows}
    assert got == {(12, 3), (12, 6), (12, 9), (14, 3), (15, 3), (15, 4), (15, 7), (16, 7), (24, 7), (24, 8),
                   (31, 2), (37, 4), (37, 6), (37, 9), (37, 17), (37, 20), (44, 2), (45, 1), (45, 3)}
    assert len(rows) == 19
    assert {row["endDate"] for row in rows} == {"2022-12-31"}
    inside = {(row["number"], row["position"]) for row in rows if row["wholeIntervalInQuarter"]}
    assert inside == {(12, 6), (12, 9), (15, 7), (37, 4), (37, 6), (37, 17)}
    assert {row["dateText"] for row in rows if (row["number"], row["position"]) in inside} == {"T4 2022", "Fin 2022"}


def check_06(rows):
    # RGPD: lines 2303 (#31), 2398 (#33), 3870 and 3884 (#55). "Loi pour une République
    # numérique": 1884 (#24), 2668 (#37), 3136 (#44). Circular 6264/SG: 95 (#1), 168 (#2) and
    # "la circulaire du premier ministre sur la politique des données…" 3085 (#43). "loi Climat
    # & Résilience": 700 (#10), 1234/1243 (#16). DSA/DMA: 97 (#1), 169 (#2). The directive is
    # printed "directive UE 2018/172 du 11 décembre 2018" (line 1650, #21): a typo for
    # 2018/1972 (the European Electronic Communications Code, whose article 110 is public
    # warning); the IRI and eli:id_local have the corrected (verified) number, the citation text the
    # printed one. Texts the document names without their number get it from the verified table too
    # (RGPD: 2016/679), but not the DMA, adopted after the plan (it cites the proposal).
    legal = ID + "legal/"
    got = {row["legalText"]: numbers(row["commitments"]) for row in rows}
    assert got[legal + "reglement-ue-2016-679"] == {31, 33, 55}
    assert got[legal + "loi-2016-1321"] == {24, 37, 44}
    assert got[legal + "circulaire-6264-sg"] == {1, 2, 43}
    assert got[legal + "loi-2021-1104"] == {10, 16}
    assert got[legal + "reglement-ue-2022-2065"] == got[legal + "reglement-ue-2022-1925"] == {1, 2}
    assert got[legal + "directive-ue-2018-1972"] == {21}
    assert by(rows, "legalText")[legal + "directive-ue-2018-1972"]["number"] == "2018/1972"
    assert by(rows, "legalText")[legal + "reglement-ue-2016-679"]["number"] == "2016/679"
    assert by(rows, "legalText")[legal + "reglement-ue-2022-1925"]["number"] is None
    assert "directive UE 2018/172 du 11 décembre 2018" in _lines()[1650 - 1]
    # Texts cited without a kind word or a number, and articles and annexes, each its own resource
    # (line → commitment by the block test below): the Constitution (3708 #52, 3810 #54), the
    # Declaration of 1789 (same lines) and its article 15 (3708), "la révision constitutionnelle de
    # 2008" (3708), "la LPR" (2686, #37); "articles R.2196-1 et R.3131-1 du CCP et son annexe 15",
    # "articles L. 2196-2 et L.3131-1 du CCP" (1301, #17); "loi Climat & Résilience (Article 2)"
    # (700, #10); the directive "dont l'article 110" (1650, #21); "l'article 18-1 de la loi
    # n° 2013-907" (4049, #58); the RGPD's "ses articles 12, 13 et 14" (2398, #33).
    cited_at = {"constitution-1958": {52, 54}, "declaration-1789": {52, 54}, "declaration-1789/article/15": {52},
                "loi-2008-724": {52}, "loi-2020-1674": {37}, "code-commande-publique/article/r2196-1": {17},
                "code-commande-publique/article/r3131-1": {17}, "code-commande-publique/article/l2196-2": {17},
                "code-commande-publique/article/l3131-1": {17}, "code-commande-publique/annexe/15": {17},
                "loi-2021-1104/article/2": {10}, "directive-ue-2018-1972/article/110": {21},
                "loi-2013-907/article/18-1": {58}, "reglement-ue-2016-679/article/12": {33},
                "reglement-ue-2016-679/article/13": {33}, "reglement-ue-2016-679/article/14": {33}}
    for key, commitments in cited_at.items():
        assert got[legal + key] == commitments, key
    assert by(rows, "legalText")[legal + "loi-2020-1674"]["number"] == "2020-1674"  # LPR: verified table
    assert by(rows, "legalText")[legal + "code-commande-publique/article/l2196-2"]["number"] == "L. 2196-2"
    for line, n in [(3708, 52), (3810, 54), (2686, 37), (1301, 17), (700, 10), (1650, 21), (4049, 58), (2398, 33)]:
        start, end = _blocks()[n]
        assert start <= line <= end
    assert len(rows) == 19 + len(cited_at) and all(row["citedBy"] >= 1 for row in rows)
    assert sum(row["citedBy"] for row in rows) == 28 + sum(len(c) for c in cited_at.values())
    for line, n in [(2303, 31), (2398, 33), (3870, 55), (3884, 55)]:
        assert "RGPD" in _lines()[line - 1]
        start, end = _blocks()[n]
        assert start <= line <= end


def check_07(rows):
    # Every sum of money in the source (grep "€|euro"): 220 000 euros (165, #2); 7 millions
    # d'euros (378, #5); 61 M€, 860 M€, un million d'euro, 30 millions d'euros (864, 874, 882,
    # 886, #12); 6M€ (1076, #14); 100 milliards d'euros and 40000 euros HT (1299, #17);
    # 12 000 € and 35 000 € (1445-1446, #18); 100 milliards d'euros (1481, #19); 37 M€ (1652,
    # #21); 100 000€ (1823, #23); 200k€ (2364, #32); 400 000€ (2507, #34). "plusieurs millions"
    # (#1, lines 76, 92, 101) has no figure.
    assert len(rows) == 16
    assert {row["number"] for row in rows} == {2, 5, 12, 14, 17, 18, 19, 21, 23, 32, 34}
    assert {row["currency"] for row in rows} == {"EUR"}
    assert sorted(row["value"] for row in rows if row["number"] == 12) == [1e6, 30e6, 61e6, 860e6]
    totals = {row["number"]: row["commitmentTotal"] for row in rows}
    assert totals[12] == 952_000_000 and totals[18] == 47_000 and totals[17] == 100_000_040_000
    assert [row["number"] for row in rows[:2]] == [17, 19] and rows[0]["value"] == rows[1]["value"] == 1e11
    amounts = {(row["number"], row["amountText"]) for row in rows}
    assert (2, "220 000 euros") in amounts and (32, "200k€") in amounts and (21, "37 M€") in amounts
    for row in rows:
        assert row["amountText"] in row["sentence"]


def check_08(rows):
    # Public accountability, recomputed here from the source: the commitments whose answer to
    # "Pourquoi cet engagement est-il pertinent pour les valeurs de l'OGP ?" uses the words of
    # the documented rule (redevab…, responsabilité publique, rendre (des) compte(s), lanceur
    # d'alerte). The four counts were checked the same way against the keyword rules; the
    # relevance texts of #16, #32, #34 and #51 use none of them, so 55 commitments have a value.
    accountability = {n for n in _blocks() if re.search(
        r"redevab|responsabilite publique|rendre (?:des )?comptes?|lanceurs? d'alerte", relevance_text(n))}
    assert accountability == {1, 5, 11, 17, 41, 44, 52, 53, 54}
    got = {row["notation"]: (row["commitments"], numbers(row["numbers"])) for row in rows}
    assert got["public-accountability"] == (9, accountability)
    assert {k: v[0] for k, v in got.items()} == {
        "access-to-information": 45, "civic-participation": 37,
        "technology-and-innovation": 14, "public-accountability": 9}
    assert set().union(*(v[1] for v in got.values())) == set(range(1, 60)) - {16, 32, 34, 51}


def check_09(rows):
    # Contact sections naming the DITP on an organisation line of their own: #38 ("Cheffe de
    # la mission innovation, DITP", 2853), #39 (two names, "DITP", 2917), #40 (2971), #45
    # ("Cheffe mission innovation publique, DITP", 3219; the same Pauline Lavagne d'Ortigue as
    # #38), #46 ("Pôle Innovation, DITP", 3324), #50 (line "Direction interministérielle de la
    # transformation publique", 3628). #47 (3403) and #49 (3565) name the DITP only inside the
    # role, so they are not counted. Sarah Prince-Robin signs #6, #8-#11 for the CGDD and #7
    # for "DGALN/ DEB".
    got = by(rows, "organisation")
    ditp = got[ORG + "ditp"]
    assert (ditp["contacts"], ditp["people"]) == (7, 6)
    assert numbers(ditp["commitments"]) == {38, 39, 40, 45, 46, 50}
    assert "Pauline Lavagne d'Ortigue" in ditp["names"].split(" ; ")
    cgdd = got[ORG + "cgdd"]
    assert (cgdd["contacts"], cgdd["people"], cgdd["names"]) == (5, 1, "Sarah Prince-Robin")
    assert numbers(cgdd["commitments"]) == {6, 8, 9, 10, 11}
    assert numbers(got[ORG + "dgaln"]["commitments"]) == {7}
    assert rows[0]["organisation"] == ORG + "ditp"
    assert len(rows) == 25 and sum(row["contacts"] for row in rows) == 52
    assert "Axel Rahola" in ditp["names"] and "Alban Praquin" not in ditp["names"]


def check_10(rows):
    # The "Date(s) de début et de fin de l'engagement" of each block: #5 "premier trimestre
    # 2022 – décembre 2024", #6 "Septembre 2021 - Juillet 2024", #26 "30 juin 2021 - 31
    # décembre 2025", #41 and #42 "Septembre 2021 – Décembre 2024"; open-ended: #3 "Engagement
    # permanent" (line 200), #47, #49, #50 "durée indéterminée". No other block's dates reach 2024.
    assert [row["number"] for row in rows] == [3, 5, 6, 26, 41, 42, 47, 49, 50]
    rows = by(rows, "number")
    assert {n for n, row in rows.items() if row["endDate"] is None} == {3, 47, 49, 50}
    assert rows[26]["endDate"] == "2025-12-31" and rows[6]["endDate"] == "2024-07-31"
    for n in (47, 49, 50):
        assert "durée indéterminée" in rows[n]["dateText"]


def check_11(rows):
    # grep -i "open data" in the source, lines mapped to blocks: #3 (229), #5 (374), #10 (690),
    # #11 (749 "Open Data France"), #15 (1134, 1137, 1166), #19 (1498-1506), #24 (1921, an
    # "Autres acteurs" line kept as a note), #26 (2003-2033), #32 (2338), #33 (2424), #34
    # (2479), #39 (2891, 2901), #43 (3077, 3081). #16's only hit is a milestone (1239), which
    # is not description prose; titles (#26, #43) are not searched but both also match in prose.
    assert {row["number"] for row in rows} == {3, 5, 10, 11, 15, 19, 24, 26, 32, 33, 34, 39, 43}
    assert len(rows) == 17
    parts = {(row["number"], row["part"].removeprefix(OGP)) for row in rows}
    assert {(19, "solution"), (19, "commitmentStatement"), (24, "note"), (26, "problem")} <= parts
    for row in rows:
        assert "open data" in row["snippet"].lower()
    hits = {n for n in _blocks() if any("open data" in line.lower() for line in block_text(n))}
    assert hits == {row["number"] for row in rows} | {16}


def check_12(rows):
    # #37's milestone table (lines 2753-2777) has 25 rows (1.a … 6.c); #12 lists 6 headings
    # and 13 dated items under them (lines 899-922); #15, 16 items. 22 blocks have no "Jalons"
    # section (see check_13).
    assert len(rows) == 59
    got = {row["number"]: row for row in rows}
    assert (got[37]["milestones"], got[12]["milestones"], got[15]["milestones"]) == (25, 19, 16)
    assert got[12]["datedMilestones"] == 13
    assert [row["number"] for row in rows[:3]] == [37, 12, 15]
    assert sum(row["milestones"] for row in rows) == 187
    assert sum(1 for row in rows if row["milestones"] == 0) == 22
    start = _lines().index("Jalons d'activités avec un livrable vérifiable\tDate de début:\tDate de fin:")
    table = []
    for line in _lines()[start + 1:]:
        if line.startswith("Informations de contact"):
            break
        if line.strip():
            table.append(line)
    assert len(table) == 25 and table[0].startswith("1.a ") and table[-1].startswith("6.c ")
    # #1's milestone 3 runs to 30 June 2025 ("Début : 30 juin 2022 → Fin : 30 juin 2025", line 103).
    assert got[1]["latestEnd"] == "2025-06-30"


def check_13(rows):
    # Recomputed from the source: the blocks with no "Jalons d'activité(s)…" heading.
    without = {n for n in _blocks() if not any(re.match(r"jalons", line.strip(), re.I) for line in block_text(n))}
    assert without == {6, 7, 8, 9, 10, 11, 17, 18, 19, 27, 32, 33, 36, 39, 48, 52, 53, 54, 55, 56, 57, 58}
    assert [row["number"] for row in rows] == sorted(without)
    assert {row["chapterNumber"] for row in rows if row["number"] in (6, 7, 8, 9, 10, 11)} == {2}


def check_14(rows):
    # Plan France Relance: line 872 (#12, "plan « 1 jeune, 1 solution » du plan France
    # Relance"), 1467-1502 (#19, "plan de relance"), 1652 (#21), 2637 (#36), 2681 (#37).
    # Services Publics +: 1581 (#20), "programme Transparence, Service public +" in #25 (1955,
    # 1968), "programme Services Publics+" in #39 (2889), 2935-2963 (#40).
    got = {row["programme"].removeprefix(ID + "programme/"): (row["commitments"], numbers(row["numbers"]))
           for row in rows}
    assert got["plan-france-relance"] == (5, {12, 19, 21, 36, 37})
    assert got["services-publics-plus"] == (4, {20, 25, 39, 40})
    assert got["jf-2025"] == (3, {52, 53, 54})
    assert rows[0]["programme"].endswith("/plan-france-relance")
    # 53 plans, programmes and initiatives, and 51 named initiatives of other kinds (query 24)
    assert len(rows) == 104 and all(row["commitments"] >= 1 for row in rows)
    assert sum(row["commitments"] for row in rows) == 129  # 98, then 31 links found by the names report
    assert "France Relance" in _lines()[872 - 1] and "plan de relance" in _lines()[1652 - 1]


def check_15(rows):
    # #42's block is lines 3021-3053 of the source (heading at 3021, #43's at 3055); the
    # character offsets are code-point offsets into the file; the digest is the file's.
    assert len(rows) == 1
    row = rows[0]
    start, end = _blocks()[42]
    assert (row["startLine"], row["endLine"]) == (start, end) == (3021, 3053)
    assert row["fragment"] == f"line={start - 1},{end}"  # RFC 5147: positions between lines
    text = SOURCE.read_text(encoding="utf-8")
    assert text[row["charStart"]:row["charEnd"]] == "\n".join(_lines()[start - 1:end])
    assert row["quotedHeading"] == _lines()[start - 1] == f"Engagement #42 : {row['title']}"
    assert row["titleInQuote"] is True
    assert row["sha256"] == hashlib.sha256(SOURCE.read_bytes()).hexdigest()
    assert row["sourceFile"] == "data/source/liasse-des-engagements-2021-12.txt"


def check_16(rows):
    # Recomputed from the source: commitment headings between consecutive chapter headings,
    # and the pages printed in the sommaire (lines 28-41).
    chapters = _chapters()
    assert sorted(chapters) == list(range(1, 15))
    pages = {int(m.group(1)): int(m.group(2)) for line in _lines()[27:41]
             if (m := re.match(r"^(\d+)\. .*?\s(\d+)$", line))}
    assert [row["chapterNumber"] for row in rows] == list(range(1, 15))
    for row in rows:
        n = row["chapterNumber"]
        assert row["commitments"] == len(chapters[n]), n
        assert (row["firstCommitment"], row["lastCommitment"]) == (min(chapters[n]), max(chapters[n]))
        assert row["page"] == pages[n]
    assert [row["commitments"] for row in rows] == [5, 6, 5, 3, 2, 1, 2, 2, 9, 1, 1, 11, 2, 9]
    assert rows[13]["title"] == "Autres institutions publiques porteuses"


def check_17(triples):
    # 58 commitments with a lead (all but #42, see check_03), 88 (commitment, lead) pairs,
    # 38 distinct leads (check_01): 58 × 3 + 88 + 38 × 2 triples.
    lead = OGP + "leadOrganisation"
    rdf_type = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
    assert sum(1 for t in triples if t[1] == lead) == 88
    commitments = {s for s, p, o in triples if p == rdf_type and o == OGP + "Commitment"}
    assert len(commitments) == 58 and PLAN + "commitment/42" not in commitments
    leads = {o for s, p, o in triples if p == lead}
    assert len(leads) == 38
    assert len(triples) == 58 * 3 + 88 + 38 * 2
    assert (PLAN + "commitment/55", lead, ORG + "cnil") in triples


def check_18(answer):
    # #55 (lines 3852-3911): "AAI porteuse" "Commission nationale informatique et Libertés
    # (CNIL)"; the block mentions the RGPD on lines 3870 and 3884.
    start, end = _blocks()[55]
    assert any("RGPD" in line for line in block_text(55)) and start < 3870 < 3884 <= end
    assert any("(CNIL)" in line for line in block_text(55)[:10])
    assert answer is True


def check_19(rows):
    # Recomputed from the source: blocks without "Informations de contact" / "Point de contact"
    # / any e-mail address; without "Comment l'engagement contribuera-t-il…" (the solution);
    # #42 has no lead heading (check_03); #3 is "Engagement permanent" and #47, #49, #50 are
    # "durée indéterminée" (check_10), so they have no end date.
    no_contact = {n for n in _blocks() if not any(
        re.search(r"informations de contact|point de contact|@", line, re.I) for line in block_text(n))}
    no_solution = {n for n in _blocks() if not any(
        re.search(r"comment l.(?:engagement|action) contribuera", line, re.I) for line in block_text(n))}
    assert no_contact == {33, 41, 42, 43, 52, 53} and no_solution == {31}
    got = {row["number"]: row for row in rows}
    assert set(got) == no_contact | no_solution | {3, 42, 47, 49, 50}
    assert {n for n, row in got.items() if not row["hasContact"]} == no_contact
    assert {n for n, row in got.items() if not row["hasSolution"]} == no_solution
    assert {n for n, row in got.items() if not row["hasLead"]} == {42}
    assert {n for n, row in got.items() if not row["hasEndDate"]} == {3, 47, 49, 50}


def check_20(rows):
    # Open-ended milestones: "Début … puis amélioration continue" (#2 lines 173-175, #3 lines
    # 249-250), "Début : 13 janvier 2021" (#26, line 2033), "Début : Décembre 2021" (#38, line
    # 2845). #42's first milestone (line 3051) reads "Début : 01/09/2021 → Fin : 01/31/2021":
    # no month 31, and read as MM/DD the end (31 January 2021) precedes the start, so neither
    # date is set.
    got = {(row["number"], row["position"]): row for row in rows}
    assert set(got) == {(2, 1), (2, 2), (2, 3), (3, 1), (3, 2), (26, 3), (38, 1), (42, 1)}
    assert got[(42, 1)]["startDate"] is None and got[(42, 1)]["endDate"] is None
    assert "01/31/2021" in _lines()[3051 - 1]
    assert all(row["startDate"] for key, row in got.items() if key != (42, 1))
    assert all("amélioration continue" in got[key]["dateText"] for key in [(2, 1), (2, 2), (2, 3), (3, 1), (3, 2)])


def check_21(answer):
    # Checked without SPARQL: every subject with both ogp:startDate and ogp:endDate in the
    # Turtle, compared in Python (ISO dates compare as strings).
    import rdflib
    g = rdflib.Graph()
    g.parse(ROOT / "data" / "ttl" / "fr-2021-2023.ttl", format="turtle")
    start, end = rdflib.URIRef(OGP + "startDate"), rdflib.URIRef(OGP + "endDate")
    pairs = [(str(s0), str(g.value(s, end))) for s, s0 in g.subject_objects(start) if g.value(s, end) is not None]
    assert len(pairs) > 150
    assert not any(e < s for s, e in pairs)
    assert answer is False


def check_22(rows):
    # Read in the source, lines 925-954, under "Informations de contact" of commitment #12: four
    # people, each with an e-mail (931, 939, 947, 953). Found through ogp:contact, a property the
    # data never states (only its sub-properties): the entailed graph answers.
    assert [(row["name"], row["email"]) for row in rows] == [
        ("Didier Lacroix", "mailto:didier.lacroix@education.gouv.fr"),
        ("Nicolas Babut", "mailto:nicolas.babut@education.gouv.fr"),
        ("Pierre Oudot", "mailto:pierre.oudot@jeunesse-sports.gouv.fr"),
        ("Véronique Gronner", "mailto:veronique.gronner@education.gouv.fr"),
    ]


def check_23(rows):
    # Read in the source: "cf. articles R.2196-1 et R.3131-1 du CCP et son annexe 15 … (articles
    # L. 2196-2 et L.3131-1 du CCP)" (1301, #17); "loi Climat & Résilience (Article 2)" (700, #10);
    # "directive UE 2018/172 … dont l'article 110" (1650, #21); "le RGPD … dans ses articles 12, 13
    # et 14" (2398, #33); "L'article 15 de la Déclaration des droits de l'Homme et du Citoyen"
    # (3708, #52); "l'article 18-1 de la loi n° 2013-907" (4049, #58).
    got = sorted((row["text"].rsplit("/", 1)[1], row["kind"], row["number"], row["commitments"]) for row in rows)
    assert got == sorted([
        ("code-commande-publique", "article", "R.2196-1", "17"), ("code-commande-publique", "article", "R.3131-1", "17"),
        ("code-commande-publique", "annexe", "15", "17"), ("code-commande-publique", "article", "L. 2196-2", "17"),
        ("code-commande-publique", "article", "L.3131-1", "17"), ("loi-2021-1104", "article", "2", "10"),
        ("directive-ue-2018-1972", "article", "110", "21"), ("reglement-ue-2016-679", "article", "12", "33"),
        ("reglement-ue-2016-679", "article", "13", "33"), ("reglement-ue-2016-679", "article", "14", "33"),
        ("declaration-1789", "article", "15", "52"), ("loi-2013-907", "article", "18-1", "58"),
    ])
    assert by(rows, "part")[ID + "legal/code-commande-publique/article/r2196-1"]["textLabel"] == "CCP"


def check_24(rows):
    # Each read in the document at the line given, in the commitment whose block holds it:
    # funds "fonds de solidarité pour l'investissement - FSPI, … FASEP" (315, #4); events "One
    # planet summit" (498 #7, 645 #9), "Congrès mondial de la nature" (498, #7; "pour la conservation
    # de la nature", 647, #9), "NEC 2021" (1900, #24), "Grenelle de
    # l'environnement" (633, #9), "Numérique en commun(s)" (1450, #18), "journée non au harcèlement,
    # Safer internet day" (851, #12), "ateliers BlueHats" (2975, #41); prizes "concours non au
    # harcèlement" (851, #12), "Défi Carte Blanche" (3256, #46); schemes "Cordées de la réussite ou
    # le dispositif du Parrainage" (886, #12), "dispositif des éco-délégués" (810, #12), "contrats de
    # relance et de transition écologique" (3264, #46), "dispositifs CIFRE" (3176, #45); labels
    # "labellisation E3D" (811, #12), "la French Tech" (2086, #27); services "FR-Alert" (1616, #21),
    # "Mon Espace Santé" (2178 #29, 2303 #31), "G_NIUS" (2078, #27), "Open Terms Archive" (124, #2),
    # "Géoportail de l'urbanisme" (717, #11), "baromètre des résultats de l'action publique" (2875, #39).
    got = {(row["kind"], row["initiative"].rsplit("/", 1)[1]): numbers(row["commitments"]) for row in rows}
    assert got == {
        ("fund", "fspi"): {4}, ("fund", "fasep"): {4},
        ("event", "one-planet-summit"): {7, 9}, ("event", "congres-mondial-nature-uicn"): {7, 9},
        ("event", "grenelle-environnement"): {9}, ("event", "numerique-en-communs"): {18, 24},
        ("event", "journee-non-au-harcelement"): {12}, ("event", "safer-internet-day"): {12},
        ("event", "ateliers-bluehats"): {41},
        ("prize", "concours-non-au-harcelement"): {12}, ("prize", "defi-carte-blanche"): {46},
        ("scheme", "cordees-de-la-reussite"): {12}, ("scheme", "parrainage"): {12}, ("scheme", "eco-delegues"): {12},
        ("scheme", "contrats-relance-transition-ecologique"): {46}, ("scheme", "cifre"): {45},
        ("label", "label-e3d"): {12}, ("label", "french-tech"): {27},
        ("service", "fr-alert"): {21}, ("service", "mon-espace-sante"): {29, 31}, ("service", "g-nius"): {27},
        ("service", "open-terms-archive"): {2}, ("service", "geoportail-urbanisme"): {11},
        ("service", "barometre-resultats-action-publique"): {39},
        # Found by the coverage report of names, each read at its line: "Green Data for Health" (637,
        # #9), "prix Impulsions" (1007, #13), "JO 2024" (1658, #21), "validation des acquis de
        # l'expérience (VAE)" and "Répertoire national des certifications professionnelles (RNCP)"
        # (1692, 1712, #22), « je donne mon avis » (1956 #25, 2935 #40), "Rendez-vous des
        # transformations du droit" (2034, #26), "projet Ambassadeur" (2186, #29), "Data Challenges"
        # (2324, #32), "SNDS" (2404 #33, 2479 #34), "PVT" (221, #3), "Recherche Data Gouv" (2675),
        # "baromètre de la science ouverte" (2679), « Trouver Mon Master » (2695), "ScanR" (2702, all
        # #37), "Voxusagers" (2893, #39), "SILL" (3013, #41), "RightsCon" (3112, #44), "Système de
        # Design de l'État" (3413, #48), "Télérecours citoyens" (3654, #51), « J'alerte l'Arcep », « Mon
        # Réseau Mobile », « Ma Connexion Internet » (4011, #57).
        ("service", "green-data-for-health"): {9}, ("prize", "prix-impulsions"): {13},
        ("event", "jeux-olympiques-2024"): {21}, ("scheme", "validation-acquis-experience"): {22},
        ("service", "repertoire-national-certifications-professionnelles"): {22},
        ("service", "je-donne-mon-avis"): {25, 40}, ("event", "rendez-vous-transformations-droit"): {26},
        ("scheme", "projet-ambassadeur-mon-espace-sante"): {29}, ("prize", "data-challenges-health-data-hub"): {32},
        ("service", "systeme-national-donnees-sante"): {33, 34}, ("scheme", "programme-vacances-travail"): {3},
        ("service", "recherche-data-gouv"): {37}, ("service", "barometre-science-ouverte"): {37},
        ("service", "trouver-mon-master"): {37}, ("service", "scanr"): {37}, ("service", "voxusagers"): {39},
        ("service", "sill"): {41}, ("event", "rightscon"): {44}, ("service", "systeme-de-design-de-l-etat"): {48},
        ("service", "telerecours-citoyens"): {51}, ("service", "j-alerte-l-arcep"): {57},
        ("service", "mon-reseau-mobile"): {57}, ("service", "ma-connexion-internet"): {57},
    }
    for line, n in [(315, 4), (498, 7), (645, 9), (851, 12), (1616, 21), (2178, 29), (2303, 31), (3256, 46),
                    (221, 3), (1956, 25), (2935, 40), (2479, 34), (4011, 57), (3654, 51)]:
        start, end = _blocks()[n]
        assert start <= line <= end


def check_25(rows):
    # Read in the source, commitment #12: "Développer le dispositif des éco-délégués" (810), "Le
    # dispositif des éco-délégués permettra" (821), "Les éco-délégués jouent" (854), "(professeurs,
    # élèves et éco-délégués" (856), "Le dispositif des éco-délégués s'inscrit" (894), "valoriser les
    # éco-délégués" (916), "les projets des éco-délégués" (917). Not 918's "l'action éco-déléguée".
    assert [(int(row["line"]), row["words"]) for row in rows] == [
        (810, "dispositif des éco-délégués"), (821, "dispositif des éco-délégués"), (854, "éco-délégués"),
        (856, "éco-délégués"), (894, "dispositif des éco-délégués"), (916, "éco-délégués"), (917, "éco-délégués"),
    ]
    for line, words in [(810, "dispositif des éco-délégués"), (854, "éco-délégués")]:
        assert words in _lines()[line - 1]


CHECKS: dict[str, Callable] = {
    "01-commitments-per-lead-organisation": check_01,
    "02-commitments-led-by-organisation": check_02,
    "03-who-leads-what": check_03,
    "04-most-involved-organisations": check_04,
    "05-milestones-due-in-quarter": check_05,
    "06-legal-texts-cited": check_06,
    "07-commitment-budgets": check_07,
    "08-commitments-by-ogp-value": check_08,
    "09-contacts-per-organisation": check_09,
    "10-commitments-active-in-period": check_10,
    "11-full-text-search": check_11,
    "12-milestones-per-commitment": check_12,
    "13-commitments-without-milestones": check_13,
    "14-programmes-and-commitments": check_14,
    "15-provenance-of-commitment-title": check_15,
    "16-chapters-with-commitment-counts": check_16,
    "17-construct-commitment-lead-graph": check_17,
    "18-ask-cnil-cites-rgpd": check_18,
    "19-commitments-missing-core-fields": check_19,
    "20-milestones-with-unnormalised-dates": check_20,
    "21-ask-inverted-milestone-interval": check_21,
    "22-contacts-of-a-commitment-any-role": check_22,
    "23-articles-of-legal-texts-cited": check_23,
    "24-named-initiatives-by-kind": check_24,
    "25-words-naming-an-initiative": check_25,
}


def test_every_check_has_a_query():
    assert set(CHECKS) == {p.stem for p in QUERIES}


def test_ogp_value_labels(store: EmbeddedStore):
    # The labels the source module defines (src/ogpgraph/source/values.py, OGP's own names).
    rows = run(store, ROOT / "queries" / "08-commitments-by-ogp-value.rq")
    assert {row["notation"]: row["label"] for row in rows} == {
        "access-to-information": "Access to information",
        "civic-participation": "Civic participation",
        "public-accountability": "Public accountability",
        "technology-and-innovation": "Technology and innovation for transparency and accountability",
    }
