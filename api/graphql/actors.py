"""The GraphQL types of the consultation's actors: organisations, people and posts."""

from __future__ import annotations

from enum import Enum

import strawberry
from strawberry.types import Info

from api.graphql import refs
from api.graphql.connection import MAX_PAGE, After, Connection, First, connection, paging
from api.graphql.context import IncomingKey
from api.graphql.documents import (
    DECISION_DEPRECATION,
    PROPOSED_DECISION_PREDICATES,
    Document,
    proposed_decisions,
)
from api.graphql.fields import incoming, many, one, text, texts
from api.graphql.node import Node, kind_of, request, resolve_all
from kg.relations import Window


@strawberry.enum(description="Kinds of actor, after the ontology's classes.")
class ActorKind(Enum):
    REGION = strawberry.enum_value("lsk:Region", description="A region (region).")
    MUNICIPALITY = strawberry.enum_value("lsk:Municipality", description="A municipality (kommun).")
    PUBLIC_AUTHORITY = strawberry.enum_value(
        "lsk:PublicAuthority", description="A government agency or office (myndighet)."
    )
    UNIVERSITY = strawberry.enum_value(
        "lsk:HigherEducationInstitution", description="A university or university college."
    )
    FOUNDATION = strawberry.enum_value("lsk:Foundation", description="A foundation (stiftelse).")
    COMPANY = strawberry.enum_value("lsk:Company", description="A company (bolag).")
    COLLABORATION = strawberry.enum_value(
        "lsk:Collaboration", description="An alliance or other collaboration."
    )
    CLUSTER_INITIATIVE = strawberry.enum_value(
        "lsk:ClusterInitiative", description="A cluster initiative, such as Capital of Life."
    )
    ACTOR_GROUP = strawberry.enum_value(
        "lsk:ActorGroup", description="A group of actors named together in a source."
    )
    POLITICAL_BODY = strawberry.enum_value(
        "lsk:PoliticalBody", description="A political body: an assembly, board or committee."
    )
    OFFICE = strawberry.enum_value(
        "lsk:Office", description="An administrative office (förvaltning)."
    )
    ORGANIZATION = strawberry.enum_value(
        "org:FormalOrganization", description="Another formal organisation."
    )
    PERSON = strawberry.enum_value("foaf:Person", description="A person.")


@strawberry.interface(
    description="Someone who acts in the consultation: an organisation or a person."
)
class Actor(Node):
    @strawberry.field(description="The kind of actor.")
    def kind(self) -> ActorKind:
        return kind_of(self, ActorKind, ActorKind.ORGANIZATION)

    name = text("skos:prefLabel", "foaf:name", description="The actor's name.")
    stances = incoming(
        "prov:wasAttributedTo",
        returns=refs.Stance,
        description="The stances the actor takes, each with its quote and source document.",
    )
    memberships = many(
        "org:memberOf", returns=refs.Organization, description="What the actor is a member of."
    )
    groups = incoming(
        "lsk:includes",
        returns=refs.Organization,
        description="Groups of actors that include this one.",
    )
    roles = incoming(
        "lsk:roleHolder",
        returns=refs.Role,
        description="Roles documents give the actor (the strategy's central role for KI).",
    )
    documents_authored = incoming(
        "dcterms:creator", returns=refs.Document, description="Documents the actor wrote or issued."
    )
    documents_signed = incoming(
        "lsk:signatory", returns=refs.Document, description="Documents the actor signed."
    )
    documents_presented = incoming(
        "lsk:presentedBy",
        returns=refs.Document,
        description="Documents the actor presented (föredragande).",
    )
    documents_received = incoming(
        "lsk:addressedTo", returns=refs.Document, description="Documents addressed to the actor."
    )
    consultations_issued = incoming(
        "lsk:issuedBy", returns=refs.Consultation, description="Consultations the actor sent out."
    )
    consultations_received = incoming(
        "lsk:consultee",
        returns=refs.Consultation,
        description="Consultations the actor was asked to answer.",
    )
    founded = incoming(
        "lsk:foundedBy", returns=refs.Organization, description="Organisations the actor founded."
    )
    decisions = incoming(
        "lsk:decisionMaker",
        returns=refs.Decision,
        description="Decisions the actor has taken or is to take (each decision's `status` "
        "says which).",
    )
    decisions_proposed = incoming(
        "lsk:proposedBy", returns=refs.Decision, description="Decisions the actor proposed."
    )

    @strawberry.field(
        description="Documents the actor is to adopt or decide on: those its proposed "
        "decisions (none of them taken) would adopt.",
        deprecation_reason=DECISION_DEPRECATION,
        metadata={"predicates": PROPOSED_DECISION_PREDICATES, "inverse": True},
    )
    async def strategies_adopted(
        self, info: Info, first: First = None, after: After = None
    ) -> Connection[Document]:
        window = paging(first, after)
        adopts = self.ns.iri("lsk:adopts")
        decisions = await proposed_decisions(self, info, adopting=False)
        iris = list(dict.fromkeys(iri for d in decisions for iri in d.about.links(adopts)))
        found = await resolve_all(info, iris, Document)
        page = found[window.offset : window.offset + window.limit]
        return connection(page, total=len(found), offset=window.offset)

    meetings = incoming(
        "lsk:attendedBy", returns=refs.Meeting, description="Meetings the actor attended."
    )
    leads = many(
        "lsk:leads",
        returns=refs.Node,
        description="The work the actor leads, as the document describing it (Region Stockholm "
        "leads the work under the letter of intent).",
    )
    documents_applying = incoming(
        "lsk:appliesTo",
        returns=refs.Document,
        description="Documents that apply to the actor (gäller för), as their headers say.",
    )


