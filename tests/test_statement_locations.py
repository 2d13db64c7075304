"""Statement locations: each curated fact that is not a stance traced, as an rdf:Statement with
Web Annotation selectors, to the passage of a source that states it, from the curator's
evidence files; or marked as the curator's inference with the reason."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import rdflib
from rdflib.namespace import RDF

from kg.errors import KGError
from kg.namespaces import DEFAULT_BASE_IRI, Namespaces
from kg.rdf_files import merge, parse_all
from kg.selector_checks import OA, check_statement_locations
from kg.settings import Settings
from kg.statement_evidence import EVIDENCE_DIR, evidence_files, read_evidence
from kg.statement_locations import (
    LOCATIONS_FILE,
    locate_statements,
    needing_evidence,
    statement_iri,
    statements_turtle,
    uncovered,
)
from tests.support.cli import kg

NS = Namespaces(DEFAULT_BASE_IRI)
DATA = """
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix lsk: <https://example.org/lsk/def/> .
@prefix src: <https://example.org/lsk/id/source/> .
@prefix doc: <https://example.org/lsk/id/document/> .
@prefix actor: <https://example.org/lsk/id/actor/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

src:001_example lsk:fileName "001_example.txt" .
doc:memo lsk:sourceText src:001_example ;
    dcterms:title "Ett PM"@sv ;
    dcterms:date "2026-03-18"^^xsd:date ;
    lsk:caseNumber "KS 2026/58" ;
    dcterms:creator actor:office .
