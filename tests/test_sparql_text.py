"""The SPARQL lexer: forms, dataset clauses and SERVICE targets, read past strings and comments."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.sparql_text import (
    Form,
    Service,
    TokenKind,
    analyse,
    blank_out,
    query_form,
    tokens,
    with_base,
)
from kg.store import ResultKind
from kg.store import query_form as store_query_form

BASE = "https://example.org/lsk/"


@pytest.mark.parametrize(
    ("text", "form"),
    [
        ("SELECT*{}", Form.SELECT),
        ("SELECT(1 AS ?x){}", Form.SELECT),
        ("select ?s where { ?s ?p ?o }", Form.SELECT),
        ("DESCRIBE<http://example.org/x>", Form.DESCRIBE),
        ("describe <x>", Form.DESCRIBE),
        ("ASK{}", Form.ASK),
        ("ask {}", Form.ASK),
        ("CONSTRUCT WHERE { ?s ?p ?o }", Form.CONSTRUCT),
        ("construct{?s ?p ?o}where{?s ?p ?o}", Form.CONSTRUCT),
        ("BASE <http://example.org/>\nPREFIX ex: <x#>\nSELECT * {}", Form.SELECT),
        ("PREFIX : <http://example.org/> PREFIX ex:<http://e/>ASK{}", Form.ASK),
        ("# SELECT in a comment\n# INSERT too\nASK {}", Form.ASK),
        ("PREFIX select: <http://example.org/> ASK { select:x ?p ?o }", Form.ASK),
        ("INSERT DATA { <a> <b> <c> }", Form.UPDATE),
        ("# a comment\ndrop all", Form.UPDATE),
        ("PREFIX ex: <http://e/> DELETE WHERE { ?s ex:p ?o }", Form.UPDATE),
        ("WITH <g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", Form.UPDATE),
        ("CLEAR ALL", Form.UPDATE),
        ("LOAD <http://example.org/data.ttl>", Form.UPDATE),
        ("SELEC * {}", Form.UNKNOWN),
        ("", Form.UNKNOWN),
        ("PREFIX ex: <http://e/>", Form.UNKNOWN),
        ('"SELECT" ?x', Form.UNKNOWN),
        ("<http://example.org/SELECT>", Form.UNKNOWN),
        ("DEFINE input:default-graph-uri <x> SELECT * {}", Form.UNKNOWN),
    ],
)
def test_the_form_is_the_first_keyword_after_the_prologue(text: str, form: Form) -> None:
    assert query_form(text) is form
    assert analyse(text).form is form


def test_the_store_reads_forms_through_the_lexer() -> None:
    assert store_query_form("SELECT*{}") is ResultKind.SELECT
    assert store_query_form("ASK{}") is ResultKind.ASK
    assert store_query_form("DESCRIBE<x>") is ResultKind.GRAPH
    assert store_query_form("construct where {?s ?p ?o}") is ResultKind.GRAPH
    assert store_query_form("DROP ALL") is None


def test_strings_comments_and_iris_are_single_tokens() -> None:
    text = """PREFIX ex: <http://e/#x> # SERVICE <http://evil/>
SELECT ?v $w WHERE { ?v ex:p 'it''s' , "a # b" , '''long
SERVICE <http://evil/> ''' , \"\"\"x "quoted" \\\"\"\" y\"\"\"@en-GB , 1.5e3 , _:b1 .
FILTER (?v < 3 && ?w >= ?v) }"""
    found = list(tokens(text))
    kinds = [t.kind for t in found]
    assert TokenKind.STRING in kinds
    strings = [t.text for t in found if t.kind is TokenKind.STRING]
    assert strings[0] == "'it'"  # a short string ends at the next quote, as SPARQL says
    assert "'''long\nSERVICE <http://evil/> '''" in strings
    assert '"""x "quoted" \\""" y"""' in strings
    assert "<http://e/#x>" in [t.text for t in found if t.kind is TokenKind.IRI]
    assert [t.text for t in found if t.kind is TokenKind.LANGTAG] == ["@en-GB"]
    assert [t.text for t in found if t.kind is TokenKind.BLANK] == ["_:b1"]
    assert [t.text for t in found if t.kind is TokenKind.VAR][:2] == ["?v", "$w"]
    # `<` followed by a space is the operator, not an IRI.
    assert any(t.kind is TokenKind.PUNCT and t.text == "<" for t in found)
    assert analyse(text).services == ()


def test_an_unterminated_string_runs_to_the_end() -> None:
    found = list(tokens("SELECT * { ?s ?p '''never closed SERVICE <http://evil/> }"))
    assert found[-1].kind is TokenKind.STRING
    assert analyse("SELECT * { ?s ?p '''never closed SERVICE <http://evil/> }").services == ()


def test_dataset_clauses_resolve_prefixes_and_relative_iris() -> None:
    text = (
        "BASE <http://example.org/base/>\nPREFIX g: <http://example.org/graph/>\n"
        "SELECT * FROM g:one FROM <two> FROM NAMED <http://example.org/three> from named g:four "
        "WHERE { ?s ?p ?o }"
    )
    read = analyse(text, base_iri=BASE)
    assert read.from_graphs == ("http://example.org/graph/one", "http://example.org/base/two")
    assert read.from_named == ("http://example.org/three", "http://example.org/graph/four")
    assert read.declares_dataset
    blanked = blank_out(text, read.dataset_spans)
    assert len(blanked) == len(text)
    assert "FROM" not in blanked.upper().replace("WHERE", "")
    assert not analyse(blanked).declares_dataset
    assert analyse(blanked).form is Form.SELECT


