"""`kg load`, `kg stats`, `kg query` and `kg synth` as a user runs them, on both backends."""

from __future__ import annotations

import csv
import io
import json
import subprocess
from pathlib import Path

import pyoxigraph as ox

from kg.settings import Settings
from tests.conftest import PROJECT_DIR, SHAPE_FIXTURES
from tests.contract.conftest import clear, remote_store
from tests.support.cli import KG, assert_no_traceback, kg
from tests.support.shipped import shipped
from tests.support.virtuoso import Virtuoso, free_port

STANCES = "PREFIX lsk: <https://example.org/lsk/def/> SELECT (COUNT(?s) AS ?stances) WHERE { ?s a lsk:Stance }"


def virtuoso_env(server: Virtuoso) -> dict[str, str]:
    return {
        "KG_STORE": server.query_url,
        "KG_UPDATE_URL": server.update_url,
        "KG_USER": server.user,
        "KG_PASSWORD": server.password,
    }


def stats_body(output: str) -> list[str]:
    """The stats output without its first line, which names the store."""
    return output.splitlines()[1:]


def test_load_then_stats_on_the_embedded_store(tmp_path: Path) -> None:
    store = str(tmp_path / "store")
    loaded = kg("load", "--store", store)
    assert loaded.returncode == 0, loaded.stderr
    data = shipped()
    assert f"Loaded {data.triples} triples into {data.graphs} graph(s)" in loaded.stdout
    stats = kg("stats", "--store", store)
    assert stats.returncode == 0, stats.stderr
    assert stats.stdout.splitlines()[0].startswith(
        f"{data.triples} triples in {data.graphs} graphs"
    )
    assert "lsk:Stance" in stats.stdout


def test_virtuoso_gives_the_same_stats_as_the_embedded_store(
    virtuoso: Virtuoso, settings: Settings, tmp_path: Path
) -> None:
    store = remote_store(virtuoso)
    clear(store, settings)
    env = virtuoso_env(virtuoso)
    assert kg("load", "data/", env=env).returncode == 0
    remote = kg("stats", env=env)
    assert kg("load", "data/", "--store", str(tmp_path / "store")).returncode == 0
    embedded = kg("stats", "--store", str(tmp_path / "store"))
    assert remote.returncode == embedded.returncode == 0
    assert "triples" in remote.stdout.splitlines()[0]
    assert stats_body(remote.stdout) == stats_body(embedded.stdout)
    clear(store, settings)


def test_malformed_file_exits_2_and_loads_nothing(tmp_path: Path) -> None:
    store = str(tmp_path / "store")
    kg("load", "--store", store)
    before = kg("stats", "--store", store).stdout
    broken = tmp_path / "broken.ttl"
    broken.write_text("<http://example.org/a> <http://example.org/b> .\n")
    result = kg("load", "data/", str(broken), "--store", store)
    assert result.returncode == 2
    assert f"{broken}:1:" in result.stderr
    assert_no_traceback(result)
    assert kg("stats", "--store", store).stdout == before


def test_shape_violation_exits_1_naming_node_and_shape(tmp_path: Path) -> None:
    store = str(tmp_path / "store")
    fixture = SHAPE_FIXTURES / "Stance-quote" / "invalid.ttl"
    result = kg("load", "data/", str(fixture), "--store", store)
    assert result.returncode == 1
    assert "stance:fixture-short-quote" in result.stderr
    assert "lsksh:Stance-quote" in result.stderr
    assert "nothing was loaded" in result.stderr
    assert not (tmp_path / "store").exists() or kg("stats", "--store", store).stdout.startswith(
        "0 triples"
    )


def test_query_prints_table_csv_tsv_json_and_rdf(tmp_path: Path) -> None:
    store = str(tmp_path / "store")
    kg("load", "--store", store)
    table = kg("query", STANCES, "--store", store)
    assert "116" in table.stdout
    rows = list(csv.reader(io.StringIO(kg("query", STANCES, "-f", "csv", "--store", store).stdout)))
    assert rows == [["stances"], ["116"]]
    tsv = kg("query", STANCES, "-f", "tsv", "--store", store).stdout.splitlines()
    assert tsv == ["?stances", '"116"^^<http://www.w3.org/2001/XMLSchema#integer>']
    document = json.loads(kg("query", STANCES, "-f", "json", "--store", store).stdout)
    assert document["results"]["bindings"][0]["stances"]["value"] == "116"
    turtle = kg(
        "query",
        "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o . FILTER (?s = <https://example.org/lsk/id/actor/stuns>) }",
        "--store",
        store,
    ).stdout
    triples = list(ox.parse(turtle.encode(), format=ox.RdfFormat.TURTLE))
    assert triples
    assert {t.subject.value for t in triples} == {"https://example.org/lsk/id/actor/stuns"}


def test_query_from_a_file(tmp_path: Path) -> None:
    store = str(tmp_path / "store")
    kg("load", "--store", store)
    query = tmp_path / "stances.rq"
    query.write_text(STANCES)
    assert "116" in kg("query", "--file", str(query), "--store", store).stdout


def test_query_on_a_store_that_does_not_exist_exits_3_with_a_hint(tmp_path: Path) -> None:
    result = kg("stats", "--store", str(tmp_path / "nothing-here"))
    assert result.returncode == 3
    assert "no store here yet" in result.stderr
    assert "kg load" in result.stderr


def test_a_server_that_is_down_exits_3_quickly() -> None:
    url = f"http://127.0.0.1:{free_port()}/sparql"
    result = kg("stats", "--store", url)
    assert result.returncode == 3
    assert url in result.stderr
    assert "cannot connect" in result.stderr
    assert_no_traceback(result)


def test_malformed_query_is_reported(tmp_path: Path) -> None:
    store = str(tmp_path / "store")
    kg("load", "--store", store)
    result = kg("query", "SELECT WHERE {", "--store", store)
    assert result.returncode == 2  # the input is wrong, not the store (3)
    assert "malformed query" in result.stderr
    assert_no_traceback(result)


def test_synth_writes_a_deterministic_conforming_graph(tmp_path: Path) -> None:
    first, second = tmp_path / "a.nt", tmp_path / "b.nt"
    assert kg("synth", "--triples", "5000", "--out", str(first), "--seed", "7").returncode == 0
    assert kg("synth", "--triples", "5000", "--out", str(second), "--seed", "7").returncode == 0
    assert first.read_bytes() == second.read_bytes()
    assert len(first.read_text().splitlines()) >= 5000
    other = tmp_path / "c.nt"
    kg("synth", "--triples", "5000", "--out", str(other), "--seed", "8")
    assert other.read_bytes() != first.read_bytes()
    for engine in ("pyshacl", "turbo"):
        result = kg("validate", "--no-data", "--engine", engine, str(first))
        assert result.returncode == 0, result.stdout[-2000:]


def test_every_store_command_has_help() -> None:
    for command in ("load", "query", "stats", "synth"):
        result = subprocess.run(
            [KG, command, "--help"], capture_output=True, text=True, cwd=PROJECT_DIR, check=False
        )
        assert result.returncode == 0
        assert "--store" in result.stdout or command == "synth"


def test_a_store_another_process_holds_is_named_with_a_hint(tmp_path: Path) -> None:
    path = tmp_path / "store"
    holder = ox.Store(str(path))  # another writer keeps the store's lock
    result = kg("load", "--store", str(path))
    assert result.returncode == 3
    assert "cannot open the store" in result.stderr
    assert "Another kg process" in result.stderr
    assert_no_traceback(result)
    del holder
