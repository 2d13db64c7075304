"""SHACL validation of project files, with results a data steward can act on."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import rdflib
from pyshacl import validate as pyshacl_validate
from pyshacl_turbo import compile_shapes
from rdflib.namespace import RDF, SH

from kg.locations import Location, SubjectLocator
from kg.namespaces import Namespaces
from kg.rdf_files import ParsedFile, merge, parse_all
from kg.settings import Settings
from kg.terms import XSD_STRING, Term, to_rdflib
from kg.validation_reach import Reach, Unanalysable, shapes_reach


class Engine(StrEnum):
    """Which SHACL validator runs: pySHACL is the reference; pyshacl-turbo takes the same call,
    runs in Rust on a pyoxigraph store and is several times faster on large graphs."""

    PYSHACL = "pyshacl"
    TURBO = "turbo"


class Severity(StrEnum):
    VIOLATION = "Violation"
    WARNING = "Warning"
    INFO = "Info"


@dataclass(frozen=True)
class ValidationResult:
    """One failed constraint on one focus node."""

    focus_node: str
    shape: str
    severity: Severity
    messages: dict[str, str]
    path: str | None
    value: str | None
    constraint: str
    location: Location | None

    def message(self, lang: str = "en") -> str:
        """The message in `lang`, else an untagged one, else any."""
        for key in (lang, ""):
            if key in self.messages:
                return self.messages[key]
        return next(iter(self.messages.values()), "")


@dataclass(frozen=True)
class ValidationReport:
    """The outcome of validating a set of files against the project's shapes."""

    results: tuple[ValidationResult, ...]
    results_graph: rdflib.Graph
    triple_count: int
    namespaces: Namespaces

    @property
    def conforms(self) -> bool:
        """True when nothing is a Violation; warnings and infos do not break conformance."""
        return not self.violations

    @property
    def violations(self) -> list[ValidationResult]:
        return [r for r in self.results if r.severity is Severity.VIOLATION]

    @property
    def warnings(self) -> list[ValidationResult]:
        return [r for r in self.results if r.severity is Severity.WARNING]

    def by_focus_node(self) -> dict[str, list[ValidationResult]]:
        grouped: dict[str, list[ValidationResult]] = {}
        for result in self.results:
            grouped.setdefault(result.focus_node, []).append(result)
        return grouped


def validate(
    paths: Sequence[Path] = (),
    *,
    settings: Settings,
    include_data: bool = True,
    engine: Engine = Engine.PYSHACL,
) -> ValidationReport:
    """Validate the ontology, the shipped data (unless excluded) and `paths` against shapes/.

    Raises InputError (or RdfSyntaxError) before validating anything if a file cannot be read.
    """
    base = settings.base_iri
    ontology = parse_all([settings.ontology_dir], base_iri=base)
    shapes = parse_all([settings.shapes_dir], base_iri=base)
    data_paths = ([settings.data_dir] if include_data else []) + list(paths)
    data = parse_all(data_paths, base_iri=base, max_bytes=settings.max_input_bytes)
    return validate_parsed(
        data, ontology=ontology, shapes=shapes, namespaces=settings.namespaces, engine=engine
    )


def validate_parsed(
    data: Sequence[ParsedFile],
    *,
    ontology: Sequence[ParsedFile],
    shapes: Sequence[ParsedFile],
    namespaces: Namespaces,
    engine: Engine = Engine.PYSHACL,
    context: Sequence[ox.Triple] = (),
) -> ValidationReport:
    """Validate already parsed files, with `context` (triples already in a store) alongside.

    The core of `validate`, and what `kg load` runs before it writes anything.
    """
    compiled = _compiled(tuple(shapes))
    triple_count = sum(len(f.triples) for f in data) + len(context)
    sources = (*(f.triples for f in data), *(f.triples for f in ontology), context)
    results_graph = _run_engine(
        engine, (t for source in sources for t in source), compiled, focus_nodes=None
    )
    return _report(results_graph, compiled, [*data, *ontology], namespaces, triple_count)


