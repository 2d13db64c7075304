"""Where each stance's quote stands in its source file, as Web Annotation selectors.

A stance's `lsk:quote` is the passage as a person reads it (whitespace collapsed, emphasis
dropped, line-end hyphenation closed up; see `kg.quotes.normalise`). Its location is the exact
span of the file that normalises to it: the characters between two offsets, counted in code
points of the file as read in UTF-8 (0-based, end exclusive, as `oa:TextPositionSelector`
counts), with the text around it and the lines it stands on.

Where the quote occurs more than once in the file, the stance's place in its document decides:
stances are numbered in document order, so a stance stands at the first occurrence at or after
the start of the stance before it in the same document. The choice is recorded in the data
(`lsk:occurrence` of `lsk:occurrences`). A quote that occurs once stands where it occurs,
wherever the stance before it stands (a summary may come after what it summarises).

`selectors_turtle` writes the locations as the generated file `data/provenance/quote-selectors.ttl`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import rdflib
from rdflib.namespace import DCTERMS, RDF

from kg.errors import KGError
from kg.namespaces import Namespaces
from kg.quotes import normalise

CONTEXT = 32
"""How many characters of the source text `oa:prefix` and `oa:suffix` hold, at least; more
(a multiple) where the text around a repeated passage repeats too."""

SELECTORS_FILE = Path("provenance") / "quote-selectors.ttl"
"""Where the generated selectors live, relative to data/."""


@dataclass(frozen=True)
class NormalisedText:
    """A text normalised as `kg.quotes.normalise` does, with, for each of its characters, the
    offset of the character of the original it comes from."""

    text: str
    origin: tuple[int, ...]

    @classmethod
    def of(cls, raw: str) -> NormalisedText:
        chars: list[str] = []
        origin: list[int] = []
        space_at: int | None = None  # where a run of whitespace began, not yet written
        for offset, char in enumerate(raw):
            if char == "*":
                continue
            if char.isspace():
                if space_at is None:
                    space_at = offset
                continue
            # A run of whitespace becomes one space, except at the start and after a hyphen.
            if space_at is not None and chars and chars[-1] != "-":
                chars.append(" ")
                origin.append(space_at)
            space_at = None
            chars.append(char)
            origin.append(offset)
        return cls("".join(chars), tuple(origin))

    def occurrences(self, normalised: str) -> list[int]:
        """Every index at which `normalised` starts, overlapping ones included."""
        found: list[int] = []
        index = self.text.find(normalised)
        while index >= 0 and normalised:
            found.append(index)
            index = self.text.find(normalised, index + 1)
        return found

    def span(self, index: int, length: int) -> tuple[int, int]:
        """The offsets in the original of the normalised characters [index, index + length)."""
        return self.origin[index], self.origin[index + length - 1] + 1


@dataclass(frozen=True)
class QuoteLocation:
    """Where a passage (a stance's quote, or the words stating a curated fact) stands in its
    source file; `subject` is what it locates."""

    subject: str
    source: str
    file_name: str
    start: int
    end: int
    exact: str
    prefix: str
    suffix: str
    line_start: int
    line_end: int
    occurrence: int
    occurrences: int


def line_of(text: str, offset: int) -> int:
    """The 1-based line the character at `offset` stands on."""
    return text.count("\n", 0, offset) + 1


def location_in(
    raw: str,
    start: int,
    end: int,
    *,
    subject: str,
    source: str,
    file_name: str,
    occurrence: int = 1,
    occurrences: int = 1,
) -> QuoteLocation:
    """The location of `raw[start:end]`, with its lines and as much context as it takes
    (CONTEXT characters, or a multiple) for prefix, exact text and suffix to occur once."""
    width = CONTEXT
    while True:
        prefix, suffix = raw[max(0, start - width) : start], raw[end : end + width]
        selected = prefix + raw[start:end] + suffix
        first = raw.find(selected)
        unique = raw.find(selected, first + 1) < 0
        if unique or (len(prefix) < width and len(suffix) < width):
            break
        width += CONTEXT
    return QuoteLocation(
        subject=subject,
        source=source,
        file_name=file_name,
        start=start,
        end=end,
        exact=raw[start:end],
        prefix=prefix,
        suffix=suffix,
        line_start=line_of(raw, start),
        line_end=line_of(raw, end - 1),
        occurrence=occurrence,
        occurrences=occurrences,
    )


@dataclass(frozen=True)
class _Stance:
    iri: str
    document: str
    quote: str
    source: str
    file_name: str


def locate_quotes(
    graph: rdflib.Graph, *, sources_dir: Path, namespaces: Namespaces
) -> list[QuoteLocation]:
    """The location of every stance's quote, sorted by stance IRI.

    Raises KGError naming the stance when a quote, its source file or the file's text is
    missing, or the quote is not in the file."""
    lsk = rdflib.Namespace(namespaces.lsk)
    by_document: dict[str, list[_Stance]] = defaultdict(list)
    for stance in _stances(graph, lsk=lsk, namespaces=namespaces):
        by_document[stance.document].append(stance)
    texts: dict[str, tuple[str, NormalisedText]] = {}
    located: list[QuoteLocation] = []
    for stances in by_document.values():
        after = 0  # the normalised index where the previous stance of the document starts
        for stance in sorted(stances, key=lambda s: s.iri):
            if stance.file_name not in texts:
                texts[stance.file_name] = _read(sources_dir / stance.file_name, stance, namespaces)
            raw, normalised = texts[stance.file_name]
            quote = normalise(stance.quote)
            found = normalised.occurrences(quote)
            chosen = found if len(found) == 1 else [i for i in found if i >= after]
            if not chosen:
                where = "" if not found else " after the previous stance of its document"
                raise KGError(
                    f"{namespaces.compact(stance.iri)}: quote not found{where} in "
                    f"{stance.file_name}: {stance.quote[:80]!r}",
                    hint="Correct lsk:quote, or the order of the document's stances.",
                )
            after = chosen[0]
            start, end = normalised.span(chosen[0], len(quote))
            located.append(
                location_in(
                    raw,
                    start,
                    end,
                    subject=stance.iri,
                    source=stance.source,
                    file_name=stance.file_name,
                    occurrence=found.index(chosen[0]) + 1,
                    occurrences=len(found),
                )
            )
    return sorted(located, key=lambda location: location.subject)


def _stances(
    graph: rdflib.Graph, *, lsk: rdflib.Namespace, namespaces: Namespaces
) -> Iterable[_Stance]:
    for stance in sorted(graph.subjects(RDF.type, lsk.Stance), key=str):
        name = namespaces.compact(str(stance))
        quote = graph.value(stance, lsk.quote)
        document = graph.value(stance, DCTERMS.source)
        source = graph.value(document, lsk.sourceText) if document is not None else None
        file_name = graph.value(source, lsk.fileName) if source is not None else None
        if quote is None or document is None or source is None or file_name is None:
            raise KGError(
                f"{name}: has no quote, or its document names no source text file",
                hint="Every stance needs lsk:quote and dcterms:source with an lsk:sourceText.",
            )
        yield _Stance(str(stance), str(document), str(quote), str(source), str(file_name))


def _read(path: Path, stance: _Stance, namespaces: Namespaces) -> tuple[str, NormalisedText]:
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise KGError(
            f"{namespaces.compact(stance.iri)}: source file {path} cannot be read ({error})",
            hint="Set KG_SOURCES_DIR or --sources to the folder of the source texts.",
        ) from None
    return raw, NormalisedText.of(raw)


# --------------------------------------------------------------------------------------------
# The generated Turtle file
# --------------------------------------------------------------------------------------------

_HEADER = """\
# GENERATED by `kg locate-quotes --write data/provenance/quote-selectors.ttl`: do not edit.
#
# Where each stance's quote (lsk:quote in data/*.ttl) stands in its source text file
# (../shared/seeds/, named by lsk:fileName in data/sources.ttl), as a Web Annotation
# oa:SpecificResource with an oa:TextQuoteSelector (the exact characters of the file, with
# {context} characters of context either side, or as many more as make prefix, exact and suffix
# occur once in the file) and an oa:TextPositionSelector (0-based code point offsets into the
# file, end exclusive), and the 1-based lines the quote stands on.
# Where a quote occurs more than once in its file, lsk:occurrence says which occurrence the
# stance's place in its document chose. See data/README.md, "Quote locations".
"""

_PREFIXES = ("lsk", "oa", "src", "stance")


def quote_iri(stance: str) -> str:
    """The IRI of a stance's quote: its location in the source text."""
    return f"{stance}/quote"


def selectors_turtle(locations: Iterable[QuoteLocation], *, namespaces: Namespaces) -> str:
    """The locations as sorted, deterministic Turtle, with the generated-file header."""
    lines = [_HEADER.format(context=CONTEXT)]
    lines += [f"@prefix {p}: <{namespaces.prefixes[p]}> ." for p in _PREFIXES]
    for location in sorted(locations, key=lambda loc: loc.subject):
        quote = quote_iri(location.subject)
        lines.append("")
        lines.append(f"{namespaces.compact(location.subject)} lsk:quotedFrom <{quote}> .")
        lines.append("")
        lines.append(f"<{quote}>")
        lines.append("    a oa:SpecificResource ;")
        lines.append(f"    oa:hasSource {namespaces.compact(location.source)} ;")
        lines.append(f"    oa:hasSelector <{quote}/text>,")
        lines.append(f"        <{quote}/position> ;")
        lines.append(f"    lsk:lineStart {location.line_start} ;")
        if location.occurrences > 1:
            lines.append(f"    lsk:lineEnd {location.line_end} ;")
            lines.append(f"    lsk:occurrence {location.occurrence} ;")
            lines.append(f"    lsk:occurrences {location.occurrences} .")
        else:
            lines.append(f"    lsk:lineEnd {location.line_end} .")
        lines.append("")
        lines.append(f"<{quote}/text>")
        lines.append("    a oa:TextQuoteSelector ;")
        lines.append(f"    oa:prefix {turtle_string(location.prefix)} ;")
        lines.append(f"    oa:exact {turtle_string(location.exact)} ;")
        lines.append(f"    oa:suffix {turtle_string(location.suffix)} .")
        lines.append("")
        lines.append(f"<{quote}/position>")
        lines.append("    a oa:TextPositionSelector ;")
        lines.append(f"    oa:start {location.start} ;")
        lines.append(f"    oa:end {location.end} .")
    return "\n".join(lines) + "\n"


_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"})


def turtle_string(value: str) -> str:
    """A Turtle string literal (xsd:string) on one line, so the generated files diff by line."""
    return '"' + value.translate(_ESCAPES) + '"'
