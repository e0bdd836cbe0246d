"""The whole journey in one call: source → model → resolved → graphs → ``data/ttl/``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .iris import DEFAULT_BASE_IRI, Minter
from .model import ActionPlan
from .rdf.emit import ContactsMode, PlanGraphs, emit
from .rdf.serialise import write_turtle
from .resolve import Resolver, resolve_plan
from .source.lines import SOURCE_NAME
from .source.parse import parse_plan
from .source.programmes import load_catalogue

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_SOURCE = PROJECT_ROOT / "data" / "source" / SOURCE_NAME
DEFAULT_OUT = PROJECT_ROOT / "data" / "ttl"

# file name in data/ttl → the part of PlanGraphs it holds
OUTPUT_FILES = {
    "facts": "fr-2021-2023.ttl",
    "provenance": "fr-2021-2023-provenance.ttl",
    "vocabularies": "vocabularies.ttl",
}

_HEADER = (
    "Built by `ogpgraph build` from {source} (sha256 {sha}).\n"
    "Do not edit: change the parser or data/reference/ and rebuild.\n"
)


@dataclass
class BuildResult:
    plan: ActionPlan
    graphs: PlanGraphs
    files: list[Path]


def load_plan(source: Path = DEFAULT_SOURCE) -> tuple[ActionPlan, Resolver]:
    """Parse and resolve the plan (no RDF yet)."""
    catalogue = load_catalogue()
    plan = parse_plan(source, catalogue)
    resolver = Resolver.load()
    resolve_plan(plan, resolver)
    plan.publisher_key = resolver.organisation_key(plan.publisher)
    if plan.coordinator:
        plan.coordinator.key = resolver.organisation_key(plan.coordinator.text)
    return plan, resolver


def build_graphs(source: Path = DEFAULT_SOURCE, base_iri: str = DEFAULT_BASE_IRI,
                 contacts: ContactsMode = "full") -> tuple[ActionPlan, PlanGraphs]:
    plan, resolver = load_plan(source)
    # Curated organisations get their reviewed labels; the others are labelled
    # by the emitter with the spelling the document uses.
    labels = {k: (resolver.organisation_label(k), resolver.organisation_altlabels(k))
              for k in _organisation_keys(plan) if k in resolver.organisations}
    graphs = emit(plan, Minter(base_iri), load_catalogue(), contacts, labels)
    return plan, graphs


def _organisation_keys(plan: ActionPlan) -> set[str]:
    keys = {plan.publisher_key} if plan.publisher_key else set()
    if plan.coordinator and plan.coordinator.key:
        keys.add(plan.coordinator.key)
    for c in plan.commitments:
        keys |= {m.key for m in c.leads if m.key}
        keys |= {a.mention.key for a in c.actors if a.mention.key}
        keys |= {x.organisation_key for x in c.contacts if x.organisation_key}
    return keys


def build(out: Path = DEFAULT_OUT, source: Path = DEFAULT_SOURCE, base_iri: str = DEFAULT_BASE_IRI,
          contacts: ContactsMode = "full") -> BuildResult:
    """Build the graphs and write them as Turtle under ``out`` (deterministic bytes)."""
    plan, graphs = build_graphs(source, base_iri, contacts)
    header = _HEADER.format(source=plan.source_path, sha=plan.source_sha256)
    files = []
    for part, graph in graphs.items():
        path = out / OUTPUT_FILES[part]
        write_turtle(graph, path, header)
        files.append(path)
    return BuildResult(plan, graphs, files)
