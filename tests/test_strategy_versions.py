"""Versions of the strategy: Region Stockholm's and Region Uppsala's renderings are versions of
one work, each consultation is on the version it sent, Stockholm's cited sections are aligned
with 003's on evidence, and queries by section follow the alignment both ways."""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib

from kg.embedded import EmbeddedStore, memory_store, select_rows
from kg.rdf_files import ParsedFile, merge, parse_file
from kg.relations import Basis, Relations, Window
from kg.sections import ALIGNED, or_aligned
from kg.settings import Settings
from kg.statement_evidence import evidence_files, read_evidence
from kg.statement_locations import LocatedStatement, locate_statements

WORK = "doc:life-science-strategi-stockholm-uppsalaregionen"
STOCKHOLMS_VERSION = "doc:strategi-remissversion-region-stockholm"
STOCKHOLM, UPPSALA = "actor:stockholms-stad", "actor:uppsala-kommun"

# Each section Region Stockholm's readers cite, the section of 003 it is, and how.
ALIGNMENT = {
    "stratrs:1-1": ("skos:closeMatch", "strat:1-1"),
    "stratrs:1-2-2": ("skos:closeMatch", "strat:1-2-1"),
    "stratrs:a": ("skos:exactMatch", "strat:3-1-1"),
    "stratrs:b": ("skos:exactMatch", "strat:3-1-2"),
    "stratrs:c": ("skos:exactMatch", "strat:3-1-3"),
    "stratrs:d": ("skos:exactMatch", "strat:3-1-4"),
    "stratrs:e": ("skos:exactMatch", "strat:3-1-5"),
    "stratrs:3-3": ("skos:exactMatch", "strat:2-3"),
    "stratrs:4-1": ("skos:exactMatch", "strat:5-1-1"),
}


@pytest.fixture(scope="module")
def store(data_files: list[ParsedFile], settings: Settings) -> EmbeddedStore:
    return memory_store(data_files, settings=settings)


def rows(store: EmbeddedStore, settings: Settings, query: str) -> list[list[str]]:
    _names, found = select_rows(store, settings.namespaces.prologue + query)
    return [list(row) for row in found]


def curies(settings: Settings, iris: list[str]) -> set[str]:
    return {settings.namespaces.compact(iri) for iri in iris}


def stances_on(store: EmbeddedStore, settings: Settings, section: str) -> set[str]:
    """The stances on `section` or a section aligned with it, by the library's path."""
    found = rows(
        store,
        settings,
        f"SELECT DISTINCT ?s WHERE {{ ?s {or_aligned('lsk:target')} {section} }}",
    )
    return curies(settings, [s for (s,) in found])


# --- finding stances across versions ------------------------------------------------------


def test_stances_on_2_3_are_found_from_stockholms_3_3_norden_and_back(
    store: EmbeddedStore, settings: Settings
) -> None:
    norden = {"stance:stockholm-slk-16", "stance:stockholm-yttrande-21"}
    # The Stockholm documents answered "3.3.Norden" of their version; 003 numbers it 2.3.
    assert stances_on(store, settings, "strat:2-3") == norden
    assert stances_on(store, settings, "stratrs:3-3") == norden
    direct = rows(store, settings, "SELECT ?s WHERE { ?s lsk:target strat:2-3 }")
    assert direct == []  # found only through the alignment


def test_stances_on_one_version_as_a_whole_are_found_from_the_other(
    store: EmbeddedStore, settings: Settings
) -> None:
    on_uppsalas = stances_on(store, settings, "doc:strategi")
    on_stockholms = stances_on(store, settings, STOCKHOLMS_VERSION)
    assert on_uppsalas == on_stockholms
    assert "stance:stockholm-sbr-01" in on_uppsalas  # SBR answered Stockholm's version
    assert "stance:uppsala-yttrande-01" in on_stockholms
    # The work itself is no version: nothing is found from it.
    assert stances_on(store, settings, WORK) == set()


def test_the_batched_reads_follow_the_alignment_both_ways(
    store: EmbeddedStore, settings: Settings
) -> None:
    ns = settings.namespaces
    relations = Relations(store, ns)
    target = [ns.iri("lsk:target")]
    for uppsalas, stockholms in [("strat:3-1-2", "stratrs:b"), ("strat:5-1-1", "stratrs:4-1")]:
        both = relations.incoming(target, [ns.iri(uppsalas), ns.iri(stockholms)], aligned=True)
        # Batched for two parents, and cut by the store for one, alike.
        one = relations.incoming(target, [ns.iri(uppsalas)], aligned=True, window=Window(0, 50))
        assert both[ns.iri(uppsalas)].items == both[ns.iri(stockholms)].items
        assert one[ns.iri(uppsalas)].items == both[ns.iri(uppsalas)].items
        # Only Stockholm's documents speak to these sections, on their own version's.
        plain = relations.incoming(target, [ns.iri(uppsalas), ns.iri(stockholms)])
        assert plain[ns.iri(uppsalas)].total == 0
        assert plain[ns.iri(stockholms)].items == both[ns.iri(stockholms)].items
        assert both[ns.iri(stockholms)].total > 0


