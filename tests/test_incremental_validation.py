"""Incremental validation gives the verdict of a full one.

A conformant store (the shipped data and a synthetic graph, in graphs of a few hundred
triples) takes many seeded random changes: graphs replaced by mutated versions (triples
dropped, added, objects swapped for nodes of the wrong class or for literals, nodes deleted
while other graphs point at them, SPARQL-constraint conditions broken) and new graphs. For
each, the violations found on the focus nodes the change can affect equal those of a full
validation of all the data after the change.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from kg.embedded import EmbeddedStore, graphs_of
from kg.errors import ValidationFailed
from kg.incremental import FullValidation, Scope, plan
from kg.loading import ValidationMode, load
from kg.rdf_files import ParsedFile, merge
from kg.remote import RemoteStore
from kg.settings import Settings
from kg.synth import synthesize
from kg.validation import (
    Engine,
    ValidationReport,
    validate_focus_nodes,
    validate_parsed,
)
from kg.validation_reach import Reach, Unanalysable, shapes_reach
from tests.support.cli import kg
from tests.support.virtuoso import start_virtuoso

CHANGES = 100
Graphs = dict[str, list[ox.Triple]]
Violation = tuple[str, str, str | None, str | None, str]


def violations(report: ValidationReport) -> set[Violation]:
    return {(r.focus_node, r.shape, r.path, r.value, r.constraint) for r in report.violations}


@pytest.fixture(scope="module")
def base(settings: Settings, data_files: list[ParsedFile]) -> Graphs:
    """The shipped data's graphs, and a synthetic graph cut into graphs of 400 triples (the
    generator writes each document's triples together, so these are close to documents)."""
    graphs = {g: list(ts) for g, ts in graphs_of(data_files, settings=settings).items()}
    synthetic = synthesize(6_000, seed=7, settings=settings)
    for start in range(0, len(synthetic), 400):
        graphs[f"{settings.graph_prefix}synth/{start // 400}"] = synthetic[start : start + 400]
    return graphs


@pytest.fixture(scope="module")
def store(base: Graphs) -> Iterator[EmbeddedStore]:
    store = EmbeddedStore()
    store.replace_graphs(base)
    yield store
    store.close()


@pytest.fixture(scope="module")
def reach(shape_files: list[ParsedFile]) -> Reach:
    return shapes_reach(merge(shape_files))


class Mutator:
    """Seeded random changes to the base graphs."""

    def __init__(self, base: Graphs, seed: int) -> None:
        self.base, self.rng = base, random.Random(seed)
        everything = [t for ts in base.values() for t in ts]
        self.iris = sorted({t.subject for t in everything}, key=str)
        self.literals = sorted(
            {t.object for t in everything if isinstance(t.object, ox.Literal)}, key=str
        )
        self.referenced = {t.object for t in everything}

    def graph(self) -> str:
        return self.rng.choice(sorted(self.base))

    def change(self) -> tuple[str, Graphs]:
        kind, mutate = self.rng.choice(list(self.kinds().items()))
        return kind, mutate()

    def kinds(self) -> dict[str, Callable[[], Graphs]]:
        return {
            "drop": self.drop,
            "add": self.add,
            "wrong object": self.wrong_object,
            "literal object": self.literal_object,
            "delete referenced node": self.delete_node,
            "duplicate value": self.duplicate_value,
            "swap values": self.swap_values,
            "new graph": self.new_graph,
            "two graphs": self.two_graphs,
        }

    def drop(self) -> Graphs:
        name = self.graph()
        triples = list(self.base[name])
        for _ in range(1 + self.rng.randrange(4)):
            if triples:
                triples.pop(self.rng.randrange(len(triples)))
        return {name: triples}

    def add(self) -> Graphs:
        """A triple about a node of this graph, copied from some other node."""
        name = self.graph()
        donor = self.rng.choice(self.base[self.graph()])
        subject = self.rng.choice(self.base[name]).subject
        return {name: [*self.base[name], ox.Triple(subject, donor.predicate, donor.object)]}

    def wrong_object(self) -> Graphs:
        name = self.graph()
        triples = list(self.base[name])
        i = self.rng.randrange(len(triples))
        t = triples[i]
        triples[i] = ox.Triple(t.subject, t.predicate, self.rng.choice(self.iris))
        return {name: triples}

    def literal_object(self) -> Graphs:
        name = self.graph()
        triples = list(self.base[name])
        i = self.rng.randrange(len(triples))
        t = triples[i]
        triples[i] = ox.Triple(t.subject, t.predicate, self.rng.choice(self.literals))
        return {name: triples}

    def delete_node(self) -> Graphs:
        """Every triple about a node that something (maybe in another graph) points at."""
        name = self.graph()
        subjects = [t.subject for t in self.base[name] if t.subject in self.referenced]
        if not subjects:
            return self.drop()
        gone = self.rng.choice(subjects)
        return {name: [t for t in self.base[name] if t.subject != gone]}

    def duplicate_value(self) -> Graphs:
        """A second value for a property: breaks maxCount, uniqueLang, SPARQL pairings."""
        name = self.graph()
        t = self.rng.choice(self.base[name])
        others = [u.object for ts in self.base.values() for u in ts if u.predicate == t.predicate]
        extra = ox.Triple(t.subject, t.predicate, self.rng.choice(others))
        return {name: [*self.base[name], extra]}

    def swap_values(self) -> Graphs:
        """Two nodes' values of one predicate exchanged (section numbers, versions, dates)."""
        name = self.graph()
        triples = list(self.base[name])
        t = self.rng.choice(triples)
        same = [i for i, u in enumerate(triples) if u.predicate == t.predicate and u != t]
        if not same:
            return self.wrong_object()
        i, j = triples.index(t), self.rng.choice(same)
        u = triples[j]
        triples[i] = ox.Triple(t.subject, t.predicate, u.object)
        triples[j] = ox.Triple(u.subject, u.predicate, t.object)
        return {name: triples}

    def new_graph(self) -> Graphs:
        """Another graph's subjects under new names, still pointing at the existing nodes,
        and sometimes mutated further."""
        source = self.graph()
        renamed: dict[ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple, ox.NamedNode] = {
            t.subject: ox.NamedNode(t.subject.value + "-copy")
            for t in self.base[source]
            if isinstance(t.subject, ox.NamedNode)
        }
        triples = [
            ox.Triple(
                renamed.get(t.subject, t.subject), t.predicate, renamed.get(t.object, t.object)
            )
            for t in self.base[source]
            if self.rng.random() > 0.05
        ]
        return {source + "-copy": triples}

    def two_graphs(self) -> Graphs:
        first, second = self.drop(), self.wrong_object()
        return {**second, **first}


