"""The servers a run asks: ours (`kg serve`), Oxigraph's own, rdflib-endpoint, each a child
process on a free loopback port, stopped when the block ends."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from tests.support.virtuoso import free_port

# `kg serve` limits each client address; wrk comes from one address, so the limits are lifted
# for the run (docs/benchmarks.md says so): the figures are the server's, not the limiter's.
UNLIMITED_CLIENTS = {
    "KG_CLIENT_RATE": "1000000",
    "KG_CLIENT_BURST": "1000000",
    "KG_CLIENT_CONCURRENCY": "1000",
    "KG_CLIENT_SPARQL_CONCURRENCY": "1000",
}
SPARQL_QUEUE = 128


@dataclass(frozen=True)
class Endpoint:
    """A running server: where to send SPARQL (form POST) and, for ours, GraphQL."""

    name: str
    sparql: str
    graphql: str | None = None


def python_env(project: Path, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment for a child Python: the checkout importable, the project found."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(project), env.get("PYTHONPATH")]))
    env["KG_PROJECT_DIR"] = str(project)
    env.update(extra or {})
    return env


def tool(name: str) -> str | None:
    """A console script of the running Python's environment, else one on PATH."""
    beside = Path(sys.executable).parent / name
    return str(beside) if beside.exists() else shutil.which(name)


@contextmanager
def kg_server(project: Path, store: str, log: Path, *, workers: int = 2) -> Iterator[Endpoint]:
    """`kg serve` on `store` (a folder or a SPARQL endpoint URL), per-client limits lifted."""
    port = free_port()
    command = [
        sys.executable,
        "-c",
        "from kg.cli import app; app()",
        "serve",
        "--store",
        store,
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--timeout",
        "120",
        # Room for every wrk connection to wait for a worker: the default queue (four per
        # worker) refuses most of 64 clients with 503, which measures the refusals, not the server.
        "--sparql-queue",
        str(SPARQL_QUEUE),
    ]
    base = f"http://127.0.0.1:{port}"
    with _child(command, log, project, python_env(project, UNLIMITED_CLIENTS), base + "/health"):
        yield Endpoint("ours", base + "/sparql", base + "/graphql")


@contextmanager
def oxigraph_server(project: Path, store: Path, log: Path) -> Iterator[Endpoint]:
    """Oxigraph's server, read-only on the same store folder (every graph as the default)."""
    binary = tool("oxigraph")
    if binary is None:
        raise RuntimeError("the oxigraph server is not installed (pip install oxigraph)")
    port = free_port()
    command = [
        binary,
        "serve-read-only",
        "--location",
        str(store),
        "--bind",
        f"127.0.0.1:{port}",
        "--union-default-graph",
    ]
    base = f"http://127.0.0.1:{port}"
    with _child(command, log, project, dict(os.environ), base + "/query?query=ASK%7B%7D"):
        yield Endpoint("Oxigraph server", base + "/query")


@contextmanager
def rdflib_server(
    project: Path, ntriples: Path, log: Path, *, timeout: float
) -> Iterator[Endpoint]:
    """rdflib-endpoint serving the same triples from memory with rdflib's own engine."""
    binary = tool("rdflib-endpoint")
    if binary is None:
        raise RuntimeError("rdflib-endpoint is not installed (pip install rdflib-endpoint)")
    port = free_port()
    command = [binary, "serve", str(ntriples), "--host", "127.0.0.1", "--port", str(port)]
    base = f"http://127.0.0.1:{port}"
    ready = base + "/?query=ASK%7B%7D"
    with _child(command, log, project, dict(os.environ), ready, timeout=timeout):
        yield Endpoint("rdflib-endpoint", base + "/")


@contextmanager
def _child(
    command: list[str],
    log: Path,
    cwd: Path,
    env: dict[str, str],
    ready: str,
    *,
    timeout: float = 120.0,
) -> Iterator[None]:
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("wb") as output:
        process = subprocess.Popen(
            command, cwd=cwd, env=env, stdout=output, stderr=subprocess.STDOUT
        )
        try:
            _wait_until_ready(process, ready, timeout, log)
            yield
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)


def _wait_until_ready(
    process: subprocess.Popen[bytes], url: str, timeout: float, log: Path
) -> None:
    name = Path(str(process.args[0] if isinstance(process.args, list) else process.args)).name
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited early; see {log}")
        try:
            if (
                httpx.get(
                    url, timeout=5, headers={"Accept": "application/sparql-results+json"}
                ).status_code
                == 200
            ):
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{name} did not answer within {timeout:g} s; see {log}")
