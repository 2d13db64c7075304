"""GraphQL as a new user tries it: filters that mean what they say, dates at their precision,
labels that tell namesakes apart, and the links between documents, actors and consultations.

Over real HTTP on both backends; every answer is checked against hand-written SPARQL sent to the
same server's /sparql endpoint.
"""

from __future__ import annotations

from typing import Any

import pytest

from api.graphql.display import PARENTS, QUALIFIERS
from api.graphql.node import DISPLAY_PREDICATES, LABEL
from tests.support.graphql import data, post, sparql

ALIGNED = "skos:exactMatch|skos:closeMatch|^skos:exactMatch|^skos:closeMatch"


def count(api: str, pattern: str) -> int:
    rows = sparql(api, f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ ?x a lsk:Stance . {pattern} }}")
    return int(rows[0]["n"])


def stances(api: str, condition: str) -> dict[str, Any]:
    answer: dict[str, Any] = data(
        api, f"{{ stances(filter: {condition}, first: 100) {{ totalCount nodes {{ id }} }} }}"
    )["stances"]
    return answer


# --------------------------------------------------------------------------------------------
# Filters
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("condition", "pattern"),
    [
        # An aspect: no stance is on it, all are on the development areas under it.
        (
            '{target: "strat:3-1", acrossVersions: false}',
            "?x lsk:target ?area . ?area skos:broader+ strat:3-1",
        ),
        # Across versions: also Region Stockholm's sections aligned with one under the aspect.
        (
            '{target: "strat:3-1"}',
            "?x lsk:target ?t . { ?t skos:broader+ strat:3-1 } UNION"
            f" {{ ?t {ALIGNED} ?u . ?u skos:broader+ strat:3-1 }}",
        ),
        # Region Stockholm's aspect C: the stances on 003's aspect aligned with it, and on the
        # development areas under that one (each mapping a branch of its own in the expected
        # pattern: Virtuoso finds nothing for a transitive path joined with their alternative).
        (
            '{target: "stratrs:c"}',
            "?x lsk:target ?t . { ?t skos:broader* stratrs:c }"
            f" UNION {{ ?t {ALIGNED} stratrs:c }}"
            " UNION { ?t skos:broader+/skos:exactMatch stratrs:c }"
            " UNION { ?t skos:broader+/^skos:exactMatch stratrs:c }"
            " UNION { ?t skos:broader+/skos:closeMatch stratrs:c }"
            " UNION { ?t skos:broader+/^skos:closeMatch stratrs:c }",
        ),
        # The positive stance types: welcomes, supports, endorses, agrees.
        (
            "{polarity: POSITIVE}",
            "?x lsk:stanceType ?type . ?type lsk:polarity stype:positive",
        ),
        ("{polarity: NEGATIVE}", "?x lsk:stanceType/lsk:polarity stype:negative"),
        (
            '{polarity: NEUTRAL, actor: "actor:uppsala-kommun"}',
            "?x prov:wasAttributedTo actor:uppsala-kommun ;"
            " lsk:stanceType/lsk:polarity stype:neutral",
        ),
        (
            '{position: "position:clarify-municipal-role"}',
            "?x lsk:argues|lsk:arguesAgainst position:clarify-municipal-role",
        ),
        (
            '{position: "position:new-regional-brand", argues: AGAINST}',
            "?x lsk:arguesAgainst position:new-regional-brand",
        ),
        ("{argues: FOR}", "?x lsk:argues ?position"),
        # The stances of a consultation's answers: what its remissammanställning reports.
        (
            '{consultation: "consultation:region-stockholm-rs-2025-0671"}',
            "?x dcterms:source ?doc . ?doc lsk:respondsTo "
            "consultation:region-stockholm-rs-2025-0671",
        ),
        (
            '{consultation: "consultation:region-uppsala-rs2026-00072", polarity: POSITIVE}',
            "?x dcterms:source/lsk:respondsTo consultation:region-uppsala-rs2026-00072 ;"
            " lsk:stanceType/lsk:polarity stype:positive",
        ),
    ],
)
def test_every_filter_finds_what_sparql_finds(api: str, condition: str, pattern: str) -> None:
    expected = {
        row["x"]
        for row in sparql(api, f"SELECT DISTINCT ?x WHERE {{ ?x a lsk:Stance . {pattern} }}")
    }
    answer = stances(api, condition)
    assert answer["totalCount"] == len(expected) > 0
    if len(expected) <= 100:
        assert {n["id"] for n in answer["nodes"]} == expected


