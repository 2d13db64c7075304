"""The curated graph is complete and traceable, checked with SPARQL on the embedded store."""

from __future__ import annotations

import re

import pytest
import rdflib

from kg.embedded import EmbeddedStore, memory_store, select_rows
from kg.rdf_files import ParsedFile
from kg.settings import Settings


@pytest.fixture(scope="module")
def store(data_files: list[ParsedFile], settings: Settings) -> EmbeddedStore:
    return memory_store(data_files, settings=settings)


@pytest.fixture(scope="module")
def prologue(settings: Settings) -> str:
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in settings.namespaces.prefixes.items())


def count(store: EmbeddedStore, prologue: str, where: str) -> int:
    _names, rows = select_rows(
        store, prologue + f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {where} }}"
    )
    return int(rows[0][0])


def column(store: EmbeddedStore, prologue: str, query: str) -> list[str]:
    _names, rows = select_rows(store, prologue + query)
    return [row[0] for row in rows]


def test_well_over_fifty_stances_from_every_document_file(
    store: EmbeddedStore, prologue: str
) -> None:
    assert count(store, prologue, "?x a lsk:Stance") > 100
    per_file = column(
        store,
        prologue,
        """SELECT ?file WHERE {
             ?s a lsk:Stance ; dcterms:source/lsk:sourceText/lsk:fileName ?file
           } GROUP BY ?file ORDER BY ?file""",
    )
    assert per_file == [
        "000_32197dff19833973.txt",
        "002_ef9c50708ab3183d.txt",
        "003_50e66dcccbccbcd5.txt",
        "004_9aaf3c2153482884.txt",
    ]


def test_each_italicised_verb_of_the_city_statement_opens_a_stance(
    store: EmbeddedStore, prologue: str, settings: Settings
) -> None:
    text = (settings.sources_dir / "002_ef9c50708ab3183d.txt").read_text(encoding="utf-8")
    italic_openers = re.findall(r"\*Stockholms stad [^*]+\*", text)
    quotes = column(
        store,
        prologue,
        "SELECT ?q WHERE { ?s lsk:quote ?q ; dcterms:source doc:stockholm-yttrande-ks-2026-58 }",
    )
    for opener in italic_openers:
        words = opener.strip("*")
        assert sum(q.count(words) for q in quotes) >= text.count(opener), words


def test_more_than_thirty_actors(store: EmbeddedStore, prologue: str) -> None:
    actors = count(
        store,
        prologue,
        """?x a ?kind . VALUES ?kind { lsk:Region lsk:Municipality lsk:HigherEducationInstitution
             lsk:Foundation lsk:Company lsk:PublicAuthority lsk:PoliticalBody lsk:Office
             lsk:Collaboration lsk:ClusterInitiative lsk:ActorGroup org:FormalOrganization
             foaf:Person }""",
    )
    assert actors > 30


def test_strategy_structure_is_complete(store: EmbeddedStore, prologue: str) -> None:
    # Region Uppsala's version, the full text in 003.
    notations = column(
        store,
        prologue,
        "SELECT ?n WHERE { ?s a lsk:StrategySection ; lsk:sectionOf doc:strategi ;"
        " skos:notation ?n } ORDER BY ?n",
    )
    assert "1" in notations
    assert "5.1.3" in notations
    assert len(notations) == 38
    aspects = column(
        store,
        prologue,
        "SELECT ?n WHERE { ?s a lsk:Aspect ; lsk:sectionOf doc:strategi ; skos:notation ?n }"
        " ORDER BY ?n",
    )
    assert aspects == ["3.1.1", "3.1.2", "3.1.3", "3.1.4", "3.1.5"]
    # Region Stockholm's version: only the sections its readers cite, the aspects lettered.
    stockholm = column(
        store,
        prologue,
        "SELECT ?n WHERE { ?s a lsk:StrategySection ;"
        " lsk:sectionOf doc:strategi-remissversion-region-stockholm ; skos:notation ?n }"
        " ORDER BY ?n",
    )
    assert stockholm == ["1.1", "1.2.2", "3.3", "4.1", "A", "B", "C", "D", "E"]
    areas = column(
        store,
        prologue,
        """SELECT ?n WHERE { ?s a lsk:DevelopmentArea ; skos:notation ?n ; skos:broader ?a .
                              ?a a lsk:Aspect ; lsk:hasPriority|^skos:broader ?x } GROUP BY ?n ORDER BY ?n""",
    )
    assert len(areas) == 13
    assert areas[0] == "3.1.1.1"
    assert areas[-1] == "3.1.5.3"


