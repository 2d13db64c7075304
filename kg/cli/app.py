"""The `kg` Typer app and its one error boundary: `run` turns library errors into messages and
exit codes, never a traceback. The commands live beside it, one module per kind of work."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

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

from kg.connect import open_store
from kg.errors import KGError, StoreError, ValidationFailed
from kg.report_format import render_text
from kg.settings import Settings
from kg.store import Store
from kg.validation import ValidationReport

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
SourcesOption = Annotated[
    Path | None,
    typer.Option(help="Folder of source texts (default: KG_SOURCES_DIR or ../shared/seeds)."),
]
PasswordOption = Annotated[
    str | None, typer.Option(help="Password for writes to a server (KG_PASSWORD).")
]


def run(action: Callable[[], int]) -> None:
    """Run a command body; turn library errors into a message and an exit code, never a traceback."""
    errors = Console(stderr=True, soft_wrap=True, highlight=False)
    try:
        code = action()
    except ValidationFailed as failure:
        if isinstance(failure.report, ValidationReport):
            render_text(failure.report, errors)
        print_error(errors, failure)
        code = EXIT_VIOLATIONS
    except StoreError as error:
        print_error(errors, error)
        code = EXIT_STORE
    except KGError as error:
        print_error(errors, error)
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


def print_error(console: Console, error: KGError) -> None:
    console.print(f"[bold red]error:[/bold red] {escape(error.message)}")
    if error.hint:
        console.print(f"[dim]hint: {escape(error.hint)}[/dim]")


def settings_from(
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
def opened(settings: Settings, *, read_only: bool = False) -> Iterator[Store]:
    store = open_store(settings, read_only=read_only)
    try:
        yield store
    finally:
        store.close()


class ProgressBars:
    """Rich progress bars for long commands (load, export, publish); shown only once a stage takes longer than a moment."""

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

    def __enter__(self) -> ProgressBars:
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
