"""Write tests/shapes/fixtures/<shape>/{good,bad}.ttl for every shape of shapes/ogp-shapes.ttl.

Run ``python tests/shapes/make_fixtures.py`` after changing a shape or this file, and
commit the result; tests/shapes/test_shapes.py checks every shape has its pair and
that each pair behaves (good: no result at all; bad: results from that shape only).

Every pair starts from WORLD: the smallest graph that conforms to all shapes with no
result of any severity (a plan with one chapter, one commitment with every kind of
part, two milestones, two contacts, a person, two organisations, a group, a legal
text, an amount, a programme and the words naming it, one OGP value and one source passage, and the commitment's
OGP registry record, IRM assessment and policy area). ``good.ttl`` is
WORLD; ``bad.ttl`` is WORLD with the few triples changed that break that one shape.
The world is complete rather than minimal per shape because referential integrity
(a commitment's chapter must be an ogp:Chapter, every node must derive from an
oa:SpecificResource …) pulls the rest in anyway.
"""

from __future__ import annotations

from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures"

PREFIXES = """\
@base <https://w3id.org/ogpgraph/id/> .
@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix eli: <http://data.europa.eu/eli/ontology#> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix ogp: <https://w3id.org/ogpgraph/def/ogp#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix schema: <https://schema.org/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix vcard: <http://www.w3.org/2006/vcard/ns#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""

PLAN = "<fr/2021-2023>"
DOC = "<fr/2021-2023/source>"
P = "<fr/2021-2023/source/lines/1-20>"
SEL_LINES = "<fr/2021-2023/source/lines/1-20/lines>"
SEL_POS = "<fr/2021-2023/source/lines/1-20/position>"
SEL_QUOTE = "<fr/2021-2023/source/lines/1-20/quote>"
CP = "<fr/2021-2023/contact-point>"
CH = "<fr/2021-2023/chapter/1>"
C = "<fr/2021-2023/commitment/1>"
T = {k: f"<fr/2021-2023/commitment/1/{k}>" for k in
     ("description", "problem", "commitment", "solution", "relevance", "additional-information/1", "note/1")}
M1 = "<fr/2021-2023/commitment/1/milestone/1>"
M2 = "<fr/2021-2023/commitment/1/milestone/2>"
CT1 = "<fr/2021-2023/commitment/1/contact/1>"
CT2 = "<fr/2021-2023/commitment/1/contact/2>"
A = "<fr/2021-2023/commitment/1/amount/1>"
MTFP = "<organisation/mtfp>"
DINUM = "<organisation/dinum>"
GROUP = "<group/autres-ministeres>"
PERSON = "<person/jeanne-martin>"
LEGAL = "<legal/loi-2016-1321>"
ARTICLE = "<legal/loi-2016-1321/article/1>"
PROG = "<programme/plan-france-relance>"
MENTION = "<fr/2021-2023/source/lines/1-20/mention/plan-france-relance>"
SCHEME = "<ogp-value>"
VALUE = "<ogp-value/civic-participation>"
REC = "<fr/2021-2023/commitment/1/ogp-registry>"
IRM = "<fr/2021-2023/commitment/1/irm-review>"
PAGE = "<https://www.opengovpartnership.org/members/france/commitments/FR0051/>"
PAGE_TEXT = '"https://www.opengovpartnership.org/members/france/commitments/FR0051/"'
PA_SCHEME = "<ogp-policy-area>"
PA = "<ogp-policy-area/open-data>"
ELI_URI = "<https://www.legifrance.gouv.fr/eli/loi/2016/10/7/2016-1321/jo/texte>"
X = "<elsewhere/x>"  # an untyped node: no shape targets it

WORLD: list[str] = [
    # the source document and its one passage
    f"{DOC} a foaf:Document",
    f'{DOC} dcterms:title "Liasse des engagements"@fr',
    f'{DOC} dcterms:format "text/plain; charset=utf-8"',
    f'{DOC} ogp:sha256 "515ffac6cb74077aaa5cf5852e64826b0db9817baec3c0ec402ccbc3699c42bc"',
    f"{DOC} ogp:lineCount 20",
    f'{DOC} dcterms:identifier "data/source/liasse.txt"',
    f"{P} a oa:SpecificResource",
    f"{P} oa:hasSource {DOC}",
    f"{P} ogp:startLine 1",
    f"{P} ogp:endLine 20",
    f"{P} oa:hasSelector {SEL_LINES}",
    f"{P} oa:hasSelector {SEL_POS}",
    f"{P} oa:hasSelector {SEL_QUOTE}",
    f"{SEL_LINES} a oa:FragmentSelector",
    f"{SEL_LINES} dcterms:conformsTo <http://tools.ietf.org/rfc/rfc5147>",
    f'{SEL_LINES} rdf:value "line=0,20"',
    f"{SEL_POS} a oa:TextPositionSelector",
    f"{SEL_POS} oa:start 0",
    f"{SEL_POS} oa:end 500",
    f"{SEL_QUOTE} a oa:TextQuoteSelector",
    f'{SEL_QUOTE} oa:exact "Engagement #1 : Un engagement"',
    # the plan
    f"{PLAN} a ogp:ActionPlan",
    f'{PLAN} dcterms:title "Liasse des engagements"@fr',
    f'{PLAN} rdfs:label "Liasse des engagements"@fr',
    f'{PLAN} dcterms:issued "2021-12"^^xsd:gYearMonth',
    f"{PLAN} dcterms:spatial <http://publications.europa.eu/resource/authority/country/FRA>",
    f'{PLAN} ogp:country "FR"',
    f"{PLAN} dcterms:publisher {MTFP}",
    f"{PLAN} dcterms:creator {MTFP}",
    f'{PLAN} ogp:dateText "2021-2023"@fr',
    f'{PLAN} ogp:startDate "2021-01-01"^^xsd:date',
    f'{PLAN} ogp:endDate "2023-12-31"^^xsd:date',
    f"{PLAN} dcterms:source {DOC}",
    f"{PLAN} ogp:hasChapter {CH}",
    f"{PLAN} ogp:hasCommitment {C}",
    f"{PLAN} foaf:homepage <https://www.modernisation.gouv.fr/>",
    f"{PLAN} dcat:contactPoint {CP}",
    f"{PLAN} prov:wasDerivedFrom {P}",
    f"{CP} a vcard:Organization",
    f"{CP} vcard:hasEmail <mailto:gouvernement-ouvert@example.fr>",
    f"{CP} prov:wasDerivedFrom {P}",
    # the chapter
    f"{CH} a ogp:Chapter",
    f"{CH} ogp:chapterNumber 1",
    f'{CH} dcterms:title "Un chapitre"@fr',
    f'{CH} rdfs:label "1. Un chapitre"@fr',
    f"{CH} ogp:page 3",
    f"{CH} dcterms:isPartOf {PLAN}",
    f"{CH} prov:wasDerivedFrom {P}",
    # the commitment
    f"{C} a ogp:Commitment",
    f"{C} ogp:commitmentNumber 1",
    f'{C} dcterms:identifier "FR-2021-2023-01"',
    f'{C} dcterms:title "Un engagement"@fr',
    f'{C} rdfs:label "#1 Un engagement"@fr',
    f"{C} ogp:chapter {CH}",
    f"{C} dcterms:isPartOf {PLAN}",
    f"{C} prov:wasDerivedFrom {P}",
    f'{C} ogp:dateText "2021-2023"@fr',
    f'{C} ogp:startDate "2021-01-01"^^xsd:date',
    f'{C} ogp:endDate "2023-12-31"^^xsd:date',
    f'{C} ogp:leadHeading "Ministère porteur"@fr',
    f"{C} ogp:leadOrganisation {MTFP}",
    f"{C} ogp:descriptionIntroduction {T['description']}",
    f"{C} ogp:problem {T['problem']}",
    f"{C} ogp:commitmentStatement {T['commitment']}",
    f"{C} ogp:solution {T['solution']}",
    f"{C} ogp:relevance {T['relevance']}",
    f"{C} ogp:additionalInformation {T['additional-information/1']}",
    f"{C} ogp:note {T['note/1']}",
    f"{C} ogp:hasMilestone {M1}",
    f"{C} ogp:hasMilestone {M2}",
    f"{C} ogp:responsibleContact {CT1}",
    f"{C} ogp:operationalContact {CT2}",
    f"{C} ogp:stateActor {GROUP}",
    f"{C} ogp:otherActor {DINUM}",
    f"{C} ogp:citesLegalText {LEGAL}",
    f"{C} ogp:citesLegalText {ARTICLE}",
    f"{C} ogp:mentionsAmount {A}",
    f"{C} ogp:relatedProgramme {PROG}",
    f"{C} ogp:derivedOgpValue {VALUE}",
    f"{C} ogp:webAddress <https://www.example.fr/>",
    # what the OGP registry says of it (graph ogp-registry)
    f'{C} dcterms:title "Support for the digital commons"@en',
    f'{C} rdfs:label "#1 Support for the digital commons"@en',
    f'{C} ogp:ogpRegistryId "FR0051"',
    f"{C} foaf:isPrimaryTopicOf {PAGE}",
    f"{C} ogp:registryRecord {REC}",
    f"{C} ogp:policyArea {PA}",
    f"{C} ogp:irmReview {IRM}",
]
for key, iri in T.items():
    WORLD += [f"{iri} a ogp:TextPassage", f'{iri} rdf:value "Texte : {key}."@fr', f"{iri} prov:wasDerivedFrom {P}"]
WORLD += [
    # milestones: the first dated, the second a sub-milestone with an end date only
    f"{M1} a ogp:Milestone",
    f'{M1} rdfs:label "Lancer la concertation"@fr',
    f"{M1} ogp:position 1",
    f"{M1} ogp:milestoneOf {C}",
    f'{M1} ogp:dateText "Janvier 2022 – juin 2022"@fr',
    f'{M1} ogp:startDate "2022-01-01"^^xsd:date',
    f'{M1} ogp:endDate "2022-06-30"^^xsd:date',
    f"{M1} prov:wasDerivedFrom {P}",
    f"{M2} a ogp:Milestone",
    f'{M2} rdfs:label "Publier la synthèse"@fr',
    f"{M2} ogp:position 2",
    f"{M2} ogp:milestoneOf {C}",
    f"{M2} ogp:partOfMilestone {M1}",
    f'{M2} ogp:dateText "Fin : juin 2022"@fr',
    f'{M2} ogp:endDate "2022-06-30"^^xsd:date',
    f"{M2} prov:wasDerivedFrom {P}",
    # contacts and the person
    f"{CT1} a ogp:Contact",
    f'{CT1} vcard:fn "Jeanne Martin"',
    f'{CT1} vcard:role "Cheffe de projet"@fr',
    f'{CT1} vcard:organization-name "DINUM"@fr',
    f"{CT1} ogp:contactOrganisation {DINUM}",
    f"{CT1} ogp:person {PERSON}",
    f"{CT1} vcard:hasEmail <mailto:jeanne.martin@example.fr>",
    f"{CT1} vcard:hasTelephone <tel:+33143176091>",
    f'{CT1} ogp:phone "01 43 17 60 91"',
    f"{CT1} prov:wasDerivedFrom {P}",
    f"{CT2} a ogp:Contact",
    f'{CT2} vcard:role "Référent"@fr',
    f"{CT2} vcard:hasEmail <mailto:referent@example.fr>",
    f"{CT2} prov:wasDerivedFrom {P}",
    f"{PERSON} a foaf:Person",
    f'{PERSON} foaf:name "Jeanne Martin"',
    f'{PERSON} rdfs:label "Jeanne Martin"',
    f"{PERSON} prov:wasDerivedFrom {P}",
    # organisations and a group
    f"{MTFP} a org:Organization",
    f'{MTFP} skos:prefLabel "Ministère de la Transformation et de la Fonction publiques"@fr',
    f'{MTFP} rdfs:label "Ministère de la Transformation et de la Fonction publiques"@fr',
    f"{MTFP} prov:wasDerivedFrom {P}",
    f"{DINUM} a org:Organization",
    f'{DINUM} skos:prefLabel "Direction interministérielle du numérique"@fr',
    f'{DINUM} rdfs:label "Direction interministérielle du numérique"@fr',
    f'{DINUM} skos:altLabel "DINUM"@fr',
    f"{DINUM} prov:wasDerivedFrom {P}",
    f"{GROUP} a foaf:Group",
    f'{GROUP} rdfs:label "Autres ministères"@fr',
    f"{GROUP} prov:wasDerivedFrom {P}",
    # a legal text, an amount, a programme
    f"{LEGAL} a ogp:LegalText",
    f"{LEGAL} a eli:LegalResource",
    f"{LEGAL} schema:legislationIdentifier {ELI_URI}",
    f'{LEGAL} ogp:identifierNote "ELI construit à partir du numéro et de la date écrits dans le document."@fr',
    f'{LEGAL} ogp:identifierNote "ELI built from the number and date written in the document."@en',
    f'{LEGAL} ogp:legalKind "loi"',
    f'{LEGAL} rdfs:label "loi n° 2016-1321 du 7 octobre 2016"@fr',
    f'{LEGAL} ogp:citationText "loi n° 2016-1321 du 7 octobre 2016"@fr',
    f'{LEGAL} eli:id_local "2016-1321"',
    f'{LEGAL} eli:date_document "2016-10-07"^^xsd:date',
    f'{LEGAL} eli:title "pour une République numérique"@fr',
    f'{LEGAL} skos:altLabel "loi numérique"@fr',
    f'{LEGAL} dcterms:title "Loi n° 2016-1321 du 7 octobre 2016 pour une République numérique"@fr',
    f"{LEGAL} prov:wasDerivedFrom {P}",
    f"{LEGAL} eli:has_part {ARTICLE}",
    f"{ARTICLE} a ogp:LegalText",
    f"{ARTICLE} a eli:LegalResource",
    f"{ARTICLE} a eli:LegalResourceSubdivision",
    f'{ARTICLE} ogp:identifierNote "Pas d\'ELI : un article ou une annexe."@fr',
    f'{ARTICLE} ogp:identifierNote "No ELI: an article or annex."@en',
    f'{ARTICLE} ogp:legalKind "article"',
    f'{ARTICLE} rdfs:label "article 1 — Loi n° 2016-1321 du 7 octobre 2016 pour une République numérique"@fr',
    f'{ARTICLE} ogp:citationText "article 1 de la loi n° 2016-1321 du 7 octobre 2016"@fr',
    f'{ARTICLE} eli:id_local "1"',
    f"{ARTICLE} eli:is_part_of {LEGAL}",
    f"{ARTICLE} prov:wasDerivedFrom {P}",
    f"{A} a schema:MonetaryAmount",
    f'{A} schema:value "1000000"^^xsd:decimal',
    f'{A} schema:currency "EUR"',
    f'{A} ogp:amountText "1 M€"@fr',
    f'{A} ogp:sentence "Un budget de 1 M€ est prévu."@fr',
    f"{A} prov:wasDerivedFrom {P}",
    f"{PROG} a ogp:Programme",
    f'{PROG} rdfs:label "Plan France Relance"@fr',
    f'{PROG} skos:prefLabel "Plan France Relance"@fr',
    f'{PROG} skos:prefLabel "France Relance recovery plan"@en',
    f'{PROG} skos:hiddenLabel "plan de relance"@fr',
    f'{PROG} ogp:programmeKind "plan"',
    f"{PROG} prov:wasDerivedFrom {P}",
    # the words of the passage that name it
    f"{MENTION} a oa:Annotation",
    f"{MENTION} oa:motivatedBy oa:identifying",
    f"{MENTION} oa:hasBody {PROG}",
    f"{MENTION} oa:hasTarget {P}",
    f'{MENTION} ogp:writtenAs "plan de relance"@fr',
    # the OGP values scheme, one value
    f"{SCHEME} a skos:ConceptScheme",
    f"{SCHEME} skos:prefLabel \"Valeurs de l'OGP\"@fr",
    f'{SCHEME} skos:prefLabel "OGP values"@en',
    f"{SCHEME} skos:hasTopConcept {VALUE}",
    f"{VALUE} a skos:Concept",
    f"{VALUE} a ogp:OgpValue",
    f"{VALUE} skos:inScheme {SCHEME}",
    f"{VALUE} skos:topConceptOf {SCHEME}",
    f'{VALUE} skos:prefLabel "Participation citoyenne"@fr',
    f'{VALUE} skos:prefLabel "Civic participation"@en',
    f'{VALUE} skos:notation "civic-participation"',
    # the OGP registry: the policy areas scheme, one area, the record, the IRM assessment
    f"{PA_SCHEME} a skos:ConceptScheme",
    f"{PA_SCHEME} skos:prefLabel \"Domaines d'action du registre de l'OGP\"@fr",
    f'{PA_SCHEME} skos:prefLabel "OGP registry policy areas"@en',
    f'{PA_SCHEME} skos:definition "Les domaines d\'action des pages lues."@fr',
    f'{PA_SCHEME} skos:definition "The policy areas of the pages read."@en',
    f"{PA_SCHEME} skos:hasTopConcept {PA}",
    f"{PA} a skos:Concept",
    f"{PA} a ogp:PolicyArea",
    f'{PA} skos:prefLabel "Open Data"@en',
    f'{PA} skos:notation "open-data"',
    f"{PA} skos:inScheme {PA_SCHEME}",
    f"{PA} skos:topConceptOf {PA_SCHEME}",
    f"{PA} prov:wasDerivedFrom {PAGE}",
    f"{REC} a ogp:RegistryRecord",
    f"{REC} rdfs:label \"Fiche du registre de l'OGP FR0051 (engagement #1)\"@fr",
    f'{REC} rdfs:label "OGP registry record FR0051 (commitment #1)"@en',
    f"{REC} ogp:registryPage {PAGE}",
    f"{REC} ogp:pageRead true",
    f'{REC} skos:note "Lu sur une copie conservée de la page, fin 2026."@fr',
    f'{REC} skos:note "Read from a stored copy of the page in late 2026."@en',
    f"{REC} prov:wasDerivedFrom {PAGE}",
    f'{REC} ogp:addressRead "https://opengovpartnership.org/members/france/commitments/fr0051"^^xsd:anyURI',
    f'{REC} ogp:readIn "2026"^^xsd:gYear',
    f'{REC} ogp:leadInstitution "Interministerial Directorate for Digital Technology (DINUM)"@en',
    f'{REC} ogp:supportInstitution "Etalab"@en',
    f"{REC} ogp:leadInstitutionOrganisation {DINUM}",
    f"{IRM} a ogp:IrmReview",
    f'{IRM} rdfs:label "Évaluation du MEI sur la page FR0051 du registre de l\'OGP"@fr',
    f'{IRM} rdfs:label "IRM assessment on OGP registry page FR0051"@en',
    f'{IRM} ogp:irmVerifiable "Yes"',
    f'{IRM} ogp:irmRelevantToOgpValues "Yes"',
    f'{IRM} ogp:irmAmbition "Low"',
    f'{IRM} ogp:irmCompletion "Pending IRM Review"',
    f'{IRM} ogp:irmEarlyResults "No IRM Data"',
    f"{IRM} prov:wasDerivedFrom {PAGE}",
    f'{IRM} ogp:readIn "2026"^^xsd:gYear',
]

EXTRA = 'dcterms:description "Une propriété hors modèle."@fr'


def sub_node(node: str) -> list[str]:
    """Every line about ``node``."""
    return [t for t in WORLD if t.startswith(node + " ")]


# shape → (triples to remove, triples to add): the smallest change that breaks only that shape
MUTATIONS: dict[str, tuple[list[str], list[str]]] = {
    # action plan
    "ActionPlan": ([], [f"{PLAN} {EXTRA}"]),
    "ActionPlan-title": ([f'{PLAN} dcterms:title "Liasse des engagements"@fr'],
                         [f'{PLAN} dcterms:title "Liasse des engagements"@en']),
    "ActionPlan-label": ([f'{PLAN} rdfs:label "Liasse des engagements"@fr'], []),
    "ActionPlan-issued": ([f'{PLAN} dcterms:issued "2021-12"^^xsd:gYearMonth'],
                          [f'{PLAN} dcterms:issued "2021-12-01"^^xsd:date']),
    "ActionPlan-spatial": ([f"{PLAN} dcterms:spatial <http://publications.europa.eu/resource/authority/country/FRA>"],
                           [f"{PLAN} dcterms:spatial <http://example.org/France>"]),
    "ActionPlan-country": ([f'{PLAN} ogp:country "FR"'], [f'{PLAN} ogp:country "fr"']),
    "ActionPlan-publisher": ([f"{PLAN} dcterms:publisher {MTFP}"], [f"{PLAN} dcterms:publisher {GROUP}"]),
    "ActionPlan-creator": ([f"{PLAN} dcterms:creator {MTFP}"], [f"{PLAN} dcterms:creator {GROUP}"]),
    "ActionPlan-dateText": ([f'{PLAN} ogp:dateText "2021-2023"@fr'], []),
    "ActionPlan-startDate": ([f'{PLAN} ogp:startDate "2021-01-01"^^xsd:date'],
                             [f'{PLAN} ogp:startDate "2024-01-01"^^xsd:date']),
    "ActionPlan-endDate": ([f'{PLAN} ogp:endDate "2023-12-31"^^xsd:date'],
                           [f'{PLAN} ogp:endDate "2040-12-31"^^xsd:date']),
    "ActionPlan-source": ([f"{PLAN} dcterms:source {DOC}"], []),
    "ActionPlan-hasChapter": ([], [f"{PLAN} ogp:hasChapter {C}"]),
    "ActionPlan-hasCommitment": ([], [f"{PLAN} ogp:hasCommitment {CH}"]),
    "ActionPlan-homepage": ([f"{PLAN} foaf:homepage <https://www.modernisation.gouv.fr/>"],
                            [f"{PLAN} foaf:homepage <ftp://www.modernisation.gouv.fr/>"]),
    "ActionPlan-contactPoint": ([f"{PLAN} dcat:contactPoint {CP}"], [f"{PLAN} dcat:contactPoint {DINUM}"]),
    "ActionPlan-derivedFrom": ([f"{PLAN} prov:wasDerivedFrom {P}"], [f"{PLAN} prov:wasDerivedFrom {DOC}"]),
    # chapter
    "Chapter": ([], [f"{CH} {EXTRA}"]),
    "Chapter-number": ([f"{CH} ogp:chapterNumber 1"], [f'{CH} ogp:chapterNumber "1"']),
    "Chapter-title": ([f'{CH} dcterms:title "Un chapitre"@fr'], []),
    "Chapter-label": ([f'{CH} rdfs:label "1. Un chapitre"@fr'], [f'{CH} rdfs:label "1. Un chapitre"@en']),
    "Chapter-page": ([f"{CH} ogp:page 3"], [f"{CH} ogp:page 0"]),
    "Chapter-isPartOf": ([], [f"{CH} dcterms:isPartOf {X}", f"{X} ogp:hasChapter {CH}"]),
    "Chapter-listed": ([], [f"{X} ogp:hasChapter {CH}"]),
    "Chapter-derivedFrom": ([f"{CH} prov:wasDerivedFrom {P}"], [f"{CH} prov:wasDerivedFrom {DOC}"]),
    # commitment
    "Commitment": ([], [f"{C} {EXTRA}"]),
    "Commitment-number": ([f"{C} ogp:commitmentNumber 1"], [f'{C} ogp:commitmentNumber "1"']),
    "Commitment-identifier": ([f'{C} dcterms:identifier "FR-2021-2023-01"'],
                              [f'{C} dcterms:identifier "FR-2021-2023-1"']),
    "Commitment-title": ([f'{C} dcterms:title "Un engagement"@fr'], []),
    "Commitment-label": ([f'{C} rdfs:label "#1 Un engagement"@fr'], [f'{C} rdfs:label "#1 Un engagement"@en']),
    "Commitment-chapter": ([], [f"{C} ogp:chapter <fr/2021-2023/chapter/9>"]),
    "Commitment-isPartOf": ([], [f"{C} dcterms:isPartOf {X}", f"{X} ogp:hasCommitment {C}"]),
    "Commitment-listed": ([], [f"{X} ogp:hasCommitment {C}"]),
    "Commitment-derivedFrom": ([f"{C} prov:wasDerivedFrom {P}"], [f"{C} prov:wasDerivedFrom {DOC}"]),
    "Commitment-dateText": ([f'{C} ogp:dateText "2021-2023"@fr'], [f'{C} ogp:dateText "2021-2023"']),
    "Commitment-startDate": ([f'{C} ogp:startDate "2021-01-01"^^xsd:date'], [f'{C} ogp:startDate "2021-01-01"']),
    "Commitment-endDate": ([f'{C} ogp:endDate "2023-12-31"^^xsd:date'], [f'{C} ogp:endDate "2040-12-31"^^xsd:date']),
    "Commitment-endDate-present": ([f'{C} ogp:endDate "2023-12-31"^^xsd:date'], []),
    "Commitment-leadHeading": ([f'{C} ogp:leadHeading "Ministère porteur"@fr'], [f'{C} ogp:leadHeading "Ministère porteur"']),
    "Commitment-leadHeading-present": ([f'{C} ogp:leadHeading "Ministère porteur"@fr'], []),
    "Commitment-leadOrganisation": ([f"{C} ogp:leadOrganisation {MTFP}"], [f"{C} ogp:leadOrganisation {GROUP}"]),
    "Commitment-leadOrganisation-present": ([f"{C} ogp:leadOrganisation {MTFP}"], []),
    "Commitment-descriptionIntroduction": ([], [f"{C} ogp:descriptionIntroduction {T['additional-information/1']}"]),
    "Commitment-problem": ([], [f"{C} ogp:problem {T['solution']}"]),
    "Commitment-commitmentStatement": ([], [f"{C} ogp:commitmentStatement {T['problem']}"]),
    "Commitment-solution": ([], [f"{C} ogp:solution {T['problem']}"]),
    "Commitment-relevance": ([], [f"{C} ogp:relevance {T['problem']}"]),
    "Commitment-description-present": ([f"{C} ogp:solution {T['solution']}", *sub_node(T["solution"])], []),
    "Commitment-additionalInformation": ([], [f"{C} ogp:additionalInformation {A}"]),
    "Commitment-note": ([], [f"{C} ogp:note {A}"]),
    "Commitment-hasMilestone": ([], [f"{C} ogp:hasMilestone {CT1}"]),
    "Commitment-hasMilestone-present": ([f"{C} ogp:hasMilestone {M1}", f"{C} ogp:hasMilestone {M2}",
                                         *sub_node(M1), *sub_node(M2)], []),
    "Commitment-responsibleContact": ([], [f"{C} ogp:responsibleContact {A}"]),
    "Commitment-operationalContact": ([], [f"{C} ogp:operationalContact {A}"]),
    "Commitment-contact-present": ([f"{C} ogp:responsibleContact {CT1}", f"{C} ogp:operationalContact {CT2}",
                                    *sub_node(CT1), *sub_node(CT2), *sub_node(PERSON)], []),
    "Commitment-stateActor": ([], [f"{C} ogp:stateActor {CH}"]),
    "Commitment-otherActor": ([], [f"{C} ogp:otherActor {CH}"]),
    "Commitment-citesLegalText": ([], [f"{C} ogp:citesLegalText {CH}"]),
    "Commitment-mentionsAmount": ([], [f"{C} ogp:mentionsAmount {CH}"]),
    "Commitment-relatedProgramme": ([], [f"{C} ogp:relatedProgramme {CH}"]),
    "Commitment-derivedOgpValue": ([], [f"{C} ogp:derivedOgpValue {CH}"]),
    "Commitment-derivedOgpValue-present": ([f"{C} ogp:derivedOgpValue {VALUE}"], []),
    "Commitment-webAddress": ([f"{C} ogp:webAddress <https://www.example.fr/>"],
                              [f'{C} ogp:webAddress "https://www.example.fr/"']),
    "Commitment-ogpRegistryId": ([f'{C} ogp:ogpRegistryId "FR0051"'], [f'{C} ogp:ogpRegistryId "FR0051"@en']),
    "Commitment-ogpRegistryId-present": ([f'{C} ogp:ogpRegistryId "FR0051"'], []),
    "Commitment-registryPage": ([f"{C} foaf:isPrimaryTopicOf {PAGE}"], [f"{C} foaf:isPrimaryTopicOf {PAGE_TEXT}"]),
    "Commitment-registryRecord": ([], [f"{C} ogp:registryRecord {IRM}"]),
    "Commitment-policyArea": ([], [f"{C} ogp:policyArea {VALUE}"]),
    "Commitment-irmReview": ([], [f"{C} ogp:irmReview {REC}"]),
    "CommitmentRegistryIdInPage": ([f'{C} ogp:ogpRegistryId "FR0051"'], [f'{C} ogp:ogpRegistryId "FR0052"']),
    "CommitmentNumberMatchesIri": ([f"{C} ogp:commitmentNumber 1"], [f"{C} ogp:commitmentNumber 2"]),
    "CommitmentMilestonesInPeriod": ([f'{M1} ogp:endDate "2022-06-30"^^xsd:date'],
                                     [f'{M1} ogp:endDate "2026-06-30"^^xsd:date']),
    # milestone
    "Milestone": ([], [f"{M1} {EXTRA}"]),
    "Milestone-label": ([f'{M1} rdfs:label "Lancer la concertation"@fr'], []),
    "Milestone-position": ([f"{M1} ogp:position 1"], [f'{M1} ogp:position "1"']),
    "Milestone-milestoneOf": ([], [f"{M1} ogp:milestoneOf {X}", f"{X} ogp:hasMilestone {M1}"]),
    "Milestone-listed": ([], [f"{X} ogp:hasMilestone {M1}"]),
    "Milestone-partOfMilestone": ([], [f"{M2} ogp:partOfMilestone <fr/2021-2023/commitment/1/milestone/9>"]),
    "Milestone-dateText": ([f'{M1} ogp:dateText "Janvier 2022 – juin 2022"@fr'],
                           [f'{M1} ogp:dateText "Janvier 2022 – juin 2022"']),
    "Milestone-startDate": ([f'{M1} ogp:startDate "2022-01-01"^^xsd:date'], [f'{M1} ogp:startDate "2022-09-01"^^xsd:date']),
    "Milestone-endDate": ([f'{M2} ogp:endDate "2022-06-30"^^xsd:date'], [f'{M2} ogp:endDate "2022-06-30"']),
    "Milestone-derivedFrom": ([f"{M1} prov:wasDerivedFrom {P}"], [f"{M1} prov:wasDerivedFrom {DOC}"]),
    "MilestoneDated": ([f'{M2} ogp:dateText "Fin : juin 2022"@fr', f'{M2} ogp:endDate "2022-06-30"^^xsd:date'], []),
    "MilestoneDateParsed": ([f'{M2} ogp:endDate "2022-06-30"^^xsd:date'], []),
    "MilestoneInItsCommitment": ([f"{M2} ogp:position 2"], [f"{M2} ogp:position 3"]),
    # contact
    "Contact": ([], [f"{CT1} {EXTRA}"]),
    "Contact-fn": ([f'{CT1} vcard:fn "Jeanne Martin"'], [f'{CT1} vcard:fn "Jeanne Martin"@fr']),
    "Contact-role": ([f'{CT1} vcard:role "Cheffe de projet"@fr'], [f'{CT1} vcard:role "Cheffe de projet"']),
    "Contact-organisationName": ([f'{CT1} vcard:organization-name "DINUM"@fr'], [f'{CT1} vcard:organization-name "DINUM"']),
    "Contact-organisation": ([f"{CT1} ogp:contactOrganisation {DINUM}"], [f"{CT1} ogp:contactOrganisation {GROUP}"]),
    "Contact-person": ([], [f"{CT1} ogp:person <person/personne-inconnue>"]),
    "Contact-email": ([f"{CT2} vcard:hasEmail <mailto:referent@example.fr>"], [f"{CT2} vcard:hasEmail <mailto:referent>"]),
    "Contact-email-present": ([f"{CT2} vcard:hasEmail <mailto:referent@example.fr>"], []),
    "Contact-telephone": ([f"{CT1} vcard:hasTelephone <tel:+33143176091>"], [f"{CT1} vcard:hasTelephone <tel:0143176091>"]),
    "Contact-phone": ([f'{CT1} ogp:phone "01 43 17 60 91"'], [f'{CT1} ogp:phone "non communiqué"']),
    "Contact-listed": ([], [f"{X} ogp:responsibleContact {CT2}"]),
    "Contact-derivedFrom": ([f"{CT1} prov:wasDerivedFrom {P}"], [f"{CT1} prov:wasDerivedFrom {DOC}"]),
    # text passage
    "TextPassage": ([], [f"{T['problem']} {EXTRA}"]),
    "TextPassage-value": ([f'{T["problem"]} rdf:value "Texte : problem."@fr'], [f'{T["problem"]} rdf:value "Texte : problem."']),
    "TextPassage-listed": ([], [f"{X} ogp:note {T['problem']}"]),
    "TextPassage-derivedFrom": ([f"{T['problem']} prov:wasDerivedFrom {P}"], [f"{T['problem']} prov:wasDerivedFrom {DOC}"]),
    # legal text
    "LegalText": ([], [f"{LEGAL} {EXTRA}"]),
    "LegalText-label": ([f'{LEGAL} rdfs:label "loi n° 2016-1321 du 7 octobre 2016"@fr'], []),
    "LegalText-kind": ([f'{LEGAL} ogp:legalKind "loi"'], [f'{LEGAL} ogp:legalKind "law"']),
    "LegalText-citation": ([f'{LEGAL} ogp:citationText "loi n° 2016-1321 du 7 octobre 2016"@fr'], []),
    "LegalText-number": ([f'{LEGAL} eli:id_local "2016-1321"'], [f"{LEGAL} eli:id_local 20161321"]),
    "LegalText-date": ([f'{LEGAL} eli:date_document "2016-10-07"^^xsd:date'], [f'{LEGAL} eli:date_document "1616-10-07"^^xsd:date']),
    "LegalText-title": ([f'{LEGAL} eli:title "pour une République numérique"@fr'], [f'{LEGAL} eli:title "pour une République numérique"']),
    "LegalText-commonName": ([f'{LEGAL} skos:altLabel "loi numérique"@fr'], [f'{LEGAL} skos:altLabel "loi numérique"']),
    "LegalText-fullTitle": ([f'{LEGAL} dcterms:title "Loi n° 2016-1321 du 7 octobre 2016 pour une République numérique"@fr'],
                            [f'{LEGAL} dcterms:title "Loi n° 2016-1321 du 7 octobre 2016 pour une République numérique"@fr',
                             f'{LEGAL} dcterms:title "Loi pour une République numérique"@fr']),
    "LegalText-partOf": ([f"{ARTICLE} eli:is_part_of {LEGAL}"], [f"{ARTICLE} eli:is_part_of {P}"]),
    "LegalText-hasPart": ([f"{LEGAL} eli:has_part {ARTICLE}"], [f"{LEGAL} eli:has_part {P}"]),
    "LegalText-cited": ([], [f"{X} ogp:citesLegalText {LEGAL}"]),
    "LegalText-derivedFrom": ([f"{LEGAL} prov:wasDerivedFrom {P}"], [f"{LEGAL} prov:wasDerivedFrom {DOC}"]),
    "LegalText-eliType": ([f"{LEGAL} a eli:LegalResource"], []),
    # Légifrance writes month and day without a leading zero: "/2016/10/07/" is not its ELI.
    "LegalText-legislationIdentifier": (
        [f"{LEGAL} schema:legislationIdentifier {ELI_URI}"],
        [f"{LEGAL} schema:legislationIdentifier <https://www.legifrance.gouv.fr/eli/loi/2016/10/07/2016-1321/jo/texte>"]),
    "LegalText-identifierNote": ([f'{LEGAL} ogp:identifierNote "ELI built from the number and date written in the document."@en'], []),
    # programme
    "Programme": ([], [f"{PROG} {EXTRA}"]),
    "Programme-label": ([f'{PROG} rdfs:label "Plan France Relance"@fr'], []),
    "Programme-prefLabel": ([f'{PROG} skos:prefLabel "Plan France Relance"@fr'], []),
    "Programme-hiddenLabel": ([f'{PROG} skos:hiddenLabel "plan de relance"@fr'], [f'{PROG} skos:hiddenLabel "plan de relance"']),
    "Programme-kind": ([f'{PROG} ogp:programmeKind "plan"'], [f'{PROG} ogp:programmeKind "law"']),
    "Programme-related": ([], [f"{X} ogp:relatedProgramme {PROG}"]),
    "Programme-derivedFrom": ([f"{PROG} prov:wasDerivedFrom {P}"], [f"{PROG} prov:wasDerivedFrom {DOC}"]),
    "ProgrammeMention": ([], [f"{MENTION} {EXTRA}"]),
    "ProgrammeMention-motivation": ([f"{MENTION} oa:motivatedBy oa:identifying"], [f"{MENTION} oa:motivatedBy oa:linking"]),
    "ProgrammeMention-body": ([f"{MENTION} oa:hasBody {PROG}"], [f"{MENTION} oa:hasBody {VALUE}"]),
    "ProgrammeMention-target": ([f"{MENTION} oa:hasTarget {P}"], [f"{MENTION} oa:hasTarget {DOC}"]),
    "ProgrammeMention-writtenAs": ([f'{MENTION} ogp:writtenAs "plan de relance"@fr'],
                                   [f'{MENTION} ogp:writtenAs "plan de relance"']),
    # organisation, group, person
    "Organization": ([], [f"{DINUM} {EXTRA}"]),
    "Organization-prefLabel": ([f'{DINUM} skos:prefLabel "Direction interministérielle du numérique"@fr'], []),
    "Organization-label": ([f'{DINUM} rdfs:label "Direction interministérielle du numérique"@fr'], []),
    "Organization-altLabel": ([], [f'{DINUM} skos:altLabel "Direction interministérielle du numérique"@fr']),
    "Organization-derivedFrom": ([f"{DINUM} prov:wasDerivedFrom {P}"], [f"{DINUM} prov:wasDerivedFrom {DOC}"]),
    "Group": ([], [f"{GROUP} {EXTRA}"]),
    "Group-label": ([f'{GROUP} rdfs:label "Autres ministères"@fr'], []),
    "Group-actor": ([], [f"{X} ogp:stateActor {GROUP}"]),
    "Group-derivedFrom": ([f"{GROUP} prov:wasDerivedFrom {P}"], [f"{GROUP} prov:wasDerivedFrom {DOC}"]),
    "Person": ([], [f"{PERSON} {EXTRA}"]),
    "Person-name": ([f'{PERSON} foaf:name "Jeanne Martin"', f'{PERSON} rdfs:label "Jeanne Martin"'],
                    [f'{PERSON} foaf:name "J"', f'{PERSON} rdfs:label "J"']),
    "Person-label": ([f'{PERSON} rdfs:label "Jeanne Martin"'], []),
    "Person-contact": ([], [f"{X} ogp:person {PERSON}"]),
    "Person-derivedFrom": ([f"{PERSON} prov:wasDerivedFrom {P}"], [f"{PERSON} prov:wasDerivedFrom {DOC}"]),
    # amount
    "MonetaryAmount": ([], [f"{A} {EXTRA}"]),
    "MonetaryAmount-value": ([f'{A} schema:value "1000000"^^xsd:decimal'], [f'{A} schema:value "0"^^xsd:decimal']),
    "MonetaryAmount-currency": ([f'{A} schema:currency "EUR"'], [f'{A} schema:currency "euros"']),
    "MonetaryAmount-text": ([f'{A} ogp:amountText "1 M€"@fr'], [f'{A} ogp:amountText "1 M€"']),
    "MonetaryAmount-sentence": ([f'{A} ogp:sentence "Un budget de 1 M€ est prévu."@fr'], []),
    "MonetaryAmount-mentionedBy": ([], [f"{X} ogp:mentionsAmount {A}"]),
    "MonetaryAmount-derivedFrom": ([f"{A} prov:wasDerivedFrom {P}"], [f"{A} prov:wasDerivedFrom {DOC}"]),
    # OGP values
    "OgpValue": ([], [f"{VALUE} {EXTRA}"]),
    "OgpValue-prefLabel": ([f'{VALUE} skos:prefLabel "Civic participation"@en'], []),
    "OgpValue-notation": ([f'{VALUE} skos:notation "civic-participation"'], [f'{VALUE} skos:notation "participation"']),
    "OgpValue-inScheme": ([f"{VALUE} skos:inScheme {SCHEME}"], [f"{VALUE} skos:inScheme {CH}"]),
    "OgpValue-topConceptOf": ([f"{VALUE} skos:topConceptOf {SCHEME}"], [f"{VALUE} skos:topConceptOf {CH}"]),
    "Concept": ([], [f"{X} a skos:Concept"]),
    "ConceptScheme": ([], [f"{SCHEME} {EXTRA}"]),
    "ConceptScheme-prefLabel": ([f'{SCHEME} skos:prefLabel "OGP values"@en'], []),
    "ConceptScheme-hasTopConcept": ([], [f"{SCHEME} skos:hasTopConcept {CH}"]),
    "ConceptScheme-definition": ([], [f'{PA_SCHEME} skos:definition "Politikbereiche."@de']),
    # policy areas (OGP registry)
    "PolicyArea": ([], [f"{PA} {EXTRA}"]),
    "PolicyArea-prefLabel": ([f'{PA} skos:prefLabel "Open Data"@en'], [f'{PA} skos:prefLabel "Open Data"@fr']),
    "PolicyArea-notation": ([f'{PA} skos:notation "open-data"'], [f'{PA} skos:notation "Open Data"']),
    "PolicyArea-inScheme": ([f"{PA} skos:inScheme {PA_SCHEME}"], [f"{PA} skos:inScheme {CH}"]),
    "PolicyArea-topConceptOf": ([f"{PA} skos:topConceptOf {PA_SCHEME}"], [f"{PA} skos:topConceptOf {CH}"]),
    "PolicyArea-derivedFrom": ([f"{PA} prov:wasDerivedFrom {PAGE}"], [f"{PA} prov:wasDerivedFrom <https://example.org/page>"]),
    "PolicyArea-used": ([f"{C} ogp:policyArea {PA}"], []),
    # OGP registry record and IRM assessment
    "RegistryRecord": ([], [f"{REC} {EXTRA}"]),
    "RegistryRecord-label": ([f'{REC} rdfs:label "OGP registry record FR0051 (commitment #1)"@en'], []),
    "RegistryRecord-page": ([f"{REC} ogp:registryPage {PAGE}"], [f"{REC} ogp:registryPage {PAGE_TEXT}"]),
    "RegistryRecord-pageRead": ([f"{REC} ogp:pageRead true"], [f'{REC} ogp:pageRead "yes"']),
    "RegistryRecord-addressRead": (
        [f'{REC} ogp:addressRead "https://opengovpartnership.org/members/france/commitments/fr0051"^^xsd:anyURI'],
        [f"{REC} ogp:addressRead <https://opengovpartnership.org/members/france/commitments/fr0051>"]),
    "RegistryRecord-note": ([f'{REC} skos:note "Lu sur une copie conservée de la page, fin 2026."@fr'], []),
    "RegistryRecord-derivedFrom": ([], [f"{REC} prov:wasDerivedFrom <https://example.org/another-page>"]),
    "RegistryRecord-readIn": ([f'{REC} ogp:readIn "2026"^^xsd:gYear'], [f'{REC} ogp:readIn "late 2026"']),
    "RegistryRecord-leadInstitution": (
        [f'{REC} ogp:leadInstitution "Interministerial Directorate for Digital Technology (DINUM)"@en'],
        [f'{REC} ogp:leadInstitution "Interministerial Directorate for Digital Technology (DINUM)"']),
    "RegistryRecord-supportInstitution": ([f'{REC} ogp:supportInstitution "Etalab"@en'],
                                          [f'{REC} ogp:supportInstitution "Etalab"@fr']),
    "RegistryRecord-leadInstitutionOrganisation": ([f"{REC} ogp:leadInstitutionOrganisation {DINUM}"],
                                                   [f"{REC} ogp:leadInstitutionOrganisation {GROUP}"]),
    "RegistryRecord-of": ([], [f"{X} ogp:registryRecord {REC}"]),
    "RegistryRecordRead": ([f"{REC} prov:wasDerivedFrom {PAGE}"], []),
    "RegistryRecordNotRead": ([f"{REC} ogp:pageRead true"], [f"{REC} ogp:pageRead false"]),
    "IrmReview": ([], [f"{IRM} {EXTRA}"]),
    "IrmReview-label": ([f'{IRM} rdfs:label "IRM assessment on OGP registry page FR0051"@en'], []),
    "IrmReview-verifiable": ([f'{IRM} ogp:irmVerifiable "Yes"'], [f'{IRM} ogp:irmVerifiable "yes"']),
    "IrmReview-relevantToOgpValues": ([f'{IRM} ogp:irmRelevantToOgpValues "Yes"'],
                                      [f'{IRM} ogp:irmRelevantToOgpValues "Oui"']),
    "IrmReview-ambition": ([f'{IRM} ogp:irmAmbition "Low"'], [f'{IRM} ogp:irmAmbition "Low"@en']),
    "IrmReview-completion": ([f'{IRM} ogp:irmCompletion "Pending IRM Review"'], [f'{IRM} ogp:irmCompletion ""']),
    "IrmReview-earlyResults": ([], [f'{IRM} ogp:irmEarlyResults "Pending IRM Review"']),
    "IrmReview-derivedFrom": ([f"{IRM} prov:wasDerivedFrom {PAGE}"], []),
    "IrmReview-readIn": ([f'{IRM} ogp:readIn "2026"^^xsd:gYear'], []),
    "IrmReview-of": ([], [f"{X} ogp:irmReview {IRM}"]),
    # source document and passages
    "SourceDocument": ([], [f"{DOC} {EXTRA}"]),
    "SourceDocument-title": ([f'{DOC} dcterms:title "Liasse des engagements"@fr'], [f'{DOC} dcterms:title "Liasse des engagements"']),
    "SourceDocument-format": ([f'{DOC} dcterms:format "text/plain; charset=utf-8"'], [f'{DOC} dcterms:format "texte brut"']),
    "SourceDocument-sha256": ([f'{DOC} ogp:sha256 "515ffac6cb74077aaa5cf5852e64826b0db9817baec3c0ec402ccbc3699c42bc"'],
                              [f'{DOC} ogp:sha256 "515FFAC6"']),
    "SourceDocument-lineCount": ([f"{DOC} ogp:lineCount 20"], [f'{DOC} ogp:lineCount "20"']),
    "SourceDocument-identifier": ([f'{DOC} dcterms:identifier "data/source/liasse.txt"'], []),
    "SourceDocumentPassages": ([f"{P} ogp:endLine 20"], [f"{P} ogp:endLine 19"]),
    "Passage": ([], [f"{P} {EXTRA}"]),
    "Passage-source": ([f"{P} oa:hasSource {DOC}"], [f"{P} oa:hasSource {PLAN}"]),
    "Passage-startLine": ([f"{P} ogp:startLine 1"], [f'{P} ogp:startLine "1"^^xsd:long']),
    "Passage-endLine": ([f"{P} ogp:endLine 20"], [f'{P} ogp:endLine "20"^^xsd:long']),
    "Passage-selector": ([], [f"{P} oa:hasSelector <fr/2021-2023/source/lines/1-20/other>"]),
    "LinesSelector": ([], [f"{SEL_LINES} {EXTRA}"]),
    "LinesSelector-conformsTo": ([f"{SEL_LINES} dcterms:conformsTo <http://tools.ietf.org/rfc/rfc5147>"],
                                 [f"{SEL_LINES} dcterms:conformsTo <http://tools.ietf.org/rfc/rfc3986>"]),
    "LinesSelector-value": ([f'{SEL_LINES} rdf:value "line=0,20"'], [f'{SEL_LINES} rdf:value "lines 1-20"']),
    "PositionSelector": ([], [f"{SEL_POS} {EXTRA}"]),
    "PositionSelector-start": ([f"{SEL_POS} oa:start 0"], [f'{SEL_POS} oa:start "0"^^xsd:long']),
    "PositionSelector-end": ([f"{SEL_POS} oa:end 500"], [f'{SEL_POS} oa:end "500"^^xsd:long']),
    "QuoteSelector": ([], [f"{SEL_QUOTE} {EXTRA}"]),
    "QuoteSelector-exact": ([f'{SEL_QUOTE} oa:exact "Engagement #1 : Un engagement"'],
                            [f'{SEL_QUOTE} oa:exact "Engagement #1 : Un engagement"@fr']),
    # the report's contact point
    "ContactPoint": ([], [f"{CP} {EXTRA}"]),
    "ContactPoint-email": ([f"{CP} vcard:hasEmail <mailto:gouvernement-ouvert@example.fr>"],
                           [f"{CP} vcard:hasEmail <https://www.example.fr/contact>"]),
    "ContactPoint-derivedFrom": ([f"{CP} prov:wasDerivedFrom {P}"], [f"{CP} prov:wasDerivedFrom {DOC}"]),
}


def turtle(triples: list[str], comment: str) -> str:
    return f"# {comment}\n" + PREFIXES + "\n" + "".join(f"{t} .\n" for t in triples)


def main() -> None:
    for shape, (remove, add) in sorted(MUTATIONS.items()):
        missing = [t for t in remove if t not in WORLD]
        if missing:
            raise SystemExit(f"{shape}: not in WORLD: {missing}")
        bad = [t for t in WORLD if t not in remove] + add
        d = FIXTURES / shape
        d.mkdir(parents=True, exist_ok=True)
        changes = "; ".join([f"removed: {t}" for t in remove] + [f"added: {t}" for t in add])
        (d / "good.ttl").write_text(turtle(WORLD, f"shapes:{shape} — good twin: the complete world, no result."),
                                    encoding="utf-8")
        (d / "bad.ttl").write_text(turtle(bad, f"shapes:{shape} — bad: {changes}"), encoding="utf-8")
    print(f"wrote {len(MUTATIONS)} fixture pairs under {FIXTURES}")


if __name__ == "__main__":
    main()
