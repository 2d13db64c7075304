"""Every quote in data/ occurs, word for word, in the source text of its document."""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib

from kg.quotes import check_quotes, normalise
from kg.settings import Settings


def test_every_quote_occurs_in_its_source(data_graph: rdflib.Graph, settings: Settings) -> None:
    assert settings.sources_dir.is_dir(), f"source texts expected at {settings.sources_dir}"
    problems = check_quotes(
        data_graph, sources_dir=settings.sources_dir, lsk=settings.namespaces.lsk
    )
    assert problems == []


def test_a_changed_word_is_caught(data_graph: rdflib.Graph, settings: Settings) -> None:
    lsk = rdflib.Namespace(settings.namespaces.lsk)
    tampered = rdflib.Graph()
    tampered += data_graph
    stance, quote = next(iter(sorted(tampered.subject_objects(lsk.quote))))
    tampered.set((stance, lsk.quote, rdflib.Literal(str(quote).replace("a", "å", 1), lang="sv")))
    problems = check_quotes(tampered, sources_dir=settings.sources_dir, lsk=settings.namespaces.lsk)
    assert [p.subject for p in problems] == [str(stance)]
    assert "quote not found" in problems[0].reason


def test_a_missing_source_folder_is_reported_not_raised(
    data_graph: rdflib.Graph, settings: Settings, tmp_path: Path
) -> None:
    problems = check_quotes(data_graph, sources_dir=tmp_path, lsk=settings.namespaces.lsk)
    assert problems
    assert all("is missing" in p.reason for p in problems)


@pytest.mark.parametrize(
    ("extracted", "quoted"),
    [
        ("*Stockholms stad välkomnar* den", "Stockholms stad välkomnar den"),
        ("Stockholm-\n\nUppsalaregionen till", "Stockholm-Uppsalaregionen till"),
        ("kultur- \n\noch fritidsaktiviteter", "kultur- och fritidsaktiviteter"),
        ("näringslivets   roll,\n mandat", "näringslivets roll, mandat"),
    ],
)
def test_normalise_makes_extraction_artefacts_irrelevant(extracted: str, quoted: str) -> None:
    assert normalise(quoted) in normalise(extracted)


def test_normalise_keeps_words_distinct() -> None:
    assert normalise("föreslår") not in normalise("föreslog att")
