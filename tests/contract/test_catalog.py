"""`kg catalog` on both backends: the dumps `kg export` wrote and the store's data, described
as a DCAT-AP-SE catalogue that passes the official DCAT-AP 3.0.1 shapes and the Swedish
profile's own rules, with a VoID description whose counts other SPARQL confirms."""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pyshacl
import pytest
import rdflib
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, FOAF, RDF, SH

from kg.catalog import CatalogReport, write_catalog
from kg.connect import open_store
from kg.errors import InputError
from kg.export import export_dumps
from kg.loading import load
from kg.settings import Settings
from tests.conftest import PROJECT_DIR
from tests.support.cli import assert_no_traceback, kg
from tests.support.serving import loaded
from tests.support.shipped import shipped
from tests.support.virtuoso import Virtuoso

BACKENDS = ["embedded", "virtuoso"]
BASE = "https://example.org/lsk/"
DCAT_AP = PROJECT_DIR.parent / "shared" / "vendor" / "dcat-ap-3.0.1"
SE_SHAPES = PROJECT_DIR / "profiles" / "dcat-ap-se.ttl"
SE = rdflib.Namespace(BASE + "shapes/dcat-ap-se/")
SPDX = rdflib.Namespace("http://spdx.org/rdf/terms#")
VOID = rdflib.Namespace("http://rdfs.org/ns/void#")
VCARD = rdflib.Namespace("http://www.w3.org/2006/vcard/ns#")
# Plain namespaces: rdflib's defined ones warn when pytest looks at module attributes.
XSD = rdflib.Namespace("http://www.w3.org/2001/XMLSchema#")
DCAT = rdflib.Namespace("http://www.w3.org/ns/dcat#")
CATALOG = rdflib.URIRef(BASE + "catalog")
DATASET = rdflib.URIRef(BASE + "catalog#dataset")


def with_data(
    backend: str,
    paths: list[Path],
    request: pytest.FixtureRequest,
    directory: Path,
    settings: Settings,
) -> Settings:
    """Settings for a store of `backend` holding `paths`; for Virtuoso with the credentials
    the export needs to read by the Graph Store Protocol."""
    source = loaded(backend, paths, request=request, directory=directory, settings=settings)
    if backend == "embedded":
        return source
    server: Virtuoso = request.getfixturevalue("virtuoso")
    return dataclasses.replace(
        source, update_url=server.update_url, user=server.user, password=server.password
    )


def publish(source: Settings, folder: Path) -> CatalogReport:
    """`kg export` then `kg catalog`, through the library, into `folder`."""
    store = open_store(source, read_only=True)
    try:
        export_dumps(store, settings=source, out_dir=folder / "dumps")
        return write_catalog(store, settings=source, out_dir=folder)
    finally:
        store.close()


@dataclasses.dataclass(frozen=True)
class Published:
    backend: str
    folder: Path
    report: CatalogReport
    settings: Settings

    def graph(self, name: str) -> rdflib.Graph:
        fmt = "xml" if name.endswith(".rdf") else "turtle"
        return rdflib.Graph().parse(self.folder / name, format=fmt)


@pytest.fixture(scope="module", params=BACKENDS)
def published(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, settings: Settings
) -> Published:
    directory = tmp_path_factory.mktemp(f"catalog-{request.param}")
    source = with_data(request.param, [settings.data_dir], request, directory, settings)
    folder = directory / "publish"
    return Published(request.param, folder, publish(source, folder), source)


# ------------------------------------------------------------------------------ shapes


def dcat_ap_shapes() -> tuple[rdflib.Graph, int]:
    """The official DCAT-AP 3.0.1 shapes with their range checks, as published, except for the
    sh:property links that name a shape neither file defines. The vendor README documents that
    defect: pySHACL stops at such a link as soon as a dcat:DataService is validated. The links
    carry no constraint, so dropping them changes no verdict; every other shape stays as is.
    Returns the shapes and how many links were dropped."""
    shapes = rdflib.Graph()
    for name in ("dcat-ap-SHACL.ttl", "ranges.ttl"):
        shapes.parse(DCAT_AP / name, format="turtle")
    dangling = [
        (shape, prop)
        for shape, prop in shapes.subject_objects(SH.property)
        if (prop, SH.path, None) not in shapes
    ]
    for shape, prop in dangling:
        shapes.remove((shape, SH.property, prop))
    return shapes, len(dangling)


