"""The documentation page as a whole: its frame, header, namespace table, contents and footer.

The page is self-contained (inline CSS, no script, no web font) and the same input gives the
same bytes.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from rdflib.namespace import DC, DCTERMS, OWL, RDF, RDFS, SKOS
from rdflib.term import Literal, URIRef

from kg.docs.model import REUSED_VOCABULARIES, Documented
from kg.docs.ontology import PROPERTY_KINDS, ontology_section, property_kind, reused_section
from kg.docs.schemes import schemes_section
from kg.docs.shapes import shapes_section
from kg.docs.style import STYLE
from kg.docs.writer import Html, facts, iri_line, other_statements, sorted_texts

# What the namespace table says of each prefix the page uses.
_PREFIX_NOTES = {
    "lsk": "this ontology",
    "lsksh": "the SHACL shapes on this page",
    "scheme": "SKOS concept schemes of the project",
    "stype": "stance types and polarities",
    "theme": "cross-cutting themes",
    "src": "the source texts every fact is taken from",
    "owl": "OWL 2 Web Ontology Language",
    "rdf": "RDF",
    "rdfs": "RDF Schema",
    "sh": "SHACL Shapes Constraint Language",
    "xsd": "XML Schema datatypes",
}

_HEADER_SHOWN = frozenset(
    {
        RDF.type,
        RDFS.label,
        DCTERMS.title,
        SKOS.definition,
        DCTERMS.description,
        RDFS.comment,
        OWL.versionIRI,
        OWL.versionInfo,
        OWL.priorVersion,
        OWL.imports,
        DCTERMS.created,
        DCTERMS.issued,
        DCTERMS.modified,
        DCTERMS.creator,
        DC.creator,
        DCTERMS.contributor,
        DCTERMS.publisher,
        DCTERMS.license,
        DCTERMS.rights,
        DCTERMS.source,
    }
)


def render_page(doc: Documented) -> str:
    """The whole page, as text."""
    html = Html(doc)
    sections = [
        ontology_section(html),
        reused_section(html),
        shapes_section(html),
        schemes_section(html),
    ]
    header = page_header(html)
    contents = table_of_contents(html)
    # The namespace table is written last: it lists exactly the prefixes the page used.
    namespaces = namespaces_section(html)
    title = _title(html)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        f'<div class="layout">\n{contents}\n<main>\n{header}\n{namespaces}\n'
        + "\n".join(sections)
        + f"\n{_footer(html)}\n</main>\n</div>\n</body>\n</html>\n"
    )


def _title(html: Html) -> str:
    doc = html.doc
    if doc.ontology_iri is None:
        return "Ontology"
    return html.label(doc.ontology_iri, doc.ontology) or str(doc.ontology_iri)


def page_header(html: Html) -> str:
    doc = html.doc
    graph = doc.ontology
    subject = doc.ontology_iri
    if subject is None:
        return '<header id="sec-overview"><h1>Ontology</h1></header>'
    titles = sorted_texts(
        [*graph.objects(subject, RDFS.label), *graph.objects(subject, DCTERMS.title)]
    )
    main_title = titles[0] if titles else Literal(str(subject))
    others = titles[1:]

    def values(predicate: URIRef) -> str:
        return html.refs(graph.objects(subject, predicate), "<br>")

    def iris(predicate: URIRef) -> str:
        # Version IRIs in full: a CURIE such as lsk:0.1.0 would hide what they are.
        return "<br>".join(iri_line(str(v)) for v in html.sorted(graph.objects(subject, predicate)))

    rows = [
        ("IRI", iri_line(str(subject))),
        ("Namespace", f"{iri_line(doc.namespaces.lsk)} (prefix <code>lsk:</code>)"),
        ("Version", values(OWL.versionInfo)),
        ("This version", iris(OWL.versionIRI)),
        ("Prior version", iris(OWL.priorVersion)),
        ("Created", values(DCTERMS.created)),
        ("Issued", values(DCTERMS.issued)),
        ("Modified", values(DCTERMS.modified)),
        ("Creator", values(DCTERMS.creator) or values(DC.creator)),
        ("Contributor", values(DCTERMS.contributor)),
        ("Publisher", values(DCTERMS.publisher)),
        ("Licence", values(DCTERMS.license)),
        ("Rights", values(DCTERMS.rights)),
        ("Imports", values(OWL.imports)),
        ("Sources", values(DCTERMS.source)),
        *other_statements(html, subject, graph, _HEADER_SHOWN),
        (
            "Download",
            'the ontology as <a href="lsk.ttl">Turtle</a>, <a href="lsk.rdf">RDF/XML</a> or '
            '<a href="lsk.jsonld">JSON-LD</a>; the shapes as <a href="shapes.ttl">Turtle</a>',
        ),
    ]
    descriptions = [
        *graph.objects(subject, SKOS.definition),
        *graph.objects(subject, DCTERMS.description),
        *graph.objects(subject, RDFS.comment),
    ]
    subtitle = "".join(f'<p class="subtitle"{_lang(t)}>{escape(str(t))}</p>' for t in others)
    return (
        f'<header id="sec-overview">\n<p class="kicker">Vocabulary documentation</p>\n'
        f"<h1{_lang(main_title)}>{escape(str(main_title))}</h1>\n{subtitle}\n"
        f"{facts(rows, cls='facts meta')}\n"
        f'<div class="abstract"><h2 id="sec-abstract">Abstract</h2>{html.texts(descriptions)}</div>\n'
        "</header>"
    )


def _lang(text: Literal) -> str:
    return f' lang="{escape(text.language)}"' if text.language else ""


def namespaces_section(html: Html) -> str:
    prefixes = html.doc.namespaces.prefixes
    rows = []
    for prefix in sorted(html.prefixes_used):
        if prefix in REUSED_VOCABULARIES:
            title, spec = REUSED_VOCABULARIES[prefix]
            note = f'<a href="{escape(spec)}">{escape(title)}</a>'
        else:
            note = escape(_PREFIX_NOTES.get(prefix, ""))
        rows.append(
            f"<tr><td><code>{escape(prefix)}:</code></td><td><code>{escape(prefixes[prefix])}</code></td>"
            f"<td>{note}</td></tr>"
        )
    return (
        '<section id="sec-namespaces">\n<h2>Namespaces</h2>\n'
        "<p>The prefixes this page writes IRIs with.</p>\n"
        '<table class="list"><thead><tr><th>Prefix</th><th>Namespace</th><th>Vocabulary</th></tr>'
        f"</thead><tbody>{''.join(rows)}</tbody></table>\n</section>"
    )


def table_of_contents(html: Html) -> str:
    doc = html.doc

    def entries(iris: Iterable[URIRef]) -> str:
        return "".join(f"<li>{html.ref(i)}</li>" for i in iris)

    property_groups = "".join(
        f'<li><a href="#{section}">{escape(heading)}</a><ol class="terms">{entries(members)}</ol></li>'
        for _, _, heading, section in PROPERTY_KINDS
        if (members := [p for p in doc.properties if property_kind(html, p)[1] == section])
    )
    scheme_entries = "".join(
        f'<li><a href="#{escape(doc.anchor(str(s)))}">{escape(html.label(s, doc.vocabulary) or str(s))}</a></li>'
        for s in doc.schemes
    )
    return (
        '<nav id="toc" aria-label="Contents">\n<p class="toc-title">Contents</p>\n<ol class="toc">'
        '<li><a href="#sec-overview">Overview</a></li>'
        '<li><a href="#sec-namespaces">Namespaces</a></li>'
        '<li><a href="#sec-ontology">The ontology</a><ol>'
        f'<li><a href="#sec-classes">Classes</a><ol class="terms">{entries(doc.classes)}</ol></li>'
        f"{property_groups}"
        '<li><a href="#sec-reused">Reused vocabularies</a></li></ol></li>'
        f'<li><a href="#sec-shapes">The shapes</a><ol class="terms">{entries(doc.node_shapes)}</ol></li>'
        f'<li><a href="#sec-schemes">Concept schemes</a><ol>{scheme_entries}</ol></li>'
        "</ol>\n</nav>"
    )


def _footer(html: Html) -> str:
    files = ", ".join(f"<code>{escape(f)}</code>" for f in html.doc.source_files)
    return (
        f"<footer><p>Written by <code>kg docs</code> from {files}. The project's own IRIs are "
        f"minted under <code>{escape(html.doc.namespaces.base_iri)}</code>.</p></footer>"
    )
