"""The dumps `kg export` writes: layout, manifest, checksums, gzip headers, one graph alone,
re-exports and failures (on the embedded store; tests/contract/test_export.py runs the round
trips on both backends)."""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.embedded import EmbeddedStore
from kg.errors import NotFound, NotRepresentable, OutputError, StoreError
from kg.export import DumpFormat, export_dumps
from kg.jsonld import context
from kg.loading import load
from kg.publish_iris import graph_slug
from kg.remote import RemoteStore
from kg.settings import Settings
from kg.store import replace_graph
from tests.support.cli import assert_no_traceback, kg
from tests.support.dumps import manifest, parse, tree
from tests.support.shipped import shipped
from tests.support.virtuoso import free_port

HUDDINGE = "https://example.org/lsk/graph/data/huddinge"
SHIPPED = shipped()
HUDDINGE_TRIPLES = SHIPPED.graph_triples("data/huddinge")


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory, settings: Settings) -> Path:
    """An embedded store holding data/ (read-only in the tests)."""
    path = tmp_path_factory.mktemp("export") / "store"
    store = EmbeddedStore(path)
    load([settings.data_dir], store=store, settings=settings, validate=False)
    store.close()
    return path


@pytest.fixture
def store(store_path: Path) -> Iterator[EmbeddedStore]:
    opened = EmbeddedStore(store_path, read_only=True)
    yield opened
    opened.close()


def test_the_layout_the_publish_folder_promises(
    store: EmbeddedStore, settings: Settings, tmp_path: Path
) -> None:
    report = export_dumps(store, settings=settings, out_dir=tmp_path)
    names = set(tree(tmp_path))
    dumps = {f"all.{e}" for e in ("ttl", "nt", "nq", "trig", "jsonld", "rdf")} | {
        f"graphs/{slug}.{e}" for slug in SHIPPED.slugs for e in ("ttl", "nt", "jsonld", "rdf")
    }
    assert {"data-huddinge", "data-provenance-quote-selectors", "data-vocabulary-themes"} <= set(
        SHIPPED.slugs
    )
    assert names == dumps | {f"{d}.gz" for d in dumps} | {
        "SHA256SUMS",
        "manifest.json",
        "context.jsonld",
    }
    assert report.triples == SHIPPED.triples
    assert report.graphs == {
        settings.graph_prefix + name: n for name, n in SHIPPED.per_graph.items()
    }
    assert report.written == len(names)
    assert {f.file for f in report.files} == dumps | {f"{d}.gz" for d in dumps}


def test_the_manifest_describes_every_file_exactly(
    store: EmbeddedStore, settings: Settings, tmp_path: Path
) -> None:
    export_dumps(store, settings=settings, out_dir=tmp_path)
    listed = manifest(tmp_path)
    assert list(listed) == ["triples", "graphs", "files"]
    assert [f["file"] for f in listed["files"]] == sorted(f["file"] for f in listed["files"])
    assert [g["iri"] for g in listed["graphs"]] == sorted(g["iri"] for g in listed["graphs"])
    media = {
        "ttl": "text/turtle",
        "nt": "application/n-triples",
        "nq": "application/n-quads",
        "trig": "application/trig",
        "jsonld": "application/ld+json",
        "rdfxml": "application/rdf+xml",
    }
    for entry in listed["files"]:
        data = (tmp_path / entry["file"]).read_bytes()
        assert entry["bytes"] == len(data)
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()
        assert entry["mediaType"] == media[entry["format"]]
        if entry["file"].endswith(".gz"):
            assert entry["compression"] == "gzip"
            assert gzip.decompress(data) == (tmp_path / entry["of"]).read_bytes()
        else:
            assert entry["compression"] is None
            assert entry["of"] is None
            assert len(parse(tmp_path / entry["file"])) == entry["triples"]
    by_file = {f["file"]: f for f in listed["files"]}
    assert by_file["all.nq"]["triples"] == SHIPPED.triples
    # A triple stated in two graphs is one triple in the complete triple dumps.
    assert by_file["all.ttl"]["triples"] == SHIPPED.distinct
    assert by_file["all.ttl"]["graph"] is None
    assert by_file["graphs/data-huddinge.ttl"]["graph"] == HUDDINGE
    assert by_file["graphs/data-huddinge.ttl"]["triples"] == HUDDINGE_TRIPLES
    sums = (tmp_path / "SHA256SUMS").read_text().splitlines()
    assert [line.split("  ")[1] for line in sums] == sorted(
        [*by_file, "context.jsonld", "manifest.json"]
    )
    for line in sums:
        digest, name = line.split("  ")
        assert hashlib.sha256((tmp_path / name).read_bytes()).hexdigest() == digest


