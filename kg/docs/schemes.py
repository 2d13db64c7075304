"""The SKOS schemes' part of the documentation page: each scheme with its concepts."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from rdflib.namespace import RDF, RDFS, SKOS
from rdflib.term import URIRef

from kg.docs.writer import Html, facts, sorted_texts


def schemes_section(html: Html) -> str:
    """Every SKOS scheme of data/vocabulary with its concepts, then concepts in no scheme."""
    doc = html.doc
    parts = [
        '<section id="sec-schemes">\n<h2>Concept schemes <span class="sv" lang="sv">Begreppsscheman</span></h2>',
        f"<p>{len(doc.schemes)} SKOS concept schemes classify stances and decisions. Each concept "
        "has a Swedish and an English label and definition; alternative labels are the words "
        "the source documents use.</p>",
        *(_scheme(html, s) for s in doc.schemes),
    ]
    if doc.loose_concepts:
        parts += [
            '<section class="scheme" id="sec-loose-concepts"><h3>Concepts in no scheme</h3>',
            _concept_table(html, doc.loose_concepts, None),
            "</section>",
        ]
    parts.append("</section>")
    return "\n".join(parts)


def _scheme(html: Html, scheme: URIRef) -> str:
    doc = html.doc
    graph = doc.vocabulary
    labels = [*graph.objects(scheme, SKOS.prefLabel), *graph.objects(scheme, RDFS.label)]
    first = sorted_texts(labels)[:1]
    title = html.literal(first[0]) if first else escape(str(scheme))
    tops = {*graph.objects(scheme, SKOS.hasTopConcept), *graph.subjects(SKOS.topConceptOf, scheme)}
    concepts = doc.concepts.get(scheme, ())
    elsewhere = [
        c
        for c in graph.subjects(SKOS.inScheme, scheme)
        if c not in concepts and c in html.documented
    ]
    rows = [
        ("IRI", f'<code class="iri">{escape(str(scheme))}</code>'),
        ("Top concepts", html.refs(tops)),
        ("Also in this scheme", html.refs(elsewhere)),
        ("Shapes", html.refs(doc.shape_mentions.get(scheme, ()))),
    ]
    notes = [*graph.objects(scheme, SKOS.definition), *graph.objects(scheme, RDFS.comment)]
    return (
        f'<section class="scheme" id="{escape(doc.anchor(str(scheme)))}">'
        f'<h3>{title} <code>{escape(html.curie(str(scheme)))}</code> <span class="badge">Concept scheme</span></h3>'
        f'<p class="labels">{html.labels(sorted_texts(labels)[1:])}</p>'
        f'<div class="notes">{html.texts(notes)}</div>{facts(rows)}'
        f"{_concept_table(html, concepts, scheme)}</section>"
    )


def _concept_table(html: Html, concepts: Iterable[URIRef], scheme: URIRef | None) -> str:
    rows = "".join(_concept(html, c, scheme) for c in concepts)
    return (
        '<table class="list concepts"><thead><tr><th>Concept</th><th>Labels</th>'
        f"<th>Definition</th><th>Relations</th></tr></thead><tbody>{rows}</tbody></table>"
    )


_CONCEPT_SHOWN = frozenset(
    {
        RDF.type,
        SKOS.prefLabel,
        SKOS.altLabel,
        SKOS.hiddenLabel,
        SKOS.notation,
        SKOS.definition,
        SKOS.scopeNote,
        SKOS.example,
        SKOS.note,
        SKOS.inScheme,
        SKOS.topConceptOf,
        SKOS.broader,
        SKOS.narrower,
    }
)


def _concept(html: Html, concept: URIRef, scheme: URIRef | None) -> str:
    doc = html.doc
    graph = doc.vocabulary
    notation = "".join(
        f' <span class="notation" title="skos:notation">{escape(str(n))}</span>'
        for n in html.sorted(graph.objects(concept, SKOS.notation))
    )
    alt = sorted_texts(graph.objects(concept, SKOS.altLabel))
    hidden = sorted_texts(graph.objects(concept, SKOS.hiddenLabel))
    labels = html.texts(graph.objects(concept, SKOS.prefLabel))
    if alt:
        labels += '<p class="alt">also: ' + ", ".join(html.literal(a) for a in alt) + "</p>"
    if hidden:
        labels += '<p class="alt">hidden: ' + ", ".join(html.literal(h) for h in hidden) + "</p>"
    notes = html.texts(graph.objects(concept, SKOS.definition))
    for predicate, name in (
        (SKOS.scopeNote, "Scope"),
        (SKOS.example, "Example"),
        (SKOS.note, "Note"),
    ):
        values = list(graph.objects(concept, predicate))
        if values:
            notes += f'<p class="note-head">{name}</p>{html.texts(values)}'
    narrower = {*graph.objects(concept, SKOS.narrower), *graph.subjects(SKOS.broader, concept)}
    relations = [
        ("broader", html.refs(graph.objects(concept, SKOS.broader))),
        ("narrower", html.refs(narrower)),
        ("also in", html.refs(s for s in graph.objects(concept, SKOS.inScheme) if s != scheme)),
        ("shapes", html.refs(doc.shape_mentions.get(concept, ()))),
    ]
    related = "".join(
        f'<p><span class="rel">{escape(name)}</span> {value}</p>'
        for name, value in relations
        if value
    )
    # Any other statement (lsk:polarity, a mapping…) is named by its linked property.
    related += "".join(
        f'<p><span class="rel">{html.ref(other)}</span> {html.refs(graph.objects(concept, other))}</p>'
        for other in sorted(set(graph.predicates(concept)) - _CONCEPT_SHOWN, key=str)
    )
    # A concept with no prefix is shown by its label: give its IRI as well.
    compact = doc.namespaces.compact(str(concept))
    iri = f'<p class="iri">{escape(str(concept))}</p>' if compact.startswith("<") else ""
    return (
        f'<tr id="{escape(doc.anchor(str(concept)))}"><td>{html.ref(concept)}{notation}{iri}</td>'
        f"<td>{labels}</td><td>{notes}</td><td>{related}</td></tr>"
    )
