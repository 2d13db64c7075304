"""A `kg load` killed with SIGKILL at any moment leaves the store exactly as it was or exactly
as the finished load leaves it, never a mix, and never locked; a `kg serve` killed with
SIGKILL leaves a store that a new server serves with the same answers.

Three loads are killed, at random moments of their run: into an empty store and into one
holding data/ (each a bulk load of a new graph), and a replacement of a graph already loaded
(one transaction). The counts go to test-output/reliability/crash.json (make soak) for the docs."""

from __future__ import annotations

import hashlib
import json
import random
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from kg.embedded import EmbeddedStore
from tests.bad_inputs.conftest import store_fingerprint
from tests.reliability.budget import SOAK, budget
from tests.reliability.served import answers, end, kill_session, start_serve, wait_until_up
from tests.reliability.test_store_coherence import Stream, synthetic
from tests.support.cli import KG, PROJECT_DIR, kg

KILLS = int(budget(3, 30))
SCENARIOS = ("empty", "full", "replace")
TRIPLES = int(budget(60_000, 300_000))
# A replacement is one transaction, several times slower than a bulk load: a smaller file.
REPLACED_TRIPLES = int(budget(10_000, 100_000))
# The soak run's figures are the ones the docs quote; the quick run does not overwrite them.
REPORT = (
    PROJECT_DIR / "test-output" / "reliability" / ("crash.json" if SOAK else "crash-quick.json")
)
# A store with nothing in it, or no store written yet: as store_fingerprint reports it.
EMPTY = (0, hashlib.sha256(b"").hexdigest())


@dataclass
class Scenario:
    """A store before the load (`start`, copied for each run), the file loaded, and the
    fingerprints of the state before and after; `seconds` is how long the load runs."""

    start: Path | None
    file: Path
    old: tuple[int, str]
    new: tuple[int, str]
    seconds: float
    outcomes: dict[str, int] = field(default_factory=lambda: {"old": 0, "new": 0, "mixed": 0})
    moments: list[float] = field(default_factory=list)


def fingerprint(store: Path) -> tuple[int, str]:
    return store_fingerprint(store) if (store / "CURRENT").exists() else EMPTY


def copy_of(start: Path | None, to: Path) -> Path:
    if start is not None:
        shutil.copytree(start, to, ignore=shutil.ignore_patterns("LOCK"))
    return to


