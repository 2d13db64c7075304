"""The serve command: the API under uvicorn."""

from __future__ import annotations

import errno
import functools
import os
import socket
from typing import Annotated, Any

import typer

from kg.cli.app import (
    EXIT_OK,
    StoreOption,
    app,
    opened,
    run,
    settings_from,
)
from kg.errors import ConfigError
from kg.serving_lock import serving_lock

# More query processes than this only queue on the same cores, and each holds the store open:
# a typo (--workers 10000) would otherwise fork until the machine runs out of memory.
MAX_WORKERS = 64
# Each server process holds two lanes of query workers: more processes than cores only queue.
MAX_PROCESSES = 16
MAX_SPARQL_QUEUE = 10_000
# Past about 1e10 seconds (and at inf) the worker pool's waits overflow and every query fails
# with a 500; no query needs more than a day.
MAX_TIMEOUT = 86_400


def _positive_seconds(value: float) -> float:
    # Checked at parsing, as click checks a range: a deadline of zero or less stops every query.
    if not value > 0:  # `not >` also refuses NaN
        raise typer.BadParameter(f"{value} is not a number of seconds above 0.")
    if value > MAX_TIMEOUT:
        raise typer.BadParameter(f"{value} is over {MAX_TIMEOUT:,} seconds (a day).")
    return value


@app.command("serve")
def serve_command(
    store: StoreOption = None,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    workers: Annotated[
        int, typer.Option(min=1, max=MAX_WORKERS, help="Query worker processes.")
    ] = 2,
    timeout: Annotated[
        float,
        typer.Option(
            callback=_positive_seconds, help="Seconds a query may run before it is stopped."
        ),
    ] = 10.0,
    proxy: Annotated[
        str | None,
        typer.Option(
            help="Address(es) of a reverse proxy whose X-Forwarded-For names the client "
            "(comma-separated); without it the per-client limits go by the connecting address."
        ),
    ] = None,
    sparql_queue: Annotated[
        int | None,
        typer.Option(
            min=0,
            max=MAX_SPARQL_QUEUE,
            help="SPARQL requests that may wait for a busy worker, per server process (default: "
            "four per worker); one more is answered 503 with Retry-After. Waiting counts against "
            "a query's --timeout, so a long queue of slow queries only times out.",
        ),
    ] = None,
    processes: Annotated[
        int,
        typer.Option(
            min=1,
            max=MAX_PROCESSES,
            help="Server processes sharing the port, each with its own query lanes of --workers "
            "processes and its own per-client counts (so a client may get up to this many times "
            "the per-client limits). One process serves HTTP on one core; give as many as the "
            "cores the server may use.",
        ),
    ] = 1,
    access_log: Annotated[
        bool,
        typer.Option(
            help="Log a line per request to stderr (off by default: at thousands of requests "
            "a second the log costs a twentieth of the server's time)."
        ),
    ] = False,
) -> None:
    """Serve GraphQL (/graphql), the read-only SPARQL endpoint (/sparql), / and /health.

    Each client address may send KG_CLIENT_RATE requests a second (default 20) in bursts of
    KG_CLIENT_BURST (100), with KG_CLIENT_CONCURRENCY (6) in flight, of them
    KG_CLIENT_SPARQL_CONCURRENCY (1) to /sparql; past that it is answered 429 with Retry-After.
    While it serves an embedded store, `kg load` into that store is refused (exit 3).
    """

    def body() -> int:
        import uvicorn
        from uvicorn.supervisors import Multiprocess

        from api.admission import ClientLimits
        from api.app import create_app
        from api.uri_limit import SERVER_OPTIONS

        settings = settings_from(store)
        client_limits = ClientLimits.from_env(os.environ)
        with opened(settings, read_only=True):
            pass  # fail now, with a clear message, if the store is missing or unreachable
        _check_can_listen(host, port)
        # Held until the server stops: a load into this store is refused meanwhile, and a
        # load already running makes this refuse (kg/serving_lock.py).
        with serving_lock(settings):
            # A factory, so that each server process builds its own app and lanes.
            factory = functools.partial(
                create_app,
                settings,
                workers=workers,
                timeout=timeout,
                client_limits=client_limits,
                sparql_queue=sparql_queue,
            )
            options: dict[str, Any] = {
                **SERVER_OPTIONS,
                "host": host,
                "port": port,
                "factory": True,
                # Only a named proxy may say who the client is: anyone else could dodge the
                # per-client limits with a forged header.
                "proxy_headers": proxy is not None,
                "forwarded_allow_ips": proxy,
                "access_log": access_log,
            }
            if processes == 1:
                uvicorn.run(factory, **options)
            else:
                # One listening socket, bound here and shared by every process.
                config = uvicorn.Config(factory, workers=processes, **options)
                Multiprocess(config, sockets=[config.bind_socket()]).run()
        return EXIT_OK

    run(body)


def _check_can_listen(host: str, port: int) -> None:
    """Fail before the workers start, with our message, if the address cannot be bound:
    uvicorn would log its own error only after starting the application."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except (socket.gaierror, UnicodeError) as error:
        raise ConfigError(
            f"--host {host!r} is not an address this machine can listen on ({error})",
            setting="host",
            hint="Give an IP address such as 127.0.0.1 or 0.0.0.0, or a name that resolves.",
        ) from None
    family, kind, protocol, _, address = infos[0]
    with socket.socket(family, kind, protocol) as probe:
        # As uvicorn binds: a port left in TIME_WAIT by a server just stopped is free to use.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as error:
            in_use = error.errno == errno.EADDRINUSE
            raise ConfigError(
                f"cannot listen on {host}:{port}: {error.strerror}",
                setting="port" if in_use else "host",
                hint="Another server is using that port; stop it or choose another --port."
                if in_use
                else "Give an address of this machine with --host (127.0.0.1, 0.0.0.0).",
            ) from None
