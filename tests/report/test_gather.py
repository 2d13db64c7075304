"""The report's content, before any format: every stance of the answers in it, each quote
printed once, every section in the strategy's order, the uncommented ones found, the summary
table equal to hand-written SPARQL counts, and the same graph giving the same report."""

from __future__ import annotations

import re

import pytest

from api.report.formats import draft
from api.report.model import Part, Report
from kg.errors import InvalidArgument, NotFound
from kg.settings import Settings
from tests.report.conftest import SHIPPED, STOCKHOLM, SYNTHETIC, UPPSALA, sparql_rows
from tests.report.expected import ALIGNED, stance_quotes, summary_counts


def natural(notation: str) -> tuple[tuple[int, int | str], ...]:
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in re.split(r"[.\s]+", notation))


def sections_in_order(settings: Settings, version: str) -> list[str]:
    """The version's sections by number, each followed by those under it (from SPARQL)."""
    rows = sparql_rows(
        settings,
        f"SELECT ?s ?n ?parent WHERE {{ ?s lsk:sectionOf <{version}> ; skos:notation ?n ."
        " OPTIONAL { ?s skos:broader ?parent } }",
    )
    notation = {s: n for s, n, _ in rows}
    children: dict[str | None, list[str]] = {}
    for s, _, parent in rows:
        children.setdefault(parent if parent in notation else None, []).append(s)
    ordered: list[str] = []

    def walk(parent: str | None) -> None:
        for s in sorted(children.get(parent, []), key=lambda s: natural(notation[s])):
            ordered.append(s)
            walk(s)

    walk(None)
    return ordered


def uncommented(settings: Settings, consultation: str, version: str) -> set[str]:
    """Sections of the version no stance of the answers is on, under, or on a counterpart of
    (a section of another version aligned with it or with one under it, or under such)."""
    c = settings.namespaces.expand(consultation)
    commented = sparql_rows(
        settings,
        f"SELECT DISTINCT ?s WHERE {{ ?s lsk:sectionOf <{version}> ."
        f" ?x dcterms:source/lsk:respondsTo <{c}> ; lsk:target ?t ."
        f" {{ ?t skos:broader* ?s }} UNION {{ ?t skos:broader* ?a . ?a {ALIGNED} ?u ."
        " ?u skos:broader* ?s } }",
    )
    return set(sections_in_order(settings, version)) - {s for (s,) in commented}


def body(report: Report) -> list[Part]:
    return [report.whole, *report.sections, *report.elsewhere]


@pytest.mark.parametrize("consultation", [*SHIPPED])
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_stance_of_the_answers_is_quoted_once_and_listed_in_the_appendix(
    reports: dict[tuple[str, str], Report],
    shipped_settings: Settings,
    consultation: str,
    lang: str,
) -> None:
    report = reports[(consultation, lang)]
    quotes = stance_quotes(shipped_settings, consultation)
    assert quotes, "the shipped consultation has answers with stances"
    assert sorted(s.id for s in report.appendix) == sorted(quotes)
    printed = [m.stance.id for part in body(report) for m in part.mentions if m.first]
    assert sorted(printed) == sorted(quotes)
    for stance in report.appendix:
        assert stance.quote == quotes[stance.id]  # verbatim, as the graph holds it
    mentioned = {m.stance.id for part in body(report) for m in part.mentions}
    assert mentioned == set(quotes)


@pytest.mark.parametrize("consultation", [*SHIPPED])
def test_every_section_of_the_version_sent_comes_in_the_strategys_order(
    reports: dict[tuple[str, str], Report], shipped_settings: Settings, consultation: str
) -> None:
    report = reports[(consultation, "sv")]
    sent = sparql_rows(
        shipped_settings,
        f"SELECT ?doc WHERE {{ <{shipped_settings.namespaces.expand(consultation)}> "
        "lsk:consultationOn ?doc . ?s lsk:sectionOf ?doc }",
    )
    assert report.version.id == sent[0][0]
    assert [p.ref.id for p in report.sections] == sections_in_order(
        shipped_settings, report.version.id
    )


@pytest.mark.parametrize("consultation", [*SHIPPED])
def test_the_sections_no_one_commented_on_are_those_sparql_finds(
    reports: dict[tuple[str, str], Report], shipped_settings: Settings, consultation: str
) -> None:
    report = reports[(consultation, "sv")]
    expected = uncommented(shipped_settings, consultation, report.version.id)
    assert {p.ref.id for p in report.uncommented} == expected
    # Region Stockholm's version lists only the sections its answers cite, all commented;
    # Uppsala kommun's answer leaves most of the full text's sections without a comment.
    assert bool(expected) == (consultation == UPPSALA)
    assert len(expected) < len(report.sections)


