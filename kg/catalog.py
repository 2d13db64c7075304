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

from kg.data_dates import DataDates, data_dates
from kg.dump_manifest import DumpFile, DumpManifest, read_manifest
from kg.errors import InputError
from kg.namespaces import PUBLISHING_PREFIXES
from kg.publish_iris import PublishIris, graph_slug
from kg.publishing_config import (
    DATA_THEMES,
    PUBLISHER_TYPES,
    PublishingConfig,
    Texts,
    load_publishing,
)
from kg.rdf_output import XSD, GraphBuilder, date_literal, integer_literal, write_rdf
from kg.settings import Settings
from kg.store import Store
from kg.void import void_description, void_statistics

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
    catalog = _Catalog(config, settings=settings, manifest=manifest, dates=dates).graph()
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


class _Catalog:
    """Builds the catalogue graph from the configuration, the manifest and the data's dates."""

    def __init__(
        self,
        config: PublishingConfig,
        *,
        settings: Settings,
        manifest: DumpManifest,
        dates: DataDates,
    ) -> None:
        self.config = config
        self.settings = settings
        self.manifest = manifest
        self.dates = dates
        self.iris = PublishIris(settings.base_iri)
        self.g = GraphBuilder()

    def graph(self) -> GraphBuilder:
        self._catalog()
        self._dataset()
        self._agents()
        for dump in self.manifest.complete:
            self._distribution(self.iris.dataset, dump, whole=None)
        for graph, triples in self.manifest.graphs.items():
            self._graph_subset(graph, triples)
        for name in ("sparql", "graphql"):
            self._service(name)
        self._vocabulary_terms()
        return self.g

    # ------------------------------------------------------------------ helpers

    def texts(self, subject: str, predicate: str, texts: Texts) -> None:
        self.g.add(subject, predicate, ox.Literal(texts.sv, language="sv"))
        self.g.add(subject, predicate, ox.Literal(texts.en, language="en"))

    @property
    def homepage(self) -> str:
        return self.config.homepage or self.settings.base_iri

    def _dates(self, subject: str) -> None:
        if self.config.issued is not None:
            self.g.add(subject, DCTERMS + "issued", date_literal(self.config.issued))
        modified = self.dates.modified(self.config.issued)
        if modified is not None:
            self.g.add(subject, DCTERMS + "modified", date_literal(modified))

    def _responsible(self, subject: str) -> None:
        self.g.add(subject, DCTERMS + "publisher", self.config.publisher.iri)
        self.g.add(subject, DCAT + "contactPoint", self.iris.contact)

    # ------------------------------------------------------------------ resources

    def _catalog(self) -> None:
        catalog, g = self.iris.catalog, self.g
        g.type(catalog, DCAT + "Catalog")
        self.texts(catalog, DCTERMS + "title", self.config.catalog_title)
        self.texts(catalog, DCTERMS + "description", self.config.catalog_description)
        g.add(catalog, DCTERMS + "publisher", self.config.publisher.iri)
        g.add(catalog, DCTERMS + "license", CATALOG_LICENSE)
        g.add_all(catalog, DCTERMS + "language", _languages())
        g.add(catalog, FOAF + "homepage", self.homepage)
        g.add(catalog, DCAT + "themeTaxonomy", AUTHORITY + "data-theme")
        g.add(catalog, DCAT + "dataset", self.iris.dataset)
        g.add_all(catalog, DCAT + "service", [self.iris.service(n) for n in ("sparql", "graphql")])
        self._dates(catalog)

    def _dataset(self) -> None:
        dataset, g, config = self.iris.dataset, self.g, self.config
        g.type(dataset, DCAT + "Dataset", VOID + "Dataset")
        self.texts(dataset, DCTERMS + "title", config.dataset_title)
        self.texts(dataset, DCTERMS + "description", config.dataset_description)
        self._responsible(dataset)
        for lang, words in config.keywords.items():
            g.add_all(dataset, DCAT + "keyword", [ox.Literal(w, language=lang) for w in words])
        g.add_all(dataset, DCAT + "theme", [AUTHORITY + "data-theme/" + t for t in config.themes])
        g.add_all(dataset, DCTERMS + "language", _languages())
        g.add(dataset, DCTERMS + "spatial", AUTHORITY + "country/SWE")
        g.add(dataset, DCTERMS + "accessRights", AUTHORITY + "access-right/PUBLIC")
        g.add(dataset, DCAT + "landingPage", config.landing_page or self.homepage)
        g.add(dataset, DCTERMS + "conformsTo", self.iris.ontology)
        g.add(dataset, DCTERMS + "identifier", ox.Literal(dataset))
        g.add(dataset, RDFS + "seeAlso", self.iris.void)
        self._dates(dataset)
        if self.dates.earliest is not None and self.dates.latest is not None:
            period = self.iris.period
            g.add(dataset, DCTERMS + "temporal", period)
            g.type(period, DCTERMS + "PeriodOfTime")
            g.add(period, DCAT + "startDate", date_literal(self.dates.earliest))
            g.add(period, DCAT + "endDate", date_literal(self.dates.latest))

    def _agents(self) -> None:
        g, publisher, contact = self.g, self.config.publisher, self.config.contact
        g.type(publisher.iri, FOAF + "Agent")
        g.add(publisher.iri, FOAF + "name", ox.Literal(publisher.name))
        kind = "http://purl.org/adms/publishertype/" + publisher.type
        g.add(publisher.iri, DCTERMS + "type", kind)
        self._concept(kind, PUBLISHER_TYPES[publisher.type], scheme=None)
        if publisher.org_number:
            g.add(publisher.iri, DCTERMS + "identifier", ox.Literal(publisher.org_number))
        if publisher.homepage:
            g.add(publisher.iri, FOAF + "homepage", publisher.homepage)
            g.type(publisher.homepage, FOAF + "Document")
        g.type(self.iris.contact, VCARD + "Kind", VCARD + "Organization")
        g.add(self.iris.contact, VCARD + "fn", ox.Literal(contact.name))
        g.add(self.iris.contact, VCARD + "hasEmail", "mailto:" + contact.email)

    def _distribution(self, dataset: str, dump: DumpFile, *, whole: str | None) -> None:
        g, iris = self.g, self.iris
        fmt = FORMATS.get(dump.extension)
        if fmt is None:
            raise InputError(
                f"{self.manifest.folder}: {dump.file} is in a format the catalogue cannot name",
                path=self.manifest.folder / dump.file,
                hint="Known formats: " + ", ".join(FORMATS),
            )
        distribution, url = iris.distribution(dump.file), iris.download(dump.file)
        g.add(dataset, DCAT + "distribution", distribution)
        g.type(distribution, DCAT + "Distribution")
        packed = dump.compression is not None
        subject_sv = f"Grafen {whole}" if whole else "Hela datamängden"
        subject_en = f"The graph {whole}" if whole else "The whole dataset"
        self.texts(
            distribution,
            DCTERMS + "title",
            Texts(
                sv=f"{subject_sv} som {fmt.label}" + (", gzip-komprimerad" if packed else ""),
                en=f"{subject_en} as {fmt.label}" + (", gzip-compressed" if packed else ""),
            ),
        )
        if dump.extension in QUAD_FORMATS:
            count_sv = f"{dump.triples} tripler med namnen på sina grafer"
            count_en = f"{dump.triples} triples with the names of their graphs"
        else:
            count_sv, count_en = f"{dump.triples} tripler", f"{dump.triples} triples"
        self.texts(
            distribution,
            DCTERMS + "description",
            Texts(
                sv=f"{subject_sv}, {count_sv}, i en fil att ladda ned ({dump.file}).",
                en=f"{subject_en}, {count_en}, in one file to download ({dump.file}).",
            ),
        )
        g.add(distribution, DCAT + "accessURL", url)
        g.add(distribution, DCAT + "downloadURL", url)
        g.add(distribution, DCAT + "mediaType", IANA + fmt.media_type)
        g.add(distribution, DCTERMS + "format", AUTHORITY + "file-type/" + fmt.file_type)
        if dump.compression is not None:
            if dump.compression not in COMPRESSIONS:
                raise InputError(
                    f"{self.manifest.folder}: {dump.file} is compressed as {dump.compression!r}",
                    path=self.manifest.folder / dump.file,
                    hint="Known compressions: " + ", ".join(COMPRESSIONS),
                )
            g.add(distribution, DCAT + "compressFormat", IANA + COMPRESSIONS[dump.compression])
        g.add(distribution, DCAT + "byteSize", integer_literal(dump.bytes, "nonNegativeInteger"))
        g.add(distribution, DCTERMS + "license", self.config.license)
        checksum = iris.checksum(dump.file)
        g.add(distribution, SPDX + "checksum", checksum)
        g.type(checksum, SPDX + "Checksum")
        g.add(checksum, SPDX + "algorithm", SPDX + "checksumAlgorithm_sha256")
        g.add(
            checksum,
            SPDX + "checksumValue",
            ox.Literal(dump.sha256, datatype=ox.NamedNode(XSD + "hexBinary")),
        )

    def _graph_subset(self, graph: str, triples: int) -> None:
        g, iris = self.g, self.iris
        name = graph.removeprefix(self.settings.graph_prefix)
        subset = iris.graph_subset(graph_slug(graph, self.settings.graph_prefix))
        g.add(iris.dataset, DCTERMS + "hasPart", subset)
        g.type(subset, DCAT + "Dataset", VOID + "Dataset")
        g.add(subset, DCTERMS + "isPartOf", iris.dataset)
        self.texts(
            subset,
            DCTERMS + "title",
            Texts(
                sv=f"{self.config.dataset_title.sv}: grafen {name}",
                en=f"{self.config.dataset_title.en}: the graph {name}",
            ),
        )
        self.texts(
            subset,
            DCTERMS + "description",
            Texts(
                sv=f"Den del av datamängden som ligger i den namngivna grafen <{graph}>: "
                f"{triples} tripler.",
                en=f"The part of the dataset held in the named graph <{graph}>: {triples} triples.",
            ),
        )
        self._responsible(subset)
        g.add(subset, DCTERMS + "identifier", ox.Literal(subset))
        for dump in self.manifest.of_graph(graph):
            self._distribution(subset, dump, whole=name)

    def _service(self, name: str) -> None:
        g, iris, config = self.g, self.iris, self.config
        service = iris.service(name)
        endpoint = iris.sparql if name == "sparql" else iris.graphql
        g.type(service, DCAT + "DataService")
        if name == "sparql":
            title = Texts(sv="SPARQL-slutpunkt", en="SPARQL endpoint")
            description = Texts(
                sv="SPARQL 1.1-frågor (endast läsning) över hela datamängden; standardgrafen är "
                "unionen av de namngivna graferna. GET utan fråga ger tjänstebeskrivningen.",
                en="Read-only SPARQL 1.1 queries over the whole dataset (the default graph is "
                "the union of the named graphs). GET with no query answers the service "
                "description.",
            )
            standard = SPARQL_PROTOCOL
        else:
            title = Texts(sv="GraphQL-API", en="GraphQL API")
            description = Texts(
                sv="Frågor i GraphQL om aktörer, dokument, ställningstaganden och deras "
                "relationer; schemat beskriver sig självt genom introspektion.",
                en="GraphQL queries about actors, documents, stances and their relations; the "
                "schema describes itself through introspection.",
            )
            standard = GRAPHQL_SPEC
        self.texts(service, DCTERMS + "title", title)
        self.texts(service, DCTERMS + "description", description)
        g.add(service, DCAT + "endpointURL", endpoint)
        # The SPARQL service description answers at the endpoint itself; GraphQL's schema
        # is read by introspection at its endpoint.
        g.add(service, DCAT + "endpointDescription", endpoint)
        g.type(endpoint, RDFS + "Resource")
        g.add(service, DCTERMS + "conformsTo", standard)
        g.type(standard, DCTERMS + "Standard")
        g.add(service, DCTERMS + "format", SERVICE_FORMATS[name])
        g.type(SERVICE_FORMATS[name], DCTERMS + "MediaTypeOrExtent")
        g.add(service, DCAT + "servesDataset", iris.dataset)
        self._responsible(service)
        g.add(service, DCTERMS + "license", config.license)
        g.add(service, DCTERMS + "accessRights", AUTHORITY + "access-right/PUBLIC")

        distribution = iris.service_distribution(name)
        g.add(iris.dataset, DCAT + "distribution", distribution)
        g.type(distribution, DCAT + "Distribution")
        self.texts(
            distribution,
            DCTERMS + "title",
            Texts(sv=f"Datamängden genom {title.sv}", en=f"The dataset through the {title.en}"),
        )
        self.texts(distribution, DCTERMS + "description", description)
        g.add(distribution, DCAT + "accessURL", endpoint)
        g.add(distribution, DCAT + "accessService", service)
        g.add(distribution, DCTERMS + "format", SERVICE_FORMATS[name])
        g.add(distribution, DCTERMS + "license", config.license)

    def _vocabulary_terms(self) -> None:
        """Type the outside terms used, as the DCAT-AP range shapes ask, and label concepts."""
        g = self.g
        for license_iri in {CATALOG_LICENSE, self.config.license}:
            g.type(license_iri, DCTERMS + "LicenseDocument")
        for language in _languages():
            g.type(language, DCTERMS + "LinguisticSystem")
        g.type(AUTHORITY + "country/SWE", DCTERMS + "Location")
        g.type(AUTHORITY + "access-right/PUBLIC", DCTERMS + "RightsStatement")
        g.type(self.iris.ontology, DCTERMS + "Standard")
        g.type(self.config.landing_page or self.homepage, FOAF + "Document")
        g.type(self.homepage, FOAF + "Document")
        scheme = AUTHORITY + "data-theme"
        g.type(scheme, SKOS + "ConceptScheme")
        g.add(scheme, DCTERMS + "title", ox.Literal("Data theme", language="en"))
        for theme in self.config.themes:
            self._concept(AUTHORITY + "data-theme/" + theme, DATA_THEMES[theme], scheme=scheme)
        g.type(SPDX + "checksumAlgorithm_sha256", SPDX + "ChecksumAlgorithm")
        used = {fmt for f in self.manifest.files if (fmt := FORMATS.get(f.extension))}
        for fmt in used:
            g.type(IANA + fmt.media_type, DCTERMS + "MediaType")
            g.type(AUTHORITY + "file-type/" + fmt.file_type, DCTERMS + "MediaTypeOrExtent")
        for compression in {f.compression for f in self.manifest.files if f.compression}:
            g.type(IANA + COMPRESSIONS[compression], DCTERMS + "MediaType")

    def _concept(self, iri: str, labels: tuple[str, str], *, scheme: str | None) -> None:
        self.g.type(iri, SKOS + "Concept")
        self.texts(iri, SKOS + "prefLabel", Texts(sv=labels[0], en=labels[1]))
        if scheme is not None:
            self.g.add(iri, SKOS + "inScheme", scheme)


def _languages() -> list[str]:
    # The texts are Swedish and English; so is the data (the sources are Swedish, the
    # project's own vocabularies are labelled in both).
    return [AUTHORITY + "language/SWE", AUTHORITY + "language/ENG"]
