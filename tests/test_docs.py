"""`kg docs`: one self-contained HTML page documenting every class, property, shape, scheme and
concept under the anchors the publishing brief fixes, with the ontology and shapes beside it."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, RDF, SH, SKOS
from rdflib.term import Literal, Node, URIRef

from kg.docs import DocsReport, anchor, write_docs
from kg.namespaces import DEFAULT_BASE_IRI, Namespaces
from kg.rdf_files import merge, parse_all
from kg.settings import Settings
from kg.terms import to_rdflib
from tests.conftest import PROJECT_DIR
from tests.support.cli import kg

NS = Namespaces(DEFAULT_BASE_IRI)
VOID_ELEMENTS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta"}
VOID_ELEMENTS |= {"source", "track", "wbr"}


class Page(HTMLParser):
    """The page as a browser would read it: ids, links, languages, and the text under each id."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.hrefs: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.unbalanced: list[str] = []
        self.text_under: dict[str, list[str]] = {}
        self.text_in_lang: dict[str, list[str]] = {}
        self._open: list[tuple[str, str | None, str | None]] = []
        self.feed(text)
        self.close()
        self.unbalanced += [f"<{tag}> never closed" for tag, _, _ in self._open]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if attributes.get("id"):
            self.ids.append(str(attributes["id"]))
        if attributes.get("href") is not None:
            self.hrefs.append(str(attributes["href"]))
        if tag not in VOID_ELEMENTS:
            self._open.append((tag, attributes.get("id"), attributes.get("lang")))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID_ELEMENTS:
            return
        if not self._open or self._open[-1][0] != tag:
            self.unbalanced.append(
                f"</{tag}> closes {self._open[-1][0] if self._open else 'nothing'}"
            )
            return
        self._open.pop()

    def handle_data(self, data: str) -> None:
        for _, element_id, _lang in self._open:
            if element_id:
                self.text_under.setdefault(element_id, []).append(data)
        langs = [lang for _, _, lang in self._open if lang]
        if langs:
            self.text_in_lang.setdefault(langs[-1], []).append(data)

    def under(self, element_id: str) -> str:
        return _squash("".join(self.text_under.get(element_id, [])))

    def in_lang(self, lang: str) -> str:
        return _squash(" ".join(self.text_in_lang.get(lang, [])))


def _squash(text: str) -> str:
    return " ".join(text.split())


def expected_anchor(iri: str) -> str:
    """The brief's convention, written out independently of kg.docs."""
    prefixes = NS.prefixes
    if iri.startswith(prefixes["lsk"]):
        return iri.removeprefix(prefixes["lsk"])
    if iri.startswith(prefixes["lsksh"]):
        return "shape-" + iri.removeprefix(prefixes["lsksh"])
    if iri.startswith(prefixes["scheme"]):
        return "scheme-" + iri.removeprefix(prefixes["scheme"])
    curie = NS.compact(iri)
    if not curie.startswith("<"):
        return curie.replace(":", "-", 1)
    # A concept under no prefix: its scheme's path segment and its own name.
    return "-".join(iri.split("/")[-2:])


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> DocsReport:
    return write_docs(
        settings=Settings(project_dir=PROJECT_DIR), out_dir=tmp_path_factory.mktemp("pub")
    )


