"""rdflib-endpoint serving the same named graphs as ``ogpgraph serve``: a peer for benchmarks/sparql.py.

Started by sparql.py as ``uvicorn --app-dir benchmarks --factory rdflib_endpoint_app:create``;
``OGPGRAPH_BENCH_GRAPHS`` holds a JSON list of ``[graph IRI, Turtle file]`` pairs. Each file is
parsed into its own named graph of an rdflib ``Dataset(default_union=True)``, so the default graph
is the union, as in our store. Not part of the service; needs the ``bench`` extra.
"""

from __future__ import annotations

import json
import os

from rdflib import Dataset, URIRef
from rdflib_endpoint import SparqlEndpoint


def create() -> SparqlEndpoint:
    dataset = Dataset(default_union=True)
    for iri, path in json.loads(os.environ["OGPGRAPH_BENCH_GRAPHS"]):
        dataset.graph(URIRef(iri)).parse(path, format="turtle")
    return SparqlEndpoint(graph=dataset, path="/sparql", cors_enabled=False,
                          title="ogpgraph benchmark peer (rdflib-endpoint)")
