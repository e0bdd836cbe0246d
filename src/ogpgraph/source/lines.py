"""Reading the source text into numbered logical lines.

The text was made from a PDF: a few physical lines hold a whole HTML table row
(``<p>Date de début…</p> <p>2022-2023</p> <p>Ministère porteur</p> …``). We
split those into one logical line per ``<p>`` cell, each keeping the number of
the physical line it came from, so everything downstream sees plain lines.
"""

from __future__ import annotations

import hashlib
import html
import re
from dataclasses import dataclass
from pathlib import Path

SOURCE_NAME = "liasse-des-engagements-2021-12.txt"
SOURCE_SHA256 = "515ffac6cb74077aaa5cf5852e64826b0db9817baec3c0ec402ccbc3699c42bc"

_P_CELL = re.compile(r"<p\b[^>]*>(.*?)</p>", re.S)
_TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Line:
    """A logical line: its text (trimmed, markup removed) and its physical line number."""

    number: int  # 1-based line of the source file
    text: str


class SourceError(Exception):
    """The source document is missing or is not the one this parser was written for."""


def read_checked(path: Path, expected_sha256: str, what: str, expected: str,
                 error: type[SourceError] = SourceError) -> tuple[str, str]:
    """The text of ``path`` and its sha256, refusing any file but the one expected.

    The parser's rules were written against exact files; running them on a different
    one would silently produce a different graph. ``what`` names the file in errors
    ("the source document"), ``expected`` what it must be ("the byte-identical copy of…");
    an empty ``expected_sha256`` accepts any file (tests of other copies).
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise error(f"cannot read {what} {path}: {exc.strerror}") from exc
    digest = hashlib.sha256(data).hexdigest()
    if expected_sha256 and digest != expected_sha256:
        raise error(f"{path} has sha256 {digest}, expected {expected_sha256}: it is not {expected}")
    return data.decode("utf-8"), digest


def read_source(path: Path, expected_sha256: str = SOURCE_SHA256) -> tuple[str, str]:
    """The document's text and sha256, refusing any other document."""
    return read_checked(path, expected_sha256, "the source document",
                        "the byte-identical copy of the December 2021 document")


def physical_lines(text: str) -> list[str]:
    """The file's lines, without line terminators (index 0 is line 1)."""
    return text.split("\n")[:-1] if text.endswith("\n") else text.split("\n")


def logical_lines(physical: list[str]) -> list[Line]:
    """Non-blank logical lines, in document order."""
    out: list[Line] = []
    for number, raw in enumerate(physical, start=1):
        if "<p" in raw:
            cells = [html.unescape(_TAG.sub("", cell)) for cell in _P_CELL.findall(raw)]
        else:
            # Elsewhere "<…>" is not markup: the text writes links as <https://…>.
            cells = [raw]
        for cell in cells:
            text = cell.replace("\xa0", " ").strip()
            if text:
                out.append(Line(number, text))
    return out
