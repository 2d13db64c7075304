"""Input files that could exhaust the machine or lose data are refused before parsing, with a
message naming the file and exit 2, and the store is left as it was."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from kg.embedded import graph_name
from kg.settings import Settings
from tests.bad_inputs.conftest import kg_capped, store_fingerprint
from tests.support.cli import PROJECT_DIR, assert_no_traceback, kg

EX = "http://example.org/"
GOOD = f"<{EX}s> <{EX}p> <{EX}o> .\n"

# Nine levels of ten: a 1 KB file that expands to a gigabyte of text.
ENTITY_BOMB = (
    '<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n <!ENTITY a0 "lollollollollollollollollollol">\n'
    + "".join(f' <!ENTITY a{i} "{f"&a{i - 1};" * 10}">\n' for i in range(1, 10))
    + f']>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="{EX}">\n'
    + f' <rdf:Description rdf:about="{EX}s"><ex:p>&a9;</ex:p></rdf:Description>\n</rdf:RDF>\n'
)


def refused(result: subprocess.CompletedProcess[str], *words: str) -> None:
    assert result.returncode == 2, result.stderr
    assert_no_traceback(result)
    for word in words:
        assert word in result.stderr, result.stderr


@pytest.mark.parametrize("suffix", [".rdf", ".owl"])
@pytest.mark.parametrize("command", ["load", "validate"])
def test_an_entity_bomb_is_refused_before_parsing(
    tmp_path: Path, shipped_store: Path, unchanged: Callable[[], None], command: str, suffix: str
) -> None:
    bomb = tmp_path / f"lol{suffix}"
    bomb.write_text(ENTITY_BOMB)
    args = ["--store", str(shipped_store)] if command == "load" else []
    refused(kg_capped(command, str(bomb), *args), f"{bomb}:2", "DOCTYPE")
    unchanged()


def test_an_entity_declaration_without_a_doctype_is_refused(
    tmp_path: Path, shipped_store: Path, unchanged: Callable[[], None]
) -> None:
    bomb = tmp_path / "entity.rdf"
    bomb.write_text('<?xml version="1.0"?>\n\n<!ENTITY a "b">\n<rdf:RDF/>\n')
    refused(kg_capped("load", str(bomb), "--store", str(shipped_store)), f"{bomb}:3", "ENTITY")
    unchanged()


def test_a_pipe_in_a_folder_is_refused_not_read_forever(
    tmp_path: Path, shipped_store: Path, unchanged: Callable[[], None]
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.ttl").write_text(GOOD)
    os.mkfifo(folder / "pipe.ttl")
    for command in ("load", "validate"):
        args = ["--store", str(shipped_store)] if command == "load" else []
        refused(kg_capped(command, str(folder), *args), f"{folder / 'pipe.ttl'}", "named pipe")
    unchanged()


def test_a_device_given_as_a_path_is_refused(
    shipped_store: Path, unchanged: Callable[[], None]
) -> None:
    result = kg_capped("load", "/dev/zero", "--store", str(shipped_store))
    refused(result, "/dev/zero", "not a regular file", "character device")
    unchanged()


def test_a_link_to_a_device_in_a_folder_is_refused(
    tmp_path: Path, shipped_store: Path, unchanged: Callable[[], None]
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "zero.ttl").symlink_to("/dev/zero")
    refused(kg_capped("load", str(folder), "--store", str(shipped_store)), "zero.ttl", "device")
    unchanged()


def test_a_file_over_the_size_limit_is_refused(
    tmp_path: Path, shipped_store: Path, unchanged: Callable[[], None]
) -> None:
    big = tmp_path / "big.nt"
    big.write_text(GOOD * 100)
    result = kg_capped(
        "load", str(big), "--store", str(shipped_store), env={"KG_MAX_INPUT_BYTES": "1000"}
    )
    refused(result, str(big), "KG_MAX_INPUT_BYTES")
    unchanged()


def test_a_malformed_size_limit_is_a_settings_error(
    tmp_path: Path, shipped_store: Path, unchanged: Callable[[], None]
) -> None:
    good = tmp_path / "good.nt"
    good.write_text(GOOD)
    for bad in ("lots", "-1", "0"):
        result = kg_capped(
            "load", str(good), "--store", str(shipped_store), env={"KG_MAX_INPUT_BYTES": bad}
        )
        refused(result, "KG_MAX_INPUT_BYTES", repr(bad))
    unchanged()


@pytest.mark.parametrize("suffix", [".ttl", ".jsonld"])
def test_a_huge_literal_is_a_clear_refusal_not_a_bug(
    tmp_path: Path, shipped_store: Path, unchanged: Callable[[], None], suffix: str
) -> None:
    text = "a" * 20_000_000
    huge = tmp_path / f"huge{suffix}"
    if suffix == ".jsonld":
        huge.write_text(json.dumps({"@id": f"{EX}s", f"{EX}p": text}))
    else:
        huge.write_text(f'<{EX}s> <{EX}p> "{text}" .\n')
    refused(kg_capped("load", str(huge), "--store", str(shipped_store)), str(huge), "16 MiB")
    unchanged()


def test_deeply_nested_rdf_xml_is_refused_quickly(
    tmp_path: Path, shipped_store: Path, unchanged: Callable[[], None]
) -> None:
    depth = 100_000  # the parser takes minutes on this (quadratic in the depth)
    deep = tmp_path / "deep.rdf"
    deep.write_text(
        f'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="{EX}">'
        + f'<rdf:Description rdf:about="{EX}s">'
        + "<ex:p><rdf:Description>" * depth
        + "</rdf:Description></ex:p>" * depth
        + "</rdf:Description></rdf:RDF>"
    )
    result = kg_capped("load", str(deep), "--store", str(shipped_store), timeout=30)
    refused(result, f"{deep}:1", "nested")
    unchanged()


def test_outside_files_of_one_name_get_graphs_of_their_own(tmp_path: Path) -> None:
    store = tmp_path / "store"
    for folder, thing in (("a", "one"), ("b", "two")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "good.nt").write_text(f"<{EX}{thing}> <{EX}p> <{EX}o> .\n")
        loaded = kg(
            "load", "--no-validate", str(tmp_path / folder / "good.nt"), "--store", str(store)
        )
        assert loaded.returncode == 0, loaded.stderr
    count, _ = store_fingerprint(store)
    assert count == 2  # b/good.nt did not replace what a/good.nt loaded


def test_loading_an_outside_file_again_replaces_its_own_graph(tmp_path: Path) -> None:
    store, source = tmp_path / "store", tmp_path / "good.nt"
    for thing in ("one", "two"):
        source.write_text(f"<{EX}{thing}> <{EX}p> <{EX}o> .\n")
        assert kg("load", "--no-validate", str(source), "--store", str(store)).returncode == 0
    assert store_fingerprint(store)[0] == 1


def test_two_files_of_one_load_for_one_graph_are_refused(tmp_path: Path) -> None:
    project = tmp_path / "project"
    (project / "data").mkdir(parents=True)
    (project / "data" / "x.ttl").write_text(GOOD)
    (project / "data" / "x.nt").write_text(f"<{EX}t> <{EX}p> <{EX}o> .\n")
    store = tmp_path / "store"
    result = kg_capped(
        "load",
        "--no-validate",
        str(project / "data"),
        "--store",
        str(store),
        env={"KG_PROJECT_DIR": str(project)},
    )
    refused(result, "x.ttl", "x.nt", "same graph")
    assert not store.exists() or not any(store.iterdir()) or store_fingerprint(store)[0] == 0


def test_the_same_file_twice_in_one_load_is_loaded_once(tmp_path: Path) -> None:
    source, store = tmp_path / "good.nt", tmp_path / "store"
    source.write_text(GOOD)
    result = kg("load", "--no-validate", str(tmp_path), str(source), "--store", str(store))
    assert result.returncode == 0, result.stderr
    assert "into 1 graph(s)" in result.stdout


def test_shipped_graph_names_are_unchanged() -> None:
    settings = Settings(project_dir=PROJECT_DIR)
    path = PROJECT_DIR / "data" / "vocabulary" / "themes.ttl"
    assert graph_name(path, settings=settings) == settings.graph_prefix + "data/vocabulary/themes"


def test_an_outside_file_name_that_no_iri_can_hold_is_encoded(tmp_path: Path) -> None:
    folder = tmp_path / "with space"
    folder.mkdir()
    (folder / "x#1.nt").write_text(GOOD)
    store = tmp_path / "store"
    result = kg("load", "--no-validate", str(folder / "x#1.nt"), "--store", str(store))
    assert result.returncode == 0, result.stderr
    stats = kg("stats", "--store", str(store))
    assert "with%20space/x%231.nt" in stats.stdout
