"""Real excerpts of the source document for the parser tests: lines by their number."""

from functools import cache

from ogpgraph import paths
from ogpgraph.source.lines import SOURCE_NAME, Line, logical_lines, physical_lines

SOURCE = paths.SOURCE_DIR / SOURCE_NAME


@cache
def document() -> tuple[Line, ...]:
    """Every logical line of the document."""
    return tuple(logical_lines(physical_lines(SOURCE.read_text(encoding="utf-8"))))


def lines_between(first: int, last: int | None = None) -> list[Line]:
    """The logical lines of physical lines ``first``..``last`` (just ``first`` when ``last`` is None)."""
    last = first if last is None else last
    return [line for line in document() if first <= line.number <= last]
