"""Commands that publish: docs, export, catalog, and publish (all three)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from kg.cli.app import (
    EXIT_OK,
    ProgressBars,
    StoreOption,
    app,
    opened,
    run,
    settings_from,
)
from kg.export import DumpFormat, export_dumps
from kg.settings import Settings


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

    run(body)


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
        settings = settings_from(store)
        target = out or settings.publish_dir / "dumps"
        console = Console(stderr=True, highlight=False, soft_wrap=True)
        with opened(settings, read_only=True) as source, ProgressBars(console) as progress:
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

    run(body)


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

        settings = settings_from(store)
        console = Console(stderr=True, highlight=False, soft_wrap=True)
        with opened(settings, read_only=True) as source, ProgressBars(console) as progress:
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

    run(body)


@app.command("publish")
def publish_command(store: StoreOption = None) -> None:
    """Write the whole publication into KG_PUBLISH_DIR (default .kg/publish): the dumps
    (as kg export), the DCAT catalogue and VoID (as kg catalog) and the vocabulary docs (as
    kg docs); kg serve serves them at /dumps/, /catalog, /.well-known/void and /def/."""

    def body() -> int:
        from kg.catalog import write_catalog
        from kg.docs import write_docs

        settings = settings_from(store)
        folder = settings.publish_dir
        console = Console(stderr=True, highlight=False, soft_wrap=True)
        with opened(settings, read_only=True) as source:
            with ProgressBars(console) as progress:
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

    run(body)
