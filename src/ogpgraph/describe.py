"""What the service says about one resource (no Flask here).

A description is the resource's concise bounded description (its own triples),
the full description of the resources it owns (IRIs under its own, such as a
commitment's milestones and description parts), the labels and types of every
resource it links to or is linked from, the incoming links, and the source
passage it was derived from with its line numbers and quote.

So that a page can list what links to a resource without a query per row, each
incoming resource also brings a short summary (``_SUMMARY``: a commitment's
number, period and lead organisations with their labels; a contact's name,
role, organisation and person), and an incoming *contact* brings the label and
type (and number) of the commitment listing it (one hop further, contacts
only: bounded).
The line numbers (not the quotes) of the passages the owned sub-resources were
derived from come too.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from .rdf.namespaces import DCTERMS, FOAF, OA, OGP, PROV, RDF, RDFS, SKOS, sparql_prefixes
from .store import Store

# What a linked resource brings along: its names, and a legal text's official link (Légifrance, EUR-Lex),
# which a commitment's list of cited texts shows
_LABELS = "rdfs:label, skos:prefLabel, dcterms:title, foaf:name, rdf:value, schema:legislationIdentifier"
# What an incoming resource brings along (see the module docstring).
_SUMMARY = ("ogp:commitmentNumber, ogp:chapter, ogp:chapterNumber, ogp:dateText, ogp:startDate, ogp:endDate, "
            "ogp:leadOrganisation, ogp:position, ogp:person, ogp:contactOrganisation, "
            "vcard:fn, vcard:role, vcard:organization-name, ogp:writtenAs, oa:hasTarget")

# Predicates are constrained with FILTER, not with VALUES or a constant in the triple
# pattern: pyoxigraph then starts from the bound ?r and each union stays well under a
# millisecond (with VALUES or `?o a ?t`, 5-40 ms each).
DESCRIBE = sparql_prefixes("rdf", "rdfs", "skos", "dcterms", "foaf", "prov", "oa", "ogp", "vcard", "schema") + f"""
CONSTRUCT {{
  ?r ?p ?o . ?o ?lp ?ol . ?o a ?ot . ?o ?op ?oo .
  ?in ?ip ?r . ?in ?ilp ?il . ?in a ?it . ?in ?sp ?sv . ?lead ?llp ?ll .
  ?up ?z ?in . ?up ?ulp ?ul . ?up a ?ut .
  ?opas ?olp ?ol2 .
  ?pas ogp:startLine ?sl ; ogp:endLine ?el ; oa:hasSelector ?q . ?q a oa:TextQuoteSelector ; oa:exact ?quote .
}} WHERE {{
  {{ ?r ?p ?o }}
  UNION {{ ?r ?x ?o . ?o ?lp ?ol . FILTER(?lp IN ({_LABELS})) }}
  UNION {{ ?r ?x ?o . ?o ?tp ?ot . FILTER(?tp = rdf:type) }}
  UNION {{ ?r ?x ?o . ?o ?op ?oo . FILTER(STRSTARTS(STR(?o), CONCAT(STR(?r), "/")))
            FILTER NOT EXISTS {{ ?o a ?whole . VALUES ?whole {{ ogp:Commitment ogp:Chapter }} }} }}
  UNION {{ ?in ?ip ?r }}
  UNION {{ ?in ?y ?r . ?in ?ilp ?il . FILTER(?ilp IN ({_LABELS})) }}
  UNION {{ ?in ?y ?r . ?in ?tp ?it . FILTER(?tp = rdf:type) }}
  UNION {{ ?in ?y ?r . ?in ?sp ?sv . FILTER(?sp IN ({_SUMMARY})) }}
  UNION {{ ?in ?y ?r . ?in ?lo ?lead . FILTER(?lo = ogp:leadOrganisation)
            ?lead ?llp ?ll . FILTER(?llp IN (rdfs:label, skos:prefLabel)) }}
  UNION {{ ?in ?y ?r . ?in ?tp ?ct . FILTER(?tp = rdf:type && ?ct = ogp:Contact)
            ?up ?z ?in . ?up ?tp2 ?ut . FILTER(?tp2 = rdf:type) }}
  UNION {{ ?in ?y ?r . ?in ?tp ?ct . FILTER(?tp = rdf:type && ?ct = ogp:Contact)
            ?up ?z ?in . ?up ?ulp ?ul . FILTER(?ulp IN ({_LABELS}, ogp:commitmentNumber)) }}
  UNION {{ ?r ?x ?o . ?o ?w ?opas . FILTER(?w = prov:wasDerivedFrom && STRSTARTS(STR(?o), CONCAT(STR(?r), "/")))
            ?opas ?olp ?ol2 . FILTER(?olp IN (ogp:startLine, ogp:endLine)) }}
  UNION {{ ?r ?w ?pas . FILTER(?w = prov:wasDerivedFrom)
            ?pas ?slp ?sl . FILTER(?slp = ogp:startLine) ?pas ?elp ?el . FILTER(?elp = ogp:endLine)
            ?pas ?hp ?q . FILTER(?hp = oa:hasSelector)
            ?q ?qtp ?qt . FILTER(?qtp = rdf:type && ?qt = oa:TextQuoteSelector) ?q ?ep ?quote . FILTER(?ep = oa:exact) }}
}}
"""


def describe(store: Store, iri: str) -> list[ox.Triple]:
    """The triples served for ``iri`` (empty if the store knows nothing of it)."""
    return store.triples(DESCRIBE, r=iri)


@dataclass
class Value:
    """An object of a triple, ready for display."""

    text: str
    iri: str | None = None
    lang: str | None = None
    datatype: str | None = None


@dataclass
class ResourceView:
    """An index over a description, for templates: values by subject and predicate."""

    iri: str
    triples: list[ox.Triple]
    _index: dict[str, dict[str, list[ox.Term]]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for t in self.triples:
            self._index.setdefault(t.subject.value, {}).setdefault(t.predicate.value, []).append(t.object)

    def objects(self, subject: str, predicate: str) -> list[ox.Term]:
        return self._index.get(subject, {}).get(predicate, [])

    def value_in(self, subject: str, predicate: str, lang: str) -> str | None:
        """One literal in exactly ``lang``, or None (no fallback to another language)."""
        return next((o.value for o in self.objects(subject, predicate)
                     if isinstance(o, ox.Literal) and o.language == lang), None)

    def value(self, subject: str, predicate: str, lang: str | None = None) -> str | None:
        """One literal (preferring ``lang``), as text."""
        found = self.literal(subject, predicate, lang)
        return found.text if found else None

    def label(self, subject: str, lang: str = "fr") -> str:
        """A label in ``lang`` if there is one (any label property), else the first label found, else the IRI."""
        return self.labelled(subject, lang).text

    def labelled(self, subject: str, lang: str = "fr") -> Value:
        """``label``, with the language of the label found, so that a page can mark a label that
        exists only in another language than its own.

        A name (rdfs:label, skos:prefLabel, foaf:name) in ``lang``; else a label in another
        language; only then a title (dcterms:title): an EU act's English official title is a
        whole sentence, not a name to show in a list."""
        names = (RDFS_LABEL, SKOS_PREF, FOAF_NAME)
        for p in names:
            for o in self.objects(subject, p):
                if isinstance(o, ox.Literal) and o.language == lang:
                    return Value(o.value, iri=subject, lang=lang)
        for p in (RDFS_LABEL, SKOS_PREF, DCT_TITLE, FOAF_NAME):
            found = self.literal(subject, p, lang)
            if found:
                return Value(found.text, iri=subject, lang=found.lang)
        return Value(subject, iri=subject)

    def literal(self, subject: str, predicate: str, lang: str | None = None) -> Value | None:
        """``value`` with its language (None for a plain literal)."""
        values = [o for o in self.objects(subject, predicate) if isinstance(o, ox.Literal)]
        if lang:
            values.sort(key=lambda o: o.language != lang)
        if not values:
            return None
        return Value(values[0].value, lang=values[0].language or None, datatype=values[0].datatype.value)

    def types(self, subject: str) -> list[str]:
        return [o.value for o in self.objects(subject, RDF_TYPE) if isinstance(o, ox.NamedNode)]

    def predicates(self, subject: str) -> list[str]:
        return sorted(self._index.get(subject, {}))

    def ordered(self, subject: str, predicate: str, order_by: str) -> list[str]:
        """IRIs linked from ``subject`` by ``predicate``, sorted by their integer ``order_by``."""
        iris = [o.value for o in self.objects(subject, predicate) if isinstance(o, ox.NamedNode)]

        def key(iri: str) -> tuple[int, str]:
            v = self.value(iri, order_by)
            return (int(v) if v and v.lstrip("-").isdigit() else 1 << 30, iri)

        return sorted(iris, key=key)

    def passages(self, subject: str) -> list[tuple[int, int, str]]:
        """(first line, last line, quote) of each source passage ``subject`` was derived from."""
        out = []
        for p in self.objects(subject, PROV_DERIVED):
            start, end = self.value(p.value, OGP_START), self.value(p.value, OGP_END)
            quotes = [self.value(q.value, OA_EXACT) for q in self.objects(p.value, OA_SELECTOR)]
            quote = next((q for q in quotes if q), "")
            if start and end:
                out.append((int(start), int(end), quote))
        return sorted(out)

    def sources(self, subject: str) -> list[tuple[str, int, int, str]]:
        """(passage IRI, first line, last line, quote or "") of each passage ``subject`` was derived from."""
        out = []
        for p in self.objects(subject, PROV_DERIVED):
            start, end = self.value(p.value, OGP_START), self.value(p.value, OGP_END)
            quotes = [self.value(q.value, OA_EXACT) for q in self.objects(p.value, OA_SELECTOR)]
            if start and end:
                out.append((p.value, int(start), int(end), next((q for q in quotes if q), "")))
        return sorted(out, key=lambda s: (s[1], s[2]))

    def written_forms(self, subject: str) -> list[tuple[Value, list[tuple[str, int]]]]:
        """Each way the document writes ``subject``, with the passages (IRI, first line) it is written
        in: from the annotations whose body it is (``ogp:writtenAs``, ``oa:hasTarget``), in line order."""
        places: dict[tuple[str, str | None], list[tuple[str, int]]] = {}
        for a in self.referrers(subject, OA_BODY):
            for words in self.objects(a, OGP_WRITTEN):
                for target in self.objects(a, OA_TARGET):
                    start = self.value(target.value, OGP_START)
                    if start and start.isdigit():
                        places.setdefault((words.value, words.language), []).append((target.value, int(start)))
        forms = sorted(places.items(), key=lambda item: min(line for _, line in item[1]))
        return [(Value(words, lang=lang or None), sorted(set(where), key=lambda w: w[1]))
                for (words, lang), where in forms]

    def number(self, subject: str) -> int | None:
        """A commitment's number, a milestone's position or a chapter's number, as an integer."""
        for p in (OGP_NUMBER, OGP_POSITION, OGP_CHAPTER_NUMBER):
            v = self.value(subject, p)
            if v and v.lstrip("-").isdigit():
                return int(v)
        return None

    def referrers(self, obj: str | None = None, *predicates: str) -> list[str]:
        """Subjects linking to ``obj`` (default: the resource) by any of ``predicates`` (default: any),
        in number order then label order, each once."""
        obj = obj or self.iri
        found = {s for s, preds in self._index.items() for p, objs in preds.items()
                 if (not predicates or p in predicates)
                 and any(isinstance(o, ox.NamedNode) and o.value == obj for o in objs)}
        return self.sort(found)

    def sort(self, iris) -> list[str]:
        """``iris`` in number order (see ``number``), then label order."""
        return sorted(iris, key=lambda s: (self.number(s) is None, self.number(s) or 0, self.label(s), s))

    def blocks(self, subject: str, predicate: str | None = None) -> list[tuple[str, object]]:
        """The text (``rdf:value`` by default) of ``subject`` as ``("p", line)`` and ``("ul", [items])``
        blocks (see ``text_blocks``)."""
        return text_blocks(self.value(subject, predicate or RDF_VALUE) or "")

    def incoming(self) -> list[tuple[str, str]]:
        """(subject, predicate) pairs pointing at the resource."""
        out = []
        for s, preds in self._index.items():
            for p, objs in preds.items():
                if any(isinstance(o, ox.NamedNode) and o.value == self.iri for o in objs):
                    out.append((s, p))
        return sorted(out)

    def display(self, term: ox.Term, lang: str = "fr") -> Value:
        if isinstance(term, ox.NamedNode):
            return self.labelled(term.value, lang)
        if isinstance(term, ox.Literal):
            return Value(term.value, lang=term.language, datatype=term.datatype.value)
        return Value(str(term))


