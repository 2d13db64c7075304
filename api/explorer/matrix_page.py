"""The stance matrix (/explore): who stands where, actors by the strategy's parts or positions.

One GraphQL document (`queries/matrix.graphql`) gives the matrix (`stanceMatrix`, counted in
one store query), the choices of the filter form and, when a cell is chosen (`actor=` and
`on=`), that cell's stances, asked of `stances` with the same filter and the cell's actor and
target (or position): the list a cell opens is the list its count counts. Everything is in the
query string, so a view can be bookmarked and shared, and every link works without JavaScript.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import Response

from api.explorer.graphql_source import PageQueryFailed
from api.explorer.i18n import Words
from api.explorer.kit import PageKit
from api.explorer.matrix_words import WORDS, count_words
from api.explorer.rendering import page_language
from api.explorer.strategy_choice import choose_strategy, is_ambiguous
from api.graphql.types import ActorKind
from api.pages import root

_FILTERS = ("document", "type", "position")
_SIGNS = {"POSITIVE": "+", "NEUTRAL": "○", "NEGATIVE": "\u2212", "MIXED": "±"}  # a minus sign
KINDS = [kind.name for kind in ActorKind]


class _View:
    """The page's state as its query string gives it, and the links that change it."""

    def __init__(self, request: Request) -> None:
        params = request.query_params
        self.request = request
        self.positions = params.get("columns") == "positions"
        self.columns = params.get("columns") or "sections"
        self.kinds = [k for k in params.getlist("kind") if k]
        self.filters = {name: params[name] for name in _FILTERS if params.get(name)}
        expand = [e for e in params.getlist("expand") if e]
        self.expand_all = "all" in expand
        self.expand = [] if self.expand_all else expand
        self.actor, self.on = params.get("actor") or None, params.get("on") or None
        self.strategy = params.get("strategy") or None  # where the graph has several

    def problem(self) -> str | None:
        """What is wrong with the query string that GraphQL would not say as plainly."""
        if self.columns not in ("sections", "positions"):
            return f"columns: “{self.columns}” is neither “sections” nor “positions”."
        unknown = [k for k in self.kinds if k not in KINDS]
        if unknown:
            return f"kind: “{unknown[0]}” is not an actor kind; one of {', '.join(KINDS)}."
        return None

    def variables(self) -> dict[str, Any]:
        cell = None
        if self.actor and self.on:
            cell = {**self.filters, "actor": self.actor}
            cell["position" if self.positions else "target"] = self.on
        return {
            "filter": self.filters or None,
            "columns": "POSITIONS" if self.positions else "SECTIONS",
            "kinds": self.kinds or None,
            "expand": self.expand or None,
            "expandAll": self.expand_all,
            "strategy": self.strategy,
            "cell": cell,
            "withCell": cell is not None,
        }

    def url(
        self,
        *,
        expand: list[str] | None = None,
        cell: tuple[str, str] | None = None,
        strategy: str | None = None,
    ) -> str:
        """This view's URL with other expanded aspects, or with a cell chosen (else none), or
        of another strategy."""
        query: list[tuple[str, str]] = []
        if self.positions:
            query.append(("columns", "positions"))
        chosen = strategy or self.strategy
        query += [("strategy", chosen)] if chosen else []
        query += [("kind", k) for k in self.kinds]
        query += sorted(self.filters.items())
        shown = (["all"] if self.expand_all else self.expand) if expand is None else expand
        query += [("expand", e) for e in shown]
        if cell:
            query += [("actor", cell[0]), ("on", cell[1])]
        if (lang := page_language(self.request)) != "sv":
            query.append(("lang", lang))
        return f"{root(self.request)}/explore" + (f"?{urlencode(query)}" if query else "")

    def toggled(self, aspect: str, expanded: bool, all_aspects: list[str]) -> str:
        """The URL that shows (or hides) one aspect's development areas."""
        shown = all_aspects if self.expand_all else self.expand
        if expanded:
            return self.url(expand=[a for a in shown if a != aspect])
        return self.url(expand=[*shown, aspect])


