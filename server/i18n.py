"""UI strings in French (default) and English.

Chosen by ``?lang=fr|en`` (links keep it), else the Accept-Language header,
else French. No cookie: the choice is visible in the URL, so shared caches
stay correct with ``Vary: Accept-Language``. The data itself is in French;
only the interface around it switches.
"""

from __future__ import annotations

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
    "properties": {"fr": "Propriétés", "en": "Properties"},
    "incoming": {"fr": "Liens entrants", "en": "Incoming links"},
    "formats": {"fr": "Autres formats", "en": "Other formats"},
    "not_found": {"fr": "Ressource inconnue", "en": "Unknown resource"},
    "not_found_text": {"fr": "Aucune ressource ne porte cet IRI dans ce jeu de données.",
                       "en": "No resource has this IRI in this dataset."},
    "error": {"fr": "Erreur", "en": "Error"},
    "leads": {"fr": "Engagements portés", "en": "Commitments led"},
    "involved": {"fr": "Engagements où l'organisation est impliquée", "en": "Commitments it is involved in"},
    "published": {"fr": "Publié par", "en": "Published by"},
    "issued": {"fr": "Date", "en": "Date"},
    "switch": {"fr": "English", "en": "Français"},
    "no_date": {"fr": "sans date", "en": "undated"},
}


def current_language() -> str:
    return g.get("lang", "fr")


def t(key: str) -> str:
    """The UI string ``key`` in the current language."""
    return STRINGS[key][current_language()]


def register_i18n(app: Flask) -> None:
    @app.before_request
    def _pick_language() -> None:
        lang = request.args.get("lang")
        if lang not in LANGUAGES:
            lang = request.accept_languages.best_match(LANGUAGES, default="fr")
        g.lang = lang

    app.jinja_env.globals.update(t=t, current_language=current_language)
