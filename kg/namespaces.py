"""The one place for the project's base IRI, its namespaces and the prefixes it prints.

Project files are written under DEFAULT_BASE_IRI. A publisher who mints IRIs under another
base sets KG_BASE_IRI; `rebase_text` rewrites the files' text as they are read, so line
numbers in error messages still match the files on disk.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property

import pyoxigraph as ox

from kg.errors import InvalidArgument

DEFAULT_BASE_IRI = "https://example.org/lsk/"

STANDARD_PREFIXES: Mapping[str, str] = {
    "dcterms": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "oa": "http://www.w3.org/ns/oa#",
    "org": "http://www.w3.org/ns/org#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "prov": "http://www.w3.org/ns/prov#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "sh": "http://www.w3.org/ns/shacl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}

# Vocabularies of the published catalogue and dataset description (kg/catalog.py, kg/void.py);
# kept apart from STANDARD_PREFIXES so queries and the API compact IRIs as before.
PUBLISHING_PREFIXES: Mapping[str, str] = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dcterms": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "spdx": "http://spdx.org/rdf/terms#",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "void": "http://rdfs.org/ns/void#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}

# Local namespaces, relative to the base IRI (see data/README.md for what each holds).
PROJECT_NAMESPACES: Mapping[str, str] = {
    "lsk": "def/",
    "lsksh": "shapes/",
    "src": "id/source/",
    "actor": "id/actor/",
    "person": "id/person/",
    "post": "id/post/",
    "place": "id/place/",
    "membership": "id/membership/",
    "doc": "id/document/",
    "attachment": "id/attachment/",
    "consultation": "id/consultation/",
    "decision": "id/decision/",
    "meeting": "id/meeting/",
    "strat": "id/strategy/",
    "stratrs": "id/strategy/region-stockholm/",
    "stance": "id/stance/",
    "position": "id/position/",
    "role": "id/role/",
    "stype": "id/stance-type/",
    "theme": "id/theme/",
    "scheme": "id/scheme/",
    "statement": "id/statement/",
    "basis": "id/alignment-basis/",
}


@dataclass(frozen=True)
class Namespaces:
    """Every prefix the project uses, resolved against one base IRI."""

    base_iri: str

    @cached_property
    def prefixes(self) -> dict[str, str]:
        # Built once: IRIs are expanded and compacted on every GraphQL field.
        local = {p: self.base_iri + rel for p, rel in PROJECT_NAMESPACES.items()}
        return {**STANDARD_PREFIXES, **local}

    @cached_property
    def prologue(self) -> str:
        """PREFIX declarations for every prefix, to put before a query's text."""
        return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in sorted(self.prefixes.items()))

    def term(self, prefix: str, local_name: str) -> str:
        """The full IRI of `prefix:local_name`."""
        return self.prefixes[prefix] + local_name

    def iri(self, curie: str) -> str:
        """The full IRI of a CURIE the code itself writes (`lsk:target`); see `expand` for
        names that come from users."""
        prefix, local_name = curie.split(":", 1)
        return self.term(prefix, local_name)

    @property
    def lsk(self) -> str:
        return self.prefixes["lsk"]

    def expand(self, name: str) -> str:
        """The full IRI for `prefix:local` in a known namespace, or for an absolute IRI itself.

        Raises InvalidArgument for anything else, naming the known prefixes.
        """
        prefix, colon, local = name.partition(":")
        if colon and prefix in self.prefixes and not local.startswith("//"):
            iri = self.prefixes[prefix] + local
        elif colon and prefix.isascii() and prefix.isalpha() and local:
            iri = name
        else:
            raise InvalidArgument(
                f"{name!r} is neither an IRI nor a CURIE with a known prefix",
                argument="id",
                hint="Give a full IRI, or a CURIE with one of: " + ", ".join(sorted(self.prefixes)),
            )
        try:
            return ox.NamedNode(iri).value
        except ValueError as error:
            raise InvalidArgument(f"{name!r} is not a valid IRI: {error}", argument="id") from None

    def compact(self, iri: str) -> str:
        """`prefix:local` for an IRI in a known namespace, else `<iri>`."""
        best = ""
        best_prefix = ""
        for prefix, namespace in self.prefixes.items():
            if iri.startswith(namespace) and len(namespace) > len(best):
                best, best_prefix = namespace, prefix
        local = iri[len(best) :]
        if best and local and all(c.isalnum() or c in "-_." for c in local):
            return f"{best_prefix}:{local}"
        return f"<{iri}>"


def rebase_text(text: str, base_iri: str) -> str:
    """Rewrite the default base IRI in a file's text to `base_iri` (a no-op by default)."""
    if base_iri == DEFAULT_BASE_IRI:
        return text
    return text.replace(DEFAULT_BASE_IRI, base_iri)
