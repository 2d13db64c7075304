"""A resource's HTML page, rendered from the same gathered triples its RDF is serialised from.

Names come from the view's own label triples (in the language asked for, then Swedish,
English, untagged); names of classes and properties come from the ontology's files.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from urllib.parse import quote, urlencode

import pyoxigraph as ox
from starlette.requests import Request
from starlette.responses import HTMLResponse

from api.pages import esc, page, root
from kg.namespaces import STANDARD_PREFIXES, Namespaces
from kg.relations import RDF_TYPE
from kg.resource_view import LABEL_PREDICATES, ResourceView
from kg.term_files import TermFiles
from kg.terms import XSD_STRING

# Per-format URLs of a resource: `?format=<key>` (the IRI itself stays the one identifier).
FORMAT_NAMES = {"ttl": "Turtle", "nt": "N-Triples", "jsonld": "JSON-LD", "rdf": "RDF/XML"}
_MAX_NESTING = 4
_QUOTE_CHARS = 110


@dataclass(frozen=True)
class PageContext:
    """What a page needs besides the view: how to name terms and link IRIs."""

    request: Request
    namespaces: Namespaces
    terms: TermFiles
    lang: str
    docs_anchor: Callable[[str], str | None]
    """The fragment of the docs page documenting an IRI, if the docs document it."""

    def href(self, iri: str) -> str:
        """A site-relative link for an IRI under the base, the IRI itself otherwise."""
        base = self.namespaces.base_iri
        if iri.startswith(base):
            return root(self.request) + "/" + iri[len(base) :]
        return iri

    def curie(self, iri: str) -> str:
        compact = self.namespaces.compact(iri)
        return iri if compact.startswith("<") else compact

    def name(self, view: ResourceView, iri: str) -> str | None:
        """The resource's label from the view, else the term's label from the ontology."""
        return view.label(iri, lang=self.lang) or self.terms.describe(iri).text(
            *LABEL_PREDICATES, lang=self.lang
        )

    def link_text(self, view: ResourceView, iri: str) -> str | None:
        """What a link to `iri` shows, as HTML: its name, else (a stance) the start of its
        quote, marked as Swedish."""
        name = self.name(view, iri)
        if name:
            return esc(name)
        quote = view.describe(iri).text(self.namespaces.iri("lsk:quote"), lang="sv")
        if not quote:
            return None
        short = quote if len(quote) <= _QUOTE_CHARS else quote[:_QUOTE_CHARS].rstrip() + "…"
        return f"<span lang='sv'>“{esc(short)}”</span>"


def render(view: ResourceView, context: PageContext) -> HTMLResponse:
    """The whole page for `view`."""
    ns = context.namespaces
    about = view.describe()
    types = sorted(about.types)
    stance = ns.iri("lsk:Stance") in about.types
    title = context.name(view, view.iri) or (
        _stance_title(view, context) if stance else context.curie(view.iri)
    )
    kinds = ", ".join(context.name(view, t) or context.curie(t) for t in types)
    parts = [
        f"<p class='kind'>{esc(kinds or 'Resource')}</p>",
        f"<h1>{esc(title)}</h1>",
        f"<p class='iri'>{esc(view.iri)}</p>",
    ]
    if types:
        parts.append("<p class='types'>" + "".join(_link(view, t, context) for t in types) + "</p>")
    if stance:
        parts.append(_stance_card(view, context))
    parts.append(_properties(view, context))
    parts.append(_provenance(view, context))
    parts.append(_incoming(view, context))
    parts.append(_elsewhere(view, context))
    return page(context.request, title, "\n".join(p for p in parts if p))


def _stance_title(view: ResourceView, context: PageContext) -> str:
    about = view.describe()
    ns = context.namespaces
    actor = next(iter(about.links(ns.iri("prov:wasAttributedTo"))), None)
    kind = next(iter(about.links(ns.iri("lsk:stanceType"))), None)
    who = context.name(view, actor) if actor else None
    what = context.name(view, kind) if kind else None
    return f"{who or 'Stance'}: {what}" if what else (who or "Stance")


def _stance_card(view: ResourceView, context: PageContext) -> str:
    ns = context.namespaces
    about = view.describe()
    rows: list[tuple[str, str]] = []
    for quote_literal in about.literals(ns.iri("lsk:quote")):
        rows.append(("", _blockquote(quote_literal)))

    def links(label: str, curie: str) -> None:
        found = about.links(ns.iri(curie))
        if found:
            rows.append((label, ", ".join(_link(view, iri, context) for iri in found)))

    links("Stance type", "lsk:stanceType")
    verbs = about.literals(ns.iri("lsk:verb"))
    if verbs:
        rows.append(("Verb", ", ".join(_literal(v) for v in verbs)))
    links("Actor", "prov:wasAttributedTo")
    links("About", "lsk:target")
    cited = about.literals(ns.iri("lsk:citedSection"))
    if cited:
        rows.append(("Cited section", ", ".join(_literal(v) for v in cited)))
    links("Themes", "lsk:theme")
    links("Document", "dcterms:source")
    files = _source_files(view, context, about.links(ns.iri("dcterms:source")))
    if files:
        rows.append(("Source file", ", ".join(f"<code>{esc(f)}</code>" for f in files)))
    links("Derived from", "prov:wasDerivedFrom")
    quote_html = "".join(value for label, value in rows if not label)
    card = "".join(f"<dt>{esc(label)}</dt><dd>{value}</dd>" for label, value in rows if label)
    return f"{quote_html}<dl class='card'>{card}</dl>"


def _blockquote(literal: ox.Literal) -> str:
    lang = literal.language or "sv"
    return f"<blockquote class='quote' lang='{esc(lang)}'>{esc(literal.value)}</blockquote>"


def _source_files(view: ResourceView, context: PageContext, documents: Sequence[str]) -> list[str]:
    ns = context.namespaces
    names: list[str] = []
    for document in documents:
        for text in view.describe(document).links(ns.iri("lsk:sourceText")):
            names += [n.value for n in view.describe(text).literals(ns.iri("lsk:fileName"))]
    return sorted(set(names))


def _properties(view: ResourceView, context: PageContext) -> str:
    about = view.describe()
    if not about.values:
        return ""
    order = {p: i for i, p in enumerate((RDF_TYPE, *LABEL_PREDICATES))}

    def key(predicate: str) -> tuple[int, str]:
        return (order.get(predicate, len(order)), _predicate_name(view, predicate, context))

    rows = []
    for predicate in sorted(about.values, key=key):
        values = "".join(f"<li>{_value(view, v, context, 0)}</li>" for v in about.values[predicate])
        rows.append(
            f"<tr><td class='property'>{_predicate(view, predicate, context)}</td>"
            f"<td><ul class='values'>{values}</ul></td></tr>"
        )
    note = (
        "<p class='note'>Only the first 10,000 statements are shown.</p>" if view.truncated else ""
    )
    return f"<h2>Properties</h2><table>{''.join(rows)}</table>{note}"


def _provenance(view: ResourceView, context: PageContext) -> str:
    sources = view.sources(context.namespaces)
    if not sources and not view.graphs:
        return ""
    items = []
    for source in sources:
        files = _source_files(view, context, [source])
        files += [
            n.value for n in view.describe(source).literals(context.namespaces.iri("lsk:fileName"))
        ]
        detail = "".join(f" · source file <code>{esc(f)}</code>" for f in sorted(set(files)))
        items.append(f"<li>{_link(view, source, context)}{detail}</li>")
    for graph in view.graphs:
        shown = graph.removeprefix(context.namespaces.base_iri)
        items.append(
            f"<li>named graph <a href='{esc(context.href(graph))}'><code>{esc(shown)}</code></a>"
            "</li>"
        )
    return "<h2>Where this comes from</h2><ul>" + "".join(items) + "</ul>"


def _incoming(view: ResourceView, context: PageContext) -> str:
    if not view.incoming_total:
        return ""
    grouped = view.incoming()
    sections = []
    for predicate, count in sorted(view.incoming_counts.items()):
        subjects = grouped.get(predicate, [])
        shown = "".join(f"<li>{_link(view, s, context)}</li>" for s in subjects)
        more = count - len(subjects)
        rest = f"<li class='note'>… and {more:,} more on other pages</li>" if more > 0 else ""
        sections.append(
            f"<h3>{_predicate(view, predicate, context, inline=True)} "
            f"<span class='note'>({count:,})</span></h3><ul>{shown}{rest}</ul>"
        )
    window = view.window
    page_number = window.offset // window.limit + 1
    nav = []
    if window.offset > 0:
        nav.append(_page_link(context, page_number - 1, "← previous"))
    if window.offset + window.limit < view.incoming_total:
        nav.append(_page_link(context, page_number + 1, "next →"))
    paging = (
        f"<p class='note'>Links {window.offset + 1:,}–"
        f"{min(window.offset + window.limit, view.incoming_total):,} of "
        f"{view.incoming_total:,}, by property. {' '.join(nav)}</p>"
        if view.incoming_total > window.limit or window.offset
        else ""
    )
    return (
        f"<h2>Referred to by <span class='note'>({view.incoming_total:,})</span></h2>"
        + paging
        + "".join(sections)
    )


def _page_link(context: PageContext, number: int, text: str) -> str:
    query = {"page": str(number)}
    if context.lang != "en":
        query["lang"] = context.lang
    return f"<a href='?{esc(urlencode(query))}'>{esc(text)}</a>"


def _elsewhere(view: ResourceView, context: PageContext) -> str:
    formats = "".join(
        f"<a href='?format={key}' rel='alternate'>{esc(name)}</a>"
        for key, name in FORMAT_NAMES.items()
    )
    prefix = root(context.request)
    describe = f"DESCRIBE {ox.NamedNode(view.iri)}"
    graphql = f'{{ node(id: "{view.iri}") {{ id label types sources {{ label }} }} }}'
    links = [
        f"<a href='{esc(prefix)}/sparql?{esc(urlencode({'query': describe}))}'>SPARQL</a>",
        f"<a href='{esc(prefix)}/graphql?query={esc(quote(graphql))}'>GraphQL</a>",
    ]
    anchor = context.docs_anchor(view.iri)
    if anchor is not None:
        links.append(f"<a href='{esc(prefix)}/def/#{esc(anchor)}'>vocabulary documentation</a>")
    other = "sv" if context.lang == "en" else "en"
    language = "på svenska" if other == "sv" else "in English"
    return (
        "<h2>This resource elsewhere</h2>"
        f"<p class='formats'>As data: {formats}</p>"
        f"<p class='formats'>Ask about it: {' '.join(links)}</p>"
        f"<p class='formats'><a href='?lang={other}'>Labels {esc(language)}</a></p>"
    )


def _predicate(
    view: ResourceView, predicate: str, context: PageContext, *, inline: bool = False
) -> str:
    name = _predicate_name(view, predicate, context)
    curie = context.curie(predicate)
    small = "" if name == curie else f"<small>{esc(curie)}</small>"
    if inline and small:
        small = f" <span class='curie inline'>{esc(curie)}</span>"
    return f"<a href='{esc(context.href(predicate))}'>{esc(name)}</a>{small}"


def _predicate_name(view: ResourceView, predicate: str, context: PageContext) -> str:
    return context.name(view, predicate) or context.curie(predicate)


def _link(view: ResourceView, iri: str, context: PageContext) -> str:
    text = context.link_text(view, iri)
    curie = context.curie(iri)
    shown = text or f"<code>{esc(curie)}</code>"
    return f"<a href='{esc(context.href(iri))}' title='{esc(curie)}'>{shown}</a>"


def _value(view: ResourceView, value: object, context: PageContext, depth: int) -> str:
    if isinstance(value, ox.NamedNode):
        return _link(view, value.value, context)
    if isinstance(value, ox.Literal):
        return _literal(value, context)
    if isinstance(value, ox.BlankNode) and depth < _MAX_NESTING:
        nested = view.describe(value.value)
        inner = "".join(
            f"<li>{_predicate(view, p, context, inline=True)}: "
            + ", ".join(_value(view, v, context, depth + 1) for v in values)
            + "</li>"
            for p, values in sorted(nested.values.items())
        )
        return f"<ul class='values'>{inner}</ul>"
    return "<code>[…]</code>"


def _literal(literal: ox.Literal, context: PageContext | None = None) -> str:
    if literal.language:
        return (
            f"<span lang='{esc(literal.language)}'>{esc(literal.value)}</span>"
            f"<span class='lang' title='language'>{esc(literal.language)}</span>"
        )
    datatype = literal.datatype.value
    if datatype == XSD_STRING:
        return esc(literal.value)
    shown = datatype.replace(STANDARD_PREFIXES["xsd"], "xsd:")
    if context is not None:
        shown = context.curie(datatype)
    return f"{esc(literal.value)}<span class='datatype'>{esc(shown)}</span>"
