"""Namespaces, and the OGP ontology terms the graph uses.

The ontology namespace is fixed (it names the vocabulary, not a deployment); the
data base IRI is configurable (see ``ogpgraph.iris``). Every ``OGP`` term used
by the emitter must be defined in ``ontology/ogp.ttl``: a test checks it.
"""

from rdflib import Namespace
from rdflib.namespace import DCAT, DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SH, SKOS, TIME, VOID, XSD

ONTOLOGY_IRI = "https://w3id.org/ogpgraph/def/ogp"
OGP = Namespace(ONTOLOGY_IRI + "#")
SHAPES_IRI = "https://w3id.org/ogpgraph/def/shapes"
SHAPES = Namespace(SHAPES_IRI + "#")
OA = Namespace("http://www.w3.org/ns/oa#")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
SCHEMA = Namespace("https://schema.org/")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
RFC5147 = "http://tools.ietf.org/rfc/rfc5147"
EU_COUNTRY = Namespace("http://publications.europa.eu/resource/authority/country/")
EU_FILE_TYPE = Namespace("http://publications.europa.eu/resource/authority/file-type/")
EU_DATA_THEME = Namespace("http://publications.europa.eu/resource/authority/data-theme/")
EU_LANGUAGE = Namespace("http://publications.europa.eu/resource/authority/language/")
IANA_MEDIA_TYPE = Namespace("http://www.iana.org/assignments/media-types/")
SPDX = Namespace("http://spdx.org/rdf/terms#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
# W3C format IRIs (https://www.w3.org/ns/formats/), as the service description uses them
W3C_FORMATS = Namespace("http://www.w3.org/ns/formats/")

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
# What the service's documents about the dataset (description, downloads, ontology, shapes) declare:
# PREFIXES and the VoID, DCAT, SPDX and Dublin Core terms they use, as plain strings (for pyoxigraph).
OUTPUT_PREFIXES = {k: str(v) for k, v in PREFIXES.items()} | {
    "void": str(VOID), "dcat": str(DCAT), "spdx": str(SPDX), "dcterms": str(DCTERMS)}



def sparql_prefixes(*names: str) -> str:
    """``PREFIX name: <…>`` lines for the SPARQL text of the code, spelled from :data:`PREFIXES`."""
    return "".join(f"PREFIX {name}: <{PREFIXES[name]}>\n" for name in names)


__all__ = [
    "OGP", "OA", "ELI", "SCHEMA", "DCAT", "DCTERMS", "FOAF", "ORG", "OWL", "PROV", "RDF", "RDFS",
    "SKOS", "TIME", "VCARD", "XSD", "PREFIXES", "ONTOLOGY_IRI", "RFC5147", "EU_COUNTRY",
    "SH", "VOID", "SPDX", "SHAPES", "SHAPES_IRI", "EU_FILE_TYPE", "EU_DATA_THEME", "EU_LANGUAGE", "IANA_MEDIA_TYPE",
    "OUTPUT_PREFIXES", "SD", "W3C_FORMATS", "sparql_prefixes",
]
