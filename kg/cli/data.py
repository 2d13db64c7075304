"""Commands over the data: validate, verify-quotes, summary, load, query, stats, synth."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import pyoxigraph as ox
import typer
from rdflib.namespace import RDF
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from kg.cli.app import (
    EXIT_OK,
    EXIT_VIOLATIONS,
    GspUrlOption,
    PasswordOption,
    ProgressBars,
    SourcesOption,
    StoreOption,
    UpdateUrlOption,
    UserOption,
    app,
    opened,
    run,
    settings_from,
)
from kg.embedded import memory_store, select_rows
from kg.errors import InputError, KGError, OutputError, QueryRejected
from kg.loading import load
from kg.queries import STATS_CLASSES, summary_queries
from kg.quotes import check_quotes
from kg.rdf_files import merge, parse_all
from kg.report_format import ReportFormat, render_json, render_text, render_turtle
from kg.result_format import ResultFormat, to_csv, to_json, to_rdf, to_tsv
from kg.selector_checks import check_locations, check_statement_locations
from kg.settings import Settings
from kg.sparql_text import Form, analyse
from kg.store import ResultKind
from kg.synth import synthesize
from kg.validation import Engine, validate


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

    run(body)


@app.command("verify-quotes")
def verify_quotes_command(
    sources: SourcesOption = None,
) -> None:
    """Check that every stance's quote occurs verbatim in its source text, and that its
    location (offsets, exact text, prefix, suffix, lines) agrees with the file, and so does
    every curated statement's location: exit 0 or 1."""

    def body() -> int:
        settings = Settings.from_env()
        settings.require_project_layout()
        sources_dir = sources or settings.sources_dir
        graph = merge(parse_all([settings.data_dir], base_iri=settings.base_iri))
        lsk = settings.namespaces.lsk
        problems = check_quotes(graph, sources_dir=sources_dir, lsk=lsk)
        problems += check_locations(graph, sources_dir=sources_dir, lsk=lsk)
        problems += check_statement_locations(graph, sources_dir=sources_dir, lsk=lsk)
        console = Console(highlight=False, soft_wrap=True)
        for problem in problems:
            console.print(
                f"[red]✗[/red] {escape(settings.namespaces.compact(problem.subject))}: "
                f"{escape(problem.reason)}"
            )
        if problems:
            console.print(
                f"[bold red]{len(problems)} quote(s) or statement location(s) could not be "
                "verified.[/bold red]"
            )
            return EXIT_VIOLATIONS
        statements = sum(1 for _ in graph.subjects(RDF.type, RDF.Statement))
        console.print(
            "[green]Every quote occurs in its source text, at the location its selectors "
            f"give, and so do the places of {statements} curated statements[/green] "
            f"({sources_dir})."
        )
        return EXIT_OK

    run(body)


@app.command("summary")
def summary_command() -> None:
    """Count what data/ holds: totals, stances per document, per actor and per type."""

    def body() -> int:
        settings = Settings.from_env()
        settings.require_project_layout()
        files = parse_all([settings.ontology_dir, settings.data_dir], base_iri=settings.base_iri)
        store = memory_store(files, settings=settings)
        console = Console(highlight=False)
        for query in summary_queries(settings.namespaces):
            names, rows = select_rows(store, query.text)
            console.print(_table(query.title, names, rows, settings))
        return EXIT_OK

    run(body)


@app.command("load")
def load_command(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="RDF files or folders to load (default: data/).")
    ] = None,
    store: StoreOption = None,
    update_url: UpdateUrlOption = None,
    gsp_url: GspUrlOption = None,
    user: UserOption = None,
    password: PasswordOption = None,
    engine: Annotated[
        Engine, typer.Option(help="SHACL engine for the check before writing.")
    ] = Engine.TURBO,
    no_validate: Annotated[
        bool, typer.Option("--no-validate", help="Skip the SHACL check (parsing still must pass).")
    ] = False,
    full_validation: Annotated[
        bool,
        typer.Option(
            "--full-validation",
            help="Validate all the data, not only what the change can affect.",
        ),
    ] = False,
) -> None:
    """Parse, validate against shapes/ and only then write, each file into its own named
    graph: all or nothing, and loading the same files twice changes nothing. A project file's
    graph is named by its path in the project (graph/data/actors), any other file's by its
    absolute path (graph/external/home/me/x.ttl), so it replaces no other file's graph; two
    files of one load for one graph are refused. Only regular files of at most
    KG_MAX_INPUT_BYTES are read; XML with a DTD is refused. Into a store that holds data, only
    the nodes the change can affect are validated (--full-validation validates everything)."""

    def body() -> int:
        settings = settings_from(store, update_url, gsp_url, user, password)
        console = Console(stderr=True, highlight=False, soft_wrap=True)
        with opened(settings) as target, ProgressBars(console) as progress:
            report = load(
                paths or [settings.data_dir],
                store=target,
                settings=settings,
                engine=engine,
                validate=not no_validate,
                full_validation=full_validation,
                observer=progress,
            )
        rate = report.triples / report.seconds if report.seconds else 0.0
        Console(highlight=False, soft_wrap=True).print(
            f"Loaded {report.triples} triples into {len(report.graphs)} graph(s) of {settings.store} "
            f"in {report.seconds:.2f} s ({rate:,.0f} triples/s; parse {report.parse_seconds:.2f} s, "
            f"validate {report.validate_seconds:.2f} s, write {report.write_seconds:.2f} s); "
            f"{report.validation_summary()}."
        )
        return EXIT_OK

    run(body)


