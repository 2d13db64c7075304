"""The consultation report on either backend: drafted from the shipped data in Virtuoso, it is
the report drafted from the embedded store, fact for fact (every ordering is the report's own)."""

from __future__ import annotations

import pytest

from api.report.formats import ReportFormat, draft, render
from kg.settings import Settings
from tests.support.serving import loaded

CONSULTATIONS = (
    "consultation:region-uppsala-rs2026-00072",
    "consultation:region-stockholm-rs-2025-0671",
)


@pytest.mark.parametrize("consultation", CONSULTATIONS)
def test_virtuoso_gives_the_embedded_stores_report(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    settings: Settings,
    consultation: str,
) -> None:
    embedded, remote = (
        loaded(
            backend,
            [settings.data_dir],
            request=request,
            directory=tmp_path_factory.mktemp(f"report-{backend}"),
            settings=settings,
        )
        for backend in ("embedded", "virtuoso")
    )
    expected = draft(embedded, consultation=consultation)
    found = draft(remote, consultation=consultation)
    assert found == expected
    assert render(found, ReportFormat.MD) == render(expected, ReportFormat.MD)
    assert found.appendix, "the consultation's answers hold stances"
