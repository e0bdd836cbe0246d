"""Full-text search over the graph: labels and texts, accent-insensitive, French stemming.

The index is built from the store with three SPARQL queries (labels, types,
texts), so it holds exactly what the store serves: in ``--contacts role|none``
the store has already withheld names, and search cannot reveal them. It only
uses ``store.query``, so the embedded and a remote store work alike.

* **Documents** are the resources under ``{base}id/`` that have a label
  (``rdfs:label``, ``skos:prefLabel``/``altLabel``/``notation``, ``dcterms:title``
  /``identifier``, ``foaf:name``, ``eli:title``). Passages, selectors, contacts and
  description parts have none: their text counts for the resource that has them.
* **Fields**: the labels; and the full text, i.e. the resource's other text
  literals plus the ``rdf:value`` of its ``ogp:TextPassage`` parts (a
  commitment's problem, solution, notes…).
* **Terms**: words are lowercased and stemmed with the Snowball French stemmer
  (``snowballstemmer``, the Snowball project's own Python port); each word is
  indexed under two keys, the stem of the accent-folded word and the folded stem
  of the word as written, and a query word matches if either of its keys does,
  so "donnees", "données" and "donnée" find each other. A query word of three
  letters or more also matches words it begins ("verdi" → "Verdier"), at half
  weight.
* **Ranking**: BM25F (k1 = 1.2, b = 0.75) with labels weighing five times the
  text, plus a bonus when the whole query is a label ("DINUM") or a run of
  words in one. Every query word must match (AND); French function words are
  dropped unless the query has nothing else.
"""

from __future__ import annotations

import bisect
import functools
import gc
import logging
import math
import pickle
import re
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
import snowballstemmer

from .publish.shared import exclusively, replace_atomically
from .rdf.namespaces import DCTERMS, ELI, FOAF, OGP, ORG, RDF, RDFS, SKOS, XSD
from .text import fold

log = logging.getLogger(__name__)

MAX_QUERY_CHARS = 200
MAX_TERMS = 12
MAX_LIMIT = 100
MAX_OFFSET = 10_000

# Label predicates, best first: the display label is the first one in the asked language.
LABELS = tuple(map(str, (RDFS.label, SKOS.prefLabel, DCTERMS.title, FOAF.name, ELI.title, SKOS.altLabel,
                         SKOS.notation, DCTERMS.identifier, SKOS.hiddenLabel)))

# Result kinds (the type facet), by rdf:type; the first listed type a resource has wins.
KINDS: tuple[tuple[str, str], ...] = tuple((name, str(cls)) for name, cls in (
    ("commitment", OGP.Commitment),
    ("milestone", OGP.Milestone),
    ("person", FOAF.Person),
    ("group", FOAF.Group),
    ("organisation", ORG.Organization),
    ("programme", OGP.Programme),
    ("legal", OGP.LegalText),
    ("chapter", OGP.Chapter),
    ("plan", OGP.ActionPlan),
    ("concept", SKOS.Concept),
    ("scheme", SKOS.ConceptScheme),
    ("document", FOAF.Document),
))
KIND_NAMES = tuple(name for name, _ in KINDS) + ("other",)

_VALUES_LABELS = " ".join(f"<{p}>" for p in LABELS)
# ?scope ({base}id/) is bound by substitution, which pyoxigraph allows only on projected variables.
_LABELS_QUERY = f"""
SELECT DISTINCT ?s ?p ?text (LANG(?text) AS ?lang) ?scope WHERE {{
  VALUES ?p {{ {_VALUES_LABELS} }}
  ?s ?p ?text .
  FILTER(isIRI(?s) && isLiteral(?text) && STRSTARTS(STR(?s), STR(?scope)))
}}"""
_TYPES_QUERY = """
SELECT DISTINCT ?s ?type ?scope WHERE { ?s a ?type . FILTER(isIRI(?s) && STRSTARTS(STR(?s), STR(?scope))) }"""
_TEXTS_QUERY = f"""
SELECT DISTINCT ?s ?text ?scope WHERE {{
  {{ ?s ?p ?text . FILTER(?p NOT IN ({", ".join(f"<{p}>" for p in LABELS)})) }}
  UNION {{ ?s ?part ?passage . ?passage a <{OGP.TextPassage}> ; <{RDF.value}> ?text }}
  FILTER(isIRI(?s) && isLiteral(?text) && STRSTARTS(STR(?s), STR(?scope))
         && (LANG(?text) != "" || DATATYPE(?text) = <{XSD.string}>))
}}"""