def _curie(node: dict[str, Any]) -> str:
    return str(node.get("curie") or node["id"])


def _columns(view: _View, found: dict[str, Any], words: Any) -> list[dict[str, Any]]:
    aspects = [_curie(c["node"]) for c in found["columns"] if c["kind"] == "ASPECT"]
    columns = []
    for column in found["columns"]:
        node = column["node"]
        strategy = column["kind"] == "STRATEGY"
        toggle = None
        if column["developmentAreas"]:
            toggle = view.toggled(_curie(node), column["expanded"], aspects)
        columns.append(
            {
                **column,
                "id": node["id"],
                "curie": _curie(node),
                "notation": node.get("notation") or "",
                "title": words("matrix.strategy") if strategy else node["label"] or node["id"],
                "toggle": toggle,
            }
        )
    if view.positions:  # the API orders them by their Swedish names; this page by its own
        columns.sort(key=lambda column: str(column["title"]).casefold())
    return columns


def _rows(
    view: _View, found: dict[str, Any], columns: list[dict[str, Any]], words: Any
) -> list[dict[str, Any]]:
    cells = {(c["actorId"], c["columnId"]): c for c in found["cells"]}
    rows = []
    for row in found["rows"]:
        actor = row["actor"]
        line = []
        for column in columns:
            cell = cells.get((actor["id"], column["id"]))
            if cell is not None:
                chosen = (_curie(actor), column["curie"])
                cell = {
                    **cell,
                    "class": cell["polarity"].lower(),
                    "sign": _SIGNS[cell["polarity"]],
                    "href": view.url(cell=chosen) + "#cell",
                    "said": count_words(words, cell),
                    "current": chosen == (view.actor, view.on),
                }
            line.append(cell)
        rows.append({**row, "cells": line})
    return rows


def _chosen(view: _View, data: dict[str, Any], columns: list[dict[str, Any]]) -> Any:
    """The chosen cell's actor, column and stances, or None when no cell is chosen."""
    if "cell" not in data or data["cell"] is None:
        return None
    actor = next(
        (r["actor"] for r in data["stanceMatrix"]["rows"] if view.actor in _ids(r["actor"])),
        None,
    )
    column = next((c for c in columns if view.on in (c["id"], c["curie"])), None)
    return {"actor": actor, "column": column, "stances": data["cell"]}


def _ids(node: dict[str, Any]) -> tuple[str, str]:
    return node["id"], _curie(node)


async def matrix_page(kit: PageKit, request: Request) -> Response:
    view = _View(request)
    if (problem := view.problem()) is not None:
        return kit.problem(request, 400, "Bad Request", problem)
    try:
        answer = await kit.query(request, "matrix", view.variables())
    except PageQueryFailed as failure:
        if view.strategy is None and is_ambiguous(failure):
            return await choose_strategy(
                kit, request, lambda chosen: view.url(strategy=chosen.curie)
            )
        return kit.failed(request, failure)
    data = answer.data
    found = data["stanceMatrix"]
    words = Words(page_language(request), WORDS)
    columns = _columns(view, found, words)
    rows = _rows(view, found, columns, words)
    aspects = [c for c in columns if c["kind"] == "ASPECT" and c["developmentAreas"]]
    return kit.render(
        request,
        "matrix.html",
        words=WORDS,
        graphiql=answer.graphiql,
        view=view,
        kinds=KINDS,
        found=found,
        columns=columns,
        rows=rows,
        dense=len(columns) > 10,
        chosen=_chosen(view, data, columns),
        documents=[d for d in data["documents"]["nodes"] if d["stances"]["totalCount"]],
        stance_types=data["stanceTypes"]["nodes"],
        positions=data["positions"]["nodes"],
        expand_all=view.url(expand=["all"]) if aspects and not view.expand_all else None,
        collapse_all=view.url(expand=[]) if view.expand or view.expand_all else None,
        signs=_SIGNS,
    )
