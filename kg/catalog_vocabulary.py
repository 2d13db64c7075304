"""The vocabularies, authority IRIs and format tables the DCAT catalogue (kg/catalog.py) uses."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

DCAT = "http://www.w3.org/ns/dcat#"
DCTERMS = "http://purl.org/dc/terms/"
FOAF = "http://xmlns.com/foaf/0.1/"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
SPDX = "http://spdx.org/rdf/terms#"
VCARD = "http://www.w3.org/2006/vcard/ns#"
VOID = "http://rdfs.org/ns/void#"
AUTHORITY = "http://publications.europa.eu/resource/authority/"
IANA = "http://www.iana.org/assignments/media-types/"

# DCAT-AP-SE requires the catalogue itself (its metadata) to be CC0, whatever the data's licence.
CATALOG_LICENSE = "http://creativecommons.org/publicdomain/zero/1.0/"
SPARQL_PROTOCOL = "https://www.w3.org/TR/sparql11-protocol/"
GRAPHQL_SPEC = "https://spec.graphql.org/October2021/"
# DCAT-AP-SE wants one format on a data service (and on every distribution): the media type
# of what is sent to it, as the profile's own list does for SPARQL, and JSON for GraphQL.
SERVICE_FORMATS: Mapping[str, str] = {
    "sparql": IANA + "application/sparql-query",
    "graphql": IANA + "application/json",
}


@dataclass(frozen=True)
class DumpFormat:
    label: str
    media_type: str  # IANA, for dcat:mediaType
    file_type: str  # EU file-type authority code, for dcterms:format


FORMATS: Mapping[str, DumpFormat] = {
    "ttl": DumpFormat("Turtle", "text/turtle", "RDF_TURTLE"),
    "nt": DumpFormat("N-Triples", "application/n-triples", "RDF_N_TRIPLES"),
    "nq": DumpFormat("N-Quads", "application/n-quads", "RDF_N_QUADS"),
    "trig": DumpFormat("TriG", "application/trig", "RDF_TRIG"),
    "jsonld": DumpFormat("JSON-LD", "application/ld+json", "JSON_LD"),
    "rdf": DumpFormat("RDF/XML", "application/rdf+xml", "RDF_XML"),
}
QUAD_FORMATS = frozenset({"nq", "trig"})
COMPRESSIONS: Mapping[str, str] = {"gzip": "application/gzip"}


def languages() -> list[str]:
    # The texts are Swedish and English; so is the data (the sources are Swedish, the
    # project's own vocabularies are labelled in both).
    return [AUTHORITY + "language/SWE", AUTHORITY + "language/ENG"]
