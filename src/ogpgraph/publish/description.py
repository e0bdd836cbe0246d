"""The VoID + DCAT (DCAT-AP-compatible) description of the dataset, and what it says in words.

The triples of :func:`dataset_triples`: the dataset with its titles, description,
keywords, licence, publisher and coverage; its VoID statistics, partitions and
subsets (from ``publish.summary``); one DCAT distribution per download with its
size and SHA-256 (from ``publish.downloads``); and the SPARQL service. Blank nodes
get fixed labels, and the triples are sorted: the same bytes in every process.
"""

from __future__ import annotations

import pyoxigraph as ox

from ..fragments import SPECIFICATION as TPF_SPECIFICATION
from ..graphs import DESCRIPTIONS
from ..iris import Minter
from ..rdf.namespaces import (DCAT, DCTERMS, EU_DATA_THEME, EU_FILE_TYPE, EU_LANGUAGE, FOAF, IANA_MEDIA_TYPE,
                              ONTOLOGY_IRI, RDF, RDFS, SPDX, VOID, XSD)
from .downloads import Dump
from .summary import DatasetSummary

# The data is French public-sector information (a government action plan and
# the facts read from it), so it is published under the State's own open
# licence, Licence Ouverte / Etalab 2.0, as data.gouv.fr expects; it is
# compatible with CC BY 4.0 and ODC-BY. (The code is MIT; the ontology says so.)
LICENCE = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
LICENCE_LABEL = "Licence Ouverte / Etalab 2.0"

TITLE = {"fr": "ogpgraph — plan d'action national de la France pour un gouvernement ouvert 2021-2023",
         "en": "ogpgraph — France's Open Government Partnership national action plan 2021-2023"}
DESCRIPTION = {
    "fr": "Graphe de connaissances en données liées du plan d'action national de la France pour le "
          "Partenariat pour un gouvernement ouvert (PGO / OGP) 2021-2023 : chapitres, engagements, jalons, "
          "contacts, acteurs, textes juridiques, montants et programmes liés, chaque fait relié aux lignes "
          "du document source dont il est tiré.",
    "en": "Linked-data knowledge graph of France's Open Government Partnership (OGP) national action plan "
          "2021-2023: chapters, commitments, milestones, contacts, actors, legal texts, amounts and related "
          "programmes, every fact linked to the lines of the source document it was read from.",
}
KEYWORDS = {"fr": ["gouvernement ouvert", "Partenariat pour un gouvernement ouvert", "plan d'action",
                   "engagements", "transparence", "participation citoyenne", "données liées"],
            "en": ["open government", "Open Government Partnership", "action plan", "commitments",
                   "transparency", "civic participation", "linked data"]}
CONTACT_NOTES = {
    "full": None,
    "role": {"fr": "Les noms, adresses électroniques et téléphones des contacts sont retirés.",
             "en": "Contacts' names, e-mail addresses and phone numbers are withheld."},
    "none": {"fr": "Les contacts des engagements sont retirés.",
             "en": "The commitments' contacts are withheld."},
}


def _iri(value: str) -> ox.NamedNode:
    return ox.NamedNode(value)


def _lit(value: object, datatype: str | None = None, lang: str | None = None) -> ox.Literal:
    if lang:
        return ox.Literal(str(value), language=lang)
    return ox.Literal(str(value), datatype=ox.NamedNode(datatype or XSD.string))


