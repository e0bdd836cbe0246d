"""Finding the legal texts a commitment cites: French and EU acts, and codes.

Three kinds of evidence name a legal text in this document:

* a French act (loi, décret, arrêté, ordonnance, circulaire) followed by a
  number ("n° 2018-1202"), a date ("du 28 avril 2021") or a title that opens
  the way French legal titles do ("relative à…", "pour une…", "portant…");
* an EU act (règlement, directive) followed by its "année/numéro" number;
* a well-known name or acronym ("Sapin II", "RGPD", "CRPA") that only a
  curated table can tie to the text it stands for.

The curated texts' official numbers and dates are in the reference table
:data:`KNOWN_TEXTS`, each entry with the source it was verified in; the ELIs
built from them (``ogpgraph.source.eli``) depend on nothing else.

Every citation gets a ``key`` so that the same text cited in different ways
("loi n° 2016-1321", "Loi pour une République numérique") is one resource in the
graph: the official number when the citation gives one, else the curated
alias, else the date, else the title.

Bills and proposals ("projet de loi Climat et résilience", "projet de décret
relatif au SNDS", the Digital Services Act of 2021) are kept: the commitment is
tied to that text even if it was not yet adopted, and ``text`` keeps the words
"projet de" so nobody mistakes it for an enacted law.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from ogpgraph.model import LegalText, Span
from ogpgraph.source.dates import MONTH_NAMES
from ogpgraph.source.lines import Line
from ogpgraph.text import slug as _slug

__all__ = ["CODE_TITLES", "KNOWN_TEXTS", "NUMBER_ERRATA", "KnownText", "extract_legal_texts", "full_titles", "legal_key"]


_APOS = "['’]"  # the document mixes straight and typographic apostrophes
_DATE = r"(?:1er|\d{1,2})\s+(?:" + "|".join(MONTH_NAMES) + r")\s+\d{4}"
_DATE_PARTS = re.compile(r"(1er|\d{1,2})\s+(\w+)\s+(\d{4})")
# "n° 2016-1321", "n°6264/SG", "n° 78-753": digits, then -/ groups, then an
# optional issuer suffix such as "/SG" (circulaires of the Prime Minister).
_NUMBER = r"n[°o]\s*(?P<num>\d+(?:[-/]\d+)*(?:/[A-Z]{1,5})?)"

# Words that open a French legal title. Kept strict on purpose: with "sur" or a
# bare "de", ordinary prose ("projet de loi sur la stratégie") would become a title.
_TITLE_START = (
    r"(?:relati(?:f|ve)s?\s+(?:à|au|aux)\b|portant\b|pour\s+(?:une?|la|le|les|l" + _APOS + r")"
    r"|visant\b|approuvant\b|fixant\b|modifiant\b|prise?\s+(?:en|pour)\s+(?:l" + _APOS
    + r")?application\b|de\s+programmation\s+(?:relative|pour)\b|d" + _APOS
    + r"orientation\b|de\s+finances\b)"
)
# Where a title ends. A comma ends it unless an enumeration of "de X, des Y"
# continues ("de la donnée, des algorithmes et des codes sources"); so do a
# relative pronoun, a participle introducing the act's history, or "de 2016".
_TITLE_END = (
    r"(?=\s*[;.()«»:]|,(?!\s+(?:des|du|de)\s|\s+d" + _APOS + r")"
    r"|\s+(?:qui|que|dont|où|promulguée?|adoptée?|publiée?)\b|\s+de\s+\d{4}\b|\s*$)"
)
_TITLE = r"(?P<title>" + _TITLE_START + r".*?)" + _TITLE_END

_KINDS = {"loi": "loi", "décret": "decret", "arrêté": "arrete", "ordonnance": "ordonnance",
          "circulaire": "circulaire"}  # fmt: skip

# A French act: kind, then optional number, date, issuer and title. Accepted
# only if at least one of number, date or title is there: "la loi" alone
# identifies nothing.
_NATIONAL = re.compile(
    r"(?P<proj>\bprojet\s+d(?:e\s+|" + _APOS + r"))?"
    r"\b(?P<kind>[Ll]oi|[Dd]écret|[Aa]rrêté|[Oo]rdonnance|[Cc]irculaire)(?![\w-])"
    r"(?:\s+(?:organique|constitutionnelle))?"
    r"(?:\s+" + _NUMBER + r")?"
    r"(?:\s+(?:du|en\s+date\s+du)\s+(?P<date>" + _DATE + r"))?"
    r"(?:\s+du\s+[Pp]remier\s+[Mm]inistre)?"
    r"(?:\s+" + _TITLE + r")?"
    r"(?:\s+promulguée\s+le\s+(?P<date2>" + _DATE + r"))?"
)

# An EU act needs its "year/number": "règlement (UE) 2016/679",
# "directive UE 2018/172 du 11 décembre 2018", "règlement européen 2019/1780".
_EU = re.compile(
    r"\b(?P<kind>[Rr]èglement|[Dd]irective)(?:\s+d" + _APOS + r"exécution|\s+déléguée?)?"
    r"(?:\s+(?:\((?:UE|CE)\)|UE|CE|européen(?:ne)?))?"
    r"(?:\s+n[°o])?\s*(?P<num>(?:19|20)?\d{2}/\d{1,4})(?:/(?:UE|CE|CEE))?(?![\w/])"
    r"(?:\s+du\s+(?:Parlement\s+européen\s+et\s+du\s+Conseil\s+du\s+)?(?P<date>" + _DATE + r"))?"
    r"(?:\s+(?P<title>(?:relati(?:f|ve)\s+(?:à|au|aux)|concernant|sur|établissant|portant"
    r"|modifiant)\b.*?)" + _TITLE_END + r")?"
)


@dataclass(frozen=True)
class _Alias:
    """A well-known name of a legal text, tied by hand to the text's key."""

    key: str
    kind: str
    pattern: re.Pattern[str]
    is_title: bool  # the name is the act's own title wording, not a nickname


