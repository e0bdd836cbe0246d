"""Tagging a commitment with the OGP values its relevance text claims.

Each commitment answers "Pourquoi cet engagement est-il pertinent pour les
valeurs de l'OGP ?". :func:`tag_ogp_values` reads that answer and returns the
values whose vocabulary it uses. The rules are lexical on purpose, so that a
reviewer can check every tag against the words of the text; they record what
the text claims, not an assessment of the commitment.

Text is compared without accents or case, with ’ read as '. Names of bodies
that contain a value's words are blanked first, so "Centre interministériel de
la participation citoyenne", "Haute Autorité pour la transparence de la vie
publique" or the think tank "Renaissance Numérique" tag nothing by themselves.

``access-to-information`` (Accès à l'information)
    "transparence", "transparent(e)(s)": OGP files transparency under access
    to information (disclosure, quality and accessibility of government
    information), and the plan uses "transparence" in that sense, so the word
    maps here and not to accountability; "accès à l'information / aux
    informations"; "accessibilité de l'/des/à l'information(s)"; "information(s)
    … accessible(s)" within one clause; "droit à l'information"; "information(s)
    du/au/aux/des public/grand public/citoyens/usagers"; "open data", "données
    ouvertes", "ouverture des données"; "ouvrir l'information", "ouverture de
    l'information" (the same claim about information rather than data);
    "divulguer", "divulguées"….
``civic-participation`` (Participation citoyenne)
    "participation", "participatif/-ve(s)"; the infinitive "participer" (the
    conjugated "participe à" usually means "contributes to" and is left out);
    "société civile"; "influence(r)" (an opportunity to influence decisions);
    "expression / engagement / mobilisation / expertise citoyenne";
    "concertation", "consultation"; "donner / porter un avis" (and "leur/son
    avis"); "impliquer le(s) citoyen(s)".
``public-accountability`` (Redevabilité publique)
    "redevabilité", "redevable(s)"; "responsabilité publique"; "rendre compte(s)",
    "rendre des comptes"; "lanceur(s) d'alerte". Not "responsabilisation": the
    plan uses it for young volunteers as much as for officials.
``technology-and-innovation`` (Technologie et innovation pour la transparence
et la redevabilité)
    "technologie(s)", "technologique(s)"; "innovation(s)", "innovant(e)(s)",
    "innover"; "numérique(s)"; "open source", "logiciel(s) libre(s)", "code(s)
    source(s)", "civic tech".

Known limits: a value claimed in other words is missed ("les citoyens …
peuvent aider les administrations" is participation to a reader, but none of
the words above); "numérique" tags any text about digital services, whether or
not it claims technology as a means of openness.
"""

from __future__ import annotations

import re

from ogpgraph.text import fold_in_place as fold

__all__ = ["OGP_VALUES", "tag_ogp_values"]

# The four values of the Open Government Partnership, in OGP's own order.
OGP_VALUES: dict[str, dict[str, str]] = {
    "access-to-information": {
        "fr": "Accès à l'information",
        "en": "Access to information",
    },
    "civic-participation": {
        "fr": "Participation citoyenne",
        "en": "Civic participation",
    },
    "public-accountability": {
        "fr": "Redevabilité publique",
        "en": "Public accountability",
    },
    "technology-and-innovation": {
        "fr": "Technologie et innovation pour la transparence et la redevabilité",
        "en": "Technology and innovation for transparency and accountability",
    },
}

# Bodies whose names contain a value's words (folded, lower case).
_NAMES = re.compile(
    r"centre interministeriel de la participation citoyenne"
    r"|ministere [^.;:]{0,80}de la participation citoyenne"
    r"|haute autorite pour la transparence de la vie publique"
    r"|renaissance numerique"
    r"|conseil national du numerique"
    r"|ambassadeur pour le numerique"
    r"|direction (?:interministerielle )?du numerique(?: en sante)?"
)

_RULES: dict[str, tuple[str, ...]] = {
    "access-to-information": (
        r"\btransparen(?:ce|te?s?)\b",
        r"\bacces (?:a l'information|aux informations)\b",
        r"\baccessibilite (?:de l'|des |a l')informations?\b",
        r"\binformations?\b[^.;:]{0,40}?\baccessibles?\b",
        r"\bdroit a l'information\b",
        r"\binformations? (?:du|au|aux|des) (?:grand )?(?:public|citoyens|usagers)\b",
        r"\bopen data\b|\bdonnees ouvertes\b|\bouverture des donnees\b",
        r"\b(?:ouvrir|ouverture de) l'information\b",
        r"\bdivulg\w*",
    ),
    "civic-participation": (
        r"\bparticipati(?:on|fs?|ves?)\b",
        r"\bparticiper\b",
        r"\bsociete civile\b",
        r"\binfluen(?:ce|cer)\b",
        r"\b(?:expression|engagement|mobilisation|expertise) citoyenn?e?\b",
        r"\bconcertations?\b|\bconsultations?\b",
        r"\b(?:donner|porter) (?:un|leur|son) avis\b",
        r"\bimpliquer (?:le|les) citoyens?\b",
    ),
    "public-accountability": (
        r"\bredevab\w*",
        r"\bresponsabilite publique\b",
        r"\brendre (?:des )?comptes?\b",
        r"\blanceurs? d'alerte\b",
    ),
    "technology-and-innovation": (
        r"\btechnolog\w*",
        r"\binnov(?:ation|ations|ant|ante|ants|antes|er)\b",
        r"\bnumeriques?\b",
        r"\bopen source\b|\blogiciels? libres?\b|\bcodes? sources?\b|\bcivic tech\b",
    ),
}

_COMPILED = {key: tuple(re.compile(p) for p in patterns) for key, patterns in _RULES.items()}


def tag_ogp_values(relevance_text: str) -> list[str]:
    """The OGP value keys the relevance text claims, in the order of ``OGP_VALUES``.

    ``relevance_text`` is the answer to "Pourquoi cet engagement est-il
    pertinent pour les valeurs de l'OGP ?". The keyword rules are listed in the
    module docstring.
    """
    text = _NAMES.sub(" ", " ".join(fold(relevance_text).lower().split()))
    return [key for key in OGP_VALUES if any(rx.search(text) for rx in _COMPILED[key])]
