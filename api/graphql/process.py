"""The GraphQL types of the consultation process: consultations, decisions and meetings,
and `Resource` for anything else."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from api.graphql import refs
from api.graphql.connection import MAX_PAGE
from api.graphql.dates import PartialDate, partial_date
from api.graphql.documents import Document
from api.graphql.fields import date as date_field
from api.graphql.fields import incoming, many, one, plain, text, texts
from api.graphql.node import Node


@strawberry.type(description="A consultation (remiss): a document sent out for answers.")
class Consultation(Node):
    case_number = plain("lsk:caseNumber", description="The consultation's case number.")
    issued_by = many("lsk:issuedBy", returns=refs.Actor, description="Who sent it out.")
    consultees = many("lsk:consultee", returns=refs.Actor, description="Who was asked to answer.")
    consultee_group = text(
        "lsk:consulteeGroup", description="How the sources describe who was asked."
    )
    on = many(
        "lsk:consultationOn", returns=refs.Document, description="The documents consulted on."
    )
    deadline = date_field("lsk:deadline", description="When answers were due.")
    informed_by = many(
        "prov:wasInformedBy",
        returns=refs.Consultation,
        description="The consultation this one passes on (the one that triggered it).",
    )
    triggered = incoming(
        "prov:wasInformedBy",
        returns=refs.Consultation,
        description="The consultations this one triggered: the internal consultations passing "
        "it on (the city's to its companies).",
    )
    responses = incoming("lsk:respondsTo", returns=refs.Document, description="The answers to it.")
    requests = incoming(
        "prov:wasGeneratedBy",
        returns=refs.Document,
        description="The request documents sent with it.",
    )

    @strawberry.field(
        description="The extensions of the deadline granted to those answering, as their "
        "responses state them (lsk:extendedDeadline on the response).",
        metadata={
            "predicates": ("lsk:respondsTo", "lsk:deadline", "lsk:extendedDeadline"),
            "inverse": True,
        },
    )
    async def deadline_extensions(self, info: Info) -> list[DeadlineExtension]:
        page = await self.followers(info, ("lsk:respondsTo",), refs.Document, None, MAX_PAGE, None)
        deadline, extended = self.expand(["lsk:deadline", "lsk:extendedDeadline"])
        found = []
        for edge in page.edges:
            response = edge.node.about
            new = [d for t in response.literals(extended) if (d := partial_date(t)) is not None]
            if not new:
                continue
            own = response.literals(deadline) or self.about.literals(deadline)
            original = [d for t in own if (d := partial_date(t)) is not None]
            found.append(
                DeadlineExtension(
                    response=edge.node,
                    deadline=original[0] if original else None,
                    extended_deadline=new[0],
                )
            )
        return found


@strawberry.type(
    description="A deadline extended for one response: Uppsala kommun answered Region "
    "Uppsala's consultation by 9 April 2026 instead of 26 March."
)
class DeadlineExtension:
    response: Document = strawberry.field(description="The response given the extension.")
    deadline: PartialDate | None = strawberry.field(
        description="The deadline before the extension (the response's, else the consultation's)."
    )
    extended_deadline: PartialDate = strawberry.field(description="The deadline after it.")


@strawberry.type(description="A decision, proposed or made, on a document.")
class Decision(Node):
    decision_text = texts(
        "lsk:decisionText", description="What is decided, in the decision's words."
    )
    status = one(
        "lsk:decisionStatus", returns=refs.Concept, description="Proposed, made or pending."
    )
    decision_maker = many("lsk:decisionMaker", returns=refs.Actor, description="Who decides.")
    proposed_by = many(
        "lsk:proposedBy", returns=refs.Actor, description="Who proposes the decision."
    )
    adopts = many("lsk:adopts", returns=refs.Document, description="The documents it adopts.")
    paragraph = plain("lsk:paragraph", description="The paragraph (§) of the minutes.")
    date = date_field("dcterms:date", description="The date of the decision.")
    note = text("skos:note", description="A curator's note on the decision.")


@strawberry.type(description="A meeting, such as the one where the letter of intent was signed.")
class Meeting(Node):
    date = date_field("dcterms:date", description="When the meeting took place.")
    attended_by = many("lsk:attendedBy", returns=refs.Actor, description="Who attended.")
    documents_signed = incoming(
        "lsk:signedAt", returns=refs.Document, description="Documents signed there."
    )


@strawberry.type(
    description="A role a document gives a named actor, in the document's own words: the "
    "strategy gives Karolinska Institutet and Uppsala universitet a central role in carrying it "
    "out."
)
class Role(Node):
    holder = one("lsk:roleHolder", returns=refs.Actor, description="Who the role is given to.")
    role_text = text("lsk:roleText", description="The role, in the document's words.")
    assigned_by = incoming(
        "lsk:assignsRole", returns=refs.Document, description="The documents that give the role."
    )


@strawberry.type(description="Any other resource: a place, a brand, a vocabulary, a source text.")
class Resource(Node):
    brand_of = many(
        "lsk:brandOf", returns=refs.Organization, description="The organisation a brand belongs to."
    )
    file_name = plain("lsk:fileName", description="A source text's file name in ../shared/seeds.")
