"""The search index: the searchable texts of resources, matched word by word and ranked.

Matching a query word against a word of the text, best first (`Tier`):
  exact   the same folded word ("KI" = "ki", "valkomnar" = "välkomnar");
  stem    the same Snowball stem ("välkomna" and "välkomnar" share "valkomn");
  prefix  the text's word starts with the query word's stem (3 letters or more), which finds
          inflections the stemmer leaves apart ("strategier" → "strategi" → "strategin");
  part    the query word's stem (5 letters or more) stands inside a word: a compound's part
          ("strategi" in "näringslivsstrategiska"). Swedish writes compounds as one word and
          Snowball does not split them; this finds a part wherever it stands, without a
          dictionary, so it also finds false parts ("ränta" in "orientation"), which the
          lower weight ranks last. Short stems are not searched inside words: too many false hits.

Ranking: a resource scores, for each query word, its best match in any of its texts, times the
weight of that text's field (a name weighs more than a short name, which weighs more than a
quote) and the word's rarity (BM25's idf, over the whole index, so a filter on kinds does not
change scores); resources missing some of the query's words are scaled down by the share they
have. A text equal to the whole query (after folding) adds a bonus that puts it first: exact
name, then exact short name. Ties go by kind, label and IRI, so the order is total and the same
on every store.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum, StrEnum

from kg.search.words import Word, words


class Kind(StrEnum):
    """What a hit is."""

    ACTOR = "actor"
    DOCUMENT = "document"
    STANCE = "stance"
    SECTION = "section"
    POSITION = "position"
    CONCEPT = "concept"
    OTHER = "other"


class Field(Enum):
    """Which kind of text a match was found in: (weight as a word, bonus as the whole text)."""

    NAME = (3.0, 100.0)
    SHORT_NAME = (2.0, 80.0)
    QUOTE = (1.0, 0.0)

    @property
    def weight(self) -> float:
        return self.value[0]

    @property
    def exact_bonus(self) -> float:
        return self.value[1]


class Tier(Enum):
    EXACT = 1.0
    STEM = 0.9
    PREFIX = 0.7
    PART = 0.5


MIN_PREFIX = 3
MIN_PART = 5
SNIPPET_CHARS = 200
_CONTEXT_BEFORE = 60
ELLIPSIS = "…"


@dataclass(frozen=True, slots=True)
class Text:
    """One searchable text of a resource: its predicate, field, language and words."""

    predicate: str
    field: Field
    value: str
    language: str
    words: tuple[Word, ...]

    @property
    def key(self) -> str:
        return " ".join(w.folded for w in self.words)


@dataclass(frozen=True, slots=True)
class Resource:
    iri: str
    kind: Kind
    label: str
    texts: tuple[Text, ...]


@dataclass(frozen=True, slots=True)
class Span:
    """A highlighted part of a snippet: characters [start, end) of the snippet."""

    start: int
    end: int


@dataclass(frozen=True)
class Hit:
    """A resource found: what it is, how well it matched, and the text that matched best."""

    iri: str
    kind: Kind
    label: str
    score: float
    predicate: str
    snippet: str
    highlights: tuple[Span, ...]

    def marked(self, before: str = "«", after: str = "»") -> str:
        """The snippet with each highlight between `before` and `after`."""
        out, at = [], 0
        for span in self.highlights:
            out += [
                self.snippet[at : span.start],
                before,
                self.snippet[span.start : span.end],
                after,
            ]
            at = span.end
        return "".join([*out, self.snippet[at:]])


@dataclass(frozen=True, slots=True)
class _Term:
    folded: str
    stem: str


class SearchIndex:
    """Resources and their texts, searchable by words (see the module's docstring)."""

    def __init__(self, resources: Iterable[Resource]) -> None:
        self.resources = tuple(sorted(resources, key=lambda r: r.iri))
        # folded word → [(resource, text, word)] where it stands; its stem, for matching.
        self._postings: dict[str, list[tuple[int, int, int]]] = {}
        self._stems: dict[str, str] = {}
        for r, resource in enumerate(self.resources):
            for t, text in enumerate(resource.texts):
                for w, word in enumerate(text.words):
                    self._postings.setdefault(word.folded, []).append((r, t, w))
                    self._stems[word.folded] = word.stem

    @property
    def size(self) -> int:
        return len(self.resources)

    @property
    def vocabulary(self) -> int:
        return len(self._postings)

    def _matching(self, term: _Term) -> dict[str, Tier]:
        """The folded words of the index that `term` matches, each with its best tier."""
        found: dict[str, Tier] = {}
        for folded, word_stem in self._stems.items():
            if folded == term.folded:
                found[folded] = Tier.EXACT
            elif word_stem == term.stem:
                found[folded] = Tier.STEM
            elif len(term.stem) >= MIN_PREFIX and folded.startswith(term.stem):
                found[folded] = Tier.PREFIX
            elif len(term.stem) >= MIN_PART and term.stem in folded:
                found[folded] = Tier.PART
        return found

    def search(self, query: str, *, kinds: Sequence[Kind] = ()) -> list[Hit]:
        """Every resource matching any word of `query` (of `kinds`, if given), best first."""
        terms = list(dict.fromkeys(_Term(w.folded, w.stem) for w in words(query)))
        # A one-letter word ("s" of "AB:s") matches nearly everything: searched only alone.
        terms = [t for t in terms if len(t.folded) > 1] or terms
        if not terms:
            return []
        whole = " ".join(t.folded for t in terms)
        wanted = set(kinds)
        # per resource: per text: per term: the best weight and the words it matched
        best: dict[int, dict[int, dict[int, tuple[float, set[int]]]]] = {}
        idf: list[float] = []
        for i, term in enumerate(terms):
            holders: set[int] = set()
            for folded, tier in self._matching(term).items():
                for r, t, w in self._postings[folded]:
                    holders.add(r)
                    if wanted and self.resources[r].kind not in wanted:
                        continue
                    text = self.resources[r].texts[t]
                    weight = text.field.weight * tier.value
                    slot = best.setdefault(r, {}).setdefault(t, {})
                    old, matched = slot.get(i, (0.0, set()))
                    slot[i] = (max(old, weight), matched | {w})
            n, df = len(self.resources), len(holders)
            idf.append(math.log(1 + (n - df + 0.5) / (df + 0.5)))
        hits = [self._hit(r, texts, idf, whole, len(terms)) for r, texts in best.items()]
        return sorted(hits, key=lambda h: (-h.score, list(Kind).index(h.kind), h.label, h.iri))

    def _hit(
        self,
        r: int,
        texts: dict[int, dict[int, tuple[float, set[int]]]],
        idf: list[float],
        whole: str,
        n_terms: int,
    ) -> Hit:
        resource = self.resources[r]
        per_term: dict[int, float] = {}
        bonus = 0.0
        chosen, chosen_score = -1, -1.0
        for t in sorted(texts):
            text = resource.texts[t]
            score = sum(idf[i] * weight for i, (weight, _) in sorted(texts[t].items()))
            if text.key == whole:
                bonus = max(bonus, text.field.exact_bonus)
                score += text.field.exact_bonus
            if score > chosen_score:
                chosen, chosen_score = t, score
            for i, (weight, _) in texts[t].items():
                per_term[i] = max(per_term.get(i, 0.0), idf[i] * weight)
        coverage = len(per_term) / n_terms
        score = bonus + coverage * sum(per_term[i] for i in sorted(per_term))
        text = resource.texts[chosen]
        matched = sorted(set().union(*(m for _, m in texts[chosen].values())))
        snippet, spans = _snippet(text, [text.words[w] for w in matched])
        return Hit(
            resource.iri,
            resource.kind,
            resource.label,
            round(score, 4),
            text.predicate,
            snippet,
            spans,
        )


def _snippet(text: Text, matched: Sequence[Word]) -> tuple[str, tuple[Span, ...]]:
    """The text, or a window of it around the first match, and the matched words' spans."""
    value = text.value
    start, end = 0, len(value)
    if len(value) > SNIPPET_CHARS:
        first = matched[0].start if matched else 0
        start = max(0, first - _CONTEXT_BEFORE)
        # Cut at word boundaries: back to a space before, forward to a space after.
        if start > 0:
            space = value.rfind(" ", 0, start)
            start = space + 1 if space >= 0 else 0
        end = min(len(value), start + SNIPPET_CHARS)
        if end < len(value):
            space = value.rfind(" ", start, end)
            end = space if space > start else end
    lead = ELLIPSIS if start > 0 else ""
    snippet = lead + value[start:end].strip() + (ELLIPSIS if end < len(value) else "")
    shift = len(lead) - start - (len(value[start:end]) - len(value[start:end].lstrip()))
    spans = tuple(
        Span(w.start + shift, w.end + shift) for w in matched if w.start >= start and w.end <= end
    )
    return snippet, spans
