"""Writing RDF terms as HTML: links to their anchors or to themselves, texts marked with
their language, tables of facts. Everything passes through `html.escape`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape

from rdflib import Graph
from rdflib.namespace import OWL, RDFS, SKOS
from rdflib.term import BNode, Literal, Node, URIRef

from kg.docs.model import Documented

LANGUAGES = ("en", "sv")


class Html:
    """Renders mentions of RDF terms as links and records the prefixes the page shows."""

    def __init__(self, doc: Documented) -> None:
        self.doc = doc
        self.documented = doc.documented()
        self.prefixes_used: set[str] = set()

    def curie(self, iri: str) -> str:
        compact = self.doc.namespaces.compact(iri)
        if compact.startswith("<"):
            return iri
        self.prefixes_used.add(compact.split(":", 1)[0])
        return compact

    def _namespace_curie(self, iri: str) -> str:
        """`lsksh:` for an IRI that is a namespace itself, else the IRI."""
        for prefix, namespace in sorted(self.doc.namespaces.prefixes.items()):
            if iri == namespace:
                self.prefixes_used.add(prefix)
                return prefix + ":"
        return iri

    def ref(self, node: Node) -> str:
        """A link to what `node` names: its anchor here, else the IRI itself."""
        if isinstance(node, Literal):
            return self.literal(node)
        if isinstance(node, BNode):
            return self.expression(node)
        iri = str(node)
        if node in (self.doc.ontology_iri, self.doc.shapes_iri):
            target = "sec-overview" if node == self.doc.ontology_iri else "sec-shapes"
            shown = self._namespace_curie(iri)
            return f'<a href="#{target}" title="{escape(iri)}"><code>{escape(shown)}</code></a>'
        shown = self.curie(iri)
        if node in self.documented:
            if shown == iri:  # no prefix for it: a concept, shown by its label
                label = self.label(node, self.doc.vocabulary)
                shown = label or iri
                text = escape(shown)
            else:
                text = f"<code>{escape(shown)}</code>"
            return f'<a href="#{escape(self.doc.anchor(iri))}" title="{escape(iri)}">{text}</a>'
        if iri.startswith(("http://", "https://")):
            return f'<a class="ext" href="{escape(iri)}" title="{escape(iri)}"><code>{escape(shown)}</code></a>'
        return f"<code>{escape(shown)}</code>"

    def refs(self, nodes: Iterable[Node], separator: str = ", ") -> str:
        return separator.join(self.ref(n) for n in self.sorted(nodes))

    def sorted(self, nodes: Iterable[Node]) -> list[Node]:
        """Distinct nodes in a fixed order: IRIs, then literals, then blank nodes by content."""
        return sorted(set(nodes), key=self.key)

    def key(self, node: Node, depth: int = 0) -> tuple[int, str]:
        # Blank node labels change from one parse to the next, so a blank node is ordered by
        # what is said of it.
        if not isinstance(node, BNode):
            return (0 if isinstance(node, URIRef) else 1, str(node))
        if depth > 3:
            return (2, "")
        said = sorted(
            f"{p} {self.key(o, depth + 1)}"
            for graph in (self.doc.ontology, self.doc.shapes, self.doc.vocabulary)
            for p, o in graph.predicate_objects(node)
        )
        return (2, "; ".join(said))

    def literal(self, literal: Literal) -> str:
        lang = f' lang="{escape(literal.language)}"' if literal.language else ""
        return f"<span{lang}>{escape(str(literal))}</span>" if lang else escape(str(literal))

    def expression(self, node: BNode) -> str:
        """An anonymous OWL class, written out: `A or B`, `not A`, `p some C`."""
        graph = self.doc.ontology
        for predicate, word in ((OWL.unionOf, " or "), (OWL.intersectionOf, " and ")):
            members = graph.value(node, predicate)
            if members is not None:
                return "(" + word.join(self.ref(m) for m in graph.items(members)) + ")"
        complement = graph.value(node, OWL.complementOf)
        if complement is not None:
            return f"not {self.ref(complement)}"
        on = graph.value(node, OWL.onProperty)
        if on is not None:
            for predicate, word in (
                (OWL.someValuesFrom, "some"),
                (OWL.allValuesFrom, "only"),
                (OWL.hasValue, "value"),
            ):
                value = graph.value(node, predicate)
                if value is not None:
                    return f"{self.ref(on)} {word} {self.ref(value)}"
        return "an anonymous class"

    def label(self, node: Node, graph: Graph, lang: str = "en") -> str | None:
        """The node's label in `lang` (else in any language), if it has one."""
        labels = [*graph.objects(node, SKOS.prefLabel), *graph.objects(node, RDFS.label)]
        chosen = [x for x in labels if isinstance(x, Literal) and x.language == lang] or [
            x for x in labels if isinstance(x, Literal)
        ]
        return str(sorted(chosen, key=str)[0]) if chosen else None

    def texts(self, literals: Iterable[Node], *, tag: str = "p") -> str:
        """Each text in its own element, marked with its language: English, Swedish, others."""
        return "".join(
            f'<{tag} class="t" lang="{escape(x.language)}">{escape(str(x))}</{tag}>'
            if x.language
            else f"<{tag}>{escape(str(x))}</{tag}>"
            for x in sorted_texts(literals)
        )

    def labels(self, literals: Iterable[Node]) -> str:
        return self.texts(literals, tag="span")


def sorted_texts(nodes: Iterable[Node]) -> list[Literal]:
    literals = {n for n in nodes if isinstance(n, Literal)}

    def key(x: Literal) -> tuple[int, str, str]:
        lang = x.language or ""
        rank = LANGUAGES.index(lang) if lang in LANGUAGES else len(LANGUAGES) + (not lang)
        return (rank, lang, str(x))

    return sorted(literals, key=key)


def facts(rows: Sequence[tuple[str, str]], *, cls: str = "facts") -> str:
    """A two-column table of what is known, leaving out rows with nothing to say."""
    body = "".join(
        f"<tr><th>{escape(name)}</th><td>{value}</td></tr>" for name, value in rows if value
    )
    return f'<table class="{cls}"><tbody>{body}</tbody></table>' if body else ""


def iri_line(iri: str) -> str:
    return f'<a class="iri" href="{escape(iri)}"><code>{escape(iri)}</code></a>'


def other_statements(
    html: Html, subject: Node, graph: Graph, shown: frozenset[URIRef]
) -> list[tuple[str, str]]:
    """Rows for whatever else the file says of `subject`, so nothing in it goes unshown."""
    predicates = sorted({p for p in graph.predicates(subject) if p not in shown}, key=str)
    return [(html.curie(str(p)), html.refs(graph.objects(subject, p), "<br>")) for p in predicates]
