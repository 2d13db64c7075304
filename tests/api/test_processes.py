"""`kg serve --processes N`: N server processes on one port, each with its own query lanes,
all answering, and all gone (workers included) when the server is stopped."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from kg.settings import Settings
from tests.reliability.served import UNLIMITED, kill_session, wait_until_up
from tests.support.cli import KG, PROJECT_DIR
from tests.support.serving import loaded
from tests.support.virtuoso import free_port

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://example.org/lsk/def/Stance> }"


@pytest.fixture(scope="module")
def store(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, settings: Settings
) -> Path:
    served = loaded(
        "embedded",
        [settings.data_dir],
        request=request,
        directory=tmp_path_factory.mktemp("processes"),
        settings=settings,
    )
    return Path(served.store)


def children(pid: int) -> list[int]:
    """The processes `pid` started, as Linux lists them."""
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(c) for c in (task / "children").read_text().split()]
    return found


def session_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def test_several_server_processes_answer_and_stop_with_their_workers(store: Path) -> None:
    port = free_port()
    process = subprocess.Popen(
        [
            KG,
            "serve",
            "--store",
            str(store),
            "--port",
            str(port),
            "--processes",
            "2",
            "--workers",
            "1",
        ],
        cwd=PROJECT_DIR,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **UNLIMITED, "KG_CLIENT_SPARQL_CONCURRENCY": "64"},
        start_new_session=True,
    )
    try:
        base = wait_until_up(process)
        # The servers are the parent's children that run query workers of their own.
        servers = [pid for pid in children(process.pid) if len(children(pid)) >= 2]
        assert len(servers) == 2, children(process.pid)

        def ask(number: int) -> int:
            with httpx.Client(timeout=30) as http:
                answer = http.post(
                    base + "/sparql",
                    data={"query": COUNT},
                    headers={"accept": "application/sparql-results+json"},
                )
                assert answer.status_code == 200, answer.text
                return int(answer.json()["results"]["bindings"][0]["n"]["value"])

        # As many at once as the two lanes hold (a worker and 4 waiting each), or fewer.
        with ThreadPoolExecutor(4) as pool:
            assert set(pool.map(ask, range(32))) == {116}

        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=30) == 0
        # Every server process and query worker of the session is gone with it.
        for _ in range(100):
            if not session_alive(process.pid):
                break
            time.sleep(0.1)
        assert not session_alive(process.pid)
    finally:
        if process.poll() is None:
            process.kill()
        kill_session(process)
        process.communicate()
