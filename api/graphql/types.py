"""The GraphQL types: the consultation's actors, documents, strategy, stances and themes.

Every type wraps the `Description` of one resource (what the graph states about it) and reads
its fields from it; relations to other resources go through the request's DataLoaders. Lists
a resource states itself (a stance's themes) are plain lists; lists of what points to it (an
actor's stances) can grow without bound, so they are Relay connections.
"""

from __future__ import annotations

import datetime  # noqa: F401  (named by string annotations of the field factories)
from collections.abc import Iterable, Sequence
from enum import Enum
from typing import TYPE_CHECKING, Any, TypeVar, cast

import strawberry
from strawberry.types import Info

from api.graphql.connection import (  # noqa: F401
    MAX_PAGE,
    After,
    Connection,
    First,
    connection,
    paging,
)
from api.graphql.context import IncomingKey, RequestContext
from api.graphql.fields import Lang, incoming, many, one, plain, text, texts  # noqa: F401
from api.graphql.fields import date as date_field
from kg.namespaces import Namespaces
from kg.relations import Description, Window

if TYPE_CHECKING:
    pass

K = TypeVar("K", bound=Enum)
LABEL = ("skos:prefLabel", "foaf:name", "dcterms:title", "rdfs:label")


def class_of(kind: Enum) -> str:
    """The ontology class (a CURIE) an enum member of ours stands for."""
    return cast(str, kind.value)


def request(info: Info) -> RequestContext:
    return cast(RequestContext, info.context)


@strawberry.interface(description="Anything in the graph, identified by its IRI.")
class Node:
    about: strawberry.Private[Description]
    ns: strawberry.Private[Namespaces]

    @strawberry.field(description="The resource's IRI: its global and stable identifier.")
    def id(self) -> strawberry.ID:
        return strawberry.ID(self.about.iri)

    @strawberry.field(
        description="The IRI in short form (`actor:uppsala-kommun`), where it has one."
    )
    def curie(self) -> str:
        return self.ns.compact(self.about.iri)

    label = text(*LABEL, description="The resource's name, title or label.")

    @strawberry.field(
        description="The classes the resource belongs to, as IRIs.",
        metadata={"predicates": ("rdf:type",), "inverse": False},
    )
    def types(self) -> list[str]:
        return sorted(self.about.types)

    sources = many(
        "dcterms:source",
        returns="Document",
        description="Provenance: the documents that state what the graph says about this resource.",
    )

    def expand(self, curies: Iterable[str]) -> list[str]:
        return [self.ns.iri(curie) for curie in curies]

    async def follow(self, info: Info, predicates: str | Sequence[str], returns: str) -> list[Any]:
        curies = (predicates,) if isinstance(predicates, str) else predicates
        return await resolve_all(info, self.about.links(*self.expand(curies)), returns)

    async def followers(
        self,
        info: Info,
        predicates: Sequence[str],
        returns: str,
        of_class: str | None,
        first: int | None,
        after: str | None,
    ) -> Connection[Any]:
        window = paging(first, after).window
        key = IncomingKey(
            tuple(self.expand(predicates)),
            self.about.iri,
            self.expand([of_class])[0] if of_class else None,
            window,
        )
        page = await request(info).pointing_to(key)
        items = await resolve_all(info, page.items, returns)
        return connection(items, total=page.total, offset=page.offset)


async def resolve_all(info: Info, iris: Sequence[str], returns: str) -> list[Any]:
    """The resources named by `iris` as GraphQL objects, keeping those of type `returns`."""
    wanted = globals()[returns]
    context = request(info)
    context.spend(len(iris))
    descriptions = await context.describe(iris)
    objects = [wrap(d, context.namespaces) for d in descriptions]
    return [o for o in objects if isinstance(o, wanted)]


