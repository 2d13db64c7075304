"""A --store that is not a store is refused before anything is written, with a hint that
matches the cause: a file, someone else's folder, a path that cannot be created, a held lock."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest

from tests.bad_inputs.conftest import folder_listing, kg_capped, store_fingerprint
from tests.support.cli import assert_no_traceback

LOCK_HINT = "Another kg process"


def refused(result: subprocess.CompletedProcess[str], code: int, *words: str) -> None:
    assert result.returncode == code, result.stderr
    assert_no_traceback(result)
    for word in words:
        assert word in result.stderr, result.stderr


@pytest.mark.parametrize("command", ["load", "stats"])
def test_a_folder_of_other_files_is_not_a_store(tmp_path: Path, command: str) -> None:
    folder = tmp_path / "documents"
    folder.mkdir()
    (folder / "notes.txt").write_text("my notes")
    (folder / "budget.csv").write_text("a,b\n1,2\n")
    before = folder_listing(folder)
    result = kg_capped(command, "--store", str(folder))
    refused(result, 2, str(folder), "not an Oxigraph store", "notes.txt", "new or empty folder")
    assert LOCK_HINT not in result.stderr
    assert folder_listing(folder) == before


def test_a_store_with_a_stranger_file_in_it_is_refused(
    shipped_store: Path, unchanged: Callable[[], None]
) -> None:
    (shipped_store / "notes.txt").write_text("not Oxigraph's")
    result = kg_capped("load", "--store", str(shipped_store))
    refused(result, 2, "not an Oxigraph store", "notes.txt")
    (shipped_store / "notes.txt").unlink()
    unchanged()


@pytest.mark.parametrize("command", ["load", "stats"])
def test_a_file_is_not_a_store(tmp_path: Path, command: str) -> None:
    file = tmp_path / "data.ttl"
    file.write_text("<http://example.org/s> <http://example.org/p> 1 .\n")
    result = kg_capped(command, "--store", str(file))
    refused(result, 2, str(file), "a file, not a store folder")
    assert LOCK_HINT not in result.stderr
    assert file.read_text() == "<http://example.org/s> <http://example.org/p> 1 .\n"


def test_a_store_path_that_cannot_be_created_says_so(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    result = kg_capped("load", "--store", str(blocker / "store"))
    refused(result, 2, str(blocker / "store"), "cannot create the store folder", "you can write")
    assert LOCK_HINT not in result.stderr


def test_an_empty_folder_is_no_store_yet_when_reading(tmp_path: Path) -> None:
    result = kg_capped("stats", "--store", str(tmp_path))
    refused(result, 3, "no store here yet", "kg load")
    assert LOCK_HINT not in result.stderr
    assert not any(tmp_path.iterdir())


def test_an_empty_folder_becomes_a_store(tmp_path: Path) -> None:
    result = kg_capped("load", "--no-validate", "--store", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert store_fingerprint(tmp_path)[0] > 0


def test_a_held_store_keeps_the_lock_hint(
    shipped_store: Path, unchanged: Callable[[], None]
) -> None:
    holder = ox.Store(str(shipped_store))
    result = kg_capped("load", "--store", str(shipped_store))
    del holder
    refused(result, 3, "cannot open the store", LOCK_HINT)
    unchanged()
