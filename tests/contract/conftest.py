"""The store contract runs on every backend: embedded Oxigraph always, and a real Virtuoso that
the test session starts on free loopback ports and stops at the end."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.embedded import EmbeddedStore
from kg.remote import RemoteStore
from kg.settings import Settings
from kg.store import STAGING_PREFIX, Store, drop_update
from tests.support.virtuoso import Virtuoso, start_virtuoso


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Virtuoso]:
    server = start_virtuoso(tmp_path_factory.mktemp("virtuoso"))
    yield server
    server.stop()


def remote_store(server: Virtuoso, **overrides: str) -> RemoteStore:
    options = {
        "update_url": server.update_url,
        "gsp_url": server.gsp_url,
        "user": server.user,
        "password": server.password,
        **overrides,
    }
    return RemoteStore(server.query_url, timeout=30, **options)


def clear(store: Store, settings: Settings) -> None:
    """Drop every graph kg wrote, and any staging graph left behind."""
    graphs = list(store.graph_sizes(settings.graph_prefix)) + list(
        store.graph_sizes(STAGING_PREFIX)
    )
    if graphs:
        store.update(drop_update(graphs))


@pytest.fixture
def virtuoso_store(virtuoso: Virtuoso, settings: Settings) -> Iterator[RemoteStore]:
    store = remote_store(virtuoso)
    clear(store, settings)
    yield store
    clear(store, settings)
    store.close()


@pytest.fixture
def embedded_store(tmp_path: Path) -> Iterator[EmbeddedStore]:
    store = EmbeddedStore(tmp_path / "store")
    yield store
    store.close()


@pytest.fixture(params=["embedded", "virtuoso"])
def store(request: pytest.FixtureRequest) -> Store:
    """Each contract test runs once per backend."""
    fixture = "embedded_store" if request.param == "embedded" else "virtuoso_store"
    return request.getfixturevalue(fixture)  # type: ignore[no-any-return]


@pytest.fixture(scope="module", params=["embedded", "virtuoso"])
def api(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, settings: Settings
) -> Iterator[str]:
    """The API serving the shipped data on each backend, for the GraphQL contract modules
    (one server per module and backend); a module that needs other settings defines its own."""
    from tests.support.serving import serving_project_data  # it imports this module

    with serving_project_data(request, tmp_path_factory, settings, workers=2, timeout=10.0) as base:
        yield base
