"""Every capitalised or quoted name of the commitments, and what it is.

``ogpgraph coverage --names`` lists each name the commitments' text writes with a capital
letter or between quotation marks, with what became of it:

* **initiative**: a programme, plan, strategy, scheme, fund, label, event, prize or named
  public service the graph holds (``data/reference/programmes.yaml`` or a rule of
  ``ogpgraph.source.programmes``), with its key;
* **legal text**: a legal mention, accounted for by ``ogpgraph coverage --legal``;
* **organisation**: an organisation the graph holds (a lead, an actor, a contact's
  organisation, or a curated one of ``data/reference/organisations.yaml``);
* **contact**: inside a contact's lines (a person, a role, an organisation: the contact's own
  facts, published as the contacts mode allows);
* **not an initiative**, with the reason, from ``data/reference/names.yaml``: a place, a
  person, an organisation named only in passing, a publication, a product, a date, a
  capitalised common word… Reviewers read that file to check what was left out and why;
* **unaccounted for**: none of these. A test keeps that list empty, so a name the catalogue
  misses cannot be silently dropped: it must become an initiative or be explained.

What counts as a name (``RULE`` names are used in the report):

``RULE capitalised``
    a run of words that begin with a capital letter, joined by lower-case particles ("de",
    "du", "des", "la", "l'", "et", "pour", "à", "en", "sur"): "Mon Espace Santé", "Conseil
    d'Etat", "DINUM". French capitalises only the first word of most names, so "la Cour des
    comptes" yields "Cour": a name is accounted for by whatever it overlaps (here the
    organisation "Cour des comptes"). A sentence's first word is capitalised by grammar, not
    because it is a name: it is dropped from the run unless it has two capitals or more
    ("DINUM", "FR-Alert").
``RULE quoted``
    words between « », “ ” or straight double quotes.

Only commitments' lines count, without their section headings ("Ministère porteur",
"Jalons"): the cover, the table of contents and the back cover name nothing of a commitment.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from . import paths
from .legal_coverage import legal_mentions
from .model import ActionPlan
from .resolve import Resolver
from .source.lines import logical_lines
from .source.programmes import Catalogue, initiative_spans
from .text import find_all, fold_in_place as fold

__all__ = ["STATUSES", "NameMention", "NamesTable", "NamesTableError", "load_names_table", "name_mentions"]

_CAPITAL = "A-ZÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŒ"
_WORD = rf"[{_CAPITAL}][\w’'&.-]*(?<![.'’-])"
_PARTICLE = r"(?:(?:des|du|de|les|la|le|et|pour|à|en|sur)\b|[dl]['’])"
_CAPITALISED = re.compile(rf"(?<![\w’'@/.-]){_WORD}(?:(?:\s+{_PARTICLE}\s*|\s+)(?<=\s|['’]){_WORD})*")
_QUOTED = re.compile(r"«\s*(?P<a>[^«»]+?)\s*»|“(?P<b>[^“”]+)”|\"(?P<c>[^\"]+)\"")
_ACRONYM = re.compile(rf"(?:[{_CAPITAL}][^{_CAPITAL}]*){{2}}")
# Where a sentence (or a bullet, a table cell, a list item, a date range) begins: its first
# word's capital is grammar's. Bold marks, opening brackets and quotes before it do not count.
_SENTENCE_START = re.compile(r"(?:^|[.!?:;•●▪→\t]|\s[-–—]|^\s*[-–—]+|(?:^|\s)(?:\d+[.)-]|[a-zA-Z][.)]|\d+\.[a-z][.)]?))[\s*(«\"“]*$")


STATUSES = ("initiative", "legal text", "organisation", "contact", "not an initiative",
            "unaccounted for")


@dataclass(frozen=True)
class NameMention:
    line: int
    words: str    # the name as written
    rule: str     # "capitalised" | "quoted"
    status: str   # one of STATUSES
    where: str    # the initiative's key, the legal mention's fate, the reason…


class NamesTableError(ValueError):
    """``data/reference/names.yaml`` is missing or has an invalid entry."""


@dataclass(frozen=True)
class NamesTable:
    """The reviewed reasons why names are not initiatives: ``(reason, names, patterns)``."""

    entries: tuple[tuple[str, frozenset[str], tuple[re.Pattern[str], ...]], ...]

    def reason(self, words: str) -> str | None:
        for reason, names, patterns in self.entries:
            if words in names or any(p.fullmatch(words) for p in patterns):
                return reason
        return None


def load_names_table(path: Path | None = None) -> NamesTable:
    path = path or paths.NAMES
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise NamesTableError(f"cannot read the names table {path}: {exc.strerror}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("not initiatives"), list):
        raise NamesTableError(f"{path}: expected a mapping with a 'not initiatives' list")
    entries = []
    for index, raw in enumerate(data["not initiatives"], start=1):
        if not isinstance(raw, dict) or not isinstance(raw.get("reason"), str) or set(raw) - {
                "reason", "names", "patterns"}:
            raise NamesTableError(f"{path}: entry {index} needs a 'reason' and 'names' and/or 'patterns' only")
        names = raw.get("names") or []
        patterns = raw.get("patterns") or []
        if not all(isinstance(n, str) for n in names + patterns) or not names + patterns:
            raise NamesTableError(f"{path}: entry {index} ({raw['reason']!r}) needs a list of names or patterns")
        try:
            compiled = tuple(re.compile(p) for p in patterns)
        except re.error as exc:
            raise NamesTableError(f"{path}: entry {index}: a pattern does not compile: {exc}") from exc
        entries.append((raw["reason"], frozenset(names), compiled))
    return NamesTable(tuple(entries))


def _candidates(text: str) -> list[tuple[int, int, str, str]]:
    """``(start, end, words, rule)`` of every name on one line."""
    out = []
    for m in _CAPITALISED.finditer(text):
        start, words = m.start(), m.group(0)
        if _SENTENCE_START.search(text[:start]) and not _ACRONYM.match(words.split()[0]):
            first = re.match(rf"\S+\s+(?:{_PARTICLE}\s*)*", words)
            if not first:
                continue  # a lone capitalised first word: grammar
            start, words = start + first.end(), words[first.end():]
        out.append((start, start + len(words), words, "capitalised"))
    quoted = []
    for m in _QUOTED.finditer(text):
        group = next(g for g in ("a", "b", "c") if m.group(g))
        quoted.append((m.start(group), m.end(group), m.group(group), "quoted"))
    # Capitals inside quotation marks are part of the quoted name, not a name of their own
    out = [c for c in out if not any(q[0] <= c[0] and c[1] <= q[1] for q in quoted)]
    return sorted(out + quoted)


def _overlaps(start: int, end: int, spans) -> list:
    return [s for s in spans if s[0] < end and start < s[1]]


def name_mentions(plan: ActionPlan, resolver: Resolver, catalogue: Catalogue | None = None,
                  table: NamesTable | None = None) -> list[NameMention]:
    """Every name in the commitments' lines, in document order, with what became of it."""
    table = table or load_names_table()
    legal_by_line: dict[int, list] = {}
    for m in legal_mentions(plan):
        legal_by_line.setdefault(m.line, []).append(m)
    citations: dict[int, list] = {}
    for c in plan.commitments:
        for cit in c.legal_texts:
            citations.setdefault(cit.span.start, []).append(cit)
    organisations = _organisation_pattern(plan, resolver)
    out: list[NameMention] = []
    for c in plan.commitments:
        skip = {n for s in c.boilerplate for n in s.lines()}
        contact_lines = {n for x in c.contacts for n in x.span.lines()}
        for ln in logical_lines(plan.lines[c.span.start - 1:c.span.end]):
            number = ln.number + c.span.start - 1  # logical_lines counts from the slice's start
            if number in skip:
                continue
            text = ln.text
            initiatives = initiative_spans(text, catalogue)
            legal = [(s, e, m.status, m.where) for m in legal_by_line.get(number, [])
                     for s, e in find_all(text, m.words)]
            # A citation's whole words ("la loi dite « Sapin II »"), not only its legal word
            legal += [(s, e, "cited", cit.key or "") for cit in citations.get(number, [])
                      for s, e in find_all(text, cit.text)]
            named = [(m.start(), m.end()) for m in organisations.finditer(fold(text))]
            for start, end, words, rule in _candidates(text):
                status, where = _account(start, end, initiatives, legal, number in contact_lines, named,
                                         table, words)
                out.append(NameMention(number, words, rule, status, where))
    return out