# --------------------------------------------------------------------------------------------
# Actors
# --------------------------------------------------------------------------------------------


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
        returns="Stance",
        description="The stances the actor takes, each with its quote and source document.",
    )
    memberships = many(
        "org:memberOf", returns="Organization", description="What the actor is a member of."
    )
    groups = incoming(
        "lsk:includes",
        returns="Organization",
        description="Groups of actors that include this one.",
    )
    documents_authored = incoming(
        "dcterms:creator", returns="Document", description="Documents the actor wrote or issued."
    )
    documents_signed = incoming(
        "lsk:signatory", returns="Document", description="Documents the actor signed."
    )
    documents_presented = incoming(
        "lsk:presentedBy",
        returns="Document",
        description="Documents the actor presented (föredragande).",
    )
    documents_received = incoming(
        "lsk:addressedTo", returns="Document", description="Documents addressed to the actor."
    )
    consultations_issued = incoming(
        "lsk:issuedBy", returns="Consultation", description="Consultations the actor sent out."
    )
    consultations_received = incoming(
        "lsk:consultee",
        returns="Consultation",
        description="Consultations the actor was asked to answer.",
    )
    founded = incoming(
        "lsk:foundedBy", returns="Organization", description="Organisations the actor founded."
    )
    decisions = incoming(
        "lsk:decisionMaker", returns="Decision", description="Decisions the actor made."
    )
    decisions_proposed = incoming(
        "lsk:proposedBy", returns="Decision", description="Decisions the actor proposed."
    )
    strategies_adopted = incoming(
        "lsk:adoptedBy",
        "lsk:decidedBy",
        returns="Document",
        description="Strategies the actor adopts or decides on.",
    )
    meetings = incoming(
        "lsk:attendedBy", returns="Meeting", description="Meetings the actor attended."
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
        "org:unitOf", returns="Organization", description="The organisation this unit is part of."
    )
    units = incoming(
        "org:unitOf", returns="Organization", description="The units of this organisation."
    )
    parent_company = one(
        "lsk:subsidiaryOf", returns="Organization", description="The company that owns this one."
    )
    subsidiaries = incoming(
        "lsk:subsidiaryOf", returns="Organization", description="Companies this one owns."
    )
    members = incoming(
        "org:memberOf", returns="Actor", description="The members of this organisation."
    )
    includes = many("lsk:includes", returns="Actor", description="The actors this group includes.")
    founders = many("lsk:foundedBy", returns="Actor", description="Who founded the organisation.")
    posts = incoming(
        "org:postIn", returns="Post", description="Posts (positions) in the organisation."
    )
    leads = many("lsk:leads", returns="Node", description="What the organisation leads.")
    located_in = many("lsk:locatedIn", returns="Node", description="Where the organisation is.")
    brands = incoming("lsk:brandOf", returns="Node", description="Brands the organisation carries.")

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
        return cast(list[Person], await resolve_all(info, list(holders), "Person"))


@strawberry.type(description="A person named in the sources: a politician, official or signatory.")
class Person(Actor):
    posts = incoming("org:heldBy", returns="Post", description="The posts the person holds.")
    documents_handled = incoming(
        "lsk:handledBy",
        returns="Document",
        description="Documents the person handled (handläggare).",
    )


@strawberry.type(description="A post (position) in an organisation, such as borgarråd.")
class Post(Node):
    organization = one(
        "org:postIn", returns="Organization", description="The organisation the post is in."
    )
    held_by = many("org:heldBy", returns="Person", description="Who holds the post.")
    documents_signed = incoming(
        "lsk:signatoryPost", returns="Document", description="Documents signed in this post."
    )


# --------------------------------------------------------------------------------------------
# Documents
# --------------------------------------------------------------------------------------------


@strawberry.enum(description="Kinds of document, after the ontology's classes.")
class DocumentKind(Enum):
    STRATEGY = strawberry.enum_value("lsk:Strategy", description="A strategy.")
    CONSULTATION_REQUEST = strawberry.enum_value(
        "lsk:ConsultationRequest", description="A request for comments (remiss)."
    )
    CONSULTATION_RESPONSE = strawberry.enum_value(
        "lsk:ConsultationResponse", description="An answer to a consultation (remissvar, yttrande)."
    )
    MEMORANDUM = strawberry.enum_value(
        "lsk:Memorandum", description="A memorandum or official report (PM, tjänsteutlåtande)."
    )
    LETTER_OF_INTENT = strawberry.enum_value(
        "lsk:LetterOfIntent", description="A letter of intent (avsiktsförklaring)."
    )
    POLICY_DOCUMENT = strawberry.enum_value(
        "lsk:PolicyDocument", description="Another policy document (a plan or programme)."
    )
    DOCUMENT = strawberry.enum_value("lsk:Document", description="Any other document.")


