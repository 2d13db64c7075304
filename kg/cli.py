"""The `kg` command line: a thin shell that parses options, calls the library and maps its
errors to messages and exit codes, in one place (`_run`)."""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import pyoxigraph as ox
import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from kg.connect import open_store
from kg.embedded import memory_store, select_rows
from kg.errors import KGError, StoreError, ValidationFailed
from kg.loading import load
from kg.queries import STATS_CLASSES, summary_queries
from kg.quotes import check_quotes
from kg.rdf_files import merge, parse_all
from kg.report_format import ReportFormat, render_json, render_text, render_turtle
from kg.result_format import ResultFormat, to_csv, to_json, to_rdf, to_tsv
from kg.settings import Settings
from kg.store import ResultKind, Store
from kg.synth import synthesize
from kg.validation import Engine, ValidationReport, validate

# Exit codes: 0 fine, 1 the data breaks the shapes (as pySHACL), 2 unreadable input or bad
# settings, 3 the store or server failed, 70 a bug in kg (EX_SOFTWARE).
EXIT_OK, EXIT_VIOLATIONS, EXIT_BAD_INPUT, EXIT_STORE, EXIT_INTERNAL = 0, 1, 2, 3, 70

app = typer.Typer(
    name="kg",
    help="Build, validate and query the knowledge graph of the Stockholm–Uppsala "
    "life-science strategy consultation.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)

StoreOption = Annotated[
    str | None,
    typer.Option(
        "--store",
        help="A folder (embedded Oxigraph, created if missing) or a SPARQL query endpoint URL. "
        "Default: KG_STORE, else .kg/store.",
    ),
]
UpdateUrlOption = Annotated[
    str | None, typer.Option(help="The server's SPARQL Update endpoint (KG_UPDATE_URL).")
]
GspUrlOption = Annotated[
    str | None, typer.Option(help="The server's Graph Store Protocol endpoint (KG_GSP_URL).")
]
UserOption = Annotated[str | None, typer.Option(help="User for writes to a server (KG_USER).")]
PasswordOption = Annotated[
    str | None, typer.Option(help="Password for writes to a server (KG_PASSWORD).")
]


def _run(action: Callable[[], int]) -> None:
    """Run a command body; turn library errors into a message and an exit code, never a traceback."""
    errors = Console(stderr=True, soft_wrap=True, highlight=False)
    try:
        code = action()
    except ValidationFailed as failure:
        if isinstance(failure.report, ValidationReport):
            render_text(failure.report, errors)
        _print_error(errors, failure)
        code = EXIT_VIOLATIONS
    except StoreError as error:
        _print_error(errors, error)
        code = EXIT_STORE
    except KGError as error:
        _print_error(errors, error)
        code = EXIT_BAD_INPUT
    except Exception as error:  # a bug of ours: still no traceback for the user
        errors.print(
            f"[bold red]internal error:[/bold red] {type(error).__name__}: {escape(str(error))}"
        )
        errors.print(
            "[dim]hint: this is a bug in kg; please report it with the command you ran.[/dim]"
        )
        code = EXIT_INTERNAL
    raise typer.Exit(code)


def _print_error(console: Console, error: KGError) -> None:
    console.print(f"[bold red]error:[/bold red] {escape(error.message)}")
    if error.hint:
        console.print(f"[dim]hint: {escape(error.hint)}[/dim]")


def _settings(
    store: str | None = None,
    update_url: str | None = None,
    gsp_url: str | None = None,
    user: str | None = None,
    password: str | None = None,
) -> Settings:
    """Settings from the environment, with any option given on the command line on top."""
    settings = Settings.from_env()
    return dataclasses.replace(
        settings,
        store=store or settings.store,
        update_url=update_url or settings.update_url,
        gsp_url=gsp_url or settings.gsp_url,
        user=user or settings.user,
        password=password or settings.password,
    )


@contextmanager
def _opened(settings: Settings, *, read_only: bool = False) -> Iterator[Store]:
    store = open_store(settings, read_only=read_only)
    try:
        yield store
    finally:
        store.close()


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

    _run(body)


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

    _run(body)


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

    _run(body)


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
) -> None:
    """Parse, validate against shapes/ and only then write, each file into its own named
    graph: all or nothing, and loading the same files twice changes nothing."""

    def body() -> int:
        settings = _settings(store, update_url, gsp_url, user, password)
        console = Console(stderr=True, highlight=False, soft_wrap=True)
        with _opened(settings) as target, _LoadProgress(console) as progress:
            report = load(
                paths or [settings.data_dir],
                store=target,
                settings=settings,
                engine=engine,
                validate=not no_validate,
                observer=progress,
            )
        rate = report.triples / report.seconds if report.seconds else 0.0
        Console(highlight=False, soft_wrap=True).print(
            f"Loaded {report.triples} triples into {len(report.graphs)} graph(s) of {settings.store} "
            f"in {report.seconds:.2f} s ({rate:,.0f} triples/s; parse {report.parse_seconds:.2f} s, "
            f"validate {report.validate_seconds:.2f} s, write {report.write_seconds:.2f} s)."
        )
        return EXIT_OK

    _run(body)


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
        settings = _settings(store)
        with _opened(settings, read_only=True) as source:
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

    _run(body)


