"""The reports the format tests read: drafted once per session from the shipped data in an
embedded store (both regions' consultations, both languages), and from a synthetic graph."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pyoxigraph as ox
import pytest

from api.report.formats import draft
from api.report.model import Report
from kg.embedded import EmbeddedStore
from kg.loading import load
from kg.settings import Settings
from kg.synth import synthesize

UPPSALA = "consultation:region-uppsala-rs2026-00072"
STOCKHOLM = "consultation:region-stockholm-rs-2025-0671"
SHIPPED = (UPPSALA, STOCKHOLM)
SYNTHETIC = "consultation:synth-0"


def _store(directory: Path, paths: list[Path], settings: Settings) -> Settings:
    store = EmbeddedStore(directory / "store")
    load(paths, store=store, settings=settings, validate=False)
    store.close()
    return dataclasses.replace(settings, store=str(directory / "store"))


@pytest.fixture(scope="session")
def shipped_settings(tmp_path_factory: pytest.TempPathFactory, settings: Settings) -> Settings:
    """Settings for an embedded store holding exactly the shipped data."""
    return _store(tmp_path_factory.mktemp("report-store"), [settings.data_dir], settings)


@pytest.fixture(scope="session")
def reports(shipped_settings: Settings) -> dict[tuple[str, str], Report]:
    """(consultation CURIE, language) → the report on it, for both regions' consultations."""
    return {
        (consultation, lang): draft(shipped_settings, consultation=consultation, lang=lang)
        for consultation in SHIPPED
        for lang in ("sv", "en")
    }


@pytest.fixture(scope="session")
def synthetic_settings(tmp_path_factory: pytest.TempPathFactory, settings: Settings) -> Settings:
    """Settings for an embedded store holding a `kg synth` graph beside nothing else."""
    directory = tmp_path_factory.mktemp("report-synthetic")
    path = directory / "synthetic.nt"
    ox.serialize(
        synthesize(9_000, seed=5, settings=settings), str(path), format=ox.RdfFormat.N_TRIPLES
    )
    return _store(directory, [path], settings)


@pytest.fixture(scope="session")
def synthetic_report(synthetic_settings: Settings) -> Report:
    return draft(synthetic_settings, consultation=SYNTHETIC, lang="sv")


def sparql_rows(settings: Settings, query: str) -> list[tuple[str, ...]]:
    """The rows of a hand-written SELECT (with the project's prefixes) on the store, as
    strings (an unbound variable as ""): what a report is checked against."""
    store = EmbeddedStore(Path(settings.store), read_only=True)
    try:
        result = store.query(settings.namespaces.prologue + query)
        return [tuple("" if term is None else term.value for term in row) for row in result.rows]
    finally:
        store.close()