@strawberry.type(
    description="A document: the strategy, a consultation request, a statement, a memo."
)
class Document(Node):
    @strawberry.field(description="The kind of document.")
    def kind(self) -> DocumentKind:
        return kind_of(self, DocumentKind, DocumentKind.DOCUMENT)

    title = text("dcterms:title", "rdfs:label", description="The document's title.")
    alternative_title = text(
        "dcterms:alternative", description="Another title, such as a PM heading."
    )
    document_type = text("lsk:documentType", description="The type the document gives itself.")
    case_number = plain("lsk:caseNumber", description="The case number (diarienummer).")
    recipient_case_number = plain(
        "lsk:recipientCaseNumber", description="The case number the recipient gave the matter."
    )
    date = date_field("dcterms:date", description="The document's date.")
    deadline = date_field("lsk:deadline", description="When an answer was due.")
    extended_deadline = date_field(
        "lsk:extendedDeadline", description="The deadline after an extension."
    )
    language = plain("dcterms:language", description="The document's language (ISO 639-1).")
    creators = many(
        "dcterms:creator", returns="Actor", description="Who wrote or issued the document."
    )
    signatories = many("lsk:signatory", returns="Actor", description="Who signed the document.")
    signatory_posts = many("lsk:signatoryPost", returns="Post", description="The posts signed in.")
    presented_by = many(
        "lsk:presentedBy", returns="Actor", description="Who presented the document."
    )
    handled_by = many(
        "lsk:handledBy", returns="Person", description="Who handled it (handläggare)."
    )
    addressed_to = many(
        "lsk:addressedTo", returns="Actor", description="Whom the document is addressed to."
    )
    responds_to = many(
        "lsk:respondsTo",
        returns="Node",
        description="The consultation or document this one answers.",
    )
    part_of = one(
        "dcterms:isPartOf", returns="Document", description="The document this one is part of."
    )
    parts = incoming(
        "dcterms:isPartOf", returns="Document", description="Documents that are part of this one."
    )
    attachments = many(
        "lsk:hasAttachment", returns="Attachment", description="The numbered attachments (bilagor)."
    )
    attached_as = incoming(
        "lsk:attachedDocument",
        returns="Attachment",
        description="Where this document is attached to another.",
    )
    references = many(
        "dcterms:references", returns="Node", description="What the document refers to."
    )
    related = many(
        "dcterms:relation", returns="Node", description="Resources the document relates to."
    )
    based_on = many("lsk:basedOn", returns="Document", description="Documents this one builds on.")
    complements = many(
        "lsk:complements", returns="Document", description="Documents this one complements."
    )
    alternate_of = many(
        "prov:alternateOf", returns="Document", description="Other versions of the same document."
    )
    generated_by = many(
        "prov:wasGeneratedBy",
        returns="Consultation",
        description="The consultation this document was sent in.",
    )
    signed_at = one(
        "lsk:signedAt", returns="Meeting", description="The meeting where it was signed."
    )
    stances = incoming(
        "dcterms:source",
        of_class="lsk:Stance",
        returns="Stance",
        description="The stances this document states.",
    )
    stances_on = incoming(
        "lsk:target", returns="Stance", description="The stances taken on this document as a whole."
    )
    responses = incoming(
        "lsk:respondsTo", returns="Document", description="Documents answering this one."
    )
    consultations = incoming(
        "lsk:consultationOn", returns="Consultation", description="Consultations on this document."
    )
    decisions = incoming(
        "lsk:adopts", returns="Decision", description="Decisions adopting this document."
    )
    sections = incoming(
        "lsk:sectionOf", returns="Section", description="The strategy's sections (all levels)."
    )
    aspects = incoming(
        "lsk:sectionOf",
        of_class="lsk:Aspect",
        returns="Section",
        description="The strategy's aspects.",
    )
    purpose = text("lsk:purpose", description="The document's stated purpose (syfte).")
    goal = text("lsk:goal", description="The document's goal (mål).")
    vision = text("lsk:vision", description="The document's vision.")
    desired_effects = texts("lsk:desiredEffect", description="The effects the strategy seeks.")
    validity = text("lsk:validity", description="How long the document applies (giltighetstid).")
    review_interval = plain(
        "lsk:reviewInterval", description="How often it is reviewed (xsd:duration)."
    )
    adopted_by = many("lsk:adoptedBy", returns="Actor", description="Who is to adopt it.")
    decided_by = many("lsk:decidedBy", returns="Actor", description="Who decides on it.")
    content_owner = many("lsk:contentOwner", returns="Node", description="Who owns the content.")
    reviewed_by = many("lsk:reviewedBy", returns="Node", description="Who reviews it.")
    binding_note = text(
        "lsk:bindingNote", description="What the document says about being binding."
    )

    @strawberry.field(
        description="Whether the document binds its parties (letters of intent).",
        metadata={"predicates": ("lsk:isBinding",), "inverse": False},
    )
    def is_binding(self) -> bool | None:
        values = self.about.literals(*self.expand(["lsk:isBinding"]))
        return values[0].value in ("true", "1") if values else None

    @strawberry.field(
        description="Provenance: the file in ../shared/seeds the document was read from.",
        metadata={"predicates": ("lsk:sourceText", "lsk:fileName"), "inverse": False},
    )
    async def source_file(self, info: Info) -> str | None:
        sources = self.about.links(*self.expand(["lsk:sourceText"]))
        if not sources:
            return None
        (described,) = await request(info).describe(sources[:1])
        return described.text(*self.expand(["lsk:fileName"]), lang="")