def violations(data: rdflib.Graph, shapes: rdflib.Graph) -> set[tuple[str, str]]:
    """(source shape, focus node) of every result pySHACL, the reference engine, reports."""
    conforms, report, _text = pyshacl.validate(data, shacl_graph=shapes, inference="none")
    assert isinstance(report, rdflib.Graph)
    found = {
        (str(report.value(result, SH.sourceShape)), str(report.value(result, SH.focusNode)))
        for result in report.subjects(RDF.type, SH.ValidationResult)
    }
    assert conforms == (not found)
    return found


def test_the_catalogue_passes_the_official_dcat_ap_shapes(published: Published) -> None:
    shapes, dropped = dcat_ap_shapes()
    assert dropped == 5  # as ../shared/vendor/README.md counts them
    for name in ("catalog.rdf", "catalog.ttl"):
        assert violations(published.graph(name), shapes) == set(), name


def test_the_official_shapes_catch_a_broken_catalogue(published: Published) -> None:
    shapes, _ = dcat_ap_shapes()
    graph = published.graph("catalog.rdf")
    graph.remove((DATASET, DCTERMS.title, None))
    graph.remove((rdflib.URIRef(BASE + "sparql"), RDF.type, None))
    found = {shape.rsplit("#", 1)[-1].split("/")[0] for shape, _focus in violations(graph, shapes)}
    assert found == {"dcat:DatasetShape", "dcat:DataServiceShape"}


def test_the_catalogue_passes_the_swedish_profile(published: Published) -> None:
    shapes = rdflib.Graph().parse(SE_SHAPES)
    assert violations(published.graph("catalog.rdf"), shapes) == set()


def test_rdf_xml_and_turtle_say_the_same(published: Published) -> None:
    assert isomorphic(published.graph("catalog.rdf"), published.graph("catalog.ttl"))
    parsed = [
        set(ox.parse(path=str(published.folder / name), format=fmt))
        for name, fmt in (
            ("catalog.rdf", ox.RdfFormat.RDF_XML),
            ("catalog.ttl", ox.RdfFormat.TURTLE),
        )
    ]
    assert parsed[0] == parsed[1]
    assert len(parsed[0]) == published.report.catalog_triples


def test_there_are_no_blank_nodes(published: Published) -> None:
    for name in ("catalog.rdf", "catalog.ttl", "void.ttl"):
        graph = published.graph(name)
        assert len(graph) > 100, name
        blank = [t for t in graph if any(isinstance(term, rdflib.BNode) for term in t)]
        assert blank == [], name


# ------------------------------------------------------------------------------ content


def test_every_dump_is_a_distribution_with_its_size_and_checksum(published: Published) -> None:
    graph = published.graph("catalog.rdf")
    dumps = published.folder / "dumps"
    files = {p.relative_to(dumps).as_posix() for p in dumps.rglob("*") if p.is_file()}
    files -= {"SHA256SUMS", "manifest.json", "context.jsonld"}
    described = {}
    for distribution, url in graph.subject_objects(DCAT.downloadURL):
        assert str(url).startswith(BASE + "dumps/")
        described[str(url)[len(BASE + "dumps/") :]] = distribution
    assert set(described) == files
    for name, distribution in described.items():
        data = (dumps / name).read_bytes()
        assert isinstance(distribution, rdflib.URIRef)
        assert graph.value(distribution, DCAT.accessURL) == graph.value(
            distribution, DCAT.downloadURL
        )
        assert graph.value(distribution, DCAT.byteSize) == rdflib.Literal(
            len(data), datatype=XSD.nonNegativeInteger
        )
        checksum = graph.value(distribution, SPDX.checksum)
        assert isinstance(checksum, rdflib.URIRef)
        assert graph.value(checksum, SPDX.algorithm) == SPDX.checksumAlgorithm_sha256
        assert str(graph.value(checksum, SPDX.checksumValue)) == hashlib.sha256(data).hexdigest()
        packed = (distribution, DCAT.compressFormat, None) in graph
        assert packed == name.endswith(".gz"), name
        assert graph.value(distribution, DCTERMS.license) == rdflib.URIRef(
            "http://creativecommons.org/licenses/by/4.0/"
        )
    assert published.report.distributions == len(files) + 2  # and the two services


