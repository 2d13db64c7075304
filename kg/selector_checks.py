"""Checking each stance's quote location, and each curated statement's, against its source
file, character by character.

`kg.quotes` checks that a quote occurs in its source after normalising; this module checks the
selectors that say where: the text between the offsets is the exact text, the prefix and suffix
are the text around it, the exact text is the quote, the lines are the lines of the offsets,
and, where the quote occurs more than once, the occurrence recorded is the one the offsets
select.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import rdflib
from rdflib.namespace import DCTERMS, RDF

from kg.quotes import QuoteProblem, normalise
from kg.selectors import NormalisedText, line_of

OA = rdflib.Namespace("http://www.w3.org/ns/oa#")
_REGENERATE = "run `kg locate-quotes --write data/provenance/quote-selectors.ttl`"
_REGENERATE_STATEMENTS = (
    "run `kg locate-statements --write data/provenance/statement-locations.ttl`"
)


def check_locations(graph: rdflib.Graph, *, sources_dir: Path, lsk: str) -> list[QuoteProblem]:
    """Every problem with the stances' quote locations (empty when all agree with the files)."""
    text_of = _TextCache(sources_dir)
    namespace = rdflib.Namespace(lsk)
    problems: list[QuoteProblem] = []
    for stance in sorted(graph.subjects(RDF.type, namespace.Stance), key=str):
        for reason in _stance_problems(graph, stance, namespace, text_of):
            problems.append(QuoteProblem(str(stance), reason))
    return problems


def check_statement_locations(
    graph: rdflib.Graph, *, sources_dir: Path, lsk: str
) -> list[QuoteProblem]:
    """Every problem with the curated statements' locations: the triple a statement describes
    must be in the data, and each place must agree with its file as a quote's location does."""
    texts = _TextCache(sources_dir)
    namespace = rdflib.Namespace(lsk)
    problems: list[QuoteProblem] = []
    for statement in sorted(graph.subjects(RDF.type, RDF.Statement), key=str):
        for reason in _statement_problems(graph, statement, namespace, texts):
            problems.append(QuoteProblem(str(statement), reason))
    return problems


def _statement_problems(
    graph: rdflib.Graph,
    statement: rdflib.term.Node,
    lsk: rdflib.Namespace,
    text_of: Callable[[str], tuple[str, NormalisedText] | None],
) -> Iterator[str]:
    triple = (
        graph.value(statement, RDF.subject),
        graph.value(statement, RDF.predicate),
        graph.value(statement, RDF.object),
    )
    if None in triple or triple not in graph:
        yield f"describes a triple the data does not hold; {_REGENERATE_STATEMENTS}"
    places = sorted(graph.objects(statement, lsk.statedAt), key=str)
    if not places and graph.value(statement, lsk.curatorNote) is None:
        yield "gives neither a place in a source (lsk:statedAt) nor the curator's reason"
    for place in places:
        source = graph.value(place, OA.hasSource)
        file_name = graph.value(source, lsk.fileName) if source is not None else None
        if file_name is None:
            yield f"{place}: names no source text file (oa:hasSource, lsk:fileName)"
            continue
        loaded = text_of(str(file_name))
        if loaded is None:
            yield f"source file {file_name} is missing"
            continue
        name = str(file_name)
        selected = _selection(graph, place, name, loaded[0])
        if isinstance(selected, str):
            yield selected
            continue
        yield from _span_problems(graph, place, lsk, name, loaded[0], selected)
        yield from _occurrence_problems(
            graph, place, lsk, name, loaded[1], selected.start, selected.exact
        )


class _TextCache:
    """Each source file read once, with its normalised text; None when it is missing."""

    def __init__(self, sources_dir: Path) -> None:
        self._dir = sources_dir
        self._texts: dict[str, tuple[str, NormalisedText] | None] = {}

    def __call__(self, name: str) -> tuple[str, NormalisedText] | None:
        if name not in self._texts:
            path = self._dir / name
            raw = path.read_text(encoding="utf-8") if path.is_file() else None
            self._texts[name] = None if raw is None else (raw, NormalisedText.of(raw))
        return self._texts[name]


def _stance_problems(
    graph: rdflib.Graph,
    stance: rdflib.term.Node,
    lsk: rdflib.Namespace,
    text_of: Callable[[str], tuple[str, NormalisedText] | None],
) -> Iterator[str]:
    location = graph.value(stance, lsk.quotedFrom)
    if location is None:
        yield f"has no quote location (lsk:quotedFrom); {_REGENERATE}"
        return
    source = graph.value(location, OA.hasSource)
    file_name = graph.value(source, lsk.fileName) if source is not None else None
    if file_name is None:
        yield "its quote location names no source text file (oa:hasSource, lsk:fileName)"
        return
    name = str(file_name)
    documents_files = {
        str(n)
        for document in graph.objects(stance, DCTERMS.source)
        for text in graph.objects(document, lsk.sourceText)
        for n in graph.objects(text, lsk.fileName)
    }
    if documents_files and name not in documents_files:
        yield f"{name}: the location is in another file than its document's ({', '.join(sorted(documents_files))})"
    loaded = text_of(name)
    if loaded is None:
        yield f"source file {name} is missing"
        return
    selected = _selection(graph, location, name, loaded[0])
    if isinstance(selected, str):
        yield selected
        return
    yield from _span_problems(graph, location, lsk, name, loaded[0], selected)
    quote = graph.value(stance, lsk.quote)
    if quote is None:
        return
    if normalise(selected.exact) != normalise(str(quote)):
        yield f"{name}: the exact text {_clip(selected.exact)} is not the quote {_clip(str(quote))}"
    yield from _occurrence_problems(
        graph, location, lsk, name, loaded[1], selected.start, str(quote)
    )


