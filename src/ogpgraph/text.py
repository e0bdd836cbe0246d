"""Small text helpers shared by every step: accent folding and slugs.

One definition each, so that a heading, a name and an IRI slug are folded the
same way everywhere.
"""

from __future__ import annotations

import re
import unicodedata


def strip_accents(text: str) -> str:
    """``text`` without combining marks (é → e); other characters unchanged."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def slug(text: str) -> str:
    """Lowercase ASCII words joined by '-' ("Mise en œuvre" → "mise-en-oeuvre"); may be empty."""
    text = strip_accents(text).lower().replace("œ", "oe").replace("æ", "ae")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")
