"""The explorer on a graph with several strategies beside the shipped one (a synthetic
consultation): where the API will not guess which strategy is meant, the matrix and the
strategy overview offer the strategies to choose from, and each choice shows its own."""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpx
import pyoxigraph as ox
import pytest

from kg.settings import Settings
from kg.synth import synthesize
from tests.support.serving import loaded, serving


@pytest.fixture(scope="module")
def synthetic_site(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, settings: Settings
) -> Iterator[str]:
    from api.app import create_app  # the API is what is under test

    path = tmp_path_factory.mktemp("synthetic") / "synthetic.nt"
    ox.serialize(
        synthesize(8_000, seed=3, settings=settings), str(path), format=ox.RdfFormat.N_TRIPLES
    )
    served = loaded(
        "embedded",
        [settings.data_dir, path],
        request=request,
        directory=tmp_path_factory.mktemp("synthetic-store"),
        settings=settings,
    )
    with serving(create_app(served)) as base:
        yield base


def strategy_links(html: str) -> list[str]:
    listed = html.split('<ul class="strategies">', 1)[1].split("</ul>", 1)[0]
    return [link.replace("&amp;", "&") for link in re.findall(r'href="([^"]+)"', listed)]


def test_the_matrix_offers_the_strategies_and_each_choice_shows_its_sections(
    synthetic_site: str,
) -> None:
    chooser = httpx.get(synthetic_site + "/explore", params={"lang": "en"})
    assert chooser.status_code == 200
    assert "Choose a strategy" in chooser.text
    links = strategy_links(chooser.text)
    assert len(links) > 1
    # The shipped strategy is among them, and choosing it gives its matrix.
    shipped = next(link for link in links if "strategy=doc%3Astrategi&" in link + "&")
    matrix = httpx.get(synthetic_site + shipped)
    assert matrix.status_code == 200
    assert '<table class="matrix' in matrix.text
    assert "lang=en" in shipped  # the choice keeps the page's language


def test_the_strategy_overview_offers_the_strategies_and_links_their_pages(
    synthetic_site: str,
) -> None:
    chooser = httpx.get(synthetic_site + "/explore/strategy")
    assert chooser.status_code == 200
    assert "Välj strategi" in chooser.text
    for link in strategy_links(chooser.text)[:3]:
        page = httpx.get(synthetic_site + link, headers={"Accept": "text/html"})
        assert page.status_code == 200, link
        assert 'class="strategy-versions"' in page.text


def test_a_named_strategy_that_is_not_one_is_still_an_error(synthetic_site: str) -> None:
    wrong = httpx.get(synthetic_site + "/explore", params={"strategy": "doc:no-such-strategy"})
    assert wrong.status_code == 404
    assert "Välj strategi" not in wrong.text
