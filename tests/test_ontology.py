"""The ontology documents itself and declares every project term the data and shapes use."""

from __future__ import annotations

import pytest
import rdflib
from rdflib.namespace import DC, DCTERMS, OWL, RDF, RDFS, SKOS

from kg.rdf_files import ParsedFile, merge
from kg.settings import Settings

TERM_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)


@pytest.fixture(scope="module")
def ontology(ontology_files: list[ParsedFile]) -> rdflib.Graph:
    return merge(ontology_files)


def own_terms(ontology: rdflib.Graph, settings: Settings) -> list[rdflib.URIRef]:
    lsk = settings.namespaces.lsk
    return sorted(
        s
        for kind in TERM_TYPES
        for s in ontology.subjects(RDF.type, kind)
        if isinstance(s, rdflib.URIRef) and str(s).startswith(lsk)
    )


def test_header_states_version_licence_creator_and_sources(ontology: rdflib.Graph) -> None:
    [header] = ontology.subjects(RDF.type, OWL.Ontology)
    assert ontology.value(header, OWL.versionInfo) is not None
    assert ontology.value(header, OWL.versionIRI) is not None
    assert ontology.value(header, DCTERMS.license) is not None
    # dc:creator, not dcterms:creator: the creator is a name, and dcterms:creator's range is an agent.
    assert ontology.value(header, DC.creator) is not None
    assert len(set(ontology.objects(header, DCTERMS.source))) == 4


def test_every_term_has_swedish_and_english_label_and_definition(
    ontology: rdflib.Graph, settings: Settings
) -> None:
    missing = []
    for term in own_terms(ontology, settings):
        for predicate in (RDFS.label, SKOS.definition):
            languages = {
                o.language
                for o in ontology.objects(term, predicate)
                if isinstance(o, rdflib.Literal)
            }
            if not {"sv", "en"} <= languages:
                missing.append(f"{term} {predicate}")
    assert missing == []


def test_stance_class_and_quote_property_are_named_as_agreed(
    ontology: rdflib.Graph, settings: Settings
) -> None:
    lsk = rdflib.Namespace(settings.namespaces.lsk)
    assert (lsk.Stance, RDF.type, OWL.Class) in ontology
    # Related to oa:exact, but not a sub-property of it: oa:exact's range is xsd:string, and a
    # quote is language-tagged (see data/AUDIT.md, "Vocabulary conformance").
    oa_exact = rdflib.URIRef("http://www.w3.org/ns/oa#exact")
    assert (lsk.quote, RDFS.seeAlso, oa_exact) in ontology
    assert (lsk.quote, RDFS.subPropertyOf, oa_exact) not in ontology


def test_every_project_term_used_is_declared(
    ontology: rdflib.Graph,
    data_graph: rdflib.Graph,
    shapes_graph: rdflib.Graph,
    settings: Settings,
) -> None:
    lsk = settings.namespaces.lsk
    declared = {str(t) for t in own_terms(ontology, settings)}
    used = {
        str(term)
        for graph in (data_graph, shapes_graph)
        for triple in graph
        for term in triple
        if isinstance(term, rdflib.URIRef) and str(term).startswith(lsk)
    }
    assert sorted(used - declared) == []
