"""GraphQL search over real HTTP, on both backends: the same hits, in the same order.

Also the short names and alternative titles that `actors(nameContains:)` and
`documents(titleContains:)` now match.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.graphql import data, post

SEARCH = """query ($text: String!, $kinds: [SearchKind!], $first: Int, $after: String) {
  search(text: $text, kinds: $kinds, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    nodes { kind label score matchedIn snippet highlights { start end text }
            node { __typename id curie } }
  }
}"""


def search(api: str, text: str, **variables: Any) -> dict[str, Any]:
    found: dict[str, Any] = data(api, SEARCH, {"text": text, **variables})["search"]
    return found


@pytest.mark.parametrize(
    ("short", "curie", "typename"),
    [
        ("SBR", "actor:stockholm-business-region-ab", "Organization"),
        ("KI", "actor:karolinska-institutet", "Organization"),
        ("KTH", "actor:kth", "Organization"),
        ("SBA", "actor:stockholm-business-alliance", "Organization"),
    ],
)
def test_a_short_name_is_the_first_hit(api: str, short: str, curie: str, typename: str) -> None:
    top = search(api, short, first=1)["nodes"][0]
    assert top["node"]["curie"] == curie
    assert top["node"]["__typename"] == typename
    assert (top["kind"], top["matchedIn"], top["snippet"]) == ("ACTOR", "skos:altLabel", short)
    assert top["highlights"] == [{"start": 0, "end": len(short), "text": short}]


def test_a_quote_is_found_by_a_folded_stem_and_marked(api: str) -> None:
    found = search(api, "valkomnar", kinds=["STANCE"], first=100)
    assert found["totalCount"] >= 3
    for hit in found["nodes"]:
        assert (hit["kind"], hit["node"]["__typename"], hit["matchedIn"]) == (
            "STANCE",
            "Stance",
            "lsk:quote",
        )
        for mark in hit["highlights"]:
            assert hit["snippet"][mark["start"] : mark["end"]] == mark["text"]
            assert mark["text"].casefold().startswith("välkomn")


def test_an_alternative_title_finds_the_memorandum(api: str) -> None:
    top = search(api, "PM Rotel", kinds=["DOCUMENT"])["nodes"][0]
    assert top["node"]["curie"] == "doc:stockholm-pm-ks-2026-58"
    assert [m["text"] for m in top["highlights"]] == ["PM", "Rotel"]


def test_pages_follow_the_ranking(api: str) -> None:
    whole = search(api, "strategier", first=30)
    first = search(api, "strategier", first=10)
    second = search(api, "strategier", first=10, after=first["pageInfo"]["endCursor"])
    assert first["pageInfo"]["hasNextPage"]
    assert first["nodes"] + second["nodes"] == whole["nodes"][:20]
    scores = [hit["score"] for hit in whole["nodes"]]
    assert scores == sorted(scores, reverse=True)


def test_the_backends_rank_alike(api: str) -> None:
    """Pinned figures of the shipped data: both backends must give exactly these."""
    top = search(api, "life science strategi", first=3)["nodes"]
    assert [hit["score"] for hit in top] == sorted((hit["score"] for hit in top), reverse=True)
    sbr = search(api, "SBR", first=3)["nodes"]
    assert [hit["node"]["curie"] for hit in sbr] == [
        "actor:stockholm-business-region-ab",
        "doc:stockholm-business-region-agardirektiv-2026",
        sbr[2]["node"]["curie"],
    ]
    assert sbr[0]["score"] == 87.6624


def test_sparql_in_the_text_is_only_searched_for(api: str) -> None:
    before = data(api, "{ stances { totalCount } }")["stances"]["totalCount"]
    for attempt in ['"} } DROP ALL ; SELECT * WHERE { ?s ?p "', "' OR 1=1 -- strategi"]:
        found = search(api, attempt, first=100)
        for hit in found["nodes"]:
            assert hit["highlights"], hit
    # Only punctuation: nothing to search for, which is the client's mistake, not a query.
    refused = post(api, SEARCH, {"text": '\\" ) } #'})
    assert refused["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert data(api, "{ stances { totalCount } }")["stances"]["totalCount"] == before


@pytest.mark.parametrize("text", ["", "?!", "ord " * 17])
def test_a_text_without_words_or_with_too_many_is_a_user_error(api: str, text: str) -> None:
    body = post(api, SEARCH, {"text": text})
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT", body


def test_names_and_titles_match_short_names_and_alternative_titles(api: str) -> None:
    found = data(
        api,
        """{ sbr: actors(nameContains: "SBR") { nodes { curie } }
             ki: actors(nameContains: "ki") { nodes { curie } }
             pm: documents(titleContains: "PM Rotel") { nodes { curie } } }""",
    )
    assert {"curie": "actor:stockholm-business-region-ab"} in found["sbr"]["nodes"]
    assert {"curie": "actor:karolinska-institutet"} in found["ki"]["nodes"]
    assert found["pm"]["nodes"] == [{"curie": "doc:stockholm-pm-ks-2026-58"}]
