"""Finding the national plans, strategies and programmes a commitment relates to.

A commitment often says which larger policy it builds on or belongs to: "dans le
cadre du plan de relance", "s'inscrit dans l'Agenda 2030", "les crédits inscrits
sur le programme 163". Two kinds of evidence name such a programme:

* the curated catalogue ``data/reference/programmes.yaml``: one entry per
  programme actually named in the document, with reviewable regular expressions
  for every way the document writes it ("plan de relance", "plan France
  Relance"). Only the catalogue can tell that "PFUE" and "Présidence française de
  l'Union européenne" are one thing, so most programmes live there;
* two generic rules, for forms whose identity is in the words themselves:

  ``RULE programme-budgetaire``
      "programme NNN" with a three-digit number is a budget programme of the
      LOLF (the State budget is voted by mission and programme, numbered 101…
      999). Key ``programme-budgetaire-NNN``, label "Programme budgétaire NNN",
      kind ``budget-programme``. A number followed by another digit group
      ("programme 100 000 …") is a quantity, not a programme, and is skipped.

  ``RULE feuille-de-route``
      "feuille de route « X » du ministère …" or "… de l'État": the data (or
      other) roadmap a ministry or the State publishes. The topic is the quoted
      word(s), the owner is "État" or "ministère …" up to the next punctuation
      mark or the end of the line. Key ``feuille-de-route-<topic>-<owner>`` from
      the accent-folded, lower-cased words (``feuille-de-route-data-etat``);
      label: the words as written, capitalised. The rule declines when the
      ministry's name runs past 10 words, since it can then no longer tell where
      the name ends. Roadmaps written without guillemets ("Feuille de route
      données, codes et algorithmes du MESRI") are in the catalogue instead.

Matching ignores case and accents and treats ’ as ', so "Etat"/"État" and
"l’Europe"/"l'Europe" are the same; a mention's ``text`` is nevertheless the
words exactly as written, because folding keeps every character in place.

A line yields at most one mention per programme (the leftmost, then longest
match); a rule match that overlaps a catalogue match on the same line is
dropped, so the curated entry wins whenever both see the same words.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from ogpgraph import paths
from ogpgraph.model import ProgrammeMention, Span
from ogpgraph.source.lines import Line
from ogpgraph.text import fold_in_place as fold
from ogpgraph.text import slug as _slug

__all__ = [
    "KINDS",
    "Catalogue",
    "CatalogueError",
    "Programme",
    "default_catalogue_path",
    "extract_programmes",
    "fold",
    "initiative_spans",
    "load_catalogue",
    "programme_info",
]

KINDS = (
    "plan",
    "strategy",
    "programme",
    "initiative",
    "budget-programme",
    "roadmap",
    "presidency",
    "agenda",
    # named initiatives that are not plans: funds, schemes ("dispositifs"), labels, events
    # (summits, days, workshops), prizes and competitions, public services and platforms
    "fund",
    "scheme",
    "label",
    "event",
    "prize",
    "service",
)

_KEY = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_FIELDS = {"key", "label", "label_en", "kind", "patterns"}
_REQUIRED = ("key", "label", "kind", "patterns")

class CatalogueError(ValueError):
    """The programme catalogue file is missing or has an invalid entry."""


@dataclass(frozen=True)
class Programme:
    """A curated programme: what the graph calls it and how the document writes it."""

    key: str
    label: str
    kind: str
    patterns: tuple[str, ...]
    label_en: str | None = None

    @functools.cached_property
    def regexes(self) -> tuple[re.Pattern[str], ...]:
        """The patterns compiled for matching against :func:`fold`-ed text."""
        return tuple(_compile(p) for p in self.patterns)


def _compile(pattern: str) -> re.Pattern[str]:
    # The pattern is folded too, so a reviewer may write "Présidence" or "Presidence".
    return re.compile(fold(pattern), re.IGNORECASE)


@dataclass
class Catalogue:
    """The curated programmes of ``data/reference/programmes.yaml``, by key."""

    entries: tuple[Programme, ...]
    path: Path | None = None

    def __post_init__(self) -> None:
        self._by_key = {e.key: e for e in self.entries}

    def get(self, key: str) -> Programme | None:
        """The curated entry with this key, or ``None``."""
        return self._by_key.get(key)

    def __contains__(self, key: object) -> bool:
        return key in self._by_key

    def __iter__(self):
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def info(self, key: str) -> tuple[str, str]:
        """``(label, kind)`` of a curated or rule-derived key; ``KeyError`` if unknown."""
        entry = self._by_key.get(key)
        if entry is not None:
            return entry.label, entry.kind
        m = _BUDGET_KEY.fullmatch(key)
        if m:
            return f"Programme budgétaire {m.group(1)}", "budget-programme"
        if key in _RULE_LABELS:
            return _RULE_LABELS[key]
        raise KeyError(
            f"unknown programme key {key!r}: not in the catalogue, not a budget "
            "programme, and no roadmap with this key has been extracted"
        )


def default_catalogue_path() -> Path:
    """The project's ``data/reference/programmes.yaml``."""
    return paths.PROGRAMMES


