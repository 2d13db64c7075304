"""RDF terms: pyoxigraph's are the library's own; rdflib's only where pySHACL needs them."""

from __future__ import annotations

import pyoxigraph as ox
import rdflib

Term = ox.NamedNode | ox.BlankNode | ox.Literal

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def to_rdflib(term: object) -> rdflib.term.Node:
    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return rdflib.Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        # rdflib's own parsers leave xsd:string implicit; do the same so both compare equal.
        return rdflib.Literal(term.value, datatype=None if datatype == XSD_STRING else datatype)
    raise TypeError(f"unsupported RDF term {term!r}")  # RDF-star triples are not used here


def to_oxigraph(term: rdflib.term.Node) -> Term:
    if isinstance(term, rdflib.URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, rdflib.BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, rdflib.Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"unsupported RDF term {term!r}")


def n_triples(term: Term) -> str:
    """The term in N-Triples syntax: pyoxigraph escapes it, so it is safe inside a query."""
    return str(term)
