"""Registry records → triples: the linkset to the OGP's commitment registry.

Two graphs, so that the named graphs keep the registry's facts apart from the
document's (docs/ogp-registry.md):

* ``registry``: for every commitment, its registry id (``ogp:ogpRegistryId``) and page
  (``foaf:isPrimaryTopicOf``), and a record (``ogp:RegistryRecord``) saying whether the
  page was read; for the pages read, the English title (``dcterms:title`` and
  ``rdfs:label`` @en, next to the document's @fr), the policy areas (a SKOS scheme of
  its own) and the lead and support institutions as the page wrote them;
* ``irm_review``: the IRM assessment fields the pages read showed.

Every fact read from a page derives (``prov:wasDerivedFrom``) from that page; a record
whose page was not read says so (``ogp:pageRead false``) and holds nothing but the id
and address the README's rule gives.
"""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef

from ..iris import Minter, slugify
from ..model import IrmReview, RegistryRecord
from ..source.registry import registry_page
from .namespaces import DCTERMS, FOAF, OGP, PROV, RDF, RDFS, SKOS, XSD

# The registry README: "read from stored copies of those pages in late 2026".
READ_YEAR = "2026"

_READ_NOTE = (
    ("Lu sur une copie conservée de la page du registre de l'OGP, fin 2026 ; la page a pu changer depuis "
    "(data/source/ogp-registry/README.md)."),
    ("Read from a stored copy of the OGP registry page in late 2026; the page may have changed since "
    "(data/source/ogp-registry/README.md)."),
)
_UNREAD_NOTE = (
    ("Page non lue : l'identifiant {id} et l'adresse de la page sont déduits de la règle FR00{{50+n}} "
    "observée sur les 30 pages lues ; aucune autre valeur n'est publiée pour cet engagement."),
    ("Page not read: the id {id} and the page address are derived from the rule FR00{{50+n}} seen on "
    "all 30 pages read; no other value is published for this commitment."),
)


def emit_registry(records: list[RegistryRecord], minter: Minter, registry: Graph, irm: Graph,
                  organisations: set[URIRef]) -> None:
    """Add the records' triples to ``registry`` and ``irm``.

    ``organisations`` are the organisation IRIs the plan's graph describes: a lead
    institution is linked to one of them only, never to an IRI that would not answer.
    """
    areas: dict[str, list[URIRef]] = {}  # policy area as written → the pages listing it
    for record in records:
        commitment = minter.commitment(record.number)
        # One IRI per page, the registry's own form, wherever it is used; the address as read
        # (another spelling, the French page) is kept as a literal, provenance of the reading
        page = URIRef(registry_page(record.ogp_id))
        node = minter.registry_record(record.number)
        registry.add((commitment, OGP.ogpRegistryId, Literal(record.ogp_id)))
        registry.add((commitment, FOAF.isPrimaryTopicOf, page))
        registry.add((commitment, OGP.registryRecord, node))
        registry.add((node, RDF.type, OGP.RegistryRecord))
        registry.add((node, RDFS.label, Literal(
            f"Fiche du registre de l'OGP {record.ogp_id} (engagement #{record.number})", lang="fr")))
        registry.add((node, RDFS.label, Literal(
            f"OGP registry record {record.ogp_id} (commitment #{record.number})", lang="en")))
        registry.add((node, OGP.registryPage, page))
        registry.add((node, OGP.pageRead, Literal(record.read)))
        if not record.read:
            for lang, text in zip(("fr", "en"), _UNREAD_NOTE):
                registry.add((node, SKOS.note, Literal(text.format(id=record.ogp_id), lang=lang)))
            continue
        for lang, text in zip(("fr", "en"), _READ_NOTE):
            registry.add((node, SKOS.note, Literal(text, lang=lang)))
        registry.add((node, PROV.wasDerivedFrom, page))
        registry.add((node, OGP.addressRead, Literal(record.url, datatype=XSD.anyURI)))
        registry.add((node, OGP.readIn, Literal(READ_YEAR, datatype=XSD.gYear)))
        if record.title_en:
            registry.add((commitment, DCTERMS.title, Literal(record.title_en, lang="en")))
            registry.add((commitment, RDFS.label, Literal(f"#{record.number} {record.title_en}", lang="en")))
        for name in record.lead_institutions:
            registry.add((node, OGP.leadInstitution, Literal(name, lang="en")))
        for name in record.support_institutions:
            registry.add((node, OGP.supportInstitution, Literal(name, lang="en")))
        for key in record.lead_organisation_keys:
            org = minter.organisation(key)
            if org in organisations:
                registry.add((node, OGP.leadInstitutionOrganisation, org))
        for area in record.policy_areas:
            registry.add((commitment, OGP.policyArea, minter.policy_area(area)))
            areas.setdefault(area, []).append(page)
        if record.irm is not None:
            _irm_review(record.number, record.ogp_id, record.irm, minter, irm, page)
    _policy_areas(areas, minter, registry)


