"""The figures of the data the project ships (data/), worked out here rather than asked of the
code under test, so that tests need not hard-code counts that go stale whenever data is added.

Each RDF file under data/ is parsed by pyoxigraph on its own; `kg load` puts each file into a
named graph of its own (`<base>graph/data/<relative path, no suffix>`), so a file's distinct
triples are that graph's size.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pyoxigraph as ox

from kg.rdf_files import RDF_SUFFIXES
from tests.conftest import PROJECT_DIR

DATA_DIR = PROJECT_DIR / "data"


@dataclass(frozen=True)
class ShippedData:
    """Triples per graph, keyed by the file's path under the project, without its suffix
    (`data/huddinge`, `data/vocabulary/themes`): the graph's name after `<base>graph/`."""

    per_graph: dict[str, int]
    distinct: int  # triples counted once however many graphs state them

    @property
    def triples(self) -> int:
        """Triples summed over the graphs (a triple in two graphs counts twice): the quads."""
        return sum(self.per_graph.values())

    @property
    def graphs(self) -> int:
        return len(self.per_graph)

    @property
    def slugs(self) -> list[str]:
        """The graphs' names as the dumps spell them (`data-vocabulary-themes`), sorted."""
        return sorted(name.replace("/", "-") for name in self.per_graph)

    def graph_triples(self, name: str) -> int:
        """The size of one graph, by its name after `<base>graph/` (`data/huddinge`)."""
        return self.per_graph[name]


def rdf_files(folder: Path = DATA_DIR) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix in RDF_SUFFIXES)


def file_triples(path: Path) -> set[ox.Triple]:
    rdf_format = ox.RdfFormat.from_extension(path.suffix.lstrip("."))
    assert rdf_format is not None, path
    return {quad.triple for quad in ox.parse(path=path, format=rdf_format)}


@cache
def shipped() -> ShippedData:
    """The shipped data's figures (computed once per test session)."""
    per_graph: dict[str, int] = {}
    union: set[ox.Triple] = set()
    for path in rdf_files():
        triples = file_triples(path)
        name = path.relative_to(PROJECT_DIR).with_suffix("").as_posix()
        assert name not in per_graph, f"two files for one graph: {name}"
        per_graph[name] = len(triples)
        union |= triples
    return ShippedData(per_graph=per_graph, distinct=len(union))
