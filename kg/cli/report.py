"""The report command: a consultation report (remissammanställning) drafted from the graph."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from kg.cli.app import EXIT_OK, StoreOption, app, opened, run, settings_from
from kg.errors import InvalidArgument, OutputError
from kg.rdf_output import replace_file


@app.command("report")
def report_command(
    consultation: Annotated[
        str | None,
        typer.Option(
            help="The consultation (IRI or CURIE, consultation:…); may be left out when the "
            "graph holds only one."
        ),
    ] = None,
    version: Annotated[
        str | None,
        typer.Option(
            help="The version of the strategy whose sections order the report (IRI or CURIE; "
            "default: the version the consultation sent)."
        ),
    ] = None,
    output_format: Annotated[
        str, typer.Option("--format", "-f", help="html, md, docx or pdf.")
    ] = "html",
    lang: Annotated[str, typer.Option(help="Language of the report's own words: sv or en.")] = "sv",
    out: Annotated[
        Path | None,
        typer.Option(
            help="File to write (default: standard output, where it is not a terminal "
            "or the format is text)."
        ),
    ] = None,
    store: StoreOption = None,
) -> None:
    """Draft the consultation report: the consultation and its answers, each section of the
    strategy with the positions argued and the verbatim quotes, the sections no one commented
    on, a summary table, cross-cutting positions and every stance's source."""

    def body() -> int:
        # Imported here: the report needs the API's schema and the format libraries, which
        # the other commands do not.
        from api.report.formats import ReportFormat, draft, render
        from api.report.words import LANGUAGES

        form = _choice(output_format, [f.value for f in ReportFormat], "format")
        _choice(lang, list(LANGUAGES), "lang")
        chosen = ReportFormat(form)
        if out is None and chosen.binary and sys.stdout.isatty():
            raise InvalidArgument(
                f"a {chosen.value.upper()} report is not for a terminal",
                argument="out",
                hint=f"Write it to a file: --out report.{chosen.value}",
            )
        settings = settings_from(store)
        with opened(settings, read_only=True):
            pass  # fail now, with the store's own message, if it is missing or unreachable
        errors = Console(stderr=True, highlight=False, soft_wrap=True)
        with errors.status("Drafting the report from the graph…"):
            report = draft(settings, consultation=consultation, version=version, lang=lang)
            data = render(report, chosen)
        if out is None:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
        else:
            _write(out, data)
            errors.print(
                f"Wrote {escape(str(out))}: {len(report.appendix)} stances from "
                f"{len(report.consultation.answers)} answers, {len(report.sections)} sections "
                f"({len(report.uncommented)} without comments)."
            )
        return EXIT_OK

    run(body)


def _choice(value: str, allowed: list[str], option: str) -> str:
    if value not in allowed:
        raise InvalidArgument(
            f"--{option} {value!r} is not one of {', '.join(allowed)}",
            argument=option,
            hint=f"Choose --{option} {allowed[0]}, or another of the above.",
        )
    return value


def _write(path: Path, data: bytes) -> None:
    """Write `data` to `path` whole (kg.rdf_output.replace_file): a failed write leaves the old
    report, if any, as it was."""
    try:
        replace_file(path, data)
    except OSError as error:
        raise OutputError(
            f"cannot write the report to {path}: {error.strerror or error}",
            path=path,
            hint="Choose a file in a folder you can write to with --out.",
        ) from None
