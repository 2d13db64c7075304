"""Compact JSON-LD with the project's own @context, written deterministically.

pyoxigraph writes expanded JSON-LD only (full IRIs, every value an object). This writer gives
what a reader of the published dumps wants instead: one node object per subject under
"@graph", CURIE keys from the project's prefixes, "@type" for rdf:type, {"@id": …} for
resources, plain strings for xsd:string, and {"@value", "@language"} or {"@value", "@type"}
for other literals (kept as strings, so every lexical form survives). The @context it uses
is the one `context()` gives and the project publishes as dumps/context.jsonld; the dump
carries it inline, so a consumer needs no fetch.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from itertools import groupby
from typing import Any

import pyoxigraph as ox

from kg.errors import NotRepresentable
from kg.namespaces import Namespaces
from kg.terms import XSD_STRING

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

JsonValue = str | dict[str, str]
_Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


def context(namespaces: Namespaces) -> dict[str, str]:
    """The @context object: every project prefix (standard and local), sorted by prefix.

    Every namespace ends in "/" or "#", so JSON-LD 1.1 lets each term act as a CURIE prefix.
    """
    return dict(sorted(namespaces.prefixes.items()))


def context_document(namespaces: Namespaces) -> bytes:
    """The published context file: {"@context": {...}}."""
    return _dumps({"@context": context(namespaces)}, indent=2) + b"\n"


def document(triples: Iterable[ox.Triple], *, namespaces: Namespaces) -> bytes:
    """A JSON-LD document of `triples`, which must come sorted by subject (as export sorts
    them): node objects follow that order, keys are sorted, values keep their order."""
    writer = _Compactor(namespaces)
    inline = _dumps(context(namespaces), indent=2).replace(b"\n", b"\n  ")
    parts = [b'{\n  "@context": ', inline, b',\n  "@graph": [\n']
    first = True
    for node in writer.nodes(triples):
        if not first:
            parts.append(b",\n")
        parts.append(b"    " + _dumps(node))
        first = False
    parts.append(b"\n  ]\n}\n")
    return b"".join(parts)


class _Compactor:
    """Turns triples into node objects, compacting IRIs only to CURIEs JSON-LD reads back."""

    def __init__(self, namespaces: Namespaces) -> None:
        self._namespaces = namespaces
        self._prefixes = set(namespaces.prefixes)
        self._cache: dict[str, str] = {}
        # By term: a million-triple dump repeats its resources and predicates many times over.
        self._ids: dict[_Term, str] = {}
        self._refs: dict[_Term, dict[str, str]] = {}

    def nodes(self, triples: Iterable[ox.Triple]) -> Iterator[dict[str, Any]]:
        for subject, group in groupby(triples, key=lambda t: t.subject):
            node: dict[str, Any] = {"@id": self._node_id(subject)}
            types: list[str] = []
            values: dict[str, list[JsonValue]] = {}
            for triple in group:
                predicate, obj = triple.predicate, triple.object
                if isinstance(obj, ox.Literal):
                    value: JsonValue = self._literal(obj)
                elif predicate.value == RDF_TYPE:
                    types.append(self._node_id(obj))
                    continue
                else:
                    value = self._refs.get(obj) or self._reference(obj)
                values.setdefault(self._node_id(predicate), []).append(value)
            if types:
                node["@type"] = types[0] if len(types) == 1 else types
            for key, found in values.items():
                node[key] = found[0] if len(found) == 1 else found
            yield node

    def iri(self, iri: str) -> str:
        """A CURIE where `Namespaces.compact` gives one, else the IRI itself."""
        cached = self._cache.get(iri)
        if cached is not None:
            return cached
        compact = self._namespaces.compact(iri)
        if compact.startswith("<"):
            # A full IRI whose scheme is one of the context's terms would be read back as a
            # CURIE and expanded into another IRI; refuse rather than publish a wrong graph.
            scheme = iri.split(":", 1)[0]
            if scheme in self._prefixes:
                raise NotRepresentable(
                    f"<{iri}> cannot be written as JSON-LD: its scheme {scheme!r} is also a "
                    "prefix of the project's @context",
                    hint="Use another IRI, or export in a format other than jsonld.",
                )
            compact = iri
        self._cache[iri] = compact
        return compact

    def _node_id(self, term: _Term) -> str:
        found = self._ids.get(term)
        if found is not None:
            return found
        if isinstance(term, ox.BlankNode):
            found = f"_:{term.value}"
        elif isinstance(term, ox.NamedNode):
            found = self.iri(term.value)
        else:
            raise NotRepresentable(f"{term} cannot be a node in JSON-LD")  # no RDF-star here
        self._ids[term] = found
        return found

    def _reference(self, term: _Term) -> dict[str, str]:
        # One object per resource, shared by every node that points to it (json only reads it).
        reference = {"@id": self._node_id(term)}
        self._refs[term] = reference
        return reference

    def _literal(self, term: ox.Literal) -> JsonValue:
        if term.language:
            return {"@value": term.value, "@language": term.language}
        datatype = term.datatype.value
        if datatype == XSD_STRING:
            return term.value
        return {"@value": term.value, "@type": self.iri(datatype)}


def _dumps(value: Mapping[str, Any], *, indent: int | None = None) -> bytes:
    # sort_keys puts "@id" and "@type" first ("@" sorts before letters); UTF-8 as it is.
    text = json.dumps(
        value,
        ensure_ascii=False,
        sort_keys=True,
        indent=indent,
        separators=(",", ": ") if indent else (", ", ": "),
    )
    return text.encode("utf-8")
