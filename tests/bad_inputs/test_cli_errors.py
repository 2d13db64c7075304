"""Ordinary mistakes on the command line: each is refused with exit 2 (or 3 when the store or a
server it calls fails), a message naming the argument or file, a hint, no traceback, and the
store unchanged. Exit 70 is kept for bugs in kg."""

from __future__ import annotations

import socket
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.bad_inputs.conftest import kg_capped
from tests.support.cli import assert_no_traceback

QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def refused(
    result: subprocess.CompletedProcess[str], code: int, *messages: str
) -> subprocess.CompletedProcess[str]:
    assert_no_traceback(result)
    assert result.returncode == code, result.stdout + result.stderr
    for message in messages:
        assert message in result.stderr
    return result


def hinted(result: subprocess.CompletedProcess[str]) -> None:
    assert "hint:" in result.stderr


# ------------------------------------------------------------------ kg serve: option values


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--port", "70000", "Invalid value for '--port'"),
        ("--port", "-1", "Invalid value for '--port'"),
        ("--port", "http", "Invalid value for '--port'"),
        ("--timeout", "-1", "-1.0 is not a number of seconds above 0"),
        ("--timeout", "0", "0.0 is not a number of seconds above 0"),
        ("--timeout", "nan", "nan is not a number of seconds above 0"),
        ("--workers", "0", "Invalid value for '--workers'"),
        ("--workers", "100000", "Invalid value for '--workers'"),
    ],
)
def test_serve_refuses_an_option_out_of_range(
    shipped_store: Path, unchanged: Callable[[], None], option: str, value: str, message: str
) -> None:
    result = kg_capped("serve", "--store", str(shipped_store), option, value, timeout=30)
    refused(result, 2, message)
    assert "--help" in result.stderr  # click's hint: where to read what the option takes
    unchanged()


def test_serve_refuses_a_host_that_does_not_resolve(
    shipped_store: Path, unchanged: Callable[[], None]
) -> None:
    result = kg_capped("serve", "--store", str(shipped_store), "--host", "no such host!")
    hinted(refused(result, 2, "--host 'no such host!' is not an address"))
    unchanged()


def test_serve_refuses_an_address_of_another_machine(
    shipped_store: Path, unchanged: Callable[[], None]
) -> None:
    result = kg_capped("serve", "--store", str(shipped_store), "--host", "192.0.2.1")
    hinted(refused(result, 2, "cannot listen on 192.0.2.1:8000"))
    unchanged()


def test_serve_refuses_a_port_in_use_before_starting_workers(
    shipped_store: Path, unchanged: Callable[[], None]
) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        result = kg_capped("serve", "--store", str(shipped_store), "--port", port)
    refused(result, 2, f"cannot listen on 127.0.0.1:{port}", "choose another --port")
    unchanged()


# ------------------------------------------------------------------ kg query: the query file


def test_query_file_in_latin_1_is_refused_naming_the_line(
    shipped_store: Path, unchanged: Callable[[], None], tmp_path: Path
) -> None:
    query = tmp_path / "q.rq"
    query.write_bytes('SELECT * WHERE {\n ?s ?p "år" }'.encode("latin-1"))
    result = kg_capped("query", "--store", str(shipped_store), "--file", str(query))
    hinted(refused(result, 2, f"{query}:2: not UTF-8", "Save the query file as UTF-8"))
    unchanged()


@pytest.mark.parametrize("kind", ["missing", "directory"])
def test_query_file_that_is_not_a_file_is_refused(
    shipped_store: Path, unchanged: Callable[[], None], tmp_path: Path, kind: str
) -> None:
    path = tmp_path / "q.rq"
    if kind == "directory":
        path.mkdir()
    result = kg_capped("query", "--store", str(shipped_store), "--file", str(path))
    hinted(refused(result, 2, str(path)))
    unchanged()


def test_query_file_that_is_a_pipe_is_refused_not_read_forever(
    shipped_store: Path, unchanged: Callable[[], None], tmp_path: Path
) -> None:
    pipe = tmp_path / "q.rq"
    subprocess.run(["mkfifo", str(pipe)], check=True)
    result = kg_capped("query", "--store", str(shipped_store), "--file", str(pipe), timeout=30)
    hinted(refused(result, 2, f"{pipe}: not a regular file"))
    unchanged()


