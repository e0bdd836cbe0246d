"""UI strings in French (default) and English.

Chosen by ``?lang=fr|en`` (links keep it), else the Accept-Language header,
else French. No cookie: the choice is visible in the URL, so shared caches
stay correct with ``Vary: Accept-Language``. The data itself is in French;
only the interface around it switches.
"""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Flask, g, request

LANGUAGES = ("fr", "en")

STRINGS: dict[str, dict[str, str]] = {
    "site": {"fr": "Plan d'action pour un gouvernement ouvert", "en": "Open government action plan"},
    "home": {"fr": "Accueil", "en": "Home"},
    "chapters": {"fr": "Chapitres", "en": "Chapters"},
    "chapter": {"fr": "Chapitre", "en": "Chapter"},
    "commitments": {"fr": "Engagements", "en": "Commitments"},
    "commitment": {"fr": "Engagement", "en": "Commitment"},
    "period": {"fr": "Période", "en": "Period"},
    "lead": {"fr": "Porteur", "en": "Lead"},
    "problem": {"fr": "Problème public", "en": "Public problem"},
    "statement": {"fr": "L'engagement", "en": "The commitment"},
    "solution": {"fr": "Comment il y répond", "en": "How it solves the problem"},
    "relevance": {"fr": "Pertinence pour les valeurs de l'OGP", "en": "Relevance to OGP values"},
    "introduction": {"fr": "Description", "en": "Description"},
    "additional": {"fr": "Informations supplémentaires", "en": "Additional information"},
    "notes": {"fr": "Notes", "en": "Notes"},
    "milestones": {"fr": "Jalons", "en": "Milestones"},
    "contacts": {"fr": "Contacts", "en": "Contacts"},
    "actors": {"fr": "Autres acteurs", "en": "Other actors"},
    "state_actors": {"fr": "Acteurs étatiques", "en": "State actors"},
    "other_actors": {"fr": "Société civile, secteur privé, multilatéraux", "en": "Civil society, private sector, multilaterals"},
    "laws": {"fr": "Textes juridiques cités", "en": "Legal texts cited"},
    "budgets": {"fr": "Montants", "en": "Amounts"},
    "programmes": {"fr": "Programmes liés", "en": "Related programmes"},
    "values": {"fr": "Valeurs de l'OGP (déduites)", "en": "OGP values (derived)"},
    "web": {"fr": "Adresses web", "en": "Web addresses"},
    "provenance": {"fr": "Source", "en": "Source"},
    "lines": {"fr": "lignes", "en": "lines"},
    "line": {"fr": "ligne", "en": "line"},
    "properties": {"fr": "Propriétés", "en": "Properties"},
    "incoming": {"fr": "Liens entrants", "en": "Incoming links"},
    "formats": {"fr": "Autres formats", "en": "Other formats"},
    "not_found": {"fr": "Ressource inconnue", "en": "Unknown resource"},
    "not_found_text": {"fr": "Aucune ressource ne porte cet IRI dans ce jeu de données.",
                       "en": "No resource has this IRI in this dataset."},
    "error": {"fr": "Erreur", "en": "Error"},
    "gone": {"fr": "Ressource retirée", "en": "Gone"},
    "gone_text": {"fr": "Cet IRI a été publié, puis retiré : il ne désigne plus de ressource ici (docs/iris.md).",
                  "en": "This IRI was published, then retired: it no longer names a resource here (docs/iris.md)."},
    "retired_on": {"fr": "Retiré le", "en": "Retired on"},
    "retired_reason": {"fr": "Motif", "en": "Reason"},
    "successor": {"fr": "Remplacé par", "en": "Replaced by"},
    "search": {"fr": "Recherche", "en": "Search"},
    "search_label": {"fr": "Mots à rechercher", "en": "Words to search for"},
    "search_hint": {"fr": "engagement, organisation, personne, texte…", "en": "commitment, organisation, person, text…"},
    "search_button": {"fr": "Rechercher", "en": "Search"},
    "search_type": {"fr": "Type de ressource", "en": "Type of resource"},
    "search_all": {"fr": "Tous les types", "en": "All types"},
    "search_intro": {"fr": "Cherchez dans les intitulés et les textes du plan d'action : accents et majuscules "
                           "indifférents, mots au singulier ou au pluriel.",
                     "en": "Search the action plan's titles and texts (in French): accents and case do not "
                           "matter, nor singular or plural."},
    "search_results": {"fr": "résultats", "en": "results"},
    "search_none": {"fr": "Aucun résultat.", "en": "No results."},
    "search_error": {"fr": "Recherche impossible", "en": "Cannot search"},
    "search_pages": {"fr": "Pages de résultats", "en": "Result pages"},
    "search_previous": {"fr": "Précédents", "en": "Previous"},
    "search_next": {"fr": "Suivants", "en": "Next"},
    "type.commitment": {"fr": "Engagement", "en": "Commitment"},
    "type.milestone": {"fr": "Jalon", "en": "Milestone"},
    "type.person": {"fr": "Personne", "en": "Person"},
    "type.group": {"fr": "Collectif", "en": "Group"},
    "type.organisation": {"fr": "Organisation", "en": "Organisation"},
    "type.programme": {"fr": "Programme", "en": "Programme"},
    "type.legal": {"fr": "Texte juridique", "en": "Legal text"},
    "type.chapter": {"fr": "Chapitre", "en": "Chapter"},
    "type.plan": {"fr": "Plan d'action", "en": "Action plan"},
    "type.concept": {"fr": "Concept", "en": "Concept"},
    "type.scheme": {"fr": "Référentiel", "en": "Scheme"},
    "type.document": {"fr": "Document", "en": "Document"},
    "type.other": {"fr": "Autre", "en": "Other"},
    "leads": {"fr": "Engagements portés", "en": "Commitments led"},
    "involved": {"fr": "Engagements où l'organisation est impliquée", "en": "Commitments it is involved in"},
    "published": {"fr": "Publié par", "en": "Published by"},
    "issued": {"fr": "Date", "en": "Date"},
    "switch": {"fr": "English", "en": "Français"},
    "no_date": {"fr": "sans date", "en": "undated"},
    "colon": {"fr": " :", "en": ":"},
    "skip": {"fr": "Aller au contenu", "en": "Skip to content"},
    "breadcrumb": {"fr": "Fil d'Ariane", "en": "Breadcrumb"},
    "contents": {"fr": "Sommaire", "en": "Contents"},
    "overview": {"fr": "Vue d'ensemble", "en": "Overview"},
    "plan": {"fr": "Plan d'action", "en": "Action plan"},
    "created": {"fr": "Coordonné par", "en": "Coordinated by"},
    "homepage": {"fr": "Site web", "en": "Web site"},
    "mailbox": {"fr": "Adresse de contact", "en": "Contact address"},
    "source_doc": {"fr": "Document source", "en": "Source document"},
    "n_chapters": {"fr": "chapitres", "en": "chapters"},
    "n_commitments": {"fr": "engagements", "en": "commitments"},
    "n_milestones": {"fr": "jalons", "en": "milestones"},
    "n_leads": {"fr": "organisations porteuses", "en": "lead organisations"},
    "page": {"fr": "Page du document source", "en": "Page in the source document"},
    "identifier": {"fr": "Identifiant", "en": "Identifier"},
    "responsible": {"fr": "Responsable", "en": "Responsible"},
    "operational": {"fr": "Contact opérationnel", "en": "Operational contact"},
    "email": {"fr": "Courriel", "en": "E-mail"},
    "phone": {"fr": "Téléphone", "en": "Phone"},
    "role": {"fr": "Fonction", "en": "Role"},
    "organisation": {"fr": "Organisation", "en": "Organisation"},
    "person": {"fr": "Personne", "en": "Person"},
    "alt_labels": {"fr": "Aussi appelée", "en": "Also known as"},
    "org_contacts": {"fr": "Contacts de cette organisation", "en": "Contacts from this organisation"},
    "plans": {"fr": "Plans d'action", "en": "Action plans"},
    "as_state_actor": {"fr": "acteur étatique", "en": "state actor"},
    "as_other_actor": {"fr": "autre acteur", "en": "other actor"},
    "person_intro": {"fr": "Personne citée comme contact dans le plan d'action.",
                     "en": "Person named as a contact in the action plan."},
    "roles": {"fr": "Contacts et fonctions", "en": "Contacts and roles"},
    "person_commitments": {"fr": "Ses engagements", "en": "Their commitments"},
    "legal_text": {"fr": "Texte juridique", "en": "Legal text"},
    "kind": {"fr": "Nature", "en": "Kind"},
    "citations": {"fr": "Citations telles qu'écrites", "en": "Citations as written"},
    "eli": {"fr": "Identification (ELI)", "en": "Identification (ELI)"},
    "eli_title": {"fr": "Intitulé", "en": "Title"},
    "eli_date": {"fr": "Date du texte", "en": "Date of the text"},
    "eli_id": {"fr": "Numéro", "en": "Number"},
    "cited_by": {"fr": "Engagements qui le citent", "en": "Commitments citing it"},
    "programme": {"fr": "Programme", "en": "Programme"},
    "other_labels": {"fr": "Autres intitulés", "en": "Other names"},
    "related_commitments": {"fr": "Engagements liés", "en": "Related commitments"},
    "milestone": {"fr": "Jalon", "en": "Milestone"},
    "date_as_written": {"fr": "Échéance telle qu'écrite", "en": "Date as written"},
    "start": {"fr": "Début", "en": "Start"},
    "end": {"fr": "Fin", "en": "End"},
    "part_of": {"fr": "Sous-jalon de", "en": "Part of"},
    "sub_milestones": {"fr": "Sous-jalons", "en": "Sub-milestones"},
    "ogp_value": {"fr": "Valeur de l'OGP", "en": "OGP value"},
    "scheme": {"fr": "Référentiel", "en": "Scheme"},
    "notation": {"fr": "Code", "en": "Code"},
    "values_note": {"fr": "Valeurs déduites automatiquement du texte « Pertinence » de chaque engagement.",
                    "en": "Values derived automatically from each commitment's “Relevance” text."},
    "tagged": {"fr": "Engagements qui s'en réclament", "en": "Commitments claiming it"},
    "top_concepts": {"fr": "Valeurs", "en": "Values"},
    "see_passage": {"fr": "voir le passage", "en": "see the passage"},
    "none": {"fr": "Aucun", "en": "None"},
    "kind.loi": {"fr": "Loi", "en": "Act"},
    "kind.decret": {"fr": "Décret", "en": "Decree"},
    "kind.arrete": {"fr": "Arrêté", "en": "Order (arrêté)"},
    "kind.circulaire": {"fr": "Circulaire", "en": "Circular"},
    "kind.code": {"fr": "Code", "en": "Code"},
    "kind.reglement-ue": {"fr": "Règlement (UE)", "en": "EU regulation"},
    "kind.directive-ue": {"fr": "Directive (UE)", "en": "EU directive"},
    "kind.plan": {"fr": "Plan", "en": "Plan"},
    "kind.programme": {"fr": "Programme", "en": "Programme"},
    "kind.strategy": {"fr": "Stratégie", "en": "Strategy"},
    "kind.roadmap": {"fr": "Feuille de route", "en": "Roadmap"},
    "kind.initiative": {"fr": "Initiative", "en": "Initiative"},
    "kind.agenda": {"fr": "Agenda", "en": "Agenda"},
    "kind.budget-programme": {"fr": "Programme budgétaire", "en": "Budget programme"},
    "kind.presidency": {"fr": "Présidence", "en": "Presidency"},
}

