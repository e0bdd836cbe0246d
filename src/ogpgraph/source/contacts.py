"""Reading a commitment's "Informations de contact" section into :class:`Contact` records.

The section is a hand-typed block whose layout varies from one ministry to the
next. The shapes met in the December 2021 document are:

* a name line, a role line, an organisation line, an e-mail line, a phone line
  (any of them missing);
* ``Name, role[, organisation]`` or ``Name, organisation`` on one line;
* several names on one line (``Laure Serra, Charlotte Foffano, MEAE``,
  ``Elena Flanigan et Aurélie Bellon MEAE``) followed by their e-mails;
* ``email, phone``, ``email phone``, ``email - phone.`` on one line, and
  ``phone/ phone`` lines;
* bullets ``- Name : email`` (under "Point de contact :");
* a civility before the name (``M. Jean-Yves Mahé``);
* sub-headings ("Nom de la personne responsable de l'agence d'exécution",
  "Pour toutes questions opérationnelles merci de prendre contact avec", …).

Decisions (documented here because the published text does not settle them):

* ``Contact.name`` is the name without its civility ("M.", "Mme", …): the
  civility is not part of the name and would split one person into two keys.
* E-mails and phones are kept exactly as written (no case folding, no phone
  reformatting); a phone is what the French phone pattern matches, so a stray
  character after a number ("01 40 45 95 23 2": the "2" is a PDF artefact) is
  left out of the phone but stays inside the contact's span.
* When one line names several people, each gets its own Contact; the e-mails
  that follow are given to the person whose name matches the e-mail's local
  part, and a phone line listing as many numbers as people is shared out in
  order (otherwise every number goes to every person of the line).
* When organisation lines come after the last e-mail of a section and none of
  the section's contacts has an organisation, they are a shared signature
  ("… / DITP" under two names) and apply to every contact of the section.
* "Pour les …" lines ("Pour les expérimentations territoriales") qualify the
  contacts that follow; they are returned as ``TextPart(kind="note")``.
"""

from __future__ import annotations

import re

from ogpgraph.model import Contact, Span, TextPart
from ogpgraph.source.lines import Line
from ogpgraph.text import fold

