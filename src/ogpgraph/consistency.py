"""OWL 2 consistency of the ontology together with the data, decided by HermiT.

``ogpgraph consistency [FILE ...]`` merges ``ontology/ogp.ttl`` with the data (by
default the built graph, ``data/ttl/*.ttl``, one graph: named graphs do not matter
to OWL), loads it into an owlready2 world and runs owlready2's HermiT on it. The
result says whether a model exists (consistent) and which classes can have no
instance (unsatisfiable). When HermiT finds the whole inconsistent it names no
culprit, so Pellet, the other reasoner owlready2 ships, is asked for one
justification: the few axioms and assertions that together contradict.

HermiT accepts only the datatypes of the OWL 2 datatype map
(https://www.w3.org/TR/owl2-syntax/#Datatype_Maps) and stops at the first literal
or range of any other. The graph is therefore prepared first, in a copy:

* ``xsd:date``, ``xsd:gYearMonth`` and ``xsd:gYear`` (our start and end dates, the
  plan's date of issue) become ``xsd:dateTime`` at midnight of their first day,
  time zone kept, in literals and wherever an axiom names them (``rdfs:range``).
  A range still refutes a value of another type (a plain string as a start date);
  HermiT's own ``--ignoreUnsupportedDatatypes`` would instead drop those ranges
  and literals silently, and let such a value through. The cost: the three value
  spaces merge, so a gYear where the range asks for a date is not caught.
* Literals of any other datatype outside the map (``rdf:HTML``, ``rdf:JSON``,
  ``xsd:time``, ``xsd:duration``, a custom IRI…) have no faithful mapping: HermiT
  is then run with ``--ignoreUnsupportedDatatypes`` and the result lists them as
  not checked. Language-tagged strings, ``xsd:anyURI``, ``rdf:XMLLiteral`` and
  ``rdf:langString`` ranges are accepted as they are.
* ``owl:imports`` are dropped: nothing is fetched (PROV-O, ORG, FOAF… are aligned
  to, not imported; the ontology declares the few external terms it uses).
* An ill-typed literal (``"abc"^^xsd:integer``, ``"2021-13-45"^^xsd:date``) makes a
  graph unsatisfiable under the datatypes' semantics (RDF 1.1 Semantics, D
  interpretations); they are reported as the inconsistency without running HermiT,
  which would stop at the first one.

Java is needed (HermiT and Pellet are Java programs shipped inside owlready2);
without it :class:`ConsistencyError` says so in one line.
"""

from __future__ import annotations

import logging
import re
import shutil
import subprocess
import tempfile
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD

from . import paths
from .shacl.inputs import load_data

RDF_NS = str(RDF)

# The OWL 2 datatype map, plus rdf:langString (RDF 1.1's name for what OWL 2 calls
# rdf:PlainLiteral with a language tag; HermiT's OWL API maps it).
OWL2_DATATYPES = frozenset(
    [OWL.real, OWL.rational, RDF.PlainLiteral, RDF.XMLLiteral, RDFS.Literal, RDF.langString]
    + [XSD[name] for name in (
        "decimal", "integer", "nonNegativeInteger", "nonPositiveInteger", "positiveInteger",
        "negativeInteger", "long", "int", "short", "byte", "unsignedLong", "unsignedInt",
        "unsignedShort", "unsignedByte", "double", "float", "string", "normalizedString", "token",
        "language", "Name", "NCName", "NMTOKEN", "boolean", "hexBinary", "base64Binary", "anyURI",
        "dateTime", "dateTimeStamp")])

_TZ = r"(Z|[+-]\d{2}:\d{2})?"
# datatype → (its lexical form, the xsd:dateTime lexical form of its first instant)
_TO_DATETIME = {
    XSD.date: (re.compile(rf"^(-?\d{{4,}}-\d{{2}}-\d{{2}}){_TZ}$"), r"\1T00:00:00\2"),
    XSD.gYearMonth: (re.compile(rf"^(-?\d{{4,}}-\d{{2}}){_TZ}$"), r"\1-01T00:00:00\2"),
    XSD.gYear: (re.compile(rf"^(-?\d{{4,}}){_TZ}$"), r"\1-01-01T00:00:00\2"),
}

EXPLAIN_TIMEOUT = 300.0
JAVA_MISSING = ("Java not found: HermiT needs a Java runtime (Debian: apt-get install default-jre-headless; "
                "`make system-deps` installs it as root)")


class ConsistencyError(ValueError):
    """The check could not run (no Java, unreadable input, a reasoner error): one line."""


@dataclass(frozen=True)
class Conversion:
    """One datatype HermiT does not support, rewritten for the run."""

    datatype: str
    to: str
    literals: int
    axioms: int  # triples naming the datatype itself, e.g. an rdfs:range