@strawberry.type(description="A numbered attachment (bilaga) of a document.")
class Attachment(Node):
    number = plain("lsk:attachmentNumber", description="The attachment's number.")
    case_number = plain("lsk:caseNumber", description="The attachment's case number.")
    document = one("lsk:attachedDocument", returns="Document", description="The document attached.")
    attached_to = incoming(
        "lsk:hasAttachment", returns="Document", description="The document it is attached to."
    )


# --------------------------------------------------------------------------------------------
# The strategy
# --------------------------------------------------------------------------------------------


@strawberry.enum(description="Kinds of strategy section.")
class SectionKind(Enum):
    ASPECT = strawberry.enum_value("lsk:Aspect", description="One of the strategy's aspects.")
    DEVELOPMENT_AREA = strawberry.enum_value(
        "lsk:DevelopmentArea", description="A development area (utvecklingsområde) under an aspect."
    )
    SECTION = strawberry.enum_value(
        "lsk:StrategySection", description="Any other numbered section."
    )


@strawberry.type(
    description="A numbered section of a strategy: an aspect, a development area, a chapter."
)
class Section(Node):
    @strawberry.field(description="The kind of section.")
    def kind(self) -> SectionKind:
        return kind_of(self, SectionKind, SectionKind.SECTION)

    notation = plain("skos:notation", description="The section's number, such as 3.2.")
    alternative_labels = texts("skos:altLabel", description="Other names of the section.")
    strategy = one(
        "lsk:sectionOf", returns="Document", description="The strategy the section is in."
    )
    broader = one("skos:broader", returns="Section", description="The section this one is under.")
    narrower = incoming(
        "skos:broader", returns="Section", description="The sections under this one."
    )
    development_areas = incoming(
        "skos:broader",
        of_class="lsk:DevelopmentArea",
        returns="Section",
        description="The development areas under this aspect.",
    )
    priorities = texts(
        "lsk:priority", description="The priorities (prioriteringar) of a development area."
    )
    stances = incoming(
        "lsk:target", returns="Stance", description="The stances taken on this section."
    )


# --------------------------------------------------------------------------------------------
# Stances and vocabularies
# --------------------------------------------------------------------------------------------


# Every predicate Stance.location reads, for the schema's check against the shapes.
QUOTE_LOCATION_PREDICATES = (
    "lsk:quotedFrom",
    "oa:hasSource",
    "lsk:fileName",
    "oa:hasSelector",
    "lsk:lineStart",
    "lsk:lineEnd",
    "oa:start",
    "oa:end",
    "oa:exact",
    "oa:prefix",
    "oa:suffix",
    "lsk:occurrence",
    "lsk:occurrences",
)