def test_the_dataset_is_described_as_the_swedish_profile_asks(published: Published) -> None:
    graph = published.graph("catalog.rdf")
    authority = "http://publications.europa.eu/resource/authority/"
    assert graph.value(CATALOG, DCTERMS.license) == rdflib.URIRef(
        "http://creativecommons.org/publicdomain/zero/1.0/"
    )
    for predicate in (DCTERMS.title, DCTERMS.description, DCAT.keyword):
        texts = list(graph.objects(DATASET, predicate))
        assert {t.language for t in texts if isinstance(t, rdflib.Literal)} == {"sv", "en"}
    themes = {str(t).rsplit("/", 1)[1] for t in graph.objects(DATASET, DCAT.theme)}
    assert themes == {"GOVE", "REGI", "HEAL", "TECH"}
    assert set(graph.objects(DATASET, DCTERMS.language)) == {
        rdflib.URIRef(authority + "language/SWE"),
        rdflib.URIRef(authority + "language/ENG"),
    }
    assert set(graph.objects(DATASET, DCTERMS.spatial)) == {
        rdflib.URIRef(authority + "country/SWE")
    }
    assert graph.value(DATASET, DCTERMS.conformsTo) == rdflib.URIRef(BASE + "def/")
    publisher = graph.value(DATASET, DCTERMS.publisher)
    assert graph.value(publisher, FOAF.name) is not None
    assert graph.value(publisher, DCTERMS.identifier) is None  # no organisation number is made up
    contact = graph.value(DATASET, DCAT.contactPoint)
    assert str(graph.value(contact, VCARD.hasEmail)).startswith("mailto:")
    services = {str(s) for s in graph.subjects(RDF.type, DCAT.DataService)}
    assert services == {BASE + "catalog#sparql-service", BASE + "catalog#graphql-service"}
    for service in graph.subjects(RDF.type, DCAT.DataService):
        assert graph.value(service, DCAT.servesDataset) == DATASET
        assert graph.value(service, DCTERMS.conformsTo) is not None
        assert (None, DCAT.accessService, service) in graph
    assert graph.value(rdflib.URIRef(BASE + "catalog#sparql-service"), DCAT.endpointURL) == (
        rdflib.URIRef(BASE + "sparql")
    )


def test_the_dates_come_from_the_data(published: Published) -> None:
    """The earliest date the data states is 2024-06 (a month: the period starts on its first
    day), the latest the extended deadline 2026-04-09, the newest document 2026-03-18."""
    graph = published.graph("catalog.ttl")
    period = graph.value(DATASET, DCTERMS.temporal)
    assert graph.value(period, DCAT.startDate) == rdflib.Literal("2024-06-01", datatype=XSD.date)
    assert graph.value(period, DCAT.endDate) == rdflib.Literal("2026-04-09", datatype=XSD.date)
    modified = rdflib.Literal("2026-03-18", datatype=XSD.date)
    assert graph.value(DATASET, DCTERMS.modified) == modified
    assert graph.value(CATALOG, DCTERMS.modified) == modified
    assert graph.value(DATASET, DCTERMS.issued) is None  # publishing.toml sets none yet


def test_the_placeholder_publisher_is_reported(published: Published) -> None:
    assert published.report.placeholders == ("publisher.iri", "contact.email")


# ------------------------------------------------------------------------------ VoID


def void_number(graph: rdflib.Graph, subject: rdflib.term.Node, name: str) -> int:
    value = graph.value(subject, VOID[name])
    assert isinstance(value, rdflib.Literal), name
    return int(value)


def one(graph: rdflib.Graph, query: str) -> int:
    rows = list(graph.query(query))
    return int(str(rows[0][0]))  # type: ignore[index]


