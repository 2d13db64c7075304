"""The schema's root: the Query type's entry points and the helpers they share."""

from __future__ import annotations

import asyncio
from typing import Annotated, Any, cast

import strawberry
from starlette.concurrency import run_in_threadpool
from strawberry.types import Info

from api.graphql.connection import After, Connection, First, connection, paging
from api.graphql.questions import (
    AgreementBasis,
    AgreementPoint,
    Path,
    PathEdge,
    StanceRelation,
)
from api.graphql.search import SearchConnection, search
from api.graphql.stance_filter import CHECKS, StanceFilter, checked, conditions
from api.graphql.types import (
    Actor,
    ActorKind,
    Concept,
    Consultation,
    Document,
    DocumentKind,
    Node,
    Person,
    Position,
    Section,
    Stance,
    class_of,
    request,
    resolve_all,
    wrap,
)
from kg.errors import InvalidArgument, NotFound
from kg.relations import Basis, Page, Relation

MAX_PATH_LENGTH = 8
MAX_AGREEMENT_ACTORS = 20

Id = Annotated[
    strawberry.ID,
    strawberry.argument(description="An IRI, or a CURIE such as actor:uppsala-kommun."),
]


# --------------------------------------------------------------------------------------------
# Entry points
# --------------------------------------------------------------------------------------------


async def lookup(info: Info, identifier: str, returns: type[Any]) -> Any:
    """The resource `identifier` names, as a `returns`; NotFound when there is none."""
    context = request(info)
    iri = context.namespaces.expand(identifier)
    (description,) = await context.describe([iri])
    if not description.exists:
        raise NotFound(
            f"nothing in the graph has the IRI <{iri}>",
            iri=iri,
            hint="Check the IRI or CURIE; the listings (actors, documents, positions…) give "
            "the ids the graph holds.",
        )
    found = wrap(description, context.namespaces)
    if not isinstance(found, returns):
        raise NotFound(
            f"<{iri}> is {_a(type(found).__name__)}, not {_a(returns.__name__)}",
            iri=iri,
            hint=f"Ask for it with node(id: ...) or {type(found).__name__.lower()}(id: ...).",
        )
    return found


def _a(noun: str) -> str:
    return f"{'an' if noun[0] in 'AEIOU' else 'a'} {noun}"


async def listing(
    info: Info,
    classes: list[str],
    returns: str,
    first: int | None,
    after: str | None,
    *,
    where: list[tuple[str, str]] | None = None,
    name_contains: str | None = None,
    aligned: tuple[str, ...] = (),
) -> Connection[Any]:
    """A page of the resources of `classes` (CURIEs) meeting the conditions; a condition on a
    predicate in `aligned` (CURIEs) is met by a section aligned with its value too."""
    context = request(info)
    relations = context.relations
    page: Page = await run_in_threadpool(
        lambda: relations.instances(
            [relations.ns.iri(c) for c in classes],
            paging(first, after).window,
            where=[(relations.ns.iri(p), v) for p, v in where or []],
            name_contains=name_contains,
            aligned=[relations.ns.iri(p) for p in aligned],
        )
    )
    items = await resolve_all(info, page.items, returns)
    return connection(items, total=page.total, offset=page.offset)


async def concepts_in(
    info: Info, scheme: str, first: int | None, after: str | None
) -> Connection[Any]:
    """A page of the concepts of the vocabulary `scheme` (a CURIE)."""
    where = [("skos:inScheme", request(info).namespaces.iri(scheme))]
    return await listing(info, ["skos:Concept"], "Concept", first, after, where=where)


def _expand(info: Info, identifier: str) -> str:
    return request(info).namespaces.expand(identifier)


