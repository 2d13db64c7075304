"""`kg search`: find resources by their names, short names, titles, labels and quotes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from kg.cli.app import EXIT_OK, StoreOption, app, opened, run, settings_from
from kg.search import Hit, IndexCache, Kind, search_hits


@app.command("search")
def search_command(
    text: Annotated[str, typer.Argument(help="The words to look for (any case, å/ä/ö or not).")],
    kind: Annotated[
        list[Kind] | None,
        typer.Option("--kind", "-k", help="Only hits of this kind (repeat for several)."),
    ] = None,
    limit: Annotated[int, typer.Option(min=1, max=1000, help="Show at most this many hits.")] = 20,
    store: StoreOption = None,
) -> None:
    """Search names, short names (SBR, KI), titles, labels and stance quotes, in Swedish: words
    are folded and stemmed, compounds found by their parts; the best hits first, the matched
    words «marked»."""

    def body() -> int:
        settings = settings_from(store)
        with opened(settings, read_only=True) as source:
            built = IndexCache().get(source, settings.namespaces)
        hits = search_hits(built.index, text, kinds=kind or ())
        console = Console(highlight=False, soft_wrap=True)
        shown = hits[:limit]
        console.print(_table(shown, settings.namespaces.compact))
        console.print(
            f"{len(hits)} hits, {len(shown)} shown; {built.index.size} resources indexed in "
            f"{built.seconds:.2f} s ({settings.store})"
        )
        return EXIT_OK

    run(body)


def _table(hits: list[Hit], compact: Callable[[str], str]) -> Table:
    table = Table("score", "kind", "resource", "label", "matched in", "snippet", show_lines=False)
    for hit in hits:
        table.add_row(
            f"{hit.score:.2f}",
            hit.kind.value,
            escape(compact(hit.iri)),
            escape(hit.label),
            escape(compact(hit.predicate)),
            escape(hit.marked()),
        )
    return table
