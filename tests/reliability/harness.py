"""A real `kg serve` process to attack and load, and the instruments that watch it: the
memory of its process tree over time, a probe that keeps asking a normal question and times
the answers, and a record of the figures in test-output/reliability/.

The server runs as a subprocess so that the test's own threads (attackers, clients, the
probe) never share its interpreter lock: a latency measured here is the server's. Clients
act from distinct loopback addresses (127.0.0.2, 127.0.0.3, …), so the server's per-client
limits see them as distinct clients; the probe alone uses 127.0.0.1.
"""

from __future__ import annotations

import json
import math
import os
import signal
import subprocess
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from tests.reliability.budget import SOAK
from tests.support.cli import KG, PROJECT_DIR
from tests.support.virtuoso import free_port

OUTPUT = PROJECT_DIR / "test-output" / "reliability"
PROBE_ADDRESS = "127.0.0.1"
PROBE_SOURCES = [PROBE_ADDRESS, *(f"127.0.255.{n}" for n in range(1, 10))]
# The per-client limits the server is started with (the documented defaults, stated here so
# the figures say what they were measured under).
CLIENT_LIMITS = {
    "KG_CLIENT_RATE": "20",
    "KG_CLIENT_BURST": "100",
    "KG_CLIENT_CONCURRENCY": "6",
    "KG_CLIENT_SPARQL_CONCURRENCY": "1",
}
# What a normal user asks while an attack runs: a few stances with their actors' names, and
# a small SPARQL SELECT over the positions.
NORMAL_GRAPHQL = "{ stances(first: 5) { nodes { id quote actor { name } } } }"
NORMAL_SPARQL = (
    "PREFIX lsk: <https://example.org/lsk/def/>\n"
    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
    "SELECT ?position ?label WHERE { ?position a lsk:Position ; skos:prefLabel ?label . "
    'FILTER(LANG(?label) = "sv") } LIMIT 10'
)
SPARQL_JSON = "application/sparql-results+json"


def address(n: int) -> str:
    """The loopback address of client number `n` (0 → 127.0.0.2), never the probe's."""
    return f"127.0.{n // 250}.{n % 250 + 2}"


def client(source: str, *, timeout: float) -> httpx.Client:
    """An HTTP client whose connections come from the loopback address `source`."""
    return httpx.Client(
        transport=httpx.HTTPTransport(local_address=source), timeout=timeout, http2=False
    )


# ---------------------------------------------------------------------------------------------
# The server process and its memory


def _children() -> dict[int, list[int]]:
    """Every process's children, read from /proc (a process may end while it is read)."""
    tree: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        # The command name is in parentheses and may hold spaces; the parent follows it.
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        tree.setdefault(parent, []).append(int(entry))
    return tree


def tree_rss(pid: int) -> int:
    """Resident memory in bytes of `pid` and all its descendants."""
    tree, total, todo = _children(), 0, [pid]
    while todo:
        current = todo.pop()
        todo.extend(tree.get(current, []))
        try:
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            continue
    return total


