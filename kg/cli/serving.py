"""The serve command: the API under uvicorn."""

from __future__ import annotations

from typing import Annotated

import typer

from kg.cli.app import (
    EXIT_OK,
    StoreOption,
    app,
    opened,
    run,
    settings_from,
)


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

        settings = settings_from(store)
        with opened(settings, read_only=True):
            pass  # fail now, with a clear message, if the store is missing or unreachable
        uvicorn.run(
            create_app(settings, workers=workers, timeout=timeout),
            host=host,
            port=port,
            **SERVER_OPTIONS,
        )
        return EXIT_OK

    run(body)