def loading(store: Path, file: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [KG, "load", "--no-validate", "--store", str(store), str(file)],
        cwd=PROJECT_DIR,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def reference(start: Path | None, file: Path, into: Path) -> tuple[tuple[int, str], float]:
    """The state a finished load of `file` leaves in a copy of `start`, and the load's time."""
    store = copy_of(start, into)
    began = time.monotonic()
    assert loading(store, file).wait(timeout=300) == 0
    return fingerprint(store), time.monotonic() - began


@pytest.fixture(scope="module")
def scenarios(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Scenario]:
    work = tmp_path_factory.mktemp("crash")
    extra = synthetic(work / "extra.nt", TRIPLES)
    shipped = work / "shipped"
    assert kg("load", "--no-validate", "--store", str(shipped)).returncode == 0
    new_empty, empty_seconds = reference(None, extra, work / "empty-new")
    new_full, full_seconds = reference(shipped, extra, work / "full-new")
    # A graph already loaded, replaced by another version of its file (same path, new seed).
    replaced = work / "replace" / "extra.nt"
    replaced.parent.mkdir()
    synthetic(replaced, REPLACED_TRIPLES)
    old_replace, _ = reference(shipped, replaced, work / "replace-old")
    made = kg("synth", "--triples", str(REPLACED_TRIPLES), "--seed", "2", "--out", str(replaced))
    assert made.returncode == 0, made.stderr
    new_replace, replace_seconds = reference(work / "replace-old", replaced, work / "replace-new")
    found = {
        "empty": Scenario(None, extra, EMPTY, new_empty, empty_seconds),
        "full": Scenario(shipped, extra, fingerprint(shipped), new_full, full_seconds),
        "replace": Scenario(
            work / "replace-old", replaced, old_replace, new_replace, replace_seconds
        ),
    }
    for scenario in found.values():
        assert scenario.old != scenario.new
    return found


@pytest.fixture(scope="module")
def report(scenarios: dict[str, Scenario]) -> Iterator[dict[str, Scenario]]:
    yield scenarios
    totals = {k: sum(s.outcomes[k] for s in scenarios.values()) for k in ("old", "new", "mixed")}
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(
        json.dumps(
            {
                "soak": SOAK,
                "runs": sum(totals.values()),
                **totals,
                "synthetic_triples": TRIPLES,
                "replaced_triples": REPLACED_TRIPLES,
                "scenarios": {
                    name: {
                        **s.outcomes,
                        "load_seconds": round(s.seconds, 2),
                        "kill_after_seconds": [round(m, 2) for m in s.moments],
                    }
                    for name, s in scenarios.items()
                },
            },
            indent=2,
        )
        + "\n"
    )


@pytest.mark.parametrize("run", range(KILLS))
def test_a_load_killed_at_a_random_moment_leaves_the_old_or_the_new_state(
    report: dict[str, Scenario], run: int, tmp_path: Path
) -> None:
    scenario = report[SCENARIOS[run % len(SCENARIOS)]]
    store = copy_of(scenario.start, tmp_path / "store")
    # From just after the process starts to just after a load would have finished.
    moment = random.uniform(0.1, 1.05) * scenario.seconds
    scenario.moments.append(moment)
    load = loading(store, scenario.file)
    time.sleep(moment)
    load.send_signal(signal.SIGKILL)
    load.wait(timeout=60)
    state = fingerprint(store)
    outcome = {scenario.old: "old", scenario.new: "new"}.get(state, "mixed")
    scenario.outcomes[outcome] += 1
    assert outcome != "mixed", f"killed after {moment:.2f} s: {state[0]} triples"
    # The killed load's lock died with it: the next writer opens the store at once, and
    # clears the bulk loader's temporary files a load killed mid-way leaves.
    EmbeddedStore(store).close()
    assert not list(store.glob("bulk-*"))
    assert fingerprint(store) == state


def test_a_server_killed_while_serving_leaves_a_store_served_the_same(tmp_path: Path) -> None:
    store = tmp_path / "store"
    assert kg("load", "--no-validate", "--store", str(store)).returncode == 0
    before = fingerprint(store)
    first = start_serve(store)
    try:
        base = wait_until_up(first)
        with httpx.Client(timeout=30) as http:
            expected = answers(base, http)
        with Stream(base) as stream:
            time.sleep(budget(1, 5))
            first.send_signal(signal.SIGKILL)
            first.wait(timeout=30)
        assert stream.seen, stream.failures
        assert set(stream.seen) == {expected}
        assert fingerprint(store) == before
        EmbeddedStore(store).close()  # the dead server's lock went with it: a load may run
        second = start_serve(store)
        try:
            with httpx.Client(timeout=30) as http:
                assert answers(wait_until_up(second), http) == expected
        finally:
            end(second)
    finally:
        kill_session(first)
        first.communicate()


def test_the_leftovers_of_a_killed_bulk_load_are_accepted_and_cleared(tmp_path: Path) -> None:
    # Deterministic, unlike the kills above: the files a bulk load killed before its ingest
    # leaves. kg refused the folder as "not an Oxigraph store" until it knew them.
    store = tmp_path / "store"
    assert kg("load", "--no-validate", "--store", str(store)).returncode == 0
    before = fingerprint(store)
    leftover = store / "bulk-266797148078884814155632291872344048383.sst"
    leftover.write_bytes(b"\0" * 1024)
    read = kg("stats", "--store", str(store))
    assert read.returncode == 0, read.stderr
    assert leftover.exists()  # a reader leaves the folder alone
    EmbeddedStore(store).close()
    assert not leftover.exists()
    assert fingerprint(store) == before
