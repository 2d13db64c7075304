"""Serving the API for tests: data loaded into a backend, and uvicorn on a free port."""

from __future__ import annotations

import dataclasses
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
import uvicorn
from starlette.applications import Starlette

from api.uri_limit import SERVER_OPTIONS
from kg.embedded import EmbeddedStore
from kg.loading import load
from kg.settings import Settings
from tests.contract.conftest import clear, remote_store
from tests.support.virtuoso import Virtuoso, free_port


def loaded(
    backend: str,
    paths: Sequence[Path],
    *,
    request: pytest.FixtureRequest,
    directory: Path,
    settings: Settings,
) -> Settings:
    """Settings for a store of `backend` ("embedded" or "virtuoso") holding exactly `paths`."""
    if backend == "embedded":
        store = EmbeddedStore(directory / "store")
        load(paths, store=store, settings=settings, validate=False)
        store.close()
        return dataclasses.replace(settings, store=str(directory / "store"))
    server: Virtuoso = request.getfixturevalue("virtuoso")
    remote = remote_store(server)
    clear(remote, settings)
    load(paths, store=remote, settings=settings, validate=False)
    remote.close()
    return dataclasses.replace(settings, store=server.query_url)


@contextmanager
def serving(app: Starlette) -> Iterator[str]:
    """Run `app` under uvicorn in a thread on a free port; yield its base URL."""
    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", **SERVER_OPTIONS)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/health", timeout=5).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    else:
        raise RuntimeError(f"the API did not come up on {base}")
    try:
        yield base
    finally:
        server.should_exit = True
        thread.join(timeout=15)


@contextmanager
def serving_project_data(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    settings: Settings,
    *,
    workers: int = 2,
    timeout: float = 10.0,
) -> Iterator[str]:
    """The API over the shipped data/ on the backend a parametrised fixture names
    (`request.param`: "embedded" or "virtuoso"); yields its base URL."""
    from api.app import create_app  # the API is what is under test; imported when served

    served = loaded(
        request.param,
        [settings.data_dir],
        request=request,
        directory=tmp_path_factory.mktemp("served"),
        settings=settings,
    )
    with serving(create_app(served, workers=workers, timeout=timeout)) as base:
        yield base


@contextmanager
def serving_embedded(
    paths: Sequence[Path],
    *,
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    settings: Settings,
    workers: int = 2,
) -> Iterator[str]:
    """The API over an embedded store holding exactly `paths`; yields its base URL."""
    from api.app import create_app  # the API is what is under test; imported when served

    served = loaded(
        "embedded",
        paths,
        request=request,
        directory=tmp_path_factory.mktemp("embedded"),
        settings=settings,
    )
    with serving(create_app(served, workers=workers)) as base:
        yield base