def validate_focus_nodes(
    data: Sequence[ParsedFile],
    triples: Iterable[ox.Triple],
    focus_nodes: Collection[Term],
    *,
    ontology: Sequence[ParsedFile],
    shapes: Sequence[ParsedFile],
    namespaces: Namespaces,
    engine: Engine = Engine.PYSHACL,
    triple_count: int = 0,
) -> ValidationReport:
    """Validate only `focus_nodes`, on `triples` (which must hold all that their shapes read;
    see kg.incremental) with the ontology; `data` are the files being loaded, for locations.
    `triple_count` is the size of all the data, for the report."""
    compiled = _compiled(tuple(shapes))
    sources = (triples, (t for f in ontology for t in f.triples))
    results_graph = _run_engine(
        engine, (t for source in sources for t in source), compiled, focus_nodes=focus_nodes
    )
    keep = {_node_key(to_rdflib(n)) for n in focus_nodes}
    return _report(results_graph, compiled, [*data, *ontology], namespaces, triple_count, keep=keep)


@dataclass(frozen=True)
class _Shapes:
    graph: rdflib.Graph
    turbo: Any  # pyshacl_turbo.CompiledShapes, whose methods are untyped
    templates: _MessageTemplates

    @cached_property
    def reach(self) -> Reach | str:
        try:
            return shapes_reach(self.graph)
        except Unanalysable as error:
            return f"the shapes cannot be analysed: {error}"


def shapes_reach_of(shapes: Sequence[ParsedFile]) -> Reach | str:
    """What the shapes read around a focus node (kg.validation_reach), or why that cannot be
    known; worked out once per process for the same shapes."""
    return _compiled(tuple(shapes)).reach


def _compiled(files: tuple[ParsedFile, ...]) -> _Shapes:
    """The shapes merged, compiled for pyshacl-turbo, and their message templates: the same
    shapes (the same files' text, or triples where there is no text) are prepared once."""
    key = tuple((str(f.path), f.text or frozenset(f.triples)) for f in files)
    if key not in _PREPARED:
        graph = merge(files)
        if len(_PREPARED) >= 4:
            _PREPARED.pop(next(iter(_PREPARED)))
        _PREPARED[key] = _Shapes(graph, _compile_shapes(graph), _MessageTemplates(graph))
    return _PREPARED[key]


_PREPARED: dict[tuple[object, ...], _Shapes] = {}
_compile_shapes: Callable[[rdflib.Graph], Any] = compile_shapes  # untyped in pyshacl-turbo


def _run_engine(
    engine: Engine,
    triples: Iterable[ox.Triple],
    shapes: _Shapes,
    *,
    focus_nodes: Collection[Term] | None,
) -> rdflib.Graph:
    if focus_nodes is not None and not focus_nodes:
        return rdflib.Graph()
    # pyshacl-turbo takes focus nodes as text, IRIs only, and expands any that look like a
    # CURIE of the shapes' prefixes. With a node it might misread, all targets are validated,
    # and the caller keeps the results on its focus nodes (as with pySHACL, always).
    prefixes = {prefix for prefix, _ in shapes.graph.namespaces()}
    focus = (
        [n.value for n in focus_nodes]
        if engine is Engine.TURBO
        and focus_nodes is not None
        and all(
            isinstance(n, ox.NamedNode) and n.value.partition(":")[0] not in prefixes
            for n in focus_nodes
        )
        else None
    )
    if engine is Engine.TURBO:
        # pyshacl-turbo reads a pyoxigraph store directly: no rdflib copy of a large graph.
        data_store = ox.Store()
        data_store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
        # The compiled shapes' own validate: pyshacl_turbo.validate would compile them again
        # and dump the store twice (once for a snapshot it needs only to write inferences).
        _conforms, results_graph, _text = shapes.turbo.validate(
            data_store, allow_warnings=True, focus_nodes=focus
        )
    else:
        data_graph = rdflib.Graph()
        for t in triples:
            data_graph.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
        _conforms, results_graph, _text = pyshacl_validate(
            data_graph,
            shacl_graph=shapes.graph,
            inference="none",
            allow_warnings=True,
            abort_on_first=False,
        )
    assert isinstance(results_graph, rdflib.Graph)
    return results_graph


def _report(
    results_graph: rdflib.Graph,
    shapes: _Shapes,
    files: Sequence[ParsedFile],
    namespaces: Namespaces,
    triple_count: int,
    *,
    keep: set[tuple[str, ...]] | None = None,
) -> ValidationReport:
    nodes = [
        node
        for node in results_graph.subjects(RDF.type, SH.ValidationResult)
        if keep is None or _node_key(results_graph.value(node, SH.focusNode)) in keep
    ]
    # Finding lines reads every file once: worth it only when there is something to point at.
    locator = SubjectLocator(files) if nodes else None
    results = tuple(
        sorted(
            (
                _read_result(results_graph, node, locator, shapes.templates, namespaces)
                for node in nodes
            ),
            key=lambda r: (r.focus_node, r.shape, r.path or "", r.value or ""),
        )
    )
    return ValidationReport(
        results=results,
        results_graph=results_graph,
        triple_count=triple_count,
        namespaces=namespaces,
    )


