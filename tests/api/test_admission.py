"""Admission over real HTTP: per-client limits by address, a bounded SPARQL lane that cannot
starve GraphQL, a client that hangs up cancelling its query, and /health saying how full each
lane is. Distinct clients are distinct loopback source addresses (127.0.0.x)."""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from api.admission import ClientLimits
from api.app import create_app
from api.graphql.offload import OffLoop
from kg.errors import ConfigError, Overloaded
from kg.settings import Settings
from tests.support.serving import loaded, serving

# Runs for hours on the shipped data: only a deadline or a cancel stops it.
STUCK = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
NORMAL = "{ stances(first: 3) { edges { node { id } } } }"


def client(number: int, timeout: float = 30.0) -> httpx.Client:
    """A client connecting from 127.0.0.`number`: another address, as far as the server sees."""
    transport = httpx.HTTPTransport(local_address=f"127.0.0.{number}")
    return httpx.Client(transport=transport, timeout=timeout)


@pytest.fixture(scope="module")
def store(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, settings: Settings
) -> Settings:
    return loaded(
        "embedded",
        [settings.data_dir],
        request=request,
        directory=tmp_path_factory.mktemp("admission"),
        settings=settings,
    )


@pytest.fixture(scope="module")
def limited(store: Settings) -> Iterator[str]:
    limits = ClientLimits(rate=1.0, burst=3, concurrency=1)
    with serving(create_app(store, workers=1, sparql_workers=1, client_limits=limits)) as base:
        time.sleep(3.5)  # the health checks of `serving` spent some of 127.0.0.1's burst
        yield base


@pytest.fixture(scope="module")
def open_to_all(store: Settings) -> Iterator[str]:
    with serving(create_app(store, workers=1, sparql_workers=1, timeout=4.0)) as base:
        yield base


def health(base: str) -> dict[str, Any]:
    answer: dict[str, Any] = httpx.get(base + "/health", timeout=10).json()
    return answer


def test_a_client_past_its_burst_is_answered_429_and_others_are_not(limited: str) -> None:
    with client(11) as fast, client(12) as other:
        statuses = [fast.get(limited + "/health").status_code for _ in range(4)]
        assert statuses == [200, 200, 200, 429]
        refused = fast.get(limited + "/health")
        assert refused.status_code == 429
        assert int(refused.headers["retry-after"]) >= 1
        assert "requests at 1 a second" in refused.json()["error"]
        assert other.get(limited + "/health").status_code == 200
        time.sleep(1.1)  # the bucket refills at the rate
        assert fast.get(limited + "/health").status_code == 200


def test_a_client_with_a_request_in_flight_waits_its_turn(limited: str) -> None:
    with client(21, timeout=2.0) as busy, client(22) as second, client(23) as other:
        running = threading.Thread(
            target=lambda: _gives_up(busy, limited + "/sparql", STUCK), daemon=True
        )
        running.start()
        time.sleep(0.5)
        with client(21) as same_address:
            refused = same_address.get(limited + "/health")
        assert refused.status_code == 429
        assert "in flight" in refused.json()["error"]
        assert other.get(limited + "/health").status_code == 200
        running.join(timeout=10)
        assert second.get(limited + "/health").status_code == 200


def _gives_up(http: httpx.Client, url: str, query: str) -> None:
    with contextlib.suppress(httpx.TimeoutException):  # the client hangs up: the point
        http.get(url, params={"query": query})


def test_a_client_that_hangs_up_cancels_its_query(open_to_all: str) -> None:
    before = health(open_to_all)["lanes"]["sparql"]["cancelled"]
    with client(31, timeout=0.5) as impatient:
        started = time.monotonic()
        _gives_up(impatient, open_to_all + "/sparql", STUCK)
    lane: dict[str, Any] = {}
    while time.monotonic() - started < 3:
        lane = health(open_to_all)["lanes"]["sparql"]
        if lane["cancelled"] > before and lane["busy"] == 0:
            break
        time.sleep(0.05)
    # Stopped within a second of the hang-up, not at the 4 s deadline.
    assert lane["cancelled"] == before + 1, lane
    assert lane["busy"] == 0
    assert time.monotonic() - started < 1.5
    # The worker was replaced by the warm spare: the lane answers at once.
    with client(32) as next_one:
        answer = next_one.get(open_to_all + "/sparql", params={"query": "ASK {}"})
    assert answer.status_code == 200


def test_a_full_sparql_lane_refuses_sparql_and_still_serves_graphql(open_to_all: str) -> None:
    # One worker runs a stuck query and four more wait: the lane is full.
    hogs = [
        threading.Thread(
            target=lambda n=n: _gives_up(client(40 + n, timeout=6), open_to_all + "/sparql", STUCK),
            daemon=True,
        )
        for n in range(5)
    ]
    for hog in hogs:
        hog.start()
    deadline = time.monotonic() + 5
    while health(open_to_all)["status"] != "degraded":
        assert time.monotonic() < deadline, health(open_to_all)
        time.sleep(0.05)
    with client(50) as late:
        refused = late.get(open_to_all + "/sparql", params={"query": "ASK {}"})
        assert refused.status_code == 503
        assert int(refused.headers["retry-after"]) >= 1
        assert "busy" in refused.json()["error"]
        # GraphQL has a lane of its own: answered at once, while SPARQL is refused.
        started = time.monotonic()
        answered = late.post(open_to_all + "/graphql", json={"query": NORMAL})
        assert answered.status_code == 200
        assert "errors" not in answered.json()
        assert time.monotonic() - started < 1.0
    assert health(open_to_all)["lanes"]["sparql"]["refused"] >= 1
    for hog in hogs:
        hog.join(timeout=15)


def test_client_limits_from_the_environment() -> None:
    assert ClientLimits.from_env({}) == ClientLimits()
    assert ClientLimits.from_env(
        {"KG_CLIENT_RATE": "0", "KG_CLIENT_BURST": "5", "KG_CLIENT_CONCURRENCY": "2"}
    ) == ClientLimits(rate=0, burst=5, concurrency=2)
    for name, value in [
        ("KG_CLIENT_RATE", "fast"),
        ("KG_CLIENT_RATE", "-1"),
        ("KG_CLIENT_RATE", "inf"),
        ("KG_CLIENT_RATE", "nan"),
        ("KG_CLIENT_BURST", "0"),
        ("KG_CLIENT_BURST", "2.5"),
        ("KG_CLIENT_CONCURRENCY", "-3"),
    ]:
        with pytest.raises(ConfigError) as raised:
            ClientLimits.from_env({name: value})
        assert raised.value.setting == name
        assert repr(value) in raised.value.message


def test_graphql_executions_past_the_threads_and_queue_are_refused() -> None:
    async def scenario() -> None:
        offload = OffLoop(threads=1, max_waiting=1)
        release = threading.Event()

        async def slow() -> str:
            await asyncio.to_thread(release.wait, 5)
            return "done"

        try:
            running = asyncio.ensure_future(offload.run(slow, timeout=5))
            await asyncio.sleep(0.1)
            waiting = asyncio.ensure_future(offload.run(slow, timeout=5))
            await asyncio.sleep(0.1)
            assert offload.status().saturated
            with pytest.raises(Overloaded):
                await offload.run(slow, timeout=5)
            release.set()
            assert await running == "done"
            assert await waiting == "done"
            assert offload.status().busy == 0
        finally:
            offload.close()

    asyncio.run(scenario())
