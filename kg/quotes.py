"""Checking that every stance's quote occurs, verbatim, in the source text it cites.

The sources are text extracted from PDFs and Markdown: line breaks fall anywhere, a word split
at a line end keeps its hyphen, and emphasis is marked with asterisks. Both the quote and the
source are normalised the same way before comparing, so a quote is written as a person reads
the passage and still has to match it word for word.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import rdflib
from rdflib.namespace import DCTERMS, RDF

_WHITESPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Drop Markdown emphasis, collapse whitespace, and close up the space after a hyphen."""
    text = text.replace("*", "")
    text = _WHITESPACE.sub(" ", text).strip()
    return text.replace("- ", "-")


@dataclass(frozen=True)
class QuoteProblem:
    """A stance whose quote, or a statement whose location, cannot be verified, and why."""

    subject: str
    reason: str


def check_quotes(graph: rdflib.Graph, *, sources_dir: Path, lsk: str) -> list[QuoteProblem]:
    """Every stance whose quote is missing from its source text (empty when all are found)."""
    return list(_problems(graph, sources_dir=sources_dir, lsk=rdflib.Namespace(lsk)))


def _problems(
    graph: rdflib.Graph, *, sources_dir: Path, lsk: rdflib.Namespace
) -> Iterator[QuoteProblem]:
    texts: dict[str, str | None] = {}
    for stance in sorted(graph.subjects(RDF.type, lsk.Stance), key=str):
        quote = graph.value(stance, lsk.quote)
        if quote is None:
            yield QuoteProblem(str(stance), "has no quote")
            continue
        file_names = {
            str(name)
            for document in graph.objects(stance, DCTERMS.source)
            for source_text in graph.objects(document, lsk.sourceText)
            for name in graph.objects(source_text, lsk.fileName)
        }
        if not file_names:
            yield QuoteProblem(str(stance), "its document names no source text file")
            continue
        found = False
        for name in sorted(file_names):
            if name not in texts:
                path = sources_dir / name
                texts[name] = (
                    normalise(path.read_text(encoding="utf-8")) if path.is_file() else None
                )
            text = texts[name]
            if text is None:
                yield QuoteProblem(str(stance), f"source file {sources_dir / name} is missing")
                found = True  # reported; do not also report the quote as not found
            elif normalise(str(quote)) in text:
                found = True
        if not found:
            yield QuoteProblem(
                str(stance),
                f"quote not found in {', '.join(sorted(file_names))}: {str(quote)[:80]!r}",
            )
