"""The report's formats: one render function each, and what each is served as."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from enum import StrEnum

from api.graphql.limits import Limits
from api.report.gather import gather
from api.report.model import Report
from api.report.source import local_runner
from kg.settings import Settings


class ReportFormat(StrEnum):
    HTML = "html"
    MD = "md"
    DOCX = "docx"
    PDF = "pdf"

    @property
    def media_type(self) -> str:
        return MEDIA_TYPES[self]

    @property
    def binary(self) -> bool:
        return self in (ReportFormat.DOCX, ReportFormat.PDF)


MEDIA_TYPES = {
    ReportFormat.HTML: "text/html; charset=utf-8",
    ReportFormat.MD: "text/markdown; charset=utf-8",
    ReportFormat.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ReportFormat.PDF: "application/pdf",
}


def render(report: Report, form: ReportFormat, *, href: Callable[[str], str] = str) -> bytes:
    """The report in `form`, as the bytes of a file; `href` turns an IRI into a link (the
    server points them at its own pages; a file keeps the IRIs)."""
    # Imported here: each format's library is loaded only when that format is asked for.
    if form is ReportFormat.HTML:
        from api.report.render_html import render_html

        return render_html(report, href=href).encode("utf-8")
    if form is ReportFormat.MD:
        from api.report.render_markdown import render_markdown

        return render_markdown(report).encode("utf-8")
    if form is ReportFormat.DOCX:
        from api.report.render_docx import render_docx

        return render_docx(report)
    from api.report.render_pdf import render_pdf

    return render_pdf(report)


def draft(
    settings: Settings,
    *,
    consultation: str | None = None,
    version: str | None = None,
    lang: str = "sv",
    limits: Limits | None = None,
) -> Report:
    """The report on `consultation` from the store `settings` names (for `kg report`)."""

    async def drafted() -> Report:
        async with local_runner(settings, limits or Limits()) as run:
            return await gather(run, consultation=consultation, version=version, lang=lang)

    return asyncio.run(drafted())