def _node_key(node: rdflib.term.Node | None) -> tuple[str, ...]:
    """A node as a key that does not depend on how an engine wrote it: "x" and
    "x"^^xsd:string are one literal."""
    if isinstance(node, rdflib.Literal):
        datatype = "" if node.language else str(node.datatype or XSD_STRING)
        return ("literal", str(node), node.language or "", datatype)
    return (type(node).__name__, str(node))


class _MessageTemplates:
    """Recovers the language of messages that pyshacl fills in from SPARQL constraints.

    pyshacl substitutes `{?var}` in every sh:message of a SPARQL constraint but drops the
    language tag; matching the filled-in text against the tagged templates brings it back.
    """

    def __init__(self, shapes: rdflib.Graph) -> None:
        self._patterns: list[tuple[re.Pattern[str], str]] = []
        for message in shapes.objects(None, SH.message):
            if isinstance(message, rdflib.Literal) and message.language:
                parts = re.split(r"\{[?$]\w+\}", str(message))
                pattern = re.compile(".*".join(re.escape(part) for part in parts), re.DOTALL)
                self._patterns.append((pattern, message.language))

    def language_of(self, text: str) -> str:
        for pattern, language in self._patterns:
            if pattern.fullmatch(text):
                return language
        return ""


def _read_result(
    graph: rdflib.Graph,
    node: rdflib.term.Node,
    locator: SubjectLocator | None,
    templates: _MessageTemplates,
    namespaces: Namespaces,
) -> ValidationResult:
    focus = graph.value(node, SH.focusNode)
    shape = graph.value(node, SH.sourceShape)
    severity = graph.value(node, SH.resultSeverity)
    component = graph.value(node, SH.sourceConstraintComponent)
    path = graph.value(node, SH.resultPath)
    value = graph.value(node, SH.value)
    messages: dict[str, str] = {}
    for message in graph.objects(node, SH.resultMessage):
        lang = message.language if isinstance(message, rdflib.Literal) else None
        messages.setdefault(lang or templates.language_of(str(message)), str(message))
    return ValidationResult(
        focus_node=str(focus),
        shape=str(shape),
        severity=Severity(str(severity).rsplit("#", 1)[-1]),
        messages=messages,
        path=_render_path(graph, path, namespaces) if path is not None else None,
        value=None if value is None else _render_term(value, namespaces),
        constraint=str(component).rsplit("#", 1)[-1],
        location=locator.find(str(focus)) if locator is not None else None,
    )


def _render_term(term: rdflib.term.Node, namespaces: Namespaces) -> str:
    if isinstance(term, rdflib.URIRef):
        return namespaces.compact(str(term))
    if isinstance(term, rdflib.Literal):
        if term.datatype is not None and str(term.datatype) == XSD_STRING:
            # RDF 1.1: "x" and "x"^^xsd:string are one literal; engines write it either way.
            return rdflib.Literal(str(term)).n3()
        return term.n3()
    return f"_:{term}"


def _render_path(graph: rdflib.Graph, path: rdflib.term.Node, namespaces: Namespaces) -> str:
    """A SHACL property path in SPARQL property-path notation."""
    if isinstance(path, rdflib.URIRef):
        return namespaces.compact(str(path))
    inverse = graph.value(path, SH.inversePath)
    if inverse is not None:
        return "^" + _render_path(graph, inverse, namespaces)
    alternatives = graph.value(path, SH.alternativePath)
    if alternatives is not None:
        members = rdflib.collection.Collection(graph, alternatives)
        return "(" + "|".join(_render_path(graph, m, namespaces) for m in members) + ")"
    if graph.value(path, RDF.first) is not None:
        members = rdflib.collection.Collection(graph, path)
        return "/".join(_render_path(graph, m, namespaces) for m in members)
    for modifier, suffix in (
        (SH.zeroOrMorePath, "*"),
        (SH.oneOrMorePath, "+"),
        (SH.zeroOrOnePath, "?"),
    ):
        inner = graph.value(path, modifier)
        if inner is not None:
            return _render_path(graph, inner, namespaces) + suffix
    return str(path)
