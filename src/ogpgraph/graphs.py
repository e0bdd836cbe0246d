"""The named graphs the build writes: one file of ``data/ttl`` each, and what each holds.

A file ``data/ttl/{stem}.ttl`` is served as the named graph ``{base}graph/{stem}``
(docs/dataset.md). The descriptions are published with each graph: in the dataset's VoID
description (its subsets) and in the SPARQL service description (its named graphs).
"""

from __future__ import annotations

__all__ = ["DESCRIPTIONS", "OUTPUT_FILES"]

# the part of rdf.emit.PlanGraphs → its file name in data/ttl
OUTPUT_FILES = {
    "facts": "fr-2021-2023.ttl",
    "provenance": "fr-2021-2023-provenance.ttl",
    "vocabularies": "vocabularies.ttl",
    "registry": "ogp-registry.ttl",
    "irm_review": "irm-review.ttl",
    "entailed": "entailed.ttl",
}

# graph name (file stem) → what it holds, in French and English
DESCRIPTIONS: dict[str, dict[str, str]] = {
    "fr-2021-2023": {
        "fr": "Ce que dit le document : le plan, ses chapitres, engagements, jalons, contacts, organisations, "
              "textes juridiques, montants et programmes, chaque fait dérivé d'un passage du document.",
        "en": "What the document says: the plan, its chapters, commitments, milestones, contacts, organisations, "
              "legal texts, amounts and programmes, each fact derived from a passage of the document."},
    "fr-2021-2023-provenance": {
        "fr": "Les passages du document source dont chaque fait est tiré (lignes et citation exacte).",
        "en": "The passages of the source document each fact was read from (lines and exact quote)."},
    "vocabularies": {
        "fr": "Le schéma SKOS des valeurs de l'OGP, et les programmes nommés par les engagements.",
        "en": "The SKOS scheme of OGP values, and the programmes the commitments name."},
    "ogp-registry": {
        "fr": "Ce que disent les pages du registre des engagements de l'OGP : titres anglais, domaines d'action, "
              "institutions, et le lien de chaque engagement à sa page.",
        "en": "What the OGP commitment registry's pages say: English titles, policy areas, institutions, and "
              "each commitment's link to its page."},
    "irm-review": {
        "fr": "Les champs d'évaluation du MEI que les pages du registre affichaient.",
        "en": "The IRM assessment fields the registry pages showed."},
    "entailed": {
        "fr": "Les triplets que les axiomes de l'ontologie ogpgraph (sous-propriété, sous-classe, domaine, "
              "co-domaine) impliquent à partir des autres graphes et qu'ils n'énoncent pas : ?c ogp:contact ?k "
              "pour chaque contact responsable ou opérationnel, par exemple. Dérivés, non lus dans le document.",
        "en": "The triples the ogpgraph ontology's axioms (sub-property, sub-class, domain, range) entail from "
              "the other graphs and that they do not state: ?c ogp:contact ?k for every responsible or "
              "operational contact, for instance. Derived, not read in the document."},
}