# The commitment of each milestone (sub-milestones included), to name it beside the milestone's hits
_WITHIN_QUERY = f"""
SELECT DISTINCT ?s ?c ?n ?scope WHERE {{
  ?c <{OGP.hasMilestone}> ?s ; <{OGP.commitmentNumber}> ?n .
  FILTER(isIRI(?s) && STRSTARTS(STR(?s), STR(?scope)))
}}"""

# French (and a few English) function words: dropped from queries that have other words.
STOP_WORDS = frozenset("""
a au aux avec c ce ces d dans de des du en et il ils l la le les leur leurs n ne ou par pas pour qu que qui
s sa se ses son sur un une y à the of and for in to on
""".split())

K1, B = 1.2, 0.75
W_LABEL, W_TEXT = 5.0, 1.0
PREFIX_WEIGHT = 0.5
EXACT_LABEL_BONUS, PHRASE_LABEL_BONUS = 20.0, 5.0
SNIPPET_CHARS = 200

_WORD = re.compile(r"[^\W_]+")
_STEMMER = snowballstemmer.stemmer("french")
_STEM_LOCK = threading.Lock()  # a Snowball stemmer object keeps state while it works


class SearchError(ValueError):
    """A query that cannot be run (too long, no words, unknown kind…): the message says why."""


def _stem(word: str) -> str:
    with _STEM_LOCK:
        return _STEMMER.stemWord(word)


@functools.lru_cache(maxsize=200_000)  # the vocabulary is small; stemming every occurrence is not free
def term_keys(word: str) -> frozenset[str]:
    """The index key of one word: the stem of its folded form. Folding first makes the key the same
    however the word is accented or cased ("données", "donnees", "DONNÉES"); stemming the written
    form too (as before) let "données" reach "don", the stem of "donne" and "donner"."""
    return frozenset({_stem(fold(word))})


def words(text: str) -> list[str]:
    return _WORD.findall(text)


@dataclass(frozen=True)
class QueryWord:
    text: str
    folded: str
    keys: frozenset[str]


def parse_query(query: str) -> list[QueryWord]:
    """The words of ``query`` to look for; :class:`SearchError` if there are none or too many."""
    if len(query) > MAX_QUERY_CHARS:
        raise SearchError(f"the query is {len(query)} characters long; at most {MAX_QUERY_CHARS} are accepted")
    found = [QueryWord(w, fold(w), term_keys(w)) for w in words(query)]
    if not found:
        raise SearchError("the query has no letters or digits to search for")
    content = [w for w in found if w.folded not in STOP_WORDS] or found
    unique = list({w.folded: w for w in content}.values())
    if len(unique) > MAX_TERMS:
        raise SearchError(f"the query has {len(unique)} words; at most {MAX_TERMS} are accepted")
    return unique


@dataclass(frozen=True)
class Snippet:
    """A stretch of a resource's text around the words found, and where they are in it."""

    text: str
    highlights: tuple[tuple[int, int], ...]  # [start, end) character offsets in ``text``

    def segments(self) -> list[tuple[str, bool]]:
        """``text`` cut into (piece, is_a_match) for rendering (the template escapes each piece)."""
        out, at = [], 0
        for start, end in self.highlights:
            if start > at:
                out.append((self.text[at:start], False))
            out.append((self.text[start:end], True))
            at = end
        if at < len(self.text):
            out.append((self.text[at:], False))
        return out


