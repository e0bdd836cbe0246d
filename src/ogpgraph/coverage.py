""""Nothing lost" accounting: which fact, or which kind of boilerplate, explains each line.

Every non-blank line of the source must be explained, either by the span of an
extracted value (a fact the graph states, with provenance back to that line) or
as boilerplate (cover, table of contents, headings, empty bullets, back cover).
A line explained by neither was silently dropped: the test suite keeps that
list empty.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import ActionPlan, Span


@dataclass(frozen=True)
class LineStatus:
    number: int
    text: str
    status: str  # "fact" | "boilerplate" | "blank" | "unexplained"
    reason: str  # what explains it, e.g. "commitment 12: milestone 3"


def fact_spans(plan: ActionPlan) -> list[tuple[Span, str]]:
    """Every span an extracted value was read from, with a description of the value."""
    out: list[tuple[Span, str]] = [(plan.span, "plan: cover")]
    if plan.coordinator:
        out.append((plan.coordinator.span, "plan: coordinator"))
    if plan.homepage:
        out.append((plan.homepage.span, "plan: web site"))
    out += [(span, "plan: contact e-mail") for _, span in plan.contact_emails]
    for ch in plan.chapters:
        out.append((ch.span, f"chapter {ch.number}: heading"))
        if ch.toc_span:
            out.append((ch.toc_span, f"chapter {ch.number}: table of contents entry"))
    for c in plan.commitments:
        where = f"commitment {c.number}"
        out.append((c.heading_span, f"{where}: title"))
        if c.period_span:
            out.append((c.period_span, f"{where}: period"))
        out += [(x.span, f"{where}: lead organisation") for x in c.leads]
        out += [(x.span, f"{where}: {x.kind}") for x in c.parts]
        out += [(x.span, f"{where}: {x.kind}") for x in c.additional]
        out += [(x.span, f"{where}: note") for x in c.notes]
        out += [(x.span, f"{where}: milestone {x.number}") for x in c.milestones]
        out += [(x.span, f"{where}: contact") for x in c.contacts]
        out += [(x.mention.span, f"{where}: actor") for x in c.actors]
    return out


def boilerplate_spans(plan: ActionPlan) -> list[tuple[Span, str]]:
    out = [(s, "document furniture (table of contents heading, back cover)") for s in plan.boilerplate]
    for c in plan.commitments:
        out += [(s, f"commitment {c.number}: heading or empty bullet") for s in c.boilerplate]
    return out


def line_statuses(plan: ActionPlan) -> list[LineStatus]:
    """The status of every line of the document, in order."""
    explained: dict[int, tuple[str, str]] = {}
    # Boilerplate first, so a line that is also part of a fact reports the fact.
    for spans, status in ((boilerplate_spans(plan), "boilerplate"), (fact_spans(plan), "fact")):
        for span, reason in spans:
            for n in span.lines():
                explained[n] = (status, reason)
    out = []
    for n, text in enumerate(plan.lines, start=1):
        if not text.strip():
            out.append(LineStatus(n, text, "blank", ""))
        elif n in explained:
            status, reason = explained[n]
            out.append(LineStatus(n, text, status, reason))
        else:
            out.append(LineStatus(n, text, "unexplained", ""))
    return out


def unexplained(plan: ActionPlan) -> list[LineStatus]:
    return [s for s in line_statuses(plan) if s.status == "unexplained"]
