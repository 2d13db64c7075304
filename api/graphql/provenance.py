"""Provenance in GraphQL answers: where a passage stands in its source text file.

A stance's quote (`Stance.location`) and the words that state a curated fact
(`Node.statedFacts`) are located the same way, as a Web Annotation specific resource of the
source text with a text quote selector and a text position selector, so both answer with one
type, `QuoteLocation`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import pyoxigraph as ox
import strawberry
from strawberry.types import Info

from api.graphql import refs
from api.graphql.connection import MAX_PAGE
from api.graphql.context import IncomingKey
from api.graphql.node import LOCATION_PREDICATES, request
from kg.namespaces import Namespaces
from kg.relations import Description, Window

__all__ = ["LOCATION_PREDICATES", "QuoteLocation", "StatedFact", "located", "stated_facts"]

if TYPE_CHECKING:
    from api.graphql.documents import Document


@strawberry.type(
    description="Where a passage stands in its source text file (a stance's quote, or the "
    "words that state a curated fact): a Web Annotation specific resource with a text quote "
    "selector and a text position selector. Offsets count code points of the file read as "
    "UTF-8, from 0, end exclusive, so the file's text from `start` to `end` is `exact`."
)
class QuoteLocation:
    document: Annotated[Document, strawberry.lazy("api.graphql.documents")] | None = (
        strawberry.field(description="The document the passage stands in, where it is known.")
    )
    file: str | None = strawberry.field(
        description="The source text file in ../shared/seeds the offsets count in."
    )
    line_start: int | None = strawberry.field(
        description="The line of the file the passage begins on, counting from 1."
    )
    line_end: int | None = strawberry.field(
        description="The line of the file the passage's last character is on, counting from 1."
    )
    start: int | None = strawberry.field(
        description="Offset of the passage's first character in the file (oa:start, from 0)."
    )
    end: int | None = strawberry.field(
        description="Offset just after the passage's last character (oa:end, exclusive)."
    )
    exact: str | None = strawberry.field(
        description="The file's exact characters from start to end, line breaks included "
        "(oa:exact); a stance's `quote` is this text with whitespace normalised."
    )
    prefix: str | None = strawberry.field(
        description="The characters of the file just before the passage (oa:prefix)."
    )
    suffix: str | None = strawberry.field(
        description="The characters of the file just after the passage (oa:suffix)."
    )
    occurrence: int | None = strawberry.field(
        description="Where the passage occurs more than once in the file: which occurrence "
        "this is, counting from 1."
    )
    occurrences: int | None = strawberry.field(
        description="Where the passage occurs more than once in the file: how many times."
    )


@strawberry.type(
    description="A curated fact about a resource (a relation, a date, an identifier, a role) "
    "and where the sources state it; or, where none does, the curator's reason."
)
class StatedFact:
    predicate: str = strawberry.field(description="The property, as a CURIE (`dcterms:date`).")
    value: str = strawberry.field(
        description="The value: a CURIE or IRI for a resource, the text of a literal."
    )
    curator_note: str | None = strawberry.field(
        description="Where no source states the fact: the curator's reason for holding it."
    )
    locations: list[QuoteLocation] = strawberry.field(
        description="Each place a source text states the fact."
    )


async def located(info: Info, spans: list[str], documents: list[Any]) -> list[QuoteLocation]:
    """The locations of `spans` (oa:SpecificResource IRIs), their sources and selectors read
    in two batched store queries; each gets the first of `documents` held in its file."""
    if not spans:
        return []
    context = request(info)
    ns = context.namespaces
    context.spend(len(spans))
    described = await context.describe(spans)
    wanted = [
        iri
        for span in described
        for iri in (*span.links(ns.iri("oa:hasSource"))[:1], *span.links(ns.iri("oa:hasSelector")))
    ]
    context.spend(len(wanted))
    parts = {d.iri: d for d in await context.describe(list(dict.fromkeys(wanted)))}
    return [_location(span, parts, documents, ns) for span in described]


def _location(
    span: Description, parts: dict[str, Description], documents: list[Any], ns: Namespaces
) -> QuoteLocation:
    expand = ns.iri
    sources = span.links(expand("oa:hasSource"))[:1]
    source = parts.get(sources[0]) if sources else None
    selectors = [parts[s] for s in span.links(expand("oa:hasSelector")) if s in parts]

    def number(about: Description | None, curie: str) -> int | None:
        values = about.literals(expand(curie)) if about is not None else []
        return int(values[0].value) if values else None

    def string(about: Description | None, curie: str) -> str | None:
        values = about.literals(expand(curie)) if about is not None else []
        return values[0].value if values else None

    def selector(curie: str) -> Description | None:
        return next((d for d in selectors if expand(curie) in d.types), None)

    held = [
        d for d in documents if sources and sources[0] in d.about.links(expand("lsk:sourceText"))
    ]
    quote, position = selector("oa:TextQuoteSelector"), selector("oa:TextPositionSelector")
    return QuoteLocation(
        document=held[0] if held else (documents[0] if len(documents) == 1 else None),
        file=string(source, "lsk:fileName"),
        line_start=number(span, "lsk:lineStart"),
        line_end=number(span, "lsk:lineEnd"),
        start=number(position, "oa:start"),
        end=number(position, "oa:end"),
        exact=string(quote, "oa:exact"),
        prefix=string(quote, "oa:prefix"),
        suffix=string(quote, "oa:suffix"),
        occurrence=number(span, "lsk:occurrence"),
        occurrences=number(span, "lsk:occurrences"),
    )


async def stated_facts(node: Any, info: Info, predicate: str | None) -> list[StatedFact]:
    """The curated statements about `node` (rdf:Statement with rdf:subject the node), with
    their places, optionally only those of one predicate (a CURIE or IRI)."""
    from api.graphql.node import resolve_all  # the types module imports this one

    context = request(info)
    ns = context.namespaces
    wanted = ns.expand(predicate) if predicate is not None else None
    key = IncomingKey(
        (ns.iri("rdf:subject"),), node.about.iri, ns.iri("rdf:Statement"), Window(0, MAX_PAGE)
    )
    page = await context.pointing_to(key)
    context.spend(len(page.items))
    statements = await context.describe(list(page.items))
    chosen = [s for s in statements if wanted is None or wanted in s.links(ns.iri("rdf:predicate"))]
    own = [node] if ns.iri("lsk:sourceText") in node.about.values else []
    documents = own + await resolve_all(
        info, node.about.links(ns.iri("dcterms:source")), refs.Document
    )
    # All the places of all the statements in one batch, then dealt back to each statement.
    spans = [statement.links(ns.iri("lsk:statedAt")) for statement in chosen]
    flat = await located(info, [span for some in spans for span in some], documents)
    facts = []
    for statement, some in zip(chosen, spans, strict=True):
        places, flat = flat[: len(some)], flat[len(some) :]
        value = statement.objects(ns.iri("rdf:object"))
        notes = statement.literals(ns.iri("lsk:curatorNote"))
        predicates = statement.links(ns.iri("rdf:predicate"))
        facts.append(
            StatedFact(
                predicate=ns.compact(predicates[0]) if predicates else "",
                value=_shown(value[0], ns) if value else "",
                curator_note=notes[0].value if notes else None,
                locations=places,
            )
        )
    return sorted(facts, key=lambda f: (f.predicate, f.value))


def _shown(term: Any, ns: Namespaces) -> str:
    return ns.compact(term.value) if isinstance(term, ox.NamedNode) else str(term.value)