def load_catalogue(path: Path | None = None) -> Catalogue:
    """Read and validate the programme catalogue (default: the repository's).

    Raises :class:`CatalogueError` naming the file and the entry at fault: a
    missing or unknown field, a key that is not a slug or is used twice, an
    unknown kind, or a pattern that does not compile or matches the empty string.
    """
    path = path or default_catalogue_path()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise CatalogueError(f"cannot read the programme catalogue {path}: {exc.strerror}") from exc
    except yaml.YAMLError as exc:
        raise CatalogueError(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("programmes"), list):
        raise CatalogueError(f"{path}: expected a mapping with a 'programmes' list")
    entries: list[Programme] = []
    seen: set[str] = set()
    for index, raw in enumerate(data["programmes"], start=1):
        entry = _validate(raw, f"{path}: entry {index}")
        if entry.key in seen:
            raise CatalogueError(f"{path}: entry {index} ({entry.key!r}): duplicate key")
        seen.add(entry.key)
        entries.append(entry)
    return Catalogue(tuple(entries), path)


def _validate(raw: object, where: str) -> Programme:
    if not isinstance(raw, dict):
        raise CatalogueError(f"{where}: expected a mapping, got {type(raw).__name__}")
    key = raw.get("key")
    if isinstance(key, str):
        where = f"{where} ({key!r})"
    unknown = set(raw) - _FIELDS
    if unknown:
        raise CatalogueError(f"{where}: unknown field(s) {', '.join(sorted(map(str, unknown)))}")
    for name in _REQUIRED:
        if name not in raw:
            raise CatalogueError(f"{where}: missing field {name!r}")
    if not isinstance(key, str) or not _KEY.fullmatch(key):
        raise CatalogueError(f"{where}: key must be a lower-case slug like 'plan-france-relance'")
    for name in ("label", "label_en"):
        value = raw.get(name)
        if name in raw and (not isinstance(value, str) or not value.strip()):
            raise CatalogueError(f"{where}: {name} must be a non-empty string")
    if raw["kind"] not in KINDS:
        raise CatalogueError(f"{where}: kind {raw['kind']!r} is not one of {', '.join(KINDS)}")
    patterns = raw["patterns"]
    if not isinstance(patterns, list) or not patterns:
        raise CatalogueError(f"{where}: patterns must be a non-empty list")
    for number, pattern in enumerate(patterns, start=1):
        if not isinstance(pattern, str) or not pattern:
            raise CatalogueError(f"{where}: pattern {number} must be a non-empty string")
        try:
            compiled = _compile(pattern)
        except re.error as exc:
            raise CatalogueError(f"{where}: pattern {number} {pattern!r} does not compile: {exc}") from exc
        if compiled.fullmatch(""):
            # An empty match would put a mention on every line.
            raise CatalogueError(f"{where}: pattern {number} {pattern!r} matches the empty string")
    return Programme(
        key=key,
        label=raw["label"].strip(),
        kind=raw["kind"],
        patterns=tuple(patterns),
        label_en=raw["label_en"].strip() if raw.get("label_en") else None,
    )


@functools.cache
def _default_catalogue() -> Catalogue:
    return load_catalogue()


def programme_info(key: str, catalogue: Catalogue | None = None) -> tuple[str, str]:
    """``(label, kind)`` for a programme key, curated or rule-derived.

    Budget-programme keys are understood from the key alone; roadmap keys once
    :func:`extract_programmes` has met them (their label is the words as
    written, which the key has lost). Unknown keys raise ``KeyError``.
    """
    return (catalogue or _default_catalogue()).info(key)


