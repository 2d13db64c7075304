"""The shapes' part of the documentation page.

A shape is described as a reader asks about it: what it targets, and for each property the
path (in SPARQL property-path syntax), how many values, what they must be, how bad a breach is
and the Swedish and English message a steward sees; a SPARQL constraint shows its query.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable, Sequence
from html import escape

from rdflib import Graph
from rdflib.namespace import RDF, RDFS, SH
from rdflib.term import BNode, Literal, Node, URIRef

from kg.docs.writer import Html, facts

_TARGETS = (
    (SH.targetClass, "every instance of"),
    (SH.targetSubjectsOf, "every subject of"),
    (SH.targetObjectsOf, "every object of"),
    (SH.targetNode, "the node"),
)

# Said of a shape elsewhere on its entry (header, counts, messages), not as a constraint.
_NOT_CONSTRAINTS = frozenset(
    {
        RDF.type,
        RDFS.label,
        RDFS.comment,
        SH.name,
        SH.description,
        SH.path,
        SH.minCount,
        SH.maxCount,
        SH.severity,
        SH.message,
        SH.property,
        SH.sparql,
        SH.deactivated,
        SH.order,
        SH.group,
        SH.flags,
        SH.qualifiedMinCount,
        SH.qualifiedMaxCount,
        SH.qualifiedValueShapesDisjoint,
        SH.ignoredProperties,
        *(p for p, _ in _TARGETS),
    }
)

_BOUNDS = (
    (SH.minInclusive, "≥"),
    (SH.minExclusive, ">"),
    (SH.maxInclusive, "≤"),
    (SH.maxExclusive, "<"),
)

_PAIRS = (
    (SH.equals, "the same values as"),
    (SH.disjoint, "no value in common with"),
    (SH.lessThan, "less than every value of"),
    (SH.lessThanOrEquals, "at most every value of"),
)

_ANY = "any number of values"

_SELECTED = re.compile(r"\bSELECT\b(.*?)\bWHERE\b", re.IGNORECASE | re.DOTALL)


def shapes_section(html: Html) -> str:
    """Every named shape: node shapes with their property shapes, then any left over."""
    doc = html.doc
    graph = doc.shapes
    owners = _owners(html)
    header_labels = (
        html.texts(graph.objects(doc.shapes_iri, RDFS.label)) if doc.shapes_iri is not None else ""
    )
    loose = [p for p in doc.property_shapes if p not in owners]
    parts = [
        '<section id="sec-shapes">\n<h2>The shapes <span class="sv" lang="sv">Formerna</span></h2>',
        f'<div class="lead">{header_labels}</div>',
        f"<p>{len(doc.node_shapes)} node shapes and {len(doc.property_shapes)} property shapes "
        "(SHACL) say what the graph's data must look like. A <em>Violation</em> makes "
        "<code>kg validate</code> fail and <code>kg load</code> refuse the data; a "
        "<em>Warning</em> is reported but does not stop it. Each rule has a message in Swedish "
        'and English. Download: <a href="shapes.ttl">shapes.ttl</a>.</p>',
        '<p class="index">' + " · ".join(html.ref(s) for s in doc.node_shapes) + "</p>",
        *(_node_shape(html, shape, owners) for shape in doc.node_shapes),
    ]
    if loose:
        parts += [
            '<section class="shape" id="sec-other-shapes"><h3>Other property shapes</h3>',
            _property_table(html, loose, owners, owner=None),
            "</section>",
        ]
    parts.append("</section>")
    return "\n".join(parts)


def _owners(html: Html) -> dict[URIRef, URIRef]:
    """For each property shape, the first node shape listing it: its row is drawn there."""
    owners: dict[URIRef, URIRef] = {}
    for shape in html.doc.node_shapes:
        for prop in html.doc.shapes.objects(shape, SH.property):
            if isinstance(prop, URIRef):
                owners.setdefault(prop, shape)
    return owners


def _node_shape(html: Html, shape: URIRef, owners: dict[URIRef, URIRef]) -> str:
    graph = html.doc.shapes
    order = {s: i for i, s in enumerate(html.doc.property_shapes)}
    properties = sorted(
        (p for p in graph.objects(shape, SH.property) if isinstance(p, URIRef)),
        key=lambda p: (order.get(p, len(order)), str(p)),
    )
    own = _constraints(html, shape)
    rows = [
        ("IRI", f'<code class="iri">{escape(str(shape))}</code>'),
        ("Targets", _targets(html, shape)),
        ("Used by", html.refs(html.doc.shape_mentions.get(shape, ()))),
        ("Constraints", "<br>".join(own)),
        ("Severity", _severity(graph, shape) if own else ""),
        ("Message", html.texts(graph.objects(shape, SH.message)) if own else ""),
    ]
    blank_properties = [
        p for p in html.sorted(graph.objects(shape, SH.property)) if isinstance(p, BNode)
    ]
    return (
        f'<section class="shape" id="{escape(html.doc.anchor(str(shape)))}">'
        f'<h3><code>{escape(html.curie(str(shape)))}</code> <span class="badge">Node shape</span></h3>'
        f"{_descriptions(html, shape)}{facts(rows)}"
        f"{_property_table(html, [*properties, *blank_properties], owners, owner=shape)}"
        + "".join(_sparql(html, c) for c in html.sorted(graph.objects(shape, SH.sparql)))
        + "</section>"
    )


def _descriptions(html: Html, shape: Node) -> str:
    graph = html.doc.shapes
    names = [*graph.objects(shape, SH.name), *graph.objects(shape, RDFS.label)]
    notes = [*graph.objects(shape, SH.description), *graph.objects(shape, RDFS.comment)]
    labels = f'<p class="labels">{html.labels(names)}</p>' if names else ""
    return labels + (f'<div class="notes">{html.texts(notes)}</div>' if notes else "")


def _targets(html: Html, shape: URIRef) -> str:
    graph = html.doc.shapes
    lines = [
        f"{words} {html.ref(value)}"
        for predicate, words in _TARGETS
        for value in html.sorted(graph.objects(shape, predicate))
    ]
    if (shape, RDF.type, RDFS.Class) in graph:
        lines.append("every instance of the shape itself (an implicit class target)")
    return "<br>".join(lines) or "none: the shape is applied through other shapes"


def _property_table(
    html: Html, shapes: Sequence[Node], owners: dict[URIRef, URIRef], *, owner: URIRef | None
) -> str:
    """One row group per property shape (a <tbody> carrying its anchor), so that a SPARQL
    constraint of the shape can follow in a full-width row of its own."""
    if not shapes:
        return ""
    graph = html.doc.shapes
    groups = []
    for prop in shapes:
        if isinstance(prop, URIRef) and owners.get(prop, owner) != owner:
            groups.append(
                f'<tbody><tr><td colspan="4">{html.ref(prop)}: described under '
                f"{html.ref(owners[prop])}</td></tr></tbody>"
            )
            continue
        group_id = f' id="{escape(html.doc.anchor(str(prop)))}"' if isinstance(prop, URIRef) else ""
        name = html.ref(prop) if isinstance(prop, URIRef) else "<em>an anonymous shape</em>"
        path = graph.value(prop, SH.path)
        count = _count(graph.value(prop, SH.minCount), graph.value(prop, SH.maxCount))
        constraints = _constraints(html, prop)
        # "any number of values" says nothing beside a constraint on each value.
        requires = constraints if constraints and count == _ANY else [count, *constraints]
        sparql = "".join(_sparql(html, c) for c in html.sorted(graph.objects(prop, SH.sparql)))
        groups.append(
            f"<tbody{group_id}><tr><td>{name}{_descriptions(html, prop)}"
            f'<p class="path">path {_path(html, path) if path is not None else "–"}</p></td>'
            f'<td><ul class="req">{"".join(f"<li>{r}</li>" for r in requires)}</ul></td>'
            f"<td>{_severity(graph, prop)}</td>"
            f"<td>{html.texts(graph.objects(prop, SH.message))}</td></tr>"
            + (f'<tr><td colspan="4">{sparql}</td></tr>' if sparql else "")
            + "</tbody>"
        )
    return (
        '<table class="list shapes"><thead><tr><th>Property shape</th><th>Values</th>'
        f"<th>Severity</th><th>Message</th></tr></thead>{''.join(groups)}</table>"
    )


def _path(html: Html, node: Node, *, top: bool = True) -> str:
    """A SHACL path in SPARQL property-path syntax: `^p`, `p / q`, `p | q`, `p*`."""
    graph = html.doc.shapes
    if not isinstance(node, BNode):
        return html.ref(node)
    if graph.value(node, RDF.first) is not None:
        text = " / ".join(_path(html, m, top=False) for m in graph.items(node))
        return text if top else f"({text})"
    inverse = graph.value(node, SH.inversePath)
    if inverse is not None:
        return "^" + _path(html, inverse, top=False)
    alternatives = graph.value(node, SH.alternativePath)
    if alternatives is not None:
        text = " | ".join(_path(html, m, top=False) for m in graph.items(alternatives))
        return text if top else f"({text})"
    for predicate, mark in (
        (SH.zeroOrMorePath, "*"),
        (SH.oneOrMorePath, "+"),
        (SH.zeroOrOnePath, "?"),
    ):
        inner = graph.value(node, predicate)
        if inner is not None:
            return _path(html, inner, top=False) + mark
    return "<em>an unrecognised path</em>"


def _count(minimum: Node | None, maximum: Node | None) -> str:
    low, high = _integer(minimum), _integer(maximum)
    if low is None and high is None:
        return _ANY
    if high == 0:
        return "no value"
    if low == high:
        return f"exactly {low} value{'s' * (low != 1)}"
    if low is not None and high is not None:
        return f"{low} to {high} values"
    if low is not None:
        return f"at least {low} value{'s' * (low != 1)}"
    return f"at most {high} value{'s' * (high != 1)}"


def _integer(node: Node | None) -> int | None:
    try:
        return int(node) if isinstance(node, Literal) else None
    except ValueError:  # not a count: SHACL validation reports the shape itself
        return None


def _severity(graph: Graph, node: Node) -> str:
    severity = graph.value(node, SH.severity)
    name = re.split(r"[/#]", str(severity))[-1] if severity is not None else "Violation"
    return f'<span class="sev sev-{escape(name.lower())}">{escape(name)}</span>'


def _constraints(html: Html, node: Node) -> list[str]:
    """What a shape requires of each value, one phrase per constraint, in a fixed order."""
    graph = html.doc.shapes
    out: list[str] = []

    def each(predicate: URIRef, phrase: Callable[[Node], str]) -> None:
        out.extend(phrase(v) for v in html.sorted(graph.objects(node, predicate)))

    def items(value: Node) -> list[Node]:
        return list(graph.items(value))

    each(SH["class"], lambda v: f"an instance of {html.ref(v)}")
    each(SH.datatype, lambda v: f"of datatype {html.ref(v)}")
    each(SH.nodeKind, lambda v: f"of node kind {html.ref(v)}")
    each(SH.hasValue, lambda v: f"has the value {html.ref(v)}")
    each(SH["in"], lambda v: "one of " + ", ".join(html.ref(m) for m in items(v)))
    each(SH.languageIn, lambda v: "language tag " + " or ".join(_code(m) for m in items(v)))
    each(SH.pattern, lambda v: f"matches {_code(v)}" + _flags(graph, node))
    each(SH.minLength, lambda v: f"at least {escape(str(v))} characters long")
    each(SH.maxLength, lambda v: f"at most {escape(str(v))} characters long")
    for bound, sign in _BOUNDS:
        out.extend(f"{sign} {escape(str(v))}" for v in html.sorted(graph.objects(node, bound)))
    if (node, SH.uniqueLang, Literal(True)) in graph:
        out.append("at most one value per language")
    for pair, words in _PAIRS:
        out.extend(f"{words} {html.ref(v)}" for v in html.sorted(graph.objects(node, pair)))
    each(SH.node, lambda v: f"conforms to {_member(html, v)}")
    each(SH["not"], lambda v: f"does not conform to {_member(html, v)}")
    each(SH["or"], lambda v: "either " + " or ".join(_member(html, m) for m in items(v)))
    each(SH["and"], lambda v: "all of " + " and ".join(_member(html, m) for m in items(v)))
    each(SH.xone, lambda v: "exactly one of " + ", ".join(_member(html, m) for m in items(v)))
    each(SH.qualifiedValueShape, lambda v: _qualified(html, node, v))
    if (node, SH.closed, Literal(True)) in graph:
        ignored = [m for v in graph.objects(node, SH.ignoredProperties) for m in items(v)]
        out.append("closed" + (f" (also allowed: {html.refs(ignored)})" if ignored else ""))
    shown = {SH["class"], SH.datatype, SH.nodeKind, SH.hasValue, SH["in"], SH.languageIn}
    shown |= {SH.pattern, SH.minLength, SH.maxLength, SH.uniqueLang, SH.node, SH["not"]}
    shown |= {SH["or"], SH["and"], SH.xone, SH.qualifiedValueShape, SH.closed}
    shown |= {p for p, _ in (*_BOUNDS, *_PAIRS)}
    # Anything else a shape says is shown as written, so no rule goes undocumented.
    for other in sorted(set(graph.predicates(node)) - shown - _NOT_CONSTRAINTS, key=str):
        out.extend(
            f"{html.ref(other)} {html.ref(v)}" for v in html.sorted(graph.objects(node, other))
        )
    return out


def _member(html: Html, node: Node) -> str:
    """A shape inside sh:or, sh:not…: a link if it is named, else what it requires."""
    if isinstance(node, URIRef):
        return html.ref(node)
    graph = html.doc.shapes
    phrases = _constraints(html, node)
    if graph.value(node, SH.minCount) is not None or graph.value(node, SH.maxCount) is not None:
        phrases.insert(0, _count(graph.value(node, SH.minCount), graph.value(node, SH.maxCount)))
    path = graph.value(node, SH.path)
    if path is not None:
        phrases.insert(0, f"path {_path(html, path)}")
    text = " and ".join(phrases) or "anything"
    return f"({text})" if len(phrases) > 1 else text


def _qualified(html: Html, node: Node, value_shape: Node) -> str:
    graph = html.doc.shapes
    count = _count(graph.value(node, SH.qualifiedMinCount), graph.value(node, SH.qualifiedMaxCount))
    return f"{count} that {'is' if count.endswith('value') else 'are'} {_member(html, value_shape)}"


def _flags(graph: Graph, node: Node) -> str:
    flags = graph.value(node, SH.flags)
    return f" (flags {_code(flags)})" if flags is not None else ""


def _code(node: Node) -> str:
    return f"<code>{escape(str(node))}</code>"


def _sparql(html: Html, constraint: Node) -> str:
    graph = html.doc.shapes
    select = graph.value(constraint, SH.select)
    query = textwrap.dedent(str(select).strip("\n")).rstrip() if select is not None else ""
    found = _SELECTED.search(query)
    variables = " ".join(found.group(1).split()) if found else ""
    prefixes = html.refs(graph.objects(constraint, SH.prefixes))
    summary = (
        "Each row the query selects is reported as a result"
        + (f" (variables <code>{escape(variables)}</code>)" if variables else "")
        + (f"; the query uses the prefixes declared by {prefixes}." if prefixes else ".")
    )
    return (
        '<div class="sparql"><p class="sparql-head"><span class="badge">SPARQL constraint</span> '
        f"{_severity(graph, constraint)}</p>"
        f"{html.texts(graph.objects(constraint, SH.message))}"
        f'<p class="summary">{summary}</p>'
        f"<details><summary>The query</summary><pre><code>{escape(query)}</code></pre></details>"
        "</div>"
    )