EMAIL = re.compile(r"[A-Za-z0-9][A-Za-z0-9._%+'-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
# French numbers as they are typed in the document: "01 43 17 60 91",
# "0143176897", "07 64 50 30 42", optionally "+33 1 …".
PHONE = re.compile(r"(?<!\d)(?:\+33\s?\d|0\d)(?:[ .]?\d{2}){4}(?!\d\d)")

# Sub-headings of the OGP template (and of this document's variants of it).
_BOILERPLATE = re.compile(
    r"^(?:Informations? d[eu] contact"
    r"|(?:Nom de la )?personne responsable de l[’']agence(?: d[’']exécution| porteuse)?"
    r"|Point de contact"
    r"|Pour toutes questions opérationnelles.*)\s*:?$",
    re.I,
)
_OPERATIONAL = re.compile(r"^Pour toutes questions opérationnelles", re.I)
_NOTE = re.compile(r"^Pour (?:les|le|la) ", re.I)
# Chapter headings ("3. Ministère de l'Éducation nationale, …") and the back
# cover sit between the last contact and the next commitment.
_CHAPTER = re.compile(r"^\d{1,2}\. (?:Ministère|Autres institutions)")
_BACK_COVER = re.compile(r"^\*\*|^\*[A-ZÉ]")

_CIVILITY = re.compile(r"^(?:M\.|Mme\.?|Mlle\.?|Monsieur|Madame|Dr\.?)\s+")
_BULLET = re.compile(r"^[-–•]\s*")

# First words that make a line a role rather than a name or an organisation.
ROLE_WORDS = frozenset(
    """ambassadeur ambassadrice directeur directrice chef cheffe conseiller conseillère
    secrétaire administrateur administratrice adjoint adjointe responsable coordinateur
    coordinatrice premier première sous-directeur sous-directrice délégué déléguée
    président présidente chargé chargée référent référente""".split()
)
# First words of organisation names: a line starting with one of them is never
# a person's name.
ORG_WORDS = frozenset(
    """direction ministère secrétariat service services commissariat cour conseil
    département pôle agence mission cabinet bureau délégation haut-commissariat
    haute autorité commission centre institut université école association
    fédération groupe comité observatoire académie health""".split()
)
_PARTICLES = frozenset("de du des la le van von der ben el di da".split())


def _first_word(text: str) -> str:
    words = text.split()
    return words[0].casefold().rstrip(",:;") if words else ""


def looks_like_person(text: str) -> bool:
    """Whether ``text`` reads as a person's name ("Laure Serra", "M. Jean-Yves Mahé").

    Two to five words, each capitalised (or a nobiliary particle, or
    ``d'Xxx``), the first not a role or organisation word. Used by the actors
    parser as well, to tell "Org, Person, role" lines apart.
    """
    text = _CIVILITY.sub("", text.strip())
    words = text.split()
    if not 2 <= len(words) <= 5:
        return False
    if _first_word(text) in ROLE_WORDS or _first_word(text) in ORG_WORDS:
        return False
    for i, word in enumerate(words):
        if not re.fullmatch(r"[^\W\d_][^\W\d_'’-]*(?:[-'’][^\W\d_]+)*", word):
            return False
        if word[0].isupper():
            continue
        if i > 0 and (word in _PARTICLES or re.fullmatch(r"d['’][A-ZÀ-Þ]\w*", word)):
            continue
        return False
    return True


def _looks_like_acronym(text: str) -> bool:
    """ "MEAE", "DGRI-DGESIP", "MTEI/ DGEFP/ MAAQ", "CNNum"."""
    return bool(re.fullmatch(r"[A-Z][A-Za-z]*[A-Z][A-Za-z]*(?:\s*[-/]\s*[A-Z][A-Za-z]*)*", text))


def looks_like_organisation(text: str) -> bool:
    """Whether a short phrase names an organisation rather than a role.

    An acronym, a phrase starting with an organisation word ("Direction …"),
    or a run of capitalised words ("Health Data Hub").
    """
    text = text.strip()
    if not text:
        return False
    if _looks_like_acronym(text) or _first_word(text) in ORG_WORDS:
        return True
    words = text.split()
    return len(words) >= 2 and all(w[0].isupper() for w in words)


def _split_role(text: str) -> tuple[str, str | None]:
    """Split "role, organisation" when the last comma part names an organisation.

    "Directeur du numérique, Direction du numérique" → role + organisation;
    "Chef de service, adjoint à la Directrice de …" stays one role.
    """
    text = text.strip().rstrip(",")
    head, sep, tail = text.rpartition(",")
    if sep and head.strip() and looks_like_organisation(tail):
        return head.strip(), tail.strip()
    return text, None


def _split_names(text: str) -> tuple[list[str], str]:
    """The leading person names of a line, and the rest.

    "Laure Serra, Charlotte Foffano, MEAE" → (["Laure Serra", "Charlotte Foffano"], "MEAE");
    "Elena Flanigan et Aurélie Bellon MEAE" → (["Elena Flanigan", "Aurélie Bellon"], "MEAE").
    """
    names: list[str] = []
    parts = [p.strip() for p in text.split(",")]
    i = 0
    while i < len(parts):
        part = parts[i]
        people = [p.strip() for p in re.split(r"\s+et\s+", part)]
        # "Aurélie Bellon MEAE": a trailing short acronym after a name.
        tail = ""
        last = people[-1].split()
        if len(last) >= 3 and re.fullmatch(r"[A-Z]{2,5}", last[-1]) and not last[-2].isupper():
            tail = last[-1]
            people[-1] = " ".join(last[:-1])
        if all(looks_like_person(p) for p in people):
            names.extend(_CIVILITY.sub("", p) for p in people)
            i += 1
            if tail:
                parts.insert(i, tail)
                break
        else:
            break
    return names, ", ".join(p for p in parts[i:] if p)


def _tokens(text: str) -> list[str]:
    return [t for t in re.split(r"[^a-z]+", fold(text)) if len(t) >= 3]


def _email_score(email: str, name: str | None) -> int:
    local = re.sub(r"[^a-z]", "", fold(email.split("@")[0]))
    return sum(1 for t in _tokens(name or "") if t in local)


class _Builder:
    """Accumulates contacts and text parts while walking the section."""

    def __init__(self) -> None:
        self.contacts: list[Contact] = []
        self.parts: list[TextPart] = []
        self.group: list[Contact] = []  # the contacts introduced by the latest name line
        self.kind = "responsible"
        self.after_email = False  # an e-mail was read since the latest name line
        self.trailing_orgs: list[tuple[str, int]] = []  # org lines read after the group's e-mail

    def new_group(self, names: list[str | None], number: int) -> None:
        self.group = [Contact(span=Span(number, number), name=n, kind=self.kind) for n in names]
        self.contacts.extend(self.group)
        self.after_email = False
        self.trailing_orgs = []

    def ensure_group(self, number: int) -> None:
        if not self.group:
            self.new_group([None], number)  # a contact known only by role or mailbox

    def touch(self, number: int) -> None:
        for c in self.group:
            c.span = Span(min(c.span.start, number), max(c.span.end, number))

    def add_role(self, role: str) -> None:
        for c in self.group:
            c.role = f"{c.role}, {role}" if c.role else role

    def add_org(self, org: str, number: int) -> None:
        org = org.strip().rstrip(",;").strip()
        if not org:
            return
        if self.after_email:
            self.trailing_orgs.append((org, number))
        for c in self.group:
            c.organisation = f"{c.organisation}, {org}" if c.organisation else org

    def add_emails(self, emails: list[str]) -> None:
        for email in emails:
            target = self.group[0]
            if len(self.group) > 1:
                scores = [_email_score(email, c.name) for c in self.group]
                best = max(scores)
                if best > 0:
                    target = self.group[scores.index(best)]
                else:
                    # no name matches: the first person still without an e-mail
                    target = next((c for c in self.group if not c.emails), self.group[-1])
            target.emails.append(email)
        if emails:
            self.after_email = True

    def add_phones(self, phones: list[str]) -> None:
        if len(self.group) > 1 and len(phones) == len(self.group):
            for c, phone in zip(self.group, phones):
                c.phones.append(phone)
        else:
            for c in self.group:
                c.phones.extend(phones)

    def share_trailing_orgs(self) -> None:
        """Organisation lines after the last e-mail sign for the whole section."""
        if not self.trailing_orgs or len(self.contacts) < 2:
            return
        # identity, not dataclass equality: two contacts may hold equal fields
        others = [c for c in self.contacts if not any(c is g for g in self.group)]
        if any(c.organisation for c in others):
            return
        shared = ", ".join(org for org, _ in self.trailing_orgs)
        for c in others:
            c.organisation = shared


def _add_role_or_org(b: _Builder, text: str, is_role: bool, line: int) -> None:
    """``text`` as a role ("Cheffe de projet, DINUM": the role, then its organisation) or as an organisation."""
    if is_role:
        role, org = _split_role(text)
        b.add_role(role)
        if org:
            b.add_org(org, line)
    else:
        b.add_org(text, line)


def _read_line(b: _Builder, line: Line) -> None:
    text = _BULLET.sub("", line.text).strip()
    emails = EMAIL.findall(text)
    rest = EMAIL.sub(" ", text)
    phones = [p.strip() for p in PHONE.findall(rest)]
    rest = PHONE.sub(" ", rest)
    # what is left once e-mails and phones are gone: separators, a stray
    # digit, or a name ("Bastien Guerry : bastien.guerry@…")
    rest = rest.strip(" \t:;,./–-")
    if re.fullmatch(r"[\d\s/,;.–-]*", rest):
        rest = ""

    if rest:
        names, remainder = _split_names(rest)
        if names:
            b.new_group(names, line.number)
            if remainder:
                # after a name, a role may also be told by not looking like an organisation
                is_role = _first_word(remainder) in ROLE_WORDS or not looks_like_organisation(remainder)
                _add_role_or_org(b, remainder, is_role, line.number)
        else:
            b.ensure_group(line.number)
            _add_role_or_org(b, rest, _first_word(rest) in ROLE_WORDS, line.number)
    elif emails or phones:
        b.ensure_group(line.number)

    b.add_emails(emails)
    b.add_phones(phones)
    b.touch(line.number)


def extract_contacts(lines: list[Line]) -> tuple[list[Contact], list[TextPart]]:
    """Contacts of one commitment's contact section, and its other lines.

    ``lines`` are the logical lines after the "Informations de contact"
    heading (the heading itself is accepted too) up to "Autres acteurs
    impliqués" or the next commitment. Sub-headings come back as
    ``TextPart(kind="boilerplate")``, qualifying lines ("Pour les
    expérimentations territoriales") as ``TextPart(kind="note")``; every
    input line ends up inside a returned Contact's or TextPart's span.
    Contacts after "Pour toutes questions opérationnelles …" have
    ``kind="operational"``.
    """
    b = _Builder()
    furniture = False  # inside the back cover: nothing after it is a contact
    for line in lines:
        text = line.text.strip()
        span = Span(line.number, line.number)
        if furniture or _BACK_COVER.match(text) or _CHAPTER.match(text):
            furniture = furniture or bool(_BACK_COVER.match(text))
            b.share_trailing_orgs()
            b.group = []
            b.parts.append(TextPart("boilerplate", text, span))
            continue
        if _BOILERPLATE.match(text):
            if _OPERATIONAL.match(text):
                b.kind = "operational"
            b.share_trailing_orgs()
            b.group = []
            b.parts.append(TextPart("boilerplate", text, span))
            continue
        if _NOTE.match(text) and not EMAIL.search(text):
            b.share_trailing_orgs()
            b.group = []
            b.parts.append(TextPart("note", text, span))
            continue
        _read_line(b, line)
    b.share_trailing_orgs()
    return b.contacts, b.parts
