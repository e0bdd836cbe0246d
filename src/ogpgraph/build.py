"""The whole journey in one call: source → model → resolved → graphs → ``data/ttl/``."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from . import paths
from .build_record import write_record
from .graphs import OUTPUT_FILES
from .iris import DEFAULT_BASE_IRI, Minter
from .model import ActionPlan, ContactsMode
from .rdf.emit import PlanGraphs, emit
from .rdf.entail import entailed
from .rdf.namespaces import ORG, RDF
from .rdf.registry import emit_registry
from .rdf.serialise import write_turtle
from .resolve import Resolver, resolve_plan, resolve_registry
from .source.lines import SOURCE_NAME
from .source.parse import parse_plan
from .source.programmes import load_catalogue
from .source.registry import REGISTRY_NAME, RegistryError, read_registry

DEFAULT_SOURCE = paths.SOURCE_DIR / SOURCE_NAME
DEFAULT_OUT = paths.DATA_DIR
DEFAULT_REGISTRY = paths.REGISTRY_DIR / REGISTRY_NAME

_HEADER = (
    "Built by `ogpgraph build` from {source} (sha256 {sha}).\n"
    "Do not edit: change the parser or data/reference/ and rebuild.\n"
)
_REGISTRY_HEADER = (
    "Built by `ogpgraph build` from {source} (sha256 {sha}),\n"
    "the facts read from the OGP's commitment registry pages (see data/source/ogp-registry/README.md).\n"
    "Do not edit: change the registry copy or src/ogpgraph/rdf/registry.py and rebuild.\n"
)
_REGISTRY_PARTS = ("registry", "irm_review")
_ENTAILED_HEADER = (
    "Built by `ogpgraph build`: the triples the ontology entails from the other files of this\n"
    "directory and that they do not state (sub-property, sub-class, domain and range:\n"
    "src/ogpgraph/rdf/entail.py). Not read in the document: derived from what was.\n"
    "Ontology: {ontology} (sha256 {sha}).\n"
)


@dataclass
class BuildResult:
    plan: ActionPlan
    graphs: PlanGraphs
    files: list[Path]
    registry_sha256: str = ""


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
                 contacts: ContactsMode = "full", registry: Path = DEFAULT_REGISTRY,
                 ) -> tuple[ActionPlan, PlanGraphs, str]:
    """The plan and its graphs, and the sha256 of the registry file read."""
    plan, resolver = load_plan(source)
    # Curated organisations get their reviewed labels; the others are labelled
    # by the emitter with the spelling the document uses.
    labels = {k: (resolver.organisation_label(k), resolver.organisation_altlabels(k))
              for k in _organisation_keys(plan) if k in resolver.organisations}
    minter = Minter(base_iri)
    graphs = emit(plan, minter, load_catalogue(), contacts, labels)
    records, registry_sha = read_registry(registry)
    numbers = {c.number for c in plan.commitments}
    if {r.number for r in records} != numbers:
        raise RegistryError(f"{registry} must have one row per commitment of the plan (1-{max(numbers)})")
    organisations = set(graphs.facts.subjects(RDF.type, ORG.Organization))
    emit_registry(resolve_registry(records, resolver), minter, graphs.registry, graphs.irm_review, organisations)
    ontology = Graph().parse(paths.ONTOLOGY, format="turtle")
    for triple in entailed([g for part, g in graphs.items() if part != "entailed"], ontology):
        graphs.entailed.add(triple)
    return plan, graphs, registry_sha


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
          contacts: ContactsMode = "full", registry: Path = DEFAULT_REGISTRY) -> BuildResult:
    """Build the graphs and write them as Turtle under ``out`` (deterministic bytes)."""
    plan, graphs, registry_sha = build_graphs(source, base_iri, contacts, registry)
    header = _HEADER.format(source=plan.source_path, sha=plan.source_sha256)
    registry_header = _REGISTRY_HEADER.format(source=paths.display(registry), sha=registry_sha)
    entailed_header = _ENTAILED_HEADER.format(ontology=paths.display(paths.ONTOLOGY),
                                              sha=hashlib.sha256(paths.ONTOLOGY.read_bytes()).hexdigest())
    files = []
    for part, graph in graphs.items():
        path = out / OUTPUT_FILES[part]
        write_turtle(graph, path, entailed_header if part == "entailed"
                     else registry_header if part in _REGISTRY_PARTS else header)
        files.append(path)
    # What was written, so that a store can refuse a file cut short (build_record.py)
    files.append(write_record(out, {OUTPUT_FILES[part]: len(graph) for part, graph in graphs.items()}))
    return BuildResult(plan, graphs, files, registry_sha)