def text_blocks(text: str) -> list[tuple[str, object]]:
    """Lines of a text as blocks for display, keeping every line break of the source.

    Each line is a paragraph, except runs of lines starting with ``- `` (the
    document's bullets), which become one list of items (the dash dropped).
    """
    blocks: list[tuple[str, object]] = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        if line.startswith("- ") or line == "-":
            item = line[1:].strip()
            if blocks and blocks[-1][0] == "ul":
                blocks[-1][1].append(item)  # type: ignore[union-attr]
            else:
                blocks.append(("ul", [item]))
        else:
            blocks.append(("p", line))
    return blocks


# The terms the view compares with pyoxigraph's plain-string values
RDF_VALUE, RDF_TYPE, RDFS_LABEL = str(RDF.value), str(RDF.type), str(RDFS.label)
PROV_DERIVED, OA_SELECTOR, OA_EXACT = str(PROV.wasDerivedFrom), str(OA.hasSelector), str(OA.exact)
OGP_START, OGP_END, OGP_POSITION = str(OGP.startLine), str(OGP.endLine), str(OGP.position)
OA_BODY, OA_TARGET, OGP_WRITTEN = str(OA.hasBody), str(OA.hasTarget), str(OGP.writtenAs)
OGP_NUMBER, OGP_CHAPTER_NUMBER = str(OGP.commitmentNumber), str(OGP.chapterNumber)
SKOS_PREF, DCT_TITLE, FOAF_NAME = str(SKOS.prefLabel), str(DCTERMS.title), str(FOAF.name)