@dataclass
class ConsistencyResult:
    """What HermiT decided, why (if inconsistent), and what was changed for it to run."""

    consistent: bool
    unsatisfiable_classes: list[str] = field(default_factory=list)
    message: str = ""  # the reasoner's verdict, or why the graph is inconsistent
    explanation: list[str] = field(default_factory=list)  # one justification (Pellet), if inconsistent
    ill_typed: list[str] = field(default_factory=list)
    conversions: list[Conversion] = field(default_factory=list)
    unchecked_datatypes: dict[str, int] = field(default_factory=dict)  # datatype IRI → literals
    dropped_imports: int = 0
    triples: int = 0
    # seconds per step: parse (rdflib), prepare, hermit (owlready2's load and HermiT's run),
    # explain (Pellet)
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """Consistent, and every class can have instances."""
        return self.consistent and not self.unsatisfiable_classes


# -- the input ------------------------------------------------------------------------------------


def input_names(inputs: Iterable[str] | None, data_dir: Path | None, ontology: Path) -> list[str]:
    """The files to merge: the given ones (or ``data_dir``'s Turtle files) and the ontology."""
    names = list(inputs or [])
    if names and data_dir is not None:
        raise ConsistencyError("give data FILE arguments or --data, not both")
    if not names:
        data_dir = data_dir or paths.DATA_DIR
        if not data_dir.is_dir():
            raise ConsistencyError(f"cannot read {data_dir}: no such directory")
        names = [str(f) for f in sorted(data_dir.glob("*.ttl"))]
        if not names:
            raise ConsistencyError(f"no Turtle files in {data_dir}: run 'ogpgraph build' first")
    return names + [str(ontology)]


# -- preparing the graph for HermiT -----------------------------------------------------------------


@dataclass
class Prepared:
    """The graph as HermiT will read it, and what was changed or left out."""

    graph: Graph
    conversions: list[Conversion]
    unchecked: Counter[str]
    ill_typed: list[str]
    dropped_imports: int


def _describe(graph: Graph, s, p, o) -> str:
    nm = graph.namespace_manager
    return f"{s.n3(nm)} {p.n3(nm)} {o.n3(nm)}"


def prepare_for_hermit(graph: Graph) -> Prepared:
    """A copy of ``graph`` HermiT can read (see the module's docstring for each rule)."""
    out = Graph()
    for prefix, ns in graph.namespaces():
        out.bind(prefix, ns, override=True)
    literals: Counter[URIRef] = Counter()
    axioms: Counter[URIRef] = Counter()
    unchecked: Counter[str] = Counter()
    ill_typed: list[str] = []
    dropped = 0
    for s, p, o in graph:
        if p == OWL.imports:
            dropped += 1
            continue
        if isinstance(o, Literal) and o.datatype in _TO_DATETIME:
            # Judged by the lexical rule here and the xsd:dateTime it becomes, not by rdflib's
            # o.ill_typed: rdflib's converters are process-global, and owlrl (--inference owlrl)
            # replaces them with its own, whose gYear rejects a time zone ("2021Z").
            pattern, replacement = _TO_DATETIME[o.datatype]
            # normalize=False: keep the lexical form built here (rdflib would rewrite "Z" as "+00:00")
            converted = (Literal(pattern.sub(replacement, str(o)), datatype=XSD.dateTime, normalize=False)
                         if pattern.match(str(o)) else None)
            if converted is None or converted.ill_typed:
                ill_typed.append(_describe(graph, s, p, o))
            else:
                literals[o.datatype] += 1
                o = converted
        elif isinstance(o, Literal) and o.datatype is not None:
            if o.ill_typed:
                ill_typed.append(_describe(graph, s, p, o))
            elif o.datatype not in OWL2_DATATYPES:
                unchecked[str(o.datatype)] += 1
        elif o in _TO_DATETIME:  # a range, a restriction, a union member naming the datatype
            axioms[o] += 1
            o = XSD.dateTime
        out.add((s, p, o))
    conversions = [Conversion(str(dt), str(XSD.dateTime), literals[dt], axioms[dt])
                   for dt in _TO_DATETIME if literals[dt] or axioms[dt]]
    return Prepared(out, conversions, unchecked, sorted(ill_typed), dropped)


# -- running the reasoners ------------------------------------------------------------------------


def java_executable() -> str:
    import owlready2

    java = shutil.which(owlready2.JAVA_EXE)
    if java is None:
        raise ConsistencyError(JAVA_MISSING)
    return java