@dataclass
class Server:
    """A running `kg serve`; `base` is its URL, `log` what it wrote."""

    process: subprocess.Popen[bytes]
    base: str
    log: Path

    def alive(self) -> bool:
        return self.process.poll() is None

    def rss(self) -> int:
        return tree_rss(self.process.pid)

    def log_size(self) -> int:
        return self.log.stat().st_size

    def log_tracebacks(self, since: int) -> dict[str, Any]:
        """How many tracebacks the server logged after byte `since`, and the first of them."""
        with self.log.open("rb") as log:
            log.seek(since)
            text = log.read().decode(errors="replace")
        first = text.find("Traceback")
        return {
            "count": text.count("Traceback"),
            "first": text[first : first + 3000] if first >= 0 else None,
        }

    def stop(self) -> None:
        """Stop the server and its worker processes (its own process group), politely first."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            with suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=15)
        with suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)  # workers left behind, if any
        self.process.wait(timeout=15)


def healthy(base: str, *, timeout: float = 2.0) -> bool:
    try:
        return httpx.get(base + "/health", timeout=timeout).status_code == 200
    except httpx.HTTPError:
        return False


def start_server(store: Path, log: Path, *, env: dict[str, str] | None = None) -> Server:
    """`kg serve --store STORE` on a free port, once /health answers 200."""
    port = free_port()
    with log.open("ab") as out:
        process = subprocess.Popen(
            [KG, "serve", "--store", str(store), "--port", str(port)],
            cwd=PROJECT_DIR,
            env={**os.environ, **CLIENT_LIMITS, **(env or {})},
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so stop() reaches the workers
        )
    server = Server(process, f"http://127.0.0.1:{port}", log)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if not server.alive():
            raise RuntimeError(f"kg serve exited: {log.read_text(errors='replace')[-2000:]}")
        if healthy(server.base):
            return server
        time.sleep(0.2)
    server.stop()
    raise RuntimeError(f"kg serve did not answer /health on {server.base}")


@contextmanager
def serving(store: Path, log: Path, *, env: dict[str, str] | None = None) -> Iterator[Server]:
    server = start_server(store, log, env=env)
    try:
        yield server
    finally:
        server.stop()


def idle(base: str) -> bool:
    """Whether /health reports every lane idle: what an attack started has really stopped."""
    try:
        lanes = httpx.get(base + "/health", timeout=2.0).json()["lanes"]
    except (httpx.HTTPError, ValueError, KeyError):
        return False
    return all(lane["busy"] == 0 and lane["waiting"] == 0 for lane in lanes.values())


def recover(server: Server, *, within: float = 60.0) -> float | None:
    """Seconds until the server answers a normal query within 1 s again and every lane is
    idle (the attack's work stopped, so the next measurement starts clean), or None if that
    did not happen within `within` seconds (or the server died)."""
    start = time.monotonic()
    while time.monotonic() - start < within and server.alive():
        began = time.monotonic()
        try:
            answer = httpx.post(
                server.base + "/graphql", json={"query": NORMAL_GRAPHQL}, timeout=within
            )
            quick = answer.status_code == 200 and time.monotonic() - began < 1.0
            if quick and healthy(server.base) and idle(server.base):
                return round(time.monotonic() - start, 2)
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    return None


class MemorySampler(threading.Thread):
    """Samples the server tree's resident memory every `interval` seconds."""

    def __init__(self, server: Server, interval: float = 0.5) -> None:
        super().__init__(daemon=True)
        self.server, self.interval = server, interval
        self.samples: list[tuple[float, int]] = []
        self._halt = threading.Event()

    def run(self) -> None:
        start = time.monotonic()
        while not self._halt.is_set():
            self.samples.append((round(time.monotonic() - start, 2), self.server.rss()))
            self._halt.wait(self.interval)

    def finish(self) -> dict[str, Any]:
        self._halt.set()
        self.join()
        values = [rss for _, rss in self.samples] or [0]
        return {
            "rss_max_mb": mb(max(values)),
            "rss_last_mb": mb(values[-1]),
            "rss_samples_mb": [[t, mb(rss)] for t, rss in self.samples],
        }


def mb(value: int) -> float:
    return round(value / 2**20, 1)


# ---------------------------------------------------------------------------------------------
# Latencies and outcomes


def percentile(values: list[float], p: float) -> float | None:
    """The nearest-rank percentile `p` (0–100) of `values`, None when there are none."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def latency_figures(latencies: list[float]) -> dict[str, Any]:
    def ms(value: float | None) -> float | None:
        return None if value is None else round(value * 1000, 1)

    return {
        "count": len(latencies),
        "p50_ms": ms(percentile(latencies, 50)),
        "p99_ms": ms(percentile(latencies, 99)),
        "max_ms": ms(max(latencies) if latencies else None),
    }


def outcome(call: Callable[[], httpx.Response]) -> tuple[str, httpx.Response | None]:
    """What one request came to: its status ("200"), or how it failed ("timeout", "closed"
    when the server dropped the connection, "connect-error")."""
    try:
        response = call()
    except httpx.TimeoutException:
        return "timeout", None
    except (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError):
        return "closed", None
    except httpx.ConnectError:
        return "connect-error", None
    return str(response.status_code), response


class Probe(threading.Thread):
    """Asks a normal question every `interval` seconds, alternating GraphQL and SPARQL, and
    records each answer's kind, outcome and latency. The questions come in turn from
    PROBE_USERS addresses (127.0.0.1 and 127.0.255.x), so each is a normal user asking once a
    second, not one client at ten a second that the per-client limits would rightly slow.

    The questions go out on schedule whether or not the last one was answered (each in its
    own thread): a probe that waited for each answer would send one question into a 10 s
    stall and so count the stall once, where a user arriving every 100 ms meets it a hundred
    times."""

    def __init__(self, base: str, *, interval: float = 0.1, timeout: float = 15.0) -> None:
        super().__init__(daemon=True)
        self.base, self.interval = base, interval
        self.users = [client(source, timeout=timeout) for source in PROBE_SOURCES]
        self.samples: list[tuple[str, str, float]] = []
        self._asking: list[threading.Thread] = []
        self._halt = threading.Event()

    def ask(self, kind: str, http: httpx.Client) -> None:
        began = time.monotonic()
        if kind == "graphql":
            status, answer = outcome(
                lambda: http.post(self.base + "/graphql", json={"query": NORMAL_GRAPHQL})
            )
            if answer is not None and status == "200" and "errors" in answer.json():
                status = "200-with-errors"
        else:
            status, _ = outcome(
                lambda: http.post(
                    self.base + "/sparql",
                    data={"query": NORMAL_SPARQL},
                    headers={"Accept": SPARQL_JSON},
                )
            )
        self.samples.append((kind, status, time.monotonic() - began))  # list.append is atomic

    def run(self) -> None:
        turn, start = 0, time.monotonic()
        while not self._halt.is_set():
            kind, user = ("graphql", "sparql")[turn % 2], self.users[turn % len(self.users)]
            asking = threading.Thread(target=self.ask, args=(kind, user))
            asking.start()
            self._asking.append(asking)
            turn += 1
            self._halt.wait(max(0.0, start + turn * self.interval - time.monotonic()))

    def finish(self) -> dict[str, Any]:
        self._halt.set()
        self.join()
        for asking in self._asking:
            asking.join()
        for user in self.users:
            user.close()
        return {
            **latency_figures([s[2] for s in self.samples]),
            "statuses": dict(Counter(s[1] for s in self.samples)),
            "by_kind": {
                kind: {
                    **latency_figures([s[2] for s in self.samples if s[0] == kind]),
                    "statuses": dict(Counter(s[1] for s in self.samples if s[0] == kind)),
                }
                for kind in ("graphql", "sparql")
            },
        }


# ---------------------------------------------------------------------------------------------
# The record


def record(name: str, key: str, figures: dict[str, Any]) -> None:
    """Store `figures` under `key` in test-output/reliability/NAME.json, beside the others."""
    OUTPUT.mkdir(parents=True, exist_ok=True)
    path = OUTPUT / f"{name}.json"
    try:
        existing: dict[str, Any] = json.loads(path.read_text())
    except (OSError, ValueError):
        existing = {}
    existing[key] = {"mode": "soak" if SOAK else "quick", "cpus": os.cpu_count(), **figures}
    path.write_text(json.dumps(existing, indent=1, sort_keys=True) + "\n")