def test_the_aspect_filter_finds_more_than_the_stances_on_the_aspect_itself(api: str) -> None:
    assert count(api, "?x lsk:target strat:3-1") == 0
    assert stances(api, '{target: "strat:3-1"}')["totalCount"] > 0


def test_positive_stances_are_of_positive_types(api: str) -> None:
    found = data(
        api,
        "{ stances(filter: {polarity: POSITIVE}, first: 100) { nodes { type { curie "
        "polarity { curie } } } } }",
    )["stances"]["nodes"]
    assert {n["type"]["polarity"]["curie"] for n in found} == {"stype:positive"}
    assert {"stype:welcomes", "stype:supports"} <= {n["type"]["curie"] for n in found}


def test_a_position_filter_against_finds_none_arguing_for(api: str) -> None:
    assert count(api, "?x lsk:arguesAgainst position:clarify-municipal-role") == 0
    found = stances(api, '{position: "position:clarify-municipal-role", argues: AGAINST}')
    assert found["totalCount"] == 0


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ('{ stances(filter: {actor: "actor:nobody"}) { totalCount } }', "filter.actor"),
        ('{ stances(filter: {actor: "theme:skills"}) { totalCount } }', "not a Actor"),
        ('{ stances(filter: {type: "theme:skills"}) { totalCount } }', "scheme:stance-types"),
        ('{ stances(filter: {theme: "stype:welcomes"}) { totalCount } }', "scheme:themes"),
        ('{ stances(filter: {target: "strat:99-99"}) { totalCount } }', "filter.target"),
        ('{ stances(filter: {document: "actor:kth"}) { totalCount } }', "not a Document"),
        ('{ stances(filter: {position: "position:nothing"}) { totalCount } }', "filter.position"),
        (
            '{ stances(filter: {consultation: "actor:kth"}) { totalCount } }',
            "not a Consultation",
        ),
        (
            '{ agreement(actors: ["actor:kth", "actor:nobody"]) { totalCount } }',
            "actor/nobody",
        ),
        (
            '{ agreement(actors: ["actor:kth", "actor:stockholms-universitet"], theme: "theme:nothing") '
            "{ totalCount } }",
            "theme",
        ),
        ('{ aspects(strategy: "doc:nothing") { totalCount } }', "strategy"),
        (
            '{ path(from: "actor:kth", to: "actor:stockholms-universitet", avoid: ["lsk:noSuchProperty"]) { length } }',
            "avoid",
        ),
    ],
)
def test_an_unknown_iri_is_an_error_with_a_code_and_a_hint(
    api: str, query: str, words: str
) -> None:
    body = post(api, query)
    assert body.get("errors"), body
    error = body["errors"][0]
    assert error["extensions"]["code"] == "NOT_FOUND"
    assert error["extensions"]["hint"]
    assert words in error["message"]


def test_text_in_a_filter_is_only_ever_an_iri(api: str) -> None:
    attempt = "actor:x> } UNION { ?x ?p ?o } #"
    body = post(
        api, "query ($a: ID) { stances(filter: {actor: $a}) { totalCount } }", {"a": attempt}
    )
    assert body.get("errors"), body
    assert body["errors"][0]["extensions"]["code"] in ("BAD_USER_INPUT", "NOT_FOUND"), body
    assert "Traceback" not in str(body)


# --------------------------------------------------------------------------------------------
# Dates at their precision
# --------------------------------------------------------------------------------------------

DATE = "{ value precision start end date }"


