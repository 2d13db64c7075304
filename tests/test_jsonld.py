"""The compact JSON-LD writer: CURIEs only where they read back, every literal kept exactly,
and the same bytes for the same triples; checked with two JSON-LD parsers."""

from __future__ import annotations

import json
import warnings

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic

from kg.errors import NotRepresentable
from kg.jsonld import context, context_document, document
from kg.settings import Settings
from tests.support.dumps import as_rdflib

XSD = "http://www.w3.org/2001/XMLSchema#"
LSK = "https://example.org/lsk/"

LITERALS = [
    ox.Literal("Södertörns högskola – Åre; ” citat ”; 日本; 🧬"),
    ox.Literal('line one\nline two\t"quoted" back\\slash'),
    ox.Literal(""),
    ox.Literal("välkomnar", language="sv"),
    ox.Literal("Stockholms stad", language="sv-se"),
    ox.Literal("2026-03-26", datatype=ox.NamedNode(XSD + "date")),
    ox.Literal("P1DT2H", datatype=ox.NamedNode(XSD + "duration")),
    ox.Literal("true", datatype=ox.NamedNode(XSD + "boolean")),
    ox.Literal("042", datatype=ox.NamedNode(XSD + "integer")),  # the lexical form survives
    ox.Literal("1.50", datatype=ox.NamedNode(XSD + "decimal")),
    ox.Literal("x", datatype=ox.NamedNode("http://example.org/own-datatype")),
]


def triples_of(*rows: tuple[str, str, ox.NamedNode | ox.BlankNode | ox.Literal]) -> list[ox.Triple]:
    made = [ox.Triple(ox.NamedNode(s), ox.NamedNode(p), o) for s, p, o in rows]
    return sorted(made, key=str)


def read_both(data: bytes) -> tuple[set[ox.Triple], rdflib.Graph]:
    by_oxigraph = {q.triple for q in ox.parse(data, format=ox.RdfFormat.JSON_LD)}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        by_rdflib = rdflib.Graph().parse(data=data, format="json-ld")
    return by_oxigraph, by_rdflib


def test_every_literal_reads_back_exactly_with_two_parsers(settings: Settings) -> None:
    written = triples_of(
        *((f"{LSK}id/stance/s{i}", f"{LSK}def/quote", lit) for i, lit in enumerate(LITERALS))
    )
    by_oxigraph, by_rdflib = read_both(document(written, namespaces=settings.namespaces))
    assert by_oxigraph == set(written)
    assert set(by_rdflib) == set(as_rdflib(written))


def test_iris_become_curies_only_where_they_read_back(settings: Settings) -> None:
    stance = f"{LSK}id/stance/s1"
    written = triples_of(
        (stance, "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", ox.NamedNode(f"{LSK}def/Stance")),
        (stance, f"{LSK}def/target", ox.NamedNode(f"{LSK}id/actor/a/b")),  # "/": no CURIE
        (stance, f"{LSK}def/target", ox.NamedNode(f"{LSK}id/actor/")),  # nothing after it
        (stance, "http://other.example/p#q", ox.NamedNode("http://other.example/o")),
        (stance, "http://purl.org/dc/terms/title", ox.Literal("Yttrande")),
        (stance, "http://purl.org/dc/terms/date", ox.Literal("2026-03-26", datatype=ox.NamedNode(XSD + "date"))),
    )  # fmt: skip
    data = document(written, namespaces=settings.namespaces)
    node = json.loads(data)["@graph"][0]
    assert node == {
        "@id": "stance:s1",
        "@type": "lsk:Stance",
        "lsk:target": [{"@id": f"{LSK}id/actor/"}, {"@id": f"{LSK}id/actor/a/b"}],
        "http://other.example/p#q": {"@id": "http://other.example/o"},
        "dcterms:title": "Yttrande",
        "dcterms:date": {"@value": "2026-03-26", "@type": "xsd:date"},
    }
    by_oxigraph, by_rdflib = read_both(data)
    assert by_oxigraph == set(written)
    assert set(by_rdflib) == set(as_rdflib(written))


def test_blank_nodes_keep_their_labels_and_links(settings: Settings) -> None:
    b0, b1 = ox.BlankNode("c14n0"), ox.BlankNode("c14n1")
    written = sorted(
        [
            ox.Triple(ox.NamedNode("http://e/a"), ox.NamedNode("http://e/p"), b0),
            ox.Triple(b0, ox.NamedNode("http://e/p"), b1),
            ox.Triple(b1, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), b0),
        ],
        key=str,
    )
    data = document(written, namespaces=settings.namespaces)
    ids = [node["@id"] for node in json.loads(data)["@graph"]]
    assert ids == ["http://e/a", "_:c14n0", "_:c14n1"]
    by_oxigraph, by_rdflib = read_both(data)
    assert len(by_oxigraph) == len(by_rdflib) == 3
    assert isomorphic(by_rdflib, as_rdflib(written))


def test_an_iri_whose_scheme_is_a_context_term_is_refused(settings: Settings) -> None:
    odd = triples_of(("skos:thing", "http://e/p", ox.Literal("x")))
    with pytest.raises(NotRepresentable, match="skos:thing"):
        document(odd, namespaces=settings.namespaces)


def test_the_context_is_every_project_prefix_sorted(settings: Settings) -> None:
    published = context(settings.namespaces)
    assert published == dict(sorted(settings.namespaces.prefixes.items()))
    assert published["lsk"] == f"{LSK}def/"
    assert published["skos"] == "http://www.w3.org/2004/02/skos/core#"
    assert json.loads(context_document(settings.namespaces)) == {"@context": published}
    # JSON-LD 1.1 lets a term be a CURIE prefix only when its IRI ends in a gen-delim
    assert all(iri[-1] in "/#" for iri in published.values())


def test_the_same_triples_give_the_same_bytes(settings: Settings) -> None:
    written = triples_of(
        *((f"{LSK}id/stance/s{i}", f"{LSK}def/quote", lit) for i, lit in enumerate(LITERALS))
    )
    first = document(written, namespaces=settings.namespaces)
    assert document(list(written), namespaces=settings.namespaces) == first
    assert first.endswith(b"\n  ]\n}\n")
    assert "Södertörns".encode() in first  # UTF-8 as it is, not \\u escapes
