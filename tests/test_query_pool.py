"""The query pool's deadlines, with real worker processes over an embedded store of the
shipped data: a stuck query is stopped, the requests behind it wait no longer than their own
deadline, and the one behind it is answered at once by the warm spare."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.errors import (
    KGError,
    Overloaded,
    QueryCancelled,
    QueryTimeout,
    ResultTooLarge,
    StoreError,
)
from kg.query_pool import QueryPool, abandoned
from kg.result_format import to_json
from kg.settings import Settings
from kg.store import QueryResult
from tests.support.serving import loaded

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://example.org/lsk/def/Stance> }"
# Runs for hours on the shipped data: only the deadline stops it.
STUCK = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.fixture(scope="module")
def served(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, settings: Settings
) -> Settings:
    return loaded(
        "embedded",
        [settings.data_dir],
        request=request,
        directory=tmp_path_factory.mktemp("pool"),
        settings=settings,
    )


@pytest.fixture
def pool(served: Settings) -> Iterator[QueryPool]:
    pool = QueryPool(served, size=1, timeout=10.0)
    try:
        # Warm before the clock starts: the test is about waiting, not about starting.
        assert pool.warm(120), "the workers did not start"
        yield pool
    finally:
        pool.close()


class Asked(threading.Thread):
    """One request on its own thread: its result or error, and how long it took; `gone`
    is its client's disconnect, as the API's CancelOnDisconnect sets it."""

    def __init__(self, pool: QueryPool, sparql: str, timeout: float | None = None) -> None:
        super().__init__(daemon=True)
        self.pool, self.sparql, self.timeout = pool, sparql, timeout
        self.answer: QueryResult | KGError | None = None
        self.seconds = 0.0
        self.gone = threading.Event()

    def run(self) -> None:
        started = time.monotonic()
        abandoned.set(self.gone)  # this thread's context only
        try:
            self.answer = self.pool.query(self.sparql, timeout=self.timeout)
        except KGError as error:
            self.answer = error
        self.seconds = time.monotonic() - started


def started_running(pool: QueryPool, runs: int) -> None:
    deadline = time.monotonic() + 10
    while pool.runs < runs:
        assert time.monotonic() < deadline, "the query never reached a worker"
        time.sleep(0.01)


def test_a_request_behind_one_that_times_out_is_not_starved(pool: QueryPool) -> None:
    stuck = Asked(pool, STUCK, timeout=1.0)
    stuck.start()
    started_running(pool, 1)
    # Both wait for the one worker the stuck query holds.
    hurried = Asked(pool, COUNT, timeout=0.3)
    patient = Asked(pool, COUNT, timeout=3.0)
    hurried.start()
    patient.start()
    for asked in (stuck, hurried, patient):
        asked.join(timeout=30)

    assert isinstance(stuck.answer, QueryTimeout), stuck.answer
    # The hurried request gave up at its own deadline, long before the worker came free,
    # and never ran: only the stuck query and the patient one reached a worker.
    assert isinstance(hurried.answer, QueryTimeout), hurried.answer
    assert "was not run" in hurried.answer.message
    assert hurried.answer.hint
    assert 0.3 <= hurried.seconds < 0.9, hurried.seconds
    # The patient one got the warm spare as soon as the stuck worker was killed.
    assert isinstance(patient.answer, QueryResult), patient.answer
    assert [row["n"] for row in patient.answer.values()] == ["116"]
    assert patient.seconds < 3.0
    assert pool.runs == 2
    # And a new spare is warming for the next stuck query.
    assert pool.warm(120)
    assert [r["n"] for r in pool.query(COUNT).values()] == ["116"]


def test_a_worker_that_cannot_open_its_store_is_a_store_error(tmp_path: Path) -> None:
    missing = Settings(project_dir=tmp_path, store=str(tmp_path / "no-store-here"))
    pool = QueryPool(missing, size=1, timeout=5.0)
    try:
        with pytest.raises(StoreError) as raised:
            pool.query(COUNT, timeout=60)
        assert "no-store-here" not in str(raised.value.detail)
    finally:
        pool.close()


def test_past_the_queue_a_request_is_refused_at_once(served: Settings) -> None:
    pool = QueryPool(served, size=1, timeout=10.0, max_waiting=1)
    try:
        assert pool.warm(120)
        stuck = Asked(pool, STUCK, timeout=2.0)
        stuck.start()
        started_running(pool, 1)
        waiting = Asked(pool, COUNT, timeout=5.0)
        waiting.start()
        deadline = time.monotonic() + 5
        while pool.status().waiting < 1:
            assert time.monotonic() < deadline
            time.sleep(0.01)
        assert pool.status().saturated

        refused = Asked(pool, COUNT, timeout=5.0)
        refused.run()  # on this thread: it must not wait at all
        assert isinstance(refused.answer, Overloaded), refused.answer
        assert refused.seconds < 0.2
        assert refused.answer.retry_after >= 1
        assert pool.status().refused == 1
        for asked in (stuck, waiting):
            asked.join(timeout=30)
        # The one in the queue was served once the stuck query was stopped.
        assert isinstance(waiting.answer, QueryResult), waiting.answer
    finally:
        pool.close()


def test_a_gone_client_stops_its_running_query_and_frees_the_worker(pool: QueryPool) -> None:
    stuck = Asked(pool, STUCK, timeout=10.0)
    stuck.start()
    started_running(pool, 1)
    stuck.gone.set()
    stuck.join(timeout=5)
    assert isinstance(stuck.answer, QueryCancelled), stuck.answer
    assert stuck.seconds < 1.0  # not the 10 s the deadline allowed
    assert pool.status().cancelled == 1
    # The worker that ran it was replaced by the warm spare: the next query is answered now.
    started = time.monotonic()
    assert [r["n"] for r in pool.query(COUNT).values()] == ["116"]
    assert time.monotonic() - started < 1.0


def test_a_gone_client_stops_waiting(pool: QueryPool) -> None:
    stuck = Asked(pool, STUCK, timeout=3.0)
    stuck.start()
    started_running(pool, 1)
    waiting = Asked(pool, COUNT, timeout=3.0)
    waiting.start()
    time.sleep(0.2)
    waiting.gone.set()
    waiting.join(timeout=5)
    assert isinstance(waiting.answer, QueryCancelled), waiting.answer
    assert waiting.seconds < 0.6
    stuck.join(timeout=10)
    assert pool.runs == 1  # the cancelled one never reached a worker


# ------------------------------------------------------------------ awaited on an event loop

JSON = {"select": "application/sparql-results+json"}


async def runs_reached(pool: QueryPool, runs: int) -> None:
    deadline = time.monotonic() + 10
    while pool.runs < runs:
        assert time.monotonic() < deadline, "the query never reached a worker"
        await asyncio.sleep(0.01)


def test_awaited_a_cancelled_task_stops_its_running_query(pool: QueryPool) -> None:
    async def scenario() -> bytes:
        stuck = asyncio.create_task(pool.run_async(STUCK, media_types=JSON))
        await runs_reached(pool, 1)
        stuck.cancel()  # what CancelOnDisconnect does when the client hangs up
        with pytest.raises(asyncio.CancelledError):
            await stuck
        # Its worker was killed and replaced: the next query is answered, not left behind it.
        return (await pool.run_async(COUNT, media_types=JSON)).body

    body = asyncio.run(scenario())
    assert json.loads(body)["results"]["bindings"][0]["n"]["value"] == "116"
    assert pool.status().cancelled == 1


def test_awaited_a_query_past_its_deadline_is_stopped(served: Settings) -> None:
    pool = QueryPool(served, size=1, timeout=1.0)
    try:
        assert pool.warm(120)

        async def scenario() -> bytes:
            with pytest.raises(QueryTimeout):
                await pool.run_async(STUCK, media_types=JSON)
            return (await pool.run_async(COUNT, media_types=JSON)).body

        assert b"116" in asyncio.run(scenario())
        assert pool.status().timed_out == 1
    finally:
        pool.close()


def test_awaited_the_queue_is_bounded_and_a_waiter_is_served_in_turn(served: Settings) -> None:
    pool = QueryPool(served, size=1, timeout=10.0, max_waiting=1)
    try:
        assert pool.warm(120)

        async def scenario() -> bytes:
            stuck = asyncio.create_task(pool.run_async(STUCK, media_types=JSON))
            await runs_reached(pool, 1)
            waiting = asyncio.create_task(pool.run_async(COUNT, media_types=JSON))
            await asyncio.sleep(0.1)
            assert pool.status().waiting == 1
            with pytest.raises(Overloaded):
                await pool.run_async(COUNT, media_types=JSON)
            stuck.cancel()  # frees the worker (by its replacement) for the one waiting
            with pytest.raises(asyncio.CancelledError):
                await stuck
            return (await waiting).body

        assert b"116" in asyncio.run(scenario())
        assert pool.status().refused == 1
    finally:
        pool.close()


def test_awaited_a_cancelled_waiter_never_reaches_a_worker(pool: QueryPool) -> None:
    async def scenario() -> None:
        stuck = asyncio.create_task(pool.run_async(STUCK, media_types=JSON))
        await runs_reached(pool, 1)
        waiting = asyncio.create_task(pool.run_async(COUNT, media_types=JSON))
        await asyncio.sleep(0.1)
        waiting.cancel()
        with pytest.raises(asyncio.CancelledError):
            await waiting
        assert pool.status().waiting == 0
        stuck.cancel()
        with pytest.raises(asyncio.CancelledError):
            await stuck

    asyncio.run(scenario())
    assert pool.runs == 1
    assert pool.status().cancelled == 2


def test_a_json_answer_written_by_pyoxigraph_is_capped(served: Settings) -> None:
    pool = QueryPool(served, size=1, timeout=10.0, max_bytes=10_000)
    try:
        assert pool.warm(120)
        with pytest.raises(ResultTooLarge, match="over 10,000 bytes"):
            asyncio.run(pool.run_async("SELECT * WHERE { ?s ?p ?o }", media_types=JSON))
        # The worker is whole after it: the next answer comes from it.
        assert b"116" in asyncio.run(pool.run_async(COUNT, media_types=JSON)).body
    finally:
        pool.close()


def test_json_answers_are_the_same_whoever_writes_them(pool: QueryPool) -> None:
    """pyoxigraph's JSON (the fast path) and kg.result_format's (the general path, here by way
    of the result itself) say the same, for every kind of term."""
    sparql = (
        "SELECT ?s ?label ?n ?sv ?b WHERE { ?s a <https://example.org/lsk/def/Stance> . "
        "OPTIONAL { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label } "
        'BIND(STRLEN(STR(?s)) AS ?n) BIND("ja"@sv AS ?sv) BIND(BNODE() AS ?b) } '
        "ORDER BY ?s LIMIT 20"
    )
    native = json.loads(asyncio.run(pool.run_async(sparql, media_types=JSON)).body)
    general = json.loads(to_json(pool.query(sparql)))
    for answer in (native, general):
        for row in answer["results"]["bindings"]:
            row["b"]["value"] = "blank"  # fresh blank nodes each time
    assert native == general
    assert native["results"]["bindings"]
