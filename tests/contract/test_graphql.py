"""The GraphQL API over real HTTP (uvicorn on a free port), on both backends.

Relationship answers are checked against hand-written SPARQL sent to the same server's
/sparql endpoint, so GraphQL and SPARQL cannot drift apart unnoticed.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import httpx
import pytest

from kg.namespaces import Namespaces
from kg.quotes import normalise
from kg.settings import Settings
from tests.support.graphql import answers_normally, data, post, sparql

NAMESPACES = Namespaces("https://example.org/lsk/")


def error_of(api: str, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
    body = post(api, query, variables)
    assert body.get("errors"), body
    first: dict[str, Any] = body["errors"][0]
    return first


# (GraphQL type, field, shape of the field, the relation as a SPARQL pattern over ?node, ?x)
RELATIONS = [
    ("Organization", "units", "connection", "?x org:unitOf ?node"),
    ("Organization", "parent", "one", "?node org:unitOf ?x"),
    ("Organization", "subsidiaries", "connection", "?x lsk:subsidiaryOf ?node"),
    ("Organization", "parentCompany", "one", "?node lsk:subsidiaryOf ?x"),
    ("Actor", "memberships", "list", "?node org:memberOf ?x"),
    ("Organization", "members", "connection", "?x org:memberOf ?node"),
    ("Organization", "includes", "list", "?node lsk:includes ?x"),
    ("Organization", "founders", "list", "?node lsk:foundedBy ?x"),
    ("Actor", "founded", "connection", "?x lsk:foundedBy ?node"),
    ("Organization", "posts", "connection", "?x org:postIn ?node"),
    ("Organization", "people", "list", "?post org:postIn ?node ; org:heldBy ?x"),
    ("Person", "posts", "connection", "?x org:heldBy ?node"),
    ("Post", "heldBy", "list", "?node org:heldBy ?x"),
    ("Actor", "stances", "connection", "?x prov:wasAttributedTo ?node"),
    ("Actor", "documentsAuthored", "connection", "?x dcterms:creator ?node"),
    ("Actor", "documentsSigned", "connection", "?x lsk:signatory ?node"),
    ("Actor", "documentsReceived", "connection", "?x lsk:addressedTo ?node"),
    ("Actor", "consultationsReceived", "connection", "?x lsk:consultee ?node"),
    ("Document", "creators", "list", "?node dcterms:creator ?x"),
    ("Document", "attachments", "list", "?node lsk:hasAttachment ?x"),
    ("Document", "respondsTo", "list", "?node lsk:respondsTo ?x"),
    ("Document", "parts", "connection", "?x dcterms:isPartOf ?node"),
    ("Document", "stances", "connection", "?x a lsk:Stance ; dcterms:source ?node"),
    ("Document", "sections", "connection", "?x lsk:sectionOf ?node"),
    ("Document", "versions", "list", "?node dcterms:hasVersion ?x"),
    ("Document", "versionOf", "one", "?node dcterms:isVersionOf ?x"),
    ("Document", "decisions", "connection", "?x lsk:adopts ?node"),
    ("Document", "desiredEffectConcepts", "list", "?node lsk:hasDesiredEffect ?x"),
    ("Document", "appliesTo", "list", "?node lsk:appliesTo ?x"),
    ("Section", "priorityConcepts", "list", "?node lsk:hasPriority ?x"),
    ("StrategyPoint", "closeMatches", "list", "?node skos:closeMatch ?x ; a lsk:DesiredEffect"),
    ("Consultation", "responses", "connection", "?x lsk:respondsTo ?node"),
    ("Consultation", "consultees", "list", "?node lsk:consultee ?x"),
    ("Section", "developmentAreas", "connection", "?x a lsk:DevelopmentArea ; skos:broader ?node"),
    # Across versions by default: also the stances on the sections aligned with it.
    (
        "Section",
        "stances",
        "connection",
        "{ ?x lsk:target ?node } UNION { ?x lsk:target ?aligned ."
        " ?aligned skos:exactMatch|skos:closeMatch|^skos:exactMatch|^skos:closeMatch ?node }"
        " ?node a lsk:StrategySection",
    ),
    # Across versions by default: also the stances on the other versions of the same work.
    (
        "Document",
        "stancesOn",
        "connection",
        "{ ?x lsk:target ?node } UNION { ?x lsk:target ?version ."
        " ?version dcterms:isVersionOf/dcterms:hasVersion ?node } ?node a lsk:Strategy",
    ),
    ("Stance", "actor", "one", "?node prov:wasAttributedTo ?x"),
    ("Stance", "type", "one", "?node lsk:stanceType ?x"),
    ("Stance", "targets", "list", "?node lsk:target ?x"),
    ("Stance", "themes", "list", "?node lsk:theme ?x"),
    ("Stance", "document", "one", "?node a lsk:Stance ; dcterms:source ?x"),
    ("Stance", "derivedFrom", "list", "?node prov:wasDerivedFrom ?x"),
    ("Stance", "derivations", "connection", "?x prov:wasDerivedFrom ?node"),
    ("Concept", "stances", "connection", "?x lsk:stanceType|lsk:theme ?node"),
    ("Position", "stances", "connection", "?x lsk:argues|lsk:arguesAgainst ?node"),
    (
        "Position",
        "actors",
        "list",
        "?s lsk:argues|lsk:arguesAgainst ?node ; prov:wasAttributedTo ?x",
    ),
]


@pytest.mark.parametrize(
    ("graphql_type", "field", "shape", "pattern"),
    RELATIONS,
    ids=[f"{t}.{f}" for t, f, _, _ in RELATIONS],
)
def test_relations_answer_as_sparql_does(
    api: str, graphql_type: str, field: str, shape: str, pattern: str
) -> None:
    # The resource with the most such relations, so the comparison has something to compare.
    busiest = sparql(
        api,
        f"SELECT ?node (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {pattern} }} "
        "GROUP BY ?node ORDER BY DESC(?n) ?node LIMIT 1",
    )
    assert busiest, f"the shipped data has no example of {graphql_type}.{field}"
    node = busiest[0]["node"]
    expected = {
        row["x"]
        for row in sparql(
            api, f"SELECT DISTINCT ?x WHERE {{ {pattern} FILTER (?node = <{node}>) }}"
        )
    }
    selection = {
        "connection": "(first: 100) { totalCount nodes { id } }",
        "list": "{ id }",
        "one": "{ id }",
    }[shape]
    answer = data(
        api,
        f"query ($id: ID!) {{ node(id: $id) {{ ... on {graphql_type} {{ {field} {selection} }} }} }}",
        {"id": node},
    )["node"][field]
    if shape == "connection":
        assert answer["totalCount"] == len(expected)
        got = {n["id"] for n in answer["nodes"]}
    elif shape == "list":
        got = {n["id"] for n in answer}
    else:
        got = {answer["id"]}
        assert len(expected) >= 1
    assert got == expected


def test_an_actor_with_its_stances_and_their_provenance(api: str) -> None:
    actor = data(
        api,
        """{ actor(id: "actor:uppsala-kommun") {
              id curie name kind
              stances(first: 100) { totalCount nodes {
                quote verb document { id title sourceFile } type { label(lang: "en") } } } } }""",
    )["actor"]
    assert actor["id"] == "https://example.org/lsk/id/actor/uppsala-kommun"
    assert actor["curie"] == "actor:uppsala-kommun"
    assert (actor["name"], actor["kind"]) == ("Uppsala kommun", "MUNICIPALITY")
    stances = actor["stances"]["nodes"]
    assert actor["stances"]["totalCount"] == len(stances) == 29
    quotes = {
        row["quote"]
        for row in sparql(
            api,
            "SELECT ?quote WHERE { ?s prov:wasAttributedTo actor:uppsala-kommun ; lsk:quote ?quote }",
        )
    }
    assert {s["quote"] for s in stances} == quotes
    # Provenance on every stance: the document, its seed file, and the verbatim quote.
    assert all(
        s["quote"] and s["document"]["title"] and s["document"]["sourceFile"] for s in stances
    )


def test_every_stance_carries_the_location_of_its_quote(api: str, settings: Settings) -> None:
    nodes: list[dict[str, Any]] = []
    after = None
    while True:
        page = data(
            api,
            """query ($after: String) { stances(first: 100, after: $after) {
                 pageInfo { hasNextPage endCursor } nodes { curie quote location {
                   document { sourceFile } file lineStart lineEnd start end exact prefix suffix
                   occurrence occurrences } } } }""",
            {"after": after},
        )["stances"]
        nodes += page["nodes"]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert len(nodes) == 116
    texts: dict[str, str] = {}
    for stance in nodes:
        location = stance["location"]
        assert location is not None, stance["curie"]
        name = location["file"]
        assert name == location["document"]["sourceFile"]
        text = texts.setdefault(name, (settings.sources_dir / name).read_text(encoding="utf-8"))
        start, end = location["start"], location["end"]
        assert text[start:end] == location["exact"], stance["curie"]
        assert text[:start].endswith(location["prefix"])
        assert text[end:].startswith(location["suffix"])
        assert location["lineStart"] == text.count("\n", 0, start) + 1
        assert location["lineEnd"] == text.count("\n", 0, end - 1) + 1
        assert normalise(location["exact"]) == normalise(stance["quote"])
    # The quotes that occur twice in their file say which occurrence is meant.
    chosen = {
        s["curie"]: s["location"]["occurrence"] for s in nodes if s["location"]["occurrences"]
    }
    assert len(chosen) == 9
    assert chosen["stance:huddinge-tjansteutlatande-02"] == 1
    assert chosen["stance:huddinge-tjansteutlatande-08"] == 2


def test_every_curated_statement_answers_with_its_source_location(
    api: str, settings: Settings
) -> None:
    """Every curated fact the graph locates (rdf:Statement) comes back from `statedFacts` of
    its subject, with places whose offsets select their exact text in the file."""
    rows = sparql(
        api,
        """SELECT ?subject ?predicate ?object (COUNT(?place) AS ?places) (SAMPLE(?note) AS ?why)
           WHERE { ?statement a rdf:Statement ; rdf:subject ?subject ; rdf:predicate ?predicate ;
                     rdf:object ?object .
                   OPTIONAL { ?statement lsk:statedAt ?place }
                   OPTIONAL { ?statement lsk:curatorNote ?note } }
           GROUP BY ?subject ?predicate ?object""",
    )
    assert len(rows) > 200
    ns = Namespaces("https://example.org/lsk/")
    expected: dict[str, set[tuple[str, str, int, str | None]]] = {}
    for row in rows:
        shown = ns.compact(row["object"]) if row["object"].startswith("http") else row["object"]
        fact = (ns.compact(row["predicate"]), shown, int(row["places"]), row.get("why"))
        expected.setdefault(row["subject"], set()).add(fact)
    subjects = sorted(expected)
    texts: dict[str, str] = {}
    for batch in range(0, len(subjects), 10):
        chosen = subjects[batch : batch + 10]
        fields = " ".join(
            f"""n{i}: node(id: "{iri}") {{ statedFacts {{ predicate value curatorNote
                 locations {{ file start end exact prefix lineStart }} }} }}"""
            for i, iri in enumerate(chosen)
        )
        answer = data(api, "{ " + fields + " }")
        for i, iri in enumerate(chosen):
            facts = answer[f"n{i}"]["statedFacts"]
            got = {
                (f["predicate"], f["value"], len(f["locations"]), f["curatorNote"]) for f in facts
            }
            assert got == expected[iri], iri
            for fact in facts:
                for place in fact["locations"]:
                    name = place["file"]
                    text = texts.setdefault(
                        name, (settings.sources_dir / name).read_text(encoding="utf-8")
                    )
                    assert text[place["start"] : place["end"]] == place["exact"], (iri, fact)
                    assert text[: place["start"]].endswith(place["prefix"])
                    assert place["lineStart"] == text.count("\n", 0, place["start"]) + 1


def test_stated_facts_can_be_asked_for_one_property(api: str) -> None:
    memo = data(
        api,
        """{ node(id: "doc:stockholm-pm-ks-2026-58") {
              statedFacts(predicate: "dcterms:date") { predicate value
                locations { document { curie } file lineStart exact } } } }""",
    )["node"]["statedFacts"]
    assert memo == [
        {
            "predicate": "dcterms:date",
            "value": "2026-03-18",
            "locations": [
                {
                    "document": {"curie": "doc:stockholm-pm-ks-2026-58"},
                    "file": "000_32197dff19833973.txt",
                    "lineStart": 114,
                    "exact": "Stockholm den 18 mars 2026",
                }
            ],
        }
    ]


def test_every_resource_type_names_its_sources(api: str) -> None:
    founders = data(
        api,
        """{ actor(id: "actor:flemingsberg-science") { sources { id } ... on Organization {
              founders { curie } } } }""",
    )["actor"]
    expected = {
        r["d"]
        for r in sparql(api, "SELECT ?d WHERE { actor:flemingsberg-science dcterms:source ?d }")
    }
    assert {s["id"] for s in founders["sources"]} == expected != set()
    assert {"actor:huddinge-kommun"} <= {f["curie"] for f in founders["founders"]}


def test_paging_walks_the_whole_list_once(api: str) -> None:
    seen: list[str] = []
    after = None
    pages = 0
    while True:
        page = data(
            api,
            """query ($after: String) { stances(first: 25, after: $after) {
                 totalCount pageInfo { hasNextPage hasPreviousPage endCursor startCursor }
                 edges { cursor node { id } } } }""",
            {"after": after},
        )["stances"]
        assert page["totalCount"] == 116
        assert page["pageInfo"]["hasPreviousPage"] == (pages > 0)
        seen += [edge["node"]["id"] for edge in page["edges"]]
        pages += 1
        if not page["pageInfo"]["hasNextPage"]:
            break
        assert page["pageInfo"]["endCursor"] == page["edges"][-1]["cursor"]
        after = page["pageInfo"]["endCursor"]
    assert pages == 5
    assert len(seen) == len(set(seen)) == 116


@pytest.mark.parametrize(
    ("condition", "pattern"),
    [
        ('{actor: "actor:stockholms-stad"}', "?x prov:wasAttributedTo actor:stockholms-stad"),
        ('{type: "stype:welcomes"}', "?x lsk:stanceType stype:welcomes"),
        ('{theme: "theme:skills"}', "?x lsk:theme theme:skills"),
        (
            '{document: "doc:stockholm-yttrande-ks-2026-58", type: "stype:stresses"}',
            "?x dcterms:source doc:stockholm-yttrande-ks-2026-58 ; lsk:stanceType stype:stresses",
        ),
        # A target finds the stances on the sections under it (3-1-2-2) and on the sections of
        # the other version aligned with it (tests/contract/test_graphql_filters.py has more).
        (
            '{target: "strat:3-1-2"}',
            "{ ?x lsk:target strat:3-1-2 } UNION { ?x lsk:target ?under ."
            " ?under skos:broader+ strat:3-1-2 } UNION { ?x lsk:target ?aligned ."
            " ?aligned skos:exactMatch|skos:closeMatch|^skos:exactMatch|^skos:closeMatch"
            " strat:3-1-2 }",
        ),
        (
            '{target: "stratrs:b", acrossVersions: false}',
            "?x lsk:target stratrs:b",
        ),
    ],
)
def test_stance_filters_count_as_sparql_does(api: str, condition: str, pattern: str) -> None:
    expected = sparql(
        api, f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ ?x a lsk:Stance . {pattern} }}"
    )
    answer = data(api, f"{{ stances(filter: {condition}) {{ totalCount }} }}")
    assert answer["stances"]["totalCount"] == int(expected[0]["n"]) > 0


def test_actors_by_kind_and_name(api: str) -> None:
    found = data(
        api,
        """{ actors(kind: [MUNICIPALITY], nameContains: "KOMMUN") { totalCount nodes { name } }
             people(nameContains: "wanng") { nodes { name } } }""",
    )
    assert {n["name"] for n in found["actors"]["nodes"]} == {
        "Botkyrka kommun",
        "Huddinge kommun",
        "Uppsala kommun",
    }
    assert [p["name"] for p in found["people"]["nodes"]] == ["Karin Wanngård"]


def test_the_strategy_its_aspects_and_their_areas(api: str) -> None:
    strategy = data(
        api,
        """{ strategy { curie kind aspects(first: 10) { totalCount nodes {
              notation kind label developmentAreas(first: 10) { totalCount nodes { kind priorities } } } } } }""",
    )["strategy"]
    assert (strategy["curie"], strategy["kind"]) == ("doc:strategi", "STRATEGY")
    aspects = strategy["aspects"]["nodes"]
    assert strategy["aspects"]["totalCount"] == len(aspects) == 5
    areas = [a for aspect in aspects for a in aspect["developmentAreas"]["nodes"]]
    assert len(areas) == 13
    assert {a["kind"] for a in areas} == {"DEVELOPMENT_AREA"}
    assert sum(len(a["priorities"]) for a in areas) == 34


def test_sections_are_aligned_across_the_two_versions(api: str) -> None:
    sections = data(
        api,
        """{ stockholm: node(id: "stratrs:3-3") { ... on Section {
               notation strategy { curie versionOf { curie } }
               alignedSections { kind basis { curie } section { curie notation } } } }
             uppsala: node(id: "strat:2-3") { ... on Section {
               alignedSections { kind section { curie notation strategy { curie } } } } } }""",
    )
    stockholm, uppsala = sections["stockholm"], sections["uppsala"]
    assert stockholm["notation"] == "3.3"
    assert stockholm["strategy"] == {
        "curie": "doc:strategi-remissversion-region-stockholm",
        "versionOf": {"curie": "doc:life-science-strategi-stockholm-uppsalaregionen"},
    }
    [aligned] = stockholm["alignedSections"]
    assert (aligned["kind"], aligned["section"]) == (
        "EXACT",
        {"curie": "strat:2-3", "notation": "2.3"},
    )
    # The basis is the one the curator's evidence gives, as its generated statement says.
    bases = sparql(
        api,
        "SELECT ?b WHERE { ?st rdf:subject stratrs:3-3 ; rdf:predicate skos:exactMatch ;"
        " rdf:object strat:2-3 ; lsk:alignmentBasis ?b }",
    )
    expected = {NAMESPACES.compact(row["b"]) for row in bases}
    assert {b["curie"] for b in aligned["basis"]} == expected == {"basis:same-title"}
    # The mapping is stated from Stockholm's side; Uppsala's section finds it all the same.
    [back] = uppsala["alignedSections"]
    assert (back["kind"], back["section"]["curie"], back["section"]["strategy"]["curie"]) == (
        "EXACT",
        "stratrs:3-3",
        "doc:strategi-remissversion-region-stockholm",
    )
    close = data(
        api,
        '{ node(id: "strat:1-1") { ... on Section { alignedSections { kind section { label } } } } }',
    )["node"]["alignedSections"]
    assert [(a["kind"], a["section"]["label"]) for a in close] == [("CLOSE", "Strategins syfte")]


def test_stances_on_a_section_are_found_across_versions(api: str) -> None:
    answer = data(
        api,
        """{ across: node(id: "strat:2-3") { ... on Section {
               stances { totalCount nodes { curie } } } }
             own: node(id: "strat:2-3") { ... on Section {
               stances(acrossVersions: false) { totalCount } } }
             stockholms: node(id: "stratrs:3-3") { ... on Section {
               stances { totalCount nodes { curie } } } } }""",
    )
    norden = {"stance:stockholm-slk-16", "stance:stockholm-yttrande-21"}
    assert {n["curie"] for n in answer["across"]["stances"]["nodes"]} == norden
    assert answer["across"]["stances"]["totalCount"] == 2
    assert {n["curie"] for n in answer["stockholms"]["stances"]["nodes"]} == norden
    assert answer["own"]["stances"]["totalCount"] == 0
    expected = sparql(api, "SELECT ?s WHERE { ?s lsk:target strat:2-3 }")
    assert len(expected) == 0


def test_agreement_on_targets_takes_aligned_sections_as_one_point(api: str) -> None:
    answer = data(
        api,
        """{ versions: agreement(actors: ["actor:stockholms-stad", "actor:uppsala-kommun"],
               basis: TARGET) { nodes { on { curie } actors { curie } } }
             aspect: agreement(actors: ["actor:stockholms-stad",
               "actor:stockholms-stad-stadsledningskontoret"], basis: TARGET, aspect: "stratrs:b") {
               nodes { on { curie } stances { curie target: targets { curie } } } } }""",
    )
    # Stockholm answered its version and Uppsala Uppsala's: one point, named by the full text.
    on = {p["on"]["curie"]: {a["curie"] for a in p["actors"]} for p in answer["versions"]["nodes"]}
    assert on["doc:strategi"] == {"actor:stockholms-stad", "actor:uppsala-kommun"}
    assert not [point for point in on if "region-stockholm" in point]
    # Stockholm's aspect B is 003's 3.1.2: its stances meet there, whichever version is named.
    [point] = answer["aspect"]["nodes"]
    assert point["on"]["curie"] == "strat:3-1-2"
    targets = {t["curie"] for s in point["stances"] for t in s["target"]}
    assert targets == {"stratrs:b"}


def test_the_work_lists_both_versions_and_each_consultation_is_on_one(api: str) -> None:
    work = data(
        api,
        """{ document(id: "doc:life-science-strategi-stockholm-uppsalaregionen") {
               kind versions { curie consultations(first: 10) { nodes { curie } } } } }""",
    )["document"]
    assert work["kind"] == "STRATEGY"
    on = {v["curie"]: {c["curie"] for c in v["consultations"]["nodes"]} for v in work["versions"]}
    assert on == {
        "doc:strategi": {"consultation:region-uppsala-rs2026-00072"},
        "doc:strategi-remissversion-region-stockholm": {
            "consultation:region-stockholm-rs-2025-0671",
            "consultation:stockholms-stad-ks-2026-58",
            "consultation:stockholms-stadshus-ab-underremiss",
        },
    }


def test_effects_and_priorities_are_resources_that_keep_the_strategys_words(api: str) -> None:
    strategy = data(
        api,
        """{ strategy(id: "doc:strategi") {
              desiredEffects
              desiredEffectConcepts { curie kind label stances(first: 1) { totalCount } }
              sections(first: 100) { nodes {
                priorities priorityConcepts { curie kind label listedBy(first: 1) { nodes { curie } } } } } }
            effect: node(id: "stratrs:effekt-2") { ... on StrategyPoint {
              label scopeNote(lang: "en") closeMatches { curie } } } }""",
    )
    effects = strategy["strategy"]["desiredEffectConcepts"]
    assert [e["curie"] for e in effects] == [f"strat:effekt-{n}" for n in range(1, 5)]
    assert {e["kind"] for e in effects} == {"DESIRED_EFFECT"}
    assert [e["label"] for e in effects] == strategy["strategy"]["desiredEffects"]
    assert (
        effects[3]["label"] == "Ökad akademisk excellens vid Stockholm-Uppsalaregionens lärosäten."
    )
    sections = [s for s in strategy["strategy"]["sections"]["nodes"] if s["priorityConcepts"]]
    points = [p for s in sections for p in s["priorityConcepts"]]
    assert len(points) == 34
    assert all(s["priorities"] == [p["label"] for p in s["priorityConcepts"]] for s in sections)
    first = next(p for p in points if p["curie"] == "strat:3-1-1-1-prioritet-1")
    assert first["kind"] == "PRIORITY"
    assert first["listedBy"]["nodes"] == [{"curie": "strat:3-1-1-1"}]
    stockholm = strategy["effect"]
    assert stockholm["label"] == "investeringar ökar"
    assert "attachment 3" in stockholm["scopeNote"]
    assert stockholm["closeMatches"] == [{"curie": "strat:effekt-2"}]


def test_the_draft_is_a_proposal_whose_deciders_have_not_decided(api: str) -> None:
    answer = data(
        api,
        """{ strategy(id: "doc:strategi") {
              status { id } appliesTo { curie } adoptedBy { curie } decidedBy { curie }
              decisions(first: 10) { totalCount nodes { status { id } decisionMaker { curie } } } }
            board: node(id: "actor:region-uppsala-regionstyrelsen") { ... on Actor {
              strategiesAdopted { nodes { curie } } } } }""",
    )
    strategy = answer["strategy"]
    assert strategy["status"] == {"id": "https://example.org/lsk/id/document-status/proposal"}
    assert strategy["appliesTo"] == [{"curie": "actor:region-uppsala"}]
    decisions = strategy["decisions"]["nodes"]
    assert strategy["decisions"]["totalCount"] == len(decisions) == 3
    assert {d["status"]["id"] for d in decisions} == {
        "https://example.org/lsk/id/decision-status/proposed"
    }
    makers = {m["curie"] for d in decisions for m in d["decisionMaker"]}
    assert makers == {
        "actor:region-stockholm-regionfullmaktige",
        "actor:region-uppsala-regionfullmaktige",
        "actor:region-uppsala-regionstyrelsen",
    }
    # The deprecated fields answer from the proposed decisions, not from a claim of a decision.
    assert {a["curie"] for a in strategy["adoptedBy"]} == makers
    assert {a["curie"] for a in strategy["decidedBy"]} == makers
    assert answer["board"]["strategiesAdopted"]["nodes"] == [{"curie": "doc:strategi"}]


def test_labels_follow_the_language_asked_for(api: str) -> None:
    theme = data(
        api,
        """{ node(id: "theme:skills") { sv: label en: label(lang: "en") de: label(lang: "de") } }""",
    )["node"]
    rows = sparql(
        api, "SELECT ?l WHERE { theme:skills skos:prefLabel ?l FILTER (LANG(?l) = 'en') }"
    )
    assert theme["en"] == rows[0]["l"]
    assert theme["sv"] != theme["en"]
    assert theme["de"] == theme["sv"]  # no German: Swedish is given


def test_agreement_between_two_municipalities(api: str) -> None:
    points = data(
        api,
        """{ agreement(actors: ["actor:uppsala-kommun", "actor:stockholms-stad"], basis: THEME) {
              totalCount nodes { relation on { curie } actors { curie }
                stances { quote actor { curie } type { curie polarity { curie } } } } } }""",
    )["agreement"]
    assert points["totalCount"] == len(points["nodes"]) > 0
    both = {"actor:uppsala-kommun", "actor:stockholms-stad"}
    for point in points["nodes"]:
        assert {a["curie"] for a in point["actors"]} == both
        assert {s["actor"]["curie"] for s in point["stances"]} == both
        types = {s["type"]["curie"] for s in point["stances"]}
        polarities = {s["type"]["polarity"]["curie"] for s in point["stances"]}
        expected = (
            "SAME"
            if len(types) == 1
            else "OPPOSE"
            if {"stype:positive", "stype:negative"} <= polarities
            else "AGREE"
            if len(polarities) == 1
            else "DIFFER"
        )
        assert point["relation"] == expected
    on = {p["on"]["curie"]: p["relation"] for p in points["nodes"]}
    assert on["theme:action-plans"] == "AGREE"


def test_agreement_on_positions_between_stockholm_and_uppsala(api: str) -> None:
    points = data(
        api,
        """{ agreement(actors: ["actor:uppsala-kommun", "actor:stockholms-stad"]) {
              totalCount nodes { relation on { curie } actors { curie }
                stances { actor { curie } positions { polarity position { curie } } } } } }""",
    )["agreement"]
    both = {"actor:uppsala-kommun", "actor:stockholms-stad"}
    on = {p["on"]["curie"]: p["relation"] for p in points["nodes"]}
    assert {
        "position:build-on-existing-structures": "AGREE",
        "position:strengthen-business-perspective": "AGREE",
        "position:municipalities-key-role": "AGREE",
    }.items() <= on.items()
    for point in points["nodes"]:
        assert {a["curie"] for a in point["actors"]} == both
        # Every stance of the point argues the point's position, with the polarity that
        # decides the relation.
        polarities = set()
        for stance in point["stances"]:
            argued = {p["position"]["curie"]: p["polarity"] for p in stance["positions"]}
            polarities.add(argued[point["on"]["curie"]])
        assert point["relation"] == ("AGREE" if len(polarities) == 1 else "OPPOSE")


def test_stances_name_their_positions_with_polarity(api: str) -> None:
    found = data(
        api,
        # Pages a little over what the data holds (23 positions, at most 16 stances each): at
        # 100 and 100 the query's cost (each stance's positions counted at 20) is over budget.
        """{ positions(first: 40) { totalCount nodes { curie stances(first: 25) { totalCount
              nodes { curie positions { polarity position { curie } } } } } } }""",
    )["positions"]
    expected = sparql(
        api,
        "SELECT ?p ?s ?link WHERE { ?s ?link ?p . VALUES ?link { lsk:argues lsk:arguesAgainst } }",
    )
    assert found["totalCount"] == len({r["p"] for r in expected}) > 0
    polarity = {"https://example.org/lsk/def/argues": "FOR"}
    links = {(r["p"], r["s"], polarity.get(r["link"], "AGAINST")) for r in expected}
    got = set()
    for position in found["nodes"]:
        assert position["stances"]["totalCount"] >= 1
        for stance in position["stances"]["nodes"]:
            for argued in stance["positions"]:
                if argued["position"]["curie"] == position["curie"]:
                    got.add((position["curie"], stance["curie"], argued["polarity"]))
    prefixes = {
        "https://example.org/lsk/id/position/": "position:",
        "https://example.org/lsk/id/stance/": "stance:",
    }

    def short(iri: str) -> str:
        for ns, prefix in prefixes.items():
            iri = iri.replace(ns, prefix)
        return iri

    assert got == {(short(p), short(s), pol) for p, s, pol in links}
    against = data(
        api,
        '{ stance: node(id: "stance:stockholm-sbr-08") { ... on Stance { positions {'
        ' polarity position { label(lang: "en") } } } } }',
    )["stance"]["positions"]
    assert against == [
        {
            "polarity": "AGAINST",
            "position": {"label": "Establish a new regional life-science brand"},
        }
    ]


def test_a_path_from_a_municipal_company_to_its_city(api: str) -> None:
    path = data(
        api,
        """{ path(from: "actor:stockholm-business-region-ab", to: "actor:stockholms-stad",
                 avoid: ["dcterms:source"]) {
              length nodes { curie } edges { property forward subject { curie } object { curie }
                sources { curie } } } }""",
    )["path"]
    nodes = [n["curie"] for n in path["nodes"]]
    assert nodes[0] == "actor:stockholm-business-region-ab"
    assert nodes[-1] == "actor:stockholms-stad"
    assert path["length"] == len(path["edges"]) == len(nodes) - 1 == 3
    assert path["edges"][0]["property"] == "lsk:subsidiaryOf"
    for position, edge in enumerate(path["edges"]):
        ends = (edge["subject"]["curie"], edge["object"]["curie"])
        walked = ends if edge["forward"] else ends[::-1]
        assert walked == (nodes[position], nodes[position + 1])
        assert edge["sources"], "every edge names the documents that state it"
        assert edge["property"] != "dcterms:source"


def test_no_path_within_the_length_is_null(api: str) -> None:
    answer = data(
        api,
        '{ path(from: "actor:kth", to: "actor:stockholms-stadshus-ab", maxLength: 1) { length } }',
    )
    assert answer["path"] is None


@pytest.mark.parametrize(
    ("query", "code", "words"),
    [
        ('{ actor(id: "actor:nobody") { name } }', "NOT_FOUND", "actor/nobody"),
        ('{ actor(id: "doc:strategi") { name } }', "NOT_FOUND", "not an Actor"),
        ('{ document(id: "no such thing") { title } }', "BAD_USER_INPUT", "neither an IRI"),
        ("{ stances(first: 101) { totalCount } }", "BAD_USER_INPUT", "between 0 and 100"),
        ('{ stances(after: "bm9wZQ==") { totalCount } }', "BAD_USER_INPUT", "not a cursor"),
        ('{ node(id: "theme:skills") { label(lang: "s v") } }', "BAD_USER_INPUT", "language tag"),
        (
            '{ path(from: "actor:kth", to: "actor:kth", maxLength: 99) { length } }',
            "BAD_USER_INPUT",
            "maxLength",
        ),
        ('{ agreement(actors: ["actor:kth"]) { totalCount } }', "BAD_USER_INPUT", "2 to 20"),
    ],
)
def test_bad_requests_get_a_clear_error(api: str, query: str, code: str, words: str) -> None:
    error = error_of(api, query)
    assert error["extensions"]["code"] == code
    assert words in error["message"]
    assert "Traceback" not in str(error)


def test_text_that_looks_like_sparql_is_only_ever_text(api: str) -> None:
    for attempt in ['"} } DROP ALL ; SELECT * WHERE { ?s ?p "', '\\" ) } #', "' OR 1=1 --"]:
        found = data(
            api, "query ($t: String) { actors(nameContains: $t) { totalCount } }", {"t": attempt}
        )
        assert found["actors"]["totalCount"] == 0
    assert data(api, "{ stances { totalCount } }")["stances"]["totalCount"] == 116


def test_queries_by_get_and_graphiql_for_browsers(api: str) -> None:
    response = httpx.get(api + "/graphql", params={"query": "{ stances { totalCount } }"})
    assert response.status_code == 200
    assert response.json()["data"]["stances"]["totalCount"] == 116
    page = httpx.get(api + "/graphql", headers={"Accept": "text/html"})
    assert page.status_code == 200
    assert "graphiql" in page.text.lower()


# --------------------------------------------------------------------------------------------
# Limits: each abusive request is refused, and the server answers a normal one right after.
# --------------------------------------------------------------------------------------------


def nested_units(depth: int) -> str:
    query = "name"
    for _ in range(depth):
        query = f"... on Organization {{ units {{ nodes {{ {query} }} }} }}"
    return f'{{ actor(id: "actor:stockholms-stad") {{ {query} }} }}'


def aliases(count: int) -> str:
    return "{ " + " ".join(f"a{i}: stances {{ totalCount }}" for i in range(count)) + " }"


ABUSE = {
    # Six nested default pages: 20 ** 6 units at worst, refused by the cost budget.
    "cost": (nested_units(6), "could cost"),
    # Cheap (one parent per level) but deep: refused by the depth backstop.
    "depth": (
        '{ actor(id: "actor:stockholms-stad-rotel-i") { '
        + "... on Organization { parent { " * 25
        + "name"
        + " } }" * 25
        + " } }",
        "fields deep",
    ),
    "tokens": ("{ stances { " + "totalCount " * 2_100 + "} }", "token"),
    "aliases": (aliases(16), "aliases"),
    # Fragments must not be a way around the alias count (strawberry < 0.315.7 let them be).
    "aliases through fragments": (
        "query { ...A ...B } "
        "fragment A on Query { "
        + " ".join(f"a{i}: themes {{ totalCount }}" for i in range(8))
        + " } "
        "fragment B on Query { "
        + " ".join(f"b{i}: themes {{ totalCount }}" for i in range(8))
        + " }",
        "aliases",
    ),
    "page size": ("{ stances(first: 5000) { totalCount } }", "between 0 and 100"),
    # Refused by its cost before it runs; the node budget behind the cost, which counts what
    # an answer really holds, is tested in test_graphql_cost.py.
    "answer size": (
        "{ stances(first: 100) { nodes { actor { stances(first: 100) { nodes {"
        " themes { stances(first: 100) { nodes { id } } } } } } } } }",
        "could cost",
    ),
}


@pytest.mark.parametrize("limit", list(ABUSE))
def test_an_abusive_request_is_refused_and_the_server_still_answers(api: str, limit: str) -> None:
    query, words = ABUSE[limit]
    body = post(api, query)
    assert body["errors"]
    messages = " ".join(e["message"] for e in body["errors"])
    assert words in messages
    assert "Traceback" not in str(body)
    assert answers_normally(api)


def test_a_query_within_the_limits_is_answered(api: str) -> None:
    found = data(api, nested_units(2))["actor"]
    assert found["units"]["nodes"], "the city has units"
    assert data(api, aliases(15))["a14"]["totalCount"] == 116


def readme_examples() -> list[tuple[str, str]]:
    text = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```graphql\n(.*?)```\s*```json\n(.*?)```", text, flags=re.DOTALL)


def test_the_readme_examples_give_the_answers_it_shows(api: str) -> None:
    examples = readme_examples()
    assert len(examples) == 5
    for query, shown in examples:
        assert post(api, query)["data"] == json.loads(shown)["data"]


def test_the_strategy_gives_its_named_actors_their_roles(api: str) -> None:
    """Roles read both ways: from the strategy to the actors it names, and from an actor."""
    strategy = data(
        api,
        """{ document(id: "doc:strategi") { roles { holder { curie } roleText
              assignedBy { nodes { curie } } } } }""",
    )["document"]["roles"]
    expected = sparql(
        api,
        """SELECT ?holder ?text WHERE { doc:strategi lsk:assignsRole ?role .
             ?role lsk:roleHolder ?holder ; lsk:roleText ?text }""",
    )
    ns = Namespaces("https://example.org/lsk/")
    assert sorted((r["holder"]["curie"], r["roleText"]) for r in strategy) == sorted(
        (ns.compact(row["holder"]), row["text"]) for row in expected
    )
    assert len(strategy) == 7
    assert all(r["assignedBy"]["nodes"] == [{"curie": "doc:strategi"}] for r in strategy)
    central = [r for r in strategy if "central roll för genomförandet" in r["roleText"]]
    assert sorted(r["holder"]["curie"] for r in central) == [
        "actor:karolinska-institutet",
        "actor:uppsala-universitet",
    ]
    ki = data(api, '{ actor(id: "actor:karolinska-institutet") { roles { totalCount } } }')[
        "actor"
    ]["roles"]
    assert ki["totalCount"] == 2