@pytest.fixture(scope="module")
def html_text(written: DocsReport) -> str:
    return (written.directory / "index.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def page(html_text: str) -> Page:
    return Page(html_text)


@pytest.fixture(scope="module")
def ontology() -> rdflib.Graph:
    return merge(parse_all([PROJECT_DIR / "ontology"], base_iri=DEFAULT_BASE_IRI))


@pytest.fixture(scope="module")
def shapes() -> rdflib.Graph:
    return merge(parse_all([PROJECT_DIR / "shapes"], base_iri=DEFAULT_BASE_IRI))


@pytest.fixture(scope="module")
def vocabulary() -> rdflib.Graph:
    return merge(parse_all([PROJECT_DIR / "data" / "vocabulary"], base_iri=DEFAULT_BASE_IRI))


def iris(nodes: Iterator[Node]) -> set[str]:
    return {str(n) for n in nodes if isinstance(n, URIRef)}


# What the page ought to document, read from the ontology, shapes and vocabulary files
# themselves (so the expected figures follow the files as they grow).


def own_classes(ontology: rdflib.Graph) -> set[str]:
    return {t for t in iris(ontology.subjects(RDF.type, OWL.Class)) if t.startswith(NS.lsk)}


def own_properties(ontology: rdflib.Graph) -> set[str]:
    properties = set()
    for kind in (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty):
        properties |= iris(ontology.subjects(RDF.type, kind))
    return {t for t in properties if t.startswith(NS.lsk)}


def named_shapes(shapes: rdflib.Graph) -> set[str]:
    return iris(shapes.subjects(RDF.type, SH.NodeShape)) | iris(
        shapes.subjects(RDF.type, SH.PropertyShape)
    )


def schemes_and_concepts(vocabulary: rdflib.Graph) -> tuple[set[str], set[str]]:
    return (
        iris(vocabulary.subjects(RDF.type, SKOS.ConceptScheme)),
        iris(vocabulary.subjects(RDF.type, SKOS.Concept)),
    )


def ids_of(page: Page, tag: str, css_class: str | None = None) -> set[str]:
    """The ids of the page's `tag` elements (of one class, if given)."""
    return {
        str(attributes["id"])
        for name, attributes in page.tags
        if name == tag
        and attributes.get("id")
        and (css_class is None or attributes.get("class") == css_class)
    }


# --- what the page documents ----------------------------------------------------------------


def test_every_class_and_property_has_its_anchor(page: Page, ontology: rdflib.Graph) -> None:
    terms = own_classes(ontology) | own_properties(ontology)
    assert {NS.lsk + t for t in ("Stance", "Collaboration", "stanceType", "quote")} <= terms
    missing = {t for t in terms if expected_anchor(t) not in page.ids}
    assert not missing
    # One section per term, and none for anything the ontology does not define.
    assert ids_of(page, "section", "term") == {expected_anchor(t) for t in terms}


def test_every_shape_has_its_anchor(page: Page, shapes: rdflib.Graph) -> None:
    named = named_shapes(shapes)
    assert {
        NS.prefixes["lsksh"] + s for s in ("Stance", "Stance-quote", "DeadlineExtension")
    } <= named
    assert {s for s in named if expected_anchor(s) not in page.ids} == set()
    # Every shape anchor on the page is one of the named shapes.
    assert {i for i in page.ids if i.startswith("shape-")} == {expected_anchor(s) for s in named}


def test_every_scheme_and_concept_has_its_anchor(page: Page, vocabulary: rdflib.Graph) -> None:
    schemes, concepts = schemes_and_concepts(vocabulary)
    assert {s for s in schemes | concepts if expected_anchor(s) not in page.ids} == set()
    # One section per scheme and one row per concept, and nothing else.
    assert ids_of(page, "section", "scheme") == {expected_anchor(s) for s in schemes}
    assert ids_of(page, "tr") == {expected_anchor(c) for c in concepts}
    assert {
        "scheme-stance-types",
        "stype-welcomes",
        "theme-skills",
        "decision-status-taken",
    } <= set(page.ids)


def test_anchor_follows_the_brief() -> None:
    base = "https://data.example.se/x/"
    namespaces = Namespaces(base)
    assert anchor(base + "def/Stance", namespaces) == "Stance"
    assert anchor(base + "shapes/Stance-quote", namespaces) == "shape-Stance-quote"
    assert anchor(base + "id/scheme/themes", namespaces) == "scheme-themes"
    assert anchor(base + "id/stance-type/opposes", namespaces) == "stype-opposes"
    assert anchor(base + "id/theme/skills", namespaces) == "theme-skills"
    assert anchor(base + "id/decision-status/taken", namespaces) == "decision-status-taken"


def test_ids_are_unique_and_every_internal_link_resolves(page: Page) -> None:
    duplicates = {i for i in page.ids if page.ids.count(i) > 1}
    assert not duplicates
    fragments = {h[1:] for h in page.hrefs if h.startswith("#")}
    assert len(fragments) > 200
    assert fragments - set(page.ids) == set()


def test_each_shape_shows_its_swedish_and_english_messages(
    page: Page, shapes: rdflib.Graph
) -> None:
    checked = 0
    for shape in named_shapes(shapes):
        node = URIRef(shape)
        messages = [*shapes.objects(node, SH.message)]
        for constraint in shapes.objects(node, SH.sparql):
            messages += shapes.objects(constraint, SH.message)
        text = page.under(expected_anchor(shape))
        langs = {m.language for m in messages if isinstance(m, Literal)}
        assert not messages or langs == {"sv", "en"}, shape
        for message in messages:
            assert _squash(str(message)) in text, (shape, str(message))
            checked += 1
    # Every message the shapes file states (on a shape or one of its SPARQL constraints) is
    # shown, and there are messages to show: each in Swedish and English.
    assert checked == len(list(shapes.subject_objects(SH.message)))
    assert checked > 0
    assert checked % 2 == 0


def test_labels_and_definitions_are_marked_with_their_language(
    page: Page, ontology: rdflib.Graph
) -> None:
    swedish, english = page.in_lang("sv"), page.in_lang("en")
    for subject in ontology.subjects(RDF.type, OWL.Class):
        for predicate in (rdflib.RDFS.label, SKOS.definition):
            for text in ontology.objects(subject, predicate):
                assert isinstance(text, Literal)
                assert _squash(str(text)) in (swedish if text.language == "sv" else english)
    assert "välkomnar" in swedish
    assert "Den förlängda svarstiden" in swedish


def test_a_term_shows_its_relations(page: Page) -> None:
    stance = page.under("Stance")
    assert "prov:Entity" in stance  # superclass
    assert "lsk:quote" in stance
    assert "lsk:stanceType" in stance
    assert "lsksh:Stance" in stance  # the shape targeting it
    subsidiary = page.under("hasSubsidiary")
    assert "lsk:subsidiaryOf" in subsidiary  # the inverse, stated only on the other side
    assert "functional" in page.under("stanceType")
    assert "lsk:ClusterInitiative" in page.under("Collaboration")  # subclass


def test_shape_rows_say_what_they_check(page: Page) -> None:
    quote = page.under("shape-Stance-quote")
    assert "path lsk:quote" in quote
    assert "exactly 1 value" in quote
    assert "at least 15 characters long" in quote
    assert "language tag sv" in quote
    assert "Violation" in quote
    assert "path dcterms:title | rdfs:label" in page.under("shape-Document-title")
    assert "path ^lsk:hasAttachment" in page.under("shape-Attachment-parent")
    assert "Warning" in page.under("shape-Aspect-areas")
    polarity = page.under("shape-StanceType-polarity")
    assert "one of stype:positive, stype:neutral, stype:negative" in polarity


def test_sparql_constraints_show_their_query(
    page: Page, html_text: str, shapes: rdflib.Graph
) -> None:
    deadline = page.under("shape-DeadlineExtension")
    assert "SELECT $this ?value ?original WHERE" in deadline
    assert "every subject of lsk:extendedDeadline" in deadline
    # One folded query per SPARQL constraint in the shapes file.
    constraints = list(shapes.subject_objects(SH.sparql))
    assert len(constraints) >= 9
    assert html_text.count("<details>") == len(constraints)


def test_reused_vocabularies_link_to_their_terms_and_specifications(page: Page) -> None:
    for spec in (
        "https://www.w3.org/TR/vocab-org/",
        "https://www.dublincore.org/specifications/dublin-core/dcmi-terms/",
        "https://www.w3.org/TR/skos-reference/",
        "https://www.w3.org/TR/prov-o/",
        "https://www.w3.org/TR/annotation-vocab/",
        "http://xmlns.com/foaf/spec/",
    ):
        assert spec in page.hrefs
    for term in ("http://www.w3.org/ns/prov#Entity", "http://www.w3.org/ns/oa#exact"):
        assert term in page.hrefs
    assert "value of rdfs:seeAlso for lsk:quote" in page.under("vocab-oa")


# --- the page as a file ---------------------------------------------------------------------


def test_page_is_balanced_html(page: Page, html_text: str) -> None:
    assert html_text.startswith('<!DOCTYPE html>\n<html lang="en">')
    assert page.unbalanced == []


def test_page_loads_nothing_from_elsewhere(page: Page, html_text: str) -> None:
    assert all(tag != "script" for tag, _ in page.tags)
    assert all(tag not in {"link", "img", "iframe", "object"} for tag, _ in page.tags)
    assert not any("src" in attributes for _, attributes in page.tags)
    style = html_text.split("<style>", 1)[1].split("</style>", 1)[0]
    assert "url(" not in style
    assert "@import" not in style
    assert "@font-face" not in style


def test_downloads_are_the_ontology_and_the_shapes(
    written: DocsReport, ontology: rdflib.Graph, shapes: rdflib.Graph
) -> None:
    names = sorted(p.name for p in written.files)
    assert names == ["index.html", "lsk.jsonld", "lsk.rdf", "lsk.ttl", "shapes.ttl"]
    directory = written.directory
    for name in ("lsk.ttl", "lsk.rdf", "lsk.jsonld"):
        # pyoxigraph reads all three formats (rdflib's JSON-LD parser warns of its own internals).
        parsed = rdflib.Graph()
        for quad in ox.parse(path=str(directory / name)):
            parsed.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
        assert isomorphic(parsed, ontology), name
    assert isomorphic(rdflib.Graph().parse(directory / "shapes.ttl", format="turtle"), shapes)


def test_report_counts_what_the_page_documents(
    written: DocsReport,
    ontology: rdflib.Graph,
    shapes: rdflib.Graph,
    vocabulary: rdflib.Graph,
) -> None:
    assert (written.classes, written.properties, written.shapes) == (
        len(own_classes(ontology)),
        len(own_properties(ontology)),
        len(named_shapes(shapes)),
    )
    schemes, concepts = schemes_and_concepts(vocabulary)
    assert (written.schemes, written.concepts) == (len(schemes), len(concepts))


# --- the command ----------------------------------------------------------------------------


def test_kg_docs_writes_the_same_bytes_every_time(tmp_path: Path) -> None:
    outputs = []
    for run, seed in enumerate(("1", "2")):
        out = tmp_path / f"run{run}"
        result = kg("docs", "--out", str(out), env={"PYTHONHASHSEED": seed})
        assert result.returncode == 0, result.stderr
        assert f"Wrote {out / 'def' / 'index.html'}" in result.stdout
        outputs.append({p.name: p.read_bytes() for p in sorted((out / "def").iterdir())})
    assert outputs[0] == outputs[1]
    assert len(outputs[0]) == 5


def test_kg_docs_writes_into_the_publish_folder_by_default(
    tmp_path: Path, ontology: rdflib.Graph, shapes: rdflib.Graph
) -> None:
    result = kg("docs", env={"KG_PUBLISH_DIR": str(tmp_path / "publish")})
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "publish" / "def" / "index.html").is_file()
    classes, properties = len(own_classes(ontology)), len(own_properties(ontology))
    assert f"{classes} classes, {properties} properties, {len(named_shapes(shapes))} shapes" in (
        result.stdout
    )


