"""The stance matrix means what `stances` means: over real HTTP on both backends, every cell's
count (and its split by polarity) is the totalCount of the stances the cell stands for, asked
of `stances` with the same filter and the cell's actor and target or position.
"""

from __future__ import annotations

from typing import Any

import pytest
from graphql import OperationDefinitionNode, parse

from api.graphql.cost import Measure
from api.graphql.matrix_types import MAX_MATRIX_CELLS, MAX_MATRIX_ROWS
from api.graphql.schema import build_schema
from tests.support.graphql import data, post

MATRIX = """query ($filter: StanceFilter, $columns: MatrixColumns, $kinds: [ActorKind!],
  $expandAll: Boolean) {
  stanceMatrix(filter: $filter, columns: $columns, actorKinds: $kinds, expandAll: $expandAll) {
    stanceCount outsideCount
    columns { node { id } kind depth parentId developmentAreas expanded }
    rows { actor { id name kind } count }
    cells { actorId columnId count positive neutral negative polarity }
  }
}"""

# Up to 15 aliases per request, each listing one cell's stances with their polarity.
CELL = """c{n}: stances(filter: $f{n}, first: 50) {{ totalCount nodes {{ id
  type {{ polarity {{ curie }} }} positions {{ polarity position {{ id }} }} }} }}"""
PER_REQUEST = 15


def matrix(api: str, **variables: Any) -> dict[str, Any]:
    found: dict[str, Any] = data(api, MATRIX, variables)["stanceMatrix"]
    return found


def cell_stances(
    api: str, cells: list[dict[str, Any]], base: dict[str, Any], positions: bool
) -> list[dict[str, Any]]:
    """For each cell, `stances` with the matrix's filter and the cell's actor and column."""
    answers: list[dict[str, Any]] = []
    for start in range(0, len(cells), PER_REQUEST):
        chunk = cells[start : start + PER_REQUEST]
        variables = {
            f"f{n}": {
                **base,
                "actor": cell["actorId"],
                ("position" if positions else "target"): cell["columnId"],
            }
            for n, cell in enumerate(chunk)
        }
        heads = ", ".join(f"$f{n}: StanceFilter" for n in range(len(chunk)))
        body = " ".join(CELL.format(n=n) for n in range(len(chunk)))
        found = data(api, f"query ({heads}) {{ {body} }}", variables)
        answers += [found[f"c{n}"] for n in range(len(chunk))]
    return answers


def split(stances: dict[str, Any], column: str, positions: bool) -> tuple[int, int]:
    """(positive, negative) among a cell's stances, as `stances` tells them."""
    positive = negative = 0
    for stance in stances["nodes"]:
        if positions:
            ways = {p["polarity"] for p in stance["positions"] if p["position"]["id"] == column}
            positive += "FOR" in ways
            negative += "AGAINST" in ways
        else:
            polarity = ((stance["type"] or {}).get("polarity") or {}).get("curie", "")
            positive += polarity == "stype:positive"
            negative += polarity == "stype:negative"
    return positive, negative


MATRICES = {
    "sections": {},
    "sections, every aspect expanded": {"expandAll": True},
    "sections, one document": {
        "filter": {"document": "doc:stockholm-stadsledningskontoret-tjansteutlatande"}
    },
    "sections, within each version": {"filter": {"acrossVersions": False}, "expandAll": True},
    "sections, offices and municipalities": {"kinds": ["OFFICE", "MUNICIPALITY"]},
    "positions": {"columns": "POSITIONS"},
    "positions, argued against": {"columns": "POSITIONS", "filter": {"argues": "AGAINST"}},
    "positions, one stance type": {"columns": "POSITIONS", "filter": {"type": "stype:proposes"}},
}


