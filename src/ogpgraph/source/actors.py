"""Reading "Autres acteurs impliqués" sections and lead-organisation cells.

Other actors
------------
The section usually has two sub-headings, "Acteurs étatiques impliqués"
(category ``state``) and "OSC, secteur privé, multilatéraux, groupes de
travail" (category ``other``), each followed by ``- X`` bullets. The document
also uses ad-hoc group labels ("Etat :", "Collège associatif :",
"Opérateurs télécom :", "- Parrains :"): they are sub-headings too, and switch
the category to ``state`` when they name the State, to ``other`` otherwise.
The published category is kept even where it looks wrong ("Partenaires
sociaux" under "Acteurs étatiques impliqués"). Where the section has no
sub-heading, the category is guessed: ``state`` for public bodies (names
starting "Ministère", "Direction", "Services …", organisations marked
``sector: state`` in ``data/reference/organisations.yaml``), ``other``
otherwise.

A bullet is read as follows:

* "co-conçu avec / co-construit avec / co-construction avec / co-porté par
  A, B et C" (bullet or not): a ``TextPart(kind="note")`` plus one actor per
  organisation listed (co-designers are ``other``: partners of the
  administration; co-carriers keep the section's category);
* otherwise the bullet is split at commas (outside parentheses): the first
  part is an actor, and each following part is another actor as long as it
  starts with a capital and is not a person's name ("Open Law, Démocratie
  ouverte"); the first lower-case part or person ("MESRI, Anne-Sophie
  Barthez, Directrice …") ends the list. If what follows is prose, the whole
  bullet is also kept as a note. "X : Y et Z" names X and its units Y, Z;
* a bullet whose first part is a long sentence is a note; an organisation
  introduced with its acronym at its start ("La Direction générale des
  entreprises (DGE), …", "L'association Terms of Service Didn't Read (ToSDR)
  avait …") and an enumeration after "notamment" are its actors.

Leading articles ("La", "L'", "le") are dropped from actor names, and so is a
lower-case qualifier in parentheses ("(intérêt manifesté)", "(association)");
an acronym in parentheses is kept.

Leads
-----
See :func:`extract_leads`.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ogpgraph.model import Actor, OrganisationMention, Span, TextPart
from ogpgraph.source.contacts import looks_like_person
from ogpgraph.source.lines import Line

_HEADING_STATE = re.compile(r"^(?:Autres acteurs impliqués\s*)?Acteurs étatiques impliqués\s*:?$", re.I)
_HEADING_OTHER = re.compile(r"^(?:[-–]\s*)?OSC,\s*secteur privé.*$", re.I)
_HEADING_ALL = re.compile(r"^Autres acteurs impliqués\s*:?$", re.I)
# "Etat :", "- Parrains :", "Collège associatif :": a short label ending with a colon.
_LABEL = re.compile(r"^(?:[-–]\s*)?([^:,;.]{1,40}?)\s*:$")
_BULLET = re.compile(r"^[-–•]\s*")
_CHAPTER = re.compile(r"^\d{1,2}\. (?:Ministère|Autres institutions)")

_CODESIGN = re.compile(
    r"(co-con[çc]u|co-construit|co-construction|co-port[ée]e?)\s+(?:avec|par)\s+(?P<list>.+?)\.?$",
    re.I,
)
_ARTICLE = re.compile(r"^(?:l['’]|la\s+|le\s+|les\s+)", re.I)
_QUALIFIER = re.compile(r"\s*\((?=[a-zà-ÿ])[^()]*\)\s*$")  # "(intérêt manifesté)", not "(DGE)"
# "Plus largement, représentants de …": an adverb, not an actor.
_ADVERB = re.compile(r"^(?:Plus largement|Notamment|Enfin|[EÉ]galement|Ainsi)\s*,\s*", re.I)
# A comma followed by "de/du/des/d'" continues a name ("Tous les établissements
# de l'enseignement supérieur, de la recherche et de l'innovation").
_CONTINUATION = re.compile(r"^(?:de|du|des|d['’])\b|^d['’]", re.I)
_ACRONYM_AT_START = re.compile(
    r"^(?:(?:L['’]|La |Le )?(?:association |Association )?)"
    r"(?P<name>[^,()]{3,80}?\((?P<acr>[A-Za-z]*[A-Z][A-Za-z]*)\))"
)
_STATE_START = re.compile(
    r"^(?:(?:tous|toutes|autres)\s+(?:les\s+)?)?(?:ministères?|directions?|délégation|haut-commissariat"
    r"|services?|secrétariat|collectivités|établissements?|etablissements?|opérateurs du ministère"
    r"|comité|conseil d['’]etat|conseil d['’]état|cour de cassation|cour des comptes|préfectures?"
    r"|représentation permanente|agence nationale)\b",
    re.I,
)

# Longer than this is prose rather than a name (the longest actor name in the
# document, "Ministère des relations avec le parlement et de la participation
# citoyenne", has 11 words).
_MAX_NAME_WORDS = 12


@lru_cache(maxsize=1)
def _resolver():
    # Imported here: resolution depends on the model, not on this parser,
    # and the YAML is only read when a category has to be guessed.
    from ogpgraph.resolve import Resolver

    return Resolver.load()


def _guess_category(name: str) -> str:
    """``state`` or ``other`` for an actor listed under no sub-heading."""
    if _STATE_START.match(name) or re.search(r"interministériel|\bministères?\b|de l['’][EÉ]tat\b", name, re.I):
        return "state"
    resolver = _resolver()
    return resolver.organisation_sector(resolver.organisation_key(name)) or "other"


def _clean(name: str, force_article: bool = False) -> str:
    """An actor's name without bullet, article, lower-case qualifier or end punctuation.

    The leading article is dropped before a capital ("La Direction …") or,
    with ``force_article``, always (items of a list: "le ministère de la justice").
    """
    name = _BULLET.sub("", name.strip())
    name = name.strip().rstrip(".,;:").strip()
    name = _QUALIFIER.sub("", name).strip()
    # Drop a leading article only before a capital or an acronym: "La
    # Direction …", "la DINUM", but not "L'ensemble" (kept as written).
    stripped = _ARTICLE.sub("", name)
    if stripped != name and (force_article or stripped[:1].isupper()):
        name = stripped
    return name.strip()


def _split_commas(text: str) -> list[str]:
    """Split at commas and semicolons that are not inside parentheses."""
    parts, depth, current = [], 0, []
    for ch in text:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        if ch in ",;" and depth == 0:
            parts.append("".join(current).strip())
            current = []
        else:
            current.append(ch)
    parts.append("".join(current).strip())
    merged: list[str] = []
    for part in parts:
        if merged and _CONTINUATION.match(part):
            merged[-1] = f"{merged[-1]}, {part}"
        elif part:
            merged.append(part)
    return merged


def _split_list(text: str) -> list[str]:
    """ "A, B et C", "A, B ou C" → [A, B, C]."""
    items: list[str] = []
    for part in _split_commas(text):
        items.extend(p for p in re.split(r"\s+(?:et|ou)\s+", part) if p.strip())
    return [c for c in (_clean(i, force_article=True) for i in items) if c]


def _words(text: str) -> int:
    return len(text.split())


def _is_name(text: str) -> bool:
    """Short enough, and not a sentence going on after a "(ACRONYM)"."""
    return _words(text) <= _MAX_NAME_WORDS and not re.search(r"\)\s+[a-zà-ÿ]", text)


def _notamment(text: str) -> list[str]:
    """The enumeration after "notamment" ("…, notamment les bureaux web, la DINUM ou la DILA")."""
    m = re.search(r"\bnotamment\s+(?P<list>.+?)\.?$", text)
    return _split_list(m.group("list")) if m else []


def _read_prose(text: str) -> list[str]:
    """Organisations named in a sentence: co-designers, a leading "Name (ACR)", "notamment …"."""
    m = _CODESIGN.search(text)
    if m:
        return _split_list(m.group("list"))
    names: list[str] = []
    m = _ACRONYM_AT_START.match(text)
    if m:
        names.append(_clean(m.group("name")))
    return names + _notamment(text)


def _read_bullet(text: str) -> tuple[list[str], bool]:
    """The actor names in one bullet, and whether the bullet is also a note."""
    if _CODESIGN.search(text):
        return _read_prose(text), True
    text = _ADVERB.sub("", text)

    if " : " in text:
        head, _, tail = text.partition(" : ")
        if _words(head) <= _MAX_NAME_WORDS:
            return [_clean(head)] + _split_list(tail), False

    parts = _split_commas(text.rstrip("."))
    first = parts[0]
    if not _is_name(first):
        return _read_prose(text), True
    names = [_clean(first)]
    rest = parts[1:]
    while rest and rest[0][:1].isupper() and not looks_like_person(rest[0]) and _is_name(rest[0]):
        names.append(_clean(rest[0]))
        rest = rest[1:]
    # prose after the names ("…, à travers le pôle …, contribue …"), but not
    # the people of "MESRI, Anne-Sophie Barthez, Directrice …"
    is_note = bool(rest) and not looks_like_person(rest[0]) and _words(" ".join(rest)) > 5
    if rest:
        names += _notamment(", ".join(rest))
    return [n for n in names if n], is_note


def extract_actors(lines: list[Line]) -> tuple[list[Actor], list[TextPart]]:
    """Other actors of one commitment, and the section's other lines.

    ``lines`` are the logical lines after "Autres acteurs impliqués" (the
    heading itself is accepted) up to the next commitment. Sub-headings and
    chapter headings come back as ``TextPart(kind="boilerplate")``, prose as
    ``TextPart(kind="note")`` (with its organisations also returned as
    actors). Every input line is inside a returned span.
    """
    actors: list[Actor] = []
    parts: list[TextPart] = []
    category: str | None = None  # None: no sub-heading seen, guess per actor
    for line in lines:
        text = line.text.strip()
        span = Span(line.number, line.number)
        if _HEADING_ALL.match(text) or _CHAPTER.match(text):
            parts.append(TextPart("boilerplate", text, span))
            continue
        if _HEADING_STATE.match(text):
            category = "state"
            parts.append(TextPart("boilerplate", text, span))
            continue
        if _HEADING_OTHER.match(text):
            category = "other"
            parts.append(TextPart("boilerplate", text, span))
            continue
        label = _LABEL.match(text)
        if label:
            category = "state" if re.search(r"\b[EÉ]tat|étatique", label.group(1), re.I) else "other"
            parts.append(TextPart("boilerplate", text, span))
            continue

        body = _BULLET.sub("", text).strip()
        if _BULLET.match(text):
            names, is_note = _read_bullet(body)
        else:
            # outside a bullet list a line is prose ("La démarche … s'appuie sur …")
            names, is_note = _read_prose(body), True
        codesign = bool(_CODESIGN.search(body)) and not re.search(r"co-port", body, re.I)
        if is_note:
            parts.append(TextPart("note", text, span))
        for name in names:
            if codesign:
                cat = "other"
            else:
                cat = category or _guess_category(name)
            actors.append(Actor(OrganisationMention(name, span), cat))
        if not names and not is_note:
            parts.append(TextPart("note", text, span))
    return actors, parts


# --- leads -------------------------------------------------------------------

_LEAD_HEADINGS = re.compile(
    r"^(?:Ministère porteur|Agence / acteur d['’]exécution principal|Autorité porteuse|AAI porteuse)$", re.I
)
# First words of an organisation's name: a separator followed by one of them
# starts a new lead.
_LEAD_HEAD = (
    r"(?:Ministère|Agence|Direction|Conseil|Cour|Secrétariat|Service|Commission|Haut-commissariat"
    r"|Haute Autorité|Autorité|Centre|Mission|Health Data Hub|Délégation|[A-Z]{2,}\b)"
)
_LEAD_SPLIT = re.compile(rf"\s*(?:,|\s+et\s+|\s*/\s*|\s+[–-]\s+)\s*(?={_LEAD_HEAD})")
# "… Fonction Publiques Direction interministérielle …": two cells run together
# with no separator; split before an organisation word capitalised mid-line,
# unless a preposition or article precedes it ("… de la Direction …").
_LEAD_RUNON = re.compile(
    r"(?<=[^\W\d_]{3})(?<!\bde)(?<!\bdu)(?<!\bdes)(?<!\bla)(?<!\ble)(?<!\bles)(?<!\bet)(?<!\baux)(?<!\bau)"
    r"\s+(?=(?:Ministère|Direction|Agence|Secrétariat)\b)"
)


def extract_leads(lines: list[Line]) -> list[OrganisationMention]:
    """Lead organisations named under "Ministère porteur" and its variants.

    ``lines`` are the logical lines after the lead heading up to "Description
    de l'engagement" (if a heading is passed, it and the lines before it are
    skipped; so is a "--" placeholder). Each line names one organisation, or
    several separated by ",", " et ", "/", " – " — a separator splits only when what follows
    starts like an organisation name (Ministère, Agence, Direction, Conseil,
    Cour, …, or an acronym), so the commas and "et" inside a ministry's name
    ("Ministère de l'économie, des finances et de la relance") do not.
    Two names run together without a separator ("… Fonction Publiques
    Direction interministérielle …") are split before the second one's head
    word. Surrounding parentheses and trailing punctuation are removed.
    """
    leads: list[OrganisationMention] = []
    # A caller may pass a whole table row ("Date de début …", "2022-2023",
    # "Ministère porteur", "Ministère de …"): start after the heading.
    headings = [i for i, line in enumerate(lines) if _LEAD_HEADINGS.match(line.text.strip())]
    if headings:
        lines = lines[headings[-1] + 1 :]
    for line in lines:
        text = line.text.strip()
        if text.startswith("Description de l"):
            break
        if not re.search(r"[^\W\d_]", text):  # "--": an empty cell
            continue
        span = Span(line.number, line.number)
        for piece in _LEAD_SPLIT.split(text):
            for name in _LEAD_RUNON.split(piece):
                name = name.strip().rstrip(",;.").strip()
                if name.startswith("(") and name.endswith(")"):
                    name = name[1:-1].strip()
                if name:
                    leads.append(OrganisationMention(name, span))
    return leads