def test_gzip_headers_carry_no_time_and_no_file_name(
    store: EmbeddedStore, settings: Settings, tmp_path: Path
) -> None:
    export_dumps(store, settings=settings, out_dir=tmp_path, formats=[DumpFormat.TTL])
    header = (tmp_path / "all.ttl.gz").read_bytes()[:10]
    assert header[:3] == b"\x1f\x8b\x08"
    assert header[3] & 0x08 == 0  # FNAME flag
    assert header[4:8] == b"\0\0\0\0"  # MTIME


def test_context_file_is_the_context_the_dumps_carry(
    store: EmbeddedStore, settings: Settings, tmp_path: Path
) -> None:
    export_dumps(store, settings=settings, out_dir=tmp_path, formats=[DumpFormat.JSONLD])
    published = json.loads((tmp_path / "context.jsonld").read_text(encoding="utf-8"))
    inline = json.loads((tmp_path / "all.jsonld").read_text(encoding="utf-8"))
    assert published == {"@context": context(settings.namespaces)}
    assert inline["@context"] == published["@context"]
    assert set(published["@context"]) == set(settings.namespaces.prefixes)


@pytest.mark.parametrize("name", [HUDDINGE, "data-huddinge", "data/huddinge"])
def test_one_graph_alone_by_iri_or_slug(
    name: str, store: EmbeddedStore, settings: Settings, tmp_path: Path
) -> None:
    formats = [DumpFormat.TTL, DumpFormat.NQ]
    report = export_dumps(
        store, settings=settings, out_dir=tmp_path, formats=formats, graphs=[name]
    )
    assert report.graphs == {HUDDINGE: HUDDINGE_TRIPLES}
    assert set(tree(tmp_path)) == {
        "graphs/data-huddinge.ttl",
        "graphs/data-huddinge.ttl.gz",
        "graphs/data-huddinge.nq",
        "graphs/data-huddinge.nq.gz",
        "SHA256SUMS",
        "manifest.json",
        "context.jsonld",
    }
    quads = parse(tmp_path / "graphs/data-huddinge.nq")
    assert {q.graph_name for q in quads} == {ox.NamedNode(HUDDINGE)}
    assert {q.triple for q in quads} == set(store.graph_triples(HUDDINGE))
    assert manifest(tmp_path)["graphs"] == [{"iri": HUDDINGE, "triples": HUDDINGE_TRIPLES}]


def test_an_unknown_graph_is_refused_naming_the_graphs_there_are(
    store: EmbeddedStore, settings: Settings, tmp_path: Path
) -> None:
    with pytest.raises(NotFound) as caught:
        export_dumps(store, settings=settings, out_dir=tmp_path, graphs=["data-nowhere"])
    assert "data-nowhere" in caught.value.message
    assert caught.value.hint is not None
    assert "data-huddinge" in caught.value.hint
    assert list(tmp_path.iterdir()) == []


def test_an_empty_store_is_a_clear_error(settings: Settings, tmp_path: Path) -> None:
    with pytest.raises(NotFound, match="no graphs"):
        export_dumps(EmbeddedStore(), settings=settings, out_dir=tmp_path / "dumps")
    assert not (tmp_path / "dumps").exists()


def test_exporting_again_replaces_its_own_files_and_nothing_else(
    store: EmbeddedStore, settings: Settings, tmp_path: Path
) -> None:
    export_dumps(store, settings=settings, out_dir=tmp_path)
    (tmp_path / "README.txt").write_text("the publisher's own file")
    export_dumps(store, settings=settings, out_dir=tmp_path, formats=[DumpFormat.NT])
    names = set(tree(tmp_path))
    assert "README.txt" in names
    assert "all.ttl" not in names
    assert "graphs/data-huddinge.ttl.gz" not in names
    assert {"all.nt", "all.nt.gz", "graphs/data-huddinge.nt"} <= names
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".export-")]


