"""The explorer's routes, and which page is the HTML of which resource's IRI.

The overview pages have paths of their own under /explore; an actor, a position, a
consultation or a strategy is shown at its own IRI (the resource route asks `resource_page`
first, and falls back to the generic page of all its statements, which `?view=statements`
also asks for).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from pathlib import Path

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from api.explorer.actor_page import actor_page
from api.explorer.consultation_page import consultation_overview, consultation_page
from api.explorer.graphql_source import GraphQLSource
from api.explorer.kit import PageKit
from api.explorer.matrix_page import matrix_page
from api.explorer.position_pages import position_page, positions_page
from api.explorer.search_page import search_page
from api.explorer.sparql_editor import editor_assets_mount, sparql_editor
from api.explorer.strategy_page import strategy_overview, strategy_page
from api.graphql.endpoint import GraphQLEndpoint
from api.graphql.types import Consultation, Organization, Person, Position, type_for
from kg.namespaces import Namespaces

STATIC = Path(__file__).resolve().parent / "static"

Overview = Callable[[PageKit, Request], Awaitable[Response]]
ResourcePage = Callable[[PageKit, Request, str], Awaitable[Response]]

_OVERVIEWS: tuple[tuple[str, Overview], ...] = (
    ("/explore", matrix_page),
    ("/explore/positions", positions_page),
    ("/explore/strategy", strategy_overview),
    ("/explore/consultation", consultation_overview),
    ("/explore/search", search_page),
    ("/explore/sparql", sparql_editor),
)
# The page of a resource, by the GraphQL type the API gives it; a strategy by its class.
_BY_TYPE: dict[type, ResourcePage] = {
    Organization: actor_page,
    Person: actor_page,
    Position: position_page,
    Consultation: consultation_page,
}
_STRATEGY = "lsk:Strategy"


class Explorer:
    """The explorer's pages, over the GraphQL endpoint's schema."""

    def __init__(self, endpoint: GraphQLEndpoint, namespaces: Namespaces) -> None:
        self.kit = PageKit(GraphQLSource(endpoint), namespaces)

    def routes(self) -> list[BaseRoute]:
        routes: list[BaseRoute] = [
            Route(path, self._overview(handler), methods=["GET"]) for path, handler in _OVERVIEWS
        ]
        routes.append(Mount("/explore/static", app=StaticFiles(directory=STATIC), name="explorer"))
        routes.append(editor_assets_mount())
        return routes

    def _overview(self, handler: Overview) -> Callable[[Request], Awaitable[Response]]:
        async def endpoint(request: Request) -> Response:
            return await handler(self.kit, request)

        return endpoint

    async def resource_page(
        self, request: Request, iri: str, classes: Iterable[str]
    ) -> Response | None:
        """The explorer's page for the resource at `iri`, or None where it has none."""
        if request.query_params.get("view") == "statements":
            return None
        classes = set(classes)
        if self.kit.namespaces.iri(_STRATEGY) in classes:
            return await strategy_page(self.kit, request, iri)
        handler = _BY_TYPE.get(type_for(classes, self.kit.namespaces))
        return None if handler is None else await handler(self.kit, request, iri)