@strawberry.type(
    description="Where a stance's quote stands in its source text file: a Web Annotation "
    "specific resource with a text quote selector and a text position selector. Offsets count "
    "code points of the file read as UTF-8, from 0, end exclusive, so the file's text from "
    "`start` to `end` is `exact`."
)
class QuoteLocation:
    document: Document | None = strawberry.field(
        description="The document the quote is taken from (the stance's source document)."
    )
    file: str | None = strawberry.field(
        description="The source text file in ../shared/seeds the offsets count in."
    )
    line_start: int | None = strawberry.field(
        description="The line of the file the quote begins on, counting from 1."
    )
    line_end: int | None = strawberry.field(
        description="The line of the file the quote's last character is on, counting from 1."
    )
    start: int | None = strawberry.field(
        description="Offset of the quote's first character in the file (oa:start, from 0)."
    )
    end: int | None = strawberry.field(
        description="Offset just after the quote's last character (oa:end, exclusive)."
    )
    exact: str | None = strawberry.field(
        description="The file's exact characters from start to end, line breaks included "
        "(oa:exact); the stance's `quote` is this text with whitespace normalised."
    )
    prefix: str | None = strawberry.field(
        description="The characters of the file just before the quote (oa:prefix)."
    )
    suffix: str | None = strawberry.field(
        description="The characters of the file just after the quote (oa:suffix)."
    )
    occurrence: int | None = strawberry.field(
        description="Where the quote occurs more than once in the file: which occurrence "
        "this is, counting from 1 (chosen by the stance's place in its document)."
    )
    occurrences: int | None = strawberry.field(
        description="Where the quote occurs more than once in the file: how many times."
    )


# The predicates linking a stance to a position; each is a polarity.
POSITION_LINKS = ("lsk:argues", "lsk:arguesAgainst")


@strawberry.enum(description="Whether a stance argues for or against a position.")
class Polarity(Enum):
    FOR = strawberry.enum_value("lsk:argues", description="The stance argues the position.")
    AGAINST = strawberry.enum_value(
        "lsk:arguesAgainst", description="The stance argues against the position."
    )


@strawberry.type(
    description="A point that one or more actors argue, such as building on existing "
    "structures rather than new parallel ones. Positions are the curator's grouping of "
    "stances, not something the sources state; every stance linked to one keeps its quote."
)
class Position(Node):
    definition = text("skos:definition", description="What the position holds.")
    scope_note = text("skos:scopeNote", description="Which stances the position groups.")
    curator_note = text(
        "lsk:curatorNote",
        description="Provenance: the curator's note that the grouping is an inference.",
    )
    stances = incoming(
        *POSITION_LINKS,
        returns="Stance",
        description="The stances arguing for or against the position (each says which in "
        "`positions`).",
    )

    @strawberry.field(
        description="The actors whose stances argue for or against the position.",
        metadata={"predicates": (*POSITION_LINKS, "prov:wasAttributedTo"), "inverse": True},
    )
    async def actors(self, info: Info) -> list[Actor]:
        key = IncomingKey(
            tuple(self.expand(POSITION_LINKS)), self.about.iri, None, Window(0, MAX_PAGE)
        )
        page = await request(info).pointing_to(key)
        stances = await resolve_all(info, page.items, "Stance")
        who = [
            iri
            for stance in stances
            for iri in stance.about.links(self.ns.iri("prov:wasAttributedTo"))
        ]
        return cast(list[Actor], await resolve_all(info, list(dict.fromkeys(who)), "Actor"))


@strawberry.type(description="A position a stance argues, and whether for or against it.")
class ArguedPosition:
    polarity: Polarity = strawberry.field(description="For or against.")
    position: Position = strawberry.field(description="The position argued.")