OVERVIEW = sparql_prefixes("ogp", "dcterms") + """
SELECT ?plan ?chapter ?chapterNumber ?chapterTitle ?commitment ?number ?title ?milestones WHERE {
  ?plan ogp:hasChapter ?chapter .
  ?chapter ogp:chapterNumber ?chapterNumber ; dcterms:title ?chapterTitle .
  OPTIONAL { ?commitment ogp:chapter ?chapter ; ogp:commitmentNumber ?number ; dcterms:title ?title
    FILTER (LANGMATCHES(LANG(?title), "fr"))  # the document's title (the OGP registry adds an @en one)
    OPTIONAL { SELECT ?commitment (COUNT(?m) AS ?milestones) WHERE { ?commitment ogp:hasMilestone ?m }
               GROUP BY ?commitment } }
} ORDER BY ?chapterNumber ?number
"""


@dataclass
class ChapterOverview:
    iri: str
    number: int
    title: str
    commitments: list[tuple[str, int, str]] = field(default_factory=list)  # (iri, number, title)
    milestones: dict[str, int] = field(default_factory=dict)  # commitment IRI -> number of milestones


def plan_overview(store: Store, plan_iri: str) -> list[ChapterOverview]:
    """Chapters of the plan with their commitments, in document order."""
    chapters: dict[str, ChapterOverview] = {}
    for row in store.query(OVERVIEW, {"plan": ox.NamedNode(plan_iri)}):
        ch = row["chapter"].value
        if ch not in chapters:
            chapters[ch] = ChapterOverview(ch, int(row["chapterNumber"].value), row["chapterTitle"].value)
        if row["commitment"] is not None:
            chapters[ch].commitments.append(
                (row["commitment"].value, int(row["number"].value), row["title"].value))
            chapters[ch].milestones[row["commitment"].value] = (
                int(row["milestones"].value) if row["milestones"] is not None else 0)
    return list(chapters.values())
