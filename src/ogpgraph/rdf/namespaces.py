"""Namespaces, and the OGP ontology terms the graph uses.

The ontology namespace is fixed (it names the vocabulary, not a deployment); the
data base IRI is configurable (see ``ogpgraph.iris``). Every ``OGP`` term used
by the emitter must be defined in ``ontology/ogp.ttl``: a test checks it.
"""

from rdflib import Namespace
from rdflib.namespace import DCAT, DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SKOS, TIME, XSD

ONTOLOGY_IRI = "https://w3id.org/ogpgraph/def/ogp"
OGP = Namespace(ONTOLOGY_IRI + "#")
OA = Namespace("http://www.w3.org/ns/oa#")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
SCHEMA = Namespace("https://schema.org/")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
RFC5147 = "http://tools.ietf.org/rfc/rfc5147"
EU_COUNTRY = Namespace("http://publications.europa.eu/resource/authority/country/")

PREFIXES = {
    "ogp": OGP,
    "oa": OA,
    "eli": ELI,
    "schema": SCHEMA,
    "dcat": DCAT,
    "dcterms": DCTERMS,
    "foaf": FOAF,
    "org": ORG,
    "owl": OWL,
    "prov": PROV,
    "rdf": RDF,
    "rdfs": RDFS,
    "skos": SKOS,
    "time": TIME,
    "vcard": VCARD,
    "xsd": XSD,
}

__all__ = [
    "OGP", "OA", "ELI", "SCHEMA", "DCAT", "DCTERMS", "FOAF", "ORG", "OWL", "PROV", "RDF", "RDFS",
    "SKOS", "TIME", "VCARD", "XSD", "PREFIXES", "ONTOLOGY_IRI", "RFC5147", "EU_COUNTRY",
]