@dataclass(frozen=True)
class Hit:
    iri: str
    label: str
    kind: str
    types: tuple[str, ...]
    score: float
    snippet: Snippet | None
    # A milestone's commitment (IRI, number): two milestones may have the same words
    within: tuple[str, str] | None = None
    label_lang: str | None = None  # the label's language ("fr", "en"; None: a plain literal or the IRI)


@dataclass(frozen=True)
class SearchResults:
    query: str
    words: tuple[str, ...]       # the words looked for (folded)
    kinds: tuple[str, ...]       # the kind filter (empty: all)
    total: int                   # matching resources after the kind filter
    offset: int
    limit: int
    hits: list[Hit]
    facets: dict[str, int]       # matching resources per kind, before the kind filter


@dataclass
class _Doc:
    iri: str
    labels: list[tuple[str, str, int]] = field(default_factory=list)  # (text, language, predicate rank)
    types: tuple[str, ...] = ()
    texts: list[str] = field(default_factory=list)
    kind: str = "other"
    label_len: int = 0
    text_len: int = 0
    label_phrases: tuple[str, ...] = ()  # each label's folded words, space-joined
    within: tuple[str, str] | None = None  # a milestone's commitment: (IRI, number)

    def label(self, lang: str) -> str:
        return self.labelled(lang)[0]

    def labelled(self, lang: str) -> tuple[str, str | None]:
        """The label to show on a ``lang`` page, and its own language."""
        def preference(entry: tuple[str, str, int]) -> tuple[int, int]:
            _, language, rank = entry
            order = 0 if language == lang else 1 if language == "fr" else 2 if language == "" else 3
            return order, rank
        if not self.labels:
            return self.iri, None
        text, language, _ = min(self.labels, key=preference)
        return text, language or None


