"""SPARQL fuzzed: grammar-built queries (tests.reliability.sparql_grammar), some cut short or
mutated, sent to /sparql over real HTTP (GET, form POST, direct POST) and to `kg query` on a
copy of a store. The endpoint answers each within REQUEST_TIMEOUT, with no 5xx but the
documented 503 and no traceback; `kg query` exits 0, 2 or 3 (never 70, a bug in kg), prints
no traceback and leaves the store as it was."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from api.app import create_app
from kg.settings import Settings
from tests.bad_inputs.conftest import kg_capped, store_fingerprint
from tests.reliability.budget import budget
from tests.reliability.fuzzing import (
    REQUEST_TIMEOUT,
    Tally,
    assert_clean_exit,
    assert_no_traceback_text,
    assert_no_undocumented_5xx,
    fuzz_settings,
)
from tests.reliability.sparql_grammar import sparql_queries
from tests.support.serving import loaded, serving

# A query's time in the store: short, so a fuzzed cross product costs the suite little; the
# endpoint answers 503 (TIMEOUT) when it is over, and REQUEST_TIMEOUT still catches a hang.
QUERY_TIMEOUT = budget(2, 3)
# Mostly an Accept any answer fits (so the query runs); sometimes one it may not, or noise.
ACCEPTS = st.one_of(
    st.sampled_from(
        [
            "",
            "*/*",
            "application/sparql-results+json, application/n-triples;q=0.5",
            "text/csv, text/turtle",
            "application/sparql-results+xml, application/rdf+xml",
        ]
    ),
    st.sampled_from(["text/html", "text/turtle", "image/png", "application/json;q=0"])
    # Stripped: httpx itself refuses a header value with spaces around it.
    | st.text(st.characters(codec="ascii", exclude_categories=["Cc"]), max_size=30).map(str.strip),
)


@pytest.fixture(scope="module")
def tally() -> Iterator[Tally]:
    counts = Tally("sparql")
    yield counts
    counts.write()


@pytest.fixture(scope="module")
def client(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, settings: Settings
) -> Iterator[httpx.Client]:
    served = loaded(
        "embedded",
        [settings.data_dir],
        request=request,
        directory=tmp_path_factory.mktemp("served"),
        settings=settings,
    )
    with (
        serving(create_app(served, workers=2, timeout=QUERY_TIMEOUT)) as base,
        httpx.Client(base_url=base, timeout=REQUEST_TIMEOUT) as http,
    ):
        yield http


@pytest.fixture
def store(served_store: Path) -> Path:
    """The suite's store of the shipped data (conftest), for `kg query` to read, not change."""
    return served_store


def check_sparql_answer(response: httpx.Response, tally: Tally, target: str) -> None:
    tally.outcome(target, response.status_code)
    assert_no_undocumented_5xx(response)
    assert_no_traceback_text(response.text)
    if response.status_code >= 400 and response.request.method != "HEAD":
        # The endpoint's errors: a JSON object with the message (and maybe a hint).
        body = response.json()
        assert isinstance(body.get("error"), str), body


@given(query=sparql_queries, accept=ACCEPTS, how=st.sampled_from(["GET", "form", "direct"]))
@fuzz_settings(quick=80, soak=1000)
def test_endpoint(client: httpx.Client, query: str, accept: str, how: str, tally: Tally) -> None:
    headers = {"accept": accept} if accept else {}
    with tally.example(f"/sparql {how}"):
        if how == "GET":
            response = client.get("/sparql", params={"query": query}, headers=headers)
            if response.status_code == 414:  # over the server's URI limit: the client's fault
                return
        elif how == "form":
            response = client.post("/sparql", data={"query": query}, headers=headers)
        else:
            body = query.encode("utf-8", "surrogatepass")
            headers["content-type"] = "application/sparql-query"
            response = client.post("/sparql", content=body, headers=headers)
        check_sparql_answer(response, tally, f"/sparql {how}")


@given(
    parameters=st.lists(
        st.tuples(
            st.sampled_from(["query", "default-graph-uri", "named-graph-uri", "update", "x"]),
            st.text(max_size=40),
        ),
        max_size=4,
    ),
    body=st.binary(max_size=200),
    content_type=st.sampled_from(
        [
            "application/sparql-query",
            "application/x-www-form-urlencoded",
            "application/sparql-query; charset=latin-1",
            "application/sparql-update",
            "text/plain",
            "",
        ]
    ),
)
@fuzz_settings(quick=30, soak=300)
def test_endpoint_malformed_requests(
    client: httpx.Client,
    parameters: list[tuple[str, str]],
    body: bytes,
    content_type: str,
    tally: Tally,
) -> None:
    with tally.example("/sparql malformed"):
        response = client.post(
            "/sparql",
            params=urlencode(parameters),
            content=body,
            headers={"content-type": content_type},
        )
        check_sparql_answer(response, tally, "/sparql malformed")
        # Random bytes are no query the store can run: refused, never answered or failed.
        if not any(name == "query" for name, _ in parameters):
            assert 400 <= response.status_code < 500, response.text


@given(query=sparql_queries, by_file=st.booleans())
@fuzz_settings(quick=5, soak=40)
def test_kg_query(store: Path, tmp_path: Path, query: str, by_file: bool, tally: Tally) -> None:
    before = store_fingerprint(store)
    with tally.example("kg query"):
        if by_file or "\x00" in query or query.startswith("-"):
            # An argument cannot hold a NUL; a leading dash would be read as an option.
            file = tmp_path / "query.rq"
            file.write_bytes(query.encode("utf-8", "surrogatepass"))
            args = ["query", "--store", str(store), "--file", str(file)]
        else:
            args = ["query", "--store", str(store), query]
        result = kg_capped(*args, env={"KG_TIMEOUT": str(QUERY_TIMEOUT)})
        tally.outcome("kg query", result.returncode)
        assert_clean_exit(result, {0, 2, 3})
        assert store_fingerprint(store) == before
