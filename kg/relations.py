"""Reading the graph as resources and their relations, for many subjects per store query.

This is what the GraphQL API stands on. Each method answers for a whole batch of subjects with
one SPARQL query, so a caller that batches per level of its question (a DataLoader per field)
makes a number of store queries that depends on the question's shape, never on the number of
results.

Subjects and values enter queries only as pyoxigraph terms, serialised by pyoxigraph (which
escapes them); no caller text is ever spliced into SPARQL.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence

import pyoxigraph as ox

from kg.agreement import Agreement, Basis, Relation, find_agreement
from kg.namespaces import Namespaces
from kg.resource_description import RDF_TYPE, Description, Page, Queryable, Window, page_of
from kg.sections import or_aligned
from kg.shortest_path import PATH_EXCLUDED, Path, Step, shortest_path
from kg.sparql_fragments import named_nodes, values_block
from kg.stance_filter import StanceConditions, stance_pattern, with_targets
from kg.store import QueryResult
from kg.terms import Term, n_triples

__all__ = [
    "PATH_EXCLUDED",
    "RDF_TYPE",
    "Agreement",
    "Basis",
    "Description",
    "Page",
    "Path",
    "Queryable",
    "Relation",
    "Relations",
    "StanceConditions",
    "Step",
    "Window",
]


def _described(
    iris: Sequence[str], rows: Iterable[Sequence[Term | None]]
) -> dict[str, Description]:
    """The descriptions of `iris` from rows of (subject, predicate, object)."""
    grouped: dict[str, dict[str, list[Term]]] = {iri: {} for iri in iris}
    for s, p, o in rows:
        if s is not None and p is not None and o is not None:
            grouped[s.value].setdefault(p.value, []).append(o)
    return {
        iri: Description(iri, {p: tuple(sorted(v, key=str)) for p, v in values.items()})
        for iri, values in grouped.items()
    }


def _only(variable: str, predicates: Collection[str] | None) -> str:
    """A filter keeping `?variable` to `predicates`; nothing for None (all of them). A filter,
    not a VALUES block: Oxigraph would start from the VALUES and read every statement of
    those predicates in the store, where the filter only sifts the subjects' own."""
    if predicates is None:
        return ""
    listed = ", ".join(n_triples(node) for node in named_nodes(sorted(predicates)))
    return f" FILTER (?{variable} IN ({listed}))"


def _window(window: Window) -> str:
    return f"ORDER BY ?x OFFSET {int(window.offset)} LIMIT {int(window.limit)}"


