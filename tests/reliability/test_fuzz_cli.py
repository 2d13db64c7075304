"""The CLI fuzzed as a user would mistype it: random option values for `kg serve`, `kg query`,
`kg report` and `kg export`, and RDF files cut short, with bytes flipped or invalid UTF-8, for
`kg validate` and `kg load`. Never exit 70 (a bug in kg), never a traceback, never a hang past
the deadline; a load that is refused leaves the store exactly as it was. Each example is a
process (about a second), so the counts are small."""

from __future__ import annotations

import shutil
import string
from collections.abc import Iterator
from pathlib import Path

import pytest
import rdflib
from hypothesis import given
from hypothesis import strategies as st

from kg.settings import Settings
from tests.bad_inputs.conftest import kg_capped, store_fingerprint
from tests.reliability.fuzzing import Tally, assert_clean_exit, fuzz_settings
from tests.support.virtuoso import free_port

# Text no parser reads as a number: no digits, and none of the letters of nan, inf or 1e5.
_not_numbers = st.text(
    st.characters(
        codec="utf-8", exclude_categories=["Nd", "No", "Cs"], exclude_characters="\x00iInNfFaAeE"
    ),
    min_size=1,
    max_size=12,
)
# Names with what a shell or a file system trips on: spaces, quotes, dashes, unicode, `..`.
_odd_names = st.text(
    st.one_of(
        st.sampled_from(" '\"-–$*?;&|~#.,é😀\u202e\\"), st.sampled_from(string.ascii_letters)
    ),
    min_size=1,
    max_size=16,
).filter(lambda name: name.strip(". ") != "" and "/" not in name)
_iris = st.one_of(
    st.sampled_from(
        [
            "consultation:",
            "consultation:nope",
            "<urn:x>",
            "urn:x",
            "http://",
            ":",
            "https://example.org/lsk/consultation/x y",
            "x:y:z",
            "",
        ]
    ),
    st.text(max_size=20).filter(lambda text: "\x00" not in text),
)


@pytest.fixture(scope="module")
def tally() -> Iterator[Tally]:
    counts = Tally("cli")
    yield counts
    counts.write()


@pytest.fixture
def store(served_store: Path) -> Path:
    """The suite's store of the shipped data (conftest), only read; a load gets a copy."""
    return served_store


@pytest.fixture(scope="module")
def rdf_files(settings: Settings) -> dict[str, bytes]:
    """A small shipped file in the three syntaxes kg reads, to mutate."""
    source = settings.data_dir / "roles.ttl"
    graph = rdflib.Graph().parse(source)
    return {
        ".ttl": source.read_bytes(),
        ".nt": graph.serialize(format="nt", encoding="utf-8"),
        ".rdf": graph.serialize(format="xml", encoding="utf-8"),
    }


def copy_of(store: Path, directory: Path) -> Path:
    copy = directory / "store-copy"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(store, copy, ignore=shutil.ignore_patterns("LOCK"))
    return copy


# ------------------------------------------------------------------------------- options

_SERVE_BAD = {
    "--port": st.one_of(st.integers(max_value=0), st.integers(min_value=65536)).map(str)
    | _not_numbers
    | st.sampled_from(["1.5", "", " ", "8000x"]),
    "--workers": st.one_of(st.integers(max_value=0), st.integers(min_value=65)).map(str)
    | _not_numbers
    | st.sampled_from(["1.5", "", "2 workers"]),
    "--timeout": st.sampled_from(["0", "-1", "nan", "inf", "-inf", "1e999", "1e10", "", "0x10"])
    | _not_numbers,
    "--host": st.sampled_from(["256.1.1.1", "host.invalid", "::ffff:999.1.1.1", "-", "a b"]),
}


@given(data=st.data())
@fuzz_settings(quick=4, soak=15)
def test_serve_refuses_bad_options(
    data: st.DataObject, store: Path, tmp_path: Path, tally: Tally
) -> None:
    """One option bad (the others good): kg serve refuses it at once, and never serves."""
    bad = data.draw(st.sampled_from(sorted(_SERVE_BAD)), label="bad option")
    options = {
        "--port": str(free_port()),
        "--workers": "1",
        "--timeout": "5",
        "--host": "127.0.0.1",
    }
    options[bad] = data.draw(_SERVE_BAD[bad], label="value")
    args = [part for pair in options.items() for part in pair]
    with tally.example("kg serve"):
        # Refused at parsing or before listening: well under the deadline. A server that
        # comes up on a bad value runs until killed, and fails the example here.
        result = kg_capped("serve", "--store", str(store), *args, timeout=15)
        tally.outcome("kg serve", result.returncode)
        assert_clean_exit(result, {2, 3})