def _account(start, end, initiatives, legal, in_contact, organisations, table, words) -> tuple[str, str]:
    hits = _overlaps(start, end, initiatives)
    if hits:
        return "initiative", ", ".join(sorted({key for _, _, key in hits}))
    hits = _overlaps(start, end, legal)
    if hits:
        return "legal text", ", ".join(sorted({f"{status}: {where}" if where else status
                                              for _, _, status, where in hits}))
    if in_contact:
        return "contact", "the contact's name, role or organisation"
    if _overlaps(start, end, organisations):
        return "organisation", ""
    reason = table.reason(words)
    if reason:
        return "not an initiative", reason
    return "unaccounted for", ""


def _organisation_pattern(plan: ActionPlan, resolver: Resolver) -> re.Pattern[str]:
    """Every way the graph's organisations are written, to find them in folded running text."""
    names = {plan.publisher} | ({plan.coordinator.text} if plan.coordinator else set())
    for c in plan.commitments:
        names |= {x.text for x in c.leads} | {x.mention.text for x in c.actors}
        names |= {x.organisation for x in c.contacts if x.organisation}
    for org in resolver.organisations.values():
        names |= {org.pref_label, *org.acronyms, *org.variants}
    # Longest first, so that "Cour de cassation" wins over "Cour"; whole words only.
    forms = sorted({" ".join(fold(n).split()) for n in names if len(n) > 1}, key=lambda n: (-len(n), n))
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in forms) + r")(?!\w)",
                      re.IGNORECASE)