@strawberry.type(description="An organisation, unit, collaboration or group of actors.")
class Organization(Actor):
    alternative_names = texts(
        "skos:altLabel", "skos:hiddenLabel", description="Other names and abbreviations."
    )
    purpose = text(
        "org:purpose", description="What the organisation is for, as the sources put it."
    )
    parent = one(
        "org:unitOf",
        returns=refs.Organization,
        description="The organisation this unit is part of.",
    )
    units = incoming(
        "org:unitOf", returns=refs.Organization, description="The units of this organisation."
    )
    parent_company = one(
        "lsk:subsidiaryOf", returns=refs.Organization, description="The company that owns this one."
    )
    subsidiaries = incoming(
        "lsk:subsidiaryOf", returns=refs.Organization, description="Companies this one owns."
    )
    members = incoming(
        "org:memberOf", returns=refs.Actor, description="The members of this organisation."
    )
    includes = many(
        "lsk:includes", returns=refs.Actor, description="The actors this group includes."
    )
    founders = many(
        "lsk:foundedBy", returns=refs.Actor, description="Who founded the organisation."
    )
    posts = incoming(
        "org:postIn", returns=refs.Post, description="Posts (positions) in the organisation."
    )
    located_in = many("lsk:locatedIn", returns=refs.Node, description="Where the organisation is.")
    brands = incoming(
        "lsk:brandOf", returns=refs.Node, description="Brands the organisation carries."
    )

    @strawberry.field(
        description=f"People holding a post in the organisation (through its first {MAX_PAGE} posts).",
        metadata={"predicates": ("org:postIn", "org:heldBy"), "inverse": True},
    )
    async def people(self, info: Info) -> list[Person]:
        context = request(info)
        posts = await context.pointing_to(
            IncomingKey(
                tuple(self.expand(["org:postIn"])), self.about.iri, None, Window(0, MAX_PAGE)
            )
        )
        described = await context.describe(posts.items)
        held_by = self.expand(["org:heldBy"])[0]
        holders = dict.fromkeys(iri for post in described for iri in post.links(held_by))
        return await resolve_all(info, list(holders), Person)


@strawberry.type(description="A person named in the sources: a politician, official or signatory.")
class Person(Actor):
    posts = incoming("org:heldBy", returns=refs.Post, description="The posts the person holds.")
    documents_handled = incoming(
        "lsk:handledBy",
        returns=refs.Document,
        description="Documents the person handled (handläggare).",
    )


@strawberry.type(description="A post (position) in an organisation, such as borgarråd.")
class Post(Node):
    organization = one(
        "org:postIn", returns=refs.Organization, description="The organisation the post is in."
    )
    held_by = many("org:heldBy", returns=refs.Person, description="Who holds the post.")
    documents_signed = incoming(
        "lsk:signatoryPost", returns=refs.Document, description="Documents signed in this post."
    )
    meetings = incoming(
        "lsk:attendedBy",
        returns=refs.Meeting,
        description="Meetings the post's holder attended (where the sources name the post, not "
        "the person).",
    )
    documents_owned = incoming(
        "lsk:contentOwner",
        returns=refs.Document,
        description="Documents whose content the post owns.",
    )
    documents_reviewed = incoming(
        "lsk:reviewedBy", returns=refs.Document, description="Documents the post reviews."
    )
