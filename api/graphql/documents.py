"""The GraphQL types of documents and their attachments (a strategy's sections and listed
points are in api.graphql.sections)."""

from __future__ import annotations

import inspect
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any, cast

import strawberry
from strawberry.types import Info

from api.graphql import refs
from api.graphql.connection import MAX_PAGE, After, Connection, First
from api.graphql.fields import date as date_field
from api.graphql.fields import incoming, many, one, plain, text
from api.graphql.lean import LEAN
from api.graphql.node import Node, kind_of, request, resolve_all
from api.graphql.prefetch import DESCRIBES, READS
from api.graphql.sections import point_resources, point_texts
from api.graphql.versions import (
    VERSION_PREDICATES,
    AcrossVersions,
    stances_on,
)

if TYPE_CHECKING:
    from api.graphql.actors import Actor
    from api.graphql.process import Decision
    from api.graphql.stances import Stance

# What the deprecated "who is to adopt / decide" fields read: the decisions adopting a
# document, their status and their makers (lsk:adoptedBy and lsk:decidedBy said of a draft that
# it had been decided, and are no longer in the data).
PROPOSED_DECISION_PREDICATES = ("lsk:adopts", "lsk:decisionStatus", "lsk:decisionMaker")
PROPOSED = "id/decision-status/proposed"
"""The proposed decision status, relative to the base IRI."""
DECISION_DEPRECATION = (
    "Use `decisions`: each decision names who makes it and whether it is taken or proposed."
)


async def proposed_decisions(node: Node, info: Info, *, adopting: bool) -> list[Decision]:
    """The proposed decisions adopting `node` (a document), or made by it (an actor)."""
    predicate = "lsk:adopts" if adopting else "lsk:decisionMaker"
    page = await node.followers(info, (predicate,), refs.Decision, None, MAX_PAGE, None)
    proposed = node.ns.base_iri + PROPOSED
    status = node.ns.iri("lsk:decisionStatus")
    return [e.node for e in page.edges if proposed in e.node.about.links(status)]


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


def _source_file(document: Node, info: Any) -> Any:
    """Document.sourceFile: its source text's file name, at once when the text's description
    was read ahead (api/graphql/prefetch.py), else a coroutine that describes it."""
    sources = document.about.links(*document.expand(["lsk:sourceText"]))
    if not sources:
        return None
    known = request(info).described_now(sources[:1])
    if known is None:
        return _source_file_later(document, info, sources[:1])
    return known[0].text(*document.expand(["lsk:fileName"]), lang="")


