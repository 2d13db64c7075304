"""The catalogue's distributions: one per dump file, with its format, size and SHA-256
checksum, and each named graph as a part of the dataset with its own dumps."""

from __future__ import annotations

import pyoxigraph as ox

from kg.catalog_builder import CatalogBuilder
from kg.catalog_vocabulary import (
    AUTHORITY,
    COMPRESSIONS,
    DCAT,
    DCTERMS,
    FORMATS,
    IANA,
    QUAD_FORMATS,
    SPDX,
    VOID,
)
from kg.dump_manifest import DumpFile
from kg.errors import InputError
from kg.publish_iris import graph_slug
from kg.publishing_config import Texts
from kg.rdf_output import XSD, integer_literal


class CatalogDistributions(CatalogBuilder):
    """Distributions of the dump files, and the named graphs as parts of the dataset."""

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