@dataclass(frozen=True)
class _Selection:
    """What one location's two selectors say: the exact text, its context and its offsets."""

    exact: str
    prefix: str
    suffix: str
    start: int
    end: int


def _selection(
    graph: rdflib.Graph, location: rdflib.term.Node, name: str, raw: str
) -> _Selection | str:
    """The selectors of an oa:SpecificResource of the file `name`, or what keeps them from
    being read against the file."""
    quote_selector = _selector(graph, location, OA.TextQuoteSelector)
    position_selector = _selector(graph, location, OA.TextPositionSelector)
    if quote_selector is None or position_selector is None:
        return f"{name}: the location needs an oa:TextQuoteSelector and an oa:TextPositionSelector"
    start = _int(graph.value(position_selector, OA.start))
    end = _int(graph.value(position_selector, OA.end))
    if start is None or end is None:
        return f"{name}: the position selector needs integer oa:start and oa:end"
    if not 0 <= start < end <= len(raw):
        return f"{name}: offsets {start}–{end} are outside the file ({len(raw)} characters)"
    return _Selection(
        exact=str(graph.value(quote_selector, OA.exact) or ""),
        prefix=str(graph.value(quote_selector, OA.prefix) or ""),
        suffix=str(graph.value(quote_selector, OA.suffix) or ""),
        start=start,
        end=end,
    )


def _span_problems(
    graph: rdflib.Graph,
    location: rdflib.term.Node,
    lsk: rdflib.Namespace,
    name: str,
    raw: str,
    selected: _Selection,
) -> Iterator[str]:
    """What is wrong with a location's selectors against the characters of the file, and
    with its lines against its offsets."""
    start, end, exact = selected.start, selected.end, selected.exact
    prefix, suffix = selected.prefix, selected.suffix
    if raw[start:end] != exact:
        yield (
            f"{name}: characters {start}–{end} are {_clip(raw[start:end])}, "
            f"not the exact text {_clip(exact)}"
        )
    if raw[max(0, start - len(prefix)) : start] != prefix:
        yield (
            f"{name}: the prefix {_clip(prefix)} is not the text before offset {start} "
            f"({_clip(raw[max(0, start - len(prefix)) : start])})"
        )
    if raw[end : end + len(suffix)] != suffix:
        yield (
            f"{name}: the suffix {_clip(suffix)} is not the text after offset {end} "
            f"({_clip(raw[end : end + len(suffix)])})"
        )
    lines = (_int(graph.value(location, lsk.lineStart)), _int(graph.value(location, lsk.lineEnd)))
    expected_lines = (line_of(raw, start), line_of(raw, end - 1))
    if lines != expected_lines:
        yield (
            f"{name}: lines {lines[0]}–{lines[1]} do not match the offsets, "
            f"which are on lines {expected_lines[0]}–{expected_lines[1]}"
        )


def _occurrence_problems(
    graph: rdflib.Graph,
    location: rdflib.term.Node,
    lsk: rdflib.Namespace,
    name: str,
    normalised: NormalisedText,
    start: int,
    quote: str,
) -> Iterator[str]:
    wanted = normalise(quote)
    starts = [normalised.span(i, len(wanted))[0] for i in normalised.occurrences(wanted)]
    recorded = (
        _int(graph.value(location, lsk.occurrence)),
        _int(graph.value(location, lsk.occurrences)),
    )
    if len(starts) > 1:
        actual = (starts.index(start) + 1 if start in starts else None, len(starts))
        if recorded != actual:
            yield (
                f"{name}: the passage occurs {len(starts)} times; the location should record "
                f"lsk:occurrence {actual[0]} of lsk:occurrences {actual[1]}, not "
                f"{recorded[0]} of {recorded[1]}"
            )
    elif recorded != (None, None):
        yield f"{name}: the passage occurs once, yet the location records an occurrence"


def _selector(
    graph: rdflib.Graph, location: rdflib.term.Node, kind: rdflib.URIRef
) -> rdflib.term.Node | None:
    return next(
        (s for s in graph.objects(location, OA.hasSelector) if (s, RDF.type, kind) in graph), None
    )


def _int(value: rdflib.term.Node | None) -> int | None:
    try:
        return int(value) if isinstance(value, rdflib.Literal) else None
    except ValueError:
        return None


def _clip(text: str, width: int = 60) -> str:
    return repr(text if len(text) <= width else text[: width - 1] + "…")
