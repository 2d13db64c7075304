"""The report as a Word document (python-docx), for an official to edit: Word's own heading
styles, tables, block quotes in the Quote style and the sources as footnotes. Same order and
sentences as every other format (api/report/words.py); the OOXML python-docx cannot write is
in api/report/docx_parts.py.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

import docx
from docx.document import Document
from docx.oxml.parser import OxmlElement
from docx.table import Table
from docx.text.paragraph import Paragraph

from api.report.docx_parts import Footnotes, bookmark, bookmark_names, link, prepare, stable_zip
from api.report.model import Mention, Part, Ref, Report, Stance
from api.report.words import Words

_DEEPEST = 9
"""Word's deepest heading style."""


def render_docx(report: Report) -> bytes:
    """The report as the bytes of a .docx file, the same bytes for the same report."""
    return _Writer(report).write()


class _Writer:
    """One render: the document, its footnotes and the bookmarks its quotes carry."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self.words = Words(report.lang)
        self.doc: Document = docx.Document()
        self.notes = Footnotes()
        body = (report.whole, *report.sections, *report.elsewhere)
        printed = [m.stance.key for part in body for m in part.mentions if m.first]
        # Only the quotes printed get a bookmark; a reference to any other stays plain text.
        self.anchors = bookmark_names(dict.fromkeys(printed))
        self.bookmarks = 0

    def write(self) -> bytes:
        report, words = self.report, self.words
        title = f"{words['title']}: {report.consultation.ref.label}"
        prepare(self.doc, title=title, lang=report.lang)
        self.doc.add_heading(title, 0)
        self.doc.add_paragraph().add_run(words["draft"]).italic = True
        self._consultation()
        self._answers()
        self.doc.add_heading(words["by_section"], 1)
        for part in (report.whole, *report.sections):
            self._part(part, level=2 + part.depth)
        self._uncommented()
        self._elsewhere()
        self._summary()
        self._cross_cutting()
        self._appendix()
        self.notes.attach(self.doc)
        out = io.BytesIO()
        self.doc.save(out)
        return stable_zip(out.getvalue())

    def _consultation(self) -> None:
        words, c = self.words, self.report.consultation
        extensions = "\n".join(
            words["extension"].format(
                answer=e.answer.label, deadline=e.deadline or "", extended=e.extended_deadline or ""
            )
            for e in c.extensions
        )
        rows = [
            (words["case"], c.case_number or ""),
            (words["issued_by"], _labels(c.issued_by)),
            (words["consultees"], _labels(c.consultees)),
            (words["consultee_group"], c.consultee_group or ""),
            (words["sent"], _labels(c.sent)),
            (words["version"], self.report.version.label),
            (words["deadline"], c.deadline or ""),
            (words["extensions"], extensions),
            (words["informed_by"], _labels(c.informed_by)),
            (words["triggered"], _labels(c.triggered)),
        ]
        self.doc.add_heading(words["consultation"], 1)
        self._facts([(label, value) for label, value in rows if value])

    def _answers(self) -> None:
        words, report = self.words, self.report
        answers = report.consultation.answers
        self.doc.add_heading(words["answers"], 1)
        self.doc.add_paragraph(
            words.answers_summary(len(answers), len(report.appendix), len(report.respondents))
        )
        header = [
            words[key]
            for key in (
                "respondent",
                "document",
                "document_type",
                "date",
                "status",
                "case",
                "stance_count",
                "extended_deadline",
            )
        ]
        rows = [
            [
                _labels(a.creators),
                a.ref.label,
                a.document_type or "",
                a.date or "",
                a.status or "",
                a.case_number or "",
                str(a.stance_count),
                a.extended_deadline or "",
            ]
            for a in answers
        ]
        self._table(header, rows)

    def _part(self, part: Part, *, level: int) -> None:
        words = self.words
        self.doc.add_heading(words.heading(part), min(level, _DEEPEST))
        self.doc.add_paragraph(words.part_summary(part))
        for group in part.positions:
            said = self.doc.add_paragraph()
            said.add_run(f"{words['position']}: {group.position.label}").bold = True
            self.doc.add_paragraph(
                f"{words['for']}: {words.names(group.actors_for)}. "
                f"{words['against']}: {words.names(group.actors_against)}. "
                f"{words.agreement(group)}"
            )
            for mention in (*group.for_it, *group.against_it):
                self._mention(mention)
        if part.remarks:
            self.doc.add_paragraph().add_run(words["remarks"]).bold = True
            for mention in part.remarks:
                self._mention(mention)

    def _mention(self, mention: Mention) -> None:
        stance, words = mention.stance, self.words
        if not mention.first:
            seen = self.doc.add_paragraph(style="List Bullet")
            seen.add_run(f"{words.attribution(stance)}: ")
            self._see(seen, stance)
            return
        quote = self.doc.add_paragraph(stance.quote, style="Quote")
        self.bookmarks += 1
        bookmark(quote, self.anchors[stance.key], self.bookmarks)
        who = self.doc.add_paragraph(f"— {words.attribution(stance)} ({stance.key})", style="Quote")
        self.notes.reference(who, words.source(stance.citation))

    def _see(self, paragraph: Paragraph, stance: Stance) -> None:
        """`paragraph` + "see <key>", the key a link to where its quote is printed."""
        before, _, after = self.words["see"].partition("{key}")
        paragraph.add_run(before)
        self._key(paragraph, stance)
        if after:
            paragraph.add_run(after)

    def _key(self, paragraph: Paragraph, stance: Stance) -> None:
        anchor = self.anchors.get(stance.key)
        if anchor is None:
            paragraph.add_run(stance.key)
        else:
            link(paragraph, stance.key, anchor)

    def _uncommented(self) -> None:
        words, report = self.words, self.report
        self.doc.add_heading(words["uncommented"], 1)
        self.doc.add_paragraph(
            words.uncommented_summary(len(report.uncommented), len(report.sections))
        )
        for part in report.uncommented:
            self.doc.add_paragraph(words.heading(part), style="List Bullet")

    def _elsewhere(self) -> None:
        if not self.report.elsewhere:
            return
        words = self.words
        self.doc.add_heading(words["elsewhere"], 1)
        kind = None
        for part in self.report.elsewhere:
            if words.kind(part) != kind:
                kind = words.kind(part)
                self.doc.add_heading(kind, 2)
            self._part(part, level=3)

    def _summary(self) -> None:
        words, table = self.words, self.report.summary
        self.doc.add_heading(words["summary"], 1)
        self.doc.add_paragraph(words["summary_intro"])
        if table.columns:
            header = [
                words["actor"],
                *(f"{n} {ref.label}" if n else ref.label for n, ref in table.columns),
            ]
            rows = [
                [actor.label, *(words.counts(cell) for cell in cells)]
                for actor, cells in table.rows
            ]
            self._table(header, rows)
        if table.outside_count:
            self.doc.add_paragraph(words.summary_outside(table.outside_count))

    def _cross_cutting(self) -> None:
        words = self.words
        self.doc.add_heading(words["cross_cutting"], 1)
        if not self.report.cross_cutting:
            self.doc.add_paragraph(words["cross_cutting_none"])
            return
        for item in self.report.cross_cutting:
            self.doc.add_heading(item.position.label, 2)
            for label, value in (
                (words["argued_in"], _labels(item.parts)),
                (words["for"], words.names(item.actors_for)),
                (words["against"], words.names(item.actors_against)),
            ):
                self.doc.add_paragraph(f"{label}: {value}", style="List Bullet")
            keys = self.doc.add_paragraph(f"{words['stances']}: ", style="List Bullet")
            for number, stance in enumerate(item.stances):
                if number:
                    keys.add_run(", ")
                self._key(keys, stance)

    def _appendix(self) -> None:
        words = self.words
        self.doc.add_heading(words["appendix"], 1)
        self.doc.add_paragraph(words["appendix_intro"])
        for stance in self.report.appendix:
            c = stance.citation
            kind = f"{stance.type.label} ({stance.verb})" if stance.verb else stance.type.label
            argued = "; ".join(
                f"{a.position.label} ({words['side.' + a.side.value]})" for a in stance.positions
            )
            source = ", ".join(v for v in (c.document.label, c.case_number, c.date) if v)
            characters = f"{c.start}–{c.end}" if c.start is not None and c.end is not None else ""
            facts = [
                (words["iri"], stance.id),
                (words["actor"], stance.actor.label),
                (words["type"], kind),
                (words["polarity"], words.polarity(stance.polarity)),
                (words["targets"], _labels(stance.targets)),
                (words["positions"], argued),
                (words["source"], source),
                (words["lines"], c.lines or ""),
                (words["characters"], characters),
                (words["cited_section"], c.cited_section or ""),
            ]
            rows = [(label, value) for label, value in facts if value]
            if stance.key in self.anchors:
                rows.append((words["quote_at"], ""))
            self.doc.add_heading(stance.key, 2)
            table = self._facts(rows)
            if stance.key in self.anchors:
                self._key(table.rows[-1].cells[1].paragraphs[0], stance)

    def _facts(self, rows: Sequence[tuple[str, str]]) -> Table:
        """A two-column table of label and value, the labels bold."""
        table: Table = self.doc.add_table(rows=len(rows), cols=2, style="Table Grid")
        for row, (label, value) in zip(table.rows, rows, strict=True):
            cells = row.cells
            cells[0].paragraphs[0].add_run(label).bold = True
            cells[1].text = value
        return table

    def _table(self, header: Sequence[str], rows: Sequence[Sequence[str]]) -> Table:
        """A table whose first row, bold, is repeated on every page it runs over."""
        table: Table = self.doc.add_table(rows=1 + len(rows), cols=len(header), style="Table Grid")
        table_rows = table.rows
        for cell, text in zip(table_rows[0].cells, header, strict=True):
            cell.paragraphs[0].add_run(text).bold = True
        table_rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
        for row, values in zip(table_rows[1:], rows, strict=True):
            for cell, text in zip(row.cells, values, strict=True):
                cell.text = text
        return table


def _labels(refs: Sequence[Ref]) -> str:
    return ", ".join(ref.label for ref in refs)