"""
SOURCE = "PM (Dnr KS 2026/58)\n\nStockholm den 18\nmars 2026\n\nKS 2026/58 igen.\n"


def project(tmp_path: Path, evidence: str) -> tuple[rdflib.Graph, Path, Path]:
    """A graph, a folder with the source file and an evidence file holding `evidence`."""
    (tmp_path / "001_example.txt").write_text(SOURCE, encoding="utf-8")
    path = tmp_path / "memo.toml"
    path.write_text(evidence, encoding="utf-8")
    return rdflib.Graph().parse(data=DATA, format="turtle"), tmp_path, path


def locate(tmp_path: Path, evidence: str) -> list[tuple[str, str, list[tuple[int, int]]]]:
    graph, sources, path = project(tmp_path, evidence)
    found = locate_statements(graph, read_evidence([path], NS), sources_dir=sources, namespaces=NS)
    return [
        (
            NS.compact(str(s.predicate)),
            str(s.object),
            [(p.line_start, p.line_end) for p in s.locations],
        )
        for s in found
    ]


def table(**fields: str | int) -> str:
    body = "".join(
        f"{key} = {value!r}\n".replace("'", '"') if isinstance(value, str) else f"{key} = {value}\n"
        for key, value in fields.items()
    )
    return "[[statement]]\n" + body + "\n"


# The evidence files ------------------------------------------------------------------------


def test_a_passage_across_lines_is_located_by_its_words(tmp_path: Path) -> None:
    evidence = table(
        subject="doc:memo", predicate="dcterms:date", file="001", exact="Stockholm den 18 mars 2026"
    )
    assert locate(tmp_path, evidence) == [
        ("dcterms:date", "2026-03-18", [(3, 4)]),
    ]


def test_a_repeated_passage_needs_its_occurrence(tmp_path: Path) -> None:
    ambiguous = table(
        subject="doc:memo", predicate="lsk:caseNumber", file="001", exact="KS 2026/58"
    )
    with pytest.raises(KGError, match=r"memo\.toml:1: the passage occurs 2 times"):
        locate(tmp_path, ambiguous)
    chosen = ambiguous.replace("\n\n", "\noccurrence = 2\n\n")
    assert locate(tmp_path, chosen) == [("lsk:caseNumber", "KS 2026/58", [(6, 6)])]


def test_several_places_for_one_fact_are_all_kept(tmp_path: Path) -> None:
    first = table(
        subject="doc:memo", predicate="lsk:caseNumber", file="001", exact="PM (Dnr KS 2026/58)"
    )
    second = table(
        subject="doc:memo", predicate="lsk:caseNumber", file="001", exact="KS 2026/58 igen"
    )
    assert locate(tmp_path, first + second) == [("lsk:caseNumber", "KS 2026/58", [(1, 1), (6, 6)])]


def test_an_inferred_fact_carries_the_reason_and_no_place(tmp_path: Path) -> None:
    graph, sources, path = project(
        tmp_path,
        table(subject="doc:memo", predicate="dcterms:creator", inferred="The office wrote it."),
    )
    found = locate_statements(graph, read_evidence([path], NS), sources_dir=sources, namespaces=NS)
    assert [(s.inferred, s.locations) for s in found] == [(["The office wrote it."], [])]
    turtle = statements_turtle(found, namespaces=NS)
    assert 'lsk:curatorNote "The office wrote it."@en' in turtle


@pytest.mark.parametrize(
    ("evidence", "message"),
    [
        (
            table(subject="doc:memo", predicate="dcterms:date", file="001", exact="den 19 mars"),
            r"memo\.toml:1: passage not found in 001_example\.txt",
        ),
        (
            table(
                subject="doc:memo",
                predicate="dcterms:date",
                object="2026-03-19",
                file="001",
                exact="18",
            ),
            r"memo\.toml:1: the data holds no triple doc:memo dcterms:date '2026-03-19'",
        ),
        (
            table(subject="doc:memo", predicate="dcterms:date", file="009", exact="18"),
            r"memo\.toml:1: no source text numbered '009'",
        ),
        (
            table(subject="doc:memo", predicate="dcterms:date"),
            r"memo\.toml:1: give either file and exact .* or inferred",
        ),
        (
            table(
                subject="doc:memo", predicate="dcterms:date", file="001", exact="18", inferred="x"
            ),
            r"memo\.toml:1: give either",
        ),
        (
            table(subject="doc:memo", predicate="dcterms:date", page="3"),
            r"memo\.toml:1: unknown key\(s\) page",
        ),
        (
            table(subject="nope:memo", predicate="dcterms:date", inferred="x"),
            r"memo\.toml:1: subject: ",
        ),
        ("[[statement]\nsubject = 1\n", r"memo\.toml: not valid TOML"),
        (
            "\n\n"
            + table(
                subject="doc:memo", predicate="dcterms:date", occurrence=0, file="001", exact="18"
            ),
            r"memo\.toml:3: occurrence must be",
        ),
    ],
)
def test_bad_evidence_is_refused_naming_file_and_line(
    tmp_path: Path, evidence: str, message: str
) -> None:
    with pytest.raises(KGError, match=message):
        locate(tmp_path, evidence)


def test_the_generated_turtle_is_checked_character_by_character(tmp_path: Path) -> None:
    evidence = table(
        subject="doc:memo", predicate="dcterms:date", file="001", exact="Stockholm den 18 mars 2026"
    )
    graph, sources, path = project(tmp_path, evidence)
    found = locate_statements(graph, read_evidence([path], NS), sources_dir=sources, namespaces=NS)
    graph.parse(data=statements_turtle(found, namespaces=NS), format="turtle")
    assert check_statement_locations(graph, sources_dir=sources, lsk=NS.lsk) == []

    (statement,) = graph.subjects(RDF.type, RDF.Statement)
    (place,) = graph.objects(statement, rdflib.URIRef(NS.iri("lsk:statedAt")))
    position = rdflib.URIRef(f"{place}/position")
    start = int(str(graph.value(position, OA.start)))
    graph.set((position, OA.start, rdflib.Literal(start + 2)))
    reasons = [p.reason for p in check_statement_locations(graph, sources_dir=sources, lsk=NS.lsk)]
    assert any(r.startswith(f"001_example.txt: characters {start + 2}–") for r in reasons)

    graph.remove((rdflib.URIRef(NS.iri("doc:memo")), rdflib.URIRef(NS.iri("dcterms:date")), None))
    reasons = [p.reason for p in check_statement_locations(graph, sources_dir=sources, lsk=NS.lsk)]
    assert any("describes a triple the data does not hold" in r for r in reasons)


def test_a_statement_iri_follows_its_triple() -> None:
    date = rdflib.Literal("2026-03-18", datatype=rdflib.XSD.date)
    memo, predicate = NS.iri("doc:memo"), NS.iri("dcterms:date")
    assert statement_iri(NS, memo, predicate, date) == statement_iri(NS, memo, predicate, date)
    other = rdflib.Literal("2026-03-19", datatype=rdflib.XSD.date)
    assert statement_iri(NS, memo, predicate, other) != statement_iri(NS, memo, predicate, date)
    assert statement_iri(NS, memo, predicate, date).startswith(NS.iri("statement:"))


# The shipped data --------------------------------------------------------------------------


def shipped(settings: Settings) -> tuple[rdflib.Graph, list[tuple[Path, rdflib.Graph]]]:
    files = parse_all([settings.data_dir], base_iri=DEFAULT_BASE_IRI)
    top = [(f.path, f.graph) for f in files if f.path.parent == settings.data_dir]
    return merge(files), top


def test_every_curated_statement_is_located_or_marked_as_inferred(settings: Settings) -> None:
    graph, top = shipped(settings)
    evidence = read_evidence(evidence_files(settings.data_dir), NS)
    statements = locate_statements(graph, evidence, sources_dir=settings.sources_dir, namespaces=NS)
    missing = uncovered(needing_evidence(top, namespaces=NS), statements)
    assert [
        f"{p.name}: {NS.compact(str(s))} {NS.compact(str(pr))} {o}" for p, s, pr, o in missing
    ] == []


def test_the_generated_file_is_what_the_evidence_gives(settings: Settings) -> None:
    graph, _top = shipped(settings)
    evidence = read_evidence(evidence_files(settings.data_dir), NS)
    statements = locate_statements(graph, evidence, sources_dir=settings.sources_dir, namespaces=NS)
    written = (settings.data_dir / LOCATIONS_FILE).read_text(encoding="utf-8")
    assert written == statements_turtle(statements, namespaces=NS), (
        "run `kg locate-statements --write data/provenance/statement-locations.ttl`"
    )


def test_the_shipped_statement_locations_agree_with_the_files(settings: Settings) -> None:
    graph, _top = shipped(settings)
    assert check_statement_locations(graph, sources_dir=settings.sources_dir, lsk=NS.lsk) == []
    assert len(set(graph.subjects(RDF.type, RDF.Statement))) > 200


def test_kg_locate_statements_names_a_triple_without_evidence(
    tmp_path: Path, settings: Settings
) -> None:
    copy = tmp_path / "project"
    for folder in ("ontology", "shapes", "data"):
        shutil.copytree(settings.project_dir / folder, copy / folder)
    evidence = sorted((copy / "data" / EVIDENCE_DIR).glob("*.toml"))
    assert evidence, "the project ships evidence files"
    for path in evidence:
        path.unlink()
    result = kg(
        "locate-statements",
        env={"KG_PROJECT_DIR": str(copy), "KG_SOURCES_DIR": str(settings.sources_dir)},
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "stockholm.ttl: doc:stockholm-pm-ks-2026-58 dcterms:date" in result.stderr
    assert "have no evidence" in result.stderr


def test_a_fact_gets_one_reason_for_being_inferred(tmp_path: Path) -> None:
    first = table(subject="doc:memo", predicate="dcterms:creator", inferred="One reason.")
    second = table(subject="doc:memo", predicate="dcterms:creator", inferred="Another reason.")
    with pytest.raises(KGError, match=r"memo\.toml:\d+: doc:memo dcterms:creator is already"):
        locate(tmp_path, first + second)
    assert locate(tmp_path, first + first) == [("dcterms:creator", NS.iri("actor:office"), [])]