_MONTHS = {
    "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
           "novembre", "décembre"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"),
}


def current_language() -> str:
    """The page language: ``?lang=``, else the best of Accept-Language, else French. Chosen on
    first use in a request (a SPARQL or RDF answer never needs it)."""
    lang = g.get("lang")
    if lang is None:
        lang = request.args.get("lang")
        if lang not in LANGUAGES:
            lang = request.accept_languages.best_match(LANGUAGES, default="fr")
        g.lang = lang
    return lang


def t(key: str) -> str:
    """The UI string ``key`` in the current language."""
    return STRINGS[key][current_language()]


def kind(code: str | None) -> str:
    """A legal text's or programme's kind (``loi``, ``strategy``…) in the current language."""
    entry = STRINGS.get(f"kind.{code}")
    return entry[current_language()] if entry else (code or "")


def date(iso: str | None) -> str:
    """``2022-06-30`` as "30 juin 2022" / "30 June 2022"; ``2021-12`` as "décembre 2021"; else unchanged."""
    if not iso:
        return ""
    parts = iso.split("-")
    try:
        numbers = [int(p) for p in parts]
    except ValueError:
        return iso
    months = _MONTHS[current_language()]
    if len(numbers) == 3 and 1 <= numbers[1] <= 12:
        day = "1er" if numbers[2] == 1 and current_language() == "fr" else str(numbers[2])
        return f"{day} {months[numbers[1] - 1]} {numbers[0]}"
    if len(numbers) == 2 and 1 <= numbers[1] <= 12:
        return f"{months[numbers[1] - 1]} {numbers[0]}"
    return iso


def switch_language_url(lang: str) -> str:
    """This page in ``lang``: the same path and query (search words, filters), ``lang`` replaced."""
    args = [(k, v) for k, v in request.args.items(multi=True) if k != "lang"]
    return "?" + urlencode([*args, ("lang", lang)])


def register_i18n(app: Flask) -> None:
    app.jinja_env.globals.update(t=t, current_language=current_language, kind=kind, date=date,
                                  switch_language_url=switch_language_url)
