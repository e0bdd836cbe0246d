"""Official identifiers (ELI) of the legal texts cited, derived only from what is written.

An ELI (European Legislation Identifier) is built from an act's kind, date and number.
We build one only when every part of it is *written*: in the document's citations, or
in an entry of the verified reference table :data:`ogpgraph.source.legal.KNOWN_TEXTS`
(each entry cites where its number and date were checked). Nothing is guessed; when a
part is missing the text gets no ELI and the reason is kept. docs/legal-identifiers.md
states the same rules with examples.

Rules, in order:

1. **Bills.** A text cited only as a bill ("projet de loi…", "projet de décret…"), or a
   proposal the reference table says was adopted after the document, gets none: the
   ELI would name the act adopted later, not the text the document cites.
2. **Kinds.** Only French *lois*, *décrets* and *ordonnances* and EU *règlements* and
   *directives* have a rule; articles and annexes (subdivisions) have none, nor do the
   Constitution and the Declaration of 1789. An arrêté has no number (Légifrance's ELI for it uses its
   NOR, which the document never gives); circulaires and codes are not identified by
   number and date. A *loi organique* or *constitutionnelle* is left out too: we have
   not verified the form of its ELI.
3. **French acts** (Légifrance's alias form, built on the official number)::

       https://www.legifrance.gouv.fr/eli/{loi|decret|ordonnance}/{yyyy}/{m}/{d}/{number}/jo/texte

   with the date of the text (its signature date: "loi n° 2018-1202 du 22 décembre
   2018" → ``2018/12/22``), month and day without leading zeros as Légifrance writes
   them. Needs the number and the full date; the number's year ("2018-", or "78-" for
   1978) must be the date's year, and the citations and the table must agree.
4. **EU acts** (the Publications Office's ELI)::

       http://data.europa.eu/eli/{type}/{yyyy}/{number}/oj

   with the number in its "yyyy/n" form. ``type`` is ``reg``, ``reg_impl``, ``reg_del``,
   ``dir``, ``dir_impl`` or ``dir_del``: a citation only says which when it writes
   "d'exécution", "délégué(e)" or "du Parlement européen et du Conseil"; otherwise the
   reference table must (a bare "règlement 2019/1780" is in fact an implementing
   regulation, ``reg_impl``, so ``reg`` would be a guess, and a wrong one).
5. **Misprints.** A number the errata table corrects (``NUMBER_ERRATA``) is used in its
   corrected form only when the reference table has verified that text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ogpgraph.model import LegalText
from ogpgraph.source.legal import KNOWN_TEXTS, NUMBER_ERRATA, KnownText

__all__ = ["NOTES", "EliDerivation", "derive_eli", "eu_eli", "legifrance_eli"]

LEGIFRANCE_KINDS = ("loi", "decret", "ordonnance")
EU_KINDS = {"reglement-ue": "reg", "directive-ue": "dir"}
_FRENCH_NUMBER = re.compile(r"(?P<year>\d{2}|\d{4})-(?P<seq>\d+)")
_EU_NUMBER = re.compile(r"(?P<year>(?:19|20)\d{2})/(?P<seq>\d{1,5})")
_APOS = "['’]"

# basis → (French, English) note, published with every legal text (ogp:identifierNote)
NOTES: dict[str, tuple[str, str]] = {
    "text": ("ELI construit à partir du numéro et de la date écrits dans le document.",
             "ELI built from the number and date written in the document."),
    "text+table": (("ELI construit à partir du numéro et de la date vérifiés dans la table de référence "
                   "(docs/legal-identifiers.md) ; le document écrit une partie de ces valeurs."),
                   ("ELI built from the number and date verified in the reference table "
                   "(docs/legal-identifiers.md); the document writes part of them.")),
    "table": (("ELI construit à partir du numéro et de la date vérifiés dans la table de référence "
              "(docs/legal-identifiers.md) ; le document ne cite le texte que par son nom."),
              ("ELI built from the number and date verified in the reference table "
              "(docs/legal-identifiers.md); the document cites the text by its name only.")),
    "errata": (("ELI construit à partir du numéro corrigé par la table des coquilles et vérifié dans "
               "la table de référence (docs/legal-identifiers.md) : le document imprime un autre numéro."),
               ("ELI built from the number corrected by the errata table and verified in the reference "
               "table (docs/legal-identifiers.md): the document prints another number.")),
    "bill": ("Pas d'ELI : le document ne cite qu'un projet de texte, pas un texte adopté.",
             "No ELI: the document cites only a bill or draft, not an adopted text."),
    "proposal": (("Pas d'ELI : le document cite la proposition de la Commission ; l'acte qui en est "
                 "issu n'a été adopté qu'après la publication du document."),
                 ("No ELI: the document cites the Commission's proposal; the act it became was adopted "
                 "only after the document was published.")),
    "kind": (("Pas d'ELI : aucune règle ne construit l'identifiant officiel de ce type de texte à partir "
             "de ce que le document écrit (arrêté, circulaire, code…)."),
             ("No ELI: no rule builds the official identifier of this kind of text from what the "
             "document writes (arrêté, circulaire, code…).")),
    "part": (("Pas d'ELI : un article ou une annexe ; la forme de l'identifiant officiel d'une subdivision "
              "n'a pas été vérifiée. Le texte dont il fait partie est eli:is_part_of."),
             ("No ELI: an article or annex; the form of a subdivision's official identifier has not been "
              "verified. The text it is part of is eli:is_part_of.")),
    "unverified-form": (("Pas d'ELI : la forme de l'ELI d'une loi organique ou constitutionnelle n'a pas "
                        "été vérifiée."),
                        "No ELI: the form of an organic or constitutional law's ELI has not been verified."),
    "no-number": ("Pas d'ELI : ni le document ni la table de référence ne donnent le numéro du texte.",
                  "No ELI: neither the document nor the reference table gives the text's number."),
    "no-date": ("Pas d'ELI : ni le document ni la table de référence ne donnent la date complète du texte.",
                "No ELI: neither the document nor the reference table gives the text's full date."),
    "no-eu-type": (("Pas d'ELI : la citation ne dit pas s'il s'agit d'un acte du Parlement européen et du "
                   "Conseil, d'exécution ou délégué, et la table de référence ne le dit pas non plus."),
                   ("No ELI: the citation does not say whether the act is of the European Parliament and "
                   "of the Council, implementing or delegated, and the reference table does not either.")),
    "inconsistent": (("Pas d'ELI : les numéros ou dates écrits se contredisent (entre citations, avec la "
                     "table de référence, ou l'année du numéro avec celle de la date)."),
                     ("No ELI: the numbers or dates written disagree (between citations, with the "
                     "reference table, or the number's year with the date's).")),
}


@dataclass(frozen=True)
class EliDerivation:
    """The ELI of one legal text, or why there is none.

    ``basis`` is a key of :data:`NOTES`: how the ELI was built ("text", "text+table",
    "table", "errata") or, when ``uri`` is None, the reason.
    """

    uri: str | None
    basis: str

    @property
    def note(self) -> tuple[str, str]:
        """The (French, English) sentence saying so."""
        return NOTES[self.basis]


def legifrance_eli(kind: str, number: str, when: date) -> str:
    """Légifrance's number-based ELI of a loi, décret or ordonnance."""
    if kind not in LEGIFRANCE_KINDS:
        raise ValueError(f"no Légifrance ELI rule for {kind!r}")
    return f"https://www.legifrance.gouv.fr/eli/{kind}/{when.year}/{when.month}/{when.day}/{number}/jo/texte"


