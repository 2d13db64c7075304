"""Reading the graph as resources and their relations, for many subjects per store query.

This is what the GraphQL API stands on. Each method answers for a whole batch of subjects with
one SPARQL query, so a caller that batches per level of its question (a DataLoader per field)
makes a number of store queries that depends on the question's shape, never on the number of
results.

Subjects and values enter queries only as pyoxigraph terms, serialised by pyoxigraph (which
escapes them); no caller text is ever spliced into SPARQL.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol

import pyoxigraph as ox

from kg.errors import InvalidArgument
from kg.namespaces import STANDARD_PREFIXES, Namespaces
from kg.store import QueryResult
from kg.terms import Term, n_triples

RDF_TYPE = STANDARD_PREFIXES["rdf"] + "type"
_FALLBACK_LANGUAGES = ("sv", "en", "")

# Predicates a path does not travel along: they lead to classes, schemes and the stance-type
# vocabulary, through which every stance is "related" to every other.
PATH_EXCLUDED = (
    "rdf:type",
    "skos:inScheme",
    "skos:topConceptOf",
    "skos:hasTopConcept",
    "lsk:stanceType",
    "lsk:polarity",
    "lsk:decisionStatus",
    "lsk:sourceText",
)


class Queryable(Protocol):
    """The one thing reading needs from a store (the API passes a counting, deadline-bound one)."""

    def query(self, sparql: str, *, bindings: Mapping[str, Term] | None = None) -> QueryResult: ...


@dataclass(frozen=True)
class Description:
    """Everything the graph states about one resource as subject, by predicate IRI."""

    iri: str
    values: Mapping[str, tuple[Term, ...]] = field(default_factory=dict)

    @property
    def exists(self) -> bool:
        return bool(self.values)

    @property
    def types(self) -> frozenset[str]:
        return frozenset(t.value for t in self.values.get(RDF_TYPE, ()))

    def objects(self, *predicates: str) -> list[Term]:
        return [term for p in predicates for term in self.values.get(p, ())]

    def links(self, *predicates: str) -> list[str]:
        """IRIs the resource points to by any of `predicates`, without repeats, in order."""
        seen: dict[str, None] = {}
        for term in self.objects(*predicates):
            if isinstance(term, ox.NamedNode):
                seen.setdefault(term.value)
        return list(seen)

    def literals(self, *predicates: str) -> list[ox.Literal]:
        return [t for t in self.objects(*predicates) if isinstance(t, ox.Literal)]

    def texts(self, *predicates: str, lang: str) -> list[str]:
        """The values in the language asked for; if it has none, in Swedish, English, untagged
        or whatever there is, in that order."""
        literals = self.literals(*predicates)
        for wanted in (lang, *_FALLBACK_LANGUAGES):
            chosen = [t.value for t in literals if (t.language or "") == wanted]
            if chosen:
                return chosen
        return [t.value for t in literals]

    def text(self, *predicates: str, lang: str) -> str | None:
        texts = self.texts(*predicates, lang=lang)
        return texts[0] if texts else None


@dataclass(frozen=True)
class Window:
    """Which slice of an ordered list to return."""

    offset: int
    limit: int


@dataclass(frozen=True)
class Page:
    """A slice of an ordered list of IRIs, with the size of the whole list."""

    total: int
    items: tuple[str, ...]
    offset: int

    def sliced(self, window: Window) -> Page:
        """The `window` of a page that holds its whole list."""
        end = window.offset + window.limit
        return Page(self.total, self.items[window.offset : end], window.offset)


class Relation(StrEnum):
    """How the stances of several actors on one point relate. On a position only AGREE (all
    argue it, or all argue against it) and OPPOSE (some for, some against) occur."""

    SAME = "same"  # all take the same stance type
    AGREE = "agree"  # different types of the same polarity (welcomes and supports)
    OPPOSE = "oppose"  # a positive and a negative stance meet
    DIFFER = "differ"  # anything else (a proposal beside a welcome)


class Basis(StrEnum):
    """What `Relations.agreement` compares stances on."""

    POSITION = "position"  # the curated positions they argue, for or against
    TARGET = "target"  # the strategy or section they are on, by stance type
    THEME = "theme"  # the cross-cutting theme they touch, by stance type


@dataclass(frozen=True)
class Agreement:
    """Stances of at least two of the actors asked about, on one target or theme."""

    on: str
    relation: Relation
    stances: tuple[str, ...]
    actors: tuple[str, ...]


@dataclass(frozen=True)
class Step:
    """One triple of a path, as the graph states it (the path may walk it backwards)."""

    subject: str
    predicate: str
    object: str


@dataclass(frozen=True)
class Path:
    nodes: tuple[str, ...]
    steps: tuple[Step, ...]


def _values(variable: str, terms: Iterable[Term]) -> str:
    return f"VALUES ?{variable} {{ {' '.join(n_triples(t) for t in terms)} }}"


def _named(iris: Iterable[str]) -> list[ox.NamedNode]:
    return [ox.NamedNode(iri) for iri in dict.fromkeys(iris)]


def _window(window: Window) -> str:
    return f"ORDER BY ?x OFFSET {int(window.offset)} LIMIT {int(window.limit)}"


class Relations:
    """Batched reads over `store`, with the project's vocabulary under `namespaces`."""

    def __init__(self, store: Queryable, namespaces: Namespaces) -> None:
        self.store = store
        self.ns = namespaces

    def _select(self, body: str) -> QueryResult:
        return self.store.query(self.ns.prologue + body)

    def describe(self, iris: Iterable[str]) -> dict[str, Description]:
        """What each resource states about itself; unknown IRIs get an empty description."""
        subjects = _named(iris)
        if not subjects:
            return {}
        result = self._select(f"SELECT ?s ?p ?o WHERE {{ {_values('s', subjects)} ?s ?p ?o }}")
        grouped: dict[str, dict[str, list[Term]]] = {s.value: {} for s in subjects}
        for s, p, o in result.rows:
            if s is not None and p is not None and o is not None:
                grouped[s.value].setdefault(p.value, []).append(o)
        return {
            iri: Description(iri, {p: tuple(sorted(v, key=str)) for p, v in values.items()})
            for iri, values in grouped.items()
        }

    def incoming(
        self,
        predicates: Sequence[str],
        parents: Sequence[str],
        *,
        of_class: str | None = None,
        window: Window | None = None,
    ) -> dict[str, Page]:
        """For each parent, the resources that point to it by any of `predicates` (and are of
        `of_class`, if given), ordered by IRI.

        For one parent the slice is cut by the store (so a stance type with 100,000 stances
        costs a page, not the list); for several, the whole lists come back in one query and
        are sliced here.
        """
        path = "|".join(n_triples(ox.NamedNode(p)) for p in predicates)
        typed = f"?x a {n_triples(ox.NamedNode(of_class))} ." if of_class else ""
        unique = _named(parents)
        if not unique:
            return {}
        if len(unique) == 1 and window is not None:
            pattern = f"?x {path} {n_triples(unique[0])} . {typed}"
            total, items = self._counted_page(pattern, window)
            return {unique[0].value: Page(total, items, window.offset)}
        result = self._select(
            f"SELECT DISTINCT ?parent ?x WHERE {{ {_values('parent', unique)} "
            f"?x {path} ?parent . {typed} }} ORDER BY ?parent ?x"
        )
        lists: dict[str, list[str]] = {p.value: [] for p in unique}
        for parent, child in result.rows:
            if parent is not None and isinstance(child, ox.NamedNode):
                lists[parent.value].append(child.value)
        return {parent: _slice(children, window) for parent, children in lists.items()}

    def instances(
        self,
        classes: Sequence[str],
        window: Window,
        *,
        where: Sequence[tuple[str, str]] = (),
        name_contains: str | None = None,
    ) -> Page:
        """Resources of any of `classes` that point to each (predicate, IRI) in `where` and,
        if `name_contains` is given, have a name, title or label containing it (any case)."""
        pattern = f"{_values('class', _named(classes))} ?x a ?class ."
        for predicate, value in where:
            pattern += (
                f" ?x {n_triples(ox.NamedNode(predicate))} {n_triples(ox.NamedNode(value))} ."
            )
        if name_contains is not None:
            needle = ox.Literal(name_contains.lower())
            pattern += (
                " ?x skos:prefLabel|foaf:name|dcterms:title|rdfs:label ?name ."
                f" FILTER (CONTAINS(LCASE(STR(?name)), {n_triples(needle)}))"
            )
        total, items = self._counted_page(pattern, window)
        return Page(total, items, window.offset)

    def _counted_page(self, pattern: str, window: Window) -> tuple[int, tuple[str, ...]]:
        """The number of distinct ?x matching `pattern`, and the window of them, in one query."""
        result = self._select(
            f"SELECT ?x ?total WHERE {{"
            f" {{ SELECT (COUNT(DISTINCT ?x) AS ?total) WHERE {{ {pattern} }} }}"
            f" UNION {{ SELECT DISTINCT ?x WHERE {{ {pattern} }} {_window(window)} }}"
            f" }} ORDER BY ?x"
        )
        total = 0
        items: list[str] = []
        for x, count in result.rows:
            if count is not None:
                total = int(count.value)
            elif isinstance(x, ox.NamedNode):
                items.append(x.value)
        return total, tuple(items)

    def agreement(
        self,
        actors: Sequence[str],
        *,
        basis: Basis = Basis.POSITION,
        theme: str | None = None,
        aspect: str | None = None,
    ) -> list[Agreement]:
        """Positions, targets or themes on which at least two of `actors` take a stance, and
        how the stances relate: on positions by whether they argue for or against it, on
        targets and themes by stance type and its polarity."""
        filters = ""
        if theme is not None:
            filters += f" ?stance lsk:theme {n_triples(ox.NamedNode(theme))} ."
        if aspect is not None:
            filters += (
                f" ?stance lsk:target ?section ."
                f" ?section skos:broader* {n_triples(ox.NamedNode(aspect))} ."
            )
        if basis is Basis.POSITION:
            # The link's predicate is the polarity: lsk:argues (for) or lsk:arguesAgainst.
            pattern = "?stance ?type ?on . VALUES ?type { lsk:argues lsk:arguesAgainst }"
        else:
            on = "lsk:theme" if basis is Basis.THEME else "lsk:target"
            pattern = (
                f"?stance lsk:stanceType ?type ; {on} ?on ."
                " OPTIONAL { ?type lsk:polarity ?polarity }"
            )
        result = self._select(
            f"SELECT DISTINCT ?on ?stance ?actor ?type ?polarity WHERE {{"
            f" {_values('actor', _named(actors))}"
            f" ?stance prov:wasAttributedTo ?actor . {pattern} {filters}"
            f" }} ORDER BY ?on ?stance"
        )
        groups: dict[str, list[tuple[str, str, str, str | None]]] = {}
        for point, stance, actor, kind, polarity in result.rows:
            if point is None or stance is None or actor is None or kind is None:
                continue
            groups.setdefault(point.value, []).append(
                (stance.value, actor.value, kind.value, polarity.value if polarity else None)
            )
        answer = []
        for target, rows in groups.items():
            who = tuple(dict.fromkeys(actor for _, actor, _, _ in rows))
            if len(who) < 2:
                continue
            stances = tuple(dict.fromkeys(stance for stance, _, _, _ in rows))
            kinds = {k for _, _, k, _ in rows}
            if basis is Basis.POSITION:
                relation = Relation.AGREE if len(kinds) == 1 else Relation.OPPOSE
            else:
                relation = self._relation(kinds, {p for *_, p in rows})
            answer.append(Agreement(target, relation, stances, who))
        return answer

    def sectioned_strategies(self) -> list[str]:
        """Strategies that have sections in the graph (at most two: enough to tell one)."""
        result = self._select(
            "SELECT DISTINCT ?x WHERE { ?section lsk:sectionOf ?x } ORDER BY ?x LIMIT 2"
        )
        return [x.value for (x,) in result.rows if x is not None]

    def _relation(self, kinds: set[str], polarities: set[str | None]) -> Relation:
        if len(kinds) == 1:
            return Relation.SAME
        positive, negative = self.ns.iri("stype:positive"), self.ns.iri("stype:negative")
        if positive in polarities and negative in polarities:
            return Relation.OPPOSE
        if len(polarities) == 1:
            return Relation.AGREE
        return Relation.DIFFER

    def shortest_path(
        self,
        start: str,
        goal: str,
        *,
        max_length: int,
        avoid: Sequence[str] = (),
        max_frontier: int = 20_000,
    ) -> Path | None:
        """The shortest chain of triples between two resources, walked either way, of at most
        `max_length` steps, not along the predicates in `avoid` (nor PATH_EXCLUDED); None when
        there is none that short.

        A breadth-first search from both ends, one store query per step, always growing the
        smaller side. A side whose next step would reach more than `max_frontier` resources
        stops the search with an error rather than a slow answer.
        """
        if start == goal:
            return Path((start,), ())
        # resource -> (distance, the resource it was reached from, the triple between them)
        reached: tuple[dict[str, tuple[int, str | None, Step | None]], ...] = (
            {start: (0, None, None)},
            {goal: (0, None, None)},
        )
        frontiers: list[list[str]] = [[start], [goal]]
        depths = [0, 0]
        excluded = ", ".join(
            n_triples(ox.NamedNode(iri))
            for iri in [*(self.ns.iri(p) for p in PATH_EXCLUDED), *avoid]
        )
        while depths[0] + depths[1] < max_length and frontiers[0] and frontiers[1]:
            side = 0 if len(frontiers[0]) <= len(frontiers[1]) else 1
            # Each branch binds and filters on its own: Virtuoso's compiler fails on a filter
            # over a union whose variable a VALUES block fixes.
            values = _values("n", _named(frontiers[side]))
            result = self._select(
                f"SELECT DISTINCT ?n ?p ?m ?direction WHERE {{"
                f" {{ {values} ?n ?p ?m . FILTER (isIRI(?m) && ?p NOT IN ({excluded}))"
                f" BIND ('out' AS ?direction) }}"
                f" UNION {{ {values} ?m ?p ?n . FILTER (?p NOT IN ({excluded}))"
                f" BIND ('in' AS ?direction) }}"
                f" }} ORDER BY ?n ?p ?m"
            )
            depths[side] += 1
            mine, theirs = reached[side], reached[1 - side]
            next_frontier: list[str] = []
            for n, p, m, direction in result.rows:
                if n is None or p is None or m is None or direction is None:
                    continue
                if m.value in mine:
                    continue
                outward = direction.value == "out"
                step = Step(
                    n.value if outward else m.value, p.value, m.value if outward else n.value
                )
                mine[m.value] = (depths[side], n.value, step)
                next_frontier.append(m.value)
            if len(next_frontier) > max_frontier:
                raise InvalidArgument(
                    f"the search reached {len(next_frontier):,} resources at {depths[side]} "
                    f"steps from one end and was stopped",
                    argument="maxLength",
                    hint="Ask for a shorter maxLength, or start from less connected resources.",
                )
            frontiers[side] = next_frontier
            meetings = [node for node in next_frontier if node in theirs]
            if meetings:
                middle = min(meetings, key=lambda node: (mine[node][0] + theirs[node][0], node))
                return self._join(middle, reached[0], reached[1])
        return None

    @staticmethod
    def _join(
        middle: str,
        from_start: Mapping[str, tuple[int, str | None, Step | None]],
        from_goal: Mapping[str, tuple[int, str | None, Step | None]],
    ) -> Path:
        nodes: list[str] = [middle]
        steps: list[Step | None] = []
        node = middle
        while (entry := from_start[node])[1] is not None:
            _, previous, step = entry
            nodes.insert(0, previous)  # type: ignore[arg-type]
            steps.insert(0, step)
            node = previous  # type: ignore[assignment]
        node = middle
        while (entry := from_goal[node])[1] is not None:
            _, following, step = entry
            nodes.append(following)  # type: ignore[arg-type]
            steps.append(step)
            node = following  # type: ignore[assignment]
        return Path(tuple(nodes), tuple(s for s in steps if s is not None))


def _slice(items: Sequence[str], window: Window | None) -> Page:
    whole = Page(len(items), tuple(items), 0)
    return whole if window is None else whole.sliced(window)
