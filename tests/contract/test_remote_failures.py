"""A failing server gives a clear StoreError, never a hang, and never a half-changed store."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from kg.errors import ResultTooLarge, StoreError
from kg.loading import load
from kg.remote import RemoteStore
from kg.settings import Settings
from tests.contract.conftest import remote_store
from tests.support.store_state import snapshot, staging_graphs
from tests.support.virtuoso import Virtuoso, free_port

Handler = Callable[[BaseHTTPRequestHandler], None]


@contextmanager
def http_server(handle: Handler) -> Iterator[str]:
    """A real HTTP server on a free loopback port whose every request `handle` answers."""

    class RequestHandler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            handle(self)

        do_POST = do_PUT = do_DELETE = do_GET

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", free_port()), RequestHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_server_down_is_a_clear_error_not_a_hang() -> None:
    url = f"http://127.0.0.1:{free_port()}/sparql"
    store = RemoteStore(url, timeout=10)
    started = time.monotonic()
    with pytest.raises(StoreError) as caught:
        store.query("SELECT * WHERE { ?s ?p ?o } LIMIT 1")
    assert time.monotonic() - started < 5
    assert caught.value.endpoint == url
    assert "cannot connect" in caught.value.message
    assert caught.value.hint


def test_truncated_answer_is_reported_as_incomplete() -> None:
    def truncated(request: BaseHTTPRequestHandler) -> None:
        request.send_response(200)
        request.send_header("Content-Type", "application/sparql-results+json")
        request.send_header("Content-Length", "5000")
        request.end_headers()
        request.wfile.write(
            b'{"head": {"vars": ["s"]}, "results": {"bindings": [{"s": {"type": "uri", "va'
        )
        request.wfile.flush()
        request.close_connection = True

    with http_server(truncated) as base:
        store = RemoteStore(base + "/sparql", timeout=10)
        with pytest.raises(StoreError, match="incomplete"):
            store.query("SELECT ?s WHERE { ?s ?p ?o }")


def test_valid_json_cut_short_by_the_server_is_reported() -> None:
    def cut(request: BaseHTTPRequestHandler) -> None:
        body = b'{"head": {"vars": ["s"]}, "results": {"bindings": [{"s": {"type": "uri", "va'
        request.send_response(200)
        request.send_header("Content-Type", "application/sparql-results+json")
        request.send_header("Content-Length", str(len(body)))
        request.end_headers()
        request.wfile.write(body)

    with http_server(cut) as base, pytest.raises(StoreError, match="incomplete or malformed"):
        RemoteStore(base + "/sparql", timeout=10).query("SELECT ?s WHERE { ?s ?p ?o }")


def test_a_result_capped_by_the_server_is_not_taken_for_the_whole(virtuoso: Virtuoso) -> None:
    def capped(request: BaseHTTPRequestHandler) -> None:
        body = b'{"head": {"vars": ["s"]}, "results": {"bindings": []}}'
        request.send_response(200)
        request.send_header("Content-Type", "application/sparql-results+json")
        request.send_header("X-SPARQL-MaxRows", "10000")
        request.send_header("Content-Length", str(len(body)))
        request.end_headers()
        request.wfile.write(body)

    with http_server(capped) as base, pytest.raises(ResultTooLarge, match="partial results"):
        RemoteStore(base + "/sparql", timeout=10).query("SELECT ?s WHERE { ?s ?p ?o }")


def test_a_server_that_stops_answering_times_out() -> None:
    def silent(request: BaseHTTPRequestHandler) -> None:
        time.sleep(3)

    with http_server(silent) as base:
        store = RemoteStore(base + "/sparql", timeout=1)
        started = time.monotonic()
        with pytest.raises(StoreError, match="no answer within 1 s"):
            store.query("ASK {}")
        assert time.monotonic() - started < 3


def test_wrong_credentials_are_named(virtuoso: Virtuoso, settings: Settings) -> None:
    store = remote_store(virtuoso, password="not-the-password")
    with pytest.raises(StoreError) as caught:
        store.update("DROP SILENT GRAPH <urn:kg:nothing>")
    assert caught.value.status == 401
    assert "KG_USER" in (caught.value.hint or "")


def test_server_failing_mid_load_leaves_the_store_as_it_was(
    virtuoso: Virtuoso, virtuoso_store: RemoteStore, settings: Settings
) -> None:
    load([settings.data_dir], store=virtuoso_store, settings=settings)
    before = snapshot(virtuoso_store, settings)
    uploads = {"count": 0}

    def flaky_proxy(request: BaseHTTPRequestHandler) -> None:
        """Forward to Virtuoso, but fail the third Graph Store upload with a 500."""
        length = int(request.headers.get("Content-Length") or 0)
        body = request.rfile.read(length) if length else b""
        if "graph-crud" in request.path and request.command == "POST":
            uploads["count"] += 1
            if uploads["count"] == 3 and "Authorization" in request.headers:
                request.send_response(500)
                request.send_header("Content-Length", "0")
                request.end_headers()
                return
        headers = {
            k: v for k, v in request.headers.items() if k.lower() not in {"host", "content-length"}
        }
        upstream = httpx.request(
            request.command,
            f"http://127.0.0.1:{virtuoso.http_port}{request.path}",
            headers=headers,
            content=body,
            timeout=30,
        )
        request.send_response(upstream.status_code)
        for key, value in upstream.headers.items():
            if key.lower() not in {
                "transfer-encoding",
                "content-length",
                "connection",
                "content-encoding",
            }:
                request.send_header(key, value)
        request.send_header("Content-Length", str(len(upstream.content)))
        request.end_headers()
        request.wfile.write(upstream.content)

    with http_server(flaky_proxy) as base:
        flaky = RemoteStore(
            base + "/sparql",
            update_url=base + "/sparql-auth",
            gsp_url=base + "/sparql-graph-crud-auth",
            user=virtuoso.user,
            password=virtuoso.password,
            timeout=30,
        )
        with pytest.raises(StoreError) as caught:
            load([settings.data_dir], store=flaky, settings=settings, validate=False)
    assert caught.value.status == 500
    assert snapshot(virtuoso_store, settings) == before
    assert staging_graphs(virtuoso_store) == {}


def test_a_graph_the_server_answers_only_in_part_is_an_error_not_a_short_read() -> None:
    # The server counts five triples but every answer, whole graph or page, holds two of them.
    def short(request: BaseHTTPRequestHandler) -> None:
        length = int(request.headers.get("Content-Length") or 0)
        asked = request.rfile.read(length).decode()
        if "COUNT" in asked:
            body = b'{"head": {"vars": ["n"]}, "results": {"bindings": [{"n": {"type": "literal", "value": "5"}}]}}'
            content_type = "application/sparql-results+json"
        else:
            body = b"<http://e/a> <http://e/p> <http://e/b> .\n<http://e/b> <http://e/p> <http://e/c> .\n"
            content_type = "application/n-triples"
        request.send_response(200)
        request.send_header("Content-Type", content_type)
        request.send_header("Content-Length", str(len(body)))
        request.end_headers()
        request.wfile.write(body)

    with http_server(short) as base:
        store = RemoteStore(base + "/sparql", gsp_url=base + "/gsp", timeout=10)
        with pytest.raises(StoreError, match="read 2 of the 5 triples") as caught:
            list(store.graph_triples("http://e/graph"))
    assert caught.value.hint
