"""The shipped graph keeps the rules of the vocabularies it reuses: SKOS integrity, ORG, PROV-O,
DCTERMS, Web Annotation and RDFS domains and ranges. Each check also runs on a small broken
graph, to prove it catches what it claims to."""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib
from rdflib.namespace import RDF, RDFS, SKOS

from kg.rdf_files import ParsedFile, merge
from kg.settings import Settings
from tests.support import conformance

REUSED_TERMS = Path(__file__).parent / "support" / "reused_terms.ttl"
PREFIXES = """
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix ex: <https://example.org/test/> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix lsk: <https://example.org/lsk/def/> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""
PROV_DERIVED = rdflib.URIRef("http://www.w3.org/ns/prov#wasDerivedFrom")


def small(turtle: str) -> rdflib.Graph:
    graph = rdflib.Graph().parse(data=PREFIXES + turtle, format="turtle")
    return graph.parse(REUSED_TERMS)


@pytest.fixture(scope="module")
def shipped(ontology_files: list[ParsedFile], data_files: list[ParsedFile]) -> rdflib.Graph:
    """Ontology, data and SKOS vocabularies, plus the reused vocabularies' declarations."""
    return merge([*ontology_files, *data_files]).parse(REUSED_TERMS)


# SKOS integrity ---------------------------------------------------------------------------


def test_labels_are_pairwise_disjoint_s13(shipped: rdflib.Graph) -> None:
    assert conformance.label_clashes(shipped) == []


def test_label_check_catches_a_preferred_label_repeated_as_alternative() -> None:
    graph = small('ex:c a skos:Concept ; skos:prefLabel "x"@sv ; skos:altLabel "x"@sv, "y"@sv .')
    assert len(conformance.label_clashes(graph)) == 1


def test_at_most_one_preferred_label_per_language_s14(shipped: rdflib.Graph) -> None:
    assert conformance.pref_label_language_clashes(shipped) == []


def test_language_check_catches_two_swedish_preferred_labels() -> None:
    graph = small('ex:c skos:prefLabel "x"@sv, "y"@sv, "x"@en .')
    assert len(conformance.pref_label_language_clashes(graph)) == 1


def test_every_concept_is_in_a_scheme(shipped: rdflib.Graph) -> None:
    assert len(conformance.concepts(shipped)) > 50
    assert conformance.concepts_outside_schemes(shipped) == []


def test_scheme_check_catches_a_concept_of_a_subclass_without_scheme() -> None:
    graph = small("ex:Section rdfs:subClassOf skos:Concept . ex:s a ex:Section .")
    assert conformance.concepts_outside_schemes(graph) == ["ex:s"]


def test_no_concept_is_both_broader_and_related_s27(shipped: rdflib.Graph) -> None:
    assert conformance.broader_and_related(shipped) == []


def test_broader_related_check_catches_a_transitive_clash() -> None:
    graph = small("ex:a skos:broader ex:b . ex:b skos:broader ex:c . ex:a skos:related ex:c .")
    assert len(conformance.broader_and_related(graph)) == 1


# Domains and ranges ----------------------------------------------------------------------


def test_no_property_declares_two_ranges_or_two_domains(shipped: rdflib.Graph) -> None:
    assert conformance.repeated_declarations(shipped, RDFS.range) == []
    assert conformance.repeated_declarations(shipped, RDFS.domain) == []


def test_repeated_declaration_check_catches_two_ranges() -> None:
    graph = small("ex:p rdfs:range foaf:Agent, org:Post .")
    assert len(conformance.repeated_declarations(graph, RDFS.range)) == 1


def test_every_triple_keeps_the_domains_and_ranges_it_is_subject_to(
    shipped: rdflib.Graph,
) -> None:
    assert conformance.domain_range_offenders(shipped) == []


@pytest.mark.parametrize(
    ("turtle", "expected"),
    [
        # ORG: a unit of a unit (org:unitOf ranges over formal organisations).
        (
            "ex:board a org:OrganizationalUnit . ex:office a org:OrganizationalUnit ;"
            " org:unitOf ex:board .",
            "range of org:unitOf",
        ),
        # PROV-O: a post where an agent is expected.
        ("ex:s a prov:Entity ; prov:wasAttributedTo ex:post . ex:post a org:Post .", "prov:Agent"),
        # DCTERMS: a creator given as a string.
        ('ex:d dcterms:creator "Someone" .', "dcterms:Agent"),
        # Web Annotation, through a sub-property: a language-tagged oa:exact.
        ('ex:q rdfs:subPropertyOf oa:exact . ex:s ex:q "ord"@sv .', "oa:exact is xsd:string"),
        # A union admits either member, and nothing else.
        (
            "ex:p rdfs:range [ owl:unionOf ( foaf:Agent org:Post ) ] ."
            " ex:s ex:p ex:place . ex:place a ex:Place .",
            "foaf:Agent or org:Post",
        ),
        # A domain, through an equivalent class (foaf:Agent = dcterms:Agent = prov:Agent).
        ("ex:doc org:memberOf ex:org . ex:org a org:Organization .", "domain of org:memberOf"),
    ],
)
def test_domain_range_check_catches(turtle: str, expected: str) -> None:
    [offence] = conformance.domain_range_offenders(small(turtle))
    assert expected in offence


