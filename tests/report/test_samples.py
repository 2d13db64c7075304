"""The sample reports in docs/report/ (linked from the README) are what the shipped data gives
today: the HTML byte for byte, the PDF by its text. `make report-samples` writes them again."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from api.report.formats import ReportFormat, render
from api.report.model import Report
from tests.conftest import PROJECT_DIR
from tests.report.conftest import SHIPPED

SAMPLES = PROJECT_DIR / "docs" / "report"
STALE = "out of date with data/: run `make report-samples` and commit docs/report/"


def sample(consultation: str, form: ReportFormat) -> bytes:
    local = consultation.split(":", 1)[1]
    return (SAMPLES / f"remissammanstallning-{local}.{form.value}").read_bytes()


def pdf_text(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


@pytest.mark.parametrize("consultation", [*SHIPPED])
def test_the_html_sample_is_current(
    reports: dict[tuple[str, str], Report], consultation: str
) -> None:
    fresh = render(reports[(consultation, "sv")], ReportFormat.HTML)
    assert sample(consultation, ReportFormat.HTML) == fresh, STALE


@pytest.mark.parametrize("consultation", [*SHIPPED])
def test_the_pdf_sample_is_current(
    reports: dict[tuple[str, str], Report], consultation: str
) -> None:
    # By its text, page by page: the bytes also hold the fonts, which the machine supplies.
    fresh = render(reports[(consultation, "sv")], ReportFormat.PDF)
    assert pdf_text(sample(consultation, ReportFormat.PDF)) == pdf_text(fresh), STALE


def test_the_readme_links_every_sample() -> None:
    readme = (PROJECT_DIR / "README.md").read_text(encoding="utf-8")
    for path in sorted(SAMPLES.iterdir()):
        assert f"](docs/report/{path.name})" in readme, path.name
