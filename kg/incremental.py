"""Incremental validation: which nodes a change to the store can affect, and what they read.

The store was conformant before the change (kg load refuses data that is not), so only focus
nodes whose verdict the change can alter need validating again. A focus node's verdict depends
only on the triples its shapes read, walking out from it along the paths kg.validation_reach
derives from the shapes. If a changed triple (added or removed) lies on such a walk, in the old
or the new data, then so does a first changed triple, and the walk from the focus node to that
one crosses unchanged triples only, which both states share. So walking each path backwards
from the ends of the changed triples, over the new state, finds every focus node whose verdict
can change: `plan` returns those, with every triple their shapes read (the forward walk), and
the caller validates just them on just that.

The store is read through `Store.query`, with the nodes written into VALUES blocks as
serialised RDF terms, so this runs on the embedded store and on a SPARQL server alike. The
graphs being replaced are left out of every answer and taken from the new files instead.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

import pyoxigraph as ox

from kg.store import Store
from kg.terms import Term, n_triples
from kg.validation_reach import Path, Reach, Step

SUBCLASS_OF = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
MAX_CHANGE_SHARE = 0.1
"""A change of more than this share of the store's triples is validated in full."""
MAX_FOCUS_SHARE = 0.02
"""As are changes that reach more focus nodes than this share of the store's triples."""
_BATCH = 1000
_CHECKED_ROWS = 5000
"""An answer this long is counted again, in case the server cut it short."""


@dataclass(frozen=True)
class Scope:
    """What an incremental validation looks at: the focus nodes the change can affect, and
    every triple (of the data after the change) that their shapes read."""

    focus_nodes: frozenset[Term]
    triples: frozenset[ox.Triple]
    changed_triples: int


@dataclass(frozen=True)
class FullValidation:
    """The change must be validated with all the data, for `reason`."""

    reason: str


class _NeedsFull(Exception):
    pass


def plan(
    store: Store,
    graphs: Mapping[str, Sequence[ox.Triple]],
    *,
    prefix: str,
    reach: Reach | str,
) -> Scope | FullValidation:
    """Work out what replacing `graphs` in `store` can affect; `reach` is the shapes' reach, or
    why it could not be derived."""
    # Counting a store's triples reads all of them (seconds at a million): count only as far
    # as each threshold needs.
    if _at_least(store, prefix, 1) == 0:
        return FullValidation("the store holds no data yet")
    if isinstance(reach, str):
        return FullValidation(reach)
    added: set[ox.Triple] = set()
    removed: set[ox.Triple] = set()
    for graph, triples in graphs.items():
        new = set(triples)
        old = set(store.graph_triples(graph))
        added |= new - old
        removed |= old - new
    changed = added | removed
    total = _at_least(store, prefix, int(len(changed) / MAX_CHANGE_SHARE) + 1)
    if len(changed) > MAX_CHANGE_SHARE * total:
        return FullValidation(
            f"the change ({len(changed):,} triples) is more than "
            f"{MAX_CHANGE_SHARE:.0%} of the store ({total:,} triples)"
        )
    if any(t.predicate.value == SUBCLASS_OF for t in changed):
        return FullValidation("the change touches the class hierarchy (rdfs:subClassOf)")
    new_triples = [t for triples in graphs.values() for t in triples]
    view = _View(store, prefix=prefix, replaced=set(graphs), new=new_triples, old=removed)
    try:
        focus = _affected(view, reach, changed)
        total = _at_least(store, prefix, int(len(focus) / MAX_FOCUS_SHARE) + 1)
        if len(focus) > MAX_FOCUS_SHARE * total:
            return FullValidation(
                f"the change reaches {len(focus):,} focus nodes, more than "
                f"{MAX_FOCUS_SHARE:.0%} of the store's {total:,} triples"
            )
        read = _neighbourhood(view, reach, focus) | view.class_hierarchy()
    except _NeedsFull as error:
        return FullValidation(str(error))
    return Scope(frozenset(focus), frozenset(read), len(changed))


