"""Reading RDF files: errors name the file, line and column; nothing half-parsed escapes."""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib

from kg.errors import InputError, RdfSyntaxError
from kg.namespaces import DEFAULT_BASE_IRI
from kg.rdf_files import find_rdf_files, parse_all, parse_file


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_syntax_error_names_file_line_and_column(tmp_path: Path) -> None:
    bad = write(
        tmp_path / "bad.ttl",
        '@prefix ex: <http://example.org/> .\n\nex:a ex:b ex:c .\nex:d ex:e "open .\n',
    )
    with pytest.raises(RdfSyntaxError) as caught:
        parse_file(bad, base_iri=DEFAULT_BASE_IRI)
    assert caught.value.path == bad
    assert caught.value.line == 4
    assert caught.value.column == 11
    assert str(caught.value).startswith(f"{bad}:4:11: ")


def test_undefined_prefix_is_a_syntax_error_at_its_line(tmp_path: Path) -> None:
    bad = write(
        tmp_path / "prefix.ttl", "@prefix ex: <http://example.org/> .\nex:a nope:b ex:c .\n"
    )
    with pytest.raises(RdfSyntaxError) as caught:
        parse_file(bad, base_iri=DEFAULT_BASE_IRI)
    assert caught.value.line == 2
    assert "nope" in caught.value.detail


def test_one_bad_file_fails_the_whole_set(tmp_path: Path) -> None:
    write(tmp_path / "a.ttl", "<http://example.org/a> <http://example.org/b> 1 .\n")
    write(tmp_path / "b.nt", "<http://example.org/a> <http://example.org/b> .\n")
    with pytest.raises(RdfSyntaxError) as caught:
        parse_all([tmp_path], base_iri=DEFAULT_BASE_IRI)
    assert caught.value.path.name == "b.nt"
    assert caught.value.line == 1


def test_missing_path_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file or directory"):
        find_rdf_files([tmp_path / "absent.ttl"])


def test_unknown_suffix_is_refused_with_a_hint(tmp_path: Path) -> None:
    notes = write(tmp_path / "notes.txt", "not rdf")
    with pytest.raises(InputError) as caught:
        find_rdf_files([notes])
    assert caught.value.hint is not None
    assert ".ttl" in caught.value.hint


def test_non_utf8_file_is_an_input_error(tmp_path: Path) -> None:
    latin1 = tmp_path / "latin1.ttl"
    latin1.write_bytes(
        '<http://example.org/a> <http://example.org/b> "Malmö" .\n'.encode("latin-1")
    )
    with pytest.raises(InputError, match="not UTF-8"):
        parse_file(latin1, base_iri=DEFAULT_BASE_IRI)


def test_directories_are_expanded_recursively_and_sorted(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    write(tmp_path / "sub" / "b.ttl", "")
    write(tmp_path / "a.nt", "")
    write(tmp_path / "readme.md", "# not RDF, skipped inside a folder")
    assert [p.name for p in find_rdf_files([tmp_path])] == ["a.nt", "b.ttl"]


def test_literals_keep_language_tags_datatypes_and_swedish_letters(tmp_path: Path) -> None:
    source = write(
        tmp_path / "terms.ttl",
        "@prefix ex: <http://example.org/> .\n@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        'ex:a ex:name "Södertörns högskola"@sv ; ex:month "2024-06"^^xsd:gYearMonth ; ex:s "x" .\n',
    )
    graph = parse_file(source, base_iri=DEFAULT_BASE_IRI).graph
    values = {str(p).rsplit("/", 1)[1]: o for _s, p, o in graph if isinstance(o, rdflib.Literal)}
    assert values["name"].language == "sv"
    assert str(values["name"]) == "Södertörns högskola"
    assert str(values["month"].datatype).endswith("#gYearMonth")
    assert values["s"].datatype is None  # xsd:string stays implicit, as rdflib's parsers leave it


def test_base_iri_is_rewritten_as_files_are_read(tmp_path: Path) -> None:
    source = write(
        tmp_path / "a.ttl", f"<{DEFAULT_BASE_IRI}id/actor/x> <{DEFAULT_BASE_IRI}def/p> 1 .\n"
    )
    graph = parse_file(source, base_iri="https://data.example.se/ls/").graph
    assert {str(s) for s in graph.subjects()} == {"https://data.example.se/ls/id/actor/x"}
