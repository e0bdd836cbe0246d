"""Reading a commitment's "Jalons d'activités avec un livrable vérifiable" section.

Each commitment lists its deliverables in its own way: bullets with the date in
bold at the end, an arrow before the date, the date first ("S2 2022 : …"),
sub-bullets under an undated heading bullet, "Livrable :" lines under a title,
a tab-separated table with start and end columns, or flattened table cells at
the end of a bullet. The PDF-to-text step dropped indentation, so nesting is
read from the content: an undated item followed by date-first items is their
parent.

Every input line ends up inside the span of a returned Milestone or TextPart,
so that a coverage check can prove nothing was silently dropped. TextPart kinds:

- ``milestones-note``: prose ("Le calendrier suivant a été défini :");
- ``milestones-table-header``: a table's header row;
- ``milestones-date-heading``: a date heading ("Semestre 2 – 2020 :") whose
  date is given to the undated items listed under it;
- ``milestones-empty-bullet``: a bullet marker with nothing after it;
- ``milestones-contact``: a "Point de contact" block that the document placed
  inside the milestones section (commitment #44).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ogpgraph.model import Interval, Milestone, Span, TextPart
from ogpgraph.source.dates import parse_date_text
from ogpgraph.source.lines import Line

__all__ = ["extract_milestones"]

# One or more list markers: "-", "–", "•", "o ", "▪", "1.", "2)"… ("- -S1 2022" has two).
_MARKERS = re.compile(r"^(?:[-–—•·▪◦*➢]\s*|o\s+|\d{1,2}[.)]\s+)+")
_EMPTY_BULLET = re.compile(r"[-–—•·▪◦*o]")
_LIVRABLE = re.compile(r"^livrables?\s*:\s*", re.I)
_CONTACT = re.compile(r"^points? de contact\b", re.I)
_TABLE_HEADER = re.compile(r"jalons?|livrables?|date de (?:début|fin)|échéance", re.I)
# A sentence rather than a title: starts like French prose does.
_PROSE_START = re.compile(
    r"^(?:le|la|les|l'|ce|cette|ces|cet|un|une|des|il|elle|ils|nous|on|afin|dans|pour|à)\b", re.I
)
# Separators left between a deliverable and its date once the date is cut off.
_TAIL_JUNK = " \t-–—:→,;"
# A heading bullet and its first dated sub-item merged onto one line by the
# conversion ("**Développer …** (cf. AMI …) T3 2022 : ouverture …").
_MERGED_CHILD = re.compile(r"^(?P<parent>.*\S)\s+(?P<child>[TSQ][1-4] (?:19|20)\d\d\s*:\s+.+)$")


@dataclass
class _Item:
    lines: list[Line]
    kind: str  # bullet | livrable | title | row
    body: str  # without list markers; continuation lines appended
    row_dates: str | None = None  # a table row's date cells, as written


def _clean(text: str) -> str:
    """The deliverable without markup and without separators left at its ends."""
    text = re.sub(r"\s+", " ", text.replace("**", "")).strip(_TAIL_JUNK)
    return text


def _is_date(text: str) -> bool:
    interval = parse_date_text(text)
    return interval.start is not None or interval.end is not None


def _strip_date_text(text: str) -> str:
    """The date as written, without markup and without separators around it."""
    return re.sub(r"\s+", " ", text.replace("**", "")).strip(" -–—:→,;")


def _date_first(body: str) -> tuple[str, str] | None:
    """``("S2 2022", "245 000 volontaires…")`` for an item that opens with its date."""
    for m in re.finditer(r"\s*:\s+", body):
        head = body[: m.start()]
        if len(head) > 40:
            break
        if _is_date(head):
            return body[m.end():], head.strip()
    return None


def _split_date(body: str) -> tuple[str, str | None]:
    """Split an item into (deliverable, date text as written) — the date may be None."""
    # The date set in bold at the end: "… - **Février 2022**", "… **Janvier 2021** -".
    m = re.fullmatch(r"(?P<t>.*?)\*\*(?P<d>[^*]+)\*\*[\s\-–—]*", body, re.S)
    if m and m["t"].strip(_TAIL_JUNK) and not m["t"].rstrip().endswith("**"):
        d = _strip_date_text(m["d"])
        if _is_date(d) or re.search(r"\d", d):
            return m["t"], d
    # "… Début en 2020 → Fin en Juin 2022", "… → Début 01.09.2021 → Fin 30.11.2021".
    for m in re.finditer(r"(?:^|(?<=[\s→:(–-]))début\b", body, re.I):
        if m.start() == 0:
            continue  # "Début de la mise en œuvre…" is the deliverable itself
        d = _strip_date_text(body[m.start():])
        if _is_date(d):
            return body[: m.start()], d
    # "… → 12/2021", "… → 31.12.2021 (renouvelable)", "… → T2 2022 --".
    for m in re.finditer("→", body):
        d = _strip_date_text(body[m.end():])
        if d and _is_date(d):
            return body[: m.start()], d
    # Table cells flattened onto the line, or a trailing "pour T2 2022":
    # the longest run of final words that reads as a date.
    words = body.split(" ")
    for i in range(max(1, len(words) - 8), len(words)):
        d = " ".join(words[i:])
        if re.search(r"\d\d", d) and _is_date(_strip_date_text(d)):
            return " ".join(words[:i]), _strip_date_text(d)
    return body, None


def _span(lines: list[Line]) -> Span:
    return Span(lines[0].number, lines[-1].number)


def _continues(item: _Item, text: str) -> bool:
    """Whether a line without a marker carries on the item above (a wrapped line)."""
    if item.kind == "row":
        return False
    last = item.lines[-1].text
    return text[:1].islower() or last.rstrip().endswith(("→", ",", "(")) or text.startswith("→")


def extract_milestones(lines: list[Line]) -> tuple[list[Milestone], list[TextPart]]:
    """Read the lines of one milestones section into milestones and prose parts.

    ``lines`` are the logical lines after the "Jalons d'activités avec un
    livrable vérifiable" heading (the heading excluded) up to the next section.
    Returns the milestones in document order (``number`` 1-based, ``parent``
    set for sub-items of an undated heading item, ``date`` parsed with
    :func:`~ogpgraph.source.dates.parse_date_text` from the date text as
    written minus ``**``) and the non-deliverable lines as TextParts (kinds in
    the module docstring). Every input line lies in the span of one of them.
    """
    parts: list[TextPart] = []
    items: list[_Item] = []  # in order, with interleaved date headings kept aside
    headings: dict[int, Interval] = {}  # index in items where a date heading starts applying
    current: _Item | None = None
    contact: list[Line] = []

    for index, line in enumerate(lines):
        text = line.text
        if contact or _CONTACT.match(text):
            # Contact details are not deliverables; the contacts parser owns them.
            contact.append(line)
            continue
        if "\t" in text:
            cells = [c.strip() for c in text.split("\t")]
            dated = [c for c in cells[1:] if c and _is_date(c)]
            if not dated and _TABLE_HEADER.search(text):
                parts.append(TextPart("milestones-table-header", text, Span(line.number, line.number)))
                current = None
                continue
            dates = "\t".join(c for c in cells[1:] if c)
            current = _Item([line], "row", cells[0], row_dates=dates or None)
            items.append(current)
            continue
        if _EMPTY_BULLET.fullmatch(text):
            parts.append(TextPart("milestones-empty-bullet", text, Span(line.number, line.number)))
            current = None
            continue
        if m := _MARKERS.match(text):
            current = _Item([line], "bullet", text[m.end():])
            items.append(current)
            continue
        if m := _LIVRABLE.match(text):
            current = _Item([line], "livrable", text[m.end():])
            items.append(current)
            continue
        if current is not None and _continues(current, text):
            current.lines.append(line)
            current.body += " " + text
            continue
        following = lines[index + 1].text if index + 1 < len(lines) else ""
        if text.endswith(":") and _is_date(text[:-1]):
            # "Semestre 2 – 2020 :" dates the items listed under it.
            parts.append(TextPart("milestones-date-heading", text, Span(line.number, line.number)))
            headings[len(items)] = parse_date_text(text[:-1].strip())
            current = None
            continue
        if _PROSE_START.match(text) and not _LIVRABLE.match(following):
            parts.append(TextPart("milestones-note", text, Span(line.number, line.number)))
            current = None
            continue
        # A title line ("Simplification des parcours :") heading "Livrable :" lines.
        current = _Item([line], "title", text)
        items.append(current)

    if contact:
        parts.append(TextPart("milestones-contact", "\n".join(l.text for l in contact), _span(contact)))

    milestones: list[Milestone] = []
    heading_date: Interval | None = None
    last_top: Milestone | None = None  # the last item not nested under another
    last_title: Milestone | None = None

    def add(text: str, lines_: list[Line], date_text: str | None, parent: int | None) -> Milestone:
        date = parse_date_text(date_text) if date_text else heading_date
        ms = Milestone(len(milestones) + 1, _clean(text), _span(lines_), date, parent)
        milestones.append(ms)
        return ms

    for index, item in enumerate(items):
        if index in headings:
            heading_date = headings[index]
            last_top = None
        if item.kind == "row":
            last_top = add(item.body, item.lines, item.row_dates, None)
            continue
        if item.kind == "livrable":
            text, date_text = _split_date(item.body)
            add(text, item.lines, date_text, last_title.number if last_title else None)
            continue
        if item.kind == "title":
            last_title = last_top = add(item.body, item.lines, None, None)
            continue
        merged = _MERGED_CHILD.match(item.body)
        if merged and _date_first(merged["child"]) and not _is_date(merged["parent"]):
            last_top = add(merged["parent"], item.lines, None, None)
            text, date_text = _date_first(merged["child"]) or ("", None)
            add(text, item.lines, date_text, last_top.number)
            continue
        first = _date_first(item.body)
        if first is not None:
            text, date_text = first
            nested = last_top is not None and last_top.date is None
            add(text, item.lines, date_text, last_top.number if nested and last_top else None)
            continue
        text, date_text = _split_date(item.body)
        last_top = add(text, item.lines, date_text, None)

    return milestones, parts
