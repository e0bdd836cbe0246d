"""Running an in-process SHACL engine: pyshacl (the reference) or pyshacl-turbo.

``ogpgraph validate [FILE|URL ...]`` comes here (:func:`validate`): the data loaded
(:mod:`ogpgraph.shacl.inputs`), the engine run (:func:`run_shacl`), its results graph turned
into the report model (:mod:`ogpgraph.shacl.report`).

Severity threshold: ``--severity violation`` (the default) makes only Violations
non-conforming, ``warning`` also Warnings, ``info`` every result. The threshold is
pyshacl's own ``allow_warnings`` / ``allow_infos``, so the ``sh:conforms`` of the
Turtle and JSON-LD reports agrees with the exit code.

The engines, both with pyshacl's ``validate()`` signature: ``pyshacl`` (the reference and
the default) and ``pyshacl-turbo`` (a Rust engine from PyPI, selectable with
``ogpgraph validate --engine pyshacl-turbo``). :func:`in_process_engine` picks one. The
out-of-process engine, shacl-engine under Node, is :mod:`ogpgraph.shacl.engines`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Iterable

from rdflib import Graph, Literal
from rdflib.namespace import OWL, RDF, SH

from .inputs import DEFAULT_SHAPES, ONTOLOGY, InputError, QueryCachingGraph, load_data, load_shapes, one_line
from .report import SEVERITIES, Report, build_report

IN_PROCESS = ("pyshacl", "pyshacl-turbo")
DEFAULT_ENGINE = "pyshacl"
ENGINES = IN_PROCESS
INFERENCE = ("none", "rdfs", "owlrl")


class EngineUnavailable(ValueError):
    """The engine asked for is not installed here: the message says how to install it.

    A ValueError, like any other impossible option value: ``ogpgraph validate`` exits 2 with it.
    """


def in_process_engine(name: str) -> tuple[Callable, tuple[type[Exception], ...]]:
    """pyshacl's ``validate`` or pyshacl-turbo's (same signature), and the errors it reports input faults with."""
    if name == "pyshacl":
        from pyshacl import validate
        from pyshacl.errors import ReportableRuntimeError

        return validate, (ReportableRuntimeError,)
    if name == "pyshacl-turbo":
        try:
            from pyshacl_turbo import ReportableRuntimeError as TurboError
            from pyshacl_turbo import validate as turbo_validate
        except ImportError:
            raise EngineUnavailable("engine pyshacl-turbo is not installed: pip install pyshacl-turbo") from None
        # It reports a malformed shape or an unparseable SPARQL query with a plain ValueError.
        return turbo_validate, (TurboError, ValueError)
    raise ValueError(f"engine must be one of {', '.join(IN_PROCESS)}, not {name!r}")


def validate(inputs: Iterable[str] | None = None, shapes: Path | str = DEFAULT_SHAPES,
             inference: str = "none", severity: str = "violation", engine: str = DEFAULT_ENGINE) -> Report:
    """Load, validate, and build the report."""
    shapes_graph = load_shapes(shapes)
    data = load_data(inputs)
    conforms, results = run_shacl(data, shapes_graph, inference, severity, engine)
    return build_report(conforms, results, data, shapes_graph, severity)


def validate_graph(data: Graph, shapes: Path | str | Graph = DEFAULT_SHAPES, severity: str = "violation") -> Report:
    """Validate an already loaded graph against the shapes (no inference) and build the report."""
    shapes_graph = shapes if isinstance(shapes, Graph) else load_shapes(shapes)
    conforms, results = run_shacl(data, shapes_graph, "none", severity)
    return build_report(conforms, results, data, shapes_graph, severity)


def run_shacl(data: Graph, shapes: Graph, inference: str = "none", severity: str = "violation",
              engine: str = DEFAULT_ENGINE) -> tuple[bool, Graph]:
    """Validate ``data`` in place (inference, if any, adds to it); the engine's (conforms, results graph).

    ``engine``: ``pyshacl`` (the default) or ``pyshacl-turbo``, which gives the same
    reports faster (:func:`in_process_engine`; docs/shacl-engines.md).
    """
    shacl_validate, engine_errors = in_process_engine(engine)
    if inference not in INFERENCE:
        raise ValueError(f"inference must be one of {INFERENCE}, not {inference!r}")
    if severity not in SEVERITIES:
        raise ValueError(f"severity must be one of {SEVERITIES}, not {severity!r}")
    if not isinstance(data, QueryCachingGraph):
        cached = QueryCachingGraph()
        for prefix, ns in data.namespaces():
            cached.bind(prefix, ns, override=True)
        cached += data
        data = cached
    ontology = None
    if inference != "none" and (None, RDF.type, OWL.Ontology) not in data:
        ontology = Graph().parse(ONTOLOGY, format="turtle")
    try:
        # In place only when inference adds to the data: without it pyshacl validates the graph
        # itself either way, and pyshacl-turbo in place diffs its whole copy of the graph against
        # ours afterwards (a third of its time on 10 copies, growing faster than the data).
        conforms, results, text = shacl_validate(
            data, shacl_graph=shapes, ont_graph=ontology,
            inference=inference, abort_on_first=False, inplace=inference != "none",
            allow_warnings=severity == "violation", allow_infos=severity in ("violation", "warning"))
    except engine_errors as exc:  # a malformed shape (--shapes), a failing SPARQL constraint
        raise InputError(f"cannot validate: {one_line(getattr(exc, 'message', None) or exc)}") from None
    if not isinstance(results, Graph):  # both engines return a ValidationFailure (e.g. VALUES in sh:select)
        raise InputError(f"cannot validate: {one_line(text)}")
    _tag_messages(results, shapes)
    return bool(conforms), results


def _tag_messages(results: Graph, shapes: Graph) -> None:
    """Give SHACL-SPARQL results their language-tagged messages back.

    pyshacl substitutes ``{?value}`` in a SPARQL constraint's messages and returns
    them, and the shape's, without language tag. Replace those with the
    constraint's own ``sh:message`` literals (or else the shape's), substituted.
    """
    for r in list(results.subjects(RDF.type, SH.ValidationResult)):
        messages = list(results.objects(r, SH.resultMessage))
        if not messages or any(isinstance(m, Literal) and m.language for m in messages):
            continue
        constraint = results.value(r, SH.sourceConstraint)
        shape = results.value(r, SH.sourceShape)
        tagged = []
        for node in (constraint, shape):
            if node is None:
                continue
            tagged = [m for m in shapes.objects(node, SH.message) if isinstance(m, Literal) and m.language]
            if tagged:
                break
        if not tagged:
            continue
        value = results.value(r, SH.value)
        focus = results.value(r, SH.focusNode)
        results.remove((r, SH.resultMessage, None))
        for m in tagged:
            text = str(m).replace("{?value}", "" if value is None else str(value))
            text = text.replace("{$this}", str(focus)).replace("{?this}", str(focus))
            results.add((r, SH.resultMessage, Literal(text, lang=m.language)))
