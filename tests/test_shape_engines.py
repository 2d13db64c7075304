"""pyshacl-turbo reports what pySHACL, the reference engine, reports on every shape fixture.

Each fixture under tests/shapes is validated on its own with the ontology (so that its nodes'
references to the shipped data fail too, which exercises more of each engine), and all of
them together with the shipped data; both engines must give the same results, down to the
path, the value and the severity.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.rdf_files import ParsedFile, parse_file
from kg.settings import Settings
from kg.validation import Engine, ValidationReport, validate_parsed
from tests.conftest import SHAPE_FIXTURES

Result = tuple[str, str, str | None, str | None, str, str]


def results(report: ValidationReport) -> set[Result]:
    return {
        (r.focus_node, r.shape, r.path, r.value, r.constraint, str(r.severity))
        for r in report.results
    }


def fixtures() -> list[Path]:
    return sorted(
        p / "invalid.ttl" for p in SHAPE_FIXTURES.iterdir() if (p / "invalid.ttl").is_file()
    )


def both_engines(
    data: list[ParsedFile], settings: Settings, ontology: list[ParsedFile], shapes: list[ParsedFile]
) -> tuple[set[Result], set[Result]]:
    reports = [
        validate_parsed(
            data, ontology=ontology, shapes=shapes, namespaces=settings.namespaces, engine=engine
        )
        for engine in (Engine.PYSHACL, Engine.TURBO)
    ]
    return results(reports[0]), results(reports[1])


@pytest.mark.parametrize("fixture", fixtures(), ids=lambda p: p.parent.name)
def test_engines_agree_on_fixture_alone(
    fixture: Path,
    settings: Settings,
    ontology_files: list[ParsedFile],
    shape_files: list[ParsedFile],
) -> None:
    parsed = parse_file(fixture, base_iri=settings.base_iri)
    reference, turbo = both_engines([parsed], settings, ontology_files, shape_files)
    assert reference, "a fixture alone violates at least its own shape"
    assert turbo == reference


def test_engines_agree_on_all_fixtures_with_the_shipped_data(
    settings: Settings,
    data_files: list[ParsedFile],
    ontology_files: list[ParsedFile],
    shape_files: list[ParsedFile],
) -> None:
    parsed = [parse_file(f, base_iri=settings.base_iri) for f in fixtures()]
    reference, turbo = both_engines([*data_files, *parsed], settings, ontology_files, shape_files)
    assert turbo == reference
