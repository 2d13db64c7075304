"""The report served: /report/<consultation> in any format, drafted on request from the store
the server reads, through the same schema, context and limits as /graphql.

`?format=html|md|docx|pdf` (HTML by default), `?lang=sv|en`, `?version=<IRI or CURIE>`. The
consultation is named by the last segment of its IRI (`region-uppsala-rs2026-00072`) or by a
CURIE. A failure is the explorer's error page with the API's status (404 for an unknown
consultation, 400 for an unknown format), never a traceback.
"""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from api.errors import answer_for, public_message
from api.explorer.kit import PageKit
from api.explorer.rendering import page_language
from api.graphql.context import RequestContext
from api.graphql.endpoint import GraphQLEndpoint
from api.report.formats import ReportFormat, render
from api.report.gather import gather
from api.report.source import schema_runner
from api.report.words import LANGUAGES
from kg.errors import KGError


class ReportRoutes:
    """/report/<consultation>: the consultation report, drafted on request."""

    def __init__(self, endpoint: GraphQLEndpoint, kit: PageKit) -> None:
        self._endpoint, self._kit = endpoint, kit

    def routes(self) -> list[BaseRoute]:
        return [Route("/report/{name:path}", self._report, methods=["GET"])]

    async def _report(self, request: Request) -> Response:
        name = request.path_params["name"]
        wanted = request.query_params.get("format", ReportFormat.HTML.value)
        if wanted not in {f.value for f in ReportFormat}:
            return self._kit.problem(
                request,
                400,
                "Bad request",
                f"format {wanted!r} is not one of {', '.join(f.value for f in ReportFormat)}",
                "Ask for ?format=html, md, docx or pdf.",
            )
        form = ReportFormat(wanted)
        lang = page_language(request)
        lang = lang if lang in LANGUAGES else LANGUAGES[0]
        limits = self._endpoint.limits

        async def new_context() -> RequestContext:
            return await self._endpoint.get_context(request, None)

        run = schema_runner(
            self._endpoint.schema, new_context, limits.timeout, self._endpoint.offload
        )
        try:
            report = await gather(
                run,
                consultation=self._consultation(name),
                version=request.query_params.get("version") or None,
                lang=lang,
            )
        except KGError as error:
            answer = answer_for(error)
            return self._kit.problem(
                request, answer.status, answer.title, public_message(error), error.hint
            )
        links = self._kit.links(request)
        body = await run_in_threadpool(render, report, form, href=links.href)
        local = report.consultation.ref.id.rstrip("/").rsplit("/", 1)[-1]
        disposition = "attachment" if form.binary else "inline"
        return Response(
            body,
            media_type=form.media_type,
            headers={
                "Content-Disposition": f'{disposition}; filename="remiss-{local}.{form.value}"',
                "Content-Language": lang,
            },
        )

    def _consultation(self, name: str) -> str:
        """The consultation's IRI: a CURIE or IRI as given, else the last segment of one."""
        if ":" in name:
            return name
        return self._kit.namespaces.iri(f"consultation:{name}")
