"""What a consultation report holds: graph facts only, already ordered, for every format to
render (api/report/render_*.py) without deciding anything.

Every field is a value the graph gave (through the API's GraphQL, api/report/gather.py) or a
count or grouping of such values; the words around them come from api/report/words.py. Nothing
here is free text written by the program.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Polarity(StrEnum):
    """Whether a stance type backs what it is on (data/vocabulary/stance-types.ttl)."""

    POSITIVE = "positive"
    NEUTRAL = "neutral"
    NEGATIVE = "negative"


class Side(StrEnum):
    """For or against a position (lsk:argues, lsk:arguesAgainst)."""

    FOR = "FOR"
    AGAINST = "AGAINST"


@dataclass(frozen=True)
class Ref:
    """A resource the report names: its IRI and its label in the report's language."""

    id: str
    label: str
    kind: str = ""
    """Its GraphQL type where the report needs it (what a stance is on): Document, Decision…"""


@dataclass(frozen=True)
class Citation:
    """Where a quote stands: the document, and the file, lines and characters of its text."""

    document: Ref
    case_number: str | None
    date: str | None
    file: str | None
    line_start: int | None
    line_end: int | None
    start: int | None
    end: int | None
    cited_section: str | None
    """The section of the strategy the answer itself names, as it names it."""

    @property
    def lines(self) -> str | None:
        """`file:12` or `file:12–14`, or None where the graph has no location."""
        if self.file is None or self.line_start is None:
            return None
        if self.line_end is None or self.line_end == self.line_start:
            return f"{self.file}:{self.line_start}"
        return f"{self.file}:{self.line_start}–{self.line_end}"


@dataclass(frozen=True)
class Argued:
    """A position a stance argues, and on which side."""

    position: Ref
    side: Side


@dataclass(frozen=True)
class Stance:
    """One stance of an answer, with everything the report cites of it."""

    key: str
    """The stance's stable name (the last segment of its IRI): its anchor and reference."""
    id: str
    curie: str
    actor: Ref
    type: Ref
    polarity: Polarity
    verb: str | None
    quote: str
    targets: tuple[Ref, ...]
    positions: tuple[Argued, ...]
    citation: Citation


@dataclass(frozen=True)
class Mention:
    """A stance where the report shows it. The quote is printed where `first` is true, once in
    the whole report; everywhere else the report refers to that place by the stance's key."""

    stance: Stance
    first: bool


@dataclass(frozen=True)
class PositionOnSection:
    """A position argued on one section: the mentions for it and against it."""

    position: Ref
    for_it: tuple[Mention, ...]
    against_it: tuple[Mention, ...]

    @property
    def actors_for(self) -> tuple[Ref, ...]:
        return _actors(self.for_it)

    @property
    def actors_against(self) -> tuple[Ref, ...]:
        return _actors(self.against_it)


@dataclass(frozen=True)
class Part:
    """One part of the report's body: a section of the version (or the strategy as a whole, or
    another thing stances are on), with the stances on it and no others."""

    ref: Ref
    notation: str | None
    kind: str
    """SECTION, ASPECT, DEVELOPMENT_AREA (a section's kind), STRATEGY, or the GraphQL type of
    anything else stances are on (Document, Decision, StrategyPoint…)."""
    depth: int
    positions: tuple[PositionOnSection, ...]
    remarks: tuple[Mention, ...]
    """The stances on it that argue no position, by actor."""
    under: int = 0
    """How many stances are on the sections under it."""

    @property
    def mentions(self) -> tuple[Mention, ...]:
        found: dict[str, Mention] = {}
        for group in self.positions:
            for mention in (*group.for_it, *group.against_it):
                found.setdefault(mention.stance.key, mention)
        for mention in self.remarks:
            found.setdefault(mention.stance.key, mention)
        return tuple(found.values())

    @property
    def stances(self) -> tuple[Stance, ...]:
        return tuple(mention.stance for mention in self.mentions)

    @property
    def commented(self) -> bool:
        """Whether any stance is on it or under it."""
        return bool(self.positions or self.remarks or self.under)

    def count(self, polarity: Polarity) -> int:
        return sum(1 for stance in self.stances if stance.polarity is polarity)

    @property
    def actors(self) -> tuple[Ref, ...]:
        return _actors(self.mentions)


@dataclass(frozen=True)
class Answer:
    """One document answering the consultation."""

    ref: Ref
    curie: str
    document_type: str | None
    case_number: str | None
    date: str | None
    status: str | None
    creators: tuple[Ref, ...]
    stance_count: int
    extended_deadline: str | None = None


@dataclass(frozen=True)
class Extension:
    """A deadline extended for one answer."""

    answer: Ref
    deadline: str | None
    extended_deadline: str | None


@dataclass(frozen=True)
class Consultation:
    """The consultation as the graph states it."""

    ref: Ref
    curie: str
    case_number: str | None
    deadline: str | None
    issued_by: tuple[Ref, ...]
    consultees: tuple[Ref, ...]
    consultee_group: str | None
    sent: tuple[Ref, ...]
    """The documents sent for comment (lsk:consultationOn)."""
    informed_by: tuple[Ref, ...]
    triggered: tuple[Ref, ...]
    """Consultations it set off (a consultee's own internal ones)."""
    extensions: tuple[Extension, ...]
    answers: tuple[Answer, ...]


@dataclass(frozen=True)
class Counts:
    """Stances in one cell of the summary table, by polarity."""

    positive: int
    neutral: int
    negative: int

    @property
    def total(self) -> int:
        return self.positive + self.neutral + self.negative


@dataclass(frozen=True)
class SummaryTable:
    """Actors by the parts of the version, by polarity: the explorer's stance matrix
    (GraphQL stanceMatrix) for the stances of this consultation's answers."""

    columns: tuple[tuple[str | None, Ref], ...]
    """(notation, section) per column; the first is the version as a whole."""
    rows: tuple[tuple[Ref, tuple[Counts | None, ...]], ...]
    stance_count: int
    outside_count: int
    """Stances on nothing the columns cover (the letter of intent, a decision…)."""


@dataclass(frozen=True)
class CrossCutting:
    """A position argued on several parts of the strategy."""

    position: Ref
    parts: tuple[Ref, ...]
    actors_for: tuple[Ref, ...]
    actors_against: tuple[Ref, ...]
    stances: tuple[Stance, ...]


@dataclass(frozen=True)
class Report:
    """A remissammanställning: everything a format renders, in the order it renders it."""

    lang: str
    consultation: Consultation
    version: Ref
    """The version of the strategy whose sections order the body."""
    whole: Part
    """The stances on the strategy as a whole (the version or its work)."""
    sections: tuple[Part, ...]
    """Every section of the version, in the strategy's order."""
    elsewhere: tuple[Part, ...]
    """The stances on other things (the letter of intent, a decision, a desired effect…),
    one part per thing, by label."""
    summary: SummaryTable
    cross_cutting: tuple[CrossCutting, ...]
    appendix: tuple[Stance, ...]
    """Every stance of the answers, by respondent, document and place in it."""
    respondents: tuple[Ref, ...] = field(default=())
    """Every actor with a stance in the answers, by name."""

    @property
    def uncommented(self) -> tuple[Part, ...]:
        return tuple(part for part in self.sections if not part.commented)


def _actors(mentions: tuple[Mention, ...]) -> tuple[Ref, ...]:
    seen: dict[str, Ref] = {}
    for mention in mentions:
        seen.setdefault(mention.stance.actor.id, mention.stance.actor)
    return tuple(sorted(seen.values(), key=lambda ref: (ref.label.casefold(), ref.id)))
