"""Shared helpers for the bad-input corpus: run `kg` with a memory cap and a deadline, and
fingerprint a store so a case can show that a refused command changed nothing."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest

from tests.support.cli import kg

# Enough for any honest command on the shipped data; far below what an entity bomb or an
# endless device would take, so a regression fails the case instead of the machine.
MEMORY_CAP = 2 * 1024**3
DEADLINE = 60


def store_fingerprint(path: Path) -> tuple[int, str]:
    """The store's triple count and the sha256 of its sorted N-Quads dump."""
    store = ox.Store.read_only(str(path))
    lines = sorted(f"{quad} .\n" for quad in store)
    del store
    return len(lines), hashlib.sha256("".join(lines).encode("utf-8")).hexdigest()


def folder_listing(path: Path) -> dict[str, bytes]:
    """Every file under `path` with its content, for a folder that must stay as it was."""
    return {
        str(p.relative_to(path)): p.read_bytes() for p in sorted(path.rglob("*")) if p.is_file()
    }


def kg_capped(
    *args: str, env: dict[str, str] | None = None, timeout: float = DEADLINE
) -> subprocess.CompletedProcess[str]:
    """`kg ARGS…` in the project folder under MEMORY_CAP and a deadline (TimeoutExpired fails
    the case: a hang is a failure, never a wait)."""
    return kg(*args, env=env, timeout=timeout, memory_cap=MEMORY_CAP)


@pytest.fixture
def shipped_store(loaded_store: Path, tmp_path: Path) -> Path:
    """A store holding the shipped data, a copy of its own for each case."""
    copy = tmp_path / "store"
    shutil.copytree(loaded_store, copy, ignore=shutil.ignore_patterns("LOCK"))
    return copy


@pytest.fixture
def unchanged(shipped_store: Path) -> Callable[[], None]:
    """Call at the end of a case: asserts the store holds exactly what it held at the start."""
    before = store_fingerprint(shipped_store)

    def check() -> None:
        assert store_fingerprint(shipped_store) == before

    return check