def test_relative_iris_resolve_against_the_base_iri() -> None:
    read = analyse("SELECT * FROM <graph/data/huddinge> { ?s ?p ?o }", base_iri=BASE)
    assert read.from_graphs == (BASE + "graph/data/huddinge",)
    assert read.has_relative_iris
    assert not analyse("SELECT * { <http://a/> ?p ?o }").has_relative_iris
    nested = analyse("BASE <id/> SELECT * { SERVICE <sparql> {} }", base_iri=BASE)
    assert nested.base == BASE + "id/"
    assert nested.services == (Service(written="<sparql>", iri=BASE + "id/sparql"),)


@pytest.mark.parametrize(
    ("text", "services"),
    [
        ("SELECT * { SERVICE <http://a/sparql> { ?s ?p ?o } }", ["http://a/sparql"]),
        ("select * { service silent <http://a/sparql> { ?s ?p ?o } }", ["http://a/sparql"]),
        ("SELECT * { SERVICE\n# between\n<http://a/> {} }", ["http://a/"]),
        ("PREFIX e: <http://a/> SELECT * { SERVICE e:sparql {} }", ["http://a/sparql"]),
        ("SELECT * { SERVICE unknown:sparql {} }", [None]),
        ("SELECT * { SERVICE ?endpoint {} }", [None]),
        ("SELECT * { SERVICE SILENT $endpoint {} }", [None]),
        (
            "SELECT * { { SELECT ?s { SERVICE <http://a/> { ?s ?p ?o } } } "
            "OPTIONAL { SERVICE <http://b/> {} } FILTER EXISTS { SERVICE <http://c/> {} } }",
            ["http://a/", "http://b/", "http://c/"],
        ),
        ('SELECT * { ?s ?p "SERVICE <http://a/>" } # SERVICE <http://b/>', []),
        ("SELECT * { # a comment ends at CR\rSERVICE <http://a/> {} }", ["http://a/"]),
        ("SELECT * { ?s <http://e/SERVICE> ?o . ?s ?service ?x }", []),
        ("SELECT * { SERVICE", [None]),
    ],
)
def test_every_service_target_is_found(text: str, services: list[str | None]) -> None:
    assert [s.iri for s in analyse(text).services] == services


def test_escapes_in_iris_and_local_names_are_decoded() -> None:
    read = analyse(
        "PREFIX e: <http://a/> SELECT * { SERVICE <http://a/\\u0073parql> {} SERVICE e:x\\.y {} }"
    )
    assert [s.iri for s in read.services] == ["http://a/sparql", "http://a/x.y"]


def test_the_keyword_position_is_reported_for_messages() -> None:
    read = analyse("PREFIX e: <http://a/>\n\n  SELEC * {}")
    assert read.form is Form.UNKNOWN
    assert read.keyword == "SELEC"
    assert read.keyword_at == (3, 3)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("SELECT * { <x> ?p ?o }", "BASE <https://example.org/lsk/> SELECT * { <x> ?p ?o }"),
        (
            "BASE <id/> PREFIX a: <actor/> SELECT * { a:x ?p <y> }",
            "BASE <https://example.org/lsk/id/> PREFIX a: <https://example.org/lsk/id/actor/> "
            "SELECT * { a:x ?p <y> }",
        ),
        (
            "PREFIX a: <id/> BASE <http://other/> ASK { <y> ?p ?o }",
            "PREFIX a: <https://example.org/lsk/id/> BASE <http://other/> ASK { <y> ?p ?o }",
        ),
    ],
)
def test_with_base_makes_a_query_independent_of_the_servers_base(text: str, expected: str) -> None:
    assert with_base(text, BASE) == expected


def test_a_backslash_outside_strings_and_iris_is_flagged() -> None:
    assert analyse("SELECT * { \\u0053ERVICE <http://a/> {} }").has_stray_backslash
    assert not analyse(
        "SELECT * { ?s ?p 'a\\u0022b' . ?s <http://a/\\u0073> ?o }"
    ).has_stray_backslash


SEPARATORS = [" ", "\t", "\n", "\r", "\f", "\v", "\u00a0", "\u2028", "\x85", "#c\r", "#c\n"]
SEPARATORS += ["#c\u2028", "#'\n", '#"\r', "#<\n", "", "/**/"]


@pytest.mark.parametrize("before", SEPARATORS)
def test_the_lexer_sees_every_service_oxigraph_would_call(before: str) -> None:
    """Wherever Oxigraph's parser reads a SERVICE clause, so does the lexer. (Oxigraph refuses
    port 9 before connecting, so nothing is contacted.)"""
    store = ox.Store()
    for after in SEPARATORS:
        query = f"SELECT * {{{before}SERVICE{after}<http://127.0.0.1:9/>{after}{{}} }}"
        try:
            list(store.query(query))  # type: ignore[arg-type]
        except SyntaxError:
            continue
        except OSError:
            pass
        assert analyse(query).services, repr(query)
