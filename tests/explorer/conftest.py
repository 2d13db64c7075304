"""One server for every explorer page test: the API over the shipped data, embedded store,
uvicorn on a free port. Use the `site` fixture (its base URL) rather than starting another."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from kg.settings import Settings
from tests.support.serving import serving_embedded


@pytest.fixture(scope="session")
def site(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, settings: Settings
) -> Iterator[str]:
    with serving_embedded(
        [settings.data_dir], request=request, tmp_path_factory=tmp_path_factory, settings=settings
    ) as base:
        yield base
