"""One server for every explorer page test: the API over the shipped data, embedded store,
uvicorn on a free port. Use the `site` fixture (its base URL) rather than starting another."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from kg.settings import Settings
from tests.support.serving import loaded, serving


@pytest.fixture(scope="session")
def site(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, settings: Settings
) -> Iterator[str]:
    from api.app import create_app  # the API is what is under test

    served = loaded(
        "embedded",
        [settings.data_dir],
        request=request,
        directory=tmp_path_factory.mktemp("explorer"),
        settings=settings,
    )
    with serving(create_app(served)) as base:
        yield base
