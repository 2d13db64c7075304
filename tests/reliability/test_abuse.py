"""Attacks on a running `kg serve`, one at a time, while a probe asks a normal question every
100 ms: each attack must leave the probe answered (every answer 200, p99 under 1 s), the
attacker with answers or refusals (never a server error or a traceback), and the server up.
The figures of each attack go to test-output/reliability/abuse.json.

Attackers act from their own loopback addresses, so the server's per-client limits apply to
them and not to the probe (127.0.0.1)."""

from __future__ import annotations

import shutil
import time
from collections import Counter
from collections.abc import Callable
from functools import partial
from pathlib import Path

import pytest

from tests.bad_inputs.conftest import folder_listing, store_fingerprint
from tests.reliability.attacks import (
    ATTACK_QUERIES,
    LARGEST_LEGAL,
    UPDATES,
    graphql,
    huge_body,
    service_requests,
    sparql,
)
from tests.reliability.budget import budget
from tests.reliability.conftest import Keeper
from tests.reliability.flood import ALLOWED, Send, flood, slow_clients
from tests.reliability.harness import (
    MemorySampler,
    Probe,
    address,
    client,
    outcome,
    record,
    recover,
    serving,
)
from tests.support.listener import Listener

# The quick form gives the probe about 30 questions per attack, whose p99 is their slowest:
# the bound then holds every one. The soak form outlasts the server's 10 s query deadline, so
# the attackers see how their own requests end.
DURATION = budget(3, 12)
# An attacker waits this long for an answer: the server's 10 s deadline, and room to say so.
ATTACK_TIMEOUT = 15.0
P99_BOUND_MS = 1000.0

Attack = Callable[[str, float], tuple[Counter[str], list[str]]]

# Attacks from several addresses at once. Per-client limits cannot tell them from as many
# users each asking for the most the API allows, and two cores serve only so much of that:
# these are measured and must answer without a server error or a failed GraphQL probe, but
# the 1 s bound is for the attack of a single client (docs/reliability.md gives both).
DISTRIBUTED_GRAPHQL = "largest legal GraphQL x10, ten addresses"
DISTRIBUTED_SPARQL = "expensive SPARQL in parallel from 4 addresses"
DISTRIBUTED = {DISTRIBUTED_GRAPHQL, DISTRIBUTED_SPARQL}


def repeated(
    send: Send, *, sources: int = 1, per_source: int = 4, dropped_ok: bool = False
) -> Attack:
    """An attack that repeats `send` from `per_source` threads on each of `sources` addresses."""

    def attack(base: str, duration: float) -> tuple[Counter[str], list[str]]:
        tally = flood(
            base,
            send,
            addresses=[address(n) for n in range(sources)],
            per_address=per_source,
            duration=duration,
            timeout=ATTACK_TIMEOUT,
            dropped_ok=dropped_ok,
        )
        return tally.counts, tally.problems

    return attack


def slow(*, body: bool) -> Attack:
    """Slow clients: many sockets sending their request a byte at a time."""

    def attack(base: str, duration: float) -> tuple[Counter[str], list[str]]:
        sockets = int(budget(200, 800))
        ended = slow_clients(base, sockets=sockets, sources=10, duration=duration, body=body)
        fine = ALLOWED | {"408", "closed", "open"}
        return ended, [f"{n} connections ended {s}" for s, n in ended.items() if s not in fine]

    return attack


ATTACKS: dict[str, Attack] = {
    **{name: repeated(graphql(query)) for name, query in ATTACK_QUERIES["graphql"].items()},
    # The largest query the limits accept, ten at once: from one client (whose concurrency
    # limit applies), and from ten (which per-client limits cannot hold back).
    "largest legal GraphQL x10, one address": repeated(graphql(LARGEST_LEGAL), per_source=10),
    "huge body 50 MB to /graphql": repeated(huge_body("/graphql"), per_source=2, dropped_ok=True),
    "huge body 50 MB to /sparql": repeated(huge_body("/sparql"), per_source=2, dropped_ok=True),
    "slow clients, request head": slow(body=False),
    "slow clients, request body": slow(body=True),
    **{name: repeated(sparql(query)) for name, query in ATTACK_QUERIES["sparql"].items()},
    # Last: what they leave behind (a large heap to collect) slowed the next attack's probe.
    DISTRIBUTED_GRAPHQL: repeated(graphql(LARGEST_LEGAL), sources=10, per_source=1),
    DISTRIBUTED_SPARQL: repeated(
        sparql(ATTACK_QUERIES["sparql"]["SPARQL cartesian product"]), sources=4, per_source=3
    ),
}


