"""The GraphQL types of documents, their attachments and the strategy's sections."""

from __future__ import annotations

from enum import Enum

import strawberry
from strawberry.types import Info

from api.graphql.fields import date as date_field
from api.graphql.fields import incoming, many, one, plain, text, texts
from api.graphql.node import Node, kind_of, request


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