@pytest.mark.parametrize("consultation", [*SHIPPED])
def test_the_summary_table_matches_sparql_counts(
    reports: dict[tuple[str, str], Report], shipped_settings: Settings, consultation: str
) -> None:
    table = reports[(consultation, "sv")].summary
    columns = [ref.id for _, ref in table.columns]
    expected = summary_counts(
        shipped_settings, consultation, reports[(consultation, "sv")].version.id, columns
    )
    found = {
        (actor.id, column.id): (cell.positive, cell.neutral, cell.negative)
        for actor, cells in table.rows
        for (_, column), cell in zip(table.columns, cells, strict=True)
        if cell is not None
    }
    assert found == expected
    assert table.stance_count == len(stance_quotes(shipped_settings, consultation))


def test_the_consultations_facts_and_answers_are_the_graphs(
    reports: dict[tuple[str, str], Report],
) -> None:
    c = reports[(UPPSALA, "sv")].consultation
    assert c.case_number == "RS2026-00072"
    assert [a.label for a in c.issued_by] == ["Region Uppsala"]
    assert [a.label for a in c.consultees] == ["Uppsala kommun"]
    assert c.deadline == "2026-03-26"
    assert [(e.deadline, e.extended_deadline) for e in c.extensions] == [
        ("2026-03-26", "2026-04-09")
    ]
    assert [a.extended_deadline for a in c.answers] == ["2026-04-09"]
    stockholm = reports[(STOCKHOLM, "sv")].consultation
    assert sorted(a.document_type or "" for a in stockholm.answers) == ["", "PM"]
    assert [t.label for t in stockholm.triggered] == [
        "Stockholms stads remiss av ärendet KS 2026/58 till stadsledningskontoret och "
        "Stockholms Stadshus AB"
    ]


def test_a_position_argued_on_several_parts_is_cross_cutting(
    reports: dict[tuple[str, str], Report],
) -> None:
    report = reports[(STOCKHOLM, "sv")]
    parts_of: dict[str, set[str]] = {}
    for part in body(report):
        for group in part.positions:
            parts_of.setdefault(group.position.id, set()).add(part.ref.id)
    spanning = {position for position, parts in parts_of.items() if len(parts) > 1}
    assert spanning
    assert {c.position.id for c in report.cross_cutting} == spanning
    for item in report.cross_cutting:
        assert {p.id for p in item.parts} == parts_of[item.position.id]


def test_a_stance_on_another_versions_section_is_placed_through_the_alignment(
    reports: dict[tuple[str, str], Report],
) -> None:
    """003's development area 3.1.3.2 (Beredskap) is under the aspect aligned with Region
    Stockholm's C: a stance on it is on C, as the stance matrix counts it."""
    report = reports[(STOCKHOLM, "sv")]
    c = next(p for p in report.sections if p.notation == "C")
    assert any(t.label.startswith("Beredskap") for s in c.stances for t in s.targets)
    assert c.commented


def test_the_report_can_follow_another_version_of_the_strategy(shipped_settings: Settings) -> None:
    report = draft(shipped_settings, consultation=STOCKHOLM, version="doc:strategi")
    quotes = stance_quotes(shipped_settings, STOCKHOLM)
    assert report.version.id.endswith("/document/strategi")
    assert len(report.sections) > 30  # the full text's sections
    printed = [m.stance.id for part in body(report) for m in part.mentions if m.first]
    assert sorted(printed) == sorted(quotes)
    norden = next(p for p in report.sections if p.notation == "2.3")
    assert norden.stances  # Region Stockholm's "3.3 Norden", aligned with 003's 2.3


def test_the_same_graph_gives_the_same_report(
    reports: dict[tuple[str, str], Report], shipped_settings: Settings
) -> None:
    assert draft(shipped_settings, consultation=UPPSALA, lang="sv") == reports[(UPPSALA, "sv")]


def test_a_synthetic_consultation_gets_its_report(
    synthetic_report: Report, synthetic_settings: Settings
) -> None:
    quotes = stance_quotes(synthetic_settings, SYNTHETIC)
    assert len(quotes) > 20
    assert sorted(s.id for s in synthetic_report.appendix) == sorted(quotes)
    printed = [m.stance.id for part in body(synthetic_report) for m in part.mentions if m.first]
    assert sorted(printed) == sorted(quotes)
    assert [p.ref.id for p in synthetic_report.sections] == sections_in_order(
        synthetic_settings, synthetic_report.version.id
    )
    assert {p.ref.id for p in synthetic_report.uncommented} == uncommented(
        synthetic_settings, SYNTHETIC, synthetic_report.version.id
    )


def test_without_a_consultation_named_the_report_lists_the_graphs_consultations(
    shipped_settings: Settings,
) -> None:
    with pytest.raises(InvalidArgument) as refused:
        draft(shipped_settings)
    assert refused.value.argument == "consultation"
    assert UPPSALA in (refused.value.hint or "")
    assert STOCKHOLM in (refused.value.hint or "")


def test_an_unknown_or_wrong_consultation_is_not_found(shipped_settings: Settings) -> None:
    with pytest.raises(NotFound, match="nothing in the graph"):
        draft(shipped_settings, consultation="consultation:no-such-remiss")
    with pytest.raises(NotFound, match="not a Consultation"):
        draft(shipped_settings, consultation="actor:uppsala-kommun")
