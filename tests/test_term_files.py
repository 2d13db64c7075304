"""The ontology and the shapes described from the project's files, for their IRIs."""

from __future__ import annotations

import dataclasses

import pyoxigraph as ox
import pytest

from kg.settings import Settings
from kg.term_files import TermFiles


@pytest.fixture(scope="module")
def terms(settings: Settings) -> TermFiles:
    return TermFiles.read(settings)


def test_a_class_is_described_with_what_points_to_it(terms: TermFiles, settings: Settings) -> None:
    ns = settings.namespaces
    view = terms.view(ns.iri("lsk:Stance"))
    assert view is not None
    about = view.describe()
    assert ns.iri("owl:Class") in {t.value for t in about.objects(ns.iri("rdf:type"))}
    assert view.label(ns.iri("lsk:Stance"), lang="sv") == "ställningstagande"
    domains = view.incoming()[ns.iri("rdfs:domain")]
    assert ns.iri("lsk:quote") in domains
    # Names of the terms the page mentions come along.
    assert view.label(ns.iri("lsk:quote"), lang="en") == "quote"


def test_a_shape_comes_with_the_blank_nodes_it_uses(terms: TermFiles, settings: Settings) -> None:
    ns = settings.namespaces
    view = terms.view(ns.iri("lsksh:Stance-quote"))
    assert view is not None
    [languages] = view.describe().objects(ns.iri("sh:languageIn"))
    assert isinstance(languages, ox.BlankNode)
    first = view.describe(languages.value).literals(ns.iri("rdf:first"))
    assert [f.value for f in first] == ["sv"]


def test_documents_and_unknown_terms(terms: TermFiles, settings: Settings) -> None:
    ns = settings.namespaces
    ontology = terms.document(ns.base_iri + "def")
    assert ontology is not None
    assert terms.document(ns.base_iri + "def/") == ontology
    assert terms.document(ns.base_iri + "def/0.1.0") == ontology  # its owl:versionIRI
    assert ontology.exists
    shapes = terms.document(ns.prefixes["lsksh"])
    assert shapes is not None
    assert len(shapes.triples) == len(set(terms.shapes))
    assert terms.view(ns.iri("lsk:NoSuchTerm")) is None
    assert not terms.is_term(ns.iri("actor:uppsala-kommun"))


def test_terms_follow_the_base_iri(settings: Settings) -> None:
    other = dataclasses.replace(settings, base_iri="https://data.example.se/ls/")
    terms = TermFiles.read(other)
    assert terms.ontology_iri == "https://data.example.se/ls/def"
    assert terms.is_term("https://data.example.se/ls/def/Stance")
    assert not terms.is_term(settings.namespaces.iri("lsk:Stance"))
