"""The catalogue's data services: the SPARQL and GraphQL endpoints, and the distributions
of the dataset through them."""

from __future__ import annotations

from kg.catalog_builder import CatalogBuilder
from kg.catalog_vocabulary import (
    AUTHORITY,
    DCAT,
    DCTERMS,
    GRAPHQL_SPEC,
    RDFS,
    SERVICE_FORMATS,
    SPARQL_PROTOCOL,
)
from kg.publishing_config import Texts


class CatalogServices(CatalogBuilder):
    """The SPARQL and GraphQL endpoints as data services and as distributions."""

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