def test_a_date_known_to_the_month_comes_back_with_month_precision(api: str) -> None:
    (row,) = sparql(
        api,
        "SELECT ?d (DATATYPE(?d) AS ?type) WHERE { doc:avsiktsforklaring-2024 dcterms:date ?d }",
    )
    assert row["type"].endswith("#gYearMonth")
    answer = data(
        api,
        f"""{{ document(id: "doc:avsiktsforklaring-2024") {{ date {DATE}
              signedAt {{ date {DATE} }} }} }}""",
    )["document"]
    month = {
        "value": row["d"],
        "precision": "MONTH",
        "start": "2024-06-01",
        "end": "2024-06-30",
        "date": None,
    }
    assert answer["date"] == month
    assert answer["signedAt"]["date"] == month


def test_full_dates_and_deadlines_come_back_to_the_day(api: str) -> None:
    (row,) = sparql(
        api,
        "SELECT ?d ?e WHERE { doc:uppsala-yttrande-ksn-2026-00942 lsk:deadline ?d ;"
        " lsk:extendedDeadline ?e }",
    )
    answer = data(
        api,
        f"""{{ document(id: "doc:uppsala-yttrande-ksn-2026-00942") {{
              deadline {DATE} extendedDeadline {DATE} }} }}""",
    )["document"]
    for field, value in (("deadline", row["d"]), ("extendedDeadline", row["e"])):
        assert answer[field] == {
            "value": value,
            "precision": "DAY",
            "start": value,
            "end": value,
            "date": value,
        }


# --------------------------------------------------------------------------------------------
# Display labels
# --------------------------------------------------------------------------------------------


def test_the_display_label_reads_what_the_schema_says_it_reads() -> None:
    assert set(DISPLAY_PREDICATES) == {*LABEL, *PARENTS, *QUALIFIERS, "dcterms:creator"}


def test_the_three_kommunstyrelser_have_different_display_labels(api: str) -> None:
    rows = sparql(
        api,
        'SELECT ?x ?parent WHERE { ?x skos:prefLabel "Kommunstyrelsen"@sv ; org:unitOf ?p .'
        " ?p skos:prefLabel ?parent }",
    )
    assert len(rows) == 3
    for row in rows:
        answer = data(
            api, "query ($id: ID!) { node(id: $id) { label displayLabel } }", {"id": row["x"]}
        )
        assert answer["node"] == {
            "label": "Kommunstyrelsen",
            "displayLabel": f"Kommunstyrelsen ({row['parent']})",
        }


def test_documents_sharing_a_title_have_different_display_labels(api: str) -> None:
    rows = sparql(
        api,
        "SELECT DISTINCT ?x ?title WHERE { ?x dcterms:title ?title . ?y dcterms:title ?title"
        " FILTER (?x != ?y) }",
    )
    assert len(rows) >= 4
    labels: dict[str, set[str]] = {}
    for row in rows:
        answer = data(api, "query ($id: ID!) { node(id: $id) { displayLabel } }", {"id": row["x"]})
        shown = answer["node"]["displayLabel"]
        assert shown.startswith(row["title"] + " (")
        labels.setdefault(row["title"], set()).add(shown)
    for title, shown in labels.items():
        assert len(shown) == sum(1 for r in rows if r["title"] == title), shown


def test_no_two_resources_share_a_display_label(api: str) -> None:
    names = "skos:prefLabel|foaf:name|dcterms:title|rdfs:label"
    rows = sparql(
        api,
        f"SELECT DISTINCT ?x ?name WHERE {{ ?x {names} ?name . ?y {names} ?name"
        " FILTER (?x != ?y) }",
    )
    assert len(rows) > 20
    shown: dict[str, str] = {}
    for row in rows:
        answer = data(api, "query ($id: ID!) { node(id: $id) { displayLabel } }", {"id": row["x"]})
        shown[row["x"]] = answer["node"]["displayLabel"]
    repeated = [label for label in shown.values() if list(shown.values()).count(label) > 1]
    assert repeated == [], shown