def full_violations(
    settings: Settings,
    base: Graphs,
    change: Graphs,
    ontology: Sequence[ParsedFile],
    shapes: Sequence[ParsedFile],
) -> set[Violation]:
    after = {**base, **change}
    files = [ParsedFile(Path(g), triples, "", {}) for g, triples in after.items()]
    report = validate_parsed(
        files,
        ontology=ontology,
        shapes=shapes,
        namespaces=settings.namespaces,
        engine=Engine.TURBO,
    )
    return violations(report)


def test_base_conforms(
    settings: Settings,
    base: Graphs,
    ontology_files: list[ParsedFile],
    shape_files: list[ParsedFile],
) -> None:
    assert full_violations(settings, base, {}, ontology_files, shape_files) == set()


def test_incremental_verdict_equals_full_on_generated_changes(
    settings: Settings,
    base: Graphs,
    store: EmbeddedStore,
    reach: Reach,
    ontology_files: list[ParsedFile],
    shape_files: list[ParsedFile],
) -> None:
    mutator = Mutator(base, seed=15)
    breaking, incremental, differences = 0, 0, []
    for number in range(CHANGES):
        kind, change = mutator.change()
        expected = full_violations(settings, base, change, ontology_files, shape_files)
        scope = plan(store, change, prefix=settings.graph_prefix, reach=reach)
        if isinstance(scope, FullValidation):
            continue
        incremental += 1
        report = validate_focus_nodes(
            [],
            scope.triples,
            scope.focus_nodes,
            ontology=ontology_files,
            shapes=shape_files,
            namespaces=settings.namespaces,
            engine=Engine.TURBO,
        )
        breaking += bool(expected)
        if violations(report) != expected:
            differences.append((number, kind, violations(report) ^ expected))
        if incremental <= 10:
            # The reference engine on the same scope (it takes no focus nodes from us).
            reference = validate_focus_nodes(
                [],
                scope.triples,
                scope.focus_nodes,
                ontology=ontology_files,
                shapes=shape_files,
                namespaces=settings.namespaces,
                engine=Engine.PYSHACL,
            )
            if violations(reference) != expected:
                differences.append((number, f"{kind}, pySHACL", violations(reference) ^ expected))
    assert differences == []
    assert incremental >= 0.9 * CHANGES, "most changes this small should be incremental"
    assert breaking >= 0.4 * incremental, "too few changes break a shape to test anything"


