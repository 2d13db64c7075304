"""The actor page: the HTML of an actor's IRI (an organisation, a unit of one, or a person).

Who the actor is; how it is tied to others, drawn (`diagram`) and listed; its documents; and
its stances, by what they are about and by the position they argue. All of it is one GraphQL
document (queries/actor.graphql), so the page shows what the API answers and nothing else.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from api.explorer.actor_relations import Group, documents, neighbours, relations
from api.explorer.actor_stances import grouped
from api.explorer.diagram import draw, layout
from api.explorer.graphql_source import PageQueryFailed
from api.explorer.i18n import Words
from api.explorer.kit import PageKit
from api.explorer.rendering import Links, page_language

# Each relation twice: the edge's label, read from the actor ("medlem i": the actor is a
# member of it), and the heading of its group in the list.
_RELATIONS = {
    "sv": {
        "parent": ("del av", "Del av"),
        "units": ("har enheten", "Enheter"),
        "parentCompany": ("ägs av", "Ägs av"),
        "subsidiaries": ("äger", "Dotterbolag"),
        "memberships": ("medlem i", "Medlem i"),
        "members": ("har medlemmen", "Medlemmar"),
        "groups": ("ingår i", "Ingår i"),
        "posts": ("befattning", "Befattningar"),
        "includes": ("omfattar", "Omfattar"),
        "founders": ("grundad av", "Grundad av"),
        "founded": ("grundade", "Grundade"),
        "leads": ("leder", "Leder arbetet enligt"),
        "locatedIn": ("ligger i", "Ligger i"),
        "brands": ("varumärke", "Varumärken"),
    },
    "en": {
        "parent": ("part of", "Part of"),
        "units": ("has the unit", "Units"),
        "parentCompany": ("owned by", "Owned by"),
        "subsidiaries": ("owns", "Subsidiaries"),
        "memberships": ("member of", "Member of"),
        "members": ("has the member", "Members"),
        "groups": ("included in", "Included in"),
        "posts": ("post", "Posts"),
        "includes": ("includes", "Includes"),
        "founders": ("founded by", "Founded by"),
        "founded": ("founded", "Founded"),
        "leads": ("leads", "Leads the work under"),
        "locatedIn": ("located in", "Located in"),
        "brands": ("brand", "Brands"),
    },
}
_DOCUMENTS = {
    "sv": {
        "documentsAuthored": "Skrivit eller gett ut",
        "documentsSigned": "Undertecknat",
        "documentsPresented": "Föredragit",
        "documentsHandled": "Handlagt",
        "documentsReceived": "Ställda till aktören",
        "consultationsIssued": "Remisser den skickat ut",
        "consultationsReceived": "Remisser den fått",
    },
    "en": {
        "documentsAuthored": "Written or issued",
        "documentsSigned": "Signed",
        "documentsPresented": "Presented",
        "documentsHandled": "Handled",
        "documentsReceived": "Addressed to the actor",
        "consultationsIssued": "Consultations it sent out",
        "consultationsReceived": "Consultations it was asked to answer",
    },
}
_PAGE = {
    "sv": {
        "actor.missing": "Ingen sådan aktör",
        "actor.missing.iri": "Ingen aktör har IRI:n {iri}.",
        "actor.also": "Även",
        "actor.contents": "På sidan",
        "actor.relations": "Relationer",
        "actor.relations.none": "Inga relationer till andra är kända.",
        "actor.diagram.title": "Relationer för {name}",
        "actor.diagram.desc": "{name} i mitten, förbundet med {count}: {items}.",
        "actor.diagram.caption": "{name} och det aktören är knuten till. Varje nod är en länk.",
        "actor.diagram.more": "Diagrammet visar {shown} av {total}; listan visar alla.",
        "actor.more": "och {count} till",
        "actor.held": "innehas av",
        "actor.roles": "Roller",
        "actor.roles.by": "enligt",
        "actor.documents": "Dokument",
        "actor.documents.none": "Inga dokument är kända.",
        "actor.deadline": "svar senast {date}",
        "actor.stances": "Ståndpunkter",
        "actor.stances.count": "{count} ståndpunkter, med ordagranna citat ur källorna.",
        "actor.stances.none": "Aktören har inga kända ståndpunkter.",
        "actor.stances.more": "Sidan visar {shown} av {total} ståndpunkter; se alla i",
        "actor.stances.matrix": "matrisen över ståndpunkter",
        "actor.by_target": "Efter vad de gäller",
        "actor.by_position": "Efter sakfråga",
        "actor.for": "För",
        "actor.against": "Emot",
        "actor.side.none": "Inga.",
        "actor.unplaced": "Ej förd till någon sakfråga",
        "actor.stance_count": "{count} st.",
    },
    "en": {
        "actor.missing": "No such actor",
        "actor.missing.iri": "No actor has the IRI {iri}.",
        "actor.also": "Also",
        "actor.contents": "On this page",
        "actor.relations": "Relations",
        "actor.relations.none": "No relations to others are known.",
        "actor.diagram.title": "Relations of {name}",
        "actor.diagram.desc": "{name} in the middle, tied to {count}: {items}.",
        "actor.diagram.caption": "{name} and what the actor is tied to. Every node is a link.",
        "actor.diagram.more": "The diagram shows {shown} of {total}; the list shows them all.",
        "actor.more": "and {count} more",
        "actor.held": "held by",
        "actor.roles": "Roles",
        "actor.roles.by": "according to",
        "actor.documents": "Documents",
        "actor.documents.none": "No documents are known.",
        "actor.deadline": "answer by {date}",
        "actor.stances": "Stances",
        "actor.stances.count": "{count} stances, with verbatim quotes from the sources.",
        "actor.stances.none": "The actor has no known stances.",
        "actor.stances.more": "The page shows {shown} of {total} stances; see them all in",
        "actor.stances.matrix": "the stance matrix",
        "actor.by_target": "By what they concern",
        "actor.by_position": "By position",
        "actor.for": "For",
        "actor.against": "Against",
        "actor.side.none": "None.",
        "actor.unplaced": "Not grouped into a position",
        "actor.stance_count": "{count}",
    },
}
WORDS = {
    lang: {
        **_PAGE[lang],
        **{f"rel.{key}": edge for key, (edge, _) in _RELATIONS[lang].items()},
        **{f"group.{key}": head for key, (_, head) in _RELATIONS[lang].items()},
        **{f"group.{key}": text for key, text in _DOCUMENTS[lang].items()},
    }
    for lang in ("sv", "en")
}


async def actor_page(kit: PageKit, request: Request, iri: str) -> Response:
    """The page of the actor at `iri` (routes send only actors here)."""
    try:
        answer = await kit.query(request, "actor", {"id": iri})
    except PageQueryFailed as failure:
        return kit.failed(request, failure)
    actor: dict[str, Any] | None = answer.data.get("actor")
    words = Words(page_language(request), WORDS)
    if actor is None:  # removed between the route's look-up and this query
        return kit.problem(
            request, 404, words("actor.missing"), words("actor.missing.iri", iri=iri)
        )
    name = actor.get("displayLabel") or actor.get("name") or actor["curie"]
    tied = relations(actor)
    stances = actor["stances"]
    by_target, by_position = grouped(stances["nodes"])
    return kit.render(
        request,
        "actor.html",
        words=WORDS,
        graphiql=answer.graphiql,
        actor=actor,
        name=name,
        relations=tied,
        diagram=_diagram(kit, request, words, name, tied),
        documents=documents(actor),
        stances_total=stances["totalCount"],
        stances_shown=len(stances["nodes"]),
        by_target=by_target,
        by_position=by_position,
    )


def _diagram(
    kit: PageKit, request: Request, words: Words, name: str, tied: list[Group]
) -> dict[str, Any] | None:
    """The diagram's SVG and what the page says of it; None when nothing is tied."""
    link = Links(request, kit.namespaces).href
    nodes = neighbours(tied, lambda key: words(f"rel.{key}"), link)
    if not nodes:
        return None
    plan = layout(nodes, centre=name)
    items = "; ".join(f"{n.neighbour.label} ({n.neighbour.relation})" for n in plan.nodes)
    svg = draw(
        plan,
        title=words("actor.diagram.title", name=name),
        description=words("actor.diagram.desc", name=name, count=len(plan.nodes), items=items),
    )
    shown = len(plan.nodes)
    return {"svg": svg, "shown": shown, "total": shown + plan.left_out}