async def _source_file_later(document: Node, info: Any, sources: list[str]) -> str | None:
    (described,) = await request(info).describe(sources)
    return described.text(*document.expand(["lsk:fileName"]), lang="")


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
        "dcterms:creator", returns=refs.Actor, description="Who wrote or issued the document."
    )
    signatories = many("lsk:signatory", returns=refs.Actor, description="Who signed the document.")
    signatory_posts = many(
        "lsk:signatoryPost", returns=refs.Post, description="The posts signed in."
    )
    presented_by = many(
        "lsk:presentedBy", returns=refs.Actor, description="Who presented the document."
    )
    handled_by = many(
        "lsk:handledBy", returns=refs.Person, description="Who handled it (handläggare)."
    )
    addressed_to = many(
        "lsk:addressedTo", returns=refs.Actor, description="Whom the document is addressed to."
    )
    responds_to = many(
        "lsk:respondsTo",
        returns=refs.Node,
        description="The consultation or document this one answers.",
    )
    part_of = one(
        "dcterms:isPartOf", returns=refs.Document, description="The document this one is part of."
    )
    parts = incoming(
        "dcterms:isPartOf",
        returns=refs.Document,
        description="Documents that are part of this one.",
    )
    attachments = many(
        "lsk:hasAttachment",
        returns=refs.Attachment,
        description="The numbered attachments (bilagor).",
    )
    attached_as = incoming(
        "lsk:attachedDocument",
        returns=refs.Attachment,
        description="Where this document is attached to another.",
    )
    references = many(
        "dcterms:references", returns=refs.Node, description="What the document refers to."
    )
    related = many(
        "dcterms:relation", returns=refs.Node, description="Resources the document relates to."
    )
    based_on = many(
        "lsk:basedOn", returns=refs.Document, description="Documents this one builds on."
    )
    complements = many(
        "lsk:complements", returns=refs.Document, description="Documents this one complements."
    )
    alternate_of = many(
        "prov:alternateOf",
        returns=refs.Document,
        description="Other versions of the same document.",
    )
    version_of = one(
        "dcterms:isVersionOf",
        returns=refs.Document,
        description="The work this document is a version of (a rendering of the strategy).",
    )
    versions = many(
        "dcterms:hasVersion",
        returns=refs.Document,
        description="The versions of this work (the regions' renderings of the strategy).",
    )
    generated_by = many(
        "prov:wasGeneratedBy",
        returns=refs.Consultation,
        description="The consultation this document was sent in.",
    )
    signed_at = one(
        "lsk:signedAt", returns=refs.Meeting, description="The meeting where it was signed."
    )
    led_by = incoming(
        "lsk:leads",
        returns=refs.Actor,
        description="Who leads the work the document describes (Region Stockholm, for the "
        "letter of intent).",
    )
    stances = incoming(
        "dcterms:source",
        of_class="lsk:Stance",
        returns=refs.Stance,
        description="The stances this document states.",
    )

    @strawberry.field(
        description="The stances taken on this document as a whole; for a version of the "
        "strategy by default also those on the other versions of the same work.",
        metadata={"predicates": ("lsk:target", *VERSION_PREDICATES), "inverse": True},
    )
    async def stances_on(
        self,
        info: Info,
        across_versions: AcrossVersions = True,
        first: First = None,
        after: After = None,
    ) -> Connection[Annotated[Stance, strawberry.lazy("api.graphql.stances")]]:
        return await stances_on(
            self, info, across_versions=across_versions, first=first, after=after
        )

    responses = incoming(
        "lsk:respondsTo", returns=refs.Document, description="Documents answering this one."
    )
    consultations = incoming(
        "lsk:consultationOn",
        returns=refs.Consultation,
        description="Consultations on this document.",
    )
    roles = many(
        "lsk:assignsRole",
        returns=refs.Role,
        description="The roles the document gives named actors, in its own words.",
    )
    decisions = incoming(
        "lsk:adopts",
        returns=refs.Decision,
        description="The decisions, taken or proposed, that adopt this document: who has decided "
        "on it or is to decide (each decision's `status` says which).",
    )
    status = one(
        "lsk:documentStatus",
        returns=refs.Concept,
        description="Whether the document is a proposal (a draft or consultation version), "
        "adopted or superseded, from the document-status scheme.",
    )
    applies_to = many(
        "lsk:appliesTo",
        returns=refs.Actor,
        description="Whom the document applies to (gäller för), as its own header says.",
    )
    sections = incoming(
        "lsk:sectionOf", returns=refs.Section, description="The strategy's sections (all levels)."
    )
    aspects = incoming(
        "lsk:sectionOf",
        of_class="lsk:Aspect",
        returns=refs.Section,
        description="The strategy's aspects.",
    )
    purpose = text("lsk:purpose", description="The document's stated purpose (syfte).")
    goal = text("lsk:goal", description="The document's goal (mål).")
    vision = text("lsk:vision", description="The document's vision.")

    desired_effects = point_texts(
        "lsk:hasDesiredEffect",
        description="The effects the strategy seeks, as text, in the strategy's order "
        "(`desiredEffectConcepts` gives them as resources).",
    )
    desired_effect_concepts = point_resources(
        "lsk:hasDesiredEffect",
        description="The effects the strategy seeks, as resources, in the strategy's order: "
        "each with its IRI and the stances on it.",
    )

    validity = text("lsk:validity", description="How long the document applies (giltighetstid).")
    review_interval = plain(
        "lsk:reviewInterval", description="How often it is reviewed (xsd:duration)."
    )

    @strawberry.field(
        description="Who is to adopt the document: the makers of the proposed decisions "
        "adopting it (none of them taken).",
        deprecation_reason=DECISION_DEPRECATION,
        metadata={"predicates": PROPOSED_DECISION_PREDICATES, "inverse": True},
    )
    async def adopted_by(
        self, info: Info
    ) -> list[Annotated[Actor, strawberry.lazy("api.graphql.actors")]]:
        return await self._proposed_makers(info)

    @strawberry.field(
        description="Who is to decide on the document: the makers of the proposed decisions "
        "adopting it. It never meant that a decision was taken.",
        deprecation_reason=DECISION_DEPRECATION,
        metadata={"predicates": PROPOSED_DECISION_PREDICATES, "inverse": True},
    )
    async def decided_by(
        self, info: Info
    ) -> list[Annotated[Actor, strawberry.lazy("api.graphql.actors")]]:
        return await self._proposed_makers(info)

    async def _proposed_makers(self, info: Info) -> list[Actor]:
        maker = self.ns.iri("lsk:decisionMaker")
        decisions = await proposed_decisions(self, info, adopting=True)
        makers = [iri for d in decisions for iri in d.about.links(maker)]
        return await resolve_all(info, list(dict.fromkeys(makers)), refs.Actor)

    content_owner = many("lsk:contentOwner", returns=refs.Node, description="Who owns the content.")
    reviewed_by = many("lsk:reviewedBy", returns=refs.Node, description="Who reviews it.")
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
        metadata={
            "predicates": ("lsk:sourceText", "lsk:fileName"),
            "inverse": False,
            DESCRIBES: ("lsk:sourceText",),
            READS: ("lsk:sourceText",),
            LEAN: _source_file,
        },
    )
    async def source_file(self, info: Info) -> str | None:
        found = _source_file(self, info)
        return cast(str | None, await found if inspect.isawaitable(found) else found)


@strawberry.type(description="A numbered attachment (bilaga) of a document.")
class Attachment(Node):
    number = plain("lsk:attachmentNumber", description="The attachment's number.")
    case_number = plain("lsk:caseNumber", description="The attachment's case number.")
    document = one(
        "lsk:attachedDocument", returns=refs.Document, description="The document attached."
    )
    attached_to = incoming(
        "lsk:hasAttachment", returns=refs.Document, description="The document it is attached to."
    )
