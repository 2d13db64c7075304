"""What every explorer page is built with: its query, its template, and its failures."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from api.explorer.graphql_source import GraphQLSource, PageQueryFailed, document, graphiql_link
from api.explorer.i18n import Table
from api.explorer.rendering import Links, page_language, render
from api.pages import root
from kg.namespaces import Namespaces


@dataclass(frozen=True)
class PageKit:
    """The explorer's data source and namespaces, handed to every page function."""

    source: GraphQLSource
    namespaces: Namespaces

    async def query(self, request: Request, name: str, variables: Mapping[str, Any]) -> Answer:
        """Run document `name`; the page's language is passed as `$lang` when the document
        declares it. Raises PageQueryFailed, which `failed` turns into the error page."""
        wanted = dict(variables)
        if "$lang:" in _declarations(name):
            wanted.setdefault("lang", page_language(request))
        data = await self.source.run(request, name, wanted)
        return Answer(data, graphiql_link(root(request), name, wanted))

    def render(
        self,
        request: Request,
        template: str,
        *,
        words: Table | None = None,
        status: int = 200,
        **context: Any,
    ) -> Response:
        return render(
            request, self.namespaces, template, words=words, status=status, context=context
        )

    def links(self, request: Request) -> Links:
        """How the page links (`Links.href` for an IRI's page)."""
        return Links(request, self.namespaces)

    def failed(self, request: Request, failure: PageQueryFailed) -> Response:
        """The error page for a query that did not answer, with the API's status."""
        return self.problem(
            request, failure.answer.status, failure.answer.title, failure.message, failure.hint
        )

    def problem(
        self, request: Request, status: int, title: str, message: str, hint: str | None = None
    ) -> Response:
        return self.render(
            request,
            "problem.html",
            status=status,
            code=status,
            title=title,
            message=message,
            hint=hint,
            graphiql=None,
        )


@dataclass(frozen=True)
class Answer:
    """A page query's data, and the link that opens the same query in GraphiQL."""

    data: dict[str, Any]
    graphiql: str


def _declarations(name: str) -> str:
    """The operation's head, where its variables are declared."""
    text = document(name)
    return text[: text.find("{")]