# --- the alignment and its evidence ---------------------------------------------------------


def test_every_stockholm_section_is_aligned_with_exactly_the_expected_section(
    store: EmbeddedStore, settings: Settings
) -> None:
    found = rows(
        store,
        settings,
        f"""SELECT ?s ?m ?u WHERE {{
              ?s a lsk:StrategySection ; lsk:sectionOf {STOCKHOLMS_VERSION} ; ?m ?u .
              VALUES ?m {{ skos:exactMatch skos:closeMatch }} }}""",
    )
    ns = settings.namespaces
    got = {ns.compact(s): (ns.compact(m), ns.compact(u)) for s, m, u in found}
    assert len(found) == len(got)  # one mapping each
    assert got == ALIGNMENT
    sections = rows(store, settings, f"SELECT ?s WHERE {{ ?s lsk:sectionOf {STOCKHOLMS_VERSION} }}")
    assert curies(settings, [s for (s,) in sections]) == set(ALIGNMENT)
    # Each mapping leads into Uppsala's full text, and is stated from Stockholm's side only.
    outside = rows(
        store,
        settings,
        f"""SELECT ?s ?u WHERE {{ ?s a lsk:StrategySection ; {ALIGNED} ?u .
              FILTER NOT EXISTS {{ ?s lsk:sectionOf doc:strategi . ?u lsk:sectionOf {STOCKHOLMS_VERSION} }}
              FILTER NOT EXISTS {{ ?u lsk:sectionOf doc:strategi . ?s lsk:sectionOf {STOCKHOLMS_VERSION} }} }}""",
    )
    assert outside == []
    from_uppsala = rows(
        store,
        settings,
        "SELECT ?s WHERE { ?s lsk:sectionOf doc:strategi ; skos:exactMatch|skos:closeMatch ?u }",
    )
    assert from_uppsala == []


def test_stockholms_sections_carry_the_headings_as_cited(
    store: EmbeddedStore, settings: Settings
) -> None:
    """Each notation and heading together are what file 002 prints (the full heading line)."""
    text = (settings.sources_dir / "002_ef9c50708ab3183d.txt").read_text(encoding="utf-8")
    found = rows(
        store,
        settings,
        f"""SELECT ?n ?l WHERE {{ ?s lsk:sectionOf {STOCKHOLMS_VERSION} ;
              skos:notation ?n ; skos:prefLabel ?l }}""",
    )
    assert len(found) == len(ALIGNMENT)
    for notation, label in found:
        cited = [f"{notation} {label}", f"{notation}. {label}", f"{notation}.{label}"]
        assert any(c in text for c in cited), (notation, label)
    parents = rows(
        store,
        settings,
        f"SELECT ?s WHERE {{ ?s lsk:sectionOf {STOCKHOLMS_VERSION} ;"
        " skos:broader|skos:topConceptOf ?x }",
    )
    assert parents == []  # no source says which section is under which


@pytest.fixture(scope="module")
def located(data_files: list[ParsedFile], settings: Settings) -> list[LocatedStatement]:
    ns = settings.namespaces
    evidence = read_evidence(evidence_files(settings.data_dir), ns)
    return locate_statements(
        merge(data_files), evidence, sources_dir=settings.sources_dir, namespaces=ns
    )


def test_every_alignment_has_a_basis_and_a_place_in_each_version(
    located: list[LocatedStatement], store: EmbeddedStore, settings: Settings
) -> None:
    ns = settings.namespaces
    bases = {
        b
        for (b,) in rows(
            store, settings, "SELECT ?b WHERE { ?b skos:inScheme scheme:alignment-basis }"
        )
    }
    assert {ns.compact(b) for b in bases} >= {"basis:same-title", "basis:similar-title"}
    mappings = {ns.iri(m) for m in ("skos:exactMatch", "skos:closeMatch")}
    statements = {
        (ns.compact(str(s.subject)), ns.compact(str(s.predicate)), ns.compact(str(s.object))): s
        for s in located
        if str(s.predicate) in mappings and ns.compact(str(s.subject)) in ALIGNMENT
    }
    assert set(statements) == {(s, m, u) for s, (m, u) in ALIGNMENT.items()}
    for key, statement in statements.items():
        assert len(statement.basis) == 1, key
        assert statement.basis <= bases, key
        expected = "basis:same-title" if key[1] == "skos:exactMatch" else "basis:similar-title"
        assert ns.compact(next(iter(statement.basis))) == expected, key
        assert not statement.inferred, key
        files = {place.file_name[:3] for place in statement.locations}
        assert "003" in files, key
        assert files & {"000", "002"}, key
        for place in statement.locations:
            if place.file_name.startswith("003"):
                # The heading in the text, not its line in the table of contents (130-156).
                assert place.line_start > 156, (key, place.line_start)