@strawberry.type(
    description="A position an actor takes in a document: it welcomes, supports, proposes, "
    "stresses, notes or opposes something, in the document's own words."
)
class Stance(Node):
    actor = one("prov:wasAttributedTo", returns="Actor", description="Who takes the stance.")
    type = one(
        "lsk:stanceType", returns="Concept", description="The type of stance (welcomes, opposes…)."
    )
    verb = text("lsk:verb", description="The verb the document uses (välkomnar, ser positivt på…).")
    quote = text("lsk:quote", description="Provenance: the stance in the document's exact words.")
    document = one(
        "dcterms:source", returns="Document", description="Provenance: the document stating it."
    )
    cited_section = plain("lsk:citedSection", description="Where in the document the quote is.")
    targets = many(
        "lsk:target",
        returns="Node",
        description="What the stance is on: the strategy or a section.",
    )
    themes = many(
        "lsk:theme", returns="Concept", description="The cross-cutting themes it touches."
    )
    derived_from = many(
        "prov:wasDerivedFrom",
        returns="Stance",
        description="The stances this one adopts or restates.",
    )
    derivations = incoming(
        "prov:wasDerivedFrom",
        returns="Stance",
        description="Stances that adopt or restate this one.",
    )

    @strawberry.field(
        description="The positions the stance argues for or against, as the curator grouped "
        "the stances (lsk:argues, lsk:arguesAgainst): an inference, not the source's words.",
        metadata={"predicates": POSITION_LINKS, "inverse": False},
    )
    async def positions(self, info: Info) -> list[ArguedPosition]:
        argued: list[ArguedPosition] = []
        for polarity in Polarity:
            found = await self.follow(info, class_of(polarity), "Position")
            argued.extend(ArguedPosition(polarity=polarity, position=p) for p in found)
        return argued

    @strawberry.field(
        description="Provenance: where the quote stands in its source text file, as the Web "
        "Annotation selectors give it (document, file, lines, offsets and the exact text).",
        metadata={"predicates": QUOTE_LOCATION_PREDICATES, "inverse": False},
    )
    async def location(self, info: Info) -> QuoteLocation | None:
        context = request(info)
        expand = self.ns.iri
        found = self.about.links(expand("lsk:quotedFrom"))
        if not found:
            return None
        # The span, then its source text and selectors in one go: two batched store queries
        # for all the stances of a page.
        context.spend(1)
        (span,) = await context.describe(found[:1])
        sources = span.links(expand("oa:hasSource"))[:1]
        wanted = [*sources, *span.links(expand("oa:hasSelector"))]
        context.spend(len(wanted))
        described = await context.describe(wanted)
        source, selectors = (described[0], described[1:]) if sources else (None, described)
        documents = await self.follow(info, "dcterms:source", "Document")

        def number(about: Description | None, curie: str) -> int | None:
            values = about.literals(expand(curie)) if about is not None else []
            return int(values[0].value) if values else None

        def string(about: Description | None, curie: str) -> str | None:
            values = about.literals(expand(curie)) if about is not None else []
            return values[0].value if values else None

        def selector(curie: str) -> Description | None:
            return next((d for d in selectors if expand(curie) in d.types), None)

        quote, position = selector("oa:TextQuoteSelector"), selector("oa:TextPositionSelector")
        return QuoteLocation(
            document=documents[0] if documents else None,
            file=string(source, "lsk:fileName"),
            line_start=number(span, "lsk:lineStart"),
            line_end=number(span, "lsk:lineEnd"),
            start=number(position, "oa:start"),
            end=number(position, "oa:end"),
            exact=string(quote, "oa:exact"),
            prefix=string(quote, "oa:prefix"),
            suffix=string(quote, "oa:suffix"),
            occurrence=number(span, "lsk:occurrence"),
            occurrences=number(span, "lsk:occurrences"),
        )


@strawberry.type(
    description="A concept of a vocabulary: a stance type, a theme or a decision status."
)
class Concept(Node):
    alternative_labels = texts("skos:altLabel", description="Other words for the concept.")
    definition = text("skos:definition", description="What the concept means.")
    notation = plain("skos:notation", description="The concept's code, where it has one.")
    scheme = many(
        "skos:inScheme", returns="Node", description="The vocabulary the concept belongs to."
    )
    polarity = one(
        "lsk:polarity",
        returns="Concept",
        description="Whether the stance type is positive, neutral or negative.",
    )
    stances = incoming(
        "lsk:stanceType",
        "lsk:theme",
        returns="Stance",
        description="The stances of this type, or on this theme.",
    )


# --------------------------------------------------------------------------------------------
# The consultation process
# --------------------------------------------------------------------------------------------