def dataset_triples(summary: DatasetSummary, dumps: dict[str, Dump]) -> list[ox.Triple]:
    """The VoID + DCAT description of the dataset, its subsets, distributions and SPARQL service."""
    ds = _iri(summary.iri)
    out: list[ox.Triple] = []

    def add(s: ox.NamedNode | ox.BlankNode, p: str, o: ox.NamedNode | ox.BlankNode | ox.Literal) -> None:
        out.append(ox.Triple(s, _iri(p), o))

    def count(n: int) -> ox.Literal:
        return _lit(n, XSD.integer)

    add(ds, RDF.type, _iri(VOID.Dataset))
    add(ds, RDF.type, _iri(DCAT.Dataset))
    for lang in ("fr", "en"):
        add(ds, DCTERMS.title, _lit(TITLE[lang], lang=lang))
        add(ds, DCTERMS.description, _lit(DESCRIPTION[lang], lang=lang))
        for word in KEYWORDS[lang]:
            add(ds, DCAT.keyword, _lit(word, lang=lang))
        note = CONTACT_NOTES[summary.contacts]
        if note:
            add(ds, RDFS.comment, _lit(note[lang], lang=lang))
    publisher = _iri(summary.iri + "#publisher")
    add(ds, DCTERMS.publisher, publisher)
    add(publisher, RDF.type, _iri(FOAF.Agent))
    add(publisher, FOAF.name, _lit("ogpgraph"))
    add(publisher, FOAF.homepage, _iri(summary.base))
    add(ds, DCTERMS.license, _iri(LICENCE))
    add(_iri(LICENCE), RDFS.label, _lit(LICENCE_LABEL))
    add(ds, DCTERMS.issued, _lit(summary.issued.date().isoformat(), XSD.date))
    add(ds, DCTERMS.modified, _lit(summary.modified.strftime("%Y-%m-%dT%H:%M:%SZ"), XSD.dateTime))
    add(ds, DCAT.theme, _iri(EU_DATA_THEME.GOVE))
    add(ds, DCTERMS.language, _iri(EU_LANGUAGE.FRA))
    add(ds, DCAT.landingPage, _iri(summary.base))
    add(ds, DCTERMS.conformsTo, _iri(ONTOLOGY_IRI))
    for place in summary.spatial:
        add(ds, DCTERMS.spatial, _iri(place))
    if summary.start or summary.end:
        period = ox.BlankNode("period")  # a fixed label: same bytes in every process
        add(ds, DCTERMS.temporal, period)
        add(period, RDF.type, _iri(DCTERMS.PeriodOfTime))
        if summary.start:
            add(period, DCAT.startDate, _lit(summary.start, XSD.date))
        if summary.end:
            add(period, DCAT.endDate, _lit(summary.end, XSD.date))

    # VoID: statistics, access, partitions, subsets.
    add(ds, VOID.triples, count(summary.triples))
    add(ds, VOID.entities, count(summary.entities))
    add(ds, VOID.classes, count(summary.classes))
    add(ds, VOID.properties, count(summary.properties))
    add(ds, VOID.distinctSubjects, count(summary.distinct_subjects))
    add(ds, VOID.distinctObjects, count(summary.distinct_objects))
    add(ds, VOID.sparqlEndpoint, _iri(summary.sparql))
    add(ds, VOID.uriSpace, _lit(summary.uri_space))
    plan = str(Minter(summary.base).plan)
    if plan in summary.examples:  # the entry point a crawler should start from
        add(ds, VOID.rootResource, _iri(plan))
    for example in summary.examples:
        add(ds, VOID.exampleResource, _iri(example))
    for vocabulary in summary.vocabularies:
        add(ds, VOID.vocabulary, _iri(vocabulary))
    for i, (cls, n) in enumerate(summary.class_partitions):
        part = ox.BlankNode(f"class{i}")
        add(ds, VOID.classPartition, part)
        add(part, VOID["class"], _iri(cls))
        add(part, VOID.entities, count(n))
    for i, (prop, n) in enumerate(summary.property_partitions):
        part = ox.BlankNode(f"property{i}")
        add(ds, VOID.propertyPartition, part)
        add(part, VOID.property, _iri(prop))
        add(part, VOID.triples, count(n))
    for subset in summary.subsets:
        sub = _iri(subset.iri)
        add(ds, VOID.subset, sub)
        add(sub, RDF.type, _iri(VOID.Dataset))
        add(sub, DCTERMS.title, _lit(subset.name))
        for lang, text in sorted(DESCRIPTIONS.get(subset.name, {}).items()):
            add(sub, DCTERMS.description, ox.Literal(text, language=lang))
        add(sub, VOID.triples, count(subset.triples))

    # DCAT: one distribution per download, and the SPARQL service.
    for dump in dumps.values():
        url = _iri(summary.download_url(dump.name))
        dist = _iri(f"{summary.iri}#{dump.name}")
        add(ds, VOID.dataDump, url)
        add(ds, DCAT.distribution, dist)
        add(dist, RDF.type, _iri(DCAT.Distribution))
        add(dist, DCTERMS.title, _lit(dump.format.label))
        add(dist, DCAT.accessURL, url)
        add(dist, DCAT.downloadURL, url)
        add(dist, DCAT.mediaType, _iri(IANA_MEDIA_TYPE[dump.format.media_type]))
        add(dist, DCTERMS.format, _iri(EU_FILE_TYPE[dump.format.file_type]))
        if dump.format.gzipped:
            add(dist, DCAT.compressFormat, _iri(IANA_MEDIA_TYPE["application/gzip"]))
        add(dist, DCAT.byteSize, _lit(dump.size, XSD.nonNegativeInteger))
        add(dist, DCTERMS.license, _iri(LICENCE))
        checksum = ox.BlankNode(f"sha256-{dump.name.replace('.', '-')}")
        add(dist, SPDX.checksum, checksum)
        add(checksum, RDF.type, _iri(SPDX.Checksum))
        add(checksum, SPDX.algorithm, _iri(SPDX.checksumAlgorithm_sha256))
        add(checksum, SPDX.checksumValue, _lit(dump.sha256, XSD.hexBinary))
    service = _iri(summary.iri + "#sparql")
    add(service, RDF.type, _iri(DCAT.DataService))
    add(service, DCTERMS.title, _lit("SPARQL endpoint", lang="en"))
    add(service, DCTERMS.title, _lit("Point d'accès SPARQL", lang="fr"))
    add(service, DCAT.endpointURL, _iri(summary.sparql))
    add(service, DCAT.servesDataset, ds)
    add(service, DCTERMS.conformsTo, _iri("https://www.w3.org/TR/sparql11-protocol/"))
    add(service, DCTERMS.license, _iri(LICENCE))
    # The same default graph as Triple Pattern Fragments (server/fragments.py), for TPF clients (Comunica).
    fragments = _iri(summary.iri + "#fragments")
    add(fragments, RDF.type, _iri(DCAT.DataService))
    add(fragments, DCTERMS.title, _lit("Triple Pattern Fragments", lang="en"))
    add(fragments, DCTERMS.title, _lit("Fragments par motif de triplet", lang="fr"))
    add(fragments, DCAT.endpointURL, _iri(summary.fragments))
    add(fragments, DCAT.servesDataset, ds)
    add(fragments, DCTERMS.conformsTo, _iri(TPF_SPECIFICATION))
    add(fragments, DCTERMS.license, _iri(LICENCE))
    return sorted(set(out), key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
