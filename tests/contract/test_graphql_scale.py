"""GraphQL on a synthetic graph larger than the shipped data, over real HTTP, on both backends:
store queries per request do not grow with the answer, and a slow request is stopped."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from api.app import create_app
from api.graphql.schema import Limits
from kg.settings import Settings
from kg.synth import synthesize
from tests.support.graphql import answers_normally, data, post
from tests.support.serving import loaded, serving

# Every stance of the synthetic graph has a type, and each of the eleven types has hundreds.
NESTED = """query ($n: Int) { stanceTypes(first: 10) { nodes { stances(first: $n) { nodes {
  quote actor { name } document { title } type { label } targets { label } themes { label }
} } } } }"""

# Within depth, tokens and aliases, but hundreds of thousands of resources to assemble.
SLOW = """{ themes(first: 100) { nodes { stances(first: 100) { nodes { actor {
  stances(first: 100) { nodes { themes { stances(first: 100) { totalCount } } } } } } } } } }"""


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory, settings: Settings) -> Path:
    triples = synthesize(30_000, seed=7, settings=settings)
    path = tmp_path_factory.mktemp("synthetic") / "synthetic.nt"
    ox.serialize(triples, str(path), format=ox.RdfFormat.N_TRIPLES)
    return path


@pytest.fixture(scope="module", params=["embedded", "virtuoso"])
def served(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    settings: Settings,
    synthetic: Path,
) -> Settings:
    return loaded(
        request.param,
        [settings.data_dir, synthetic],
        request=request,
        directory=tmp_path_factory.mktemp("scale"),
        settings=settings,
    )


@pytest.fixture(scope="module")
def api(served: Settings) -> Iterator[str]:
    with serving(create_app(served, workers=2, timeout=30.0)) as base:
        yield base


def test_store_queries_do_not_grow_with_the_answer(api: str) -> None:
    costs = {}
    for per_type in (1, 100):
        body = post(api, NESTED, {"n": per_type})
        assert "errors" not in body, body["errors"]
        stances = [s for t in body["data"]["stanceTypes"]["nodes"] for s in t["stances"]["nodes"]]
        assert all(s["actor"]["name"] and s["quote"] for s in stances)
        costs[len(stances)] = body["extensions"]["storeQueries"]
    assert set(costs) == {10, 1_000}
    assert costs[10] == costs[1_000]
    # One query per level of the question: the listing, the types, their stances, the stances,
    # and what the stances point to.
    assert costs[10] <= 6


def test_a_request_past_its_deadline_is_stopped_and_the_server_still_answers(
    served: Settings,
) -> None:
    # Let the deadline, not the budgets (the cost before, the nodes during), stop it.
    limits = Limits(timeout=1.0, max_cost=10**12, max_nodes=10**9)
    with serving(create_app(served, workers=2, timeout=30.0, graphql_limits=limits)) as api:
        body = post(api, SLOW)
        assert body["data"] is None
        assert [e["extensions"]["code"] for e in body["errors"]] == ["TIMEOUT"]
        assert "longer than 1 s" in body["errors"][0]["message"]
        assert answers_normally(api)
        assert data(api, "{ stanceTypes { totalCount } }")["stanceTypes"]["totalCount"] == 11