class SearchIndex:
    """An in-memory inverted index of one store version."""

    def __init__(self, docs: list[_Doc]):
        self.docs = docs
        # key → doc number → [label tf, text tf]; folded word → the same, for prefix matches
        self.postings: dict[str, dict[int, list[int]]] = defaultdict(dict)
        self.word_postings: dict[str, dict[int, list[int]]] = defaultdict(dict)
        for n, doc in enumerate(docs):
            for fieldno, texts in ((0, [t for t, _, _ in doc.labels]), (1, doc.texts)):
                length = 0
                for text in texts:
                    for w in words(text):
                        length += 1
                        for key in term_keys(w):
                            self.postings[key].setdefault(n, [0, 0])[fieldno] += 1
                        self.word_postings[fold(w)].setdefault(n, [0, 0])[fieldno] += 1
                if fieldno == 0:
                    doc.label_len = length
                else:
                    doc.text_len = length
            doc.label_phrases = tuple(" ".join(fold(w) for w in words(t)) for t, _, _ in doc.labels)
        self.vocabulary = sorted(self.word_postings)
        self.avg_label = max(1.0, sum(d.label_len for d in docs) / max(1, len(docs)))
        self.avg_text = max(1.0, sum(d.text_len for d in docs) / max(1, len(docs)))

    @classmethod
    def from_store(cls, store, base: str) -> SearchIndex:
        """Index the labelled resources under ``{base}id/`` (``store.query`` only)."""
        started = time.monotonic()
        scope = {"scope": ox.NamedNode(base + "id/")}
        docs: dict[str, _Doc] = {}
        rank = {p: i for i, p in enumerate(LABELS)}
        for row in store.query(_LABELS_QUERY, scope):
            iri = row["s"].value
            docs.setdefault(iri, _Doc(iri)).labels.append((row["text"].value, row["lang"].value, rank[row["p"].value]))
        types: dict[str, set[str]] = defaultdict(set)
        for row in store.query(_TYPES_QUERY, scope):
            if row["s"].value in docs:
                types[row["s"].value].add(row["type"].value)
        for row in store.query(_TEXTS_QUERY, scope):
            if row["s"].value in docs:
                docs[row["s"].value].texts.append(row["text"].value)
        for row in store.query(_WITHIN_QUERY, scope):
            if row["s"].value in docs:
                docs[row["s"].value].within = (row["c"].value, row["n"].value)
        for doc in docs.values():
            doc.labels.sort(key=lambda entry: (entry[2], entry[1], entry[0]))  # deterministic order
            doc.texts.sort()
            doc.types = tuple(sorted(types[doc.iri]))
            doc.kind = next((name for name, type_ in KINDS if type_ in types[doc.iri]), "other")
        index = cls([docs[iri] for iri in sorted(docs)])
        log.info("search index: %d resources, %d terms, built in %.2f s", len(index.docs), len(index.postings),
                 time.monotonic() - started)
        return index

    def search(self, query: str, kinds: Sequence[str] = (), limit: int = 20, offset: int = 0,
               lang: str = "fr") -> SearchResults:
        """The resources matching every word of ``query``, best first."""
        unknown = [k for k in kinds if k not in KIND_NAMES]
        if unknown:
            raise SearchError(f"unknown type {unknown[0]!r}; known types: {', '.join(KIND_NAMES)}")
        if not 1 <= limit <= MAX_LIMIT:
            raise SearchError(f"limit must be between 1 and {MAX_LIMIT}, not {limit}")
        if not 0 <= offset <= MAX_OFFSET:
            raise SearchError(f"offset must be between 0 and {MAX_OFFSET}, not {offset}")
        qwords = parse_query(query)
        scores = self._scores(qwords, query)
        facets = Counter(self.docs[n].kind for n in scores)
        ranked = sorted((n for n in scores if not kinds or self.docs[n].kind in kinds),
                        key=lambda n: (-scores[n], fold(self.docs[n].label(lang)), self.docs[n].iri))
        hits = [self._hit(n, scores[n], qwords, lang) for n in ranked[offset:offset + limit]]
        return SearchResults(query, tuple(w.folded for w in qwords), tuple(kinds), len(ranked), offset, limit,
                             hits, dict(sorted(facets.items())))

    def _scores(self, qwords: list[QueryWord], query: str) -> dict[int, float]:
        matches = [self._matches(w) for w in qwords]
        candidates = set.intersection(*(set(m) for m in matches)) if matches else set()
        total = len(self.docs)
        scores: dict[int, float] = {}
        for n in candidates:
            doc, score = self.docs[n], 0.0
            for m in matches:
                idf = math.log(1 + (total - len(m) + 0.5) / (len(m) + 0.5))
                label_tf, text_tf = m[n]
                tf = (W_LABEL * label_tf / (1 - B + B * doc.label_len / self.avg_label)
                      + W_TEXT * text_tf / (1 - B + B * doc.text_len / self.avg_text))
                score += idf * tf * (K1 + 1) / (K1 + tf)
            scores[n] = score + self._label_bonus(doc, query)
        return scores

    def _matches(self, w: QueryWord) -> dict[int, tuple[float, float]]:
        """Documents containing ``w``: doc → (label tf, text tf), prefix matches at half weight."""
        found: dict[int, list[float]] = {}
        for key in w.keys:
            for n, (label_tf, text_tf) in self.postings.get(key, {}).items():
                entry = found.setdefault(n, [0.0, 0.0])
                # The same word is under both keys: take the larger count, not the sum.
                entry[0], entry[1] = max(entry[0], label_tf), max(entry[1], text_tf)
        if len(w.folded) >= 3:
            at = bisect.bisect_left(self.vocabulary, w.folded)
            while at < len(self.vocabulary) and self.vocabulary[at].startswith(w.folded):
                word = self.vocabulary[at]
                at += 1
                if term_keys(word) & w.keys:
                    continue  # already counted as an exact match
                for n, (label_tf, text_tf) in self.word_postings[word].items():
                    entry = found.setdefault(n, [0.0, 0.0])
                    entry[0] += PREFIX_WEIGHT * label_tf
                    entry[1] += PREFIX_WEIGHT * text_tf
        return {n: (entry[0], entry[1]) for n, entry in found.items()}

    @staticmethod
    def _label_bonus(doc: _Doc, query: str) -> float:
        phrase = " ".join(fold(w) for w in words(query))
        if phrase in doc.label_phrases:
            return EXACT_LABEL_BONUS
        if " " in phrase and any(f" {phrase} " in f" {label} " for label in doc.label_phrases):
            return PHRASE_LABEL_BONUS
        return 0.0

    def _hit(self, n: int, score: float, qwords: list[QueryWord], lang: str) -> Hit:
        doc = self.docs[n]
        label, label_lang = doc.labelled(lang)
        return Hit(doc.iri, label, doc.kind, doc.types, round(score, 4), _snippet(doc.texts, qwords),
                   doc.within, label_lang)