@app.command("stats")
def stats_command(store: StoreOption = None) -> None:
    """Print the triple count, the named graphs and the instances per class."""

    def body() -> int:
        settings = _settings(store)
        with _opened(settings, read_only=True) as source:
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

    _run(body)


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
        out.parent.mkdir(parents=True, exist_ok=True)
        ox.serialize(
            generated,
            output=str(out),
            format=rdf_format,
            prefixes=settings.namespaces.prefixes if rdf_format is ox.RdfFormat.TURTLE else None,
        )
        Console(highlight=False).print(f"Wrote {len(generated)} triples to {out} (seed {seed}).")
        return EXIT_OK

    _run(body)


def _query_text(sparql: str | None, file: Path | None) -> str:
    if (sparql is None) == (file is None):
        raise KGError(
            "give the query either as an argument or with --file", hint="kg query 'SELECT …'"
        )
    if file is not None:
        try:
            return file.read_text(encoding="utf-8")
        except OSError as error:
            raise KGError(f"{file}: cannot be read ({error.strerror})") from None
    assert sparql is not None
    return sparql


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


class _LoadProgress:
    """Rich progress bars for `kg load`; shown only once a stage takes longer than a moment."""

    def __init__(self, console: Console) -> None:
        self._progress = Progress(
            TextColumn("{task.description:<11}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        )
        self._task: TaskID | None = None

    def __enter__(self) -> _LoadProgress:
        self._progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._progress.stop()

    def stage(self, name: str, total: int) -> None:
        if self._task is not None:
            self._progress.update(self._task, completed=self._progress.tasks[-1].total)
        self._task = self._progress.add_task(name, total=total)

    def advance(self, amount: int) -> None:
        if self._task is not None:
            self._progress.advance(self._task, amount)


@app.command("serve")
def serve_command(
    store: StoreOption = None,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    workers: Annotated[int, typer.Option(min=1, help="Query worker processes.")] = 2,
    timeout: Annotated[
        float, typer.Option(help="Seconds a query may run before it is stopped.")
    ] = 10.0,
) -> None:
    """Serve GraphQL (/graphql), the read-only SPARQL endpoint (/sparql), / and /health."""

    def body() -> int:
        import uvicorn

        from api.app import create_app

        settings = _settings(store)
        with _opened(settings, read_only=True):
            pass  # fail now, with a clear message, if the store is missing or unreachable
        uvicorn.run(create_app(settings, workers=workers, timeout=timeout), host=host, port=port)
        return EXIT_OK

    _run(body)
