"""Deeply nested SPARQL: a few thousand levels of { } overflowed the parser's stack, a
segmentation fault that ended `kg query` (exit 139) and killed an API worker (502). Now it is
refused before any parser sees it, by the CLI and by /sparql alike, and the store and the
workers are untouched."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from kg.query_limits import MAX_NESTING
from kg.settings import Settings
from tests.support.cli import assert_no_traceback, kg
from tests.support.serving import serving_embedded


def nested(levels: int) -> str:
    return "SELECT * WHERE " + "{ " * levels + "?s ?p ?o" + " }" * levels + " LIMIT 1"


@pytest.mark.parametrize("levels", [MAX_NESTING + 1, 5_000, 100_000])
def test_kg_query_refuses_a_deep_query_with_exit_2(
    levels: int, shipped_store: Path, unchanged: Callable[[], None], tmp_path: Path
) -> None:
    query = tmp_path / "deep.rq"  # a file: 100,000 levels are past an argument's length
    query.write_text(nested(levels), encoding="utf-8")
    result = kg("query", "--file", str(query), env={"KG_STORE": str(shipped_store)})
    assert result.returncode == 2, result.stderr
    assert f"nests groups, brackets or parentheses {levels} deep" in result.stderr
    assert "hint: Flatten the query" in result.stderr
    assert_no_traceback(result)
    unchanged()


def test_a_query_as_deep_as_the_limit_runs(shipped_store: Path) -> None:
    result = kg(
        "query", nested(MAX_NESTING), "--format", "json", env={"KG_STORE": str(shipped_store)}
    )
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="module")
def base(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, settings: Settings
) -> Iterator[str]:
    with serving_embedded(
        [settings.data_dir],
        request=request,
        tmp_path_factory=tmp_path_factory,
        settings=settings,
        workers=1,
    ) as url:
        yield url


def test_sparql_refuses_a_deep_query_with_400_and_the_worker_lives(base: str) -> None:
    for _ in range(3):  # one worker: had it died, the next request would be a 502
        answer = httpx.post(base + "/sparql", data={"query": nested(5_000)}, timeout=30)
        assert answer.status_code == 400, answer.text
        assert "5000 deep" in answer.text
    normal = httpx.post(
        base + "/sparql",
        data={"query": nested(2)},
        headers={"Accept": "application/sparql-results+json"},
        timeout=30,
    )
    assert normal.status_code == 200
    assert normal.json()["results"]["bindings"]