@app.command("query")
def query_command(
    sparql: Annotated[str | None, typer.Argument(help="The SPARQL query text.")] = None,
    file: Annotated[
        Path | None, typer.Option("--file", "-q", help="Read the query from this file.")
    ] = None,
    output_format: Annotated[
        ResultFormat,
        typer.Option(
            "--format", "-f", help="table, csv, tsv, json; turtle or ntriples for graphs."
        ),
    ] = ResultFormat.TABLE,
    store: StoreOption = None,
) -> None:
    """Run a SPARQL query against the store and print the answer."""

    def body() -> int:
        text = _query_text(sparql, file)
        settings = settings_from(store)
        with opened(settings, read_only=True) as source:
            result = source.query(text)
        out = sys.stdout
        if result.kind is ResultKind.GRAPH:
            rdf_format = (
                ox.RdfFormat.N_TRIPLES
                if output_format is ResultFormat.NTRIPLES
                else ox.RdfFormat.TURTLE
            )
            out.write(to_rdf(result, rdf_format, settings.namespaces.prefixes))
        elif output_format is ResultFormat.JSON:
            out.write(to_json(result) + "\n")
        elif result.kind is ResultKind.ASK:
            out.write(("true" if result.boolean else "false") + "\n")
        elif output_format is ResultFormat.CSV:
            out.write(to_csv(result))
        elif output_format is ResultFormat.TSV:
            out.write(to_tsv(result))
        else:
            rows = [["" if t is None else t.value for t in row] for row in result.rows]
            Console(highlight=False).print(_table(None, list(result.variables), rows, settings))
        return EXIT_OK

    run(body)


@app.command("stats")
def stats_command(store: StoreOption = None) -> None:
    """Print the triple count, the named graphs and the instances per class."""

    def body() -> int:
        settings = settings_from(store)
        with opened(settings, read_only=True) as source:
            graphs = source.graph_sizes(settings.graph_prefix)
            classes = source.query(
                STATS_CLASSES.text, bindings={"prefix": ox.Literal(settings.graph_prefix)}
            )
        console = Console(highlight=False, soft_wrap=True)
        console.print(f"{sum(graphs.values())} triples in {len(graphs)} graphs ({settings.store})")
        console.print(
            _table(
                "Graphs", ["graph", "triples"], [[g, str(n)] for g, n in graphs.items()], settings
            )
        )
        rows = [[row["class"] or "", row["instances"] or ""] for row in classes.values()]
        console.print(_table("Instances per class", ["class", "instances"], rows, settings))
        return EXIT_OK

    run(body)


@app.command("synth")
def synth_command(
    triples: Annotated[int, typer.Option(min=1, help="How many triples to generate (at least).")],
    out: Annotated[Path, typer.Option(help="Where to write them: .nt or .ttl.")],
    seed: Annotated[int, typer.Option(help="Seed: the same seed and size give the same file.")] = 1,
) -> None:
    """Generate a synthetic consultation graph that conforms to shapes/, for benchmarks."""

    def body() -> int:
        settings = Settings.from_env()
        settings.require_project_layout()
        generated = synthesize(triples, seed=seed, settings=settings)
        rdf_format = ox.RdfFormat.TURTLE if out.suffix == ".ttl" else ox.RdfFormat.N_TRIPLES
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            ox.serialize(
                generated,
                output=str(out),
                format=rdf_format,
                prefixes=settings.namespaces.prefixes
                if rdf_format is ox.RdfFormat.TURTLE
                else None,
            )
        except OSError as error:
            raise OutputError(
                f"{out}: cannot be written ({error.strerror or error})",
                path=out,
                hint="Give --out a file in a folder you can write to.",
            ) from None
        Console(highlight=False).print(f"Wrote {len(generated)} triples to {out} (seed {seed}).")
        return EXIT_OK

    run(body)


def _query_text(sparql: str | None, file: Path | None) -> str:
    if (sparql is None) == (file is None):
        raise KGError(
            "give the query either as an argument or with --file", hint="kg query 'SELECT …'"
        )
    if file is not None:
        if file.exists() and not file.is_file():
            # A directory, or a pipe or device that would be read forever.
            raise InputError(
                f"{file}: not a regular file", path=file, hint="Give --file a query file."
            )
        try:
            text = file.read_text(encoding="utf-8")
        except UnicodeDecodeError as error:
            line = error.object[: error.start].count(b"\n") + 1  # the bytes already read
            raise InputError(
                f"{file}:{line}: not UTF-8 (byte {error.start} is {error.object[error.start]:#04x})",
                path=file,
                hint="Save the query file as UTF-8 (iconv -f latin1 -t utf-8, for one).",
            ) from None
        except OSError as error:
            raise InputError(
                f"{file}: cannot be read ({error.strerror})",
                path=file,
                hint="Give --file a readable query file.",
            ) from None
    else:
        assert sparql is not None
        text = sparql
    if analyse(text).form is Form.UPDATE:
        # Refused before the store sees it: the store would only say it expected a query.
        raise QueryRejected(
            "kg query runs queries (SELECT, ASK, CONSTRUCT, DESCRIBE); this is an update",
            hint="Change the data with kg load; kg query never writes.",
        )
    return text


def _table(title: str | None, names: list[str], rows: list[list[str]], settings: Settings) -> Table:
    compact = settings.namespaces.compact
    table = Table(title=title, title_justify="left")
    for name in names:
        numeric = bool(rows) and all(r[names.index(name)].isdigit() for r in rows)
        table.add_column(name, justify="right" if numeric else "left")
    for row in rows:
        table.add_row(
            *(escape(compact(v) if v.startswith(("http://", "https://")) else v) for v in row)
        )
    return table