def test_incremental_scope_is_small(
    settings: Settings, base: Graphs, store: EmbeddedStore, reach: Reach
) -> None:
    name = sorted(g for g in base if "/synth/" in g)[3]
    change = {name: base[name][:-10]}
    scope = plan(store, change, prefix=settings.graph_prefix, reach=reach)
    assert isinstance(scope, Scope)
    assert scope.changed_triples == 10
    assert len(scope.triples) < 0.2 * sum(len(ts) for ts in base.values())


def test_first_load_and_large_changes_validate_fully(
    settings: Settings, base: Graphs, store: EmbeddedStore, reach: Reach
) -> None:
    empty = EmbeddedStore()
    assert isinstance(plan(empty, base, prefix=settings.graph_prefix, reach=reach), FullValidation)
    replaced: Graphs = {g: [] for g in sorted(base)[: len(base) // 2]}
    outcome = plan(store, replaced, prefix=settings.graph_prefix, reach=reach)
    assert isinstance(outcome, FullValidation)
    assert "more than" in outcome.reason
    unanalysed = plan(store, {}, prefix=settings.graph_prefix, reach="a reason")
    assert unanalysed == FullValidation("a reason")


def _load_report(paths: list[Path], store: EmbeddedStore, settings: Settings, *, full: bool):  # type: ignore[no-untyped-def]
    try:
        return load(paths, store=store, settings=settings, full_validation=full), None
    except ValidationFailed as error:
        return None, error


def test_kg_load_writes_a_conformant_change_and_refuses_a_breaking_one_with_full_messages(
    settings: Settings, tmp_path: Path
) -> None:
    store = EmbeddedStore()
    load([settings.data_dir], store=store, settings=settings)
    good = tmp_path / "good.ttl"
    good.write_text(
        "@prefix lsk: <https://example.org/lsk/def/> .\n"
        "@prefix dcterms: <http://purl.org/dc/terms/> .\n"
        '<https://example.org/lsk/id/src/extra> a lsk:SourceText ; lsk:fileName "extra.txt" .\n',
        encoding="utf-8",
    )
    report = load([good], store=store, settings=settings)
    assert report.validation is ValidationMode.INCREMENTAL
    assert report.focus_nodes == 1
    bad = tmp_path / "bad.ttl"
    # A second file name for the source text, in a folder: maxCount and pattern fail.
    bad.write_text(
        good.read_text(encoding="utf-8").replace("extra.txt", "dir/extra.txt"), encoding="utf-8"
    )
    before = store.graph_sizes(settings.graph_prefix)
    _, incremental = _load_report([bad], store, settings, full=False)
    _, full = _load_report([bad], store, settings, full=True)
    assert incremental is not None
    assert full is not None
    assert str(incremental) == str(full)
    assert incremental.report.results == full.report.results
    assert store.graph_sizes(settings.graph_prefix) == before


def test_kg_load_says_which_validation_ran(tmp_path: Path) -> None:
    env = {"KG_STORE": str(tmp_path / "store")}
    first = kg("load", env=env)
    assert first.returncode == 0
    assert "full validation" in first.stdout
    again = kg("load", env=env)
    assert again.returncode == 0
    assert "incremental validation of 0 focus node" in again.stdout
    forced = kg("load", "--full-validation", env=env)
    assert forced.returncode == 0
    assert "full validation (asked for)" in forced.stdout


def test_remote_store_gives_the_embedded_store_verdicts(
    settings: Settings,
    base: Graphs,
    store: EmbeddedStore,
    reach: Reach,
    ontology_files: list[ParsedFile],
    shape_files: list[ParsedFile],
    tmp_path: Path,
) -> None:
    """The same changes planned against Virtuoso, through SPARQL only, find the same focus
    nodes and the same violations as against the embedded store."""
    server = start_virtuoso(tmp_path / "virtuoso")
    try:
        remote = RemoteStore(
            server.query_url,
            update_url=server.update_url,
            gsp_url=server.gsp_url,
            user=server.user,
            password=server.password,
            timeout=60,
        )
        remote.replace_graphs(base)
        mutator = Mutator(base, seed=16)
        compared = 0
        for _ in range(12):
            _kind, change = mutator.change()
            here = plan(store, change, prefix=settings.graph_prefix, reach=reach)
            there = plan(remote, change, prefix=settings.graph_prefix, reach=reach)
            if isinstance(here, FullValidation):
                assert isinstance(there, FullValidation)
                continue
            assert isinstance(there, Scope)
            assert there.focus_nodes == here.focus_nodes
            found = [
                violations(
                    validate_focus_nodes(
                        [],
                        scope.triples,
                        scope.focus_nodes,
                        ontology=ontology_files,
                        shapes=shape_files,
                        namespaces=settings.namespaces,
                        engine=Engine.TURBO,
                    )
                )
                for scope in (here, there)
            ]
            assert found[0] == found[1]
            compared += 1
        assert compared >= 8
        remote.close()
    finally:
        server.stop()


SHAPES_PREAMBLE = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://example.org/> .
ex:decl sh:declare [ sh:prefix "ex" ; sh:namespace "http://example.org/" ] .
"""


def reach_of(shapes: str) -> Reach:
    return shapes_reach(rdflib.Graph().parse(data=SHAPES_PREAMBLE + shapes, format="turtle"))


def sparql_shape(select: str) -> str:
    return f"""
    ex:S a sh:NodeShape ; sh:targetClass ex:C ;
        sh:sparql [ sh:prefixes ex:decl ; sh:select \"\"\"{select}\"\"\" ] .
    """


def test_reach_follows_sparql_patterns_from_this(reach: Reach) -> None:
    def path(*steps: str) -> tuple[frozenset[tuple[str, bool]], ...]:
        return tuple(frozenset({(s.lstrip("^"), s.startswith("^"))}) for s in steps)

    lsk, skos, dcterms = (
        "https://example.org/lsk/def/",
        "http://www.w3.org/2004/02/skos/core#",
        "http://purl.org/dc/terms/",
    )
    rdf_type = str(rdflib.RDF.type)
    # StanceTargetInStrategy: $this lsk:target ?v . ?v skos:inScheme ?s .
    # NOT EXISTS { ?s dcterms:source ?strategy . ?strategy a lsk:Strategy }
    assert path(lsk + "target", skos + "inScheme", dcterms + "source", rdf_type) in reach.paths
    # Aspect-areas: NOT EXISTS { ?area skos:broader $this ; a lsk:DevelopmentArea }
    assert path("^" + skos + "broader", rdf_type) in reach.paths
    # sh:class on a qualified value shape: the priority's type, through lsk:hasPriority.
    assert path(lsk + "hasPriority", rdf_type) in reach.paths
    assert reach.depth == 4


@pytest.mark.parametrize(
    ("shapes", "reason"),
    [
        (sparql_shape("SELECT $this WHERE { ?a ex:p ?b }"), "not connected"),
        (sparql_shape("SELECT $this WHERE { $this ex:p ?b MINUS { ?b ex:q ?c } }"), "Minus"),
        (sparql_shape("SELECT $this WHERE { $this ex:p+ ?b }"), "repeats"),
        (
            "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path "
            "[ sh:zeroOrMorePath ex:p ] ; sh:minCount 1 ] .",
            "repeats",
        ),
        ("ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:node ex:S .", "recursive"),
    ],
)
def test_what_cannot_be_bounded_is_refused_with_a_reason(shapes: str, reason: str) -> None:
    with pytest.raises(Unanalysable, match=reason):
        reach_of(shapes)


def test_a_bounded_sparql_constraint_is_read_as_paths() -> None:
    found = reach_of(
        sparql_shape(
            "SELECT $this WHERE { $this ex:p/^ex:q ?b . FILTER NOT EXISTS { ?b ex:r|^ex:s ?c } }"
        )
    )
    p, q, r, s = (f"http://example.org/{x}" for x in "pqrs")
    both = frozenset({(r, False), (s, True)})
    assert (frozenset({(p, False)}), frozenset({(q, True)}), both) in found.paths
    assert found.target_steps == {frozenset({(str(rdflib.RDF.type), False)})}


def test_a_literal_focus_node_is_validated_too(
    settings: Settings,
    base: Graphs,
    store: EmbeddedStore,
    reach: Reach,
    ontology_files: list[ParsedFile],
    shape_files: list[ParsedFile],
) -> None:
    """sh:targetObjectsOf lsk:theme makes a literal theme a focus node of lsksh:Theme."""
    name, stance = next(
        (g, t.subject)
        for g in sorted(base)
        for t in base[g]
        if t.predicate.value.endswith("/def/theme")
    )
    theme = ox.NamedNode(settings.base_iri + "def/theme")
    change = {name: [*base[name], ox.Triple(stance, theme, ox.Literal("klimat"))]}
    scope = plan(store, change, prefix=settings.graph_prefix, reach=reach)
    assert isinstance(scope, Scope)
    assert ox.Literal("klimat") in scope.focus_nodes
    report = validate_focus_nodes(
        [],
        scope.triples,
        scope.focus_nodes,
        ontology=ontology_files,
        shapes=shape_files,
        namespaces=settings.namespaces,
        engine=Engine.TURBO,
    )
    expected = full_violations(settings, base, change, ontology_files, shape_files)
    assert any(v[0] == "klimat" for v in expected)
    assert violations(report) == expected
