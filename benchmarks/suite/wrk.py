"""Driving wrk (Debian's HTTP load generator): a Lua script for POST bodies, one run, and the
figures read back from its report."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}
_LATENCY_LINE = re.compile(r"^\s*(50|75|90|99)%\s+([\d.]+)(us|ms|s|m)\s*$", re.MULTILINE)
_REQUESTS = re.compile(r"^\s*(\d+) requests in", re.MULTILINE)
_RATE = re.compile(r"^Requests/sec:\s+([\d.]+)", re.MULTILINE)
_NON_2XX = re.compile(r"Non-2xx or 3xx responses:\s+(\d+)")
_SOCKET = re.compile(
    r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", re.MULTILINE
)


@dataclass(frozen=True)
class WrkResult:
    """What one wrk run reports: requests a second, latency percentiles and errors."""

    requests: int
    requests_per_s: float
    p50_ms: float
    p99_ms: float
    non_2xx: int
    socket_errors: int
    statuses: dict[str, int] = field(default_factory=dict)  # other than 200, from the script

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def parse_wrk(output: str) -> WrkResult:
    """The figures of a `wrk --latency` report; ValueError when it is not one."""
    rate, requests = _RATE.search(output), _REQUESTS.search(output)
    if rate is None or requests is None:
        raise ValueError("not a wrk report: no 'Requests/sec' line")
    percentiles = {
        int(m.group(1)): float(m.group(2)) * _UNITS_MS[m.group(3)]
        for m in _LATENCY_LINE.finditer(output)
    }
    if 50 not in percentiles or 99 not in percentiles:
        raise ValueError("not a wrk --latency report: no latency distribution")
    non_2xx = _NON_2XX.search(output)
    sockets = _SOCKET.search(output)
    return WrkResult(
        requests=int(requests.group(1)),
        requests_per_s=float(rate.group(1)),
        p50_ms=percentiles[50],
        p99_ms=percentiles[99],
        non_2xx=int(non_2xx.group(1)) if non_2xx else 0,
        socket_errors=sum(int(n) for n in sockets.groups()) if sockets else 0,
        statuses={m.group(1): int(m.group(2)) for m in _STATUS.finditer(output)},
    )


def lua_script(body: str, content_type: str, accept: str) -> str:
    """A wrk script that POSTs `body`: wrk itself only sends GETs without one."""
    # A long bracket no SPARQL or JSON body here contains, so nothing needs escaping.
    fence = "=" * 8
    for text in (body, content_type, accept):
        if f"]{fence}]" in text:
            raise ValueError("the body contains the Lua long-string fence")
    return (
        'wrk.method = "POST"\n'
        f"wrk.body = [{fence}[{body}]{fence}]\n"
        f'wrk.headers["Content-Type"] = [{fence}[{content_type}]{fence}]\n'
        f'wrk.headers["Accept"] = [{fence}[{accept}]{fence}]\n' + _COUNT_STATUSES
    )


# Which statuses other than 200 came back (wrk only counts them): each thread counts its own,
# and `done` adds them up and prints "status NNN: N" lines after the report.
_COUNT_STATUSES = """\
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) refused = {} end
function response(status, headers, body)
  if status ~= 200 then refused[status] = (refused[status] or 0) + 1 end
end
function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("refused")) do total[status] = (total[status] or 0) + n end
  end
  for status, n in pairs(total) do io.write(string.format("status %d: %d\\n", status, n)) end
end
"""
_STATUS = re.compile(r"^status (\d{3}): (\d+)$", re.MULTILINE)


def wrk_missing() -> str | None:
    """Why wrk cannot run here, or None when it can."""
    return None if shutil.which("wrk") else "wrk is not installed (apt-get install wrk)"


def run_wrk(url: str, script: Path, *, clients: int, seconds: int) -> WrkResult:
    """One wrk run of `seconds` with `clients` connections on at most two threads."""
    threads = min(2, clients)
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{clients}",
        f"-d{seconds}s",
        "--timeout",
        "30s",
        "--latency",
        "-s",
        str(script),
        url,
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60, check=True)
    return parse_wrk(done.stdout)
