"""What the benchmarks report: the machine and versions a run was on, tables on stdout and in
Markdown, and ``RESULTS.md``, in which each benchmark owns one ``# `` section and replaces only
that one.
"""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import os
import platform
import subprocess
from collections.abc import Iterable
from pathlib import Path

DEFAULT_RESULTS = Path(__file__).resolve().with_name("RESULTS.md")


# --------------------------------------------------------------------------- the machine, the versions

def machine() -> dict[str, str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(next(l for l in Path("/proc/meminfo").read_text().splitlines()
                      if l.startswith("MemTotal")).split()[1])
        mem = f", {kb / 1024 / 1024:.0f} GiB RAM"
    except (OSError, StopIteration, ValueError):
        pass
    return {"cpu": f"{os.cpu_count()} cores ({cpu}){mem}",
            "os": f"{platform.system()} {platform.release()}",
            "python": platform.python_version()}


def module_version(dist: str) -> str | None:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return None


def tool_version(cmd: list[str]) -> str:
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return "?"
    text = (out.stdout + out.stderr).strip().splitlines()
    return text[0] if text else "?"


def run_lines(dists: Iterable[str], tools: Iterable[str] = ()) -> str:
    """The date, machine and versions lines that open a load benchmark's section: Python, each
    installed distribution of ``dists``, then ``tools`` (version strings already read)."""
    m = machine()
    versions = [f"Python {m['python']}", *(f"{d} {v}" for d in dists if (v := module_version(d))), *tools]
    return (f"- date: {dt.datetime.now().astimezone().strftime('%Y-%m-%d %H:%M %Z')}\n"
            f"- machine: {m['cpu']}; {m['os']}; loopback only; the load generator shares the same cores\n"
            f"- versions: {', '.join(versions)}")


# --------------------------------------------------------------------------- tables

def fmt_bg(bg: float | None) -> str:
    """A share of the CPUs busy with other processes (``wait_quiet``'s reading), as a percentage."""
    return "?" if bg is None else f"{bg * 100:.0f}%"


def _row(cells: list[str], widths: list[int]) -> str:
    return "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths)))


def print_table(header: list[str], rows: list[list[str]]) -> None:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    print(_row(header, widths))
    print(_row(["-" * w for w in widths], widths))
    for r in rows:
        print(_row(r, widths))


def md_table(header: list[str], rows: list[list[str]]) -> str:
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" if i == 0 else "---:" for i in range(len(header))) + "|"]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(out)


# --------------------------------------------------------------------------- RESULTS.md

def notes_block(heading: str, notes: list[str]) -> str:
    """``heading:`` then one bullet a note, to end a section with; nothing without notes."""
    return f"\n{heading}:\n\n" + "\n".join(f"- {n}" for n in notes) + "\n" if notes else ""


def replace_section(path: Path, text: str) -> None:
    """Write ``text`` (starting with a ``# Title`` line) into ``path``, replacing the section with
    the same title (up to the next ``# `` heading) and keeping the others (each benchmark owns one)."""
    title = text.splitlines()[0]
    if not title.startswith("# "):
        raise ValueError("a section starts with a '# ' heading")
    try:
        lines = path.read_text().splitlines(keepends=True)
    except FileNotFoundError:
        lines = []
    sections: list[list[str]] = []
    for line in lines:
        if line.startswith("# ") or not sections:
            sections.append([])
        sections[-1].append(line)
    body = text if text.endswith("\n") else text + "\n"
    out, replaced = [], False
    for sec in sections:
        if sec[0].rstrip("\n") == title:
            out.append(body)
            replaced = True
        else:
            out.append("".join(sec))
    if not replaced:
        out.append(body)
    path.write_text("\n".join(part.rstrip("\n") + "\n" for part in out if part.strip()))