def test_the_shipped_statements_carry_each_alignment_with_its_basis_and_places(
    store: EmbeddedStore, settings: Settings
) -> None:
    """What the generated data/provenance/statement-locations.ttl says of each alignment."""
    found = rows(
        store,
        settings,
        """SELECT ?s ?m ?u (SAMPLE(?basis) AS ?b) (COUNT(DISTINCT ?place) AS ?places) WHERE {
             ?st a rdf:Statement ; rdf:subject ?s ; rdf:predicate ?m ; rdf:object ?u ;
                 lsk:alignmentBasis ?basis ; lsk:statedAt ?place .
             ?basis skos:inScheme scheme:alignment-basis .
             VALUES ?m { skos:exactMatch skos:closeMatch }
           } GROUP BY ?s ?m ?u""",
    )
    ns = settings.namespaces
    got = {ns.compact(s): (ns.compact(m), ns.compact(u)) for s, m, u, _b, _n in found}
    assert {k: v for k, v in got.items() if k in ALIGNMENT} == ALIGNMENT
    assert all(int(n) >= 2 for s, _m, _u, _b, n in found if ns.compact(s) in ALIGNMENT)


def test_stockholms_section_numbers_are_located_in_its_readers_files(
    located: list[LocatedStatement], settings: Settings
) -> None:
    ns = settings.namespaces
    notations = {
        ns.compact(str(s.subject)): {p.file_name[:3] for p in s.locations}
        for s in located
        if str(s.predicate) == ns.iri("skos:notation")
        and str(s.subject).startswith(ns.prefixes["stratrs"])
    }
    assert notations == {concept: {"000", "002"} for concept in ALIGNMENT}


# --- versions and consultations -------------------------------------------------------------


def test_both_renderings_are_versions_of_the_work(store: EmbeddedStore, settings: Settings) -> None:
    versions = rows(
        store,
        settings,
        f"SELECT ?v WHERE {{ {WORK} dcterms:hasVersion ?v . ?v dcterms:isVersionOf {WORK} }}",
    )
    assert curies(settings, [v for (v,) in versions]) == {"doc:strategi", STOCKHOLMS_VERSION}


def test_every_consultation_is_on_a_version_of_the_work(
    store: EmbeddedStore, settings: Settings
) -> None:
    found = rows(
        store,
        settings,
        f"""SELECT ?c ?v WHERE {{ ?c a lsk:Consultation ; lsk:consultationOn ?v .
              OPTIONAL {{ ?v dcterms:isVersionOf ?w . {WORK} dcterms:hasVersion ?v }} }}""",
    )
    ns = settings.namespaces
    on = {ns.compact(c): ns.compact(v) for c, v in found}
    assert on == {
        "consultation:region-stockholm-rs-2025-0671": STOCKHOLMS_VERSION,
        "consultation:stockholms-stad-ks-2026-58": STOCKHOLMS_VERSION,
        "consultation:stockholms-stadshus-ab-underremiss": STOCKHOLMS_VERSION,
        "consultation:region-uppsala-rs2026-00072": "doc:strategi",
    }
    unversioned = rows(
        store,
        settings,
        f"SELECT ?c WHERE {{ ?c lsk:consultationOn ?v"
        f" FILTER NOT EXISTS {{ ?v dcterms:isVersionOf {WORK} }} }}",
    )
    assert unversioned == []


def test_stockholm_stances_are_on_the_version_stockholm_answered(
    store: EmbeddedStore, settings: Settings
) -> None:
    stockholm_documents = """VALUES ?doc { doc:stockholm-pm-ks-2026-58
        doc:stockholm-yttrande-ks-2026-58 doc:stockholm-stadsledningskontoret-tjansteutlatande
        doc:stockholms-stadshus-ab-yttrande doc:stockholm-business-region-remissvar }"""
    on_uppsalas = rows(
        store,
        settings,
        f"SELECT ?s WHERE {{ {stockholm_documents} ?s dcterms:source ?doc ;"
        " lsk:target doc:strategi }",
    )
    assert on_uppsalas == []
    # Where the stance stands under a heading the version has a section for, it is on it.
    ns = settings.namespaces
    cited = rows(
        store,
        settings,
        f"""SELECT ?s ?t ?heading WHERE {{ {stockholm_documents} ?s dcterms:source ?doc ;
              lsk:citedSection ?heading ; lsk:target ?t . ?t a lsk:StrategySection }}""",
    )
    assert cited
    for stance, target, heading in cited:
        compact = ns.compact(target)
        if heading.startswith("C. "):
            # Development areas of C that Stockholm's documents never cite by number.
            assert compact in {"strat:3-1-3-1", "strat:3-1-3-2"}, stance
        else:
            assert compact.startswith("stratrs:"), (stance, compact, heading)
    # The sections of 003 that Stockholm's stances keep: Stockholm's version has no section
    # cited for them (data/README.md, "Versions of the strategy").
    kept = rows(
        store,
        settings,
        f"""SELECT DISTINCT ?t WHERE {{ {stockholm_documents} ?s dcterms:source ?doc ;
              lsk:target ?t . ?t lsk:sectionOf doc:strategi }}""",
    )
    assert curies(settings, [t for (t,) in kept]) == {
        "strat:2",
        "strat:3-1-2-2",
        "strat:3-1-3-1",
        "strat:3-1-3-2",
    }