def _java_message(text: str) -> str:
    """The exception line of a Java error output, without the stack trace."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    message = next((line for line in lines if line.startswith("Exception in thread")), None)
    if message is None:
        message = next((line for line in lines if not line.startswith("at ")), "no output")
    else:  # HermiT's datatype messages continue on the next lines, before the stack trace
        following = lines[lines.index(message) + 1:]
        message = " ".join([message] + [line for line in following[:4] if not line.startswith("at ")])
        message = message.split(" at org.", 1)[0]
    return message.replace('Exception in thread "main" ', "")


def run_hermit(nt_file: Path, ignore_unsupported_datatypes: bool) -> tuple[bool, list[str], str]:
    """HermiT on an N-Triples file, through owlready2: (consistent, unsatisfiable class IRIs, message)."""
    import owlready2

    world = owlready2.World()  # in memory, thrown away afterwards
    try:
        onto = world.get_ontology("https://w3id.org/ogpgraph/consistency-check#")
        with nt_file.open("rb") as f:
            onto.load(fileobj=f, format="ntriples")
        try:
            owlready2.sync_reasoner_hermit(world, debug=0,
                                           ignore_unsupported_datatypes=ignore_unsupported_datatypes)
        except owlready2.OwlReadyInconsistentOntologyError:
            # owlready2 raises this exactly when HermiT stops with its InconsistentOntologyException.
            return False, [], "HermiT: Inconsistent ontology (no model satisfies the ontology and the data)"
        except owlready2.OwlReadyJavaError as exc:
            message = _java_message(str(exc))
            if "MalformedLiteralException" in message:  # an ill-typed literal rdflib accepted
                return False, [], f"HermiT: {message}"
            raise ConsistencyError(f"HermiT failed: {message}") from None
        unsatisfiable = sorted(c.iri for c in world.inconsistent_classes()
                               if hasattr(c, "iri") and c.iri != str(OWL.Nothing))
    finally:
        world.close()
    verdict = "HermiT: consistent (a model of the ontology and the data exists)"
    if unsatisfiable:
        verdict += f", but {len(unsatisfiable)} unsatisfiable class{'es' if len(unsatisfiable) > 1 else ''}"
    return True, unsatisfiable, verdict


_BUILTIN_NAMESPACES = (str(OWL), RDF_NS, str(RDFS), str(XSD))
_TOKEN = re.compile(r"\bogpgraphterm(\d+)\b")


def _renamed_for_pellet(graph: Graph) -> tuple[Graph, dict[str, str]]:
    """``graph`` with every non-built-in IRI renamed ``urn:ogpgraph:term#ogpgraphtermN``.

    Pellet prints local names only, and those of our data are ambiguous (every
    milestone's IRI ends in ``/milestone/1``…): unique tokens are mapped back to the
    original IRIs, shown as prefixed names, in the explanation.
    """
    tokens: dict[URIRef, URIRef] = {}
    names: dict[str, str] = {}

    def rename(node):
        if not isinstance(node, URIRef) or str(node).startswith(_BUILTIN_NAMESPACES):
            return node
        if node not in tokens:
            n = str(len(tokens))
            tokens[node] = URIRef(f"urn:ogpgraph:term#ogpgraphterm{n}")
            names[n] = node.n3(graph.namespace_manager)
        return tokens[node]

    renamed = Graph()
    for s, p, o in graph:
        renamed.add((rename(s), rename(p), rename(o)))
    return renamed, names


def explain_inconsistency(graph: Graph, workdir: Path, java: str, timeout: float = EXPLAIN_TIMEOUT) -> list[str]:
    """One justification of the inconsistency by Pellet (``pellet explain``), one axiom a line."""
    import owlready2

    renamed, names = _renamed_for_pellet(graph)
    nt_file = workdir / "renamed.nt"
    renamed.serialize(nt_file, format="nt", encoding="utf-8")
    classpath = str(Path(owlready2.__file__).parent / "pellet" / "*")
    command = [java, f"-Xmx{owlready2.reasoning.JAVA_MEMORY}M", "-cp", classpath, "pellet.Pellet",
               "explain", "--inconsistent", "--ignore-imports", nt_file.as_uri()]
    try:
        done = subprocess.run(command, capture_output=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return [f"(Pellet found no explanation within {timeout:.0f} s)"]
    output = done.stdout.decode("utf-8", "replace")
    if "Explanation(s):" not in output:
        if "NOT ENTAILED" in output:  # Pellet: owl:Thing ⊑ owl:Nothing does not follow
            return ["(Pellet finds the graph consistent: the two reasoners disagree)"]
        return [f"(Pellet gave no explanation: {_java_message(done.stderr.decode('utf-8', 'replace') or output)})"]
    # "1)   axiom", then one axiom a line at the same indent; an axiom that goes on
    # (DisjointClasses(A\n  B\n  C)) is indented further.
    axioms: list[str] = []
    indent = None
    for line in output.split("Explanation(s):", 1)[1].splitlines():
        if not line.strip():
            if axioms:
                break  # only the first justification
            continue
        numbered = re.match(r"^(\s*\d+\)\s*)", line)
        if numbered:
            if axioms:
                break
            indent = len(numbered.group(1))
            axioms.append(line[indent:].strip())
        elif indent is not None and len(line) - len(line.lstrip()) > indent:
            axioms[-1] += " " + line.strip()
        else:
            axioms.append(line.strip())
    return [_TOKEN.sub(lambda m: names.get(m.group(1), m.group(0)), axiom) for axiom in axioms]


# -- the check --------------------------------------------------------------------------------------


def check_consistency(inputs: Iterable[str] | None = None, data_dir: Path | None = None,
                      ontology: Path = paths.ONTOLOGY, explain: bool = True) -> ConsistencyResult:
    """Is the ontology, merged with the data, consistent for HermiT? (see the module's docstring)"""
    timings: dict[str, float] = {}
    names = input_names(inputs, data_dir, Path(ontology))
    java = java_executable()

    started = time.perf_counter()
    # rdflib logs a traceback for each ill-typed literal it parses; they are reported below.
    term_log = logging.getLogger("rdflib.term")
    level = term_log.level
    term_log.setLevel(logging.ERROR)
    try:
        graph = load_data(names)
    finally:
        term_log.setLevel(level)
    timings["parse"] = time.perf_counter() - started

    started = time.perf_counter()
    prepared = prepare_for_hermit(graph)
    timings["prepare"] = time.perf_counter() - started
    result = ConsistencyResult(
        consistent=True, conversions=prepared.conversions, unchecked_datatypes=dict(prepared.unchecked),
        ill_typed=prepared.ill_typed, dropped_imports=prepared.dropped_imports, triples=len(graph),
        timings=timings)
    if prepared.ill_typed:
        result.consistent = False
        result.message = (f"inconsistent: {len(prepared.ill_typed)} ill-typed literals (a lexical form outside "
                          "its datatype's has no value: no interpretation satisfies the graph); HermiT not run")
        return result

    with tempfile.TemporaryDirectory(prefix="ogpgraph-consistency-") as tmp:
        nt_file = Path(tmp) / "merged.nt"
        prepared.graph.serialize(nt_file, format="nt", encoding="utf-8")
        started = time.perf_counter()
        result.consistent, result.unsatisfiable_classes, result.message = run_hermit(
            nt_file, ignore_unsupported_datatypes=bool(prepared.unchecked))
        timings["hermit"] = time.perf_counter() - started
        if explain and not result.consistent:
            started = time.perf_counter()
            result.explanation = explain_inconsistency(prepared.graph, Path(tmp), java)
            timings["explain"] = time.perf_counter() - started
    return result


def _short(iri: str) -> str:
    """``xsd:date`` for the usual vocabularies, ``<iri>`` otherwise."""
    return _PREFIXES.normalizeUri(URIRef(iri))


_PREFIXES = Graph().namespace_manager  # rdflib's default bindings: xsd, rdf, rdfs, owl…


def render_text(result: ConsistencyResult) -> str:
    """The human-readable report the CLI prints."""
    lines = [result.message]
    if result.ill_typed:
        lines.append("ill-typed:")
        lines += [f"  {t}" for t in result.ill_typed]
    if result.explanation:
        lines.append("why (one justification, by Pellet; datatypes as converted for HermiT):")
        lines += [f"  {a}" for a in result.explanation]
    if result.unsatisfiable_classes:
        lines.append("unsatisfiable classes (no individual can belong to them):")
        lines += [f"  {_short(c)}" for c in result.unsatisfiable_classes]
    for c in result.conversions:
        lines.append(f"converted for HermiT (not in the OWL 2 datatype map): {_short(c.datatype)} → {_short(c.to)}, "
                     f"{c.literals} literals, {c.axioms} axioms")
    for dt, n in sorted(result.unchecked_datatypes.items()):
        lines.append(f"not checked (not in the OWL 2 datatype map; HermiT ignores them): {n} literals of {_short(dt)}")
    if result.dropped_imports:
        lines.append(f"not followed: {result.dropped_imports} owl:imports (nothing is fetched)")
    timing = ", ".join(f"{step} {seconds:.1f} s" for step, seconds in result.timings.items())
    lines.append(f"{result.triples} triples; {timing}")
    return "\n".join(lines) + "\n"
