"""Do two SHACL engines agree on the same data and shapes?

Each engine's ``sh:ValidationReport`` is reduced to a multiset of engine-neutral keys,
(focus node, source shape, severity, constraint component), and the two multisets are
compared: same keys, so same result counts and same conformance.

One difference is known and predicted rather than ignored: shacl-engine 1.x takes a
property path apart as a list of steps of plain predicates (its ``lib/parsePath.js``), so a
step whose predicates are themselves paths, such as an ``sh:alternativePath`` of
``sh:inversePath``\\ s, is read as a predicate named by a blank node, which no triple has.
Such a shape then has no value node anywhere, and shacl-engine reports one ``sh:minCount``
result on each of its focus nodes, whatever the data. SHACL 1.0 §2.3.1 allows any
well-formed path in those positions, so this is shacl-engine's bug (docs/shacl-engines.md).
:func:`misread_path_shapes` finds the shapes concerned from the shapes graph and
:func:`misread_path_results` predicts the results shacl-engine gives for them; the
comparison leaves those shapes out of the one-to-one check and checks the prediction.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH


@dataclass(frozen=True, order=True)
class ResultKey:
    """What two engines must agree on for one validation result."""

    focus: str
    shape: str
    severity: str
    component: str


def _key_text(node) -> str:
    # Blank nodes are labelled differently by each engine: they compare as one anonymous value.
    return "_:" if isinstance(node, BNode) or node is None else str(node)


def result_keys(report: Graph) -> Counter[ResultKey]:
    """The results of a ``sh:ValidationReport`` (from any engine) as a multiset of keys."""
    keys: Counter[ResultKey] = Counter()
    for result in report.subjects(RDF.type, SH.ValidationResult):
        # A result nested under sh:detail is not a top-level result of the report.
        if (None, SH.detail, result) in report:
            continue
        keys[ResultKey(
            focus=_key_text(report.value(result, SH.focusNode)),
            shape=_key_text(report.value(result, SH.sourceShape)),
            severity=_key_text(report.value(result, SH.resultSeverity)),
            component=_key_text(report.value(result, SH.sourceConstraintComponent)))] += 1
    return keys


# -- the known shacl-engine difference: paths whose steps are paths -----------------------------


_QUANTIFIED = (SH.inversePath, SH.oneOrMorePath, SH.zeroOrMorePath, SH.zeroOrOnePath)


def _step_misread(shapes: Graph, step) -> bool:
    """True if shacl-engine 1.x cannot read this path step (parseStep in its lib/parsePath.js)."""
    if isinstance(step, URIRef):
        return False
    alternatives = shapes.value(step, SH.alternativePath)
    if alternatives is not None:
        return any(not isinstance(member, URIRef) for member in shapes.items(alternatives))
    for predicate in _QUANTIFIED:
        value = shapes.value(step, predicate)
        if value is not None:
            return not isinstance(value, URIRef)
    return True  # a sequence inside a step, or not a path at all


def _path_misread(shapes: Graph, path) -> bool:
    if isinstance(path, BNode) and (path, RDF.first, None) in shapes:  # a sequence path: one step per member
        return any(_step_misread(shapes, step) for step in shapes.items(path))
    return _step_misread(shapes, path)


def misread_path_shapes(shapes: Graph) -> frozenset[str]:
    """The shapes whose sh:path shacl-engine 1.x misreads (see the module's docstring)."""
    return frozenset(str(shape) for shape, path in shapes.subject_objects(SH.path) if _path_misread(shapes, path))


def _instances(data: Graph, cls) -> set:
    classes = set(data.transitive_subjects(RDFS.subClassOf, cls)) | {cls}
    return {s for c in classes for s in data.subjects(RDF.type, c)}


def _targets(shapes: Graph, data: Graph, shape) -> set:
    """The focus nodes of a shape's own targets (SHACL 1.0 §2.1.3)."""
    nodes = set(shapes.objects(shape, SH.targetNode))
    classes = set(shapes.objects(shape, SH.targetClass))
    if (shape, RDF.type, RDFS.Class) in shapes:
        classes.add(shape)  # an implicit class target
    for cls in classes:
        nodes |= _instances(data, cls)
    for p in shapes.objects(shape, SH.targetSubjectsOf):
        nodes |= set(data.subjects(p, None))
    for p in shapes.objects(shape, SH.targetObjectsOf):
        nodes |= set(data.objects(None, p))
    return nodes


def _focus_nodes(shapes: Graph, data: Graph, shape) -> set:
    """Its own targets and, for a property shape, the focus nodes of the node shapes it belongs to."""
    nodes = _targets(shapes, data, shape)
    for parent in shapes.subjects(SH.property, shape):
        nodes |= _focus_nodes(shapes, data, parent)
    return nodes


def misread_path_results(shapes: Graph, data: Graph, shape_iris: frozenset[str]) -> Counter[ResultKey]:
    """What shacl-engine reports for shapes with a misread path: no value nodes, so a
    sh:minCount result (if the shape has sh:minCount ≥ 1) on every focus node, and nothing else."""
    predicted: Counter[ResultKey] = Counter()
    for iri in shape_iris:
        shape = URIRef(iri)
        min_count = shapes.value(shape, SH.minCount)
        if not isinstance(min_count, Literal) or int(min_count) < 1:
            continue
        severity = shapes.value(shape, SH.severity) or SH.Violation
        for node in _focus_nodes(shapes, data, shape):
            predicted[ResultKey(_key_text(node), iri, str(severity), str(SH.MinCountConstraintComponent))] += 1
    return predicted


# -- the comparison ----------------------------------------------------------------------------


@dataclass
class Comparison:
    """pyshacl (the reference) against another engine on one data set."""

    reference: Counter[ResultKey]
    other: Counter[ResultKey]
    reference_conforms: bool
    other_conforms: bool
    misread_shapes: frozenset[str] = frozenset()
    predicted: Counter[ResultKey] = field(default_factory=Counter)

    def _outside(self, keys: Counter[ResultKey]) -> Counter[ResultKey]:
        return Counter({k: n for k, n in keys.items() if k.shape not in self.misread_shapes})

    def _inside(self, keys: Counter[ResultKey]) -> Counter[ResultKey]:
        return Counter({k: n for k, n in keys.items() if k.shape in self.misread_shapes})

    @property
    def only_reference(self) -> Counter[ResultKey]:
        """Results of the reference the other engine does not give (on shapes it reads right)."""
        return self._outside(self.reference) - self._outside(self.other)

    @property
    def only_other(self) -> Counter[ResultKey]:
        """Results of the other engine the reference does not give (on shapes it reads right)."""
        return self._outside(self.other) - self._outside(self.reference)

    @property
    def prediction_holds(self) -> bool:
        """On the shapes it misreads, the other engine gives exactly the predicted results."""
        return self._inside(self.other) == self.predicted

    @property
    def unseen(self) -> Counter[ResultKey]:
        """Results of the reference on misread shapes: what the other engine cannot check."""
        return self._inside(self.reference)

    @property
    def agree(self) -> bool:
        """Same results on every shape the other engine reads right, and the known bug explains the rest."""
        return not self.only_reference and not self.only_other and self.prediction_holds

    def summary(self, other_name: str = "other") -> str:
        ref_n, other_n = sum(self.reference.values()), sum(self.other.values())
        text = (f"pyshacl: conforms={self.reference_conforms}, {ref_n} results; {other_name}: "
                f"conforms={self.other_conforms}, {other_n} results")
        if self.misread_shapes:
            text += (f"; {sum(self._inside(self.other).values())} {other_name} results on {len(self.misread_shapes)}"
                     f" misread-path shapes (predicted {sum(self.predicted.values())}), "
                     f"{sum(self.unseen.values())} pyshacl results there")
        differ = sum(self.only_reference.values()) + sum(self.only_other.values())
        return text + (f"; {differ} differences elsewhere" if differ else "; identical elsewhere")


def compare(reference: Graph, other: Graph, shapes: Graph | None = None, data: Graph | None = None,
            misread: bool = False) -> Comparison:
    """Compare two reports; ``misread``: the other engine is shacl-engine 1.x (needs shapes and data)."""
    misread_shapes = misread_path_shapes(shapes) if misread and shapes is not None else frozenset()
    predicted = misread_path_results(shapes, data, misread_shapes) if misread_shapes and data is not None \
        else Counter()
    return Comparison(
        reference=result_keys(reference), other=result_keys(other),
        reference_conforms=_conforms(reference), other_conforms=_conforms(other),
        misread_shapes=misread_shapes, predicted=predicted)


def _conforms(report: Graph) -> bool:
    value = report.value(next(report.subjects(RDF.type, SH.ValidationReport), None), SH.conforms)
    return bool(value.toPython()) if isinstance(value, Literal) else not result_keys(report)
