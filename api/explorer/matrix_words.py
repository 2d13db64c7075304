"""The stance matrix's words in Swedish and English, and a cell's count said in words (so that
colour is never the only thing telling a cell's polarity)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

WORDS: Mapping[str, Mapping[str, str]] = {
    "sv": {
        "matrix.title": "Vem tycker vad om strategin?",
        "matrix.intro": (
            "Varje rad är en aktör, varje kolumn en del av strategin eller en sakfråga. En ruta "
            "visar hur många ståndpunkter aktören tar där och åt vilket håll; välj en ruta för "
            "att läsa citaten."
        ),
        "matrix.caption.sections": "Aktörernas ståndpunkter om strategin och dess delar",
        "matrix.caption.positions": "Aktörernas ståndpunkter per sakfråga",
        "matrix.summary": "{stances} ståndpunkter passar filtren, från {actors} aktörer.",
        "matrix.outside.sections": (
            "{count} av dem gäller annat än strategin och dess avsnitt (avsiktsförklaringen, "
            "beslut, önskvärda effekter, andra dokument) och finns inte i matrisen."
        ),
        "matrix.outside.positions": (
            "{count} av dem hör inte till någon sakfråga och finns inte i matrisen."
        ),
        "matrix.empty": "Inga ståndpunkter passar filtren.",
        "matrix.actor": "Aktör",
        "matrix.strategy": "Strategin som helhet",
        "matrix.expand": "visa {count} områden",
        "matrix.collapse": "dölj områdena",
        "matrix.expand.long": "Visa aspektens {count} utvecklingsområden som egna kolumner",
        "matrix.collapse.long": "Dölj aspektens utvecklingsområden",
        "matrix.expand_all": "Visa alla utvecklingsområden",
        "matrix.collapse_all": "Dölj utvecklingsområdena",
        "matrix.row_count": "{count} st.",
        "filter.legend": "Filter",
        "filter.columns": "Kolumner",
        "filter.sections": "Strategins delar",
        "filter.positions": "Sakfrågor",
        "filter.kind": "Typ av aktör",
        "filter.document": "Dokument",
        "filter.type": "Typ av ståndpunkt",
        "filter.position": "Sakfråga",
        "filter.all": "Alla",
        "filter.apply": "Visa",
        "filter.clear": "Rensa filtren",
        "legend.title": "Färger och tecken",
        "legend.POSITIVE": "positiva (välkomnar, stöder)",
        "legend.NEUTRAL": "neutrala (föreslår, betonar, noterar)",
        "legend.NEGATIVE": "negativa (avvisar, saknar)",
        "legend.MIXED": "både positiva och negativa",
        "legend.positions": "I sakfrågorna är för positivt och emot negativt.",
        "cell.title": "{actor} om {column}",
        "cell.none": "Inga ståndpunkter i den här rutan.",
        "cell.more": "Visar de första {shown} av {count}; hela listan finns i frågan nedan.",
        "cell.close": "Tillbaka till matrisen",
        "cell.query": "Rutans fråga i GraphiQL",
        "count.one": "1 ståndpunkt",
        "count.many": "{count} ståndpunkter",
        "count.positive": "{count} positiv|{count} positiva",
        "count.neutral": "{count} neutral|{count} neutrala",
        "count.negative": "{count} negativ|{count} negativa",
    },
    "en": {
        "matrix.title": "Who stands where on the strategy?",
        "matrix.intro": (
            "Each row is an actor, each column a part of the strategy or a position. A cell "
            "shows how many stances the actor takes there and which way they lean; choose a "
            "cell to read the quotes."
        ),
        "matrix.caption.sections": "The actors' stances on the strategy and its parts",
        "matrix.caption.positions": "The actors' stances by position",
        "matrix.summary": "{stances} stances meet the filters, from {actors} actors.",
        "matrix.outside.sections": (
            "{count} of them are on other things than the strategy and its sections (the letter "
            "of intent, decisions, desired effects, other documents) and are not in the matrix."
        ),
        "matrix.outside.positions": (
            "{count} of them argue no position and are not in the matrix."
        ),
        "matrix.empty": "No stances meet the filters.",
        "matrix.actor": "Actor",
        "matrix.strategy": "The strategy as a whole",
        "matrix.expand": "show {count} areas",
        "matrix.collapse": "hide the areas",
        "matrix.expand.long": "Show the aspect's {count} development areas as columns",
        "matrix.collapse.long": "Hide the aspect's development areas",
        "matrix.expand_all": "Show every development area",
        "matrix.collapse_all": "Hide the development areas",
        "matrix.row_count": "{count} in all",
        "filter.legend": "Filters",
        "filter.columns": "Columns",
        "filter.sections": "Parts of the strategy",
        "filter.positions": "Positions",
        "filter.kind": "Kind of actor",
        "filter.document": "Document",
        "filter.type": "Stance type",
        "filter.position": "Position",
        "filter.all": "All",
        "filter.apply": "Show",
        "filter.clear": "Clear the filters",
        "legend.title": "Colours and signs",
        "legend.POSITIVE": "positive (welcomes, supports)",
        "legend.NEUTRAL": "neutral (proposes, stresses, notes)",
        "legend.NEGATIVE": "negative (opposes, finds lacking)",
        "legend.MIXED": "both positive and negative",
        "legend.positions": "For positions, arguing for is positive and against negative.",
        "cell.title": "{actor} on {column}",
        "cell.none": "No stances in this cell.",
        "cell.more": "Showing the first {shown} of {count}; the query below gives them all.",
        "cell.close": "Back to the matrix",
        "cell.query": "This cell's query in GraphiQL",
        "count.one": "1 stance",
        "count.many": "{count} stances",
        "count.positive": "{count} positive|{count} positive",
        "count.neutral": "{count} neutral|{count} neutral",
        "count.negative": "{count} negative|{count} negative",
    },
}


def count_words(words: Callable[..., str], cell: Mapping[str, Any]) -> str:
    """“3 ståndpunkter: 2 positiva, 1 neutral”: a cell's count and its split by polarity."""
    count = int(cell["count"])
    said = words("count.one") if count == 1 else words("count.many", count=count)
    parts = []
    for polarity in ("positive", "neutral", "negative"):
        n = int(cell[polarity])
        if n:
            one, many = words(f"count.{polarity}", count=n).split("|")
            parts.append(one if n == 1 else many)
    return f"{said}: {', '.join(parts)}"
