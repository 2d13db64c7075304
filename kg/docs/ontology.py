"""The ontology's part of the documentation page: every class and property, and the
standard vocabularies it reuses with each term it uses.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from rdflib.namespace import OWL, RDF, RDFS, SKOS
from rdflib.term import Node, URIRef

from kg.docs.model import REUSED_VOCABULARIES
from kg.docs.writer import Html, facts, iri_line, other_statements

_CHARACTERISTICS = {
    OWL.FunctionalProperty: "functional",
    OWL.InverseFunctionalProperty: "inverse functional",
    OWL.TransitiveProperty: "transitive",
    OWL.SymmetricProperty: "symmetric",
    OWL.AsymmetricProperty: "asymmetric",
    OWL.ReflexiveProperty: "reflexive",
    OWL.IrreflexiveProperty: "irreflexive",
}

# (type, name of one, heading of the group, section id), in the order the page shows them.
PROPERTY_KINDS = (
    (OWL.ObjectProperty, "Object property", "Object properties", "sec-object-properties"),
    (OWL.DatatypeProperty, "Datatype property", "Datatype properties", "sec-datatype-properties"),
    (
        OWL.AnnotationProperty,
        "Annotation property",
        "Annotation properties",
        "sec-annotation-properties",
    ),
    (RDF.Property, "Property", "Other properties", "sec-other-properties"),
)

_NOTES = (
    (SKOS.definition, "Definition"),
    (RDFS.comment, "Comment"),
    (SKOS.scopeNote, "Scope note"),
    (SKOS.example, "Example"),
    (SKOS.note, "Note"),
    (SKOS.editorialNote, "Editorial note"),
)

_RELATED = (
    (OWL.equivalentClass, "Equivalent classes"),
    (OWL.equivalentProperty, "Equivalent properties"),
    (OWL.disjointWith, "Disjoint with"),
    (SKOS.exactMatch, "Exact match"),
    (SKOS.closeMatch, "Close match"),
    (RDFS.seeAlso, "See also"),
)

_TERM_SHOWN = frozenset(
    {
        RDF.type,
        RDFS.label,
        SKOS.prefLabel,
        RDFS.subClassOf,
        RDFS.subPropertyOf,
        RDFS.domain,
        RDFS.range,
        OWL.inverseOf,
        RDFS.isDefinedBy,
        *(p for p, _ in _NOTES),
        *(p for p, _ in _RELATED),
    }
)


def property_kind(html: Html, iri: URIRef) -> tuple[str, str]:
    types = set(html.doc.ontology.objects(iri, RDF.type))
    for rdf_type, name, _, section in PROPERTY_KINDS:
        if rdf_type in types:
            return name, section
    return "Property", "sec-other-properties"


def ontology_section(html: Html) -> str:
    doc = html.doc
    parts = [
        '<section id="sec-ontology">\n<h2>The ontology <span class="sv" lang="sv">Ontologin</span></h2>',
        f"<p>{len(doc.classes)} classes and {len(doc.properties)} properties, each with its "
        "Swedish and English label and definition. Terms of other vocabularies are linked to "
        'their own specifications; the ones this ontology builds on are listed under <a href="#sec-reused">Reused vocabularies</a>.</p>',
        '<section id="sec-classes">\n<h3 class="group">Classes <span class="sv" lang="sv">Klasser</span></h3>',
        _index(html, doc.classes),
        *(class_entry(html, c) for c in doc.classes),
        "</section>",
    ]
    for _, _, heading, section in PROPERTY_KINDS:
        members = [p for p in doc.properties if property_kind(html, p)[1] == section]
        if members:
            parts += [
                f'<section id="{section}">\n<h3 class="group">{escape(heading)}</h3>',
                _index(html, members),
                *(property_entry(html, p) for p in members),
                "</section>",
            ]
    parts.append("</section>")
    return "\n".join(parts)


def _index(html: Html, iris: Iterable[URIRef]) -> str:
    return '<p class="index">' + " · ".join(html.ref(i) for i in iris) + "</p>"


def _term_head(html: Html, iri: URIRef, kind: str) -> str:
    graph = html.doc.ontology
    labels = [*graph.objects(iri, RDFS.label), *graph.objects(iri, SKOS.prefLabel)]
    return (
        f'<h4><code>{escape(html.curie(str(iri)))}</code> <span class="badge">{escape(kind)}</span></h4>'
        f'<p class="labels">{html.labels(labels)}</p>'
    )


def _notes(html: Html, iri: URIRef) -> str:
    graph = html.doc.ontology
    out = []
    for predicate, name in _NOTES:
        values = list(graph.objects(iri, predicate))
        if values:
            heading = (
                "" if predicate == SKOS.definition else f'<p class="note-head">{escape(name)}</p>'
            )
            out.append(f'<div class="notes">{heading}{html.texts(values)}</div>')
    return "".join(out)


def _common_rows(html: Html, iri: URIRef) -> list[tuple[str, str]]:
    graph = html.doc.ontology
    rows = [(name, html.refs(graph.objects(iri, p))) for p, name in _RELATED]
    rows.append(("Shapes", html.refs(html.doc.shape_mentions.get(iri, ()))))
    defined_by = list(graph.objects(iri, RDFS.isDefinedBy)) or (
        [html.doc.ontology_iri] if html.doc.ontology_iri is not None else []
    )
    rows += other_statements(html, iri, graph, _TERM_SHOWN)
    rows.append(("Defined by", html.refs(defined_by)))
    return rows


def class_entry(html: Html, iri: URIRef) -> str:
    graph = html.doc.ontology
    rows = [
        ("IRI", iri_line(str(iri))),
        ("Superclasses", html.refs(graph.objects(iri, RDFS.subClassOf))),
        ("Subclasses", html.refs(graph.subjects(RDFS.subClassOf, iri))),
        ("In the domain of", html.refs(graph.subjects(RDFS.domain, iri))),
        ("In the range of", html.refs(graph.subjects(RDFS.range, iri))),
        *_common_rows(html, iri),
    ]
    return (
        f'<section class="term" id="{escape(html.doc.anchor(str(iri)))}">'
        f"{_term_head(html, iri, 'Class')}{_notes(html, iri)}{facts(rows)}</section>"
    )


def property_entry(html: Html, iri: URIRef) -> str:
    graph = html.doc.ontology
    kind, _ = property_kind(html, iri)
    types = set(graph.objects(iri, RDF.type))
    characteristics = ", ".join(name for t, name in _CHARACTERISTICS.items() if t in types)
    inverses = {*graph.objects(iri, OWL.inverseOf), *graph.subjects(OWL.inverseOf, iri)}
    rows = [
        ("IRI", iri_line(str(iri))),
        ("Characteristics", escape(characteristics)),
        ("Domain", html.refs(graph.objects(iri, RDFS.domain))),
        ("Range", html.refs(graph.objects(iri, RDFS.range))),
        ("Super-properties", html.refs(graph.objects(iri, RDFS.subPropertyOf))),
        ("Sub-properties", html.refs(graph.subjects(RDFS.subPropertyOf, iri))),
        ("Inverse", html.refs(inverses)),
        *_common_rows(html, iri),
    ]
    return (
        f'<section class="term" id="{escape(html.doc.anchor(str(iri)))}">'
        f"{_term_head(html, iri, kind)}{_notes(html, iri)}{facts(rows)}</section>"
    )


def reused_section(html: Html) -> str:
    """The standard vocabularies the ontology and shapes build on, and each term they use."""
    doc = html.doc
    uses = _external_uses(html)
    parts = [
        '<section id="sec-reused">\n<h3 class="group">Reused vocabularies '
        '<span class="sv" lang="sv">Återanvända vokabulär</span></h3>',
        "<p>The ontology adds terms only where no standard vocabulary has one. These are the "
        "standard terms it and its shapes use, each linked to its definition.</p>",
    ]
    prefixes = doc.namespaces.prefixes
    for prefix, (title, spec) in sorted(REUSED_VOCABULARIES.items(), key=lambda kv: kv[1][0]):
        terms = uses.get(prefix, {})
        if not terms:
            continue
        html.prefixes_used.add(prefix)
        rows = "".join(
            f"<tr><td>{html.ref(term)}</td><td>{_kind_of(term)}</td><td>{how}</td></tr>"
            for term, how in sorted(terms.items(), key=lambda kv: str(kv[0]))
        )
        parts.append(
            f'<section class="vocab" id="vocab-{escape(prefix)}"><h4>{escape(title)}</h4>'
            f"<p>Namespace <code>{escape(prefixes[prefix])}</code> (prefix <code>{escape(prefix)}:</code>) · "
            f'specification: <a href="{escape(spec)}">{escape(spec)}</a></p>'
            '<table class="list"><thead><tr><th>Term</th><th>Kind</th><th>How it is used here</th>'
            f"</tr></thead><tbody>{rows}</tbody></table></section>"
        )
    parts.append("</section>")
    return "\n".join(parts)


def _kind_of(term: URIRef) -> str:
    # These vocabularies all name classes with a capital and properties without.
    local = str(term).rsplit("/", 1)[-1].rsplit("#", 1)[-1]
    return "class" if local[:1].isupper() else "property"


_ROLES = {
    RDFS.subClassOf: "superclass of",
    RDFS.subPropertyOf: "super-property of",
    RDFS.domain: "domain of",
    RDFS.range: "range of",
    OWL.inverseOf: "inverse of",
    OWL.equivalentClass: "equivalent to",
    OWL.equivalentProperty: "equivalent to",
}


def _external_uses(html: Html) -> dict[str, dict[URIRef, str]]:
    """For each reused vocabulary, its terms and how the ontology and shapes use them."""
    doc = html.doc
    prefixes = doc.namespaces.prefixes
    namespaces = {prefixes[p]: p for p in REUSED_VOCABULARIES}
    roles: dict[URIRef, dict[str, set[Node]]] = {}
    statements: dict[URIRef, set[tuple[Node, Node]]] = {}

    def vocabulary_of(node: Node) -> str | None:
        if not isinstance(node, URIRef):
            return None
        return next((p for ns, p in namespaces.items() if str(node).startswith(ns)), None)

    for s, p, o in doc.ontology:
        if vocabulary_of(p) and s in html.documented:
            roles.setdefault(URIRef(str(p)), {}).setdefault("annotates", set()).add(s)
        elif vocabulary_of(p) and s == doc.ontology_iri:
            roles.setdefault(URIRef(str(p)), {}).setdefault("annotates the ontology", set())
        if vocabulary_of(o) and s in html.documented:
            role = _ROLES.get(URIRef(str(p)), f"value of {html.curie(str(p))} for")
            roles.setdefault(URIRef(str(o)), {}).setdefault(role, set()).add(s)
        if vocabulary_of(s):
            statements.setdefault(URIRef(str(s)), set()).add((p, o))
    for iri, shapes in doc.shape_mentions.items():
        if vocabulary_of(iri):
            roles.setdefault(iri, {}).setdefault("used by shapes", set()).update(shapes)
    for iri in statements:
        roles.setdefault(iri, {})
    result: dict[str, dict[URIRef, str]] = {}
    for iri, by_role in roles.items():
        prefix = vocabulary_of(iri)
        assert prefix is not None
        lines = []
        for role, users in sorted(by_role.items()):
            if role == "annotates" and len(users) > 4:
                lines.append(f"annotates {len(users)} terms")
            elif users:
                lines.append(f"{escape(role)} {html.refs(users)}")
            else:
                lines.append(escape(role))
        lines += [
            f"stated here: {html.ref(p)} {html.ref(o)}"
            for p, o in sorted(statements.get(iri, ()), key=lambda po: (str(po[0]), str(po[1])))
        ]
        result.setdefault(prefix, {})[iri] = "<br>".join(lines)
    return result
