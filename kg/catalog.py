"""`kg catalog`: the DCAT-AP-SE 3.0.1 catalogue of the published dataset, and its VoID.

Writes, into the publish folder:
- `catalog.rdf` (RDF/XML, what Sveriges dataportal harvests) and `catalog.ttl`, the same graph:
  the catalogue, the dataset with one distribution per dump file of `dumps/manifest.json`
  (each with its size and SHA-256), the SPARQL and GraphQL endpoints as data services and as
  distributions through them, the publisher, contact point, licence, themes, keywords,
  languages, spatial and temporal coverage, and each named graph as a part of the dataset;
- `void.ttl`, the VoID description (kg/void.py).

Publisher metadata comes from publishing.toml (kg/publishing_config.py), dates from the data
(kg/data_dates.py), IRIs from kg/publish_iris.py; there are no blank nodes and no clock, so
the same data, dumps and configuration give byte-identical files.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.catalog_graph import CatalogGraph
from kg.catalog_vocabulary import (
    AUTHORITY,
    CATALOG_LICENSE,
    COMPRESSIONS,
    DCAT,
    DCTERMS,
    FOAF,
    FORMATS,
    GRAPHQL_SPEC,
    IANA,
    QUAD_FORMATS,
    RDFS,
    SERVICE_FORMATS,
    SKOS,
    SPARQL_PROTOCOL,
    SPDX,
    VCARD,
    VOID,
    DumpFormat,
)
from kg.data_dates import data_dates
from kg.dump_manifest import DumpManifest, read_manifest
from kg.errors import InputError
from kg.namespaces import PUBLISHING_PREFIXES
from kg.publish_iris import PublishIris
from kg.publishing_config import load_publishing
from kg.rdf_output import write_rdf
from kg.settings import Settings
from kg.store import Store
from kg.void import void_description, void_statistics

__all__ = [
    "AUTHORITY",
    "CATALOG_LICENSE",
    "COMPRESSIONS",
    "DCAT",
    "DCTERMS",
    "FOAF",
    "FORMATS",
    "GRAPHQL_SPEC",
    "IANA",
    "QUAD_FORMATS",
    "RDFS",
    "SERVICE_FORMATS",
    "SKOS",
    "SPARQL_PROTOCOL",
    "SPDX",
    "STEPS",
    "VCARD",
    "VOID",
    "CatalogReport",
    "DumpFormat",
    "write_catalog",
]

STEPS = ("publisher metadata", "dumps", "counting", "dates", "writing")
"""The stages `write_catalog` reports to its observer, in order."""


@dataclass(frozen=True)
class CatalogReport:
    """What `write_catalog` wrote, and which configured values are still placeholders."""

    files: tuple[Path, ...]
    catalog_triples: int
    void_triples: int
    distributions: int
    dataset_triples: int
    placeholders: tuple[str, ...]
    publishing_file: Path
    seconds: float


def write_catalog(
    store: Store,
    *,
    settings: Settings,
    out_dir: Path | None = None,
    dumps_dir: Path | None = None,
    stage: Callable[[str], None] | None = None,
) -> CatalogReport:
    """Describe the dataset in `store` and the dumps in `dumps_dir` (default: the publish
    folder's dumps/) as catalog.ttl, catalog.rdf and void.ttl in `out_dir` (default: the
    publish folder). Reads only; raises KGError before writing anything if an input is bad."""
    started = time.perf_counter()
    report = stage or (lambda _name: None)
    out = out_dir or settings.publish_dir
    report(STEPS[0])
    config = load_publishing(settings.publishing_file)
    report(STEPS[1])
    manifest = read_manifest(dumps_dir or out / "dumps")
    report(STEPS[2])
    graphs = store.graph_sizes(settings.graph_prefix)
    _check_current(manifest, graphs)
    stats = void_statistics(store, settings=settings, graphs=graphs)
    report(STEPS[3])
    dates = data_dates(store, graphs=graphs)
    catalog = CatalogGraph(config, settings=settings, manifest=manifest, dates=dates).graph()
    void = void_description(stats, settings=settings, manifest=manifest, title=config.dataset_title)
    report(STEPS[4])
    prefixes = {**PUBLISHING_PREFIXES, "lsk": settings.namespaces.lsk}
    iris = PublishIris(settings.base_iri)
    ordered = catalog.triples(first=(iris.catalog, iris.dataset), local=settings.base_iri)
    void_ordered = void.triples(first=(iris.void, iris.dataset), local=settings.base_iri)
    written = []
    for name, rdf_format, triples in (
        ("catalog.ttl", ox.RdfFormat.TURTLE, ordered),
        ("catalog.rdf", ox.RdfFormat.RDF_XML, ordered),
        ("void.ttl", ox.RdfFormat.TURTLE, void_ordered),
    ):
        write_rdf(triples, out / name, rdf_format, prefixes)
        written.append(out / name)
    return CatalogReport(
        files=tuple(written),
        catalog_triples=len(catalog),
        void_triples=len(void),
        distributions=len(manifest.files) + 2,
        dataset_triples=stats.triples,
        placeholders=tuple(config.placeholders()),
        publishing_file=config.path,
        seconds=time.perf_counter() - started,
    )


def _check_current(manifest: DumpManifest, graphs: Mapping[str, int]) -> None:
    """The dumps must be of the data in the store, or their sizes and checksums mislead."""
    for graph in sorted(set(graphs) | set(manifest.graphs)):
        in_store, in_dumps = graphs.get(graph), manifest.graphs.get(graph)
        if in_store == in_dumps:
            continue
        if in_dumps is None:
            problem = f"the dumps do not hold the graph <{graph}>, which the store has"
        elif in_store is None:
            problem = f"the dumps hold the graph <{graph}>, which the store does not"
        else:
            problem = f"<{graph}> has {in_store} triples in the store, {in_dumps} in the dumps"
        raise InputError(
            f"{manifest.folder}: the dumps are not of the data in the store: {problem}",
            path=manifest.folder,
            hint="Run `kg export` (of every graph) against this store, then `kg catalog`.",
        )
