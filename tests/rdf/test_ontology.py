"""The OGP ontology (``ontology/ogp.ttl``): complete, documented, OWL 2 DL-friendly,
and covering every ``ogp:`` term the emitter and the built data use."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, VANN, XSD

ROOT = Path(__file__).resolve().parents[2]
ONTOLOGY_PATH = ROOT / "ontology/ogp.ttl"
EMIT_PATHS = (ROOT / "src/ogpgraph/rdf/emit.py", ROOT / "src/ogpgraph/rdf/registry.py")
DATA_TTL = ROOT / "data/ttl"

ONTOLOGY_IRI = URIRef("https://w3id.org/ogpgraph/def/ogp")
NS = str(ONTOLOGY_IRI) + "#"

KINDS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
PROPERTY_KINDS = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)


@pytest.fixture(scope="module")
def onto() -> Graph:
    g = Graph()
    g.parse(ONTOLOGY_PATH, format="turtle")
    return g


def ogp_terms(g: Graph) -> set[URIRef]:
    """Every ``ogp:`` IRI the ontology mentions, in any position."""
    return {
        node for triple in g for node in triple
        if isinstance(node, URIRef) and str(node).startswith(NS)
    }


def declared(g: Graph) -> dict[URIRef, set[URIRef]]:
    """IRI → the OWL kinds it is declared as."""
    out: dict[URIRef, set[URIRef]] = {}
    for kind in KINDS:
        for s in g.subjects(RDF.type, kind):
            if isinstance(s, URIRef):
                out.setdefault(s, set()).add(kind)
    return out


def local(term: URIRef) -> str:
    return str(term)[len(NS):]


def emitted_names() -> set[str]:
    source = "\n".join(path.read_text(encoding="utf-8") for path in EMIT_PATHS)
    names = set(re.findall(r"\bOGP\.([A-Za-z_][A-Za-z0-9_]*)", source))
    names |= set(re.findall(r"\bOGP\[\s*[\"']([^\"']+)[\"']\s*\]", source))
    return names


# -- the ontology header ------------------------------------------------------


def test_ontology_header(onto: Graph) -> None:
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in onto
    assert set(onto.subjects(RDF.type, OWL.Ontology)) == {ONTOLOGY_IRI}
    assert onto.value(ONTOLOGY_IRI, OWL.versionInfo) == Literal("0.1.0")
    assert onto.value(ONTOLOGY_IRI, OWL.versionIRI) == URIRef(str(ONTOLOGY_IRI) + "/0.1.0")
    for prop in (DCTERMS.title, DCTERMS.description):
        langs = {o.language for o in onto.objects(ONTOLOGY_IRI, prop) if isinstance(o, Literal)}
        assert {"fr", "en"} <= langs, prop
    created = onto.value(ONTOLOGY_IRI, DCTERMS.created)
    assert isinstance(created, Literal) and created.datatype == XSD.date
    assert isinstance(onto.value(ONTOLOGY_IRI, DCTERMS.license), URIRef)
    assert onto.value(ONTOLOGY_IRI, VANN.preferredNamespacePrefix) == Literal("ogp")
    assert str(onto.value(ONTOLOGY_IRI, VANN.preferredNamespaceUri)) == NS


# -- every term documented ----------------------------------------------------


def test_ontology_defines_terms(onto: Graph) -> None:
    assert len(ogp_terms(onto)) > 40


def test_every_ogp_term_is_declared(onto: Graph) -> None:
    kinds = declared(onto)
    undeclared = sorted(local(t) for t in ogp_terms(onto) if t not in kinds)
    assert not undeclared, f"ogp: terms mentioned but not declared: {undeclared}"


@pytest.mark.parametrize("prop", [RDFS.label, SKOS.definition])
def test_every_ogp_term_has_french_and_english(onto: Graph, prop: URIRef) -> None:
    missing = []
    for term in sorted(ogp_terms(onto)):
        values = [o for o in onto.objects(term, prop) if isinstance(o, Literal)]
        langs = [o.language for o in values]
        if sorted(set(langs)) != ["en", "fr"] or len(langs) != 2 or any(not str(o).strip() for o in values):
            missing.append((local(term), langs))
    assert not missing, f"need exactly one non-empty @fr and one @en {prop.n3()}: {missing}"


def test_every_ogp_term_is_defined_by_the_ontology(onto: Graph) -> None:
    wrong = [local(t) for t in sorted(ogp_terms(onto))
             if list(onto.objects(t, RDFS.isDefinedBy)) != [ONTOLOGY_IRI]]
    assert not wrong, f"rdfs:isDefinedBy missing or wrong on: {wrong}"


def test_derived_ogp_value_says_it_is_derived(onto: Graph) -> None:
    term = URIRef(NS + "derivedOgpValue")
    for definition in onto.objects(term, SKOS.definition):
        text = str(definition).lower()
        assert "dériv" in text or "derived" in text
        assert "ogp:relevance" in text


# -- the emitter's terms ------------------------------------------------------


def test_emitter_terms_found() -> None:
    # guards the regex: these are certainly used by the emitter
    assert {"Commitment", "Milestone", "hasMilestone", "sha256", "startLine"} <= emitted_names()


def test_every_emitted_term_is_declared(onto: Graph) -> None:
    kinds = declared(onto)
    missing = sorted(n for n in emitted_names() if URIRef(NS + n) not in kinds)
    assert not missing, f"OGP terms used in the emitters but not declared in ogp.ttl: {missing}"


# -- OWL 2 DL hygiene ---------------------------------------------------------


def test_no_term_has_two_kinds(onto: Graph) -> None:
    clashes = {str(t): sorted(k.n3() for k in ks)
               for t, ks in declared(onto).items() if len(ks) > 1}
    assert not clashes, f"terms declared with more than one OWL kind: {clashes}"


def test_no_property_both_object_and_datatype(onto: Graph) -> None:
    both = set(onto.subjects(RDF.type, OWL.ObjectProperty)) & set(onto.subjects(RDF.type, OWL.DatatypeProperty))
    assert not both


def test_axioms_only_mention_declared_terms(onto: Graph) -> None:
    """Every named class or property an axiom mentions is declared (OWL 2 DL needs it)."""
    kinds = declared(onto)
    builtin_annotations = {RDFS.label, RDFS.comment, RDFS.seeAlso, RDFS.isDefinedBy, OWL.versionInfo}
    datatypes = {XSD.integer, XSD.string, XSD.date, XSD.boolean, XSD.anyURI}  # all in the OWL 2 datatype map
    wanted: list[tuple[URIRef, tuple[URIRef, ...]]] = []
    for s, o in onto.subject_objects(RDFS.subClassOf):
        wanted += [(s, (OWL.Class,)), (o, (OWL.Class,))]
    for s, o in onto.subject_objects(RDFS.subPropertyOf):
        wanted += [(s, PROPERTY_KINDS), (o, PROPERTY_KINDS)]
    for s, o in onto.subject_objects(OWL.inverseOf):
        wanted += [(s, (OWL.ObjectProperty,)), (o, (OWL.ObjectProperty,))]
    for s, o in onto.subject_objects(RDFS.domain):
        wanted += [(s, PROPERTY_KINDS), (o, (OWL.Class,))]
    for union in onto.objects(None, OWL.unionOf):
        wanted += [(member, (OWL.Class,)) for member in Collection(onto, union)]
    for s, o in onto.subject_objects(RDFS.range):
        if (s, RDF.type, OWL.DatatypeProperty) in onto:
            assert o in datatypes, f"{s} has range {o}, not an OWL 2 datatype used here"
        else:
            wanted.append((o, (OWL.Class,)))
    bad = sorted({
        str(term) for term, allowed in wanted
        if isinstance(term, URIRef) and term not in builtin_annotations
        and not kinds.get(term, set()) & set(allowed)
    })
    assert not bad, f"terms used in axioms without a matching declaration: {bad}"


def test_sub_properties_keep_their_kind(onto: Graph) -> None:
    kinds = declared(onto)
    builtin_annotations = {RDFS.seeAlso, RDFS.label, RDFS.comment}
    for sub, sup in onto.subject_objects(RDFS.subPropertyOf):
        sup_kinds = {OWL.AnnotationProperty} if sup in builtin_annotations else kinds.get(sup, set())
        assert kinds.get(sub, set()) == sup_kinds, f"{sub} and its super-property {sup} are of different kinds"


def test_classes_and_properties_have_the_right_kind(onto: Graph) -> None:
    kinds = declared(onto)
    for term, ks in kinds.items():
        if not str(term).startswith(NS):
            continue
        if local(term)[0].isupper():
            assert ks == {OWL.Class}, term
        else:
            assert ks <= set(PROPERTY_KINDS) and ks, term


# -- alignments ---------------------------------------------------------------


def superclasses(g: Graph, cls: URIRef) -> set[URIRef]:
    return set(g.transitive_objects(cls, RDFS.subClassOf)) - {cls}


@pytest.mark.parametrize("name", ["Commitment", "Milestone", "ActionPlan"])
def test_plans_are_prov_plans(onto: Graph, name: str) -> None:
    cls = URIRef(NS + name)
    assert (cls, RDF.type, OWL.Class) in onto
    assert PROV.Plan in superclasses(onto, cls)


def test_named_initiatives_are_entities_not_plans(onto: Graph) -> None:
    # ogp:Programme holds events, prizes and platforms too ("JO 2024", "RightsCon", "FR-Alert"),
    # which are no "set of actions intended by agents": entailing prov:Plan for them would be false.
    assert superclasses(onto, URIRef(NS + "Programme")) == {PROV.Entity}


@pytest.mark.parametrize("name", ["Commitment", "Milestone", "ActionPlan", "Contact", "LegalText",
                                  "Programme", "TextPassage"])
def test_classes_are_aligned_with_an_established_vocabulary(onto: Graph, name: str) -> None:
    external = {c for c in superclasses(onto, URIRef(NS + name)) if not str(c).startswith(NS)}
    assert external, f"ogp:{name} has no super-class outside the ogp: namespace"


def test_property_alignments(onto: Graph) -> None:
    O = lambda n: URIRef(NS + n)  # noqa: E731
    SCHEMA = "https://schema.org/"
    expected = {
        (O("startDate"), URIRef(SCHEMA + "startDate")),
        (O("endDate"), URIRef(SCHEMA + "endDate")),
        (O("hasCommitment"), DCTERMS.hasPart),
        (O("hasChapter"), DCTERMS.hasPart),
        (O("citesLegalText"), DCTERMS.references),
        (O("webAddress"), RDFS.seeAlso),
        (O("leadOrganisation"), PROV.wasAttributedTo),
        (O("stateActor"), O("involvedActor")),
        (O("otherActor"), O("involvedActor")),
        (O("responsibleContact"), O("contact")),
        (O("operationalContact"), O("contact")),
    }
    for part in ("problem", "commitmentStatement", "solution", "relevance", "descriptionIntroduction",
                 "additionalInformation", "note"):
        expected.add((O(part), O("descriptionPart")))
        assert onto.value(O(part), RDFS.range) == O("TextPassage")
    missing = sorted(str(p) for p in expected if (p[0], RDFS.subPropertyOf, p[1]) not in onto)
    assert not missing
    assert (O("hasMilestone"), OWL.inverseOf, O("milestoneOf")) in onto
    assert onto.value(O("mentionsAmount"), RDFS.range) == URIRef(SCHEMA + "MonetaryAmount")
    assert onto.value(O("startDate"), RDFS.range) == XSD.date
    assert onto.value(O("endDate"), RDFS.range) == XSD.date


# -- the built data -----------------------------------------------------------


def test_data_uses_only_defined_terms(onto: Graph) -> None:
    files = sorted(DATA_TTL.glob("**/*.ttl")) if DATA_TTL.is_dir() else []
    if not files:
        pytest.skip(reason="no built Turtle in data/ttl/ yet (run `ogpgraph build` first)")
    kinds = declared(onto)
    undefined: set[str] = set()
    misused: set[str] = set()
    for path in files:
        g = Graph()
        g.parse(path, format="turtle")
        for s, p, o in g:
            for node in (s, p, o):
                if isinstance(node, URIRef) and str(node).startswith(NS) and node not in kinds:
                    undefined.add(f"{local(node)} ({path.name})")
            if p == RDF.type and str(o).startswith(NS) and kinds.get(o) not in (None, {OWL.Class}):
                misused.add(f"{local(o)} used as a class")
            if str(p).startswith(NS) and p in kinds:
                if isinstance(o, Literal) and OWL.ObjectProperty in kinds[p]:
                    misused.add(f"{local(p)} (object property) with a literal")
                if not isinstance(o, Literal) and OWL.DatatypeProperty in kinds[p]:
                    misused.add(f"{local(p)} (datatype property) with a resource")
    assert not undefined, f"ogp: terms used in data/ttl but not defined: {sorted(undefined)}"
    assert not misused, sorted(misused)
