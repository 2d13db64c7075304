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
from kg.export import DumpFormat, export_dumps
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


@app.command("docs")
def docs_command(
    out: Annotated[
        Path | None,
        typer.Option(help="Folder to write def/ into (default: KG_PUBLISH_DIR, else .kg/publish)."),
    ] = None,
) -> None:
    """Write HTML documentation of the ontology, the shapes and the SKOS schemes to def/,
    with the ontology and shapes for download."""

    def body() -> int:
        from kg.docs import write_docs

        settings = Settings.from_env()
        report = write_docs(settings=settings, out_dir=out)
        console = Console(highlight=False, soft_wrap=True)
        for path in report.files:
            console.print(f"Wrote {escape(str(path))}")
        console.print(
            f"Documented {report.classes} classes, {report.properties} properties, "
            f"{report.shapes} shapes, {report.schemes} concept schemes and {report.concepts} "
            "concepts."
        )
        return EXIT_OK

    _run(body)


@app.command("export")
def export_command(
    formats: Annotated[
        list[DumpFormat] | None,
        typer.Option(
            "--format",
            "-f",
            help="A format to write; repeat for several. Default: all six "
            "(ttl, nt, nq, trig, jsonld, rdfxml).",
        ),
    ] = None,
    graph: Annotated[
        str | None,
        typer.Option(help="Only this named graph: its IRI or its slug (data-huddinge)."),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            help="Folder to write to (default: KG_PUBLISH_DIR/dumps, else .kg/publish/dumps)."
        ),
    ] = None,
    store: StoreOption = None,
) -> None:
    """Write the graph as dumps for download: all.<ext> and one file per named graph, each
    with a .gz, plus SHA256SUMS, manifest.json and the JSON-LD context. The same data gives
    the same bytes."""

    def body() -> int:
        settings = _settings(store)
        target = out or settings.publish_dir / "dumps"
        console = Console(stderr=True, highlight=False, soft_wrap=True)
        with _opened(settings, read_only=True) as source, _LoadProgress(console) as progress:
            report = export_dumps(
                source,
                settings=settings,
                out_dir=target,
                formats=formats or list(DumpFormat),
                graphs=[graph] if graph else None,
                progress=progress,
            )
        Console(highlight=False, soft_wrap=True).print(
            f"Exported {report.triples:,} triples in {len(report.graphs)} graph(s) from "
            f"{escape(settings.store)} to {escape(str(target))}: {report.written} files "
            f"in {report.seconds:.2f} s."
        )
        return EXIT_OK

    _run(body)


@app.command("catalog")
def catalog_command(
    store: StoreOption = None,
    out: Annotated[
        Path | None,
        typer.Option(help="Folder to write to (default: KG_PUBLISH_DIR, else .kg/publish)."),
    ] = None,
    dumps: Annotated[
        Path | None,
        typer.Option(help="The dumps `kg export` wrote (default: dumps/ in the output folder)."),
    ] = None,
) -> None:
    """Write the DCAT-AP-SE catalogue (catalog.rdf, catalog.ttl) and the VoID description
    (void.ttl) of the store's data and its dumps, with the publisher from publishing.toml."""

    def body() -> int:
        from kg.catalog import STEPS, write_catalog

        settings = _settings(store)
        console = Console(stderr=True, highlight=False, soft_wrap=True)
        with _opened(settings, read_only=True) as source, _LoadProgress(console) as progress:
            progress.stage("catalogue", len(STEPS))
            report = write_catalog(
                source,
                settings=settings,
                out_dir=out,
                dumps_dir=dumps,
                stage=lambda _name: progress.advance(1),
            )
        output = Console(highlight=False, soft_wrap=True)
        for path in report.files:
            output.print(f"Wrote {escape(str(path))}")
        output.print(
            f"Described {report.dataset_triples:,} triples and {report.distributions} "
            f"distributions in {report.catalog_triples} catalogue and {report.void_triples} "
            f"VoID triples in {report.seconds:.2f} s."
        )
        if report.placeholders:
            console.print(
                f"[bold yellow]warning:[/bold yellow] {escape(str(report.publishing_file))}: "
                f"{', '.join(report.placeholders)} still use a reserved example domain: the "
                "publisher and contact point are placeholders. Replace them with the real "
                "publisher's before publishing."
            )
        return EXIT_OK

    _run(body)


@app.command("publish")
def publish_command(store: StoreOption = None) -> None:
    """Write the whole publication into KG_PUBLISH_DIR (default .kg/publish): the dumps
    (as kg export), the DCAT catalogue and VoID (as kg catalog) and the vocabulary docs (as
    kg docs); kg serve serves them at /dumps/, /catalog, /.well-known/void and /def/."""

    def body() -> int:
        from kg.catalog import write_catalog
        from kg.docs import write_docs

        settings = _settings(store)
        folder = settings.publish_dir
        console = Console(stderr=True, highlight=False, soft_wrap=True)
        with _opened(settings, read_only=True) as source:
            with _LoadProgress(console) as progress:
                dumps = export_dumps(
                    source, settings=settings, out_dir=folder / "dumps", progress=progress
                )
            with console.status("Describing the dataset") as status:
                catalog = write_catalog(
                    source,
                    settings=settings,
                    out_dir=folder,
                    dumps_dir=folder / "dumps",
                    stage=lambda name: status.update(f"Catalogue: {name}"),
                )
        docs = write_docs(settings=settings, out_dir=folder)
        out = Console(highlight=False, soft_wrap=True)
        out.print(
            f"Published {dumps.triples:,} triples from {escape(settings.store)} to "
            f"{escape(str(folder))}:\n"
            f"  dumps/        {dumps.written} files (all formats, per graph, .gz, SHA256SUMS)\n"
            f"  catalog.rdf, catalog.ttl, void.ttl  {catalog.distributions} distributions\n"
            f"  def/          {len(docs.files)} files: the vocabulary documentation"
        )
        if catalog.placeholders:
            console.print(
                f"[yellow]warning:[/yellow] {escape(str(catalog.publishing_file))} still has "
                f"placeholder values: {escape(', '.join(catalog.placeholders))}"
            )
        return EXIT_OK

    _run(body)


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
        from api.uri_limit import SERVER_OPTIONS

        settings = _settings(store)
        with _opened(settings, read_only=True):
            pass  # fail now, with a clear message, if the store is missing or unreachable
        uvicorn.run(
            create_app(settings, workers=workers, timeout=timeout),
            host=host,
            port=port,
            **SERVER_OPTIONS,
        )
        return EXIT_OK

    _run(body)
