"""Every SHACL shape that carries a constraint has a fixture violating it, and the validator
reports exactly that shape on exactly the fixture's focus node, and nothing else.

Each fixture is validated on its own with pyshacl-turbo (seconds for all of them), and all
fixtures together once more with pySHACL, the reference engine, which must report the same."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import rdflib
from rdflib.namespace import RDF, SH

from kg.rdf_files import ParsedFile, parse_file
from kg.settings import Settings
from kg.validation import Engine, validate_parsed
from tests.conftest import SHAPE_FIXTURES

_EXPECT = re.compile(r"^# expect: (\S+) (\S+)$", re.MULTILINE)


def constrained_shapes(shapes: rdflib.Graph) -> set[str]:
    """Shapes that can be reported: property shapes and node shapes with SPARQL constraints.

    Node shapes that only group property shapes (sh:property) are left out: a validator
    reports the property shape that failed, never the group.
    """
    property_shapes = set(shapes.subjects(RDF.type, SH.PropertyShape))
    sparql_shapes = set(shapes.subjects(SH.sparql, None))
    return {str(s) for s in property_shapes | sparql_shapes if isinstance(s, rdflib.URIRef)}


def expected_results(invalid: Path) -> set[tuple[str, str]]:
    return set(_EXPECT.findall(invalid.read_text(encoding="utf-8")))


def fixture_dirs() -> list[Path]:
    return sorted(p for p in SHAPE_FIXTURES.iterdir() if p.is_dir())


def test_every_constrained_shape_has_a_violating_fixture(
    shapes_graph: rdflib.Graph, settings: Settings
) -> None:
    shape_ns = settings.namespaces.prefixes["lsksh"]
    expected = {iri.removeprefix(shape_ns) for iri in constrained_shapes(shapes_graph)}
    present = {p.name for p in fixture_dirs() if (p / "invalid.ttl").is_file()}
    assert sorted(expected - present) == [], "shapes without tests/shapes/<shape>/invalid.ttl"
    assert sorted(present - expected) == [], "fixtures for shapes that no longer exist"


@pytest.mark.parametrize("fixture_dir", fixture_dirs(), ids=lambda p: p.name)
def test_fixture_violates_exactly_its_shape(
    fixture_dir: Path,
    settings: Settings,
    data_files: list[ParsedFile],
    ontology_files: list[ParsedFile],
    shape_files: list[ParsedFile],
) -> None:
    invalid = fixture_dir / "invalid.ttl"
    expectations = expected_results(invalid)
    assert expectations, f"{invalid} needs a '# expect: <shape IRI> <focus IRI>' line"
    fixture = parse_file(invalid, base_iri=settings.base_iri)

    report = validate_parsed(
        [*data_files, fixture],
        ontology=ontology_files,
        shapes=shape_files,
        namespaces=settings.namespaces,
        engine=Engine.TURBO,
    )

    reported = {(r.shape, r.focus_node) for r in report.results}
    assert reported == expectations
    shape_ns = settings.namespaces.prefixes["lsksh"]
    assert all(shape == shape_ns + fixture_dir.name for shape, _focus in expectations)
    located = [r.location for r in report.results]
    assert all(loc is not None and loc.path == invalid for loc in located), (
        "each result should point at the fixture's own file and line"
    )


def test_reference_engine_reports_every_fixture_and_nothing_else(
    settings: Settings,
    data_files: list[ParsedFile],
    ontology_files: list[ParsedFile],
    shape_files: list[ParsedFile],
) -> None:
    invalid_files = [d / "invalid.ttl" for d in fixture_dirs()]
    fixtures = [parse_file(f, base_iri=settings.base_iri) for f in invalid_files]
    expected = set().union(*(expected_results(f) for f in invalid_files))

    report = validate_parsed(
        [*data_files, *fixtures],
        ontology=ontology_files,
        shapes=shape_files,
        namespaces=settings.namespaces,
        engine=Engine.PYSHACL,
    )

    assert {(r.shape, r.focus_node) for r in report.results} == expected


def test_shipped_data_conforms_on_both_engines(
    settings: Settings,
    data_files: list[ParsedFile],
    ontology_files: list[ParsedFile],
    shape_files: list[ParsedFile],
) -> None:
    for engine in Engine:
        report = validate_parsed(
            data_files,
            ontology=ontology_files,
            shapes=shape_files,
            namespaces=settings.namespaces,
            engine=engine,
        )
        assert report.results == (), engine
