"""The IRIs the published description mints, all under the base IRI, none a blank node.

The catalogue is `<base>catalog`, where the server answers with it; what it describes (the
dataset, its distributions and checksums, the services, the contact point, the time period,
the named-graph subsets) are fragments of it: `<base>catalog#dataset`, and so on, so each
resolves to the document describing it. The VoID description is `<base>.well-known/void`
(where VoID says to look) and mints its partitions, linksets and link targets as fragments of
that document. Dump files and services have the URLs of the server: `<base>dumps/<file>`,
`<base>sparql`, `<base>graphql`.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from kg.namespaces import Namespaces

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True)
class PublishIris:
    """IRIs of the catalogue and the VoID description for one base IRI."""

    base: str

    @property
    def catalog(self) -> str:
        return self.base + "catalog"

    def _in_catalog(self, name: str) -> str:
        return f"{self.catalog}#{name}"

    @property
    def dataset(self) -> str:
        return self._in_catalog("dataset")

    @property
    def contact(self) -> str:
        return self._in_catalog("contact")

    @property
    def period(self) -> str:
        return self._in_catalog("period")

    def service(self, name: str) -> str:
        """The data service `name` (sparql, graphql)."""
        return self._in_catalog(f"{name}-service")

    def service_distribution(self, name: str) -> str:
        return self._in_catalog(f"distribution-{name}")

    def distribution(self, file: str) -> str:
        """The distribution of the dump file `file` (a path inside dumps/)."""
        return self._in_catalog("distribution-" + _slug(file))

    def checksum(self, file: str) -> str:
        return self._in_catalog("checksum-" + _slug(file))

    def graph_subset(self, graph_slug: str) -> str:
        """The part of the dataset held in one named graph."""
        return self._in_catalog("graph-" + _slug(graph_slug))

    def download(self, file: str) -> str:
        return self.base + "dumps/" + file

    @property
    def sparql(self) -> str:
        return self.base + "sparql"

    @property
    def graphql(self) -> str:
        return self.base + "graphql"

    @property
    def ontology(self) -> str:
        return self.base + "def/"

    @property
    def void(self) -> str:
        return self.base + ".well-known/void"

    def class_partition(self, cls: str, namespaces: Namespaces) -> str:
        return f"{self.void}#class-{_term_slug(cls, namespaces)}"

    def property_partition(self, prop: str, namespaces: Namespaces) -> str:
        return f"{self.void}#property-{_term_slug(prop, namespaces)}"

    def linkset(self, target_slug: str, prop: str, namespaces: Namespaces) -> str:
        return f"{self.void}#linkset-{target_slug}-{_term_slug(prop, namespaces)}"

    def link_target(self, target_slug: str) -> str:
        return f"{self.void}#target-{target_slug}"


def graph_slug(graph: str, graph_prefix: str) -> str:
    """A named graph's name in file names and fragments: its IRI after the graph prefix, with
    '/' as '-' (`<base>graph/data/huddinge` → `data-huddinge`), as `kg export` names files."""
    return graph.removeprefix(graph_prefix).replace("/", "-")


def namespace_slug(namespace: str) -> str:
    """A readable fragment for an outside namespace: `https://www.wikidata.org/entity/` →
    `www.wikidata.org-entity`."""
    without_scheme = namespace.split("://", 1)[-1]
    return _slug(without_scheme).strip("-.") or _digest(namespace)


def _slug(text: str) -> str:
    return _UNSAFE.sub("-", text)


def _term_slug(iri: str, namespaces: Namespaces) -> str:
    """`lsk-Stance` for lsk:Stance; a digest for an IRI in no known namespace."""
    compact = namespaces.compact(iri)
    if compact.startswith("<"):
        return _digest(iri)
    return _slug(compact.replace(":", "-", 1))


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
