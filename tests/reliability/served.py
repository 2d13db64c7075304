"""A real `kg serve` process for the reliability suite, and the answers that show which state
of a store it serves: a COUNT over the store by /sparql, and a GraphQL count."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

import httpx

from tests.support.cli import KG, PROJECT_DIR
from tests.support.virtuoso import free_port

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
ACTORS = "{ actors(first: 1) { totalCount } }"
START_DEADLINE = 60.0
UNLIMITED = {"KG_CLIENT_RATE": "0", "KG_CLIENT_BURST": "10000", "KG_CLIENT_CONCURRENCY": "64"}


@dataclass(frozen=True)
class Server:
    process: subprocess.Popen[str]
    base: str


def start_serve(store: Path, *, workers: int = 1) -> subprocess.Popen[str]:
    """`kg serve` on a free port, in a session of its own so its query workers can be ended
    with it; the caller waits for it (see `serve`)."""
    port = free_port()
    return subprocess.Popen(
        [KG, "serve", "--store", str(store), "--port", str(port), "--workers", str(workers)],
        cwd=PROJECT_DIR,
        # The access log (one line a request) goes nowhere: unread in a pipe, it would fill the
        # pipe within seconds of a query stream and block the server's writes, and so the server.
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        # One test client asks as fast as it can: the per-client limits are not under test.
        env={**os.environ, "COLUMNS": "200", **UNLIMITED},
        start_new_session=True,
    )


def port_of(process: subprocess.Popen[str]) -> int:
    args = [str(a) for a in process.args]  # type: ignore[union-attr]
    return int(args[args.index("--port") + 1])


def wait_until_up(process: subprocess.Popen[str]) -> str:
    base = f"http://127.0.0.1:{port_of(process)}"
    deadline = time.monotonic() + START_DEADLINE
    while time.monotonic() < deadline:
        if process.poll() is not None:
            _, stderr = process.communicate()
            raise AssertionError(f"kg serve exited with {process.returncode}: {stderr}")
        try:
            if httpx.get(base + "/health", timeout=5).status_code == 200:
                return base
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"kg serve did not come up on {base}")


def end(process: subprocess.Popen[str]) -> None:
    """Stop the server and every worker process of its session (they may outlive a server
    killed with SIGKILL)."""
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    kill_session(process)
    process.communicate()


def kill_session(process: subprocess.Popen[str]) -> None:
    # The session's id is the server's own pid (start_new_session), whether or not it lives.
    with suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)


@contextmanager
def serve(store: Path, *, workers: int = 1) -> Iterator[Server]:
    process = start_serve(store, workers=workers)
    try:
        yield Server(process, wait_until_up(process))
    finally:
        end(process)


def answers(base: str, http: httpx.Client) -> tuple[str, int]:
    """What the server says now: the store's triple count by SPARQL, the actors by GraphQL.
    Raises on any answer but a 200 with data."""
    count = http.get(
        base + "/sparql", params={"query": COUNT}, headers={"accept": "application/json"}
    )
    count.raise_for_status()
    graphql = http.post(base + "/graphql", json={"query": ACTORS})
    graphql.raise_for_status()
    body = graphql.json()
    assert "errors" not in body, body
    triples = count.json()["results"]["bindings"][0]["n"]["value"]
    return str(triples), int(body["data"]["actors"]["totalCount"])
