"""The report as PDF: WeasyPrint lays out the HTML report (api/report/render_html.py) by its
print stylesheet, so the PDF and the printed page are the same document.

The bytes depend on the report alone: WeasyPrint writes no creation or modification date unless
the page names one (it names none), and the file identifier is a hash of the file's own content
rather than a random one. The title and language come from the page's <title> and lang.
"""

from __future__ import annotations

from api.report.model import Report
from api.report.render_html import render_html


def render_pdf(report: Report) -> bytes:
    """The report as the bytes of a PDF, the same bytes for the same report."""
    # Imported here: WeasyPrint loads Pango and its fonts, which only the PDF needs.
    from weasyprint import HTML

    html = HTML(string=render_html(report), base_url=None)
    # Tagged: a screen reader reads the PDF's headings, tables and quotes as such, as it does
    # the HTML's. The identifier is an MD5 of the file's bytes (pydyf), not a random one.
    pdf: bytes = html.write_pdf(pdf_identifier=True, pdf_tags=True)
    return pdf
