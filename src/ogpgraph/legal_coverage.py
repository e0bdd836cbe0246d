"""Every legal mention of the document, and where it went.

``ogpgraph coverage --legal`` lists each word of the document that can name a legal text
(loi, décret, arrêté, ordonnance, circulaire, règlement, directive, code, Constitution,
Déclaration, article, annexe, and the acronyms of the texts the curated table knows) with
what became of it:

* **cited**: it is inside a citation a commitment makes (``model.LegalText``), and the
  key of the legal resource it became (``loi-2021-1104/article/2``);
* **not a citation**, with the reason, from the table :data:`NOT_CITATIONS` below (an
  ordinary sense of the word, a generic reference that names no text, a word inside a web
  address, a reference back to a text cited just before);
* **unaccounted for**: neither. A test keeps that list empty, so a new citation form
  cannot be silently dropped: it must be extracted or explained here.

Only commitments' lines count: the cover, the table of contents and the back cover cite
nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import ActionPlan
from .text import find_all

__all__ = ["LegalMention", "NOT_CITATIONS", "legal_mentions"]

_APOS = "['’]"

# The words that can name a legal text. Lower-case "constitution" is there on purpose: the
# table below says why each such mention is not the Constitution.
_MENTION = re.compile(
    r"(?<![\w/.-])(?:lois?|décrets?|arrêtés?|ordonnances?|circulaires?|règlements?|directives?|codes?"
    r"|[Cc]onstitution(?:nel(?:le)?s?)?|[Dd]éclaration\s+des\s+[Dd]roits|articles?|annexes?"
    r"|RGPD|GDPR|CRPA|CCP|CGCT|CJA|CJF|CPCE|LPR|Digital\s+(?:Services?|Markets?)\s+Act)(?![\w-])",
    re.IGNORECASE)

# (pattern around the mention, reason). The pattern is searched in the line with the mention's
# position inside the match: each entry says why these words name no legal text of their own.
NOT_CITATIONS: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(p), reason) for p, reason in (
    (r"(?i)codes?\s+(?:sources?|informatiques?|ouverts?|de\s+conduite|de\s+déontologie)",
     "software source code or a code of conduct, not a legal code"),
    (r"(?i)(?:https?://|www\.)\S+|\b[\w-]+\s?\.(?:gouv|gov)(?:\.fr)?\S*", "a web address"),
    (r"(?i)bibliothèques\s+de\s+code|codes?\s+logiciels?|données,\s+codes\b|du\s+code\s+(?:aux\s+données|est)"
     r"|méthodes\s+et\s+du\s+code", "software code, not a legal code"),
    (r"(?i)\bby\s+code\b|\bcode\s+(?:for|of)\b|\bopen\s+code\b|\barticle\s+processing\s+charge", "English words"),
    (r"(?i)projet\s+de\s+loi(?!\s+(?:n[°o]|Climat|relati|portant|pour|de\s+programm))",
     "a bill named only by its subject (\"sur la stratégie\") or by a reference back: the text is not identified"),
    (r"(?i)(?:mesures|objectifs)\s+de\s+la\s+loi\s+de\s+programme\b",
     "a reference back to the programming law the commitment cites earlier (loi-programmation-energie-climat)"),
    (r"(?i)les\s+différentes\s+lois\b", "a generic reference to the law: no text is named"),
    (r"constitution\s+(?:de|d['’]|des)\b|[Dd]ébut\s+de\s+(?:la|sa)\s+constitution|[Ff]in\s+de\s+(?:la|sa)\s+"
     r"constitution|constitution\s*:|et/ou\s+constitution",
     "the word's ordinary sense (the setting up of something)"),
    (r"(?i)compétence\s+constitutionnelle|[Cc]onseil\s+constitutionnel|révision\s+constitutionnelle(?!\s+de\s+2008)",
     "an adjective or an institution: no text is named"),
    (r"(?i)(?:la|les|une|des|cette|de\s+la|par\s+la|à\s+la)\s+lois?\b(?!\s+(?:n[°o]|du\s+\d|dite|pour|relative|"
     r"portant|de\s+(?:programm|finances)|organique|constitutionnelle|Climat|CADA|Sapin|Lemaire))",
     "a generic reference to the law: no text is named"),
    (r"(?i)(?:la|le|les|un|une|des|du|au)\s+(?:loi|règlement|décret|directive|circulaire|arrêté)s?\s+"
     r"(?:et\s+(?:le|la|les)\s+)?(?:règlements?|décrets?|lois?)\b", "a generic reference: no text is named"),
    (r"(?i)directive\s+UE\s+précitée", "a reference back to the directive cited earlier on the line"),
    (r"(?i)(?:règlement|charte)\s+(?:intérieur|général\s+de\s+l['’]|d['’]usage|de\s+(?:la\s+)?(?:consultation|"
     r"l['’]appel|participation))", "an organisation's own rules, not a legal text"),
    (r"(?i)\barticles?\s+(?:de\s+presse|de\s+blog|scientifiques?|de\s+recherche)|\bun\s+article\b|\bdes\s+articles\b",
     "an article of a publication, not of a legal text"),
    (r"(?i)\bannexes?\b(?!\s+\d)", "an annex of the document or of a report, not of a legal text"),
))


@dataclass(frozen=True)
class LegalMention:
    line: int
    words: str            # the mention as written
    status: str           # "cited" | "not a citation" | "unaccounted for"
    where: str            # the legal resource's key, or the reason it is none


def _citation_spans(text: str, citations) -> list[tuple[int, int, str]]:
    return [(start, end, cit.key or "") for cit in citations for start, end in find_all(text, cit.text)]


def legal_mentions(plan: ActionPlan) -> list[LegalMention]:
    """Every legal mention in the commitments' lines, in document order, with what became of it."""
    by_line: dict[int, list] = {}
    for c in plan.commitments:
        for cit in c.legal_texts:
            by_line.setdefault(cit.span.start, []).append(cit)
    out: list[LegalMention] = []
    for c in plan.commitments:
        for n in range(c.span.start, c.span.end + 1):
            text = plan.lines[n - 1]
            spans = _citation_spans(text, by_line.get(n, []))
            for m in _MENTION.finditer(text):
                out.append(_account(n, text, m, spans))
    return out


def _account(n: int, text: str, m: re.Match, spans: list[tuple[int, int, str]]) -> LegalMention:
    # The most specific citation holding the mention: an article's words hold its text's too
    inside = sorted((end - start, key) for start, end, key in spans if start <= m.start() and m.end() <= end)
    if inside:
        keys = sorted({key for length, key in inside if length == inside[0][0]})
        return LegalMention(n, m.group(0), "cited", ", ".join(keys))
    for pattern, reason in NOT_CITATIONS:
        for rule in pattern.finditer(text):
            if rule.start() <= m.start() and m.end() <= rule.end():
                return LegalMention(n, m.group(0), "not a citation", reason)
    return LegalMention(n, m.group(0), "unaccounted for", "")