class Relations:
    """Batched reads over `store`, with the project's vocabulary under `namespaces`."""

    def __init__(self, store: Queryable, namespaces: Namespaces) -> None:
        self.store = store
        self.ns = namespaces

    def _select(self, body: str) -> QueryResult:
        return self.store.query(self.ns.prologue + body)

    def _select_bare(self, body: str) -> QueryResult:
        """For a query that names every term in full: parsing the prologue's prefixes cost
        the store a fifth of a millisecond a query, as much as a small query's answer."""
        return self.store.query(body)

    def describe(
        self,
        iris: Iterable[str],
        *,
        via: Sequence[str] = (),
        only: Collection[str] | None = None,
    ) -> dict[str, Description]:
        """What each resource states about itself (by the predicates in `only`, if given);
        unknown IRIs get an empty description. With `via`, also the whole descriptions of the
        resources they point to by those predicates, in the same query (for a field that reads
        what its object links to: the next level's question, asked now)."""
        subjects = named_nodes(iris)
        if not subjects:
            return {}
        values = values_block("s", subjects)
        if not via:
            result = self._select_bare(
                f"SELECT ?s ?p ?o WHERE {{ {values} ?s ?p ?o {_only('p', only)} }}"
            )
            return _described([s.value for s in subjects], result.rows)
        path = "|".join(n_triples(ox.NamedNode(p)) for p in via)
        result = self._select_bare(
            f"SELECT ?from ?s ?p ?o WHERE {{ {{ {values} ?s ?p ?o {_only('p', only)} }}"
            f" UNION {{ {values_block('from', subjects)} ?from {path} ?s . ?s ?p ?o }} }}"
        )
        # A neighbour comes once for each resource that points to it: its statements are
        # taken from the first only, and a neighbour that is a subject too from the first
        # branch, so each description is what describing it alone would give.
        reached_from: dict[str, str] = {s.value: "" for s in subjects}
        rows = []
        for source, subject, p, o in result.rows:
            if subject is None or (source is not None and not isinstance(subject, ox.NamedNode)):
                continue
            by = source.value if source is not None else ""
            if reached_from.setdefault(subject.value, by) == by:
                rows.append((subject, p, o))
        return _described(list(reached_from), rows)

    def incoming(
        self,
        predicates: Sequence[str],
        parents: Sequence[str],
        *,
        of_class: str | None = None,
        window: Window | None = None,
        aligned: bool = False,
    ) -> dict[str, Page]:
        """For each parent, the resources that point to it by any of `predicates` (and are of
        `of_class`, if given), ordered by IRI; with `aligned`, also those pointing to a section
        of another version aligned with it (kg/sections.py).

        For one parent the slice is cut by the store (so a stance type with 100,000 stances
        costs a page, not the list); for several, the whole lists come back in one query and
        are sliced here.
        """
        path = "|".join(n_triples(ox.NamedNode(p)) for p in predicates)
        if aligned:
            path = or_aligned(path)
        typed = f"?x a {n_triples(ox.NamedNode(of_class))} ." if of_class else ""
        unique = named_nodes(parents)
        if not unique:
            return {}
        if len(unique) == 1 and window is not None:
            pattern = f"?x {path} {n_triples(unique[0])} . {typed}"
            total, items = self._counted_page(pattern, window)
            return {unique[0].value: Page(total, items, window.offset)}
        result = self._select(
            f"SELECT DISTINCT ?parent ?x WHERE {{ {values_block('parent', unique)} "
            f"?x {path} ?parent . {typed} }} ORDER BY ?parent ?x"
        )
        lists: dict[str, list[str]] = {p.value: [] for p in unique}
        for parent, child in result.rows:
            if parent is not None and isinstance(child, ox.NamedNode):
                lists[parent.value].append(child.value)
        return {parent: page_of(children, window) for parent, children in lists.items()}

    def incoming_described(
        self,
        predicates: Sequence[str],
        parent: str,
        window: Window,
        *,
        of_class: str | None = None,
        aligned: bool = False,
        only: Collection[str] | None = None,
    ) -> tuple[Page, dict[str, Description]]:
        """`incoming` for one parent, with the description of each resource on the page (by
        the predicates in `only`, if given), in one store query: a page's resources are always
        described next, so asking for both at once saves a round trip per list."""
        path = "|".join(n_triples(ox.NamedNode(p)) for p in predicates)
        if aligned:
            path = or_aligned(path)
        typed = f"?x a {n_triples(ox.NamedNode(of_class))} ." if of_class else ""
        pattern = f"?x {path} {n_triples(ox.NamedNode(parent))} . {typed}"
        result = self._select(
            f"SELECT ?x ?total ?p ?o WHERE {{"
            f" {{ SELECT (COUNT(DISTINCT ?x) AS ?total) WHERE {{ {pattern} }} }}"
            f" UNION {{ {{ SELECT DISTINCT ?x WHERE {{ {pattern} }} {_window(window)} }}"
            f" OPTIONAL {{ ?x ?p ?o {_only('p', only)} }} }} }}"
        )
        total = 0
        items: dict[str, None] = {}
        triples: list[tuple[Term | None, Term | None, Term | None]] = []
        for x, count, p, o in result.rows:
            if count is not None:
                total = int(count.value)
            elif isinstance(x, ox.NamedNode):
                items.setdefault(x.value)
                triples.append((x, p, o))
        # Ordered here, not by the store: sorting every triple of the page would cost the
        # store more than sorting the page's few IRIs costs here.
        page = tuple(sorted(items))
        return Page(total, page, window.offset), _described(page, triples)

    def instances(
        self,
        classes: Sequence[str],
        window: Window,
        *,
        where: Sequence[tuple[str, str]] = (),
        name_contains: str | None = None,
        aligned: Sequence[str] = (),
    ) -> Page:
        """Resources of any of `classes` that point to each (predicate, IRI) in `where` and,
        if `name_contains` is given, have a name, short name, title, alternative title or label
        containing it (any case).
        For the predicates in `aligned`, pointing to a section aligned with the IRI will do
        (kg/sections.py)."""
        pattern = f"{values_block('class', named_nodes(classes))} ?x a ?class ."
        for predicate, value in where:
            step = n_triples(ox.NamedNode(predicate))
            if predicate in aligned:
                step = or_aligned(step)
            pattern += f" ?x {step} {n_triples(ox.NamedNode(value))} ."
        if name_contains is not None:
            needle = ox.Literal(name_contains.lower())
            pattern += (
                " ?x skos:prefLabel|foaf:name|dcterms:title|rdfs:label"
                "|skos:altLabel|skos:hiddenLabel|dcterms:alternative ?name ."
                f" FILTER (CONTAINS(LCASE(STR(?name)), {n_triples(needle)}))"
            )
        total, items = self._counted_page(pattern, window)
        return Page(total, items, window.offset)

    def stances(self, conditions: StanceConditions, window: Window) -> Page:
        """A page of the stances meeting `conditions` (kg/stance_filter.py)."""
        found = with_targets(conditions, self._select)
        total, items = self._counted_page(stance_pattern(found), window)
        return Page(total, items, window.offset)

    def namesakes(self, iris: Iterable[str]) -> set[str]:
        """Those of `iris` that share a name, title or label with another resource."""
        nodes = named_nodes(iris)
        if not nodes:
            return set()
        names = "skos:prefLabel|foaf:name|dcterms:title|rdfs:label"
        result = self._select(
            f"SELECT DISTINCT ?x WHERE {{ {values_block('x', nodes)}"
            f" ?x {names} ?name . ?other {names} ?name . FILTER (?other != ?x) }}"
        )
        return {x.value for (x,) in result.rows if x is not None}

    def unused_predicates(self, iris: Iterable[str]) -> list[str]:
        """Those of `iris` no triple of the graph has as its predicate."""
        nodes = named_nodes(iris)
        if not nodes:
            return []
        result = self._select(
            f"SELECT ?x WHERE {{ {values_block('x', nodes)} FILTER NOT EXISTS {{ ?s ?x ?o }} }}"
        )
        return [x.value for (x,) in result.rows if x is not None]

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
        how the stances relate (kg/agreement.py)."""
        return find_agreement(
            self._select, self.ns, actors, basis=basis, theme=theme, aspect=aspect
        )

    def sectioned_strategies(self) -> list[str]:
        """Strategies whose sections and full text the graph holds (at most two: enough to tell
        one). A version known only by what its readers cite has sections but no text."""
        result = self._select(
            "SELECT DISTINCT ?x WHERE { ?section lsk:sectionOf ?x . ?x lsk:sourceText ?text }"
            " ORDER BY ?x LIMIT 2"
        )
        return [x.value for (x,) in result.rows if x is not None]

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
        there is none that short (kg/shortest_path.py)."""
        return shortest_path(
            self._select,
            self.ns,
            start,
            goal,
            max_length=max_length,
            avoid=avoid,
            max_frontier=max_frontier,
        )