def _named(kind_word: str, name: str) -> str:
    # The kind word, an optional number and date (so that a full citation is
    # one match, not an alias plus a generic hit), an optional "dite «…»",
    # the name, and the optional tails the document uses ("de 2016",
    # "promulguée le 4 août 2021").
    return (
        r"(?P<proj>\bprojet\s+d(?:e\s+|" + _APOS + r"))?\b" + kind_word + r"(?![\w-])"
        r"(?:\s+" + _NUMBER + r")?"
        r"(?:\s+du\s+(?P<date>" + _DATE + r"))?"
        r"(?:\s+du\s+[Pp]remier\s+[Mm]inistre)?"
        r"\s+(?:dite?\s+)?(?:«\s*)?(?P<name>" + name + r")(?:\s*»)?"
        r"(?:\s+de\s+\d{4}\b)?"
        r"(?:\s+promulguée\s+le\s+(?P<date2>" + _DATE + r"))?"
    )


def _standalone(name: str) -> str:
    return r"(?<![\w-])(?P<name>" + name + r")(?![\w-])"


# Curated: only texts whose identity is certain. Keys with a number use the
# official number, verified (with the date) in the reference table KNOWN_TEXTS
# below; the planned energy-climate programming law had none when the document
# was written.
_ALIASES: tuple[_Alias, ...] = tuple(
    _Alias(key, kind, re.compile(pattern), is_title)
    for key, kind, pattern, is_title in (
        # Loi n° 2016-1321 du 7 octobre 2016 pour une République numérique (loi "Lemaire").
        ("loi-2016-1321", "loi", _named("[Ll]oi", r"pour\s+une\s+[Rr]épublique\s+numérique"), True),
        ("loi-2016-1321", "loi", _named("[Ll]oi", r"[Rr]épublique\s+numérique|Lemaire"), False),
        # Loi n° 2016-1691 du 9 décembre 2016 (transparence, corruption): "Sapin II".
        ("loi-2016-1691", "loi", _named("[Ll]oi", r"Sapin\s*(?:II|2)"), False),
        # Loi n° 78-753 du 17 juillet 1978, whose article 5 created the CADA.
        ("loi-78-753", "loi", _named("[Ll]oi", r"CADA"), False),
        # Loi n° 2021-1104 du 22 août 2021, "Climat et résilience".
        ("loi-2021-1104", "loi", _named("[Ll]oi", r"[Cc]limat\s+(?:et|&)\s+[Rr]ésilience"), False),
        # Loi n° 2021-1031 du 4 août 2021 de programmation relative au développement solidaire…
        ("loi-2021-1031", "loi", _named("[Ll]oi", r"de\s+programmation\s+relative\s+au\s+développement"
                                        r"\s+solidaire\s+et\s+à\s+la\s+lutte\s+contre\s+les\s+inégalités"
                                        r"\s+mondiales"), True),
        # Loi n° 2020-1721 du 29 décembre 2020 de finances pour 2021.
        ("loi-2020-1721", "loi", _named("[Ll]oi", r"de\s+finances\s+(?:initiale\s+)?pour\s+2021"), True),
        # The five-year energy-climate programming law (code de l'énergie, art. L. 100-1 A),
        # still to be adopted: no number exists, so the key is a name.
        ("loi-programmation-energie-climat", "loi",
         _named("[Ll]oi", r"de\s+programm(?:e|ation)\s+(?:quinquennale\s+)?sur\s+l" + _APOS
                + r"énergie\s+et\s+le\s+climat"), True),
        # Circulaire n° 6264/SG du 27 avril 2021, cited once by its subject alone.
        ("circulaire-6264-sg", "circulaire",
         _named("[Cc]irculaire", r"(?:relative\s+à|sur)\s+la\s+politique\s+(?:publique\s+)?(?:de\s+la\s+"
                r"donnée|des\s+données),\s+des\s+algorithmes\s+et\s+des\s+codes\s+sources"), True),
        # Regulation (EU) 2016/679, the GDPR.
        ("reglement-ue-2016-679", "reglement-ue",
         _standalone(r"RGPD|GDPR|[Rr]èglement\s+général\s+(?:sur\s+la|de)\s+protection\s+des\s+données"),
         False),
        # Directive (EU) 2019/1024 on open data and the re-use of public sector information.
        ("directive-ue-2019-1024", "directive-ue",
         _standalone(r"[Dd]irective\s+(?:«\s*)?[Oo]pen\s+[Dd]ata(?:\s*»)?"), False),
        # Regulations (EU) 2022/2065 and 2022/1925: in 2021 still the Commission's proposals.
        # By full name only: "DSA" and "DMA" also abbreviate French administrations.
        ("reglement-ue-2022-2065", "reglement-ue", _standalone(r"Digital\s+Services?\s+Act"), False),
        ("reglement-ue-2022-1925", "reglement-ue", _standalone(r"Digital\s+Markets?\s+Act"), False),
        # Loi n° 2020-1674 du 24 décembre 2020 de programmation de la recherche: "LPR".
        ("loi-2020-1674", "loi", _standalone(r"LPR"), False),
        ("loi-2020-1674", "loi", _named("[Ll]oi", r"de\s+programmation\s+(?:pluriannuelle\s+)?de\s+la\s+recherche"),
         True),
        # The Constitution of 4 October 1958, with a capital: "la constitution de réseaux" is not it.
        ("constitution-1958", "constitution", _standalone(r"Constitution(?:\s+du\s+4\s+octobre\s+1958)?"), False),
        # The Déclaration des droits de l'homme et du citoyen of 1789 (part of the Constitution's preamble).
        ("declaration-1789", "declaration",
         _standalone(r"Déclaration\s+des\s+[Dd]roits\s+de\s+l" + _APOS + r"[Hh]omme\s+et\s+du\s+[Cc]itoyen"
                     r"(?:\s+de\s+1789)?"), False),
        # "la révision constitutionnelle de 2008": loi constitutionnelle n° 2008-724 du 23 juillet 2008.
        ("loi-2008-724", "loi", _standalone(r"révision\s+constitutionnelle\s+de\s+2008"), False),
    )
)


