"""The consultation pages: the remisses with the timeline from the 2024 letter of intent to the
2026 answers (/explore/consultation), and one consultation at its IRI, with who answered and
the internal chain behind each answer: the office's memo, the board's decision, the answer.

What the chain is made of is what the graph models: an answer attached to a memo (the office's
draft, `attachedAs`), the decision adopting the answer (`decisions`: who decides, who proposes)
and the internal answers that are parts of the memo (`partOf`). A response that is itself a
step of another's chain (the memo that also answers) is shown there, not twice.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import Response

from api.explorer.graphql_source import PageQueryFailed
from api.explorer.kit import PageKit
from api.explorer.rendering import page_language

WORDS = {
    "sv": {
        "consultations.title": "Remissen",
        "consultations.intro": (
            "Regionernas remisser av strategin och kommunernas egna, interna remisser, och "
            "allt som hänt, från avsiktsförklaringen 2024 till svaren 2026."
        ),
        "consultations.list": "Remisserna",
        "consultations.none": "Grafen har inga remisser.",
        "consultation.issued": "Utfärdad av",
        "consultation.report": "Remissammanställning, ett utkast ur grafen",
        "consultation.case": "Diarienummer",
        "consultation.on": "Remissen gäller",
        "consultation.version_of": "version av",
        "consultation.requests": "Remissbrev",
        "consultation.consultees": "Remissinstanser",
        "consultation.group": "Remissen sändes till",
        "consultation.deadline": "Svarstid",
        "consultation.no_deadline": "ingen svarstid angiven",
        "consultation.extensions": "Förlängd svarstid",
        "consultation.extension": "{response}: från {before} till {after}",
        "consultation.informed_by": "Skickades vidare från",
        "consultation.triggered": "Skickades vidare i",
        "consultation.answers": "Svar",
        "consultation.answers.count": "{count} svar",
        "consultation.answers.none": "Grafen har inga svar på remissen.",
        "consultation.answers.intro": (
            "Varje svar med vägen dit: förvaltningens underlag, beslutet i nämnden eller "
            "styrelsen och svaret som lämnades."
        ),
        "step.office": "Förvaltningens underlag",
        "step.board": "Beslut",
        "step.answer": "Svaret",
        "step.parts": "Underlaget innehåller",
        "step.attachment": "bilaga {number}",
        "step.presented": "föredragen av {who}",
        "step.signed": "undertecknad av {who}",
        "step.decides": "{who} beslutar",
        "step.proposed": "på förslag av {who}",
        "step.undated": "odaterat",
        "step.addressed": "till {who}",
        "step.stances": "{count} ståndpunkter",
        "step.deadline": "svarstid {date}",
        "step.extended": "förlängd till {date}",
        "timeline.title": "Tidslinje",
        "timeline.intro": "Varje datum i grafen, i ordning: {count} händelser.",
        "timeline.by": "av {who}",
        "timeline.none": "Grafen har inga datum för remissen.",
        "event.LETTER_OF_INTENT": "Avsiktsförklaring",
        "event.DOCUMENT": "Dokument",
        "event.ANSWER": "Svar",
        "event.DECISION": "Beslut",
        "event.MEETING": "Möte",
        "event.DEADLINE": "Svarstid",
        "event.EXTENDED_DEADLINE": "Förlängd svarstid",
        "event.OTHER": "Datum",
        "months": "januari februari mars april maj juni juli augusti september oktober "
        "november december",
    },
    "en": {
        "consultations.title": "The consultation",
        "consultations.intro": (
            "The regions' consultations on the strategy and the municipalities' own internal "
            "ones, and everything that happened, from the 2024 letter of intent to the 2026 "
            "answers."
        ),
        "consultations.list": "The consultations",
        "consultations.none": "The graph holds no consultations.",
        "consultation.issued": "Issued by",
        "consultation.report": "Consultation report, a draft from the graph",
        "consultation.case": "Case number",
        "consultation.on": "Consulted on",
        "consultation.version_of": "a version of",
        "consultation.requests": "Request letter",
        "consultation.consultees": "Consultees",
        "consultation.group": "Sent to",
        "consultation.deadline": "Deadline",
        "consultation.no_deadline": "no deadline given",
        "consultation.extensions": "Extended deadlines",
        "consultation.extension": "{response}: from {before} to {after}",
        "consultation.informed_by": "Passed on from",
        "consultation.triggered": "Passed on in",
        "consultation.answers": "Answers",
        "consultation.answers.count": "{count} answers",
        "consultation.answers.none": "The graph holds no answers to this consultation.",
        "consultation.answers.intro": (
            "Each answer with how it came about: the office's draft, the board's decision "
            "and the answer given."
        ),
        "step.office": "The office's draft",
        "step.board": "Decision",
        "step.answer": "The answer",
        "step.parts": "The draft includes",
        "step.attachment": "attachment {number}",
        "step.presented": "presented by {who}",
        "step.signed": "signed by {who}",
        "step.decides": "{who} decides",
        "step.proposed": "proposed by {who}",
        "step.undated": "undated",
        "step.addressed": "to {who}",
        "step.stances": "{count} stances",
        "step.deadline": "deadline {date}",
        "step.extended": "extended to {date}",
        "timeline.title": "Timeline",
        "timeline.intro": "Every date in the graph, in order: {count} events.",
        "timeline.by": "by {who}",
        "timeline.none": "The graph holds no dates for this consultation.",
        "event.LETTER_OF_INTENT": "Letter of intent",
        "event.DOCUMENT": "Document",
        "event.ANSWER": "Answer",
        "event.DECISION": "Decision",
        "event.MEETING": "Meeting",
        "event.DEADLINE": "Deadline",
        "event.EXTENDED_DEADLINE": "Extended deadline",
        "event.OTHER": "Date",
        "months": "January February March April May June July August September October "
        "November December",
    },
}


async def consultation_overview(kit: PageKit, request: Request) -> Response:
    try:
        answer = await kit.query(request, "consultations", {})
    except PageQueryFailed as failure:
        return kit.failed(request, failure)
    lang = page_language(request)
    found = answer.data["consultations"]["nodes"]
    events = answer.data["timeline"]
    return kit.render(
        request,
        "consultations.html",
        words=WORDS,
        consultations=_nested(found),
        events=[_event(event, lang) for event in events["nodes"]],
        event_count=events["totalCount"],
        shown=lambda value: shown_date(value, lang),
        phrase=phrase,
        graphiql=answer.graphiql,
    )


def _report_links(kit: PageKit, request: Request, iri: str) -> list[tuple[str, str]]:
    """(format's name, link) for the consultation's report (/report/<name>) in each format."""
    path = "/report/" + iri.rstrip("/").rsplit("/", 1)[-1]
    links = kit.links(request)
    return [
        (name, links.page(path, format=None if form == "html" else form))
        for name, form in (("HTML", "html"), ("PDF", "pdf"), ("Word", "docx"), ("Markdown", "md"))
    ]


async def consultation_page(kit: PageKit, request: Request, iri: str) -> Response:
    try:
        answer = await kit.query(request, "consultation", {"id": iri})
    except PageQueryFailed as failure:
        return kit.failed(request, failure)
    lang = page_language(request)
    consultation = answer.data["consultation"]
    responses = consultation["responses"]["nodes"]
    mentioned = _mentioned(consultation)
    events = [e for e in answer.data["timeline"]["nodes"] if e["node"]["id"] in mentioned]
    return kit.render(
        request,
        "consultation.html",
        words=WORDS,
        consultation=consultation,
        answerers=_by_answerer(responses),
        answer_count=consultation["responses"]["totalCount"],
        events=[_event(event, lang) for event in events],
        shown=lambda value: shown_date(value, lang),
        phrase=phrase,
        report=_report_links(kit, request, consultation["id"]),
        graphiql=answer.graphiql,
    )


def phrase(text: str, **values: object) -> Markup:
    """A page's words with links or dates put in: the words are the page's own, the values
    are escaped unless already markup (a macro's links)."""
    return Markup(text).format(**values)


def shown_date(value: str | None, lang: str) -> str:
    """A date as people write it, at its precision: `2024-06` is "juni 2024", not a day."""
    if not value:
        return ""
    parts = value.split("-")
    months = WORDS[lang]["months"].split()
    if len(parts) == 1:
        return parts[0]
    month = months[int(parts[1]) - 1]
    if len(parts) == 2:
        return f"{month} {parts[0]}"
    day = int(parts[2])
    return f"{day} {month} {parts[0]}"


def _event(event: dict[str, Any], lang: str) -> dict[str, Any]:
    """A timeline event with who it belongs to and its date as shown."""
    node = event["node"]
    who = node.get("creators") or node.get("decisionMaker") or node.get("issuedBy") or []
    return {**event, "who": who, "shown": shown_date(event["date"]["value"], lang)}


def _nested(consultations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The consultations as a tree: each internal one under the one it passes on."""
    ids = {c["id"] for c in consultations}
    children: dict[str, list[dict[str, Any]]] = defaultdict(list)
    roots = []
    for consultation in consultations:
        parents = [p["id"] for p in consultation["informedBy"] if p["id"] in ids]
        if parents:
            children[parents[0]].append(consultation)
        else:
            roots.append(consultation)

    def grown(consultation: dict[str, Any]) -> dict[str, Any]:
        return {**consultation, "children": [grown(c) for c in children[consultation["id"]]]}

    return [grown(root) for root in roots]


def _by_answerer(responses: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The answers grouped by who gave them, each with the steps that led to it. A response
    that is a step of another's chain (a memo the answer is attached to) is left out."""
    steps = {doc["id"] for r in responses for doc in _office_steps(r)}
    groups: dict[str, dict[str, Any]] = {}
    for response in responses:
        if response["id"] in steps:
            continue
        answerers = response["creators"] or [{"id": "", "displayLabel": "", "kind": ""}]
        for answerer in answerers:
            group = groups.setdefault(answerer["id"], {"actor": answerer, "answers": []})
            group["answers"].append({**response, "office": _office_steps(response)})
    return list(groups.values())


def _mentioned(consultation: dict[str, Any]) -> set[str]:
    """The resources the consultation's page names: their dates are its own timeline."""
    found = {consultation["id"]}
    found |= {doc["id"] for doc in consultation["requests"]["nodes"]}
    for response in consultation["responses"]["nodes"]:
        found.add(response["id"])
        found |= {d["id"] for d in response["decisions"]["nodes"]}
        for step in _office_steps(response):
            found.add(step["id"])
            found |= {part["id"] for part in (step.get("parts") or {}).get("nodes", [])}
    return found


def _office_steps(response: dict[str, Any]) -> list[dict[str, Any]]:
    """The office's documents behind an answer: the memos it is attached to, with the
    attachment's number, or the document it is part of."""
    found = []
    for attachment in response["attachedAs"]["nodes"]:
        for memo in attachment["attachedTo"]["nodes"]:
            found.append({**memo, "number": attachment["number"]})
    if response["partOf"]:
        found.append({**response["partOf"], "number": None, "parts": None})
    return found
