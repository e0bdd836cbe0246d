"""Small text helpers shared by every step: accent folding, comparison forms and slugs.

One definition each, so that a heading, a name, a search word and an IRI slug are folded the
same way everywhere. Three forms, for three needs:

- :func:`fold`: the comparison form of a word or a name (case, accents and ligatures gone);
- :func:`fold_in_place`: accents gone but one character for one, so that a match found in the
  folded text can be quoted from the original (case kept);
- :func:`slug`: the IRI form (its rule is part of the IRI contract: never change it).
"""

from __future__ import annotations

import re
import unicodedata

# Characters folded to another single character by fold_in_place (positions never move).
_IN_PLACE = {"’": "'", "‘": "'", "ʼ": "'", "\xa0": " ", "\u202f": " "}


def strip_accents(text: str) -> str:
    """``text`` without combining marks (é → e); other characters unchanged."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold(text: str) -> str:
    """The comparison form: casefolded, without accents, ligatures spelled out ("Œuvre" → "oeuvre")."""
    return strip_accents(text.casefold()).replace("œ", "oe").replace("æ", "ae")


def fold_in_place(text: str) -> str:
    """``text`` without accents and with ’ as ', one character for one character.

    Keeping the length lets a match found in the folded text be quoted from the
    original: ``original[m.start():m.end()]`` is the words as written. Case is
    left alone (match with ``re.IGNORECASE``).
    """
    out = []
    for ch in text:
        if ch in _IN_PLACE:
            out.append(_IN_PLACE[ch])
            continue
        decomposed = unicodedata.normalize("NFD", ch)
        # A letter with accents decomposes into the base letter and combining
        # marks; anything else (œ, «, digits) stays as it is.
        out.append(decomposed[0] if decomposed and not unicodedata.combining(decomposed[0]) else ch)
    return "".join(out)


def find_all(text: str, words: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every occurrence of ``words`` in ``text``, overlapping ones included."""
    out, at = [], text.find(words)
    while words and at != -1:
        out.append((at, at + len(words)))
        at = text.find(words, at + 1)
    return out


def slug(text: str) -> str:
    """Lowercase ASCII words joined by '-' ("Mise en œuvre" → "mise-en-oeuvre"); may be empty."""
    text = strip_accents(text).lower().replace("œ", "oe").replace("æ", "ae")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")
