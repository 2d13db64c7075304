"""Commands that say where curated facts stand in the sources: locate-quotes for the stances'
quotes, locate-statements for every other curated fact. Both write generated Turtle that is
checked in under data/provenance/ and checked by `kg verify-quotes`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import rdflib
import typer
from rich.console import Console
from rich.markup import escape

from kg.cli.app import EXIT_OK, EXIT_VIOLATIONS, SourcesOption, app, run
from kg.errors import KGError
from kg.namespaces import DEFAULT_BASE_IRI, Namespaces
from kg.rdf_files import merge, parse_all
from kg.selectors import locate_quotes, selectors_turtle
from kg.settings import Settings
from kg.statement_evidence import evidence_files, read_evidence
from kg.statement_locations import (
    locate_statements,
    needing_evidence,
    statements_turtle,
    uncovered,
)


def _write_option(default_file: str) -> object:
    return typer.Option(
        help=f"Write the Turtle to this file ({default_file}) instead of printing it."
    )


QuotesFileOption = Annotated[Path | None, _write_option("data/provenance/quote-selectors.ttl")]
StatementsFileOption = Annotated[
    Path | None, _write_option("data/provenance/statement-locations.ttl")
]


def _emit(turtle: str, write: Path | None) -> None:
    """Print the generated Turtle, or write it to `write`."""
    if write is None:
        sys.stdout.write(turtle)
        return
    try:
        write.parent.mkdir(parents=True, exist_ok=True)
        write.write_text(turtle, encoding="utf-8")
    except OSError as error:
        raise KGError(f"{write}: cannot be written ({error.strerror})") from None


@app.command("locate-quotes")
def locate_quotes_command(sources: SourcesOption = None, write: QuotesFileOption = None) -> None:
    """Find where each stance's quote stands in its source file and give it as Web Annotation
    selectors (exact text, prefix, suffix, offsets, lines), as generated Turtle."""

    def body() -> int:
        settings = Settings.from_env()
        settings.require_project_layout()
        # The data files are written under the default base IRI, and so is the generated file.
        namespaces = Namespaces(DEFAULT_BASE_IRI)
        graph = merge(parse_all([settings.data_dir], base_iri=DEFAULT_BASE_IRI))
        locations = locate_quotes(
            graph, sources_dir=sources or settings.sources_dir, namespaces=namespaces
        )
        _emit(selectors_turtle(locations, namespaces=namespaces), write)
        if write is not None:
            chosen = sum(location.occurrences > 1 for location in locations)
            Console(highlight=False, soft_wrap=True).print(
                f"Located {len(locations)} quotes ({chosen} occurring more than once in their "
                f"file, chosen by their place in the document); wrote {write}."
            )
        return EXIT_OK

    run(body)


@app.command("locate-statements")
def locate_statements_command(
    sources: SourcesOption = None, write: StatementsFileOption = None
) -> None:
    """Locate each curated statement (relation, date, identifier, role) in its source from the
    evidence in data/provenance/evidence/*.toml, as rdf:Statement with Web Annotation
    selectors; exit 1, listing them, when a curated triple has no evidence."""

    def body() -> int:
        settings = Settings.from_env()
        settings.require_project_layout()
        namespaces = Namespaces(DEFAULT_BASE_IRI)
        files = parse_all([settings.data_dir], base_iri=DEFAULT_BASE_IRI)
        graph = merge(files)
        evidence = read_evidence(evidence_files(settings.data_dir), namespaces)
        statements = locate_statements(
            graph, evidence, sources_dir=sources or settings.sources_dir, namespaces=namespaces
        )
        _emit(statements_turtle(statements, namespaces=namespaces), write)
        # The summary goes to stderr when the Turtle goes to stdout, so the two can be piped.
        console = Console(highlight=False, soft_wrap=True, stderr=write is None)
        top_level = [(f.path, f.graph) for f in files if f.path.parent == settings.data_dir]
        missing = uncovered(needing_evidence(top_level, namespaces=namespaces), statements)
        for path, s, p, o in missing:
            shown = namespaces.compact(str(o)) if isinstance(o, rdflib.URIRef) else o.n3()
            console.print(
                f"[red]✗[/red] {escape(path.name)}: {escape(namespaces.compact(str(s)))} "
                f"{escape(namespaces.compact(str(p)))} {escape(shown)}: no evidence"
            )
        located = sum(1 for s in statements if s.locations)
        places = sum(len(s.locations) for s in statements)
        inferred = sum(1 for s in statements if s.inferred and not s.locations)
        where = f"; wrote {escape(str(write))}" if write is not None else ""
        console.print(
            f"{len(statements)} statements: {located} located at {places} places in the "
            f"sources, {inferred} marked as the curator's inference{where}."
        )
        if missing:
            console.print(
                f"[bold red]{len(missing)} curated triple(s) have no evidence[/bold red] "
                "(add tables to data/provenance/evidence/*.toml)."
            )
            return EXIT_VIOLATIONS
        return EXIT_OK

    run(body)
