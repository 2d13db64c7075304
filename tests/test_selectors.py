"""Quote locations: every stance's quote found at exact offsets in its source file, given as Web
Annotation selectors that `kg verify-quotes` checks character by character."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import rdflib

from kg.namespaces import DEFAULT_BASE_IRI, Namespaces
from kg.quotes import normalise
from kg.rdf_files import ParsedFile, merge, parse_all
from kg.selector_checks import OA, check_locations
from kg.selectors import (
    SELECTORS_FILE,
    NormalisedText,
    QuoteLocation,
    locate_quotes,
    location_in,
    quote_iri,
    selectors_turtle,
)
from kg.settings import Settings
from tests.support.cli import kg

NS = Namespaces(DEFAULT_BASE_IRI)
PREFIXES = """
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix lsk: <https://example.org/lsk/def/> .
@prefix stance: <https://example.org/lsk/id/stance/> .
@prefix src: <https://example.org/lsk/id/source/> .
@prefix doc: <https://example.org/lsk/id/document/> .
"""


def stances(*rows: tuple[str, str, str]) -> rdflib.Graph:
    """A graph of stances (slug, document slug, quote), all from one file, `source.txt`."""
    turtle = PREFIXES + 'src:s lsk:fileName "source.txt" .\n'
    documents = {document for _slug, document, _quote in rows}
    turtle += "".join(f"doc:{d} lsk:sourceText src:s .\n" for d in sorted(documents))
    turtle += "".join(
        f'stance:{slug} a lsk:Stance ; dcterms:source doc:{document} ; lsk:quote "{quote}"@sv .\n'
        for slug, document, quote in rows
    )
    return rdflib.Graph().parse(data=turtle, format="turtle")


def locate(tmp_path: Path, text: str, *rows: tuple[str, str, str]) -> dict[str, QuoteLocation]:
    (tmp_path / "source.txt").write_text(text, encoding="utf-8")
    found = locate_quotes(stances(*rows), sources_dir=tmp_path, namespaces=NS)
    return {NS.compact(location.subject): location for location in found}


# The locator ------------------------------------------------------------------------------


def test_normalised_text_is_what_normalise_gives(settings: Settings) -> None:
    for path in sorted(settings.sources_dir.glob("*.txt")):
        raw = path.read_text(encoding="utf-8")
        normalised = NormalisedText.of(raw)
        assert normalised.text == normalise(raw), path.name
        assert len(normalised.origin) == len(normalised.text)
    for raw in ("  *a*  b-\n\n c ", "x - y", "-- \n-", "\n"):
        assert NormalisedText.of(raw).text == normalise(raw)


def test_a_quote_across_line_breaks_hyphenation_and_emphasis_keeps_the_files_characters(
    tmp_path: Path,
) -> None:
    text = "Inledning.\n*Stockholms stad välkomnar* att Stockholm-\n\nUppsalaregionen\nväxer. Slut."
    located = locate(
        tmp_path,
        text,
        ("x-01", "d", "Stockholms stad välkomnar att Stockholm-Uppsalaregionen växer."),
    )
    location = located["stance:x-01"]
    assert location.exact == "Stockholms stad välkomnar* att Stockholm-\n\nUppsalaregionen\nväxer."
    assert text[location.start : location.end] == location.exact
    assert (location.line_start, location.line_end) == (2, 5)
    assert location.prefix == "Inledning.\n*"
    assert location.suffix == " Slut."
    assert (location.occurrence, location.occurrences) == (1, 1)


def test_offsets_count_code_points_not_bytes(tmp_path: Path) -> None:
    text = "Åtgärder för höjd förmåga: öka takten i arbetet."
    location = locate(tmp_path, text, ("x-01", "d", "öka takten i arbetet."))["stance:x-01"]
    assert (location.start, location.end) == (text.index("öka"), len(text))
    assert text.encode("utf-8").index("öka".encode()) != location.start  # å, ä, ö are 2 bytes


def test_a_repeated_quote_is_taken_at_its_place_in_the_document(tmp_path: Path) -> None:
    # A summary repeats the body's sentences: the body's stances stand after the stance before
    # them in the same document, so they take the second occurrence.
    text = (
        "Sammanfattning\nVi ser positivt på planen.\nVi avstår från nya organ.\n"
        "Synpunkter\nVi föreslår en översyn.\nVi ser positivt på planen.\n"
        "Vi avstår från nya organ.\n"
    )
    located = locate(
        tmp_path,
        text,
        ("doc-01", "d", "Vi ser positivt på planen."),
        ("doc-02", "d", "Vi avstår från nya organ."),
        ("doc-03", "d", "Vi föreslår en översyn."),
        ("doc-04", "d", "Vi ser positivt på planen."),
        ("doc-05", "d", "Vi avstår från nya organ."),
    )
    lines = {
        slug: (loc.line_start, loc.occurrence, loc.occurrences) for slug, loc in located.items()
    }
    assert lines == {
        "stance:doc-01": (2, 1, 2),
        "stance:doc-02": (3, 1, 2),
        "stance:doc-03": (5, 1, 1),
        "stance:doc-04": (6, 2, 2),
        "stance:doc-05": (7, 2, 2),
    }


def test_a_quote_missing_from_its_file_names_the_stance(tmp_path: Path) -> None:
    from kg.errors import KGError

    with pytest.raises(KGError, match=r"stance:x-01: quote not found in source.txt"):
        locate(tmp_path, "Något helt annat.", ("x-01", "d", "Vi välkomnar strategin."))


# The shipped data -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def shipped(settings: Settings) -> rdflib.Graph:
    return merge(parse_all([settings.data_dir], base_iri=DEFAULT_BASE_IRI))


def test_every_stance_is_located_and_nine_repeated_quotes_are_resolved(
    shipped: rdflib.Graph, settings: Settings
) -> None:
    located = locate_quotes(shipped, sources_dir=settings.sources_dir, namespaces=NS)
    lsk = rdflib.Namespace(NS.lsk)
    assert len(located) == len(set(shipped.subjects(rdflib.RDF.type, lsk.Stance))) == 116
    repeated = {NS.compact(loc.subject): loc.occurrence for loc in located if loc.occurrences > 1}
    assert repeated == {
        # Huddinge's summary repeats four sentences of "Förvaltningens synpunkter".
        "stance:huddinge-tjansteutlatande-02": 1,
        "stance:huddinge-tjansteutlatande-03": 1,
        "stance:huddinge-tjansteutlatande-04": 1,
        "stance:huddinge-tjansteutlatande-05": 1,
        "stance:huddinge-tjansteutlatande-08": 2,
        "stance:huddinge-tjansteutlatande-09": 2,
        "stance:huddinge-tjansteutlatande-10": 2,
        "stance:huddinge-tjansteutlatande-11": 2,
        # Uppsala's memo (line 23) repeats the statement's words (line 100).
        "stance:uppsala-yttrande-21": 2,
    }


def test_prefix_exact_and_suffix_select_one_place_in_the_file(
    shipped: rdflib.Graph, settings: Settings
) -> None:
    for location in locate_quotes(shipped, sources_dir=settings.sources_dir, namespaces=NS):
        text = (settings.sources_dir / location.file_name).read_text(encoding="utf-8")
        selected = location.prefix + location.exact + location.suffix
        assert text.count(selected) == 1, location.subject
        assert text.index(selected) == location.start - len(location.prefix)


def test_the_generated_file_is_what_regenerating_gives(
    shipped: rdflib.Graph, settings: Settings
) -> None:
    located = locate_quotes(shipped, sources_dir=settings.sources_dir, namespaces=NS)
    generated = selectors_turtle(located, namespaces=NS)
    checked_in = (settings.data_dir / SELECTORS_FILE).read_text(encoding="utf-8")
    assert generated == checked_in, "run kg locate-quotes --write data/" + str(SELECTORS_FILE)
    assert selectors_turtle(reversed(located), namespaces=NS) == generated


def test_kg_locate_quotes_prints_the_checked_in_file(settings: Settings) -> None:
    result = kg("locate-quotes")
    assert result.returncode == 0, result.stderr
    assert result.stdout == (settings.data_dir / SELECTORS_FILE).read_text(encoding="utf-8")


# Checking locations -----------------------------------------------------------------------


@pytest.fixture
def tampered(data_files: list[ParsedFile]) -> rdflib.Graph:
    graph = rdflib.Graph()
    graph += merge(data_files)
    return graph


STANCE = "stance:uppsala-yttrande-21"


def selectors_of(graph: rdflib.Graph, settings: Settings) -> tuple[rdflib.URIRef, ...]:
    location = rdflib.URIRef(quote_iri(settings.namespaces.iri(STANCE)))
    return (
        location,
        rdflib.URIRef(str(location) + "/text"),
        rdflib.URIRef(str(location) + "/position"),
    )


def problems(graph: rdflib.Graph, settings: Settings) -> list[tuple[str, str]]:
    found = check_locations(graph, sources_dir=settings.sources_dir, lsk=settings.namespaces.lsk)
    return [(settings.namespaces.compact(p.subject), p.reason) for p in found]


def test_the_shipped_locations_agree_with_the_files(
    tampered: rdflib.Graph, settings: Settings
) -> None:
    assert problems(tampered, settings) == []


def test_a_wrong_offset_is_caught(tampered: rdflib.Graph, settings: Settings) -> None:
    _location, _text, position = selectors_of(tampered, settings)
    start = int(str(tampered.value(position, OA.start)))
    tampered.set((position, OA.start, rdflib.Literal(start + 1)))
    found = problems(tampered, settings)
    assert {stance for stance, _ in found} == {STANCE}
    assert any("003_50e66dcccbccbcd5.txt: characters" in reason for _, reason in found)


def test_a_wrong_prefix_is_caught(tampered: rdflib.Graph, settings: Settings) -> None:
    _location, text, _position = selectors_of(tampered, settings)
    tampered.set((text, OA.prefix, rdflib.Literal("något annat")))
    assert [(s, r.split(":")[0]) for s, r in problems(tampered, settings)] == [
        (STANCE, "003_50e66dcccbccbcd5.txt")
    ]
    assert "the prefix 'något annat'" in problems(tampered, settings)[0][1]


def test_wrong_lines_and_a_wrong_occurrence_are_caught(
    tampered: rdflib.Graph, settings: Settings
) -> None:
    location, _text, _position = selectors_of(tampered, settings)
    lsk = rdflib.Namespace(settings.namespaces.lsk)
    tampered.set((location, lsk.lineEnd, rdflib.Literal(101)))
    tampered.set((location, lsk.occurrence, rdflib.Literal(1)))
    reasons = [reason for _, reason in problems(tampered, settings)]
    assert any("lines 100–101 do not match the offsets" in r for r in reasons)
    assert any("should record lsk:occurrence 2 of lsk:occurrences 2" in r for r in reasons)


def test_a_stance_without_a_location_is_reported(
    tampered: rdflib.Graph, settings: Settings
) -> None:
    lsk = rdflib.Namespace(settings.namespaces.lsk)
    tampered.remove((rdflib.URIRef(settings.namespaces.iri(STANCE)), lsk.quotedFrom, None))
    [(stance, reason)] = problems(tampered, settings)
    assert stance == STANCE
    assert "has no quote location" in reason


def test_kg_verify_quotes_exits_1_naming_the_stance_with_a_wrong_offset(
    tmp_path: Path, settings: Settings
) -> None:
    project = tmp_path / "project"
    for folder in ("ontology", "shapes", "data"):
        shutil.copytree(settings.project_dir / folder, project / folder)
    selectors = project / "data" / SELECTORS_FILE
    location = quote_iri(settings.namespaces.iri(STANCE))
    text = selectors.read_text(encoding="utf-8")
    block = text.index(f"<{location}/position>")
    start = text.index("oa:start ", block)
    line_end = text.index(" ;", start)
    offset = int(text[start + len("oa:start ") : line_end])
    selectors.write_text(
        text[:start] + f"oa:start {offset - 3}" + text[line_end:], encoding="utf-8"
    )
    result = kg(
        "verify-quotes",
        env={"KG_PROJECT_DIR": str(project), "KG_SOURCES_DIR": str(settings.sources_dir)},
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"{STANCE}: 003_50e66dcccbccbcd5.txt: characters {offset - 3}–" in result.stdout
    assert "could not be verified" in result.stdout


def test_location_in_gives_context_within_the_file() -> None:
    location = location_in("abc\ndef", 0, 3, subject="s", source="src", file_name="f")
    assert (location.prefix, location.exact, location.suffix) == ("", "abc", "\ndef")
    assert (location.line_start, location.line_end) == (1, 1)