@strawberry.type(
    description="The graph of the Stockholm–Uppsala life-science strategy consultation: who "
    "answered, where they stand, and the documents and words behind every stance."
)
class Query:
    @strawberry.field(description="Any resource by its IRI (the Relay Node lookup).")
    async def node(self, info: Info, id: Id) -> Node:
        return cast(Node, await lookup(info, id, Node))

    @strawberry.field(description="An actor (organisation or person) by IRI.")
    async def actor(self, info: Info, id: Id) -> Actor:
        return cast(Actor, await lookup(info, id, Actor))

    @strawberry.field(description="Actors, by kind and name.")
    async def actors(
        self,
        info: Info,
        kind: Annotated[
            list[ActorKind] | None,
            strawberry.argument(description="Only actors of these kinds (default: all)."),
        ] = None,
        name_contains: Annotated[
            str | None,
            strawberry.argument(
                description="Only actors whose name or short name (such as SBR) contains this "
                "text, in any case."
            ),
        ] = None,
        first: First = None,
        after: After = None,
    ) -> Connection[Actor]:
        kinds = kind or list(ActorKind)
        classes = [class_of(k) for k in kinds]
        if ActorKind.ORGANIZATION in kinds:
            classes += ["org:Organization", "org:OrganizationalUnit"]
        return await listing(info, classes, "Actor", first, after, name_contains=name_contains)

    @strawberry.field(description="People named in the sources.")
    async def people(
        self,
        info: Info,
        name_contains: Annotated[
            str | None,
            strawberry.argument(
                description="Only people whose name contains this text, in any case."
            ),
        ] = None,
        first: First = None,
        after: After = None,
    ) -> Connection[Person]:
        return await listing(
            info, ["foaf:Person"], "Person", first, after, name_contains=name_contains
        )

    @strawberry.field(description="A document by IRI.")
    async def document(self, info: Info, id: Id) -> Document:
        return cast(Document, await lookup(info, id, Document))

    @strawberry.field(description="Documents, by kind and title.")
    async def documents(
        self,
        info: Info,
        kind: Annotated[
            list[DocumentKind] | None,
            strawberry.argument(description="Only documents of these kinds (default: all)."),
        ] = None,
        title_contains: Annotated[
            str | None,
            strawberry.argument(
                description="Only documents whose title or alternative title (such as "
                '"PM Rotel I") contains this text, in any case.'
            ),
        ] = None,
        first: First = None,
        after: After = None,
    ) -> Connection[Document]:
        classes = [class_of(k) for k in kind or list(DocumentKind)]
        return await listing(info, classes, "Document", first, after, name_contains=title_contains)

    search: SearchConnection = strawberry.field(
        resolver=search,
        description="Resources whose names, short names, titles, labels or stances' quotes match "
        "the words of `text` (Swedish-aware: any case, å/ä/ö folded, words stemmed, compounds "
        "found by their parts), best first, each with a snippet and its matched words.",
    )

    @strawberry.field(description="A consultation (remiss) by IRI.")
    async def consultation(self, info: Info, id: Id) -> Consultation:
        return cast(Consultation, await lookup(info, id, Consultation))

    @strawberry.field(description="A position by IRI or CURIE (position:…).")
    async def position(self, info: Info, id: Id) -> Position:
        return cast(Position, await lookup(info, id, Position))

    @strawberry.field(
        description="The positions the curator grouped the stances into, each with the stances "
        "arguing for or against it."
    )
    async def positions(
        self, info: Info, first: First = None, after: After = None
    ) -> Connection[Position]:
        return await listing(info, ["lsk:Position"], "Position", first, after)

    @strawberry.field(description="The consultations: the regions' and the municipalities' own.")
    async def consultations(
        self, info: Info, first: First = None, after: After = None
    ) -> Connection[Consultation]:
        return await listing(info, ["lsk:Consultation"], "Consultation", first, after)

    @strawberry.field(
        description="A strategy by IRI; without one, the strategy whose sections and full text "
        "the graph holds (Region Uppsala's version; Region Stockholm's is known only by the "
        "sections its readers cite)."
    )
    async def strategy(
        self,
        info: Info,
        id: Annotated[
            strawberry.ID | None,
            strawberry.argument(
                description="An IRI or CURIE; leave out for the strategy with sections and text."
            ),
        ] = None,
    ) -> Document:
        if id is None:
            relations = request(info).relations
            found = await run_in_threadpool(relations.sectioned_strategies)
            if len(found) != 1:
                raise InvalidArgument(
                    f"the graph has {'no' if not found else 'several'} strategies with sections "
                    "and full text",
                    argument="id",
                    hint="Name the strategy: strategy(id: ...); documents(kind: STRATEGY) lists them.",
                )
            id = strawberry.ID(found[0])
        return cast(Document, await lookup(info, id, Document))

    @strawberry.field(
        description="The strategy's aspects, each with its development areas: of every version "
        "(Region Stockholm's only as its readers cite them), unless `strategy` names one."
    )
    async def aspects(
        self,
        info: Info,
        strategy: Annotated[
            strawberry.ID | None,
            strawberry.argument(description="Only the aspects of this strategy (default: all)."),
        ] = None,
        first: First = None,
        after: After = None,
    ) -> Connection[Section]:
        where = []
        if strategy:
            iri = await checked(info, strategy, "strategy", Document, None, CHECKS["document"][2])
            where = [("lsk:sectionOf", iri)]
        return await listing(info, ["lsk:Aspect"], "Section", first, after, where=where)

    @strawberry.field(
        description="Stances, filtered by actor, type, polarity, target (and what is under it), "
        "theme, document or position. A filter naming something the graph does not hold is an "
        "error (NOT_FOUND, with a hint), not an empty list."
    )
    async def stances(
        self,
        info: Info,
        filter: Annotated[
            StanceFilter | None, strawberry.argument(description="Which stances (default: all).")
        ] = None,
        first: First = None,
        after: After = None,
    ) -> Connection[Stance]:
        wanted = await conditions(info, filter)
        window = paging(first, after).window
        relations = request(info).relations
        page: Page = await run_in_threadpool(lambda: relations.stances(wanted, window))
        items = await resolve_all(info, page.items, "Stance")
        return connection(items, total=page.total, offset=page.offset)

    @strawberry.field(description="The cross-cutting themes stances are classified by.")
    async def themes(
        self, info: Info, first: First = None, after: After = None
    ) -> Connection[Concept]:
        return await concepts_in(info, "scheme:themes", first, after)

    @strawberry.field(description="The stance types (welcomes, supports, proposes, opposes…).")
    async def stance_types(
        self, info: Info, first: First = None, after: After = None
    ) -> Connection[Concept]:
        return await concepts_in(info, "scheme:stance-types", first, after)

    @strawberry.field(
        description="Where the given actors argue the same position (for or against it), or take "
        "the same, agreeing or opposing stances on the same target or theme."
    )
    async def agreement(
        self,
        info: Info,
        actors: Annotated[
            list[strawberry.ID],
            strawberry.argument(
                description=f"The actors to compare: 2 to {MAX_AGREEMENT_ACTORS} IRIs or CURIEs."
            ),
        ],
        theme: Annotated[
            strawberry.ID | None,
            strawberry.argument(description="Only stances touching this theme."),
        ] = None,
        aspect: Annotated[
            strawberry.ID | None,
            strawberry.argument(
                description="Only stances on this aspect or the sections under it."
            ),
        ] = None,
        basis: Annotated[
            AgreementBasis,
            strawberry.argument(
                description="Compare on positions (default), or by stance type on targets or "
                "on themes."
            ),
        ] = AgreementBasis.POSITION,
        relation: Annotated[
            list[StanceRelation] | None,
            strawberry.argument(
                description="Only points where the stances relate so (default: all)."
            ),
        ] = None,
        first: First = None,
        after: After = None,
    ) -> Connection[AgreementPoint]:
        iris = list(dict.fromkeys(_expand(info, a) for a in actors))
        if not 2 <= len(iris) <= MAX_AGREEMENT_ACTORS:
            raise InvalidArgument(
                f"agreement compares 2 to {MAX_AGREEMENT_ACTORS} actors, not {len(iris)}",
                argument="actors",
            )
        actor_check = CHECKS["actor"]
        await asyncio.gather(*(checked(info, iri, "actors", *actor_check) for iri in iris))
        theme_iri = await checked(info, theme, "theme", *CHECKS["theme"]) if theme else None
        aspect_iri = await checked(info, aspect, "aspect", *CHECKS["target"]) if aspect else None
        window = paging(first, after)
        relations = request(info).relations
        points = await run_in_threadpool(
            lambda: relations.agreement(
                iris,
                basis=Basis(cast(str, basis.value)),
                theme=theme_iri,
                aspect=aspect_iri,
            )
        )
        wanted = {cast(Relation, r.value) for r in relation} if relation else None
        chosen = [p for p in points if wanted is None or p.relation in wanted]
        page = chosen[window.offset : window.offset + window.limit]
        return connection(
            [AgreementPoint(point=p) for p in page], total=len(chosen), offset=window.offset
        )

    @strawberry.field(
        description="The shortest chain of relations between two resources, walked in either "
        "direction (for example, how a municipal company relates to a region). Classes, "
        "vocabularies and stance types are not walked through. Null when there is no path "
        "within maxLength."
    )
    async def path(
        self,
        info: Info,
        from_: Annotated[
            strawberry.ID, strawberry.argument(name="from", description="Where the path starts.")
        ],
        to: Annotated[strawberry.ID, strawberry.argument(description="Where the path ends.")],
        max_length: Annotated[
            int,
            strawberry.argument(
                description=f"The longest path to look for, 1 to {MAX_PATH_LENGTH}."
            ),
        ] = 4,
        avoid: Annotated[
            list[strawberry.ID] | None,
            strawberry.argument(
                description="Properties not to walk along, such as dcterms:source."
            ),
        ] = None,
    ) -> Path | None:
        if not 1 <= max_length <= MAX_PATH_LENGTH:
            raise InvalidArgument(
                f"maxLength must be between 1 and {MAX_PATH_LENGTH}, not {max_length}",
                argument="maxLength",
            )
        start = await lookup(info, from_, Node)
        goal = await lookup(info, to, Node)
        relations = request(info).relations
        avoided = [_expand(info, p) for p in avoid or []]
        unused = await run_in_threadpool(relations.unused_predicates, avoided)
        if unused:
            raise NotFound(
                f"avoid: no relation of the graph has the property <{unused[0]}>",
                iri=unused[0],
                hint="Name a property the graph uses, such as dcterms:source or org:unitOf.",
            )
        found = await run_in_threadpool(
            lambda: relations.shortest_path(
                start.about.iri, goal.about.iri, max_length=max_length, avoid=avoided
            )
        )
        if found is None:
            return None
        edges = []
        for position, step in enumerate(found.steps):
            edges.append(PathEdge(step=step, forward=step.subject == found.nodes[position]))
        return Path(node_iris=found.nodes, edges=edges)