def test_a_document_with_a_title_of_its_own_keeps_it(api: str) -> None:
    answer = data(api, '{ document(id: "doc:strategi") { title displayLabel } }')["document"]
    assert answer["displayLabel"] == answer["title"]


def test_the_case_number_tells_a_memo_from_its_statement(api: str) -> None:
    (row,) = sparql(
        api, "SELECT ?c WHERE { doc:uppsala-tjansteskrivelse-ksn-2026-00942 lsk:caseNumber ?c }"
    )
    answer = data(
        api, '{ document(id: "doc:uppsala-tjansteskrivelse-ksn-2026-00942") { displayLabel } }'
    )
    assert answer["document"]["displayLabel"].endswith(f"({row['c']})")


# --------------------------------------------------------------------------------------------
# Links
# --------------------------------------------------------------------------------------------

# (GraphQL type, field, shape of the field, the relation as a SPARQL pattern over ?node, ?x)
LINKS = [
    ("Document", "ledBy", "connection", "?x lsk:leads ?node"),
    ("Actor", "leads", "list", "?node lsk:leads ?x"),
    ("Consultation", "triggered", "connection", "?x prov:wasInformedBy ?node"),
    ("Consultation", "informedBy", "list", "?node prov:wasInformedBy ?x"),
    ("Actor", "documentsApplying", "connection", "?x lsk:appliesTo ?node"),
    ("Post", "meetings", "connection", "?x lsk:attendedBy ?node . ?node a org:Post"),
    ("Post", "documentsOwned", "connection", "?x lsk:contentOwner ?node"),
    ("Post", "documentsReviewed", "connection", "?x lsk:reviewedBy ?node"),
]


@pytest.mark.parametrize(
    ("graphql_type", "field", "shape", "pattern"), LINKS, ids=[f"{t}.{f}" for t, f, _, _ in LINKS]
)
def test_links_answer_as_sparql_does(
    api: str, graphql_type: str, field: str, shape: str, pattern: str
) -> None:
    rows = sparql(api, f"SELECT ?node ?x WHERE {{ {pattern} }}")
    assert rows, f"the shipped data has no example of {graphql_type}.{field}"
    expected: dict[str, set[str]] = {}
    for row in rows:
        expected.setdefault(row["node"], set()).add(row["x"])
    selection = "(first: 100) { totalCount nodes { id } }" if shape == "connection" else "{ id }"
    for node, xs in expected.items():
        answer = data(
            api,
            f"query ($id: ID!) {{ node(id: $id) {{ ... on {graphql_type} {{ {field} {selection} }} }} }}",
            {"id": node},
        )["node"][field]
        found = answer["nodes"] if shape == "connection" else answer
        assert {n["id"] for n in found} == xs


def test_a_consultation_lists_the_deadline_extensions_of_its_responses(api: str) -> None:
    rows = sparql(
        api,
        "SELECT ?c ?r ?d ?e WHERE { ?r lsk:respondsTo ?c ; lsk:extendedDeadline ?e ."
        " OPTIONAL { ?r lsk:deadline ?d } }",
    )
    assert rows
    for row in rows:
        answer = data(
            api,
            """query ($id: ID!) { consultation(id: $id) { deadlineExtensions {
                 response { id } deadline { value precision } extendedDeadline { value precision }
               } } }""",
            {"id": row["c"]},
        )["consultation"]["deadlineExtensions"]
        assert {
            "response": {"id": row["r"]},
            "deadline": {"value": row["d"], "precision": "DAY"},
            "extendedDeadline": {"value": row["e"], "precision": "DAY"},
        } in answer
    others = sparql(
        api,
        "SELECT ?c WHERE { ?c a lsk:Consultation FILTER NOT EXISTS"
        " { ?r lsk:respondsTo ?c ; lsk:extendedDeadline ?e } } LIMIT 1",
    )
    answer = data(
        api,
        "query ($id: ID!) { consultation(id: $id) { deadlineExtensions { response { id } } } }",
        {"id": others[0]["c"]},
    )
    assert answer["consultation"]["deadlineExtensions"] == []
