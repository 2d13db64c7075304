"""The API over a small embedded store whose folder the case knows, so a refused request can
be shown to have changed nothing in it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from kg.settings import Settings
from tests.bad_inputs.conftest import store_fingerprint
from tests.support.serving import loaded, serving


@dataclass(frozen=True)
class Served:
    base: str
    store: Path

    def unchanged_since(self, before: tuple[int, str]) -> None:
        assert store_fingerprint(self.store) == before

    def fingerprint(self) -> tuple[int, str]:
        return store_fingerprint(self.store)


@contextmanager
def served_actors(
    request: pytest.FixtureRequest, directory: Path, settings: Settings
) -> Iterator[Served]:
    """The API (no per-client limits, in-process) over data/actors.ttl."""
    from api.app import create_app  # the API is what is under test; imported when served

    backed = loaded(
        "embedded",
        [settings.data_dir / "actors.ttl"],
        request=request,
        directory=directory,
        settings=settings,
    )
    with serving(create_app(backed, workers=1)) as base:
        yield Served(base, Path(backed.store))


def no_traceback(response: httpx.Response) -> None:
    assert "Traceback" not in response.text
    assert 'File "' not in response.text