def _at_least(store: Store, prefix: str, limit: int) -> int:
    """How many triples the store holds in graphs under `prefix`, counting at most `limit`."""
    # The prefix goes in as a serialised literal: a subquery does not see outer bindings.
    answer = store.query(
        "SELECT (COUNT(*) AS ?n) WHERE { { SELECT ?s WHERE { GRAPH ?g { ?s ?p ?o } "
        f"FILTER (STRSTARTS(STR(?g), {n_triples(ox.Literal(prefix))})) }} LIMIT {int(limit)} }} }}"
    )
    count = answer.rows[0][0] if answer.rows else None
    return int(count.value) if count is not None else 0


class _View:
    """The data as it will be after the change: the store without the graphs being replaced,
    plus the new triples (held in memory)."""

    def __init__(
        self,
        store: Store,
        *,
        prefix: str,
        replaced: set[str],
        new: Sequence[ox.Triple],
        old: Iterable[ox.Triple],
    ) -> None:
        self.store, self.prefix, self.replaced = store, prefix, replaced
        self.outgoing: dict[Term, list[ox.Triple]] = defaultdict(list)
        self.incoming: dict[Term, list[ox.Triple]] = defaultdict(list)
        for t in new:
            self.outgoing[t.subject].append(t)  # type: ignore[index]
            self.incoming[t.object].append(t)  # type: ignore[index]
        # A file's blank nodes are its own: no other graph of the store holds them.
        self.local_blanks = {
            term
            for t in (*new, *old)
            for term in (t.subject, t.object)
            if isinstance(term, ox.BlankNode)
        }

    def _kept(self, graph: Term | None) -> bool:
        return (
            isinstance(graph, ox.NamedNode)
            and graph.value.startswith(self.prefix)
            and graph.value not in self.replaced
        )

    def follow(
        self,
        nodes: Iterable[Term],
        predicates: set[str | None],
        *,
        inverse: bool,
    ) -> Iterator[ox.Triple]:
        """The triples leaving `nodes` (entering them if `inverse`) by one of `predicates`
        (None: any)."""
        if not predicates:
            return
        index = self.incoming if inverse else self.outgoing
        queried: list[Term] = []
        for node in nodes:
            for t in index.get(node, ()):
                if None in predicates or t.predicate.value in predicates:
                    yield t
            if isinstance(node, ox.BlankNode):
                self._check_local(node)
            elif inverse or not isinstance(node, ox.Literal):
                queried.append(node)
        # Queries of at most _BATCH terms in VALUES, which any server takes.
        size = _BATCH if not inverse or None in predicates else max(1, _BATCH // len(predicates))
        for start in range(0, len(queried), size):
            yield from self._query(queried[start : start + size], predicates, inverse)

    def _query(
        self, nodes: list[Term], predicates: set[str | None], inverse: bool
    ) -> Iterator[ox.Triple]:
        named = sorted(p for p in predicates if p is not None)
        if inverse and None not in predicates:
            # Each node with each predicate: a node may have many incoming triples (every
            # stance points at its theme) of which only these few predicates matter.
            pairs = " ".join(
                f"({n_triples(n)} {n_triples(ox.NamedNode(p))})" for n in nodes for p in named
            )
            values = f"VALUES (?n ?p) {{ {pairs} }}"
        else:
            # Outgoing triples are few per node: take them all and keep the predicates here,
            # which Oxigraph answers far faster than a second VALUES block joined in.
            values = "VALUES ?n { " + " ".join(n_triples(n) for n in nodes) + " }"
        pattern = "?x ?p ?n" if inverse else "?n ?p ?x"
        where = f"WHERE {{ {values} GRAPH ?g {{ {pattern} }} }}"
        rows = self._complete(f"SELECT ?g ?n ?p ?x {where}", where)
        if rows is None:
            if len(nodes) == 1:
                raise _NeedsFull(f"the store cut short its answer on the triples of {nodes[0]}")
            half = len(nodes) // 2
            yield from self._query(nodes[:half], predicates, inverse)
            yield from self._query(nodes[half:], predicates, inverse)
            return
        wanted = None if None in predicates else set(named)
        for graph, node, predicate, other in rows:
            if not self._kept(graph) or other is None:
                continue
            if wanted is not None and predicate is not None and predicate.value not in wanted:
                continue
            assert isinstance(predicate, ox.NamedNode)
            assert node is not None
            if inverse:
                yield ox.Triple(other, predicate, node)  # type: ignore[arg-type]
            else:
                yield ox.Triple(node, predicate, other)  # type: ignore[arg-type]

    def _complete(self, sparql: str, where: str) -> Sequence[Sequence[Term | None]] | None:
        """The rows of `sparql`, or None where the server returned fewer than there are (as
        Virtuoso does past its ResultSetMaxRows, 10,000 by default, without a word)."""
        rows = self.store.query(sparql).rows
        if len(rows) >= _CHECKED_ROWS:
            counted = self.store.query(f"SELECT (COUNT(*) AS ?c) {where}").rows
            total = counted[0][0] if counted else None
            if total is None or int(total.value) != len(rows):
                return None
        return rows

    def _check_local(self, node: ox.BlankNode) -> None:
        # A blank node cannot be named in a query; one of another graph cannot be looked up.
        if node not in self.local_blanks:
            raise _NeedsFull(f"a blank node of the store ({node}) is on a shape's path")

    def witnesses(self, nodes: Iterable[Term], predicates: set[str]) -> Iterator[ox.Triple]:
        """For each node and predicate, one triple entering the node by it, if there is any:
        enough to show that a node is a target of sh:targetObjectsOf, where a node may have
        thousands (every stance points at its theme)."""
        for node in nodes:
            for predicate in predicates:
                found = next(iter(self.follow_new(node, predicate)), None)
                if found is None and isinstance(node, ox.BlankNode):
                    self._check_local(node)
                elif found is None:
                    found = self._stored_witness(node, predicate)
                if found is not None:
                    yield found

    def follow_new(self, node: Term, predicate: str) -> list[ox.Triple]:
        return [t for t in self.incoming.get(node, ()) if t.predicate.value == predicate]

    def _stored_witness(self, node: Term, predicate: str) -> ox.Triple | None:
        # The first match may lie in a graph being replaced: leave that graph out, and ask again.
        excluded: list[ox.NamedNode] = []
        while True:
            names = ", ".join(f"?e{i}" for i in range(len(excluded)))
            unless = f" FILTER (?g NOT IN ({names}))" if excluded else ""
            answer = self.store.query(
                f"SELECT ?g ?x WHERE {{ GRAPH ?g {{ ?x ?p ?n }}{unless} }} LIMIT 1",
                bindings={
                    "n": node,
                    "p": ox.NamedNode(predicate),
                    **{f"e{i}": g for i, g in enumerate(excluded)},
                },
            )
            if not answer.rows:
                return None
            graph, other = answer.rows[0]
            if self._kept(graph) and other is not None:
                return ox.Triple(other, ox.NamedNode(predicate), node)  # type: ignore[arg-type]
            assert isinstance(graph, ox.NamedNode)
            excluded.append(graph)

    def class_hierarchy(self) -> set[ox.Triple]:
        """Every rdfs:subClassOf triple, which sh:class and class targets read from anywhere."""
        found = {t for ts in self.outgoing.values() for t in ts if t.predicate.value == SUBCLASS_OF}
        where = f"WHERE {{ GRAPH ?g {{ ?s {n_triples(ox.NamedNode(SUBCLASS_OF))} ?o }} }}"
        rows = self._complete(f"SELECT ?g ?s ?o {where}", where)
        if rows is None:
            raise _NeedsFull("the store cut short its answer on the class hierarchy")
        for graph, subject, obj in rows:
            if self._kept(graph):
                found.add(ox.Triple(subject, ox.NamedNode(SUBCLASS_OF), obj))  # type: ignore[arg-type]
        return found


def _affected(view: _View, reach: Reach, changed: Iterable[ox.Triple]) -> set[Term]:
    """The focus nodes from which some path of `reach` ends in a changed triple."""
    # For each predicate: the paths whose last step may read it, as (prefix, direction).
    ends: dict[str | None, list[tuple[Path, bool]]] = defaultdict(list)
    for path in reach.paths:
        for predicate, inverse in path[-1]:
            ends[predicate].append((path[:-1], inverse))
    for target_step in reach.target_steps:
        for predicate, inverse in target_step:
            ends[predicate].append(((), inverse))
    # Nodes at the end of each prefix, still to be walked back to a focus node.
    pending: dict[Path, set[Term]] = defaultdict(set)
    for t in changed:
        for prefix, inverse in (*ends.get(t.predicate.value, ()), *ends.get(None, ())):
            pending[prefix].add(t.object if inverse else t.subject)  # type: ignore[arg-type]
    focus: set[Term] = set()
    while pending:
        length = max(len(p) for p in pending)
        level = {p: pending.pop(p) for p in list(pending) if len(p) == length}
        if length == 0:
            focus |= level[()]
            continue
        for nodes, prefixes in _by_node_set(level).items():
            # Back over the last step: an arc read forwards (x p node) is followed into node.
            for backwards in (True, False):
                wanted = {p for prefix in prefixes for p, inv in prefix[-1] if inv != backwards}
                for t in view.follow(nodes, wanted, inverse=backwards):
                    before = t.subject if backwards else t.object
                    for prefix in prefixes:
                        if _matches(prefix[-1], t.predicate.value, not backwards):
                            pending[prefix[:-1]].add(before)  # type: ignore[arg-type]
    return focus


def _neighbourhood(view: _View, reach: Reach, focus: set[Term]) -> set[ox.Triple]:
    """Every triple that the paths of `reach` read from the focus nodes."""
    children: dict[Path, set[Step]] = defaultdict(set)
    for path in reach.paths:
        children[path[:-1]].add(path[-1])
    found: set[ox.Triple] = set()
    membership = reach.target_steps - children[()]
    outgoing = {p for s in membership for p, inv in s if not inv}
    found.update(view.follow(focus, outgoing, inverse=False))
    incoming = {p for s in membership for p, inv in s if inv}
    if None in incoming:
        found.update(view.follow(focus, incoming, inverse=True))
    else:
        found.update(view.witnesses(focus, {p for p in incoming if p is not None}))
    pending: dict[Path, set[Term]] = {(): set(focus)}
    while pending:
        length = min(len(p) for p in pending)
        level = {p: pending.pop(p) for p in list(pending) if len(p) == length}
        for nodes, prefixes in _by_node_set(level).items():
            for inverse in (False, True):
                wanted = {
                    p for prefix in prefixes for s in children[prefix] for p, inv in s
                    if inv == inverse
                }  # fmt: skip
                for t in view.follow(nodes, wanted, inverse=inverse):
                    found.add(t)
                    after = t.subject if inverse else t.object
                    for prefix in prefixes:
                        for s in children[prefix]:
                            longer = (*prefix, s)
                            if longer in children and _matches(s, t.predicate.value, inverse):
                                pending.setdefault(longer, set()).add(after)  # type: ignore[arg-type]
    return found


def _matches(s: Step, predicate: str, inverse: bool) -> bool:
    return (predicate, inverse) in s or (None, inverse) in s


def _by_node_set(level: dict[Path, set[Term]]) -> dict[frozenset[Term], list[Path]]:
    """Prefixes grouped by the nodes at their end, so that one query serves each group."""
    groups: dict[frozenset[Term], list[Path]] = defaultdict(list)
    for prefix, nodes in level.items():
        groups[frozenset(nodes)].append(prefix)
    return groups