def eu_eli(eu_type: str, number: str) -> str:
    """The Publications Office's ELI of an EU act numbered "yyyy/n"."""
    m = _EU_NUMBER.fullmatch(number)
    if not m:
        raise ValueError(f"EU act number {number!r} is not of the form yyyy/n")
    return f"http://data.europa.eu/eli/{eu_type}/{m.group('year')}/{int(m.group('seq'))}/oj"


def derive_eli(kind: str, citations: list[LegalText], known: KnownText | None = None) -> EliDerivation:
    """The ELI of the legal text cited by ``citations`` (all with the same key), by the rules above.

    ``known`` is its entry in the verified reference table, if any (by default looked up
    by the citations' key).
    """
    if known is None and citations and citations[0].key:
        known = KNOWN_TEXTS.get(citations[0].key)
    adopted = [c for c in citations if not _is_bill(c.text)]
    if not adopted:
        return EliDerivation(None, "bill")
    if known is not None and known.adopted_after_document:
        return EliDerivation(None, "proposal")
    if kind in ("article", "annexe"):
        return EliDerivation(None, "part")
    if kind not in LEGIFRANCE_KINDS and kind not in EU_KINDS:
        return EliDerivation(None, "kind")
    if any(re.search(r"\b(?:organique|constitutionnelle)\b", c.text, re.IGNORECASE) for c in adopted):
        return EliDerivation(None, "unverified-form")

    written_numbers = {c.number for c in adopted if c.number}
    written_dates = {c.date for c in adopted if c.date}
    if len(written_numbers) > 1 or len(written_dates) > 1:
        return EliDerivation(None, "inconsistent")
    written_number = next(iter(written_numbers), None)
    written_date = next(iter(written_dates), None)

    corrected = NUMBER_ERRATA.get((kind, written_number)) if written_number else None
    if corrected:
        # A misprint is only corrected into an identifier once the corrected text is verified.
        if known is None or known.number != corrected:
            return EliDerivation(None, "inconsistent")
        number, basis = corrected, "errata"
    elif written_number:
        if known is not None and known.number != written_number:
            return EliDerivation(None, "inconsistent")
        number, basis = written_number, "text"
    elif known is not None:
        number, basis = known.number, "table"
    else:
        return EliDerivation(None, "no-number")

    if written_date and known is not None and known.date and known.date != written_date:
        return EliDerivation(None, "inconsistent")
    if kind in EU_KINDS:
        return _eu(kind, number, basis, adopted, known)

    when = written_date or (known.date if known is not None else None)
    if when is None:
        return EliDerivation(None, "no-date")
    if basis == "text" and not written_date or basis == "table" and written_date:
        basis = "text+table"
    if not _number_matches_year(number, when):
        return EliDerivation(None, "inconsistent")
    return EliDerivation(legifrance_eli(kind, number, when), basis)


