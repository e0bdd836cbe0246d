"""Entity resolution: one key per real organisation and per person.

The document writes the same organisation many ways ("DINUM", "Direction
interministérielle du numérique", "Direction interministérielle du numérique
(DINUM)", "Ministère des Solidarités et de la Santé" / "Ministère de la santé
et des solidarités"). Which spellings are one organisation is decided in a
reviewable file, ``data/reference/organisations.yaml`` (key, prefLabel,
acronyms, variants, sector), not in code. The code only normalises text and
looks it up:

1. the whole text, normalised (:func:`normalise_name`: case, accents,
   punctuation, elisions, a leading article);
2. for "Name (ACRONYM)" or "ACRONYM (Name)": the part outside the
   parentheses, then the part inside — the latter only when one part can be
   an acronym of the other (its letters appear in order in the other,
   starting with the same letter), so "Représentation permanente … (MEAE)"
   is *not* taken for the MEAE;
3. the set of significant words, ignoring order, so a word-order variant of
   a curated name is found even if the YAML does not list it;
4. otherwise the text is unknown and its key is a deterministic slug of the
   normalised text (of the name alone for "Name (ACRONYM)" when the acronym
   fits the name), shortened with a hash suffix past 60 characters: the same
   spelling always gets the same key.

A contact's organisation may chain units ("Conseil d'Etat, Direction des
systèmes d'information"): :meth:`Resolver.contact_organisation_key` returns
the first curated part's key.

People (``data/reference/people.yaml``) are keyed by their normalised name
without civility; the file only lists aliases for one person written two ways
beyond accents and case.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from ogpgraph import paths
from ogpgraph.model import ActionPlan, RegistryRecord
from ogpgraph.text import fold

ORGANISATIONS_PATH = paths.ORGANISATIONS
PEOPLE_PATH = paths.PEOPLE

_ARTICLES = {"le", "la", "les", "l"}
# Words that carry no identity, ignored by the order-insensitive match.
_STOPWORDS = {"de", "du", "des", "d", "la", "le", "les", "l", "et", "a", "au", "aux", "en", "pour"}
_CIVILITY = re.compile(r"^(?:m\.|mme\.?|mlle\.?|monsieur|madame|dr\.?)\s+", re.I)
_PARENS = re.compile(r"^(?P<out>[^()]+?)\s*\((?P<in>[^()]+)\)\s*$|^\((?P<in2>[^()]+)\)\s*(?P<out2>[^()]+)$")
_MAX_SLUG = 60


def normalise_name(text: str) -> str:
    """A comparison form of a name: casefolded, accents and punctuation removed.

    Elided articles ("l'", "d'") become words of their own, every run of
    punctuation becomes a space, and one leading article is dropped:
    "La Direction interministérielle du numérique (DINUM)" →
    "direction interministerielle du numerique dinum".
    """
    text = fold(text)
    text = re.sub(r"[^a-z0-9]+", " ", text).strip()
    words = text.split()
    if len(words) > 1 and words[0] in _ARTICLES:
        words = words[1:]
    return " ".join(words)


def _bag(normalised: str) -> frozenset[str]:
    return frozenset(w for w in normalised.split() if w not in _STOPWORDS)


def _slug(normalised: str) -> str:
    slug = normalised.replace(" ", "-") or "unnamed"
    if len(slug) > _MAX_SLUG:
        # long prose-like names: keep a readable prefix, stay unique and stable
        digest = hashlib.sha1(normalised.encode("utf-8")).hexdigest()[:8]
        slug = f"{slug[:_MAX_SLUG - 9].rstrip('-')}-{digest}"
    return slug


def _may_abbreviate(short: str, long: str) -> bool:
    """Whether ``short`` can be an acronym of ``long`` (both normalised)."""
    letters = short.replace(" ", "")
    target = long.replace(" ", "")
    if not letters or not target or letters[0] != target[0] or len(letters) >= len(target):
        return False
    it = iter(target)
    return all(ch in it for ch in letters)


@dataclass
class Organisation:
    key: str
    pref_label: str
    acronyms: list[str] = field(default_factory=list)
    variants: list[str] = field(default_factory=list)
    sector: str | None = None  # "state" | "other"


@dataclass
class Resolver:
    """Maps names as written to organisation and person keys."""

    organisations: dict[str, Organisation] = field(default_factory=dict)
    person_aliases: dict[str, str] = field(default_factory=dict)  # normalised name → key
    person_labels: dict[str, str] = field(default_factory=dict)
    collective_words: frozenset[str] = frozenset()
    _index: dict[str, str] = field(default_factory=dict, repr=False)
    _bags: dict[frozenset[str], str] = field(default_factory=dict, repr=False)

    @classmethod
    def load(cls, path: Path | str | None = None, people_path: Path | str | None = None) -> "Resolver":
        """Read the curated organisations (and people) YAML files.

        ``path`` defaults to ``data/reference/organisations.yaml``;
        ``people_path`` to ``people.yaml`` next to it (optional file).
        """
        path = Path(path) if path else ORGANISATIONS_PATH
        people_path = Path(people_path) if people_path else path.with_name("people.yaml")
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        resolver = cls(collective_words=frozenset(data.get("collective_words") or []))
        for entry in data.get("organisations", []):
            resolver._add(
                Organisation(
                    key=entry["key"],
                    pref_label=entry["prefLabel"],
                    acronyms=list(entry.get("acronyms") or []),
                    variants=list(entry.get("variants") or []),
                    sector=entry.get("sector"),
                )
            )
        if people_path.exists():
            people = yaml.safe_load(people_path.read_text(encoding="utf-8")) or {}
            for entry in people.get("people", []):
                key = entry["key"]
                resolver.person_labels[key] = entry["name"]
                for alias in [entry["name"], *(entry.get("variants") or [])]:
                    resolver.person_aliases[_person_form(alias)] = key
        return resolver

    def _add(self, org: Organisation) -> None:
        if org.key in self.organisations:
            raise ValueError(f"duplicate organisation key {org.key!r}")
        self.organisations[org.key] = org
        for name in [org.pref_label, *org.acronyms, *org.variants]:
            norm = normalise_name(name)
            owner = self._index.setdefault(norm, org.key)
            if owner != org.key:
                raise ValueError(f"{name!r} is listed under both {owner!r} and {org.key!r}")
            bag = _bag(norm)
            # a bag shared by two organisations is ambiguous: never match it
            if len(bag) > 1:
                if self._bags.get(bag, org.key) != org.key:
                    self._bags[bag] = ""
                else:
                    self._bags[bag] = org.key

    def _lookup(self, text: str) -> str | None:
        norm = normalise_name(text)
        if norm in self._index:
            return self._index[norm]
        m = _PARENS.match(text.strip())
        if m:
            outside = m.group("out") or m.group("out2")
            inside = m.group("in") or m.group("in2")
            out_key = self._lookup(outside)
            if out_key:
                return out_key
            n_out, n_in = normalise_name(outside), normalise_name(inside)
            if _may_abbreviate(n_in, n_out) or _may_abbreviate(n_out, n_in):
                return self._lookup(inside)
            return None
        return self._bags.get(_bag(norm)) or None

    def organisation_key(self, text: str) -> str:
        """The key of the organisation ``text`` names; a stable slug if it is not curated."""
        return self._lookup(text) or _slug(_slug_form(text))

    def is_group(self, text: str) -> bool:
        """Whether ``text`` describes a collective of actors rather than one organisation."""
        words = normalise_name(text).split()
        return bool(words) and words[0] in self.collective_words and not self.is_known(text)

    def is_known(self, text: str) -> bool:
        """Whether ``text`` names a curated organisation."""
        return self._lookup(text) is not None

    def organisation_label(self, key: str) -> str:
        """The preferred label of a curated organisation; for a slug, the slug."""
        org = self.organisations.get(key)
        return org.pref_label if org else key

    def organisation_altlabels(self, key: str) -> list[str]:
        """Acronyms and variant spellings of a curated organisation (none for a slug)."""
        org = self.organisations.get(key)
        return [*org.acronyms, *org.variants] if org else []

    def organisation_sector(self, key: str) -> str | None:
        """ "state" or "other" when the YAML says so, else None."""
        org = self.organisations.get(key)
        return org.sector if org else None

    def contact_organisation_key(self, text: str) -> str:
        """Key for a contact's organisation, which may chain units ("Conseil d'Etat, Direction des …").

        The whole text first; then each part between ",", " - ", " – ", "/"
        in order, returning the first curated one; else the slug of the whole.
        """
        key = self._lookup(text)
        if key:
            return key
        for part in re.split(r"\s*(?:,|/|\s[–-]\s)\s*", text):
            if part.strip():
                key = self._lookup(part)
                if key:
                    return key
        return _slug(_slug_form(text))

    def organisation_by_acronym(self, acronym: str) -> str | None:
        """The curated organisation whose listed acronym is exactly ``acronym`` (case kept), if one.

        Exact and case-sensitive on purpose: used on text in another language
        (the OGP registry's English names), where no other part of a name can be
        compared with our French labels.
        """
        owners = {org.key for org in self.organisations.values() if acronym in org.acronyms}
        return owners.pop() if len(owners) == 1 else None

    def person_key(self, name: str) -> str:
        """One key per person: civility, accents, case and hyphenation ignored."""
        form = _person_form(name)
        return self.person_aliases.get(form) or _slug(form)

    def person_label(self, key: str) -> str | None:
        """The curated spelling of a person's name, when people.yaml has one."""
        return self.person_labels.get(key)


# "Interministerial Directorate for Digital Technology (DINUM)": one English name ending
# with the French acronym in parentheses, and no other parenthesis (a value that lists
# several institutions, "… (MTFP), … (DITP)", names no single one).
_NAME_WITH_ACRONYM = re.compile(r"[^()]+\((?P<acronym>[A-Z][A-Z0-9]{1,9})\)\s*")


def registry_organisation_key(text: str, resolver: Resolver) -> str | None:
    """Our organisation for an institution named on an OGP registry page, when unambiguous.

    The pages name institutions in English, which our curated French names cannot
    be compared with; only a name followed by one parenthesised acronym that is
    exactly one curated organisation's acronym ties the name to it. Anything else stays a
    literal, unresolved: "Ministry for Europe and Foreign Affairs" is surely the
    MEAE, but no rule here can say so without a table of English names.
    """
    m = _NAME_WITH_ACRONYM.fullmatch(text)
    return resolver.organisation_by_acronym(m.group("acronym")) if m else None


def resolve_registry(records: list[RegistryRecord], resolver: Resolver) -> list[RegistryRecord]:
    """The registry records with the lead institutions resolved where unambiguous."""
    out = []
    for record in records:
        keys = tuple(k for k in (registry_organisation_key(t, resolver) for t in record.lead_institutions) if k)
        out.append(replace(record, lead_organisation_keys=tuple(dict.fromkeys(keys))))
    return out


def _slug_form(text: str) -> str:
    """The normalised text a slug is made of.

    For an uncurated "Name (ACRONYM)" whose acronym fits the name, the name
    alone, so "Secrétariat général (SG)" and "Secrétariat général" share a slug.
    """
    m = _PARENS.match(text.strip())
    if m:
        outside = normalise_name(m.group("out") or m.group("out2"))
        inside = normalise_name(m.group("in") or m.group("in2"))
        if _may_abbreviate(inside, outside):
            return outside
        if _may_abbreviate(outside, inside):
            return inside
    return normalise_name(text)


def _person_form(name: str) -> str:
    return normalise_name(_CIVILITY.sub("", name.strip()))


def resolve_plan(plan: ActionPlan, resolver: Resolver) -> None:
    """Fill in the keys of every organisation mention and contact of ``plan``, in place."""
    for commitment in plan.commitments:
        for mention in commitment.leads:
            mention.key = resolver.organisation_key(mention.text)
        for actor in commitment.actors:
            actor.mention.key = resolver.organisation_key(actor.mention.text)
            actor.mention.is_group = resolver.is_group(actor.mention.text)
        for contact in commitment.contacts:
            if contact.name:
                contact.person_key = resolver.person_key(contact.name)
            if contact.organisation:
                contact.organisation_key = resolver.contact_organisation_key(contact.organisation)