def test_domain_range_check_accepts_subclasses_unions_and_equivalent_classes() -> None:
    graph = small(
        """
        ex:p rdfs:range [ owl:unionOf ( foaf:Agent org:Post ) ] .
        ex:s ex:p ex:post, ex:person . ex:post a org:Post . ex:person a foaf:Person .
        ex:stance a prov:Entity ; prov:wasAttributedTo ex:city .
        ex:city a ex:Municipality . ex:Municipality rdfs:subClassOf org:FormalOrganization .
        ex:office a org:OrganizationalUnit ; org:unitOf ex:city .
        """
    )
    assert conformance.domain_range_offenders(graph) == []


# Derivation runs from the derived entity to its source -----------------------------------

# Every sub-property of prov:wasDerivedFrom, read in the direction PROV-O gives it
# (subject derived from object), with why that holds for our data. A new sub-property must be
# added here, so its direction is checked by a person once.
DERIVATION_DIRECTIONS = {
    "prov:wasDerivedFrom": "a stance restating or summarising another is derived from it",
    "lsk:basedOn": "a policy document is derived from the policy it starts from",
}


def test_every_derivation_sub_property_has_been_checked_for_direction(
    shipped: rdflib.Graph, settings: Settings
) -> None:
    derived = {
        shipped.namespace_manager.normalizeUri(p)
        .replace(f"<{settings.namespaces.lsk}", "lsk:")
        .rstrip(">")
        for p in shipped.transitive_subjects(RDFS.subPropertyOf, PROV_DERIVED)
        if isinstance(p, rdflib.URIRef)
    }
    assert derived == set(DERIVATION_DIRECTIONS)


def test_derivations_point_from_the_later_to_the_earlier_resource(
    shipped: rdflib.Graph, settings: Settings
) -> None:
    lsk = rdflib.Namespace(settings.namespaces.lsk)
    wrong = []
    for derived, prop, source in conformance.derivations(shipped):
        # A source text is extracted from a document: it is derived from documents, never
        # their source.
        if (source, RDF.type, lsk.SourceText) in shipped:
            wrong.append(f"{derived} {prop} {source}")
        if (derived, prop, derived) in shipped:
            wrong.append(f"{derived} derived from itself")
    assert wrong == []
    assert (lsk.sourceText, RDFS.subPropertyOf, PROV_DERIVED) not in shipped


def test_derivation_check_catches_a_document_derived_from_its_text() -> None:
    graph = small(
        "lsk:sourceText rdfs:subPropertyOf prov:wasDerivedFrom . ex:doc lsk:sourceText ex:txt ."
    )
    assert list(conformance.derivations(graph)) == [
        (
            rdflib.URIRef("https://example.org/test/doc"),
            rdflib.URIRef("https://example.org/lsk/def/sourceText"),
            rdflib.URIRef("https://example.org/test/txt"),
        )
    ]


# Stances: no stored label, but always the parts a display label is built from -------------


def stance_label_gaps(graph: rdflib.Graph, lsk: rdflib.Namespace) -> list[str]:
    """Stances whose "<actor>: <type> — <target>" label cannot be built from the data."""
    names = (
        SKOS.prefLabel,
        rdflib.URIRef("http://xmlns.com/foaf/0.1/name"),
        rdflib.URIRef("http://purl.org/dc/terms/title"),
        RDFS.label,
    )

    def named(node: rdflib.term.Node) -> bool:
        return any(graph.value(node, p) is not None for p in names)

    gaps = []
    for stance in graph.subjects(RDF.type, lsk.Stance):
        actors = list(
            graph.objects(stance, rdflib.URIRef("http://www.w3.org/ns/prov#wasAttributedTo"))
        )
        types = list(graph.objects(stance, lsk.stanceType))
        targets = list(graph.objects(stance, lsk.target))
        type_languages = {
            label.language
            for t in types
            for label in graph.objects(t, SKOS.prefLabel)
            if isinstance(label, rdflib.Literal)
        }
        if not (
            len(actors) == 1
            and named(actors[0])
            and len(types) == 1
            and {"sv", "en"} <= type_languages
            and targets
            and all(named(t) for t in targets)
        ):
            gaps.append(str(stance))
    return sorted(gaps)


def test_every_stance_has_what_its_display_label_is_built_from(
    shipped: rdflib.Graph, settings: Settings
) -> None:
    lsk = rdflib.Namespace(settings.namespaces.lsk)
    assert len(set(shipped.subjects(RDF.type, lsk.Stance))) > 100
    assert stance_label_gaps(shipped, lsk) == []


def test_stance_label_check_catches_a_stance_with_an_unnamed_actor() -> None:
    lsk = rdflib.Namespace("https://example.org/lsk/def/")
    graph = small(
        """
        ex:s a lsk:Stance ; prov:wasAttributedTo ex:nobody ; lsk:stanceType ex:t ;
            lsk:target ex:doc .
        ex:t skos:prefLabel "välkomnar"@sv, "welcomes"@en .
        ex:doc dcterms:title "Strategin"@sv .
        """
    )
    assert stance_label_gaps(graph, lsk) == ["https://example.org/test/s"]
