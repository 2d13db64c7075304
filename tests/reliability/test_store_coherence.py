"""Serving and loading one embedded store never overlap (kg/serving_lock.py): a `kg load`
while `kg serve` runs is refused and changes nothing, so every answer of the running server
is of the old state; after a restart every answer is of the new one. A `kg serve` started
while a load runs is refused rather than serving a half-written store."""

from __future__ import annotations

import dataclasses
import fcntl
import subprocess
import threading
import time
from pathlib import Path

import httpx
import pytest

from kg.embedded import EmbeddedStore
from kg.errors import StoreError
from kg.serving_lock import LOCK_FILE, serving_lock
from kg.settings import Settings
from tests.bad_inputs.conftest import store_fingerprint
from tests.reliability.budget import budget
from tests.reliability.served import answers, end, serve, start_serve
from tests.support.cli import KG, PROJECT_DIR, assert_no_traceback, kg

EXIT_STORE = 3
# Long enough for the stream to run before, during and after the refused load.
STREAM_SECONDS = budget(2, 10)
PAUSE = 0.02  # between two rounds of the stream: the other workers get the cores too


@pytest.fixture
def store(tmp_path: Path) -> Path:
    path = tmp_path / "store"
    loaded = kg("load", "--store", str(path))
    assert loaded.returncode == 0, loaded.stderr
    return path


def synthetic(path: Path, triples: int) -> Path:
    made = kg("synth", "--triples", str(triples), "--out", str(path))
    assert made.returncode == 0, made.stderr
    return path


class Stream:
    """Asks the server its answers over and over in a thread until stopped; keeps each."""

    def __init__(self, base: str) -> None:
        self._base = base
        self._stop = threading.Event()
        self.seen: list[tuple[str, int]] = []
        self.failures: list[str] = []
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> Stream:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=60)

    def _run(self) -> None:
        with httpx.Client(timeout=30) as http:
            while not self._stop.is_set():
                try:
                    self.seen.append(answers(self._base, http))
                except (httpx.HTTPError, AssertionError, KeyError, ValueError) as error:
                    self.failures.append(repr(error))
                self._stop.wait(PAUSE)


def test_a_load_while_serving_is_refused_and_a_restart_serves_the_new_state(
    store: Path, tmp_path: Path
) -> None:
    extra = synthetic(tmp_path / "extra.nt", 2_000)
    before = store_fingerprint(store)
    with serve(store) as server, httpx.Client(timeout=30) as http:
        old = answers(server.base, http)
        with Stream(server.base) as stream:
            time.sleep(STREAM_SECONDS / 2)
            refused = kg("load", "--no-validate", "--store", str(store), str(extra))
            time.sleep(STREAM_SECONDS / 2)
        assert refused.returncode == EXIT_STORE, refused.stderr
        assert_no_traceback(refused)
        for words in (str(store), "`kg serve` is serving this store", "Stop the `kg serve`"):
            assert words in refused.stderr, refused.stderr
        assert stream.failures == []
        assert len(stream.seen) > 2
        assert set(stream.seen) == {old}
        assert store_fingerprint(store) == before
    done = kg("load", "--no-validate", "--store", str(store), str(extra))
    assert done.returncode == 0, done.stderr
    assert store_fingerprint(store) != before
    with serve(store) as server, httpx.Client(timeout=30) as http, Stream(server.base) as stream:
        time.sleep(STREAM_SECONDS / 4)
    assert stream.failures == []
    [new] = set(stream.seen)
    assert int(new[0]) > int(old[0])


def wait_until_written(store: Path, load: subprocess.Popen[str]) -> None:
    """Until the load holds the store's writer lock (from when it opens the store, before it
    parses): a shared lock is then refused."""
    lock = store / LOCK_FILE
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and load.poll() is None:
        with lock.open("rb") as file:
            try:
                fcntl.flock(file, fcntl.LOCK_SH | fcntl.LOCK_NB)
            except BlockingIOError:
                return
        time.sleep(0.02)
    raise AssertionError("the load never took the store's lock")


def test_serve_is_refused_while_a_load_writes(store: Path, tmp_path: Path) -> None:
    big = synthetic(tmp_path / "big.nt", 300_000)
    load = subprocess.Popen(
        [KG, "load", "--no-validate", "--store", str(store), str(big)],
        cwd=PROJECT_DIR,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_until_written(store, load)
        server = start_serve(store)
        try:
            _, server_err = server.communicate(timeout=60)
        finally:
            end(server)
        assert load.poll() is None, "the load ended before kg serve was tried; make it larger"
    finally:
        _, load_err = load.communicate(timeout=120)
    assert load.returncode == 0, load_err
    assert server.returncode == EXIT_STORE, server_err
    assert "Traceback" not in server_err
    for words in (str(store), "a load or another write", "Wait for the load to finish"):
        assert words in server_err, server_err


def test_the_locks_exclude_each_other_in_one_process_too(tmp_path: Path) -> None:
    """The rule itself, without processes: a writer while serving, serving while writing."""
    settings = dataclasses.replace(Settings(project_dir=PROJECT_DIR), store=str(tmp_path / "s"))
    EmbeddedStore(tmp_path / "s").close()
    # Two shared locks at once: several servers may serve one store.
    with (
        serving_lock(settings),
        serving_lock(settings),
        pytest.raises(StoreError, match="`kg serve` is serving this store"),
    ):
        EmbeddedStore(tmp_path / "s")
    writer = EmbeddedStore(tmp_path / "s")
    with pytest.raises(StoreError, match="a load or another write"), serving_lock(settings):
        pass
    writer.close()
    with serving_lock(settings):
        pass


def test_a_folder_left_with_only_the_lock_file_is_still_a_new_store(tmp_path: Path) -> None:
    # What a load killed between taking its lock and Oxigraph's first write leaves.
    folder = tmp_path / "store"
    folder.mkdir()
    (folder / LOCK_FILE).touch()
    refused = kg("stats", "--store", str(folder))
    assert refused.returncode == EXIT_STORE
    assert "no store here yet" in refused.stderr
    loaded = kg("load", "--no-validate", "--store", str(folder))
    assert loaded.returncode == 0, loaded.stderr