# --- generic rules -----------------------------------------------------------

# Labels of the roadmaps the rule has met, by key: filled by extract_programmes.
# A roadmap's label needs the words as written, which its key has lost; the
# label depends on the document only, so one table serves every catalogue.
_RULE_LABELS: dict[str, tuple[str, str]] = {}

_BUDGET_KEY = re.compile(r"programme-budgetaire-(\d{3})")
# "programme 163", not "programme 2021" (4 digits) nor "programme 100 000".
_BUDGET = re.compile(r"\bprogramme (\d{3})\b(?![ .,]?\d)", re.IGNORECASE)

_ROADMAP_OWNER_WORDS = 10
_ROADMAP = re.compile(
    r"\bfeuille de route «\s*(?P<topic>[^«»]{1,40}?)\s*» "
    r"(?:(?:de l'|d')(?P<state>Etat)\b"
    r"|(?:du|de la|des) (?P<ministry>ministere\b[^.,;:()«»\[\]]*?)\s*(?=[.,;:()«»\[\]]|$))",
    re.IGNORECASE,
)


def _rule_matches(folded: str, original: str) -> list[tuple[int, int, str, str, str]]:
    """(start, end, key, label, kind) for every rule match on one line."""
    found = []
    for m in _BUDGET.finditer(folded):
        n = m.group(1)
        found.append((m.start(), m.end(), f"programme-budgetaire-{n}", f"Programme budgétaire {n}", "budget-programme"))
    for m in _ROADMAP.finditer(folded):
        owner = m.group("state") or m.group("ministry")
        if len(owner.split()) > _ROADMAP_OWNER_WORDS:
            continue
        key = f"feuille-de-route-{_slug(m.group('topic'))}-{_slug(owner)}"
        written = " ".join(original[m.start() : m.end()].split())
        found.append((m.start(), m.end(), key, written[0].upper() + written[1:], "roadmap"))
    return found


# --- extraction --------------------------------------------------------------


def initiative_spans(text: str, catalogue: Catalogue | None = None) -> list[tuple[int, int, str]]:
    """``(start, end, key)`` of every match of a catalogue entry or a rule in one line.

    Every match, not only each programme's first: the coverage report of names
    (``ogpgraph.name_coverage``) accounts for each occurrence. A rule match that overlaps a
    catalogue match, or repeats a programme the catalogue found, is dropped.
    """
    catalogue = catalogue or _default_catalogue()
    folded = fold(text)
    out: list[tuple[int, int, str]] = []
    for entry in catalogue.entries:
        out += [(m.start(), m.end(), entry.key) for rx in entry.regexes for m in rx.finditer(folded)
                if m.end() > m.start()]
    curated = {key for _, _, key in out}
    for start, end, key, label, kind in _rule_matches(folded, text):
        if key in curated or any(start < t_end and t_start < end for t_start, t_end, _ in out):
            continue
        out.append((start, end, key))
        if key not in catalogue:
            _RULE_LABELS.setdefault(key, (label, kind))
    return out


def extract_programmes(lines: list[Line], catalogue: Catalogue | None = None) -> list[ProgrammeMention]:
    """Mentions of programmes in ``lines``: one per (programme, line), in document order.

    ``text`` is the matched words as written; ``span`` is the line. Catalogue
    entries are tried first; the generic rules then add budget programmes and
    ministry roadmaps the catalogue does not cover (see the module docstring).
    """
    catalogue = catalogue or _default_catalogue()
    out: list[ProgrammeMention] = []
    seen: set[tuple[str, int]] = set()  # (key, physical line): cells of one row share a line
    for line in lines:
        found: dict[str, tuple[int, int]] = {}
        for start, end, key in initiative_spans(line.text, catalogue):
            # Leftmost, then longest: "Plan « 1 jeune, 1 solution »" over "« 1 jeune, 1 solution »".
            if key not in found or (start, -end) < (found[key][0], -found[key][1]):
                found[key] = (start, end)
        for key, (start, end) in sorted(found.items(), key=lambda item: item[1]):
            if (key, line.number) in seen:
                continue
            seen.add((key, line.number))
            out.append(ProgrammeMention(key, line.text[start:end], Span(line.number, line.number)))
    return out
