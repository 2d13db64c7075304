"""`kg export` from either backend: every dump parses back to what the store holds, and the
same data gives the same bytes, from embedded Oxigraph and from a real Virtuoso alike."""

from __future__ import annotations

import dataclasses
import subprocess
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib.compare import isomorphic

from kg.connect import open_store
from kg.export import export_dumps
from kg.loading import load
from kg.settings import Settings
from kg.store import Store
from tests.contract.conftest import clear, remote_store
from tests.support.cli import assert_no_traceback, kg
from tests.support.dumps import as_rdflib, assert_round_trip, manifest, parse, store_quads, tree
from tests.support.serving import loaded
from tests.support.shipped import shipped
from tests.support.virtuoso import Virtuoso

BACKENDS = ["embedded", "virtuoso"]


def with_data(
    backend: str, request: pytest.FixtureRequest, directory: Path, settings: Settings
) -> Settings:
    """Settings for a store of `backend` holding data/; for Virtuoso with the credentials
    `kg export` finds in KG_UPDATE_URL/KG_USER, so it may read by Graph Store Protocol."""
    loaded_settings = loaded(
        backend, [settings.data_dir], request=request, directory=directory, settings=settings
    )
    if backend == "embedded":
        return loaded_settings
    server: Virtuoso = request.getfixturevalue("virtuoso")
    return dataclasses.replace(
        loaded_settings,
        update_url=server.update_url,
        user=server.user,
        password=server.password,
    )


def export(settings: Settings, out: Path) -> None:
    with_store = open_store(settings, read_only=True)
    try:
        export_dumps(with_store, settings=settings, out_dir=out)
    finally:
        with_store.close()


@pytest.mark.parametrize("backend", BACKENDS)
def test_every_dump_parses_back_to_what_the_store_holds(
    backend: str, request: pytest.FixtureRequest, tmp_path: Path, settings: Settings
) -> None:
    source = with_data(backend, request, tmp_path, settings)
    out = tmp_path / "dumps"
    export(source, out)
    store = open_store(source, read_only=True)
    try:
        expected = store_quads(store, source)
        sizes = store.graph_sizes(source.graph_prefix)
    finally:
        store.close()
    data = shipped()
    assert len(expected) == data.triples
    assert {g.removeprefix(source.graph_prefix): n for g, n in sizes.items()} == data.per_graph
    # 6 complete dumps and 4 formats for each graph, each with its .gz
    assert assert_round_trip(out, expected) == 2 * (6 + 4 * data.graphs)
    listed = manifest(out)
    assert listed["triples"] == data.triples
    assert {g["iri"]: g["triples"] for g in listed["graphs"]} == sizes
    checked = subprocess.run(
        ["sha256sum", "--check", "--strict", "SHA256SUMS"],
        cwd=out,
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.count(": OK") == len(listed["files"]) + 2  # + context, manifest


def test_the_same_data_gives_the_same_bytes_from_either_backend_and_every_time(
    request: pytest.FixtureRequest, tmp_path: Path, settings: Settings
) -> None:
    embedded = with_data("embedded", request, tmp_path / "embedded", settings)
    virtuoso = with_data("virtuoso", request, tmp_path / "virtuoso", settings)
    export(embedded, tmp_path / "first")
    export(embedded, tmp_path / "again")
    export(virtuoso, tmp_path / "from-virtuoso")
    first = tree(tmp_path / "first")
    assert len(first) == 2 * (6 + 4 * shipped().graphs) + 3
    assert tree(tmp_path / "again") == first
    assert tree(tmp_path / "from-virtuoso") == first


BLANK_NODES = """
@prefix ex: <http://example.org/blank/> .
ex:a ex:address [ ex:street "Storgatan 1" ; ex:city "Uppsala" ] ;
     ex:knows [ ex:name "twin" ] , [ ex:name "twin" ] ;
     ex:list ( "1" "2" ( "nested" ) ) .
_:one ex:next _:two . _:two ex:next _:three . _:three ex:next _:one .
_:solo ex:note "only blank nodes here"@en .
"""


def test_blank_nodes_are_labelled_the_same_in_fresh_stores_of_either_backend(
    virtuoso: Virtuoso, tmp_path: Path, settings: Settings
) -> None:
    source = tmp_path / "blank.ttl"
    source.write_text(BLANK_NODES, encoding="utf-8")
    outs, labels = [], []
    for name in ("embedded-1", "embedded-2", "virtuoso"):
        # Each load parses the file afresh, so each store has blank nodes of its own.
        writer: Store
        if name == "virtuoso":
            store_settings = dataclasses.replace(settings, store=virtuoso.query_url)
            writer = remote_store(virtuoso)
            clear(writer, settings)
        else:
            store_settings = dataclasses.replace(settings, store=str(tmp_path / name))
            writer = open_store(store_settings)
        load([source], store=writer, settings=settings, validate=False)
        writer.close()
        store = open_store(store_settings, read_only=True)
        try:
            graph = next(iter(store.graph_sizes(settings.graph_prefix)))
            labels.append({str(t.subject) for t in store.graph_triples(graph)})
            export_dumps(store, settings=settings, out_dir=tmp_path / f"out-{name}")
            expected = store_quads(store, settings)
        finally:
            store.close()
        outs.append(tmp_path / f"out-{name}")
        assert_round_trip(outs[-1], expected)
    assert labels[0] != labels[1]  # the stores' own labels differ; the dumps must not
    assert tree(outs[0]) == tree(outs[1]) == tree(outs[2])
    written = {q.triple for q in parse(outs[0] / "all.nt")}
    original = [q.triple for q in ox.parse(BLANK_NODES, format=ox.RdfFormat.TURTLE)]
    assert isomorphic(as_rdflib(written), as_rdflib(original))
    assert "_:c14n0 " in (outs[0] / "all.nt").read_text(encoding="utf-8")
    cleaner = remote_store(virtuoso)
    clear(cleaner, settings)
    cleaner.close()


@pytest.mark.parametrize("backend", BACKENDS)
def test_kg_export_on_the_command_line(
    backend: str, request: pytest.FixtureRequest, tmp_path: Path, settings: Settings
) -> None:
    # From a server, only the query endpoint is given: the export reads it by pages.
    source = loaded(
        backend, [settings.data_dir], request=request, directory=tmp_path, settings=settings
    )
    out = tmp_path / "dumps"
    result = kg("export", "--store", source.store, "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert_no_traceback(result)
    summary = result.stdout.strip()
    data = shipped()
    assert summary.startswith(f"Exported {data.triples:,} triples in {data.graphs} graph(s) from ")
    # 6 complete dumps and 4 formats for each graph, each with its .gz; checksums, manifest
    # and context.
    assert f"{2 * (6 + 4 * data.graphs) + 3} files in " in summary
    library = tmp_path / "library"
    export(with_data("embedded", request, tmp_path / "embedded", settings), library)
    assert tree(out) == tree(library)

    unknown = kg("export", "--store", source.store, "--out", str(out), "--graph", "nowhere")
    assert unknown.returncode == 2
    assert_no_traceback(unknown)
    assert "no named graph 'nowhere'" in unknown.stderr
    assert "data-huddinge" in unknown.stderr
    assert tree(out) == tree(library)  # the refused export changed nothing
