"""GraphQL limits by cost, over real HTTP on both backends: natural walks are answered, pages
that multiply are refused before anything runs, and every limit says which it is and what
to do (`extensions.code` and `extensions.hint`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from api.app import create_app
from api.graphql.limits import Limits
from kg.settings import Settings
from tests.support.graphql import answers_normally
from tests.support.serving import loaded, serving

# From Stockholms stad, through the consultation it sent out, to the city's company that was
# asked, the company it passed the question on to (Stockholm Business Region AB), that
# company's answer and what it says: six relations, twelve fields deep. The pages are sized
# for what the walk expects; the consultees are a plain list (counted at 20).
WALK_TO_THE_SUBSIDIARYS_ANSWER = """{ actor(id: "actor:stockholms-stad") { name
  ... on Organization { consultationsIssued(first: 2) { nodes { label consultees { name
    ... on Organization { subsidiaries(first: 5) { nodes { name
      documentsAuthored(first: 5) { nodes { title stances { nodes { quote type { label } } } } }
} } } } } } } } }"""

# The walk down the city's own tree at the default pages (20 x 20 x 20 at the bottom).
WALK_AT_DEFAULT_PAGES = """{ actor(id: "actor:stockholms-stad") { name
  ... on Organization { units { nodes { name } }
    subsidiaries { nodes { documentsAuthored { nodes { stances { nodes { quote } } } } } } } } }"""

# Three pages of 100 nested: a million stances at worst.
PAGES_THAT_MULTIPLY = """{ stances(first: 100) { nodes { actor { stances(first: 100) { nodes {
  themes { stances(first: 100) { nodes { quote } } } } } } } } }"""


def chain_of_parents(depth: int) -> str:
    """Cheap but deep: one object per level, so only the depth backstop stops it."""
    inner = "name"
    for _ in range(depth):
        inner = f"... on Organization {{ parent {{ {inner} }} }}"
    return f'{{ actor(id: "actor:stockholms-stad-rotel-i") {{ {inner} }} }}'


LIMITS = {
    "TOO_COSTLY": PAGES_THAT_MULTIPLY,
    "TOO_DEEP": chain_of_parents(25),
    "TOO_MANY_ALIASES": "{ " + " ".join(f"a{i}: themes {{ totalCount }}" for i in range(16)) + " }",
    "TOO_MANY_TOKENS": "{ stances { " + "totalCount " * 2_100 + "} }",
    "BAD_USER_INPUT": "{ stances(first: 5000) { totalCount } }",  # a page past 100
}


@pytest.fixture(scope="module", params=["embedded", "virtuoso"])
def served(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, settings: Settings
) -> Settings:
    return loaded(
        request.param,
        [settings.data_dir],
        request=request,
        directory=tmp_path_factory.mktemp("cost"),
        settings=settings,
    )


@pytest.fixture(scope="module")
def api(served: Settings) -> Iterator[str]:
    with serving(create_app(served, workers=2, timeout=10.0)) as base:
        yield base


def ask(api: str, query: str) -> dict[str, Any]:
    """The JSON answer, whatever its status (refusals may be 200 or 4xx by media type)."""
    response = httpx.post(api + "/graphql", json={"query": query}, timeout=60)
    body: dict[str, Any] = response.json()
    return body


def test_the_walk_to_the_subsidiarys_answer_is_answered(api: str) -> None:
    body = ask(api, WALK_TO_THE_SUBSIDIARYS_ANSWER)
    assert "errors" not in body, body["errors"]
    consultation = body["data"]["actor"]["consultationsIssued"]["nodes"][0]
    companies = {
        company["name"]: company
        for consultee in consultation["consultees"]
        for company in consultee.get("subsidiaries", {"nodes": []})["nodes"]
    }
    answer = companies["Stockholm Business Region AB"]["documentsAuthored"]["nodes"][0]
    assert answer["title"] == "Stockholm Business Regions AB:s remissvar"
    quotes = [stance["quote"] for stance in answer["stances"]["nodes"]]
    assert any("nytt regionalt varumärke" in quote for quote in quotes)
    assert all(stance["type"]["label"] for stance in answer["stances"]["nodes"])


def test_a_walk_at_the_default_pages_is_answered(api: str) -> None:
    body = ask(api, WALK_AT_DEFAULT_PAGES)
    assert "errors" not in body, body["errors"]
    assert body["data"]["actor"]["units"]["nodes"]


def test_pages_that_multiply_past_the_budget_are_refused_before_anything_runs(
    api: str,
) -> None:
    body = ask(api, PAGES_THAT_MULTIPLY)
    assert body.get("data") is None
    [error] = body["errors"]
    assert error["extensions"]["code"] == "TOO_COSTLY"
    assert "first" in error["extensions"]["hint"]
    assert error["extensions"]["cost"] > error["extensions"]["budget"] == Limits().max_cost
    assert body["extensions"]["storeQueries"] == 0
    assert answers_normally(api)


@pytest.mark.parametrize("code", list(LIMITS))
def test_every_limit_says_which_it_is_and_what_to_do(api: str, code: str) -> None:
    body = ask(api, LIMITS[code])
    assert [e["extensions"]["code"] for e in body["errors"]] == [code], body["errors"]
    assert body["errors"][0]["extensions"]["hint"]
    assert "Traceback" not in str(body)
    assert answers_normally(api)


def test_the_node_budget_still_counts_what_the_answer_holds(served: Settings) -> None:
    """With the cost budget lifted, the answer's real size is still bounded."""
    limits = Limits(max_cost=10**12, max_nodes=500)
    with serving(create_app(served, workers=2, timeout=10.0, graphql_limits=limits)) as base:
        body = ask(
            base,
            "{ stances(first: 100) { nodes { actor { stances(first: 100) {"
            " nodes { quote } } } } } }",
        )
        [error] = body["errors"]
        assert error["extensions"]["code"] == "TOO_LARGE"
        assert "500 resources" in error["message"]
        assert error["extensions"]["hint"]
