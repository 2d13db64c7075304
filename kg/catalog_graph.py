"""The DCAT-AP-SE catalogue graph: the catalogue, the dataset, its publisher and contact
point, and the outside terms it uses, with the distributions and data services of
kg/catalog_distributions.py and kg/catalog_services.py."""

from __future__ import annotations

import pyoxigraph as ox

from kg.catalog_distributions import CatalogDistributions
from kg.catalog_services import CatalogServices
from kg.catalog_vocabulary import (
    AUTHORITY,
    CATALOG_LICENSE,
    COMPRESSIONS,
    DCAT,
    DCTERMS,
    FOAF,
    FORMATS,
    IANA,
    RDFS,
    SKOS,
    SPDX,
    VCARD,
    VOID,
    languages,
)
from kg.publishing_config import DATA_THEMES, PUBLISHER_TYPES
from kg.rdf_output import GraphBuilder, date_literal


class CatalogGraph(CatalogDistributions, CatalogServices):
    """Builds the catalogue graph from the configuration, the manifest and the data's dates."""

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

    def _catalog(self) -> None:
        catalog, g = self.iris.catalog, self.g
        g.type(catalog, DCAT + "Catalog")
        self.texts(catalog, DCTERMS + "title", self.config.catalog_title)
        self.texts(catalog, DCTERMS + "description", self.config.catalog_description)
        g.add(catalog, DCTERMS + "publisher", self.config.publisher.iri)
        g.add(catalog, DCTERMS + "license", CATALOG_LICENSE)
        g.add_all(catalog, DCTERMS + "language", languages())
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
        g.add_all(dataset, DCTERMS + "language", languages())
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

    def _vocabulary_terms(self) -> None:
        """Type the outside terms used, as the DCAT-AP range shapes ask, and label concepts."""
        g = self.g
        for license_iri in {CATALOG_LICENSE, self.config.license}:
            g.type(license_iri, DCTERMS + "LicenseDocument")
        for language in languages():
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
