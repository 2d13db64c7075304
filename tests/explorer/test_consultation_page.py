"""The consultation pages over real HTTP: the remisses and the timeline at /explore/consultation,
and each consultation at its IRI with who was asked, who answered and the chain behind it.
What the pages should show is asked of the GraphQL API on the same server."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import httpx
import pytest

from kg.namespaces import DEFAULT_BASE_IRI
from tests.support.graphql import data

HTML = {"Accept": "text/html"}
CONSULTATIONS = """{ consultations(first: 20) { nodes {
  id consultees { id displayLabel }
  responses(first: 20) { nodes { id date { value } extendedDeadline { value } } }
} } }"""


class Timeline(HTMLParser):
    """The `datetime`s and links of `ol.timeline`, in page order."""

    def __init__(self) -> None:
        super().__init__()
        self.inside = False
        self.dates: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        if tag == "ol" and named.get("class") == "timeline":
            self.inside = True
        elif self.inside and tag == "time":
            self.dates.append(named["datetime"] or "")
        elif self.inside and tag == "a":
            self.links.append(named["href"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "ol":
            self.inside = False


def timeline_of(html: str) -> Timeline:
    parser = Timeline()
    parser.feed(html)
    return parser


def path(iri: str) -> str:
    """The site path of an IRI under the base, as the pages link it."""
    assert iri.startswith(DEFAULT_BASE_IRI)
    return "/" + iri.removeprefix(DEFAULT_BASE_IRI)


def consultations(site: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = data(site, CONSULTATIONS)["consultations"]["nodes"]
    return found


def test_the_timeline_runs_in_date_order_from_the_letter_of_intent(site: str) -> None:
    page = httpx.get(site + "/explore/consultation")
    assert page.status_code == 200
    shown = timeline_of(page.text)
    events = data(site, "{ timeline(first: 100) { nodes { date { value start } } } }")
    expected = events["timeline"]["nodes"]
    assert shown.dates == [e["date"]["value"] for e in expected]
    starts = [e["date"]["start"] for e in expected]
    assert starts == sorted(starts)
    letters = data(site, "{ documents(kind: [LETTER_OF_INTENT]) { nodes { date { value } } } }")
    first_letter = min(d["date"]["value"] for d in letters["documents"]["nodes"] if d["date"])
    assert shown.dates[0] == first_letter
    # A date known to the month is shown as a month, not a day.
    assert f'<time datetime="{first_letter}">juni 2024</time>' in page.text


def test_the_timeline_holds_the_dated_answers_and_the_extension(site: str) -> None:
    shown = timeline_of(httpx.get(site + "/explore/consultation").text)
    responses = [r for c in consultations(site) for r in c["responses"]["nodes"]]
    dated = [r for r in responses if r["date"]]
    assert dated
    for response in dated:
        assert path(response["id"]) in shown.links
    for response in responses:
        if response["extendedDeadline"]:
            assert response["extendedDeadline"]["value"] in shown.dates


def test_the_overview_links_every_consultation(site: str) -> None:
    page = httpx.get(site + "/explore/consultation").text
    for consultation in consultations(site):
        assert f'href="{path(consultation["id"])}"' in page


def test_a_consultation_page_lists_its_consultees_and_answers(site: str) -> None:
    for consultation in consultations(site):
        page = httpx.get(site + path(consultation["id"]), headers=HTML)
        assert page.status_code == 200
        assert '<ol class="chain">' in page.text or not consultation["responses"]["nodes"]
        for actor in consultation["consultees"]:
            assert f'<a class="actor" href="{path(actor["id"])}">{actor["displayLabel"]}</a>' in (
                page.text
            )
        for response in consultation["responses"]["nodes"]:
            assert f'href="{path(response["id"])}"' in page.text


def test_the_internal_chain_shows_office_decision_and_answer(site: str) -> None:
    answer = data(
        site,
        """{ consultation(id: "consultation:region-uppsala-rs2026-00072") {
          responses { nodes { extendedDeadline { value } decisions { nodes {
            decisionMaker { displayLabel } proposedBy { displayLabel } } } } } } }""",
    )["consultation"]["responses"]["nodes"][0]
    page = httpx.get(site + "/id/consultation/region-uppsala-rs2026-00072", headers=HTML).text
    chain = page[page.index('<ol class="chain">') :]
    chain = chain[: chain.index("</ol>")]
    office, board, final = (chain.index(f'class="step {s}"') for s in ("office", "board", "answer"))
    assert office < board < final
    decision = answer["decisions"]["nodes"][0]
    assert decision["decisionMaker"][0]["displayLabel"] in chain
    assert decision["proposedBy"][0]["displayLabel"] in chain
    assert f'<time datetime="{answer["extendedDeadline"]["value"]}">9 april 2026</time>' in chain


def test_a_consultation_page_has_its_own_dates_in_order(site: str) -> None:
    consultation = data(
        site,
        """{ consultation(id: "consultation:region-uppsala-rs2026-00072") {
          deadline { value } responses { nodes { extendedDeadline { value } } } } }""",
    )["consultation"]
    page = httpx.get(site + "/id/consultation/region-uppsala-rs2026-00072", headers=HTML).text
    dates = timeline_of(page).dates
    assert consultation["deadline"]["value"] in dates
    extended = consultation["responses"]["nodes"][0]["extendedDeadline"]["value"]
    assert dates[-1] == extended
    assert dates == sorted(dates)


@pytest.mark.parametrize(
    ("url", "headers"),
    [("/explore/consultation", {}), ("/id/consultation/region-uppsala-rs2026-00072", HTML)],
)
def test_the_consultation_pages_speak_english_when_asked(
    site: str, url: str, headers: dict[str, str]
) -> None:
    page = httpx.get(site + url, params={"lang": "en"}, headers=headers)
    assert page.headers["content-language"] == "en"
    assert ("Timeline" in page.text) or ("The answer" in page.text)
    assert "Tidslinje" not in page.text
    assert "Svaret:" not in page.text


def test_an_unknown_consultation_is_a_404_page_without_a_traceback(site: str) -> None:
    page = httpx.get(site + "/id/consultation/no-such-remiss", headers=HTML)
    assert page.status_code == 404
    assert "Traceback" not in page.text
