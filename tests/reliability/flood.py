"""Many clients at once: attackers repeating one request for a fixed time, slow clients that
send a byte at a time, and a mixed workload of ordinary clients, each from its own loopback
address. Threads with blocking httpx clients: the server is another process, and the work
here is waiting on sockets (each figure records how much of a core this process used, to
show the clients were not the bottleneck)."""

from __future__ import annotations

import select
import socket
import threading
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any
from urllib.parse import urlsplit

import httpx

from tests.reliability.harness import address, client, latency_figures, outcome

# What an attacker may get back: an answer or a refusal, never a server error.
ALLOWED = frozenset({"200", "400", "403", "405", "413", "414", "429", "503", "504"})

Send = Callable[[httpx.Client, str], httpx.Response]
"""One request of an attack or a workload: (client, base URL) → response."""


@dataclass
class Tally:
    """What the attackers got: outcomes counted, and the first few that were not allowed."""

    counts: Counter[str] = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, status: str, problem: str | None) -> None:
        with self.lock:
            self.counts[status] += 1
            if problem is not None and len(self.problems) < 20:
                self.problems.append(problem)


def judge(status: str, answer: httpx.Response | None, *, dropped_ok: bool) -> str | None:
    """Why this outcome is not allowed, or None when it is: an allowed status whose body is
    no traceback (and, for a refusal, not empty); a dropped connection only where the attack
    earns one (a huge body, a slow client)."""
    if answer is None:
        return None if status == "closed" and dropped_ok else f"{status} (no answer)"
    body = answer.text
    if status not in ALLOWED:
        return f"{status}: {body[:300]}"
    if "Traceback" in body:
        return f"{status} with a traceback: {body[:300]}"
    if answer.status_code >= 400 and not body.strip():
        return f"{status} with an empty body"
    return None


def flood(
    base: str,
    send: Send,
    *,
    addresses: Sequence[str],
    per_address: int,
    duration: float,
    timeout: float,
    dropped_ok: bool = False,
) -> Tally:
    """`per_address` threads from each of `addresses` repeat `send` for `duration` seconds.

    At the end the attackers hang up: a request still unanswered then is counted
    "abandoned" (a client that leaves, which the server should notice), not waited for.
    Only a request that had its full `timeout` and got no answer counts as "timeout"."""
    tally = Tally()
    deadline = time.monotonic() + duration

    def attacker(source: str) -> None:
        with client(source, timeout=timeout) as http:
            while (left := deadline - time.monotonic()) > 0:
                clipped = left + 0.1 < timeout
                http.timeout = httpx.Timeout(min(timeout, left + 0.1))
                status, answer = outcome(partial(send, http, base))
                if status == "timeout" and clipped:
                    tally.add("abandoned", None)
                else:
                    tally.add(status, judge(status, answer, dropped_ok=dropped_ok))

    threads = [
        threading.Thread(target=attacker, args=(source,), daemon=True)
        for source in addresses
        for _ in range(per_address)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=duration + timeout + 30)
    return tally


def slow_clients(
    base: str, *, sockets: int, sources: int, duration: float, body: bool
) -> Counter[str]:
    """`sockets` connections from `sources` addresses, each sending its request a byte every
    0.1 s for `duration` seconds: a request head that never ends, or (`body`) a POST whose
    announced body trickles in. Counts how each connection ended: the server's status,
    "closed" when it dropped the connection, "open" when it was still waiting at the end."""
    url = urlsplit(base)
    host, port = url.hostname or "127.0.0.1", url.port or 80
    if body:
        head = (
            f"POST /graphql HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
            "Content-Length: 1000000\r\n\r\n"
        ).encode()
    else:
        head = f"GET /health HTTP/1.1\r\nHost: {host}\r\nX-Slow: ".encode()
    ended: Counter[str] = Counter()
    open_: dict[socket.socket, int] = {}  # socket → bytes sent
    for n in range(sockets):
        try:
            sock = socket.create_connection(
                (host, port), timeout=5, source_address=(address(100 + n % sources), 0)
            )
        except OSError:
            ended["connect-error"] += 1
            continue
        if body:
            sock.sendall(head)  # the head arrives whole; the body is what trickles
        open_[sock] = 0
    deadline = time.monotonic() + duration
    while open_ and time.monotonic() < deadline:
        for sock in list(open_):
            sent = open_[sock]
            byte = head[sent : sent + 1] if not body and sent < len(head) else b"a"
            try:
                sock.send(byte)
                open_[sock] = sent + 1
            except OSError:
                ended["closed"] += 1
                del open_[sock]
                sock.close()
        readable, _, _ = select.select(list(open_), [], [], 0.1)
        for sock in readable:
            try:
                data = sock.recv(4096)
            except OSError:
                data = b""
            ended[_status_of(data)] += 1
            del open_[sock]
            sock.close()
    ended["open"] += len(open_)
    for sock in open_:
        sock.close()
    return ended


def _status_of(data: bytes) -> str:
    """ "closed" for an empty read, else the status of the HTTP answer that began arriving."""
    if not data:
        return "closed"
    parts = data.split(b" ", 2)
    return parts[1].decode("ascii", "replace") if data.startswith(b"HTTP/") else "garbage"


def mixed_load(
    base: str, workload: Sequence[tuple[str, Send]], *, clients: int, duration: float
) -> dict[str, Any]:
    """`clients` clients, each from its own address, sending the `workload` requests in turn
    (each starting at a different one) with no pause, for `duration` seconds."""
    samples: list[tuple[str, str, float]] = []
    lock = threading.Lock()
    deadline = time.monotonic() + duration

    def run(n: int) -> None:
        mine: list[tuple[str, str, float]] = []
        with client(address(n), timeout=30) as http:
            turn = n
            while time.monotonic() < deadline:
                kind, send = workload[turn % len(workload)]
                began = time.monotonic()
                status, _ = outcome(partial(send, http, base))
                mine.append((kind, status, time.monotonic() - began))
                turn += 1
        with lock:
            samples.extend(mine)

    threads = [threading.Thread(target=run, args=(n,), daemon=True) for n in range(clients)]
    cpu, wall = time.process_time(), time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=duration + 60)
    elapsed = time.monotonic() - wall
    statuses = Counter(status for _, status, _ in samples)
    errors = sum(n for s, n in statuses.items() if not s.isdigit() or s.startswith("5"))
    refusals = statuses["429"] + statuses["503"]
    answered = [latency for _, status, latency in samples if status == "200"]
    return {
        "clients": clients,
        "seconds": round(elapsed, 2),
        "requests": len(samples),
        "throughput_rps": round(len(samples) / elapsed, 1),
        "ok_rps": round(len(answered) / elapsed, 1),
        "errors": errors - statuses["503"],
        "refusals": refusals,
        "statuses": dict(statuses),
        **{k: v for k, v in latency_figures(answered).items() if k != "count"},
        "all_requests": latency_figures([latency for _, _, latency in samples]),
        "by_kind": {
            kind: latency_figures([lat for k, s, lat in samples if k == kind and s == "200"])
            for kind, _ in workload
        },
        # The share of one core the clients used: near the machine's cores would mean the
        # clients, not the server, set the pace.
        "client_cpu_cores": round((time.process_time() - cpu) / elapsed, 2),
    }