@dataclass(frozen=True)
class KnownText:
    """Official facts about a legal text, verified outside the document, and where.

    The reference table for :mod:`ogpgraph.source.eli`: an identifier is derived
    from what the document writes, completed only by what an entry here gives.
    Every entry was checked against a published copy of the text or of its
    official title (``source``: stored copies of public pages, read through the
    project's search tool in 2026); an alias whose number could not be checked
    would not be in this table.
    """

    key: str
    number: str | None  # the official number: "2016-1321", "2016/679" (None: the Constitution has none)
    date: date | None  # the date of the text (signature), part of a Légifrance ELI
    source: str  # where number, date and identity were verified
    eu_type: str | None = None  # an EU act's ELI type: "reg", "reg_impl", "dir"…
    # Adopted after the document was written: the document cites the proposal, a
    # different text from the act it became.
    adopted_after_document: bool = False
    # Its common names by language, as the verified source gives them ("GDPR"): published as
    # skos:altLabel so that a reader finds the text by the name they know
    names: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Its official full title by language, as the verified source gives it (EU acts have one in
    # every official language; French acts in French only): published as dcterms:title
    titles: dict[str, str] = field(default_factory=dict)


KNOWN_TEXTS: dict[str, KnownText] = {t.key: t for t in (
    KnownText("loi-2016-1321", "2016-1321", date(2016, 10, 7),
              "Légifrance, legislative file « LOI n° 2016-1321 du 7 octobre 2016 pour une République "
              "numérique » (https://www.legifrance.gouv.fr/dossierlegislatif/JORFDOLE000031589829/); "
              "JORF n° 235 of 8 October 2016, text 1 (NOR ECFI1524250L)",
              titles={"fr": "Loi n° 2016-1321 du 7 octobre 2016 pour une République numérique"}),
    KnownText("loi-2016-1691", "2016-1691", date(2016, 12, 9),
              "Légifrance, « LOI n° 2016-1691 du 9 décembre 2016 relative à la transparence, à la lutte "
              "contre la corruption et à la modernisation de la vie économique » "
              "(https://www.legifrance.gouv.fr/loda/id/JORFTEXT000033558528); called « loi Sapin 2 » "
              "(http://affaires-publiques.org/textof/TO/D2/11348-1216.htm)",
              titles={"fr": "Loi n° 2016-1691 du 9 décembre 2016 relative à la transparence, à la lutte contre "
                            "la corruption et à la modernisation de la vie économique"}),
    KnownText("loi-78-753", "78-753", date(1978, 7, 17),
              "« Loi n° 78-753 du 17 juillet 1978 portant diverses mesures d'amélioration des relations "
              "entre l'administration et le public » (http://affaires-publiques.org/textof/L/L17-07-1978.htm); "
              "décret n° 78-1136: « la commission d'accès aux documents administratifs prévue à l'article 5 "
              "de la loi du 17 juillet 1978 » (https://www.bo.sga.defense.gouv.fr/texte/22715/_.html)"),
    KnownText("loi-2021-1104", "2021-1104", date(2021, 8, 22),
              "JORF of 24 August 2021, « Loi n° 2021-1104 du 22 août 2021 portant lutte contre le "
              "dérèglement climatique et renforcement de la résilience face à ses effets » "
              "(NOR TREX2100379L); « loi climat et résilience … promulgué le 22 août 2021 sous "
              "l'intitulé loi n° 2021-1104 » (https://citepa.org/?p=21745)",
              titles={"fr": "Loi n° 2021-1104 du 22 août 2021 portant lutte contre le dérèglement climatique et "
                            "renforcement de la résilience face à ses effets"}),
    KnownText("loi-2021-1031", "2021-1031", date(2021, 8, 4),
              "Légifrance, « LOI n° 2021-1031 du 4 août 2021 de programmation relative au développement "
              "solidaire et à la lutte contre les inégalités mondiales » "
              "(https://www.legifrance.gouv.fr/loda/id/JORFTEXT000043898536)",
              titles={"fr": "Loi n° 2021-1031 du 4 août 2021 de programmation relative au développement solidaire "
                            "et à la lutte contre les inégalités mondiales"}),
    KnownText("loi-2020-1721", "2020-1721", date(2020, 12, 29),
              "Légifrance, « LOI n° 2020-1721 du 29 décembre 2020 de finances pour 2021 », whose page "
              "gives the alias ELI https://www.legifrance.gouv.fr/eli/loi/2020/12/29/2020-1721/jo/texte "
              "(https://circulaire.legifrance.gouv.fr/jorf/id/JORFTEXT000042753580)",
              titles={"fr": "Loi n° 2020-1721 du 29 décembre 2020 de finances pour 2021"}),
    KnownText("reglement-ue-2016-679", "2016/679", date(2016, 4, 27),
              "« Regulation (EU) 2016/679 of the European Parliament and of the Council of 27 April 2016 "
              "… (General Data Protection Regulation) » (https://streamlex.eu/laws/gdpr-en); RGPD is its "
              "French name (https://5compliance.com/en/blog/portfolio/dsgvo/); full titles: English "
              "(https://www.egdf.eu/gdpr/), French (https://coblence-avocats.com/actualites-et-evenements/2019/"
              "rgpd-les-exigences-de-la-mise-en-conformite-des-entreprises-au-niveau-rh-ludivine-pons-cahiers-"
              "droit-de-lentreprise.html)", eu_type="reg",
              names={"fr": ("règlement général sur la protection des données", "RGPD"),
                     "en": ("General Data Protection Regulation", "GDPR")},
              titles={"fr": "Règlement (UE) 2016/679 du Parlement européen et du Conseil du 27 avril 2016 relatif à "
                            "la protection des personnes physiques à l'égard du traitement des données à caractère "
                            "personnel et à la libre circulation de ces données, et abrogeant la directive 95/46/CE "
                            "(règlement général sur la protection des données)",
                      "en": "Regulation (EU) 2016/679 of the European Parliament and of the Council of 27 April 2016 "
                            "on the protection of natural persons with regard to the processing of personal data and "
                            "on the free movement of such data, and repealing Directive 95/46/EC (General Data "
                            "Protection Regulation)"}),
    KnownText("directive-ue-2019-1024", "2019/1024", date(2019, 6, 20),
              "« Directive (EU) 2019/1024 of the European Parliament and of the Council of 20 June 2019 on "
              "open data and the re-use of public sector information » "
              "(https://digitaldecade.snellman.com/?page_id=636); « La directive (UE) 2019/1024 concernant les "
              "données ouvertes et la réutilisation des informations du secteur public » "
              "(https://dbfbruxelles.eu/donnees-ouvertes-secteur-public-programme-refit-directive-publication)",
              eu_type="dir",
              titles={"fr": "Directive (UE) 2019/1024 du Parlement européen et du Conseil du 20 juin 2019 concernant "
                            "les données ouvertes et la réutilisation des informations du secteur public",
                      "en": "Directive (EU) 2019/1024 of the European Parliament and of the Council of 20 June 2019 "
                            "on open data and the re-use of public sector information"}),
    KnownText("directive-ue-2018-1972", "2018/1972", date(2018, 12, 11),
              "« Directive (EU) 2018/1972 of the European Parliament and of the Council of 11th December "
              "2018 establishing the European Electronic Communications Code », whose article 110 sets up "
              "public warning systems (BEREC BoR (19) 255, https://berec.europa.eu/eng/document_register/"
              "subject_matter/berec/regulatory_best_practices/guidelines/8913-berec-guidelines-on-how-to-"
              "assess-the-effectiveness-of-public-warning-systems-transmitted-by-different-means); full title "
              "« … of 11 December 2018 establishing the European Electronic Communications Code (Recast) » "
              "(http://www.legislation.gov.uk/eudr/2018/1972/part/I/title/I/2020-12-31); « Directive (UE) 2018/1972 "
              "du Parlement européen et du Conseil établissant le code des communications électroniques "
              "européen » (https://oeil.europarl.europa.eu/oeil/fr/document-summary?id=1570807)",
              eu_type="dir",
              titles={"fr": "Directive (UE) 2018/1972 du Parlement européen et du Conseil du 11 décembre 2018 "
                            "établissant le code des communications électroniques européen (refonte)",
                      "en": "Directive (EU) 2018/1972 of the European Parliament and of the Council of 11 December "
                            "2018 establishing the European Electronic Communications Code (Recast)"}),
    KnownText("reglement-ue-2019-1780", "2019/1780", date(2019, 9, 23),
              "« Commission Implementing Regulation (EU) 2019/1780 of 23 September 2019 establishing "
              "standard forms for the publication of notices in the field of public procurement … (eForms) » "
              "(https://legalize.dev/eu/law/32019R1780): an implementing regulation, ELI type reg_impl",
              eu_type="reg_impl",
              titles={"fr": "Règlement d'exécution (UE) 2019/1780 de la Commission du 23 septembre 2019 établissant "
                            "les formulaires standard pour la publication d'avis dans le cadre de la passation de "
                            "marchés publics et abrogeant le règlement d'exécution (UE) 2015/1986 (« formulaires "
                            "électroniques »)",
                      "en": "Commission Implementing Regulation (EU) 2019/1780 of 23 September 2019 establishing "
                            "standard forms for the publication of notices in the field of public procurement and "
                            "repealing Implementing Regulation (EU) 2015/1986 (eForms)"}),
    KnownText("reglement-ue-2022-2065", "2022/2065", date(2022, 10, 19),
              "« Regulation (EU) 2022/2065 of the European Parliament and of the Council of 19 October 2022 "
              "on a Single Market For Digital Services … (Digital Services Act) », from the proposal "
              "COM(2020) 825 (https://www.eumonitor.eu/9353000/1/j9vvik7m1c3gyxp/vlxjdfijgixk)",
              eu_type="reg", adopted_after_document=True),
    KnownText("reglement-ue-2022-1925", "2022/1925", date(2022, 9, 14),
              "« Regulation (EU) 2022/1925 of the European Parliament and of the Council of 14 September "
              "2022 on contestable and fair markets in the digital sector … (Digital Markets Act) » "
              "(https://digitaldecade.snellman.com/?page_id=6287)", eu_type="reg", adopted_after_document=True),
    KnownText("loi-2020-1674", "2020-1674", date(2020, 12, 24),
              "Légifrance, legislative file « LOI n° 2020-1674 du 24 décembre 2020 de programmation de la "
              "recherche pour les années 2021 à 2030 et portant diverses dispositions relatives à la recherche et "
              "à l'enseignement supérieur » (https://www.legifrance.gouv.fr/dossierlegislatif/JORFDOLE000042137953/); "
              "« Loi LPR » (https://www.doctrine.fr/l/texts/lois/JORFTEXT000042738027)",
              names={"fr": ("loi de programmation de la recherche", "LPR")},
              titles={"fr": "Loi n° 2020-1674 du 24 décembre 2020 de programmation de la recherche pour les années "
                            "2021 à 2030 et portant diverses dispositions relatives à la recherche et à "
                            "l'enseignement supérieur"}),
    KnownText("loi-2008-724", "2008-724", date(2008, 7, 23),
              "Légifrance, « LOI constitutionnelle n° 2008-724 du 23 juillet 2008 de modernisation des institutions "
              "de la Ve République » (http://legifrance.gouv.fr/affichTexte.do?cidTexte=JORFTEXT000019237256); "
              "« Vingt-quatrième révision de la Constitution » (http://affaires-publiques.org/textof/TO/8/"
              "2575-0708.htm)",
              titles={"fr": "Loi constitutionnelle n° 2008-724 du 23 juillet 2008 de modernisation des institutions "
                            "de la Ve République"}),
    KnownText("constitution-1958", None, date(1958, 10, 4),
              "« La Constitution du 4 octobre 1958 est le texte fondateur de la Ve République » (DILA, "
              "https://www.dila.premier-ministre.gouv.fr/home/la-constitution-francaise); Légifrance's page is "
              "titled « Constitution du 4 octobre 1958 »",
              titles={"fr": "Constitution du 4 octobre 1958"}),
    KnownText("declaration-1789", None, None,
              "« la Déclaration des Droits de l'Homme et du citoyen de 1789 » (http://www.adelined.net/blog/"
              "la-constitution-francaise.html), « la Déclaration de 1789 » of the Constitution's preamble (the text "
              "promulgated on 4 October 1958: https://www.etudier.com/dissertations/Sdte/44532601.html); the "
              "capitals as the document writes them (line 3810: « Déclaration des Droits de l'Homme et du Citoyen »)",
              titles={"fr": "Déclaration des Droits de l'Homme et du Citoyen de 1789"}),
)}

# French codes, by full name and, where it is unambiguous, acronym. A list
# rather than a pattern on "code": the document speaks of "code source",
# "codes sources", "code.gouv.fr" and "by code", none of them a legal code.
_CODES: tuple[tuple[str, str, str, str | None], ...] = (
    # (key, official title, how the document may write it, acronym)
    ("code-relations-public-administration", "Code des relations entre le public et l'administration",
     r"[Cc]ode\s+des\s+relations\s+entre\s+le\s+public\s+et\s+l" + _APOS + r"administration", "CRPA"),
    ("code-commande-publique", "Code de la commande publique", r"[Cc]ode\s+de\s+la\s+commande\s+publique", "CCP"),
    ("code-general-collectivites-territoriales", "Code général des collectivités territoriales",
     r"[Cc]ode\s+général\s+des\s+collectivités\s+territoriales", "CGCT"),
    ("code-environnement", "Code de l'environnement", r"[Cc]ode\s+de\s+l" + _APOS + r"environnement", None),
    ("code-energie", "Code de l'énergie", r"[Cc]ode\s+de\s+l" + _APOS + r"énergie", None),
    ("code-urbanisme", "Code de l'urbanisme", r"[Cc]ode\s+de\s+l" + _APOS + r"urbanisme", None),
    ("code-education", "Code de l'éducation", r"[Cc]ode\s+de\s+l" + _APOS + r"éducation", None),
    ("code-recherche", "Code de la recherche", r"[Cc]ode\s+de\s+la\s+recherche", None),
    ("code-sante-publique", "Code de la santé publique", r"[Cc]ode\s+de\s+la\s+santé\s+publique", None),
    ("code-securite-interieure", "Code de la sécurité intérieure", r"[Cc]ode\s+de\s+la\s+sécurité\s+intérieure", None),
    ("code-patrimoine", "Code du patrimoine", r"[Cc]ode\s+du\s+patrimoine", None),
    ("code-travail", "Code du travail", r"[Cc]ode\s+du\s+travail", None),
    ("code-electoral", "Code électoral", r"[Cc]ode\s+électoral", None),
    ("code-civil", "Code civil", r"[Cc]ode\s+civil", None),
    ("code-penal", "Code pénal", r"[Cc]ode\s+pénal", None),
    ("code-justice-administrative", "Code de justice administrative", r"[Cc]ode\s+de\s+justice\s+administrative",
     "CJA"),
    ("code-juridictions-financieres", "Code des juridictions financières",
     r"[Cc]ode\s+des\s+juridictions\s+financières", "CJF"),
    ("code-postes-communications-electroniques", "Code des postes et des communications électroniques",
     r"[Cc]ode\s+des\s+postes\s+et\s+(?:des\s+)?communications\s+électroniques", "CPCE"),
)
# A code's official title: the document often cites it by its acronym only ("CCP")
CODE_TITLES = {key: title for key, title, _, _ in _CODES}
_CODE_PATTERNS = tuple(
    (key, re.compile(r"(?<![\w-])(?:(?P<title>" + name + r")" + (f"|{acronym}" if acronym else "")
                     + r")(?![\w.-])"))
    for key, _, name, acronym in _CODES
)

# Numbers as printed that are misprints of a real act's number, so the key
# points at the real act while ``number`` stays as written. The document's
# "directive UE 2018/172 du 11 décembre 2018", whose article 110 sets up public
# warning systems, is the European Electronic Communications Code, directive
# (UE) 2018/1972 of 11 December 2018 (verified: KNOWN_TEXTS).
NUMBER_ERRATA = {("directive-ue", "2018/172"): "2018/1972"}


def _parse_date(text: str | None) -> date | None:
    if not text:
        return None
    m = _DATE_PARTS.fullmatch(text)
    if not m:
        return None
    day = 1 if m.group(1) == "1er" else int(m.group(1))
    try:
        return date(int(m.group(3)), MONTH_NAMES[m.group(2).lower()], day)
    except (KeyError, ValueError):  # "31 février": not a date, keep the citation without one
        return None


# How a French act's official title opens, by kind
_KIND_WORDS = {"loi": "Loi", "decret": "Décret", "arrete": "Arrêté", "ordonnance": "Ordonnance",
               "circulaire": "Circulaire"}


def full_titles(key: str, citations: list[LegalText]) -> dict[str, str]:
    """A cited text's official full title by language, where it is known for sure: from the
    verified reference table (texts cited by name, EU acts in French and English), a code's
    title, or the document's own citation when it gives kind, number, date and title ("loi
    n° 2013-907 du 11 octobre 2013 relative à…" is how Légifrance titles it). None for a bill,
    a proposal or a text cited by date alone."""
    known = KNOWN_TEXTS.get(key)
    if known is not None and known.titles and not known.adopted_after_document:
        return dict(known.titles)
    if key in CODE_TITLES:
        return {"fr": CODE_TITLES[key]}
    for cit in citations:
        if (cit.kind in _KIND_WORDS and cit.number and cit.date and cit.title
                and not cit.text.lower().startswith("projet")):
            day = "1er" if cit.date.day == 1 else str(cit.date.day)
            month = next(name for name, n in MONTH_NAMES.items() if n == cit.date.month)
            return {"fr": f"{_KIND_WORDS[cit.kind]} n° {cit.number} du {day} {month} {cit.date.year} {cit.title}"}
    return {}


def legal_key(kind: str, number: str | None = None, when: date | None = None,
              title: str | None = None) -> str | None:
    """The stable key of a legal text from what a citation gives, best evidence first.

    The official number identifies an act; failing that its date (two arrêtés
    of the same day are rare and would have to be told apart by hand); failing
    that its title. Returns ``None`` when nothing identifies the text.
    """
    if number:
        number = NUMBER_ERRATA.get((kind, number), number)
        return f"{kind}-{_slug(number)}"
    if when:
        return f"{kind}-{when.isoformat()}"
    if title:
        return f"{kind}-{_slug(title)}"
    return None


@dataclass(frozen=True)
class _Hit:
    start: int
    end: int
    found: LegalText


def _clean_title(title: str | None) -> str | None:
    return re.sub(r"\s+", " ", title).strip() if title else None


def _alias_hits(line: Line) -> list[_Hit]:
    hits = []
    for alias in _ALIASES:
        for m in alias.pattern.finditer(line.text):
            groups = m.groupdict()
            number = groups.get("num")
            when = _parse_date(groups.get("date")) or _parse_date(groups.get("date2"))
            title = _clean_title(m.group("name")) if alias.is_title else None
            key = legal_key(alias.kind, number) if number else alias.key
            found = LegalText(alias.kind, m.group(0), Span(line.number, line.number),
                              number=number, date=when, title=title, key=key)
            hits.append(_Hit(m.start(), m.end(), found))
    return hits


def _national_hits(line: Line) -> list[_Hit]:
    hits = []
    for m in _NATIONAL.finditer(line.text):
        number, title = m.group("num"), _clean_title(m.group("title"))
        when = _parse_date(m.group("date")) or _parse_date(m.group("date2"))
        if not (number or when or title):
            continue  # "la loi", "le décret": nothing says which one
        kind = _KINDS[m.group("kind").lower()]
        text = m.group(0).rstrip()
        found = LegalText(kind, text, Span(line.number, line.number), number=number, date=when,
                          title=title, key=legal_key(kind, number, when, title))
        hits.append(_Hit(m.start(), m.start() + len(text), found))
    return hits


def _eu_hits(line: Line) -> list[_Hit]:
    hits = []
    for m in _EU.finditer(line.text):
        kind = "reglement-ue" if m.group("kind").lower() == "règlement" else "directive-ue"
        number, title = m.group("num"), _clean_title(m.group("title"))
        when = _parse_date(m.group("date"))
        text = m.group(0).rstrip()
        found = LegalText(kind, text, Span(line.number, line.number), number=number, date=when,
                          title=title, key=legal_key(kind, number))
        hits.append(_Hit(m.start(), m.start() + len(text), found))
    return hits


def _code_hits(line: Line) -> list[_Hit]:
    hits = []
    for key, pattern in _CODE_PATTERNS:
        for m in pattern.finditer(line.text):
            found = LegalText("code", m.group(0), Span(line.number, line.number),
                              title=_clean_title(m.group("title")), key=key)
            hits.append(_Hit(m.start(), m.end(), found))
    return hits


# An article or annex number as written: "15", "18-1", "R.2196-1", "L. 2196-2"
_PART_NUMBER = r"(?:[LRDA]\.?\s?)?\d+(?:-\d+)*"
# Articles named just before a text they belong to: "articles R.2196-1 et R.3131-1 du CCP",
# "l'article 18-1 de la loi n° 2013-907…", "L'article 15 de la Déclaration…"
_ARTICLES_BEFORE = re.compile(
    r"(?P<words>(?:[Ll]es\s+|[Ll]" + _APOS + r")?[Aa]rticles?\s+(?P<numbers>" + _PART_NUMBER
    + r"(?:\s*(?:,|et)\s*" + _PART_NUMBER + r")*)\s+(?:du|de\s+la|de\s+l" + _APOS + r"|des)\s*)$")
# … or just after it: "loi Climat & Résilience (Article 2)", "la directive … dont l'article 110",
# "du CCP et son annexe 15"
_PART_AFTER = re.compile(
    r"^(?P<words>\s*\(\s*[Aa]rticle\s+(?P<article>" + _PART_NUMBER + r")\s*\)"
    r"|\s+dont\s+l" + _APOS + r"article\s+(?P<article2>" + _PART_NUMBER + r")"
    r"|\s+et\s+son\s+annexe\s+(?P<annex>\d+))")


# … or later on the line, by a possessive that refers back to it: "l'application du RGPD qui … en
# pose les lignes directrices dans ses articles 12, 13 et 14" (the text cited last before them)
_ARTICLES_OF_IT = re.compile(
    r"(?P<words>\b(?:ses|son)\s+articles?\s+(?P<numbers>" + _PART_NUMBER + r"(?:\s*(?:,|et)\s*" + _PART_NUMBER
    + r")*))")


def _part_key(parent: str, kind: str, number: str) -> str:
    """``{parent}/{article|annexe}/{number}``, the number without dots and spaces ("R.2196-1" →
    "R2196-1", as Légifrance numbers code articles), so that two spellings are one article."""
    compact = re.sub(r"[.\s]", "", number)
    return f"{parent}/{kind}/{compact}"


def _part_hits(line: Line, texts: list[_Hit]) -> list[LegalText]:
    """The articles and annexes ``line`` cites of the texts found in it (``texts``)."""
    out = []
    for hit in texts:
        parent = hit.found
        if parent.key is None or parent.kind in ("article", "annexe"):
            continue
        before = _ARTICLES_BEFORE.search(line.text[:hit.start])
        if before:
            words = before.group("words") + line.text[hit.start:hit.end]
            for number in re.findall(_PART_NUMBER, before.group("numbers")):
                out.append(LegalText("article", words, Span(line.number, line.number), number=number,
                                     key=_part_key(parent.key, "article", number), part_of=parent.key))
        after = _PART_AFTER.match(line.text[hit.end:])
        if after:
            words = line.text[hit.start:hit.end] + after.group("words")
            number = after.group("article") or after.group("article2")
            kind = "annexe" if after.group("annex") else "article"
            number = number or after.group("annex")
            out.append(LegalText(kind, words.strip(), Span(line.number, line.number), number=number,
                                 key=_part_key(parent.key, kind, number), part_of=parent.key))
    for m in _ARTICLES_OF_IT.finditer(line.text):
        before = [h for h in texts if h.end <= m.start() and h.found.key and h.found.kind not in ("article", "annexe")]
        if not before:
            continue
        parent = max(before, key=lambda h: h.end).found
        for number in re.findall(_PART_NUMBER, m.group("numbers")):
            out.append(LegalText("article", m.group("words"), Span(line.number, line.number), number=number,
                                 key=_part_key(parent.key, "article", number), part_of=parent.key))
    return out


def _overlaps(hit: _Hit, taken: list[_Hit]) -> bool:
    return any(hit.start < t.end and t.start < hit.end for t in taken)


def extract_legal_texts(lines: list[Line]) -> list[LegalText]:
    """The legal texts cited in ``lines``, one per citation, in document order.

    A citation named by the curated alias table wins over the generic reading
    of the same words: the generic title rule would read "Loi pour une
    République numérique reste incomplète" as one long title. Within one line
    the same ``key`` is reported once, at its first citation.
    """
    out: list[LegalText] = []
    for line in lines:
        taken: list[_Hit] = []
        # Priority order: curated names, then EU numbers, then French acts, then codes.
        for finder in (_alias_hits, _eu_hits, _national_hits, _code_hits):
            candidates = sorted(finder(line), key=lambda h: (h.start, h.start - h.end))
            for hit in candidates:
                if not _overlaps(hit, taken):
                    taken.append(hit)
        seen: set[str | None] = set()
        for hit in sorted(taken, key=lambda h: h.start):
            if hit.found.key in seen:
                continue
            seen.add(hit.found.key)
            out.append(hit.found)
        for part in _part_hits(line, sorted(taken, key=lambda h: h.start)):
            if part.key not in seen:
                seen.add(part.key)
                out.append(part)
    return out
