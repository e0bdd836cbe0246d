"""shapes/ogp-shapes.ttl: every shape documented in French and English, and proven to bite.

For every node and property shape there is tests/shapes/fixtures/<local name>/ with a
bad.ttl whose validation results all come from that shape (sh:sourceShape) and a good
twin good.ttl with no result at all (tests/shapes/make_fixtures.py writes them).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH

from ogpgraph.rdf.namespaces import SHAPES as SHAPES_NS
from ogpgraph.shacl.inputs import DEFAULT_SHAPES, load_shapes
from ogpgraph.shacl.run import run_shacl

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHAPES = load_shapes(DEFAULT_SHAPES)


def _named_shapes() -> list[URIRef]:
    found = set(SHAPES.subjects(RDF.type, SH.NodeShape)) | set(SHAPES.subjects(RDF.type, SH.PropertyShape))
    found |= set(SHAPES.subjects(SH.targetClass, None)) | set(SHAPES.objects(None, SH.property))
    return sorted(found)


ALL_SHAPES = _named_shapes()
NAMES = [s[len(SHAPES_NS):] for s in ALL_SHAPES if isinstance(s, URIRef) and s.startswith(SHAPES_NS)]


def test_every_shape_is_named_under_the_shapes_namespace() -> None:
    assert len(NAMES) == len(ALL_SHAPES), [s for s in ALL_SHAPES if not str(s).startswith(SHAPES_NS)]
    assert len(NAMES) > 150


@pytest.mark.parametrize("name", NAMES)
def test_shape_is_documented_in_french_and_english(name: str) -> None:
    shape = URIRef(SHAPES_NS + name)
    for prop in (SH.name, SH.description, SH.message):
        langs = sorted(o.language for o in SHAPES.objects(shape, prop) if isinstance(o, Literal))
        assert langs == ["en", "fr"], f"{name}: {prop} in {langs}"


def test_every_shape_has_a_fixture_pair() -> None:
    missing = [n for n in NAMES if not ((FIXTURES / n / "bad.ttl").is_file() and (FIXTURES / n / "good.ttl").is_file())]
    assert not missing, f"shapes without tests/shapes/fixtures/<name>/{{bad,good}}.ttl: {missing}"
    orphans = sorted(d.name for d in FIXTURES.iterdir() if d.is_dir() and d.name not in NAMES)
    assert not orphans, f"fixtures for shapes that no longer exist: {orphans}"


def test_closed_shapes_ignore_rdf_type() -> None:
    for shape in SHAPES.subjects(SH.closed, Literal(True)):
        ignored = SHAPES.value(shape, SH.ignoredProperties)
        assert ignored is not None and isinstance(ignored, BNode)
        assert (ignored, RDF.first, RDF.type) in SHAPES, shape


def _source_shapes(text: str) -> frozenset[str]:
    """The shapes that report a result on this Turtle text."""
    # Cached on the triples, not the comment: every good twin is the same world.
    return _results("".join(line for line in text.splitlines(keepends=True) if not line.startswith("#")))


@lru_cache(maxsize=None)
def _results(text: str) -> frozenset[str]:
    data = Graph().parse(data=text, format="turtle")
    _, results = run_shacl(data, SHAPES, "none", "info")
    return frozenset(str(s)[len(SHAPES_NS):] for s in results.objects(None, SH.sourceShape))


@pytest.mark.parametrize("name", NAMES)
def test_shape_bites(name: str) -> None:
    directory = FIXTURES / name
    if not directory.is_dir():
        pytest.fail(f"no fixtures for {name}")
    assert _source_shapes((directory / "good.ttl").read_text(encoding="utf-8")) == frozenset(), \
        f"{name}: good.ttl does not pass"
    assert _source_shapes((directory / "bad.ttl").read_text(encoding="utf-8")) == frozenset({name}), \
        f"{name}: bad.ttl must trigger exactly shapes:{name}"
