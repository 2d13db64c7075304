"""The schema's root: the Query type's entry points and the helpers they share."""

from __future__ import annotations

from typing import Annotated, cast

import strawberry
from strawberry.types import Info

from api.graphql.connection import After, Connection, First, connection, paging
from api.graphql.context import off_loop
from api.graphql.lookup import Id, concepts_in, listing, lookup
from api.graphql.matrix import StanceMatrix, matrix
from api.graphql.questions import (
    MAX_AGREEMENT_ACTORS,
    MAX_PATH_LENGTH,
    AgreementBasis,
    AgreementPoint,
    Path,
    StanceRelation,
    agreement_points,
    path_between,
)
from api.graphql.search import SearchConnection, search
from api.graphql.stance_filter import CHECKS, StanceFilter, checked, conditions
from api.graphql.timeline import TimelineEvent, resolve_timeline
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
)
from kg.errors import InvalidArgument
from kg.relations import Page


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
        return await listing(info, classes, Actor, first, after, name_contains=name_contains)

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
            info, ["foaf:Person"], Person, first, after, name_contains=name_contains
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
        return await listing(info, classes, Document, first, after, name_contains=title_contains)

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
        return await listing(info, ["lsk:Position"], Position, first, after)

    @strawberry.field(description="The consultations: the regions' and the municipalities' own.")
    async def consultations(
        self, info: Info, first: First = None, after: After = None
    ) -> Connection[Consultation]:
        return await listing(info, ["lsk:Consultation"], Consultation, first, after)

    timeline: Connection[TimelineEvent] = strawberry.field(
        resolver=resolve_timeline,
        description="Every dated event the graph holds (documents' and decisions' dates, "
        "meetings, deadlines and their extensions, answers) in date order, from the 2024 "
        "letter of intent to the 2026 answers; a month or year sorts before the days in it.",
    )

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
            found = await off_loop(relations.sectioned_strategies)
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
        return await listing(info, ["lsk:Aspect"], Section, first, after, where=where)

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
        window = paging(first, after)
        relations = request(info).relations
        page: Page = await off_loop(lambda: relations.stances(wanted, window))
        items = await resolve_all(info, page.items, Stance)
        return connection(items, total=page.total, offset=page.offset)

    stance_matrix: StanceMatrix = strawberry.field(
        resolver=matrix,
        description="Actors by the parts of the strategy (or the positions) they take stances "
        "on, each cell counting one actor's stances on one column by polarity, in one store "
        "query; filtered as `stances` is. A filter naming something the graph does not hold is "
        "an error (NOT_FOUND), not an empty matrix.",
    )

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
        return await agreement_points(
            info, actors, theme, aspect, basis, relation, first=first, after=after
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
        return await path_between(info, from_, to, max_length, avoid)