# ------------------------------------------------------------------ kg query: the query itself


@pytest.mark.parametrize(
    "update",
    [
        "INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }",
        "PREFIX x: <http://x/> DELETE WHERE { ?s ?p ?o }",
        "CLEAR ALL",
        "DROP DEFAULT",
    ],
)
def test_an_update_given_to_query_is_refused_as_an_update(
    shipped_store: Path, unchanged: Callable[[], None], update: str
) -> None:
    result = kg_capped("query", "--store", str(shipped_store), update)
    hinted(refused(result, 2, "this is an update", "kg load"))
    unchanged()


@pytest.mark.parametrize(
    "query",
    [
        "SELEC ?s WHERE { ?s ?p ?o }",
        "SELECT * WHERE { undeclared:a ?p ?o }",
        "SELECT ?x WHERE { ?s ?p ?o } GROUP BY ?s",
        "SELECT * WHERE { ?s ?p ?o } LIMIT 99999999999999999999999",
        "",
    ],
)
def test_a_malformed_query_is_bad_input_not_a_store_failure(
    shipped_store: Path, unchanged: Callable[[], None], query: str
) -> None:
    result = kg_capped("query", "--store", str(shipped_store), query)
    hinted(refused(result, 2, "malformed query"))
    unchanged()


def test_a_cross_product_is_refused_as_it_grows_not_after_it_took_the_memory(
    shipped_store: Path, unchanged: Callable[[], None]
) -> None:
    # Tens of billions of rows: held whole, they took the 2 GB cap and the process aborted.
    cross = "SELECT * { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    result = kg_capped("query", "--store", str(shipped_store), cross)
    hinted(refused(result, 2, "more than 555,555 rows", "terms are held in memory"))
    unchanged()


@pytest.mark.parametrize(
    "service", ["http://127.0.0.1:9/sparql", "file:///etc/passwd"], ids=["port", "scheme"]
)
def test_a_failing_service_call_is_a_store_failure_not_a_bug(
    shipped_store: Path, unchanged: Callable[[], None], service: str
) -> None:
    query = f"SELECT * WHERE {{ SERVICE <{service}> {{ ?s ?p ?o }} }}"
    result = kg_capped("query", "--store", str(shipped_store), query)
    hinted(refused(result, 3, "the query failed"))
    unchanged()


# ------------------------------------------------------------------ output paths


@pytest.mark.parametrize("out", ["/proc/kg-test/out", "file"], ids=["unwritable", "a-file"])
def test_catalog_to_a_folder_it_cannot_write_is_refused(
    shipped_store: Path, unchanged: Callable[[], None], tmp_path: Path, out: str
) -> None:
    dumps = tmp_path / "dumps"
    exported = kg_capped("export", "--store", str(shipped_store), "--out", str(dumps), "-f", "nt")
    assert exported.returncode == 0, exported.stderr
    target = Path(out) if out.startswith("/") else tmp_path / out
    if out == "file":
        target.write_text("not a folder")
    result = kg_capped(
        "catalog", "--store", str(shipped_store), "--out", str(target), "--dumps", str(dumps)
    )
    hinted(refused(result, 2, f"{target}/catalog.ttl: cannot be written"))
    unchanged()


@pytest.mark.parametrize(
    "command",
    [
        ["export", "--out", "/proc/kg-test/dumps"],
        ["docs", "--out", "/proc/kg-test/publish"],
        ["synth", "--triples", "10", "--out", "/proc/kg-test/x.nt"],
    ],
    ids=["export", "docs", "synth"],
)
def test_an_unwritable_output_path_is_refused(
    shipped_store: Path, unchanged: Callable[[], None], command: list[str]
) -> None:
    store = ["--store", str(shipped_store)] if command[0] == "export" else []
    result = kg_capped(*command, *store)
    hinted(refused(result, 2, "/proc/kg-test/"))
    unchanged()


def test_synth_to_a_folder_is_refused(tmp_path: Path) -> None:
    result = kg_capped("synth", "--triples", "10", "--out", str(tmp_path))
    hinted(refused(result, 2, f"{tmp_path}: cannot be written"))