@strawberry.type(description="A consultation (remiss): a document sent out for answers.")
class Consultation(Node):
    case_number = plain("lsk:caseNumber", description="The consultation's case number.")
    issued_by = many("lsk:issuedBy", returns="Actor", description="Who sent it out.")
    consultees = many("lsk:consultee", returns="Actor", description="Who was asked to answer.")
    consultee_group = text(
        "lsk:consulteeGroup", description="How the sources describe who was asked."
    )
    on = many("lsk:consultationOn", returns="Document", description="The documents consulted on.")
    deadline = date_field("lsk:deadline", description="When answers were due.")
    informed_by = many(
        "prov:wasInformedBy",
        returns="Consultation",
        description="The consultation this one passes on.",
    )
    responses = incoming("lsk:respondsTo", returns="Document", description="The answers to it.")
    requests = incoming(
        "prov:wasGeneratedBy", returns="Document", description="The request documents sent with it."
    )


@strawberry.type(description="A decision, proposed or made, on a document.")
class Decision(Node):
    decision_text = texts(
        "lsk:decisionText", description="What is decided, in the decision's words."
    )
    status = one("lsk:decisionStatus", returns="Concept", description="Proposed, made or pending.")
    decision_maker = many("lsk:decisionMaker", returns="Actor", description="Who decides.")
    proposed_by = many("lsk:proposedBy", returns="Actor", description="Who proposes the decision.")
    adopts = many("lsk:adopts", returns="Document", description="The documents it adopts.")
    paragraph = plain("lsk:paragraph", description="The paragraph (§) of the minutes.")
    date = date_field("dcterms:date", description="The date of the decision.")
    note = text("skos:note", description="A curator's note on the decision.")


@strawberry.type(description="A meeting, such as the one where the letter of intent was signed.")
class Meeting(Node):
    date = date_field("dcterms:date", description="When the meeting took place.")
    attended_by = many("lsk:attendedBy", returns="Actor", description="Who attended.")
    documents_signed = incoming(
        "lsk:signedAt", returns="Document", description="Documents signed there."
    )


@strawberry.type(description="Any other resource: a place, a brand, a vocabulary, a source text.")
class Resource(Node):
    brand_of = many(
        "lsk:brandOf", returns="Organization", description="The organisation a brand belongs to."
    )
    file_name = plain("lsk:fileName", description="A source text's file name in ../shared/seeds.")


# --------------------------------------------------------------------------------------------
# Choosing the GraphQL type of a resource
# --------------------------------------------------------------------------------------------

_DOCUMENT_CLASSES = (*(class_of(kind) for kind in DocumentKind), "foaf:Document")
_ORGANIZATION_CLASSES = (
    *(class_of(kind) for kind in ActorKind if kind is not ActorKind.PERSON),
    "org:Organization",
    "org:OrganizationalUnit",
    "foaf:Organization",
)
# The first entry whose classes the resource has decides its type.
_TYPE_BY_CLASS: tuple[tuple[tuple[str, ...], type[Node]], ...] = (
    (("lsk:Stance",), Stance),
    (("lsk:Position",), Position),
    (("foaf:Person",), Person),
    (("org:Post",), Post),
    (_DOCUMENT_CLASSES, Document),
    (("lsk:Attachment",), Attachment),
    (tuple(class_of(kind) for kind in SectionKind), Section),
    (("lsk:Consultation",), Consultation),
    (("lsk:Decision",), Decision),
    (("lsk:Meeting",), Meeting),
    (("skos:Concept",), Concept),
    (_ORGANIZATION_CLASSES, Organization),
)


def wrap(description: Description, namespaces: Namespaces) -> Node:
    """The GraphQL object for a described resource, by the classes it has."""
    compact = {namespaces.compact(t) for t in description.types}
    for classes, graphql_type in _TYPE_BY_CLASS:
        if compact.intersection(classes):
            return graphql_type(about=description, ns=namespaces)
    return Resource(about=description, ns=namespaces)


def kind_of(node: Node, kinds: type[K], default: K) -> K:
    """The first member of the enum `kinds` whose class the resource has."""
    compact = {node.ns.compact(t) for t in node.about.types}
    return next((kind for kind in kinds if class_of(kind) in compact), default)
