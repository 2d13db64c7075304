"""The explorer's frame: its data path (GraphQL documents run against the API's schema), its
words in both languages, the search page, and which page a resource's IRI gets."""

from __future__ import annotations

import importlib
import pkgutil
import re

import httpx
import pytest
from graphql import OperationDefinitionNode, parse, validate

import api.explorer
from api.explorer.graphql_source import FRAGMENTS, document, query_names
from api.explorer.i18n import WORDS
from api.graphql.cost import Measure, fragments_of
from api.graphql.schema import DEFAULT_LIMITS, build_schema


def page_modules() -> list[str]:
    return [m.name for m in pkgutil.iter_modules(api.explorer.__path__, "api.explorer.")]


@pytest.mark.parametrize("name", query_names())
def test_each_page_query_fits_the_schema_and_the_limits(name: str) -> None:
    """A page can ask nothing a client could not: its document validates against the API's
    schema, and its worst-case cost passes the budget every /graphql request has."""
    schema = build_schema()._schema
    parsed = parse(document(name))
    assert validate(schema, parsed) == []
    measure = Measure(schema, fragments_of(parsed), None)
    for operation in parsed.definitions:
        if isinstance(operation, OperationDefinitionNode):
            shape = measure.operation(operation)
            assert shape.cost <= DEFAULT_LIMITS.max_cost
            assert shape.depth <= DEFAULT_LIMITS.max_depth


def test_every_shared_fragment_is_used_by_some_page() -> None:
    used = {
        spread for name in query_names() for spread in re.findall(r"\.\.\.(\w+)", document(name))
    }
    assert {path.stem for path in FRAGMENTS.glob("*.graphql")} <= used


def test_every_words_table_says_the_same_things_in_both_languages() -> None:
    tables = {"api.explorer.i18n": WORDS}
    for module_name in page_modules():
        words = getattr(importlib.import_module(module_name), "WORDS", None)
        if words is not None:
            tables[module_name] = words
    assert len(tables) > 1  # the frame's and at least one page's
    for module_name, table in tables.items():
        assert set(table) == {"sv", "en"}, module_name
        missing = set(table["sv"]) ^ set(table["en"])
        assert not missing, f"{module_name}: {sorted(missing)} in one language only"
        assert all(table["sv"].values()), module_name
        assert all(table["en"].values()), module_name


def test_the_search_box_finds_an_actor_through_the_library_search(site: str) -> None:
    page = httpx.get(site + "/explore/search", params={"q": "uppsala kommun"})
    assert page.status_code == 200
    assert page.headers["content-language"] == "sv"
    assert '<a href="/id/actor/uppsala-kommun">Uppsala kommun</a>' in page.text
    assert "<mark>Uppsala</mark>" in page.text
    # The page links its own query, so a developer can run it at /graphql.
    assert "/graphql?query=" in page.text


def test_search_speaks_english_when_asked_and_keeps_the_language_in_its_form(site: str) -> None:
    page = httpx.get(site + "/explore/search", params={"q": "uppsala", "lang": "en"})
    assert page.headers["content-language"] == "en"
    assert '<html lang="en">' in page.text
    assert "Search results" in page.text
    assert '<input type="hidden" name="lang" value="en">' in page.text


def test_an_empty_search_asks_for_words_and_a_bad_one_gets_the_apis_error(site: str) -> None:
    empty = httpx.get(site + "/explore/search", params={"q": "  "})
    assert empty.status_code == 200
    assert "Skriv ett eller flera ord" in empty.text
    too_long = httpx.get(site + "/explore/search", params={"q": " ".join(["ord"] * 40)})
    assert too_long.status_code == 400
    assert "Traceback" not in too_long.text
    assert "16" in too_long.text  # the API's own message names the limit


def test_hostile_search_text_is_escaped(site: str) -> None:
    page = httpx.get(site + "/explore/search", params={"q": "<script>alert(1)</script>"})
    assert "<script>alert(1)" not in page.text
    assert "&lt;script&gt;" in page.text


def test_an_actors_iri_is_its_explorer_page_in_html_and_its_data_otherwise(site: str) -> None:
    html = httpx.get(site + "/id/actor/uppsala-kommun", headers={"Accept": "text/html"})
    assert html.status_code == 200
    assert "/explore/static/explorer.css" in html.text
    assert "Accept" in html.headers["vary"]
    assert 'rel="alternate"' in html.headers["link"]
    generic = httpx.get(
        site + "/id/actor/uppsala-kommun?view=statements", headers={"Accept": "text/html"}
    )
    assert generic.status_code == 200
    assert "/explore/static/explorer.css" not in generic.text
    turtle = httpx.get(site + "/id/actor/uppsala-kommun", headers={"Accept": "text/turtle"})
    assert turtle.headers["content-type"].startswith("text/turtle")


def test_a_stance_keeps_its_generic_page(site: str) -> None:
    found = httpx.post(
        site + "/graphql", json={"query": "{ stances(first: 1) { nodes { id } } }"}
    ).json()
    stance = found["data"]["stances"]["nodes"][0]["id"]
    path = stance.split("/id/", 1)[1]
    page = httpx.get(f"{site}/id/{path}", headers={"Accept": "text/html"})
    assert page.status_code == 200
    assert "/explore/static/explorer.css" not in page.text


def test_the_stylesheet_is_served_and_nothing_outside_the_static_folder(site: str) -> None:
    css = httpx.get(site + "/explore/static/explorer.css")
    assert css.status_code == 200
    assert css.headers["content-type"].startswith("text/css")
    assert httpx.get(site + "/explore/static/../graphql_source.py").status_code == 404