def test_a_failed_export_leaves_the_folder_as_it_was(settings: Settings, tmp_path: Path) -> None:
    store = EmbeddedStore()
    graph = settings.graph_prefix + "odd"
    # An IRI whose scheme is a prefix of the JSON-LD context cannot be written as JSON-LD,
    # and JSON-LD comes after the other formats: their files are written, then given up.
    replace_graph(
        store,
        graph,
        [ox.Triple(ox.NamedNode("lsk:odd"), ox.NamedNode("http://e/p"), ox.Literal("x"))],
    )
    out = tmp_path / "dumps"
    export_dumps(store, settings=settings, out_dir=out, formats=[DumpFormat.NT])
    before = tree(out)
    with pytest.raises(NotRepresentable, match="lsk:odd"):
        export_dumps(store, settings=settings, out_dir=out)
    assert tree(out) == before
    assert not [p for p in out.iterdir() if p.name.startswith(".export-")]


def test_a_store_that_fails_changes_nothing(settings: Settings, tmp_path: Path) -> None:
    down = RemoteStore(f"http://127.0.0.1:{free_port()}/sparql", timeout=5)
    with pytest.raises(StoreError, match="cannot connect"):
        export_dumps(down, settings=settings, out_dir=tmp_path / "dumps")
    assert not (tmp_path / "dumps").exists()


def test_two_graphs_with_one_slug_are_refused(settings: Settings, tmp_path: Path) -> None:
    store = EmbeddedStore()
    for name in ("a/b-c", "a-b/c"):
        replace_graph(
            store,
            settings.graph_prefix + name,
            [ox.Triple(ox.NamedNode("http://e/s"), ox.NamedNode("http://e/p"), ox.Literal(name))],
        )
    with pytest.raises(OutputError, match="graphs/a-b-c"):
        export_dumps(store, settings=settings, out_dir=tmp_path / "dumps")
    assert not (tmp_path / "dumps").exists()


def test_graph_slugs(settings: Settings) -> None:
    prefix = settings.graph_prefix
    assert graph_slug(prefix + "data/vocabulary/themes", settings.graph_prefix) == (
        "data-vocabulary-themes"
    )
    assert graph_slug(prefix + "external/x", settings.graph_prefix) == "external-x"


# ------------------------------------------------------------------------------ kg export


def test_kg_export_writes_the_dumps_and_says_so(store_path: Path, tmp_path: Path) -> None:
    result = kg("export", "--store", str(store_path), "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(
        f"Exported {SHIPPED.triples:,} triples in {SHIPPED.graphs} graph(s) from "
    )
    assert (tmp_path / "all.jsonld.gz").is_file()


def test_kg_export_of_one_graph_in_one_format(store_path: Path, tmp_path: Path) -> None:
    result = kg(
        "export", "--store", str(store_path), "--out", str(tmp_path), "--graph", "data-huddinge",
        "--format", "rdfxml",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert f"{HUDDINGE_TRIPLES} triples in 1 graph(s)" in result.stdout
    assert set(tree(tmp_path)) == {
        "graphs/data-huddinge.rdf",
        "graphs/data-huddinge.rdf.gz",
        "SHA256SUMS",
        "manifest.json",
        "context.jsonld",
    }


def test_kg_export_of_an_unknown_graph_exits_2_without_a_traceback(
    store_path: Path, tmp_path: Path
) -> None:
    result = kg("export", "--store", str(store_path), "--out", str(tmp_path), "--graph", "x")
    assert result.returncode == 2
    assert_no_traceback(result)
    assert "error: no named graph 'x' in the store" in result.stderr
    assert "data-vocabulary-themes" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_kg_export_to_a_folder_it_cannot_write_exits_2(store_path: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = kg("export", "--store", str(store_path), "--out", str(blocker / "dumps"))
    assert result.returncode == 2
    assert_no_traceback(result)
    assert "cannot write the dumps" in result.stderr


def test_kg_export_of_a_missing_store_exits_3(tmp_path: Path) -> None:
    result = kg("export", "--store", str(tmp_path / "none"), "--out", str(tmp_path / "out"))
    assert result.returncode == 3
    assert_no_traceback(result)
    assert "no store here yet" in result.stderr