def test_another_base_iri_shows_on_the_page_and_in_the_downloads(tmp_path: Path) -> None:
    base = "https://data.example.se/lifescience/"
    result = kg("docs", "--out", str(tmp_path), env={"KG_BASE_IRI": base})
    assert result.returncode == 0, result.stderr
    text = (tmp_path / "def" / "index.html").read_text(encoding="utf-8")
    assert f"{base}def/Stance" in text
    assert f"{base}shapes/Stance-quote" in text
    assert DEFAULT_BASE_IRI not in text
    assert DEFAULT_BASE_IRI not in (tmp_path / "def" / "lsk.ttl").read_text(encoding="utf-8")
    assert f"<{base}def/>" in (tmp_path / "def" / "shapes.ttl").read_text(encoding="utf-8")
    assert 'id="Stance"' in text
    assert 'id="shape-Stance-quote"' in text


def test_a_malformed_ontology_exits_2_naming_file_and_line(tmp_path: Path) -> None:
    project = tmp_path / "project"
    for folder in ("ontology", "shapes", "data"):
        shutil.copytree(PROJECT_DIR / folder, project / folder)
    ontology = project / "ontology" / "lsk.ttl"
    lines = ontology.read_text(encoding="utf-8").splitlines(keepends=True)
    broken_line = next(i for i, line in enumerate(lines) if line.startswith("lsk:Region")) + 1
    lines[broken_line - 1] = "lsk:Region lsk:broken .\n"  # a subject and predicate, no object
    ontology.write_text("".join(lines), encoding="utf-8")
    out = tmp_path / "out"
    result = kg("docs", "--out", str(out), env={"KG_PROJECT_DIR": str(project)})
    assert result.returncode == 2
    assert re.search(rf"lsk\.ttl:{broken_line}:\d+", result.stderr), result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert not out.exists()


def test_an_unwritable_output_exits_2(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    result = kg("docs", "--out", str(blocker))
    assert result.returncode == 2
    assert "cannot be written" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr
