"""The actor page over real HTTP: an actor's IRI asked for as HTML shows who it is, its
relations drawn (each node a link that answers) and listed, its documents, and its stances
with their verbatim quotes, all as the GraphQL API answers them."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

import httpx
import pytest

from api.explorer.diagram import MAX_NODES
from tests.support.graphql import data

HTML = {"Accept": "text/html"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}

# What the test checks the page against, asked of the API by the test itself.
RELATED = """query ($id: ID!) { actor(id: $id) {
  name displayLabel
  memberships { id } groups(first: 100) { nodes { id } } founded(first: 100) { nodes { id } }
  stances(first: 100) { totalCount nodes { id quote positions { polarity position { id } } } }
  documentsAuthored(first: 100) { nodes { id date { value } } }
  documentsSigned(first: 100) { nodes { id date { value } } }
  ... on Organization { parent { id } units(first: 100) { nodes { id } }
    members(first: 100) { nodes { id } } founders { id }
    posts(first: 100) { nodes { id heldBy { id } } } }
  ... on Person { posts(first: 100) { nodes { id organization { id } } } }
} }"""

PARENT = "query ($id: ID!) { node(id: $id) { displayLabel } }"

BASE = "https://example.org/lsk/"
UPPSALA = BASE + "id/actor/uppsala-kommun"
BOARD = BASE + "id/actor/uppsala-kommun-kommunstyrelsen"
PERSON = BASE + "id/person/karin-wanngard"


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    children: list[Element] = field(default_factory=list)
    text: list[str] = field(default_factory=list)

    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def walk(self) -> Iterator[Element]:
        yield self
        for child in self.children:
            yield from child.walk()

    def find(self, test: Callable[[Element], bool]) -> list[Element]:
        return [element for element in self.walk() if test(element)]

    def content(self) -> str:
        """All the text inside, as a reader gets it (entities decoded)."""
        return "".join(self.text) + "".join(child.content() for child in self.children)


class Tree(HTMLParser):
    """The page as a tree of elements, from the standard library's parser."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.open = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {name: value or "" for name, value in attrs})
        self.open[-1].children.append(element)
        if tag not in VOID:
            self.open.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.open[-1].children.append(Element(tag, {n: v or "" for n, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.open) - 1, 0, -1):
            if self.open[depth].tag == tag:
                del self.open[depth:]
                return

    def handle_data(self, text: str) -> None:
        # Kept in order with the children: a text node is an element of its own.
        self.open[-1].children.append(Element("#text", {}, text=[text]))


def parsed(html: str) -> Element:
    tree = Tree()
    tree.feed(html)
    return tree.root


def path(iri: str) -> str:
    assert iri.startswith(BASE)
    return "/" + iri.removeprefix(BASE)


def only(elements: list[Element]) -> Element:
    assert len(elements) == 1, [e.attrs for e in elements]
    return elements[0]


def diagram(page: Element) -> Element:
    return only(page.find(lambda e: e.tag == "svg" and "diagram" in e.classes()))


def relations_list(page: Element) -> Element:
    return only(page.find(lambda e: e.tag == "ul" and "relations" in e.classes()))


def links(element: Element) -> list[str]:
    return [a.attrs["href"] for a in element.find(lambda e: e.tag == "a" and "href" in e.attrs)]


def get_page(site: str, iri: str, **params: str) -> tuple[httpx.Response, Element]:
    response = httpx.get(site + path(iri), headers=HTML, params=params, timeout=60)
    assert response.status_code == 200, response.text[:2000]
    return response, parsed(response.text)


def related_iris(actor: dict[str, Any]) -> set[str]:
    """Everything the API says the actor is tied to: the page must link each."""
    found: set[str] = {m["id"] for m in actor["memberships"]}
    found |= {n["id"] for key in ("groups", "founded") for n in actor[key]["nodes"]}
    found |= {n["id"] for n in (actor.get("units") or {"nodes": []})["nodes"]}
    found |= {n["id"] for n in (actor.get("members") or {"nodes": []})["nodes"]}
    found |= {f["id"] for f in actor.get("founders") or []}
    if actor.get("parent"):
        found.add(actor["parent"]["id"])
    for post in (actor.get("posts") or {"nodes": []})["nodes"]:
        # An organisation's post ties it to who holds it; a person's, to the organisation.
        found |= {t["id"] for t in post.get("heldBy") or [post.get("organization")] if t}
    return found


def post_iris(actor: dict[str, Any]) -> set[str]:
    return {post["id"] for post in (actor.get("posts") or {"nodes": []})["nodes"]}


def actor_answer(site: str, iri: str) -> dict[str, Any]:
    actor: dict[str, Any] = data(site, RELATED, {"id": iri})["actor"]
    return actor


@pytest.mark.parametrize("iri", [UPPSALA, BOARD, PERSON], ids=["municipality", "board", "person"])
def test_the_page_names_the_actor_and_quotes_every_stance(site: str, iri: str) -> None:
    actor = actor_answer(site, iri)
    response, page = get_page(site, iri)
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["content-language"] == "sv"
    h1 = only(page.find(lambda e: e.tag == "h1"))
    assert h1.content().strip() == actor["displayLabel"]
    quotes = {q.content() for q in page.find(lambda e: e.tag == "blockquote")}
    assert {s["quote"] for s in actor["stances"]["nodes"]} <= quotes
    assert len(actor["stances"]["nodes"]) == actor["stances"]["totalCount"]  # all on one page


def test_the_municipality_has_stances_and_each_is_shown_under_each_of_its_positions(
    site: str,
) -> None:
    actor = actor_answer(site, UPPSALA)
    assert actor["stances"]["totalCount"] > 0
    _, page = get_page(site, UPPSALA)
    by_position = only(page.find(lambda e: "by-position" in e.classes()))
    for stance in actor["stances"]["nodes"]:
        for argued in stance["positions"]:
            group = only(
                [
                    section
                    for section in by_position.find(lambda e: "position" in e.classes())
                    if path(argued["position"]["id"])
                    in links(section.find(lambda e: e.tag == "h4")[0])
                ]
            )
            side = "for" if argued["polarity"] == "FOR" else "against"
            column = only([e for e in group.walk() if {"argues", side} <= e.classes()])
            quotes = {q.content() for q in column.find(lambda e: e.tag == "blockquote")}
            assert stance["quote"] in quotes


@pytest.mark.parametrize("iri", [UPPSALA, BOARD, PERSON], ids=["municipality", "board", "person"])
def test_every_relation_is_drawn_and_listed_and_each_node_leads_to_a_page(
    site: str, iri: str
) -> None:
    actor = actor_answer(site, iri)
    expected = {path(i) for i in related_iris(actor)}
    assert expected, "the test wants an actor with relations"
    _, page = get_page(site, iri)
    svg = diagram(page)
    assert svg.attrs["role"] == "group"
    title = only(svg.find(lambda e: e.tag == "title" and "id" in e.attrs))
    desc = only(svg.find(lambda e: e.tag == "desc"))
    assert svg.attrs["aria-labelledby"] == title.attrs["id"]
    assert svg.attrs["aria-describedby"] == desc.attrs["id"]
    assert actor["displayLabel"] in title.content()
    nodes = svg.find(lambda e: e.tag == "a")
    drawn = {a.attrs["href"] for a in nodes}
    listed = set(links(relations_list(page)))
    assert expected | {path(i) for i in post_iris(actor)} <= listed
    assert drawn <= listed
    assert len(expected) <= 24  # all fit in the drawing
    assert drawn == expected
    for node in nodes:
        assert node.attrs["aria-label"].strip()
        assert httpx.get(site + node.attrs["href"], headers=HTML, timeout=60).status_code == 200


def test_a_board_shows_its_parent_and_the_people_holding_its_posts(site: str) -> None:
    actor = actor_answer(site, BOARD)
    _, page = get_page(site, BOARD)
    labels = {a.attrs["aria-label"] for a in diagram(page).find(lambda e: e.tag == "a")}
    parent = data(site, PARENT, {"id": actor["parent"]["id"]})
    assert f"{parent['node']['displayLabel']} (del av)" in labels
    holders = [h for post in actor["posts"]["nodes"] for h in post["heldBy"]]
    assert holders
    listed = links(relations_list(page))
    assert all(path(h["id"]) in listed for h in holders)
    assert all(path(p["id"]) in listed for p in actor["posts"]["nodes"])  # the posts too


def test_the_documents_are_listed_with_their_dates(site: str) -> None:
    actor = actor_answer(site, PERSON)
    signed = actor["documentsSigned"]["nodes"]
    assert signed
    _, page = get_page(site, PERSON)
    documents = only(page.find(lambda e: e.attrs.get("id") == "documents"))
    hrefs = links(documents)
    times = {t.attrs["datetime"] for t in documents.find(lambda e: e.tag == "time")}
    for document in signed:
        assert path(document["id"]) in hrefs
        if document["date"]:
            assert document["date"]["value"] in times


def test_ids_are_unique_though_a_stance_is_shown_in_several_groups(site: str) -> None:
    _, page = get_page(site, UPPSALA)
    ids = [e.attrs["id"] for e in page.walk() if "id" in e.attrs]
    assert len(ids) == len(set(ids))
    stances = actor_answer(site, UPPSALA)["stances"]["nodes"]
    for stance in stances:  # each stance's own anchor is on the page, once
        assert ids.count("stance-" + stance["id"].rsplit("/", 1)[-1]) == 1


def test_the_page_speaks_english_when_asked(site: str) -> None:
    response, page = get_page(site, UPPSALA, lang="en")
    assert response.headers["content-language"] == "en"
    assert only(page.find(lambda e: e.tag == "html")).attrs["lang"] == "en"
    headings = {h.content().strip() for h in page.find(lambda e: e.tag == "h2")}
    assert {"Relations", "Documents", "Stances"} <= headings
    labels = {a.attrs["aria-label"] for a in diagram(page).find(lambda e: e.tag == "a")}
    assert any(label.endswith("(member of)") for label in labels)
    # Links keep the language; the switch leads back to Swedish.
    switch = only(page.find(lambda e: "lang-switch" in e.classes()))
    assert switch.attrs["href"] == path(UPPSALA)


def test_the_page_links_all_its_data_and_its_query(site: str) -> None:
    _, page = get_page(site, UPPSALA)
    hrefs = links(page)
    statements = path(UPPSALA) + "?view=statements"
    assert statements in hrefs
    generic = httpx.get(site + statements, headers=HTML, timeout=60)
    assert generic.status_code == 200
    assert 'class="diagram"' not in generic.text  # the generic page of all its statements
    assert any(href.startswith("/graphql?query=") for href in hrefs)


def test_an_actor_that_does_not_exist_gets_a_clear_not_found(site: str) -> None:
    response = httpx.get(site + "/id/actor/no-such-actor", headers=HTML, timeout=60)
    assert response.status_code == 404
    assert "Traceback" not in response.text
    assert "no-such-actor" in response.text


def test_every_actor_in_the_data_has_a_page_with_a_bounded_diagram(site: str) -> None:
    actors = data(site, "{ actors(first: 100) { totalCount nodes { id } } }")["actors"]
    assert actors["totalCount"] == len(actors["nodes"])
    for actor in actors["nodes"]:
        _, page = get_page(site, actor["id"])
        assert len(page.find(lambda e: e.tag == "h1")) == 1
        drawings = page.find(lambda e: e.tag == "svg" and "diagram" in e.classes())
        for svg in drawings:
            assert 0 < len(svg.find(lambda e: e.tag == "a")) <= MAX_NODES
