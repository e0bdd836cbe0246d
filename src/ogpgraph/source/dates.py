"""Normalising the dates written in the action plan into intervals of days.

The document states dates the way people write them in a planning table:
"S2 2022", "Début : Janvier 2022 → Fin : 30 juin 2022", "Printemps 2021 – fin
2023", "01/09/2021 01/03/2022" (two table cells flattened into one line),
"déc. 2021"… Every form is read into an :class:`~ogpgraph.model.Interval`
holding the text as written plus the earliest day it can start and the latest
day it can end, so that a SPARQL query can compare dates without reading French.

A single expression ("a point") covers the days below; a range "X – Y" covers
the start of X to the end of Y.

==========================  =========================================  ==========================
Written                     Days covered                               Example
==========================  =========================================  ==========================
``2022``                    the whole year                             01-01 .. 12-31
``Janvier 2022``, ``janv.`` the whole month (abbreviations accepted)   2022-01-01 .. 2022-01-31
``30 juin 2022``, ``1er``   that day                                   2022-06-30
``31/12/2021``,             that day, day first; month first only      2021-12-31
``31.12.2021``              where day-first is impossible (01/31/2024)
``12/2021``, ``12/21``      that month (two-digit years are 20YY)      2021-12-01 .. 2021-12-31
``T1 2022``, ``Q1 2022``,   that quarter (T1 Jan–Mar … T4 Oct–Dec)     2022-01-01 .. 2022-03-31
``2022 T1``,
``premier trimestre 2022``
``S1 2022``, ``2022 S1``,   that half-year (S1 Jan–Jun, S2 Jul–Dec)    2022-01-01 .. 2022-06-30
``1er semestre 2022``,
``Semestre 1 – 2022``
``Début 2022``              first quarter                              2022-01-01 .. 2022-03-31
``Fin 2022``                last quarter                               2022-10-01 .. 2022-12-31
``mi-2022``                 June and July                              2022-06-01 .. 2022-07-31
``printemps 2022``          meteorological spring, March–May           2022-03-01 .. 2022-05-31
``été 2022``                June–August                                2022-06-01 .. 2022-08-31
``automne 2022``            September–November                         2022-09-01 .. 2022-11-30
``hiver 2022``              the winter starting in December 2022       2022-12-01 .. 2023-02-28
``JO 2024``                 the year (no finer reading is attempted)   2024-01-01 .. 2024-12-31
==========================  =========================================  ==========================

Ranges and markers (X, Y are points as above):

==============================================  ======================================
``X – Y``, ``X - Y``, ``X → Y``, ``X au Y``     start of X .. end of Y; a month or day
                                                without a year takes Y's year
                                                ("février- octobre 2021")
``X Y`` (two complete dates, table cells)       start of X .. end of Y
``Début : X → Fin : Y`` (also "Début X – Fin     start of X .. end of Y
Y", "Début en X → Fin pour les JO Y")
``Début : X``, ``Début X`` (X finer than a      start of X .. open (end None): only the
year), ``X puis amélioration continue``         start is promised
``depuis X``                                    start of X .. open
``d'ici X`` (``d'ici fin 2021``)                open .. end of X: a deadline
``X – durée indéterminée``                      start of X .. open
trailing parenthesis ``(renouvelable)``,        ignored
``(engagement nouveau)``; leading ``en``,
``au``, ``à l'``, ``pour``, ``dès``
==============================================  ======================================

A range whose start falls after its end (the source has "Début : 01/09/2021 →
Fin : 01/31/2021") is contradictory: both bounds are dropped rather than guessed.
Text that matches none of these forms gives ``Interval(text, None, None)``.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from ogpgraph.model import Interval

__all__ = ["MONTH_NAMES", "parse_period", "parse_date_text"]

# The French month names, as written and without their accents (the one table of them:
# the cover's issue date and the legal texts' dates are read with it too).
MONTH_NAMES = {
    "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6,
    "juillet": 7, "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11,
    "décembre": 12, "decembre": 12,
}  # fmt: skip
_ABBREVIATIONS = {
    "janv": 1, "jan": 1, "févr": 2, "fevr": 2, "fév": 2, "fev": 2, "avr": 4, "juil": 7,
    "sept": 9, "sep": 9, "oct": 10, "nov": 11, "déc": 12, "dec": 12,
}  # fmt: skip
_MONTHS = MONTH_NAMES | _ABBREVIATIONS
# Longest first, so that "janvier" is not read as "jan" + "vier".
_MONTH = "(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_DAY = r"(?P<day>[0-3]?\d)(?:er)?"
_ORD = {
    "1": 1, "1er": 1, "1ère": 1, "1ere": 1, "1re": 1, "premier": 1, "première": 1, "premiere": 1,
    "2": 2, "2e": 2, "2ème": 2, "2eme": 2, "2nd": 2, "second": 2, "seconde": 2, "deuxième": 2,
    "deuxieme": 2,
    "3": 3, "3e": 3, "3ème": 3, "3eme": 3, "troisième": 3, "troisieme": 3,
    "4": 4, "4e": 4, "4ème": 4, "4eme": 4, "quatrième": 4, "quatrieme": 4, "dernier": 4,
}
_ORDINAL = "(?P<ord>" + "|".join(sorted(map(re.escape, _ORD), key=len, reverse=True)) + ")"
_SEASONS = {"printemps": (3, 5), "été": (6, 8), "ete": (6, 8), "automne": (9, 11), "hiver": (12, 14)}

# Words that may precede a date without changing its meaning ("en juin 2022",
# "à l'automne 2021", "Fin pour les JO 2024").
_FILLER = re.compile(
    r"^(?:en|aux|au|à l'|à la|à|dès|pour les jo|pour le|pour la|pour|les|le|jo)(?:\s+|(?<='))"
)

Bounds = tuple[date | None, date | None]


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _months(year: int, first: int, last: int) -> Bounds:
    """Bounds of months ``first``..``last`` of ``year`` (``last`` may run into next year)."""
    end_year, end_month = year + (last - 1) // 12, (last - 1) % 12 + 1
    return date(year, first, 1), _month_end(end_year, end_month)


def _day(year: int, month: int, day: int) -> Bounds | None:
    try:
        d = date(year, month, day)
    except ValueError:
        return None
    return d, d


def _normalise(text: str) -> str:
    s = text.replace("**", " ").replace("\xa0", " ").lower()
    s = re.sub(r"[–—‐‑−]", "-", s)
    s = s.replace("->", "→").replace("’", "'")
    return re.sub(r"\s+", " ", s).strip()


def _point(s: str, year: int | None = None) -> Bounds | None:
    """Bounds of one date expression, or None; ``year`` completes a month or day without one."""
    s = s.strip(" ,;")
    while (m := _FILLER.match(s)) and m.end() and m.end() < len(s):
        s = s[m.end():]
    full = re.fullmatch
    if m := full(_YEAR, s):
        return _months(int(m["year"]), 1, 12)
    if m := full(_DAY + " " + _MONTH + " " + _YEAR, s):
        return _day(int(m["year"]), _MONTHS[m["month"]], int(m["day"]))
    if m := full(_MONTH + " " + _YEAR, s):
        mo = _MONTHS[m["month"]]
        return _months(int(m["year"]), mo, mo)
    if m := full(r"(?P<a>\d\d?)[/.](?P<b>\d\d?)[/.]" + _YEAR, s):
        a, b, y = int(m["a"]), int(m["b"]), int(m["year"])
        # Day first is the French convention; month first only rescues a date
        # that day-first cannot read (the source has "01/31/2024").
        return _day(y, b, a) or _day(y, a, b)
    if m := full(r"(?P<m>\d\d?)/" + _YEAR, s):
        mo = int(m["m"])
        return _months(int(m["year"]), mo, mo) if 1 <= mo <= 12 else None
    if m := full(r"(?P<m>\d\d?)/(?P<yy>\d\d)", s):
        mo = int(m["m"])
        return _months(2000 + int(m["yy"]), mo, mo) if 1 <= mo <= 12 else None
    if m := (full(r"[tq](?P<q>[1-4]) " + _YEAR, s) or full(_YEAR + r" [tq](?P<q>[1-4])", s)):
        q = int(m["q"])
        return _months(int(m["year"]), 3 * q - 2, 3 * q)
    if m := full(_ORDINAL + r" trimestre (?:de |d')?" + _YEAR, s):
        q = _ORD[m["ord"]]
        return _months(int(m["year"]), 3 * q - 2, 3 * q)
    if m := (
        full(r"s(?P<h>[12]) " + _YEAR, s)
        or full(_YEAR + r" s(?P<h>[12])", s)
        or full(r"semestre (?P<h>[12]) ?-? ?" + _YEAR, s)
    ):
        h = int(m["h"])
        return _months(int(m["year"]), 6 * h - 5, 6 * h)
    if (m := full(_ORDINAL + r" semestre (?:de |d')?" + _YEAR, s)) and _ORD[m["ord"]] <= 2:
        h = _ORD[m["ord"]]
        return _months(int(m["year"]), 6 * h - 5, 6 * h)
    if m := full(r"début (?:d'année |de l'année )?" + _YEAR, s):
        return _months(int(m["year"]), 1, 3)
    if m := full(r"fin (?:d'année |de l'année )?" + _YEAR, s):
        return _months(int(m["year"]), 10, 12)
    if m := full(r"mi ?- ?" + _YEAR, s):
        return _months(int(m["year"]), 6, 7)
    if m := full(r"(?:l')?(?P<season>printemps|été|ete|automne|hiver) " + _YEAR, s):
        return _months(int(m["year"]), *_SEASONS[m["season"]])
    if year is not None:
        # A month or day whose year is given once, after the range: "février- octobre 2021".
        if m := full(_DAY + " " + _MONTH, s):
            return _day(year, _MONTHS[m["month"]], int(m["day"]))
        if m := full(_MONTH, s):
            mo = _MONTHS[m["month"]]
            return _months(year, mo, mo)
    return None


def _ordered(bounds: Bounds) -> Bounds:
    start, end = bounds
    if start is not None and end is not None and start > end:
        return None, None  # the text contradicts itself: no guess
    return bounds


def _range(left: str, right: str, whitespace: bool = False) -> Bounds | None:
    """Bounds of "left – right"; None unless both sides read as dates."""
    if re.fullmatch(r"durée indéterminée|indéterminée?|en continu|non définie?", right.strip()):
        b = _point(left)
        return (b[0], None) if b else None
    b = _point(right)
    if b is None or b[1] is None:
        return None
    a = _point(left) if whitespace else _point(left, b[1].year)
    if a is None:
        return None
    return a[0], b[1]


_OPEN_START = re.compile(r"(?:début|à partir de|depuis|dès)\s*:?\s*(?P<x>.+?)(?: puis .*)?")
_OPEN_END = re.compile(r"(?:d'ici|avant|au plus tard|jusqu'(?:à|en|au))\s*:?\s*(?P<x>.+)")
_START_END = re.compile(r"début\s*:?\s*(?P<a>.+?)\s*[→,;-]*\s*\bfin\s*:?\s*(?P<b>.+)")


def _bounds(s: str) -> Bounds | None:
    """Bounds of normalised text ``s``, or None if it is not (only) a date."""
    s = s.strip(" -,;")
    # "(renouvelable)", "(engagement nouveau)": comments, not dates.
    while m := re.fullmatch(r"(.+?)\s*\([^()]*\)", s):
        s = m[1].strip(" -,;")
    if not s:
        return None
    if (b := _point(s)) is not None:
        return b
    if m := _START_END.fullmatch(s):
        return _range(m["a"], m["b"])
    if m := re.fullmatch(r"(?P<x>.+?) puis .*", s):
        if (b := _point(m["x"])) is not None:
            return b[0], None
    if m := _OPEN_START.fullmatch(s):
        if (b := _point(m["x"])) is not None:
            return b[0], None
    if m := _OPEN_END.fullmatch(s):
        if (b := _point(m["x"])) is not None:
            return None, b[1]
    # Explicit separators first, so that "octobre 2021-novembre 2021" is split at
    # the dash; whitespace last, for flattened table cells ("01/09/2021 01/03/2022").
    for sep in ("→", " au ", " à ", "-", " "):
        for m in re.finditer(re.escape(sep), s):
            left, right = s[: m.start()].strip(" -→"), s[m.end():].strip(" -→")
            if left and right and (b := _range(left, right, whitespace=sep == " ")):
                return b
    return None


def parse_date_text(text: str) -> Interval:
    """Read a milestone's date as written ("S2 2022", "Début : Janvier 2022 → Fin : 30 juin 2022").

    Returns ``Interval(text, start, end)`` with ``text`` unchanged and the
    earliest/latest day it allows, per the tables in this module's docstring.
    A bound the text leaves open is None; text that is not a recognised date
    gives ``Interval(text, None, None)``. Never raises; ``start <= end`` always.
    """
    try:
        b = _bounds(_normalise(text))
    except (ValueError, OverflowError):  # defensive: a malformed date must not stop the parse
        b = None
    if b is None:
        return Interval(text)
    start, end = _ordered(b)
    return Interval(text, start, end)


def parse_period(text: str) -> Interval:
    """Read a commitment's "Date de début et de fin" as written into an Interval.

    Accepts everything :func:`parse_date_text` does, plus the wordings that wrap
    the period in prose: "Présidence française de l'Union européenne (1er janvier
    2022 – 30 juin 2022)" (the parenthesis), "Engagement reconduit et complété
    pour la période 2021-2023" and "… depuis 2013)" (the date at the end).
    ``text`` is kept as given; bounds the text leaves open are None.
    """
    interval = parse_date_text(text)
    if interval.start or interval.end:
        return interval
    s = _normalise(text)
    candidates = re.findall(r"\(([^()]*)\)", s)
    # The dates close the sentence: try ever shorter tails of it.
    words = s.rstrip(" )").split(" ")
    candidates += [" ".join(words[i:]) for i in range(1, len(words))]
    for candidate in candidates:
        if (b := _bounds(candidate)) is not None:
            start, end = _ordered(b)
            return Interval(text, start, end)
    return interval