def test_void_counts_equal_counts_by_other_sparql(published: Published) -> None:
    """rdflib's own SPARQL engine counts the complete Turtle dump; the graphs are counted in
    the N-Quads dump."""
    void = published.graph("void.ttl")
    dump = rdflib.Graph().parse(published.folder / "dumps" / "all.ttl", format="turtle")
    quads = ox.Store()
    quads.load(path=str(published.folder / "dumps" / "all.nq"), format=ox.RdfFormat.N_QUADS)
    assert void_number(void, DATASET, "triples") == one(
        dump, "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"
    )
    assert void_number(void, DATASET, "distinctSubjects") == one(
        dump, "SELECT (COUNT(DISTINCT ?s) AS ?n) { ?s ?p ?o }"
    )
    assert void_number(void, DATASET, "distinctObjects") == one(
        dump, "SELECT (COUNT(DISTINCT ?o) AS ?n) { ?s ?p ?o }"
    )
    assert void_number(void, DATASET, "entities") == one(
        dump,
        f'SELECT (COUNT(DISTINCT ?s) AS ?n) {{ ?s ?p ?o FILTER (isIRI(?s) && STRSTARTS(STR(?s), "{BASE}")) }}',
    )
    classes = {
        str(row[0]): int(str(row[1]))  # type: ignore[index]
        for row in dump.query("SELECT ?c (COUNT(DISTINCT ?s) AS ?n) { ?s a ?c } GROUP BY ?c")
    }
    properties = {
        str(row[0]): int(str(row[1]))  # type: ignore[index]
        for row in dump.query("SELECT ?p (COUNT(*) AS ?n) { ?s ?p ?o } GROUP BY ?p")
    }
    assert void_number(void, DATASET, "classes") == len(classes)
    assert void_number(void, DATASET, "properties") == len(properties)
    assert {
        str(void.value(p, VOID["class"])): void_number(void, p, "entities")
        for p in void.objects(DATASET, VOID.classPartition)
    } == classes
    assert {
        str(void.value(p, VOID.property)): void_number(void, p, "triples")
        for p in void.objects(DATASET, VOID.propertyPartition)
    } == properties
    answer = quads.query("SELECT ?g (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    assert isinstance(answer, ox.QuerySolutions)
    graphs = {row["g"].value: int(row["n"].value) for row in answer}
    subsets = {
        str(s): void_number(void, s, "triples")
        for s in void.objects(DATASET, VOID.subset)
        if (s, RDF.type, VOID.Linkset) not in void
    }
    assert sorted(subsets.values()) == sorted(graphs.values())
    assert len(subsets) == len(graphs) == shipped().graphs


def test_void_names_the_endpoint_dumps_vocabularies_and_examples(published: Published) -> None:
    void = published.graph("void.ttl")
    assert void.value(DATASET, VOID.sparqlEndpoint) == rdflib.URIRef(BASE + "sparql")
    assert void.value(DATASET, VOID.uriSpace) == rdflib.Literal(BASE)
    dumps = {str(d) for d in void.objects(DATASET, VOID.dataDump)}
    assert BASE + "dumps/all.ttl" in dumps
    assert BASE + "dumps/all.nq.gz" in dumps
    assert all("/graphs/" not in d for d in dumps)
    vocabularies = {str(v) for v in void.objects(DATASET, VOID.vocabulary)}
    assert {
        BASE + "def/",
        "http://www.w3.org/ns/prov#",
        "http://www.w3.org/ns/org#",
    } <= vocabularies
    examples = {str(e) for e in void.objects(DATASET, VOID.exampleResource)}
    assert (
        examples
        == {
            BASE + "id/stance/huddinge-tjansteutlatande-01",
            BASE + "id/actor/huddinge-kommun-kommunstyrelsens-forvaltning",
            BASE + "id/consultation/region-stockholm-rs-2025-0671",
            BASE + "id/document/huddinge-avsiktsforklaring",
        }
        or len(examples) == 4
    )
    assert (None, VOID.linkPredicate, None) not in void  # the shipped data links nowhere else


LINKS = """
@prefix actor: <https://example.org/lsk/id/actor/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .

actor:uppsala-kommun owl:sameAs <https://registry.example.net/org/uppsala> .
actor:stockholms-stad owl:sameAs <https://registry.example.net/org/stockholm> ;
    rdfs:seeAlso <https://archive.example.com/case/ks-2026-58> , prov:Entity .
"""


@pytest.mark.parametrize("backend", BACKENDS)
def test_links_out_of_the_dataset_are_linksets_by_namespace(
    backend: str, request: pytest.FixtureRequest, tmp_path: Path, settings: Settings
) -> None:
    links = tmp_path / "links.ttl"
    links.write_text(LINKS, encoding="utf-8")
    source = with_data(backend, [settings.data_dir, links], request, tmp_path, settings)
    publish(source, tmp_path / "publish")
    void = rdflib.Graph().parse(tmp_path / "publish" / "void.ttl")
    found = {}
    for linkset in void.subjects(RDF.type, VOID.Linkset):
        assert (DATASET, VOID.subset, linkset) in void
        assert void.value(linkset, VOID.subjectsTarget) == DATASET
        target = void.value(linkset, VOID.objectsTarget)
        assert isinstance(target, rdflib.URIRef)
        assert str(target).startswith(BASE)
        key = (str(void.value(target, VOID.uriSpace)), str(void.value(linkset, VOID.linkPredicate)))
        found[key] = void_number(void, linkset, "triples")
    # prov:Entity is a term of a vocabulary the data uses, not a link to another dataset.
    assert found == {
        ("https://registry.example.net/org/", "http://www.w3.org/2002/07/owl#sameAs"): 2,
        ("https://archive.example.com/case/", "http://www.w3.org/2000/01/rdf-schema#seeAlso"): 1,
    }


# ------------------------------------------------------------------------------ determinism


def test_the_catalogue_is_the_same_every_time_and_on_either_backend(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    written = []
    for run, (backend, epoch) in enumerate(
        [("embedded", "0"), ("embedded", "1767225600"), ("virtuoso", "1767225600")]
    ):
        monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
        folder = tmp_path / f"run{run}"
        publish(with_data(backend, [settings.data_dir], request, folder, settings), folder)
        written.append(
            {n: (folder / n).read_bytes() for n in ("catalog.rdf", "catalog.ttl", "void.ttl")}
        )
    assert written[0] == written[1] == written[2]


# ------------------------------------------------------------------------------ bad input


@pytest.mark.parametrize("backend", BACKENDS)
def test_dumps_of_other_data_are_refused(
    backend: str, request: pytest.FixtureRequest, tmp_path: Path, settings: Settings
) -> None:
    source = with_data(backend, [settings.data_dir], request, tmp_path, settings)
    folder = tmp_path / "publish"
    publish(source, folder)
    before = {n: (folder / n).read_bytes() for n in ("catalog.rdf", "catalog.ttl", "void.ttl")}
    extra = tmp_path / "extra.ttl"
    extra.write_text(LINKS, encoding="utf-8")
    store = open_store(source)
    try:
        load([extra], store=store, settings=source, validate=False)
        with pytest.raises(InputError) as raised:
            write_catalog(store, settings=source, out_dir=folder)
    finally:
        store.close()
    assert "the dumps do not hold the graph" in raised.value.message
    assert "kg export" in (raised.value.hint or "")
    assert {n: (folder / n).read_bytes() for n in before} == before


def test_no_manifest_means_export_first(published: Published, tmp_path: Path) -> None:
    store = open_store(published.settings, read_only=True)
    try:
        with pytest.raises(InputError) as raised:
            write_catalog(store, settings=published.settings, out_dir=tmp_path)
    finally:
        store.close()
    assert "manifest.json" in raised.value.message
    assert "kg export" in (raised.value.hint or "")
    assert list(tmp_path.iterdir()) == []


def test_a_changed_dump_is_caught_by_its_size(published: Published, tmp_path: Path) -> None:
    dumps = tmp_path / "dumps"
    dumps.mkdir()
    for path in (published.folder / "dumps").rglob("*"):
        if path.is_file():
            target = dumps / path.relative_to(published.folder / "dumps")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
    with (dumps / "all.nt").open("ab") as out:
        out.write(b"# appended after the export\n")
    store = open_store(published.settings, read_only=True)
    try:
        with pytest.raises(InputError) as raised:
            write_catalog(store, settings=published.settings, out_dir=tmp_path)
    finally:
        store.close()
    assert "all.nt" in raised.value.message


# ------------------------------------------------------------------------------ CLI


def test_kg_catalog_on_the_command_line(published: Published, tmp_path: Path) -> None:
    env = {"KG_PUBLISH_DIR": str(tmp_path)}
    out = tmp_path / "elsewhere"
    result = kg(
        "catalog",
        "--store",
        published.settings.store,
        "--dumps",
        str(published.folder / "dumps"),
        "--out",
        str(out),
        env=env,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert_no_traceback(result)
    for name in ("catalog.rdf", "catalog.ttl", "void.ttl"):
        assert f"Wrote {out / name}" in result.stdout
        assert (out / name).read_bytes() == (published.folder / name).read_bytes()
    assert "warning:" in result.stderr
    assert "placeholders" in result.stderr
    assert "publisher.iri" in result.stderr


def test_kg_catalog_without_dumps_exits_2(published: Published, tmp_path: Path) -> None:
    result = kg("catalog", "--store", published.settings.store, "--out", str(tmp_path))
    assert result.returncode == 2
    assert_no_traceback(result)
    assert "manifest.json" in result.stderr
    assert "kg export" in result.stderr


def test_a_broken_publishing_file_exits_2_naming_file_and_key(
    published: Published, tmp_path: Path
) -> None:
    broken = tmp_path / "publishing.toml"
    text = (PROJECT_DIR / "publishing.toml").read_text(encoding="utf-8")
    broken.write_text(text.replace('email = "kontakt@example.org"\n', ""), encoding="utf-8")
    result = kg(
        "catalog",
        "--store",
        published.settings.store,
        "--dumps",
        str(published.folder / "dumps"),
        "--out",
        str(tmp_path / "out"),
        env={"KG_PUBLISHING": str(broken)},
    )
    assert result.returncode == 2
    assert_no_traceback(result)
    assert f"{broken}: contact.email: is missing" in result.stderr.replace("\n", "")
    assert not (tmp_path / "out").exists()


# ------------------------------------------------------------------------------ SE shapes


Mutation = Callable[[rdflib.Graph], rdflib.term.Node]
"""Breaks one rule of the Swedish profile in a copy of the catalogue; returns the focus node."""


def _swap(graph: rdflib.Graph, old: rdflib.term.Node, new: rdflib.term.Node) -> rdflib.term.Node:
    for s, p, o in list(graph):
        if old in (s, o):
            graph.remove((s, p, o))
            graph.add((new if s == old else s, p, new if o == old else o))
    return new


def _set(
    graph: rdflib.Graph,
    subject: rdflib.term.Node,
    predicate: rdflib.URIRef,
    value: rdflib.term.Node,
) -> rdflib.term.Node:
    graph.set((subject, predicate, value))
    return subject


def _add(
    graph: rdflib.Graph,
    subject: rdflib.term.Node,
    predicate: rdflib.URIRef,
    value: rdflib.term.Node,
) -> rdflib.term.Node:
    graph.add((subject, predicate, value))
    return subject


def _drop(
    graph: rdflib.Graph,
    subject: rdflib.term.Node,
    predicate: rdflib.URIRef,
    value: rdflib.term.Node | None = None,
) -> rdflib.term.Node:
    graph.remove((subject, predicate, value))
    return subject


def _https_licence(graph: rdflib.Graph) -> rdflib.term.Node:
    licence = rdflib.URIRef("https://creativecommons.org/licenses/by/4.0/")
    graph.set((TTL, DCTERMS.license, licence))
    return licence


TTL = rdflib.URIRef(BASE + "catalog#distribution-all.ttl")
SPARQL = rdflib.URIRef(BASE + "catalog#sparql-service")
PUBLISHER = rdflib.URIRef(BASE + "id/publisher")
CONTACT = rdflib.URIRef(BASE + "catalog#contact")
PERIOD = rdflib.URIRef(BASE + "catalog#period")
SUBSET = rdflib.URIRef(BASE + "catalog#graph-data-sources")
MONTH = rdflib.Literal("2026-03", datatype=XSD.gYearMonth)

MUTATIONS: dict[str, Mutation] = {
    "Catalog-license": lambda g: _drop(g, CATALOG, DCTERMS.license),
    "Catalog-dataset": lambda g: _drop(g, CATALOG, DCAT.dataset),
    "Dataset-publisher": lambda g: _drop(g, DATASET, DCTERMS.publisher),
    "Distribution-accessURL": lambda g: _add(g, TTL, DCAT.accessURL, rdflib.URIRef(BASE)),
    "Distribution-format": lambda g: _drop(g, TTL, DCTERMS.format),
    "DataService-format": lambda g: _drop(g, SPARQL, DCTERMS.format),
    "Publisher-name": lambda g: _drop(g, PUBLISHER, FOAF.name),
    "Publisher-type": lambda g: _set(g, PUBLISHER, DCTERMS.type, rdflib.URIRef(BASE + "kind")),
    "ContactPoint-kind": lambda g: _drop(g, CONTACT, RDF.type, VCARD.Organization),
    "ContactPoint-name": lambda g: _drop(g, CONTACT, VCARD.fn),
    "ContactPoint-email": lambda g: _set(
        g, CONTACT, VCARD.hasEmail, rdflib.Literal("kontakt@example.org")
    ),
    "Catalog-iri": lambda g: _swap(g, CATALOG, rdflib.BNode("catalog")),
    "Dataset-iri": lambda g: _swap(g, SUBSET, rdflib.BNode("subset")),
    "Distribution-iri": lambda g: _swap(g, TTL, rdflib.BNode("distribution")),
    "Publisher-iri": lambda g: _swap(g, PUBLISHER, rdflib.BNode("publisher")),
    "ContactPoint-iri": lambda g: _swap(g, CONTACT, rdflib.BNode("contact")),
    "License-form": _https_licence,
    "Issued-date": lambda g: _set(g, CATALOG, DCTERMS.issued, MONTH),
    "Modified-date": lambda g: _set(g, DATASET, DCTERMS.modified, MONTH),
    "PeriodOfTime-startDate": lambda g: _set(g, PERIOD, DCAT.startDate, MONTH),
    "PeriodOfTime-endDate": lambda g: _set(g, PERIOD, DCAT.endDate, MONTH),
}


def constrained_se_shapes() -> set[str]:
    """Every shape that can be reported: property shapes, and node shapes with a target and a
    constraint of their own (not only sh:property)."""
    shapes = rdflib.Graph().parse(SE_SHAPES)
    names = {str(s) for s in shapes.subjects(RDF.type, SH.PropertyShape)}
    targets = (SH.targetClass, SH.targetObjectsOf, SH.targetSubjectsOf)
    for shape in shapes.subjects(RDF.type, SH.NodeShape):
        own = any((shape, p, None) in shapes for p in (SH.nodeKind, SH.pattern, SH["in"]))
        if own and any((shape, t, None) in shapes for t in targets):
            names.add(str(shape))
    return {n.removeprefix(str(SE)) for n in names}


def test_every_swedish_rule_has_a_catalogue_that_breaks_it() -> None:
    assert sorted(constrained_se_shapes()) == sorted(MUTATIONS)


@pytest.fixture(scope="module")
def catalogue(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, settings: Settings
) -> Path:
    """The shipped data's catalogue, from one backend: it is the same from either."""
    directory = tmp_path_factory.mktemp("catalog-rules")
    source = with_data("embedded", [settings.data_dir], request, directory, settings)
    publish(source, directory / "publish")
    return directory / "publish" / "catalog.ttl"


@pytest.mark.parametrize("rule", sorted(MUTATIONS))
def test_the_swedish_rule_reports_exactly_its_violation(rule: str, catalogue: Path) -> None:
    graph = rdflib.Graph().parse(catalogue)
    focus = MUTATIONS[rule](graph)
    shapes = rdflib.Graph().parse(SE_SHAPES)
    assert violations(graph, shapes) == {(str(SE[rule]), str(focus))}