def test_letter_of_intent_is_dated_at_the_precision_the_text_gives(
    store: EmbeddedStore, prologue: str
) -> None:
    [date] = column(
        store, prologue, "SELECT ?d WHERE { doc:avsiktsforklaring-2024 dcterms:date ?d }"
    )
    assert date == "2024-06"
    [datatype] = column(
        store,
        prologue,
        "SELECT (DATATYPE(?d) AS ?t) WHERE { doc:avsiktsforklaring-2024 dcterms:date ?d }",
    )
    assert datatype.endswith("#gYearMonth")


def test_uppsala_deadline_extension(store: EmbeddedStore, prologue: str) -> None:
    rows = column(
        store,
        prologue,
        """SELECT (CONCAT(STR(?d), " ", STR(?e)) AS ?x) WHERE {
             doc:uppsala-yttrande-ksn-2026-00942 lsk:deadline ?d ; lsk:extendedDeadline ?e }""",
    )
    assert rows == ["2026-03-26 2026-04-09"]


def test_city_statement_adopts_its_office_wording(store: EmbeddedStore, prologue: str) -> None:
    derived = count(
        store,
        prologue,
        """?x dcterms:source doc:stockholm-yttrande-ks-2026-58 ; prov:wasDerivedFrom ?office .
           ?office prov:wasAttributedTo actor:stockholms-stad-stadsledningskontoret""",
    )
    assert derived >= 15


def test_every_minted_resource_carries_its_source(
    store: EmbeddedStore, prologue: str, settings: Settings
) -> None:
    """Everything under id/ except sources, vocabularies and schemes names its document; a
    quote's location and its selectors name the source text they select from instead, and a
    curated statement the source texts of its places. A position is no document's statement but
    the curator's grouping, and says so instead, as does a statement no source gives."""
    unsourced = column(
        store,
        prologue,
        f"""SELECT DISTINCT ?x WHERE {{
              ?x ?p ?o .
              FILTER (STRSTARTS(STR(?x), "{settings.base_iri}id/"))
              FILTER NOT EXISTS {{ ?x dcterms:source|lsk:sourceText ?doc }}
              FILTER NOT EXISTS {{ ?x a lsk:SourceText }}
              FILTER NOT EXISTS {{ ?x oa:hasSource ?text }}
              FILTER NOT EXISTS {{ ?location oa:hasSelector ?x ; oa:hasSource ?text }}
              FILTER NOT EXISTS {{ ?x a skos:ConceptScheme }}
              FILTER NOT EXISTS {{ ?x a lsk:Position ; lsk:curatorNote ?note }}
              FILTER NOT EXISTS {{ ?x a rdf:Statement ; lsk:statedAt/oa:hasSource ?text }}
              FILTER NOT EXISTS {{ ?x a rdf:Statement ; lsk:curatorNote ?note }}
              FILTER NOT EXISTS {{ ?x skos:inScheme ?s . FILTER (?s != scheme:strategi) }}
            }} ORDER BY ?x""",
    )
    assert unsourced == []


