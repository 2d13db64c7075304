"""Fixtures of the reliability suite: the shipped data loaded once into a store, its
publication, and a `kg serve` process over them that outlives a failed attack."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.reliability.harness import Server, recover, start_server
from tests.support.cli import kg


@pytest.fixture(scope="session")
def served_store(loaded_store: Path) -> Path:
    """The session's store of data/ (tests/conftest.py); servers only read it."""
    return loaded_store


@pytest.fixture(scope="session")
def publication(served_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The publication (dumps, catalogue, vocabulary docs) of the served store."""
    path = tmp_path_factory.mktemp("publication")
    published = kg("publish", "--store", str(served_store), env={"KG_PUBLISH_DIR": str(path)})
    assert published.returncode == 0, published.stderr
    return path


@pytest.fixture(scope="session")
def server_env(publication: Path) -> dict[str, str]:
    return {"KG_PUBLISH_DIR": str(publication)}


class Keeper:
    """One server for a module's tests, started again when an attack has killed it or left
    it unable to answer a normal query within a minute (each restart is counted)."""

    def __init__(self, store: Path, log: Path, env: dict[str, str]) -> None:
        self.store, self.log, self.env = store, log, env
        self.server: Server | None = None
        self.restarts = 0
        # Before the last ready(): seconds until the server answered normally again, and
        # whether it had to be started again instead.
        self.recovery: float | None = None
        self.restarted = False

    def ready(self) -> Server:
        self.restarted = False
        if self.server is not None and self.server.alive():
            self.recovery = recover(self.server)
            if self.recovery is not None:
                return self.server
        if self.server is not None:
            self.server.stop()
            self.restarts += 1
            self.restarted = True
        self.server = start_server(self.store, self.log, env=self.env)
        return self.server

    def close(self) -> None:
        if self.server is not None:
            self.server.stop()


@pytest.fixture(scope="module")
def keeper(
    served_store: Path, server_env: dict[str, str], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Keeper]:
    keeper = Keeper(served_store, tmp_path_factory.mktemp("server") / "serve.log", server_env)
    try:
        yield keeper
    finally:
        keeper.close()
