"""The `kg` command line: a thin shell that parses options, calls the library and maps its
errors to messages and exit codes, in one place (`_run`)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from kg.embedded import memory_store, select_rows
from kg.errors import KGError
from kg.queries import summary_queries
from kg.quotes import check_quotes
from kg.rdf_files import merge, parse_all
from kg.report_format import ReportFormat, render_json, render_text, render_turtle
from kg.settings import Settings
from kg.validation import Engine, validate

# Exit codes, as pySHACL uses them: 0 conforms, 1 violations, 2 unreadable input or bad settings.
EXIT_OK, EXIT_VIOLATIONS, EXIT_BAD_INPUT, EXIT_INTERNAL = 0, 1, 2, 3

app = typer.Typer(
    name="kg",
    help="Build, validate and query the knowledge graph of the Stockholm–Uppsala "
    "life-science strategy consultation.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)

T = TypeVar("T")


def _run(action: Callable[[], T]) -> T:
    """Run a command body; turn library errors into a message and exit 2, never a traceback."""
    errors = Console(stderr=True, soft_wrap=True, highlight=False)
    try:
        return action()
    except KGError as error:
        errors.print(f"[bold red]error:[/bold red] {escape(error.message)}")
        if error.hint:
            errors.print(f"[dim]hint: {escape(error.hint)}[/dim]")
        raise typer.Exit(EXIT_BAD_INPUT) from None
    except (typer.Exit, typer.Abort):
        raise
    except Exception as error:  # a bug of ours: still no traceback for the user
        errors.print(
            f"[bold red]internal error:[/bold red] {type(error).__name__}: {escape(str(error))}"
        )
        errors.print(
            "[dim]hint: this is a bug in kg; please report it with the command you ran.[/dim]"
        )
        raise typer.Exit(EXIT_INTERNAL) from None


@app.command("validate")
def validate_command(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Extra RDF files or folders to validate with the shipped data."),
    ] = None,
    output_format: Annotated[
        ReportFormat, typer.Option("--format", "-f", help="Report as text, turtle or json.")
    ] = ReportFormat.TEXT,
    lang: Annotated[str, typer.Option(help="Language of the messages: sv or en.")] = "en",
    engine: Annotated[
        Engine, typer.Option(help="SHACL engine: pyshacl (the reference) or turbo (faster).")
    ] = Engine.PYSHACL,
    no_data: Annotated[
        bool, typer.Option("--no-data", help="Validate only PATHS (with the ontology), not data/.")
    ] = False,
) -> None:
    """Validate ontology + data/ (+ PATHS) against shapes/: exit 0 conforms, 1 violations,
    2 unreadable input."""

    def body() -> int:
        settings = Settings.from_env()
        settings.require_project_layout()
        report = validate(paths or [], settings=settings, include_data=not no_data, engine=engine)
        if output_format is ReportFormat.JSON:
            sys.stdout.write(render_json(report, lang=lang) + "\n")
        elif output_format is ReportFormat.TURTLE:
            sys.stdout.write(render_turtle(report))
        else:
            render_text(report, Console(highlight=False, soft_wrap=True), lang=lang)
        return EXIT_OK if report.conforms else EXIT_VIOLATIONS

    raise typer.Exit(_run(body))


@app.command("verify-quotes")
def verify_quotes_command(
    sources: Annotated[
        Path | None,
        typer.Option(help="Folder of source texts (default: KG_SOURCES_DIR or ../shared/seeds)."),
    ] = None,
) -> None:
    """Check that every stance's quote occurs verbatim in its source text: exit 0 or 1."""

    def body() -> int:
        settings = Settings.from_env()
        settings.require_project_layout()
        sources_dir = sources or settings.sources_dir
        graph = merge(parse_all([settings.data_dir], base_iri=settings.base_iri))
        problems = check_quotes(graph, sources_dir=sources_dir, lsk=settings.namespaces.lsk)
        console = Console(highlight=False, soft_wrap=True)
        for problem in problems:
            console.print(
                f"[red]✗[/red] {escape(settings.namespaces.compact(problem.stance))}: "
                f"{escape(problem.reason)}"
            )
        if problems:
            console.print(f"[bold red]{len(problems)} quote(s) could not be verified.[/bold red]")
            return EXIT_VIOLATIONS
        console.print(f"[green]Every quote occurs in its source text[/green] ({sources_dir}).")
        return EXIT_OK

    raise typer.Exit(_run(body))


@app.command("summary")
def summary_command() -> None:
    """Count what data/ holds: totals, stances per document, per actor and per type."""

    def body() -> int:
        settings = Settings.from_env()
        settings.require_project_layout()
        files = parse_all([settings.ontology_dir, settings.data_dir], base_iri=settings.base_iri)
        store = memory_store(files, settings=settings)
        console = Console(highlight=False)
        compact = settings.namespaces.compact
        for query in summary_queries(settings.namespaces):
            names, rows = select_rows(store, query.text)
            table = Table(title=query.title, title_justify="left")
            for name in names:
                table.add_column(
                    name,
                    justify="right"
                    if name in {"count", "stances", "triples", "subjects"}
                    else "left",
                )
            for row in rows:
                table.add_row(*(compact(v) if v.startswith("http") else v for v in row))
            console.print(table)
        return EXIT_OK

    raise typer.Exit(_run(body))
