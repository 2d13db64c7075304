"""rdflib's own engine, run in a child process so that a parse or a query that does not finish
can be stopped: `python -m benchmarks.suite.rdflib_run JOB.json` prints one JSON object.

The job names an N-Triples file, how often to parse it or ask each query, and a per-query time
limit. The file is parsed once; each query then runs in a forked copy of this process (the
parsed graph shared copy-on-write), stopped when it passes its limit.
"""

from __future__ import annotations

import json
import multiprocessing
import subprocess
import sys
import time
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import rdflib


def run_job(job: dict[str, Any], file: Path, project: Path, timeout: float) -> Any:
    """Write `job` to `file`, run it in a child Python, and return its JSON answer; None when
    the child passes `timeout` seconds (it is then stopped)."""
    file.write_text(json.dumps(job))
    try:
        done = subprocess.run(
            [sys.executable, "-m", "benchmarks.suite.rdflib_run", str(file)],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=True,
            cwd=project,
        )
    except subprocess.TimeoutExpired:
        return None
    return json.loads(done.stdout)


def _parse(path: Path) -> tuple[rdflib.Graph, float]:
    started = time.perf_counter()
    graph = rdflib.Graph()
    graph.parse(str(path), format="nt")
    return graph, time.perf_counter() - started


def _ask(graph: rdflib.Graph, query: str, repeats: int, answer: Connection) -> None:
    samples, rows = [], 0
    for _ in range(repeats):
        started = time.perf_counter()
        rows = len(list(graph.query(query)))
        samples.append(time.perf_counter() - started)
    answer.send({"seconds": samples, "rows": rows})


def run(job: dict[str, Any]) -> dict[str, Any]:
    """Parse the job's file (`parse_repeats` times), then time each of its queries."""
    path = Path(job["ntriples"])
    parses = []
    graph = rdflib.Graph()
    for _ in range(max(1, int(job.get("parse_repeats", 1)))):
        graph, seconds = _parse(path)
        parses.append(seconds)
    result: dict[str, Any] = {"parse_seconds": parses, "triples": len(graph), "queries": {}}
    context = multiprocessing.get_context("fork")
    limit = float(job.get("query_timeout", 60))
    for name, query in job.get("queries", {}).items():
        receiving, sending = context.Pipe(duplex=False)
        child = context.Process(target=_ask, args=(graph, query, int(job["repeats"]), sending))
        child.start()
        if receiving.poll(limit):
            result["queries"][name] = receiving.recv()
        else:
            result["queries"][name] = {"did_not_finish_s": limit}
        child.kill()
        child.join()
    return result


def main() -> None:
    job = json.loads(Path(sys.argv[1]).read_text())
    print(json.dumps(run(job)))


if __name__ == "__main__":
    main()
