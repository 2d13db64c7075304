"""The report as Markdown (GitHub-flavoured: tables, footnotes for the sources), for a diff
between two drafts or a wiki. Same order and sentences as every other format (api/report/words.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence

from api.report.model import Consultation, Mention, Part, Ref, Report, Stance
from api.report.words import Words

# What Markdown would read as markup in running text or a table cell.
_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def text(value: str) -> str:
    """`value` with what Markdown would read as markup escaped, on one line."""
    return _SPECIAL.sub(r"\\\1", " ".join(value.split()))


def render_markdown(report: Report) -> str:
    words = Words(report.lang)
    notes: list[tuple[str, str]] = []
    lines = [
        *_front(report, words),
        *_answers(report.consultation, report, words),
        f"## {words['by_section']}",
        "",
    ]
    for part in (report.whole, *report.sections):
        lines += _part(part, words, notes, level=3 + min(part.depth, 3))
    lines += _uncommented(report, words)
    if report.elsewhere:
        lines += [f"## {words['elsewhere']}", ""]
        kind = None
        for part in report.elsewhere:
            if words.kind(part) != kind:
                kind = words.kind(part)
                lines += [f"### {text(kind)}", ""]
            lines += _part(part, words, notes, level=4)
    lines += _summary(report, words)
    lines += _cross_cutting(report, words)
    lines += _appendix(report, words)
    lines += [f"[^{key}]: {note}" for key, note in notes]
    return "\n".join(lines).rstrip() + "\n"


def _front(report: Report, words: Words) -> list[str]:
    c = report.consultation
    rows: list[tuple[str, str]] = [
        (words["case"], text(c.case_number or "")),
        (words["issued_by"], _names(c.issued_by)),
        (words["consultees"], _names(c.consultees)),
        (words["consultee_group"], text(c.consultee_group or "")),
        (words["sent"], _names(c.sent)),
        (words["version"], _names((report.version,))),
        (words["deadline"], c.deadline or ""),
        (
            words["extensions"],
            "; ".join(
                text(
                    words["extension"].format(
                        answer=e.answer.label,
                        deadline=e.deadline or "",
                        extended=e.extended_deadline or "",
                    )
                )
                for e in c.extensions
            ),
        ),
        (words["informed_by"], _names(c.informed_by)),
        (words["triggered"], _names(c.triggered)),
    ]
    return [
        f"# {text(words['title'])}: {text(c.ref.label)}",
        "",
        f"*{text(words['draft'])}*",
        "",
        f"## {words['consultation']}",
        "",
        *(f"- **{label}**: {value}" for label, value in rows if value),
        "",
    ]


def _answers(c: Consultation, report: Report, words: Words) -> list[str]:
    summary = words.answers_summary(len(c.answers), len(report.appendix), len(report.respondents))
    header = (
        words["respondent"],
        words["document"],
        words["document_type"],
        words["date"],
        words["status"],
        words["case"],
        words["stance_count"],
        words["extended_deadline"],
    )
    rows = [
        (
            _names(a.creators),
            text(a.ref.label),
            text(a.document_type or ""),
            a.date or "",
            text(a.status or ""),
            text(a.case_number or ""),
            str(a.stance_count),
            a.extended_deadline or "",
        )
        for a in c.answers
    ]
    return [f"## {words['answers']}", "", summary, "", *_table(header, rows), ""]


def _part(part: Part, words: Words, notes: list[tuple[str, str]], *, level: int) -> list[str]:
    lines = [f"{'#' * level} {text(words.heading(part))}", "", words.part_summary(part), ""]
    for group in part.positions:
        lines += [
            f"**{text(words['position'])}: {text(group.position.label)}**",
            "",
            f"{words['for']}: {text(words.names(group.actors_for))}. "
            f"{words['against']}: {text(words.names(group.actors_against))}. "
            f"{words.agreement(group)}",
            "",
        ]
        for mention in (*group.for_it, *group.against_it):
            lines += _mention(mention, words, notes)
    if part.remarks:
        lines += [f"**{text(words['remarks'])}**", ""]
        for mention in part.remarks:
            lines += _mention(mention, words, notes)
    return lines


def _mention(mention: Mention, words: Words, notes: list[tuple[str, str]]) -> list[str]:
    stance = mention.stance
    who = text(words.attribution(stance))
    if not mention.first:
        return [f"- {who}: {words['see'].format(key=_link(stance))}", ""]
    notes.append((stance.key, text(words.source(stance.citation))))
    return [
        f'<a id="stance-{stance.key}"></a>',
        "",
        f"> {text(stance.quote)}",
        ">",
        f"> — {who}, {stance.key}[^{stance.key}]",
        "",
    ]


def _link(stance: Stance) -> str:
    return f"[{stance.key}](#stance-{stance.key})"


def _uncommented(report: Report, words: Words) -> list[str]:
    listed = [f"- {text(words.heading(part))}" for part in report.uncommented]
    summary = words.uncommented_summary(len(listed), len(report.sections))
    return [f"## {words['uncommented']}", "", summary, "", *listed, *([""] if listed else [])]


def _summary(report: Report, words: Words) -> list[str]:
    table = report.summary
    lines = [f"## {words['summary']}", "", words["summary_intro"], ""]
    if table.columns:
        header = (
            words["actor"],
            *(text(f"{n} {ref.label}" if n else ref.label) for n, ref in table.columns),
        )
        rows = [
            (text(actor.label), *(words.counts(cell) for cell in cells))
            for actor, cells in table.rows
        ]
        lines += [*_table(header, rows), ""]
    if table.outside_count:
        lines += [words.summary_outside(table.outside_count), ""]
    return lines


def _cross_cutting(report: Report, words: Words) -> list[str]:
    lines = [f"## {words['cross_cutting']}", ""]
    if not report.cross_cutting:
        return [*lines, words["cross_cutting_none"], ""]
    for item in report.cross_cutting:
        lines += [
            f"### {text(item.position.label)}",
            "",
            f"- {words['argued_in']}: {_names(item.parts)}",
            f"- {words['for']}: {text(words.names(item.actors_for))}",
            f"- {words['against']}: {text(words.names(item.actors_against))}",
            f"- {words['stances']}: {', '.join(_link(s) for s in item.stances)}",
            "",
        ]
    return lines


def _appendix(report: Report, words: Words) -> list[str]:
    lines = [f"## {words['appendix']}", "", words["appendix_intro"], ""]
    for stance in report.appendix:
        c = stance.citation
        source = ", ".join(
            text(value) for value in (c.document.label, c.case_number, c.date) if value
        )
        characters = f"{c.start}–{c.end}" if c.start is not None and c.end is not None else ""
        facts = [
            (words["iri"], f"<{stance.id}>"),
            (words["actor"], text(stance.actor.label)),
            (
                words["type"],
                text(f"{stance.type.label} ({stance.verb})" if stance.verb else stance.type.label),
            ),
            (words["polarity"], words.polarity(stance.polarity)),
            (words["targets"], _names(stance.targets)),
            (
                words["positions"],
                "; ".join(
                    f"{text(a.position.label)} ({words['side.' + a.side.value]})"
                    for a in stance.positions
                ),
            ),
            (words["source"], source),
            (words["lines"], text(c.lines or "")),
            (words["characters"], characters),
            (words["cited_section"], text(c.cited_section or "")),
            (words["quote_at"], _link(stance)),
        ]
        lines += [
            f'### <a id="appendix-{stance.key}"></a>{stance.key}',
            "",
            *(f"- {label}: {value}" for label, value in facts if value),
            "",
        ]
    return lines


def _names(refs: Iterable[Ref]) -> str:
    return ", ".join(text(ref.label) for ref in refs)


def _table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> Iterator[str]:
    yield "| " + " | ".join(header) + " |"
    yield "|" + "|".join("---" for _ in header) + "|"
    for row in rows:
        yield "| " + " | ".join(row) + " |"