def _eu(kind: str, number: str, basis: str, citations: list[LegalText], known: KnownText | None) -> EliDerivation:
    if not _EU_NUMBER.fullmatch(number):
        return EliDerivation(None, "no-number")
    written = {t for t in (_written_eu_type(kind, c.text) for c in citations) if t}
    if len(written) > 1 or (written and known is not None and known.eu_type and written != {known.eu_type}):
        return EliDerivation(None, "inconsistent")
    eu_type = next(iter(written), None) or (known.eu_type if known is not None else None)
    if eu_type is None:
        return EliDerivation(None, "no-eu-type")
    if basis == "text" and not written:
        basis = "text+table"  # the number is written, the act's type comes from the table
    return EliDerivation(eu_eli(eu_type, number), basis)


def _written_eu_type(kind: str, text: str) -> str | None:
    """The ELI type a citation states in words, if it does."""
    base = EU_KINDS[kind]
    if re.search(r"\bd" + _APOS + r"exécution\b", text, re.IGNORECASE):
        return base + "_impl"
    if re.search(r"\bdélégu(?:é|ée)\b", text, re.IGNORECASE):
        return base + "_del"
    if re.search(r"\bdu\s+Parlement\s+européen\s+et\s+du\s+Conseil\b", text, re.IGNORECASE):
        return base
    return None


def _number_matches_year(number: str, when: date) -> bool:
    m = _FRENCH_NUMBER.fullmatch(number)
    if not m:
        return False
    year = m.group("year")
    if len(year) == 4:
        return int(year) == when.year
    return when.year < 2000 and int(year) == when.year % 100


def _is_bill(text: str) -> bool:
    return re.match(r"\s*projet\s+d", text, re.IGNORECASE) is not None