def _is_match(word: str, qwords: list[QueryWord]) -> bool:
    folded, keys = fold(word), term_keys(word)
    return any(keys & w.keys or (len(w.folded) >= 3 and folded.startswith(w.folded)) for w in qwords)


def _snippet(texts: list[str], qwords: list[QueryWord]) -> Snippet | None:
    """About SNIPPET_CHARS characters of the text matching most query words, from its first match."""
    best, best_count, best_start = None, 0, 0
    for text in texts:
        flat = " ".join(text.split())
        found: set[str] = set()
        first = None
        for m in _WORD.finditer(flat):
            for w in qwords:
                if _is_match(m.group(), [w]):
                    found.add(w.folded)
                    first = m.start() if first is None else first
        if len(found) > best_count:
            best, best_count, best_start = flat, len(found), first or 0
    if best is None:
        return None
    start = best.rfind(" ", 0, max(0, best_start - 60)) + 1 if best_start > 60 else 0
    end = best.find(" ", start + SNIPPET_CHARS)
    piece = best[start:end if end != -1 else len(best)]
    prefix = "…" if start > 0 else ""
    text = prefix + piece + ("…" if end != -1 else "")
    highlights = tuple((m.start() + len(prefix), m.end() + len(prefix)) for m in _WORD.finditer(piece)
                       if _is_match(m.group(), qwords))
    return Snippet(text, highlights)


def _unpickle(data: bytes):
    """``pickle.loads`` with the cyclic garbage collector paused: it would otherwise scan the heap
    again and again while the index's hundred thousand objects are made (3× slower)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return pickle.loads(data)
    finally:
        if enabled:
            gc.enable()


class SearchIndexCache:
    """One index per store version in this process, built on first use (searches wait for it).

    With ``shared`` (a directory of this data version and code, only this user's: server/cache.py),
    the index is built once per machine and kept there pickled: the other workers and the next
    start load it (~40 ms) instead of building it (~0.3 s at 1×).
    """

    FILE = "search-index.pickle"

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._version: str | None = None
        self._index: SearchIndex | None = None

    def get(self, store, base: str, shared: Path | None = None) -> SearchIndex:
        with self._lock:
            if self._index is None or self._version != store.version:
                self._index = self._shared(store, base, shared) if shared else SearchIndex.from_store(store, base)
                self._version = store.version
            return self._index

    def _shared(self, store, base: str, directory: Path) -> SearchIndex:
        with exclusively(directory):  # one process of the machine builds it; the others wait and load it
            return self.load_or_build_holding_lock(store, base, directory)

    @classmethod
    def load_or_build_holding_lock(cls, store, base: str, directory: Path) -> SearchIndex:
        """The index kept in ``directory``, built and kept first if need be; the caller holds its lock."""
        path = directory / cls.FILE
        try:
            # A directory of this user that no one else can write (version_directory checks it).
            return _unpickle(path.read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError):
            index = SearchIndex.from_store(store, base)
            try:
                replace_atomically(path, pickle.dumps(index, protocol=pickle.HIGHEST_PROTOCOL))
            except OSError as exc:
                log.warning("cannot keep the search index in %s: %s", directory, exc)
            return index
