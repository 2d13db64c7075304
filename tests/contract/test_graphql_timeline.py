"""The timeline: every dated event the graph holds, in date order, on both backends.

Each answer is checked against hand-written SPARQL sent to the same server's /sparql endpoint,
so the list is neither missing dates nor inventing them.
"""

from __future__ import annotations

from typing import Any

import pytest

from kg.namespaces import DEFAULT_BASE_IRI
from kg.timeline import DATE_PREDICATES
from tests.support.graphql import data, post, sparql

EVENTS = """
query ($from: Date, $to: Date, $first: Int, $after: String) {
  timeline(from: $from, to: $to, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes { date { value precision start end } kind predicate node { id __typename } }
  }
}
"""


def events(api: str, **variables: Any) -> dict[str, Any]:
    answer: dict[str, Any] = data(api, EVENTS, {"first": 100, **variables})["timeline"]
    return answer


def test_the_timeline_holds_every_dated_resource_sparql_finds(api: str) -> None:
    predicates = " ".join(DATE_PREDICATES)
    rows = sparql(
        api,
        f"SELECT ?x ?p ?date WHERE {{ VALUES ?p {{ {predicates} }} ?x ?p ?date ."
        f' FILTER STRSTARTS(STR(?x), "{DEFAULT_BASE_IRI}") }}',
    )
    found = events(api)
    assert found["totalCount"] == len(rows) > 0
    assert sorted((e["node"]["id"], e["date"]["value"]) for e in found["nodes"]) == sorted(
        (row["x"], row["date"][:10]) for row in rows
    )


def test_events_come_in_date_order_from_the_letter_of_intent(api: str) -> None:
    found = events(api)["nodes"]
    starts = [(e["date"]["start"], e["date"]["end"]) for e in found]
    assert starts == sorted(starts)
    first = found[0]
    assert first["kind"] == "LETTER_OF_INTENT"
    assert first["date"] == {
        "value": "2024-06",
        "precision": "MONTH",
        "start": "2024-06-01",
        "end": "2024-06-30",
    }
    kinds = {e["kind"] for e in found}
    assert {"ANSWER", "DEADLINE", "EXTENDED_DEADLINE", "DECISION", "MEETING"} <= kinds


def test_deadlines_are_on_the_consultations_and_extensions_on_responses(api: str) -> None:
    found = events(api)["nodes"]
    deadlines = {e["node"]["__typename"] for e in found if e["kind"] == "DEADLINE"}
    assert "Consultation" in deadlines
    extended = [e for e in found if e["kind"] == "EXTENDED_DEADLINE"]
    assert extended
    assert all(e["predicate"] == "lsk:extendedDeadline" for e in extended)


def test_from_and_to_keep_the_events_whose_dates_meet_the_span(api: str) -> None:
    everything = events(api)["nodes"]
    # June 2024 as a month meets a span that starts in the middle of it.
    found = events(api, **{"from": "2024-06-15", "to": "2025-12-31"})
    expected = [
        e
        for e in everything
        if e["date"]["end"] >= "2024-06-15" and e["date"]["start"] <= "2025-12-31"
    ]
    assert found["nodes"] == expected
    assert found["totalCount"] == len(expected)


def test_pages_follow_on(api: str) -> None:
    everything = events(api)["nodes"]
    head = events(api, first=3)
    assert head["pageInfo"]["hasNextPage"]
    rest = events(api, after=head["pageInfo"]["endCursor"])
    assert head["nodes"] + rest["nodes"] == everything


@pytest.mark.parametrize("variables", [{"from": "2026-01-01", "to": "2025-01-01"}, {"first": 1000}])
def test_a_bad_span_or_page_is_an_error_with_a_hint(api: str, variables: dict[str, Any]) -> None:
    body = post(api, EVENTS, variables)
    assert body.get("errors"), body
    error = body["errors"][0]
    assert error["extensions"]["code"] == "BAD_USER_INPUT", error
    assert error["extensions"].get("hint"), error
