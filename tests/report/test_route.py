"""The report served at /report/<consultation>, over real HTTP: every format, drafted from the
server's own store through its GraphQL schema, equal to what `kg report` writes; and the
explorer's consultation page linking to it."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from api.report.formats import ReportFormat, render
from api.report.model import Report
from kg.settings import Settings
from tests.report.conftest import STOCKHOLM, UPPSALA
from tests.support.serving import serving

UPPSALA_PATH = "/report/region-uppsala-rs2026-00072"


@pytest.fixture(scope="module")
def site(shipped_settings: Settings) -> Iterator[str]:
    from api.app import create_app  # the API is what is under test

    with serving(create_app(shipped_settings)) as base:
        yield base


@pytest.mark.parametrize("form", list(ReportFormat))
def test_each_format_is_served_with_its_media_type(
    site: str, form: ReportFormat, reports: dict[tuple[str, str], Report]
) -> None:
    answer = httpx.get(site + UPPSALA_PATH, params={"format": form.value}, timeout=60)
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == form.media_type
    disposition = "attachment" if form.binary else "inline"
    assert answer.headers["content-disposition"] == (
        f'{disposition}; filename="remiss-region-uppsala-rs2026-00072.{form.value}"'
    )
    if form is ReportFormat.MD:  # no links in Markdown: byte for byte what `kg report` writes
        assert answer.content == render(reports[(UPPSALA, "sv")], form)


def test_the_html_links_names_to_this_servers_pages(site: str) -> None:
    html = httpx.get(site + UPPSALA_PATH, timeout=60).text
    assert 'href="/id/actor/uppsala-kommun"' in html
    assert "https://example.org/lsk/id/actor/uppsala-kommun" not in html.split("<body", 1)[1]


def test_a_curie_language_and_version_may_be_given(
    site: str, reports: dict[tuple[str, str], Report]
) -> None:
    answer = httpx.get(
        site + "/report/" + STOCKHOLM, params={"format": "md", "lang": "en"}, timeout=60
    )
    assert answer.status_code == 200
    assert answer.headers["content-language"] == "en"
    assert answer.content == render(reports[(STOCKHOLM, "en")], ReportFormat.MD)
    other = httpx.get(
        site + "/report/" + STOCKHOLM, params={"format": "md", "version": "doc:strategi"}
    )
    assert other.status_code == 200
    assert "### 2.3 Norden – värdegemenskap och gemensam styrka" in other.text


@pytest.mark.parametrize(
    ("path", "params", "status", "words"),
    [
        ("/report/no-such-remiss", {}, 404, "nothing in the graph has the IRI"),
        ("/report/actor:uppsala-kommun", {}, 404, "not a Consultation"),
        (UPPSALA_PATH, {"format": "odt"}, 400, "format &#39;odt&#39; is not one of"),
        (UPPSALA_PATH, {"version": "actor:uppsala-kommun"}, 404, "not a Document"),
    ],
)
def test_a_mistake_is_an_error_page_with_the_apis_status(
    site: str, path: str, params: dict[str, str], status: int, words: str
) -> None:
    answer = httpx.get(site + path, params=params, timeout=60)
    assert answer.status_code == status
    assert answer.headers["content-type"].startswith("text/html")
    assert words in answer.text
    assert "Traceback" not in answer.text


def test_the_consultation_page_links_to_its_report_in_every_format(site: str) -> None:
    page = httpx.get(
        site + "/id/consultation/region-uppsala-rs2026-00072",
        headers={"Accept": "text/html"},
        timeout=60,
    ).text
    for form in ReportFormat:
        link = UPPSALA_PATH + ("" if form is ReportFormat.HTML else f"?format={form.value}")
        assert f'href="{link}"' in page
    assert "Remissammanställning" in page
