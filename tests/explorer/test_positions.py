"""The position pages over HTTP: the index counts each position's actors for and against as the
API's own fields say, and a position's page shows the quotes of both sides, side by side."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from markupsafe import escape

from kg.namespaces import DEFAULT_BASE_IRI
from tests.support.graphql import data

HTML = {"Accept": "text/html"}

# Every position with the stances arguing it (the shipped data has 23 positions, none with more
# than 16 stances: the tests assert that both pages hold everything).
POSITIONS = """query ($lang: String!) {
  positions(first: 25) {
    totalCount
    nodes {
      id
      label(lang: $lang)
      actors { id }
      stances(first: 20) {
        totalCount
        nodes { quote actor { id label } positions { polarity position { id } } }
      }
    }
  }
}"""


@dataclass(frozen=True)
class Argued:
    """One position as the API gives it, with its stances split by side."""

    id: str
    label: str
    actors: set[str]
    sides: dict[str, list[dict[str, Any]]]

    def actors_on(self, polarity: str) -> set[str]:
        return {s["actor"]["id"] for s in self.sides[polarity] if s["actor"]}

    @property
    def path(self) -> str:
        return _path(self.id)


def positions(site: str, lang: str = "sv") -> list[Argued]:
    found = data(site, POSITIONS, {"lang": lang})["positions"]
    assert found["totalCount"] == len(found["nodes"])
    result = []
    for node in found["nodes"]:
        stances = node["stances"]
        assert stances["totalCount"] == len(stances["nodes"])
        sides: dict[str, list[dict[str, Any]]] = {"FOR": [], "AGAINST": []}
        for stance in stances["nodes"]:
            for argued in stance["positions"]:
                if argued["position"]["id"] == node["id"]:
                    sides[argued["polarity"]].append(stance)
        actors = {actor["id"] for actor in node["actors"]}
        result.append(Argued(node["id"], node["label"], actors, sides))
    return result


def index_rows(page: str) -> list[tuple[str, int, int, int, str]]:
    """(label, for, against, actors, the row's HTML) for each row of the index's table."""
    rows = []
    for row in re.findall(r"<tr id=\"[^\"]+\">(.*?)</tr>", page, re.S):
        label = re.search(r"<a href=\"[^\"]+\">([^<]+)</a>", row)
        numbers = re.findall(r"<td class=\"num (?:for|against|reach)\">\s*(\d+)", row)
        assert label, row
        assert len(numbers) == 3, row
        for_count, against_count, actors = map(int, numbers)
        rows.append((label.group(1), for_count, against_count, actors, row))
    return rows


def side(page: str, name: str) -> str:
    found = re.search(rf"<section class=\"side {name}\".*?</section>", page, re.S)
    assert found, f"no section.side.{name}"
    return found.group(0)


def test_the_index_counts_each_positions_actors_for_and_against_as_the_api_does(
    site: str,
) -> None:
    expected = {
        str(escape(p.label)): (len(p.actors_on("FOR")), len(p.actors_on("AGAINST")), p)
        for p in positions(site)
    }
    page = httpx.get(site + "/explore/positions", timeout=60)
    assert page.status_code == 200
    rows = index_rows(page.text)
    assert len(rows) == len(expected)
    for label, for_count, against_count, actors, _ in rows:
        for_expected, against_expected, position = expected[label]
        assert (for_count, against_count) == (for_expected, against_expected), label
        assert actors == len(position.actors), label  # the API's own `actors` field agrees
    counts = [actors for _, _, _, actors, _ in rows]
    assert counts == sorted(counts, reverse=True)  # most argued first
    # The page says that positions are the curator's reading, not the sources' words.
    assert "kuratorns gruppering" in page.text
    assert f'href="{expected[rows[0][0]][2].path}"' in page.text


def test_positions_one_actor_argues_are_marked_as_standing_alone(site: str) -> None:
    alone = {str(escape(p.label)) for p in positions(site) if len(p.actors) == 1}
    assert alone  # the shipped data has some
    page = httpx.get(site + "/explore/positions", timeout=60).text
    for label, _, _, actors, row in index_rows(page):
        assert ("står ensam" in row) == (label in alone), label
        assert ('class="chip shared">delad<' in row) == (actors > 1), label


def test_a_position_page_shows_the_quotes_of_everyone_arguing_it(site: str) -> None:
    widest = max(positions(site), key=lambda p: len(p.actors_on("FOR")))
    assert len(widest.actors_on("FOR")) >= 2
    page = httpx.get(site + widest.path, headers=HTML, timeout=60)
    assert page.status_code == 200
    assert page.text.count("<h1>") == 1
    for_side = side(page.text, "for")
    for stance in widest.sides["FOR"]:
        assert str(escape(stance["quote"])) in for_side
        assert f'<a class="actor" href="{_path(stance["actor"]["id"])}">' in for_side
    assert for_side.count('<article class="stance') == len(widest.sides["FOR"])
    if not widest.sides["AGAINST"]:
        assert "Ingen argumenterar emot." in side(page.text, "against")
    assert "källorna formulerar inte ståndpunkten själva" in page.text  # the curator's note


def test_the_stance_arguing_against_a_position_is_on_its_against_side(site: str) -> None:
    against = [p for p in positions(site) if p.sides["AGAINST"]]
    assert against  # lsk:arguesAgainst is in the data
    for position in against:
        page = httpx.get(site + position.path, headers=HTML, timeout=60).text
        against_side, for_side = side(page, "against"), side(page, "for")
        for stance in position.sides["AGAINST"]:
            assert str(escape(stance["quote"])) in against_side
            assert str(escape(stance["quote"])) not in for_side
        if not position.sides["FOR"]:
            assert "Ingen argumenterar för." in for_side


def test_the_position_pages_speak_english_when_asked(site: str) -> None:
    english = {p.id: p for p in positions(site, "en")}
    lone = next(p for p in english.values() if len(p.actors) == 1)
    page = httpx.get(site + lone.path, params={"lang": "en"}, headers=HTML, timeout=60)
    assert page.headers["content-language"] == "en"
    assert f"<h1>{escape(lone.label)}</h1>" in page.text
    assert '<h2 id="side-for">For</h2>' in page.text
    assert "stands alone on this position" in page.text
    assert 'class="lang-switch" href="' + lone.path + '"' in page.text  # back to Swedish
    index = httpx.get(site + "/explore/positions", params={"lang": "en"}, timeout=60).text
    assert "stands alone" in index
    assert "the curator's grouping" in index.replace("&#39;", "'")


@pytest.mark.parametrize("path", ["/id/position/no-such-position", "/id/position/"])
def test_an_unknown_position_is_a_404_page(site: str, path: str) -> None:
    page = httpx.get(site + path, headers=HTML, timeout=60)
    assert page.status_code == 404
    assert "Traceback" not in page.text


def _path(iri: str) -> str:
    """The site path of an IRI under the base, as the pages link it."""
    assert iri.startswith(DEFAULT_BASE_IRI)
    return "/" + iri[len(DEFAULT_BASE_IRI) :]