@pytest.mark.parametrize("name", list(ATTACKS))
def test_attack_leaves_normal_queries_answered(name: str, keeper: Keeper) -> None:
    server = keeper.ready()
    log_start = server.log_size()
    memory, probe = MemorySampler(server), Probe(server.base)
    memory.start()
    probe.start()
    began = time.monotonic()
    counts, problems = ATTACKS[name](server.base, DURATION)
    seconds = time.monotonic() - began
    probed, rss = probe.finish(), memory.finish()
    alive = server.alive()
    # How long after the attackers left the server answered normally again (None: not in 60 s).
    recovery = recover(server) if alive else None
    record(
        "abuse",
        name,
        {
            "attack_seconds": round(seconds, 2),
            "probe": probed,
            "attacker": dict(counts),
            "attacker_problems": problems,
            "server_alive_after": alive,
            "server_log_tracebacks": server.log_tracebacks(log_start),
            "recovery_after_s": recovery,
            "restarted_before": keeper.restarted,
            **{k: v for k, v in rss.items() if k != "rss_samples_mb"},
        },
    )
    assert alive, "the server died under the attack"
    assert sum(counts.values()) > 0, "the attack sent nothing"
    assert not problems, problems
    assert probed["p99_ms"] is not None
    if name in DISTRIBUTED:
        # Slowed, refused (429: a probe user with too many questions waiting; 503: a full
        # lane), never failed: no other status, no GraphQL error, no dropped connection.
        assert set(probed["statuses"]) <= {"200", "429", "503"}, probed
        return
    assert set(probed["statuses"]) == {"200"}, probed["statuses"]
    assert probed["p99_ms"] < P99_BOUND_MS, probed


def test_largest_legal_query_is_accepted(keeper: Keeper) -> None:
    """The attack above means something only while the limits accept its query whole."""
    server = keeper.ready()
    with client(address(50), timeout=60) as http:
        answer = graphql(LARGEST_LEGAL)(http, server.base)
    assert answer.status_code == 200, answer.text[:500]
    body = answer.json()
    assert "errors" not in body, body["errors"]
    assert len(body["data"]["stances"]["nodes"]) == 100


def test_service_reaches_no_listener(keeper: Keeper) -> None:
    """SERVICE to a loopback listener, through every route that takes SPARQL or text that
    might become SPARQL: the listener receives no connection, and no answer is a 5xx."""
    server = keeper.ready()
    listener = Listener()
    statuses: dict[str, str] = {}
    try:
        with client(address(60), timeout=ATTACK_TIMEOUT) as http:
            for name, send in service_requests(f"http://127.0.0.1:{listener.port}/sparql"):
                status, answer = outcome(partial(send, http, server.base))
                traceback = answer is not None and "Traceback" in answer.text
                statuses[name] = status + (" with a traceback" if traceback else "")
        time.sleep(1.0)  # a connection the server started late would still arrive
    finally:
        listener.close()
    record(
        "abuse",
        "SERVICE to a loopback listener",
        {"statuses": statuses, "connections": listener.connections},
    )
    assert listener.connections == 0
    assert all(s.isdigit() and not s.startswith("5") for s in statuses.values()), statuses


def test_updates_are_refused_on_every_route(
    served_store: Path, server_env: dict[str, str], publication: Path, tmp_path: Path
) -> None:
    """Every way of asking for a write is refused with a 4xx (and no traceback), and the
    store and the publication are exactly as they were (taken with the server stopped)."""
    store = tmp_path / "store"
    shutil.copytree(served_store, store, ignore=shutil.ignore_patterns("LOCK"))
    before, files = store_fingerprint(store), folder_listing(publication)
    statuses: dict[str, str] = {}
    accepted: dict[str, str] = {}
    with (
        serving(store, tmp_path / "serve.log", env=server_env) as server,
        client(address(70), timeout=ATTACK_TIMEOUT) as http,
    ):
        for name, send, refused in UPDATES:
            status, answer = outcome(partial(send, http, server.base))
            statuses[name] = status
            if answer is None or not refused(answer) or "Traceback" in answer.text:
                accepted[name] = f"{status} {answer.text[:300] if answer else ''}"
    record("abuse", "updates through every route", {"statuses": statuses, "not_refused": accepted})
    assert not accepted
    assert store_fingerprint(store) == before
    assert folder_listing(publication) == files