@given(
    # None: the shipped store; "remote": an endpoint that is not there; else an odd folder.
    store_path=st.one_of(st.none(), st.just("remote"), _odd_names),
    timeout=st.sampled_from([None, "5", "0.5", "inf", "1e10", "nan", "-1", "", "abc", "1e-9"]),
    result_format=st.one_of(
        st.sampled_from(["table", "csv", "tsv", "json", "turtle", "ntriples"]), _odd_names
    ),
    query=st.sampled_from(
        ["ASK {}", "SELECT * { ?s ?p ?o } LIMIT 2", "CONSTRUCT WHERE { ?s a ?o } LIMIT 2"]
    ),
)
@fuzz_settings(quick=4, soak=20)
def test_query_options(
    store: Path,
    tmp_path: Path,
    store_path: str | None,
    timeout: str | None,
    result_format: str,
    query: str,
    tally: Tally,
) -> None:
    before = store_fingerprint(store)
    if store_path is None:
        where = str(store)
    elif store_path == "remote":
        where = f"http://127.0.0.1:{free_port()}/sparql"
    else:  # created empty when missing
        where = str(tmp_path / "stores" / store_path)
    env = {} if timeout is None else {"KG_TIMEOUT": timeout}
    with tally.example("kg query options"):
        result = kg_capped(
            "query", "--store", where, "--format", result_format, "--", query, env=env
        )
        tally.outcome("kg query options", result.returncode)
        assert_clean_exit(result, {0, 2, 3})
        assert store_fingerprint(store) == before


@given(
    report_format=st.one_of(st.sampled_from(["html", "md"]), _odd_names),
    lang=st.one_of(st.sampled_from(["sv", "en"]), _odd_names),
    consultation=st.one_of(st.just("consultation:region-uppsala-rs2026-00072"), _iris),
    version=st.one_of(st.none(), _iris),
    out=_odd_names,
)
@fuzz_settings(quick=2, soak=8)
def test_report_options(
    store: Path,
    tmp_path: Path,
    report_format: str,
    lang: str,
    consultation: str,
    version: str | None,
    out: str,
    tally: Tally,
) -> None:
    args = [
        "report",
        "--store",
        str(store),
        "--format",
        report_format,
        "--lang",
        lang,
        "--consultation",
        consultation,
        "--out",
        str(tmp_path / out),
    ]
    if version is not None:
        args += ["--version", version]
    with tally.example("kg report"):
        result = kg_capped(*args)
        tally.outcome("kg report", result.returncode)
        assert_clean_exit(result, {0, 2, 3})


@given(
    dump_format=st.one_of(st.sampled_from(["nt", "ttl", "nq"]), _odd_names),
    graph=st.one_of(st.none(), st.just("data-roles"), _iris),
    out=_odd_names,
)
@fuzz_settings(quick=3, soak=8)
def test_export_options(
    store: Path, tmp_path: Path, dump_format: str, graph: str | None, out: str, tally: Tally
) -> None:
    before = store_fingerprint(store)
    args = ["export", "--store", str(store), "--format", dump_format, "--out", str(tmp_path / out)]
    if graph is not None:
        args += ["--graph", graph]
    with tally.example("kg export"):
        result = kg_capped(*args)
        tally.outcome("kg export", result.returncode)
        assert_clean_exit(result, {0, 2, 3})
        assert store_fingerprint(store) == before


# ----------------------------------------------------------------------------- RDF files


@st.composite
def mutated_rdf(draw: st.DrawFn, files: dict[str, bytes]) -> tuple[str, bytes]:
    """A suffix and the bytes of a shipped file after one or two mutations."""
    suffix = draw(st.sampled_from(sorted(files)))
    content = files[suffix]
    for _ in range(draw(st.integers(1, 2))):
        where = draw(st.integers(0, max(len(content) - 1, 0)))
        how = draw(st.sampled_from(["cut", "flip", "invalid utf-8", "drop", "insert", "bom"]))
        if how == "cut":
            content = content[:where]
        elif how == "flip" and content:
            flipped = content[where] ^ draw(st.integers(1, 255))
            content = content[:where] + bytes([flipped]) + content[where + 1 :]
        elif how == "invalid utf-8":
            bad = draw(st.sampled_from([b"\xff", b"\xc3", b"\xed\xa0\x80", b"\xf4\x90\x80\x80"]))
            content = content[:where] + bad + content[where:]
        elif how == "drop":
            content = content[:where] + content[where + draw(st.integers(1, 400)) :]
        elif how == "insert":
            content = content[:where] + draw(st.binary(min_size=1, max_size=8)) + content[where:]
        else:
            content = b"\xef\xbb\xbf" + content
    return suffix, content


@given(data=st.data())
@fuzz_settings(quick=6, soak=30)
def test_validate_mutated_files(
    data: st.DataObject, rdf_files: dict[str, bytes], tmp_path: Path, tally: Tally
) -> None:
    suffix, content = data.draw(mutated_rdf(rdf_files), label="file")
    name = data.draw(_odd_names, label="name")
    path = tmp_path / f"{name}{suffix}"
    path.write_bytes(content)
    with tally.example("kg validate"):
        result = kg_capped("validate", "--no-data", "--engine", "turbo", str(path))
        tally.outcome("kg validate", result.returncode)
        assert_clean_exit(result, {0, 1, 2})


@given(data=st.data())
@fuzz_settings(quick=4, soak=20)
def test_load_mutated_files(
    data: st.DataObject, rdf_files: dict[str, bytes], store: Path, tmp_path: Path, tally: Tally
) -> None:
    suffix, content = data.draw(mutated_rdf(rdf_files), label="file")
    path = tmp_path / f"mutated{suffix}"
    path.write_bytes(content)
    copy = copy_of(store, tmp_path)
    before = store_fingerprint(copy)
    with tally.example("kg load"):
        result = kg_capped("load", "--store", str(copy), str(path))
        tally.outcome("kg load", result.returncode)
        assert_clean_exit(result, {0, 1, 2, 3})
        if result.returncode != 0:  # refused: all or nothing
            assert store_fingerprint(copy) == before, result.stderr
