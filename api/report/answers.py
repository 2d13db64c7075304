"""The API's answers as the report's values: a stance with its citation, the consultation with
its answers, the summary table; each list in an order of its own, so the report is the same
for the same graph whatever order a store returns rows in."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from api.report.model import (
    Answer,
    Argued,
    Citation,
    Consultation,
    Counts,
    Extension,
    Polarity,
    Ref,
    Side,
    Stance,
    SummaryTable,
)

POLARITIES = {f"stype:{p.value}": p for p in Polarity}


def stance_from(node: dict[str, Any]) -> Stance:
    location = node["location"] or {}
    document = node["document"] or {}
    polarity = (node["type"] or {}).get("polarity") or {}
    return Stance(
        key=node["id"].rstrip("/").rsplit("/", 1)[-1],
        id=node["id"],
        curie=node["curie"],
        actor=ref_from(node["actor"]),
        type=Ref(node["type"]["id"], node["type"]["label"] or node["type"]["id"]),
        polarity=POLARITIES.get(polarity.get("curie", ""), Polarity.NEUTRAL)
        if polarity
        else Polarity.NEUTRAL,
        verb=node["verb"],
        quote=node["quote"] or "",
        targets=tuple(sorted((ref_from(t) for t in node["targets"]), key=lambda r: r.id)),
        positions=tuple(
            sorted(
                (
                    Argued(Ref(p["position"]["id"], p["position"]["label"]), Side(p["polarity"]))
                    for p in node["positions"]
                ),
                key=lambda a: (a.position.label.casefold(), a.side.value),
            )
        ),
        citation=Citation(
            document=ref_from(document) if document else Ref("", ""),
            case_number=document.get("caseNumber"),
            date=(document.get("date") or {}).get("value"),
            file=location.get("file"),
            line_start=location.get("lineStart"),
            line_end=location.get("lineEnd"),
            start=location.get("start"),
            end=location.get("end"),
            cited_section=node["citedSection"],
        ),
    )


def ref_from(node: dict[str, Any]) -> Ref:
    label = node.get("displayLabel") or node.get("label") or node["id"]
    return Ref(node["id"], label, node.get("__typename", ""))


def appendix_order(stance: Stance) -> tuple[Any, ...]:
    c = stance.citation
    return (
        stance.actor.label.casefold(),
        stance.actor.id,
        c.document.label.casefold(),
        c.document.id,
        c.line_start if c.line_start is not None else 1 << 40,
        c.start if c.start is not None else 1 << 40,
        stance.key,
    )


def consultation_from(facts: dict[str, Any]) -> Consultation:
    responses = facts["responses"]["nodes"]
    labels = {node["id"]: ref_from(node).label for node in responses}
    extensions = tuple(
        Extension(
            Ref(e["response"]["id"], labels.get(e["response"]["id"], e["response"]["id"])),
            (e["deadline"] or {}).get("value"),
            (e["extendedDeadline"] or {}).get("value"),
        )
        for e in sorted(facts["deadlineExtensions"], key=lambda e: e["response"]["id"])
    )
    extended = {e.answer.id: e.extended_deadline for e in extensions}
    answers = [
        Answer(
            ref=ref_from(node),
            curie=node["curie"],
            document_type=node["documentType"],
            case_number=node["caseNumber"],
            date=(node["date"] or {}).get("value"),
            status=(node["status"] or {}).get("label"),
            creators=by_name(ref_from(c) for c in node["creators"]),
            stance_count=node["stances"]["totalCount"],
            extended_deadline=extended.get(node["id"]),
        )
        for node in responses
    ]
    answers.sort(
        key=lambda a: (
            a.creators[0].label.casefold() if a.creators else "",
            a.date or "",
            a.ref.label.casefold(),
            a.ref.id,
        )
    )
    return Consultation(
        ref=ref_from(facts),
        curie=facts["curie"],
        case_number=facts["caseNumber"],
        deadline=(facts["deadline"] or {}).get("value"),
        issued_by=by_name(ref_from(a) for a in facts["issuedBy"]),
        consultees=by_name(ref_from(a) for a in facts["consultees"]),
        consultee_group=facts["consulteeGroup"],
        sent=by_name(ref_from(d) for d in facts["on"]),
        informed_by=by_name(ref_from(d) for d in facts["informedBy"]),
        triggered=by_name(ref_from(c) for c in facts["triggered"]["nodes"]),
        extensions=extensions,
        answers=tuple(answers),
    )


def by_name(refs: Iterable[Ref]) -> tuple[Ref, ...]:
    unique = {ref.id: ref for ref in refs}
    return tuple(sorted(unique.values(), key=lambda r: (r.label.casefold(), r.id)))


def summary_from(matrix: dict[str, Any] | None, version: Ref) -> SummaryTable:
    if matrix is None:
        return SummaryTable((), (), 0, 0)
    columns = tuple(
        (c["node"].get("notation"), Ref(c["node"]["id"], c["node"]["label"] or c["node"]["id"]))
        for c in matrix["columns"]
    )
    cells = {(c["actorId"], c["columnId"]): c for c in matrix["cells"]}
    rows = []
    for row in matrix["rows"]:
        actor = ref_from(row["actor"])
        counts = []
        for _, column in columns:
            cell = cells.get((actor.id, column.id))
            counts.append(
                Counts(cell["positive"], cell["neutral"], cell["negative"]) if cell else None
            )
        rows.append((actor, tuple(counts)))
    return SummaryTable(columns, tuple(rows), matrix["stanceCount"], matrix["outsideCount"])