def test_case_numbers_are_copied_exactly_from_the_sources(
    data_graph: rdflib.Graph, settings: Settings
) -> None:
    lsk = rdflib.Namespace(settings.namespaces.lsk)
    texts = " ".join(
        re.sub(r"\s+", " ", p.read_text(encoding="utf-8"))
        for p in settings.sources_dir.glob("*.txt")
    )
    numbers = {
        str(o)
        for predicate in (lsk.caseNumber, lsk.recipientCaseNumber)
        for o in data_graph.objects(None, predicate)
    }
    assert len(numbers) >= 7
    assert sorted(n for n in numbers if n not in texts) == []


def test_every_stance_type_in_use_keeps_a_swedish_verb(store: EmbeddedStore, prologue: str) -> None:
    assert count(store, prologue, "?x a lsk:Stance FILTER NOT EXISTS { ?x lsk:verb ?v }") == 0
    assert count(store, prologue, "?x a lsk:Stance ; lsk:stanceType stype:opposes") >= 1


def test_priorities_and_desired_effects_are_resources_stances_can_target(
    store: EmbeddedStore, prologue: str
) -> None:
    priorities = column(
        store,
        prologue,
        """SELECT ?p WHERE { ?area a lsk:DevelopmentArea ; lsk:sectionOf doc:strategi ;
                                  lsk:hasPriority ?p . ?p a lsk:Priority ; skos:prefLabel ?l ;
                                  skos:inScheme scheme:strategi } ORDER BY ?p""",
    )
    assert len(priorities) == 34
    assert "https://example.org/lsk/id/strategy/3-1-1-1-prioritet-2" in priorities
    effects = column(
        store,
        prologue,
        """SELECT ?text WHERE { doc:strategi lsk:hasDesiredEffect ?e .
                                 ?e a lsk:DesiredEffect ; skos:prefLabel ?text } ORDER BY ?e""",
    )
    assert (
        effects[0]
        == "Life science-företag etableras, utvecklas och växer i Stockholm- Uppsalaregionen."
    )
    assert len(effects) == 4
    # Region Stockholm's wording, as the PM gives it, each matched with Uppsala's.
    matched = count(
        store,
        prologue,
        """doc:strategi-remissversion-region-stockholm lsk:hasDesiredEffect ?x .
           ?x skos:closeMatch ?uppsala . doc:strategi lsk:hasDesiredEffect ?uppsala""",
    )
    assert matched == 4
    # The literal forms are gone: one place for each text.
    assert count(store, prologue, "?x lsk:priority|lsk:desiredEffect ?text") == 0


def test_the_draft_is_a_proposal_and_nobody_is_recorded_as_having_decided_it(
    store: EmbeddedStore, prologue: str
) -> None:
    proposal = "https://example.org/lsk/id/document-status/proposal"
    strategies = column(
        store, prologue, "SELECT ?s WHERE { ?s a lsk:Strategy ; lsk:documentStatus ?status }"
    )
    assert len(strategies) == count(store, prologue, "?x a lsk:Strategy")
    [status] = column(store, prologue, "SELECT ?s WHERE { doc:strategi lsk:documentStatus ?s }")
    assert status == proposal
    assert count(store, prologue, "?x lsk:decidedBy|lsk:adoptedBy ?body") == 0
    deciders = column(
        store,
        prologue,
        """SELECT DISTINCT ?body WHERE {
             ?d lsk:adopts doc:strategi ; lsk:decisionMaker ?body } ORDER BY ?body""",
    )
    assert deciders == [
        "https://example.org/lsk/id/actor/region-stockholm-regionfullmaktige",
        "https://example.org/lsk/id/actor/region-uppsala-regionfullmaktige",
        "https://example.org/lsk/id/actor/region-uppsala-regionstyrelsen",
    ]
    taken = count(
        store,
        prologue,
        """?x lsk:adopts doc:strategi ;
              lsk:decisionStatus <https://example.org/lsk/id/decision-status/taken>""",
    )
    assert taken == 0
    [applies] = column(store, prologue, "SELECT ?a WHERE { doc:strategi lsk:appliesTo ?a }")
    assert applies.endswith("/id/actor/region-uppsala")
