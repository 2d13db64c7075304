"""An actor's relations and documents, read from the actor page's GraphQL answer.

The answer (queries/actor.graphql) has one field per relation; here they become groups of
links in one order, each relation under a key the page words name twice: as the edge's label
in the diagram ("medlem i": the actor is a member of what the edge points to) and as the
heading of its group in the list ("Medlem i"). A post is a relation of its own kind: on an
organisation's page it ties the organisation to the person holding it, on a person's page to
the organisation the post is in; the post's name is then the edge's label.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from api.explorer.diagram import Neighbour

Answer = Mapping[str, Any]

# The relations, in the order the page shows them: the key (for the words), and the fields
# of the answer holding them (a connection, a list or one object; absent on the other type).
RELATIONS: tuple[tuple[str, str], ...] = (
    ("parent", "parent"),
    ("units", "units"),
    ("parentCompany", "parentCompany"),
    ("subsidiaries", "subsidiaries"),
    ("memberships", "memberships"),
    ("members", "members"),
    ("groups", "groups"),
    ("includes", "includes"),
    ("founders", "founders"),
    ("founded", "founded"),
    ("leads", "leads"),
    ("locatedIn", "locatedIn"),
    ("brands", "brands"),
)
DOCUMENTS: tuple[str, ...] = (
    "documentsAuthored",
    "documentsSigned",
    "documentsPresented",
    "documentsHandled",
    "documentsReceived",
    "consultationsIssued",
    "consultationsReceived",
)


@dataclass(frozen=True)
class Item:
    """One linked resource in a group: its IRI, name, kind (a CSS class: actor, person,
    document, other), and what more the list says of it (a post's name, a date)."""

    iri: str
    label: str
    kind: str = "actor"
    post: str = ""  # the post that ties it (its IRI), on a post's item
    post_label: str = ""
    date: str = ""  # a document's date, a consultation's deadline
    detail: str = ""  # a document's type, a consultation's case number


@dataclass(frozen=True)
class Group:
    """The resources of one relation (or one kind of document), and how many more there are
    than are listed (when the API's page of 100 did not hold them all)."""

    key: str
    items: tuple[Item, ...]
    more: int = 0


def relations(actor: Answer) -> list[Group]:
    """The actor's relations with something in them, in RELATIONS' order; posts after
    memberships and groups."""
    groups = [_group(key, actor.get(field)) for key, field in RELATIONS]
    groups.insert(7, _posts(actor))
    return [group for group in groups if group.items]


def documents(actor: Answer) -> list[Group]:
    """The actor's documents and consultations, by how it is tied to them; empty ones left
    out."""
    groups = [_group(field, actor.get(field)) for field in DOCUMENTS]
    return [group for group in groups if group.items]


def neighbours(
    groups: Iterable[Group], relation: Callable[[str], str], link: Callable[[str], str]
) -> list[Neighbour]:
    """The diagram's nodes: every linked item, at `link(iri)` (its page), with
    `relation(key)` (the page's words for the group's edge) as its label, or the post's name
    for a post."""
    return [
        Neighbour(
            href=link(item.iri),
            label=item.label,
            relation=item.post_label or relation(group.key),
            kind=item.kind,
        )
        for group in groups
        for item in group.items
    ]


def kind_of(node: Answer) -> str:
    """The CSS class of a node, from its GraphQL type."""
    return {"Organization": "actor", "Person": "person", "Document": "document"}.get(
        str(node.get("__typename", "")), "other"
    )


def _group(key: str, value: Any) -> Group:
    """A group from a connection (`nodes`, `totalCount`), a list, one object or None."""
    if value is None:
        return Group(key, ())
    if isinstance(value, Mapping) and "nodes" in value:
        nodes, total = value["nodes"], value["totalCount"]
    else:
        nodes = value if isinstance(value, list) else [value]
        total = len(nodes)
    items = tuple(
        Item(
            node["id"],
            _label(node),
            kind_of(node),
            date=((node.get("date") or node.get("deadline") or {}).get("value") or ""),
            detail=node.get("documentType") or node.get("caseNumber") or "",
        )
        for node in nodes
    )
    return Group(key, items, total - len(items))


def _posts(actor: Answer) -> Group:
    """An organisation's posts with who holds each (a post nobody is known to hold is listed
    itself), or a person's posts with the organisation each is in."""
    posts = actor.get("posts") or {"nodes": [], "totalCount": 0}
    items: list[Item] = []
    for post in posts["nodes"]:
        name = post.get("label") or ""
        others = post.get("heldBy") or [o for o in [post.get("organization")] if o]
        items += [
            Item(other["id"], _label(other), kind_of(other), post["id"], name) for other in others
        ] or [Item(post["id"], name, "other")]
    return Group("posts", tuple(items), posts["totalCount"] - len(posts["nodes"]))


def _label(node: Answer) -> str:
    return str(node.get("displayLabel") or node.get("label") or node.get("id"))