@pytest.mark.parametrize("variables", MATRICES.values(), ids=MATRICES.keys())
def test_every_cell_counts_what_stances_finds(api: str, variables: dict[str, Any]) -> None:
    positions = variables.get("columns") == "POSITIONS"
    found = matrix(api, **variables)
    assert found["cells"], "the matrix should have cells to compare"
    base = variables.get("filter", {})
    answers = cell_stances(api, found["cells"], base, positions)
    for cell, stances in zip(found["cells"], answers, strict=True):
        assert cell["count"] == stances["totalCount"] == len(stances["nodes"]) > 0, cell
        assert (cell["positive"], cell["negative"]) == split(stances, cell["columnId"], positions)
        assert cell["neutral"] == cell["count"] - cell["positive"] - cell["negative"]
        expected = (
            "MIXED"
            if cell["positive"] and cell["negative"]
            else "POSITIVE"
            if cell["positive"]
            else "NEGATIVE"
            if cell["negative"]
            else "NEUTRAL"
        )
        assert cell["polarity"] == expected
    # Every row has a cell, and its count is its distinct stances over them.
    by_actor: dict[str, set[str]] = {}
    for cell, stances in zip(found["cells"], answers, strict=True):
        by_actor.setdefault(cell["actorId"], set()).update(s["id"] for s in stances["nodes"])
    assert {row["actor"]["id"]: row["count"] for row in found["rows"]} == {
        actor: len(ids) for actor, ids in by_actor.items()
    }
    # The totals: the stances meeting the filter, and those in no cell.
    if not variables.get("kinds"):
        total = data(
            api, "query ($f: StanceFilter) { stances(filter: $f) { totalCount } }", {"f": base}
        )["stances"]["totalCount"]
        covered = set().union(*by_actor.values())
        assert (found["stanceCount"], found["outsideCount"]) == (total, total - len(covered))


def test_the_rows_are_the_actors_with_stances_by_name_of_the_kinds_asked(api: str) -> None:
    found = matrix(api, kinds=["MUNICIPALITY"])
    names = [row["actor"]["name"] for row in found["rows"]]
    assert names
    assert names == sorted(names, key=str.casefold)
    assert {row["actor"]["kind"] for row in found["rows"]} == {"MUNICIPALITY"}
    everyone = matrix(api)
    assert len(everyone["rows"]) > len(found["rows"])


def test_the_columns_are_the_strategy_then_its_sections_with_aspects_expandable(
    api: str,
) -> None:
    folded = matrix(api)["columns"]
    assert folded[0]["kind"] == "STRATEGY"
    assert folded[0]["node"]["id"].endswith("/document/strategi")
    aspects = [c for c in folded if c["kind"] == "ASPECT"]
    assert len(aspects) == 5
    assert all(c["developmentAreas"] > 0 and not c["expanded"] for c in aspects)
    assert "DEVELOPMENT_AREA" not in {c["kind"] for c in folded}
    one = aspects[2]["node"]["id"]
    shown = data(
        api,
        "query ($e: [ID!]) { stanceMatrix(expand: $e) { columns { node { id } kind parentId } } }",
        {"e": [one]},
    )["stanceMatrix"]["columns"]
    areas = [c for c in shown if c["kind"] == "DEVELOPMENT_AREA"]
    assert len(areas) == aspects[2]["developmentAreas"]
    assert {c["parentId"] for c in areas} == {one}
    # The development areas follow their aspect.
    at = [c["node"]["id"] for c in shown].index(one)
    assert [c["kind"] for c in shown[at + 1 : at + 1 + len(areas)]] == ["DEVELOPMENT_AREA"] * len(
        areas
    )


def test_a_position_filter_leaves_that_positions_column_alone(api: str) -> None:
    found = matrix(api, columns="POSITIONS", filter={"position": "position:clarify-municipal-role"})
    assert [c["node"]["id"] for c in found["columns"]] == [
        "https://example.org/lsk/id/position/clarify-municipal-role"
    ]
    assert found["outsideCount"] == 0


@pytest.mark.parametrize(
    ("query", "code"),
    [
        (
            '{ stanceMatrix(filter: {document: "doc:no-such-document"}) { stanceCount } }',
            "NOT_FOUND",
        ),
        ('{ stanceMatrix(filter: {type: "actor:uppsala-kommun"}) { stanceCount } }', "NOT_FOUND"),
        ('{ stanceMatrix(expand: ["strat:no-such-aspect"]) { stanceCount } }', "NOT_FOUND"),
        ('{ stanceMatrix(expand: ["strat:1"]) { stanceCount } }', "BAD_USER_INPUT"),
        ('{ stanceMatrix(filter: {target: "strat:1"}) { stanceCount } }', "BAD_USER_INPUT"),
    ],
)
def test_a_wrong_argument_is_an_error_not_an_empty_matrix(api: str, query: str, code: str) -> None:
    body = post(api, query)
    assert body.get("data") is None, body
    error = body["errors"][0]
    assert error["extensions"]["code"] == code, error
    assert error["extensions"]["hint"]


def test_the_matrix_is_costed_at_its_bounds_not_at_a_default_page() -> None:
    schema = build_schema()._schema
    (operation,) = parse("{ stanceMatrix { rows { count } cells { count } } }").definitions
    assert isinstance(operation, OperationDefinitionNode)
    shape = Measure(schema, {}, None).operation(operation)
    assert shape.cost == 1 + MAX_MATRIX_ROWS + MAX_MATRIX_CELLS
