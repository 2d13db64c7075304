"""Shared fixtures: the project's files parsed once per session."""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib

from kg.rdf_files import ParsedFile, merge, parse_all
from kg.settings import Settings

PROJECT_DIR = Path(__file__).resolve().parent.parent
SHAPE_FIXTURES = PROJECT_DIR / "tests" / "shapes"


@pytest.fixture(scope="session")
def settings() -> Settings:
    return Settings(project_dir=PROJECT_DIR)


@pytest.fixture(scope="session")
def ontology_files(settings: Settings) -> list[ParsedFile]:
    return parse_all([settings.ontology_dir], base_iri=settings.base_iri)


@pytest.fixture(scope="session")
def shape_files(settings: Settings) -> list[ParsedFile]:
    return parse_all([settings.shapes_dir], base_iri=settings.base_iri)


@pytest.fixture(scope="session")
def data_files(settings: Settings) -> list[ParsedFile]:
    return parse_all([settings.data_dir], base_iri=settings.base_iri)


@pytest.fixture(scope="session")
def data_graph(data_files: list[ParsedFile]) -> rdflib.Graph:
    return merge(data_files)


@pytest.fixture(scope="session")
def shapes_graph(shape_files: list[ParsedFile]) -> rdflib.Graph:
    return merge(shape_files)


@pytest.fixture(scope="session")
def loaded_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An embedded store holding data/, loaded once by the installed `kg load` for the whole
    session; only read (cases that change it work on a copy)."""
    from tests.support.cli import kg

    path = tmp_path_factory.mktemp("loaded") / "store"
    loaded = kg("load", "--store", str(path))
    assert loaded.returncode == 0, loaded.stderr
    return path
