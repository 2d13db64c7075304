"""What every part of the catalogue graph builder shares: its inputs and the helpers that
state texts in both languages, dates, the responsible agents and SKOS concepts."""

from __future__ import annotations

import pyoxigraph as ox

from kg.catalog_vocabulary import DCAT, DCTERMS, SKOS
from kg.data_dates import DataDates
from kg.dump_manifest import DumpManifest
from kg.publish_iris import PublishIris
from kg.publishing_config import PublishingConfig, Texts
from kg.rdf_output import GraphBuilder, date_literal
from kg.settings import Settings


class CatalogBuilder:
    """The catalogue graph being built, with the configuration, manifest and data's dates."""

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

    def _concept(self, iri: str, labels: tuple[str, str], *, scheme: str | None) -> None:
        self.g.type(iri, SKOS + "Concept")
        self.texts(iri, SKOS + "prefLabel", Texts(sv=labels[0], en=labels[1]))
        if scheme is not None:
            self.g.add(iri, SKOS + "inScheme", scheme)