def _irm_review(number: int, ogp_id: str, fields: IrmReview, minter: Minter, irm: Graph, page: URIRef) -> None:
    review = minter.irm_review(number)
    irm.add((minter.commitment(number), OGP.irmReview, review))
    irm.add((review, RDF.type, OGP.IrmReview))
    irm.add((review, RDFS.label, Literal(
        f"Évaluation du MEI sur la page {ogp_id} du registre de l'OGP", lang="fr")))
    irm.add((review, RDFS.label, Literal(f"IRM assessment on OGP registry page {ogp_id}", lang="en")))
    irm.add((review, PROV.wasDerivedFrom, page))
    irm.add((review, OGP.readIn, Literal(READ_YEAR, datatype=XSD.gYear)))
    for prop, value in ((OGP.irmVerifiable, fields.verifiable),
                        (OGP.irmRelevantToOgpValues, fields.relevant_to_ogp_values),
                        (OGP.irmAmbition, fields.ambition),
                        (OGP.irmCompletion, fields.completion),
                        (OGP.irmEarlyResults, fields.early_results)):
        if value is not None:
            irm.add((review, prop, Literal(value)))


def _policy_areas(areas: dict[str, list[URIRef]], minter: Minter, g: Graph) -> None:
    scheme = minter.policy_area_scheme
    g.add((scheme, RDF.type, SKOS.ConceptScheme))
    g.add((scheme, SKOS.prefLabel, Literal("Domaines d'action du registre de l'OGP", lang="fr")))
    g.add((scheme, SKOS.prefLabel, Literal("OGP registry policy areas", lang="en")))
    g.add((scheme, SKOS.definition, Literal(
        "Les domaines d'action que les pages du registre des engagements de l'OGP attribuent aux engagements "
        "dont la page a été lue, avec leur libellé anglais tel que les pages l'écrivent.", lang="fr")))
    g.add((scheme, SKOS.definition, Literal(
        "The policy areas the OGP commitment registry's pages assign to the commitments whose page was "
        "read, labelled in English as the pages write them.", lang="en")))
    slugs: dict[str, str] = {}
    for area, pages in sorted(areas.items()):
        slug = slugify(area)
        if slugs.setdefault(slug, area) != area:
            raise ValueError(f"policy areas {slugs[slug]!r} and {area!r} would share the IRI slug {slug!r}")
        concept = minter.policy_area(area)
        g.add((concept, RDF.type, SKOS.Concept))
        g.add((concept, RDF.type, OGP.PolicyArea))
        g.add((concept, SKOS.prefLabel, Literal(area, lang="en")))
        g.add((concept, SKOS.notation, Literal(slug)))
        g.add((concept, SKOS.inScheme, scheme))
        g.add((concept, SKOS.topConceptOf, scheme))
        g.add((scheme, SKOS.hasTopConcept, concept))
        for page in pages:
            g.add((concept, PROV.wasDerivedFrom, page))