# --- agreement follows the alignment --------------------------------------------------------


def test_agreement_on_targets_takes_the_two_versions_as_one(
    store: EmbeddedStore, settings: Settings
) -> None:
    ns = settings.namespaces
    relations = Relations(store, ns)
    points = relations.agreement([ns.iri(STOCKHOLM), ns.iri(UPPSALA)], basis=Basis.TARGET)
    on = {ns.compact(p.on): p for p in points}
    # Stockholm answered its version, Uppsala Uppsala's: one point, named by the full text.
    strategy = on["doc:strategi"]
    assert set(curies(settings, list(strategy.actors))) == {STOCKHOLM, UPPSALA}
    assert STOCKHOLMS_VERSION not in on
    assert not any(point.startswith("stratrs:") for point in on)


def test_an_aspect_takes_in_its_aligned_sections(store: EmbeddedStore, settings: Settings) -> None:
    ns = settings.namespaces
    relations = Relations(store, ns)
    actors = [ns.iri(STOCKHOLM), ns.iri("actor:stockholms-stad-stadsledningskontoret")]
    for aspect in ("strat:3-1-2", "stratrs:b"):
        points = relations.agreement(actors, basis=Basis.TARGET, aspect=ns.iri(aspect))
        stances = {s for p in points for s in curies(settings, list(p.stances))}
        assert "stance:stockholm-yttrande-12" in stances, aspect
        assert "stance:stockholm-slk-07" in stances, aspect
        assert [ns.compact(p.on) for p in points] == ["strat:3-1-2"]


def test_a_stance_on_either_version_of_a_section_is_on_the_same_target(
    data_files: list[ParsedFile], settings: Settings, tmp_path: Path
) -> None:
    """An Uppsala stance on 003's 2.3 and Stockholm's on "3.3.Norden" meet on one point."""
    extra = tmp_path / "uppsala-on-2-3.ttl"
    extra.write_text(
        """@prefix dcterms: <http://purl.org/dc/terms/> .
        @prefix doc: <https://example.org/lsk/id/document/> .
        @prefix lsk: <https://example.org/lsk/def/> .
        @prefix prov: <http://www.w3.org/ns/prov#> .
        @prefix actor: <https://example.org/lsk/id/actor/> .
        @prefix strat: <https://example.org/lsk/id/strategy/> .
        @prefix stype: <https://example.org/lsk/id/stance-type/> .
        <https://example.org/lsk/id/stance/test-uppsala-on-2-3> a lsk:Stance ;
            prov:wasAttributedTo actor:uppsala-kommun ; lsk:stanceType stype:stresses ;
            lsk:target strat:2-3 ; dcterms:source doc:uppsala-yttrande-ksn-2026-00942 .
        """,
        encoding="utf-8",
    )
    store = memory_store(
        [*data_files, parse_file(extra, base_iri=settings.base_iri)], settings=settings
    )
    ns = settings.namespaces
    points = Relations(store, ns).agreement(
        [ns.iri(STOCKHOLM), ns.iri(UPPSALA)], basis=Basis.TARGET
    )
    norden = next(p for p in points if ns.compact(p.on) == "strat:2-3")
    assert curies(settings, list(norden.stances)) == {
        "stance:stockholm-yttrande-21",
        "stance:test-uppsala-on-2-3",
    }
    assert norden.relation.value == "same"


def test_the_alignment_is_stated_once_per_pair(data_graph: rdflib.Graph) -> None:
    """Mappings are symmetric: stating a pair both ways would count it twice nowhere, but
    would say nothing more; the convention is one direction (data/README.md)."""
    skos = rdflib.Namespace("http://www.w3.org/2004/02/skos/core#")
    pairs = [
        (s, o) for p in (skos.exactMatch, skos.closeMatch) for s, o in data_graph.subject_objects(p)
    ]
    assert len(pairs) == len({frozenset(pair) for pair in pairs}) >= len(ALIGNMENT)
