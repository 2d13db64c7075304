"""Drafting a report: the consultation's facts and its answers' stances, read through the API
(api/report/queries), arranged section by section of the version sent (api/report/model.py).

Arranging is all it does. Each stance is placed on what it is on: a section of the version; a
section of another version aligned with one (skos:exactMatch, skos:closeMatch), which places it
on that one; the strategy as a whole (the version, its work or another version of it); or
anything else, which gets a part of its own. Every ordering is explicit, so the same graph gives
the same report, byte for byte, and a diff of two reports shows what changed in the data.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from api.report.answers import (
    appendix_order,
    by_name,
    consultation_from,
    stance_from,
    summary_from,
)
from api.report.model import Ref, Report, Stance
from api.report.placement import (
    KIND_ORDER,
    cross_cutting,
    depths,
    part_of,
    placement,
    reading_order,
    whole_ids,
    with_counts_under,
)
from api.report.source import Runner
from kg.errors import InvalidArgument


async def gather(
    run: Runner, *, consultation: str | None, version: str | None, lang: str
) -> Report:
    """The report on `consultation` (an IRI or CURIE; the graph's only one when None), following
    the sections of `version` (by default the version the consultation sent)."""
    chosen = consultation or await _only_consultation(run, lang)
    facts = (await run("report_consultation", {"id": chosen, "lang": lang}))["consultation"]
    stances = await _stances(run, facts["id"], lang)
    version_id = version or _version_sent(facts)
    if version_id is None:  # nothing was sent: no sections to follow
        return arrange(facts, None, [], stances, None, lang)
    strategy = (await run("report_version", {"id": version_id, "lang": lang}))["document"]
    # The other versions of the same work, whose sections place stances on this one's.
    siblings = sorted(
        v["id"]
        for v in (strategy["versionOf"] or {}).get("versions", [])
        if v["id"] != strategy["id"]
    )
    others = [
        (await run("report_version", {"id": sibling, "lang": lang}))["document"]
        for sibling in siblings
    ]
    matrix = None
    if strategy["sections"]["nodes"]:
        variables = {"consultation": facts["id"], "strategy": strategy["id"], "lang": lang}
        matrix = (await run("report_matrix", variables))["stanceMatrix"]
    return arrange(facts, strategy, others, stances, matrix, lang)


async def _only_consultation(run: Runner, lang: str) -> str:
    found = (await run("report_consultations", {"lang": lang}))["consultations"]["nodes"]
    if len(found) == 1:
        return str(found[0]["id"])
    named = ", ".join(node["curie"] for node in found) or "none"
    raise InvalidArgument(
        f"the graph holds {len(found)} consultations; the report is on one",
        argument="consultation",
        hint=f"Name one with --consultation: {named}.",
    )


def _version_sent(facts: dict[str, Any]) -> str | None:
    """The document sent whose sections the graph holds, else the first sent."""
    sent = sorted(facts["on"], key=lambda doc: doc["id"])
    with_sections = [doc for doc in sent if doc["sectionCount"]["totalCount"]]
    chosen = (with_sections or sent or [None])[0]
    return chosen["id"] if chosen else None


async def _stances(run: Runner, consultation: str, lang: str) -> list[dict[str, Any]]:
    """Every stance of the answers, a page at a time."""
    found: list[dict[str, Any]] = []
    after: str | None = None
    while True:
        page = (
            await run(
                "report_stances", {"consultation": consultation, "after": after, "lang": lang}
            )
        )["stances"]
        found += page["nodes"]
        if not page["pageInfo"]["hasNextPage"]:
            return found
        after = page["pageInfo"]["endCursor"]


def arrange(
    facts: dict[str, Any],
    strategy: dict[str, Any] | None,
    others: list[dict[str, Any]],
    stance_nodes: list[dict[str, Any]],
    matrix: dict[str, Any] | None,
    lang: str,
) -> Report:
    """The report from the API's answers: pure arrangement, no reading."""
    stances = sorted((stance_from(node) for node in stance_nodes), key=appendix_order)
    sections = reading_order(strategy["sections"]["nodes"]) if strategy else []
    on_whole = whole_ids(strategy)
    placed = placement(sections, [s for other in others for s in other["sections"]["nodes"]])

    on_part: dict[str, list[Stance]] = defaultdict(list)
    other_refs: dict[str, Ref] = {}
    for stance in stances:
        for target in stance.targets:
            if target.id in on_whole:
                key = "whole"
            elif target.id in placed:
                key = placed[target.id]
            else:
                key = target.id
                other_refs[key] = target
            if stance not in on_part[key]:
                on_part[key].append(stance)

    printed: set[str] = set()
    version = Ref(strategy["id"], strategy["displayLabel"]) if strategy else _no_version(facts)
    whole = part_of(version, None, "STRATEGY", 0, on_part["whole"], printed)
    depth = depths(sections)
    parts = [
        part_of(
            Ref(s["id"], s["label"] or s["notation"] or s["id"]),
            s["notation"],
            s["kind"],
            depth[s["id"]],
            on_part[s["id"]],
            printed,
        )
        for s in sections
    ]
    parts = with_counts_under(parts, sections, on_part)
    elsewhere = [
        part_of(ref, None, ref.kind or "Node", 0, on_part[ref.id], printed)
        for ref in sorted(
            other_refs.values(),
            key=lambda r: (
                KIND_ORDER.get(r.kind, len(KIND_ORDER)),
                r.kind,
                r.label.casefold(),
                r.id,
            ),
        )
    ]
    body = [whole, *parts, *elsewhere]
    return Report(
        lang=lang,
        consultation=consultation_from(facts),
        version=version,
        whole=whole,
        sections=tuple(parts),
        elsewhere=tuple(elsewhere),
        summary=summary_from(matrix, version),
        cross_cutting=cross_cutting(body),
        appendix=tuple(stances),
        respondents=by_name(stance.actor for stance in stances),
    )


def _no_version(facts: dict[str, Any]) -> Ref:
    return Ref(facts["id"], facts["displayLabel"])
