"""SHACL validation of project files, with results a data steward can act on."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

import pyoxigraph as ox
import rdflib
from pyshacl import validate as pyshacl_validate
from pyshacl_turbo import validate as turbo_validate
from rdflib.namespace import RDF, SH

from kg.locations import Location, SubjectLocator
from kg.namespaces import Namespaces
from kg.rdf_files import ParsedFile, merge, parse_all
from kg.settings import Settings
from kg.terms import to_rdflib


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
    shapes_graph = merge(shapes)
    triple_count = sum(len(f.triples) for f in data) + len(context)
    if engine is Engine.TURBO:
        # pyshacl-turbo reads a pyoxigraph store directly: no rdflib copy of a large graph.
        data_store = ox.Store()
        data_store.extend(
            ox.Quad(t.subject, t.predicate, t.object)
            for source in (*(f.triples for f in data), *(f.triples for f in ontology), context)
            for t in source
        )
        _conforms, results_graph, _text = turbo_validate(
            data_store, shacl_graph=shapes_graph, allow_warnings=True
        )
    else:
        data_graph = merge(data)
        for t in context:
            data_graph.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
        _conforms, results_graph, _text = pyshacl_validate(
            data_graph,
            shacl_graph=shapes_graph,
            ont_graph=merge(ontology),
            inference="none",
            allow_warnings=True,
            abort_on_first=False,
        )
    locator = SubjectLocator([*data, *ontology])
    templates = _MessageTemplates(shapes_graph)
    results = tuple(
        sorted(
            (
                _read_result(results_graph, node, locator, templates, namespaces)
                for node in results_graph.subjects(RDF.type, SH.ValidationResult)
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
    locator: SubjectLocator,
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
        location=locator.find(str(focus)),
    )


def _render_term(term: rdflib.term.Node, namespaces: Namespaces) -> str:
    if isinstance(term, rdflib.URIRef):
        return namespaces.compact(str(term))
    if isinstance(term, rdflib.Literal):
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
