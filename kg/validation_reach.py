"""What a shape reads around a focus node, derived from the shapes, for incremental validation.

The verdict on a focus node depends only on the triples its shapes read: the triples that make
it a target (its rdf:type, or the predicate of sh:targetSubjectsOf / sh:targetObjectsOf), the
triples along each sh:path, the rdf:type of value nodes (sh:class), what nested shapes read at
the value nodes (sh:node, sh:property, sh:or, qualified value shapes), and what the SPARQL
constraints match, walking out from $this. Each read is a `Path` of steps from the focus node;
a step follows one of a set of predicates, forwards or backwards. The class hierarchy
(rdfs:subClassOf) is read globally and is not part of any path: a change to it is a change to
every class target (see kg.incremental).

Whatever cannot be bounded this way (a `*` or `+` path, a pattern not connected to $this, a
MINUS or a sub-select, a constraint component this module does not know) raises Unanalysable,
and the caller validates everything instead.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import rdflib
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH
from rdflib.paths import AlternativePath, InvPath, NegatedPath, SequencePath
from rdflib.paths import Path as RdfPath
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.algebra import translateGroupGraphPattern
from rdflib.plugins.sparql.parserutils import CompValue

Arc = tuple[str | None, bool]
"""A predicate (None: any) and whether it is followed backwards (from object to subject)."""

Step = frozenset[Arc]
Path = tuple[Step, ...]


class Unanalysable(Exception):
    """The shapes read something this analysis cannot bound; the reason says what."""


@dataclass(frozen=True)
class Reach:
    """Every path the shapes' constraints read from a focus node (prefixes included), and the
    steps that decide whether a node is a target at all (where one triple is as good as all)."""

    paths: frozenset[Path]
    target_steps: frozenset[Step]

    @property
    def depth(self) -> int:
        return max((len(p) for p in self.paths), default=0)


def step(predicate: str | None, *, inverse: bool = False) -> Step:
    return frozenset({(predicate, inverse)})


_TYPE = step(str(RDF.type))

# Parameters that test the value node itself (its term): they read no triples.
_TERM_ONLY = {
    SH.datatype, SH.nodeKind, SH.pattern, SH.flags, SH.minLength, SH.maxLength, SH.languageIn,
    SH["in"], SH.hasValue, SH.minInclusive, SH.maxInclusive, SH.minExclusive, SH.maxExclusive,
    SH.minCount, SH.maxCount, SH.uniqueLang, SH.qualifiedMinCount, SH.qualifiedMaxCount,
}  # fmt: skip
# Everything else a shape may say that is not a constraint.
_NOT_CONSTRAINTS = {
    RDF.type, SH.message, SH.severity, SH.name, SH.description, SH.order, SH.group,
    SH.deactivated, SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode,
    SH.path, SH.defaultValue, SH.ignoredProperties, SH.declare, SH.prefixes,
    rdflib.RDFS.label, rdflib.RDFS.comment, SH.qualifiedValueShapesDisjoint,
}  # fmt: skip


def shapes_reach(shapes: rdflib.Graph) -> Reach:
    """The union of what every shape with a target reads from its focus nodes."""
    paths: set[Path] = set()
    targets: set[Step] = set()
    for shape in _targeting_shapes(shapes):
        targets |= _target_steps(shapes, shape)
        paths |= _ShapeWalker(shapes).node_reads(shape)
    closed = {p[:i] for p in paths for i in range(1, len(p) + 1)}
    return Reach(frozenset(closed), frozenset(targets))


def _targeting_shapes(shapes: rdflib.Graph) -> set[rdflib.term.Node]:
    targets = (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode)
    found = {s for t in targets for s in shapes.subjects(t, None)}
    # A shape that is also a class targets its instances (SHACL 2.1.3.3, implicit class target).
    found |= {s for s in shapes.subjects(RDF.type, rdflib.RDFS.Class) if _is_shape(shapes, s)}
    found |= {s for s in shapes.subjects(RDF.type, rdflib.OWL.Class) if _is_shape(shapes, s)}
    return {s for s in found if not _deactivated(shapes, s)}


def _is_shape(shapes: rdflib.Graph, node: rdflib.term.Node) -> bool:
    return (node, RDF.type, SH.NodeShape) in shapes or (node, RDF.type, SH.PropertyShape) in shapes


def _deactivated(shapes: rdflib.Graph, shape: rdflib.term.Node) -> bool:
    return shapes.value(shape, SH.deactivated) == rdflib.Literal(True)


def _target_steps(shapes: rdflib.Graph, shape: rdflib.term.Node) -> set[Step]:
    """The triples that decide whether a node is a target of `shape`."""
    steps: set[Step] = set()
    if any(True for _ in shapes.objects(shape, SH.targetClass)) or _is_class(shapes, shape):
        steps.add(_TYPE)
    for predicate in shapes.objects(shape, SH.targetSubjectsOf):
        steps.add(step(str(predicate)))
    for predicate in shapes.objects(shape, SH.targetObjectsOf):
        steps.add(step(str(predicate), inverse=True))
    return steps


def _is_class(shapes: rdflib.Graph, shape: rdflib.term.Node) -> bool:
    return any((shape, RDF.type, c) in shapes for c in (rdflib.RDFS.Class, rdflib.OWL.Class))


class _ShapeWalker:
    def __init__(self, shapes: rdflib.Graph) -> None:
        self.shapes = shapes
        self.visiting: set[rdflib.term.Node] = set()

    def node_reads(self, shape: rdflib.term.Node) -> set[Path]:
        """What `shape` reads from a node it is applied to (a focus or a value node)."""
        if shape in self.visiting:
            raise Unanalysable(f"shape {shape} refers to itself (recursive shapes)")
        if _deactivated(self.shapes, shape):
            return set()
        self.visiting.add(shape)
        try:
            if self.shapes.value(shape, SH.path) is not None:
                return self._property_reads(shape)
            return self._constraint_reads(shape)
        finally:
            self.visiting.discard(shape)

    def _property_reads(self, shape: rdflib.term.Node) -> set[Path]:
        path = self.shapes.value(shape, SH.path)
        assert path is not None
        if self.shapes.value(shape, SH.sparql) is not None:
            raise Unanalysable(f"property shape {shape} has a SPARQL constraint ($PATH)")
        if self.shapes.value(shape, SH.qualifiedValueShapesDisjoint) == rdflib.Literal(True):
            raise Unanalysable(f"{shape} has sh:qualifiedValueShapesDisjoint")
        value_reads = self._constraint_reads(shape) | {()}
        return {
            prefix + tail for prefix in _shacl_path(self.shapes, path) for tail in value_reads
        } - {()}

    def _constraint_reads(self, shape: rdflib.term.Node) -> set[Path]:
        reads: set[Path] = set()
        for parameter, value in self.shapes.predicate_objects(shape):
            if parameter in _TERM_ONLY or parameter in _NOT_CONSTRAINTS:
                continue
            if parameter == SH["class"]:
                reads.add((_TYPE,))
            elif parameter in (SH.node, SH["not"], SH.property, SH.qualifiedValueShape):
                reads |= self.node_reads(value)
            elif parameter in (SH["and"], SH["or"], SH.xone):
                for member in Collection(self.shapes, value):
                    reads |= self.node_reads(member)
            elif parameter in (SH.equals, SH.disjoint, SH.lessThan, SH.lessThanOrEquals):
                # Compared with the values of another property of the focus node.
                reads.add((step(str(value)),))
            elif parameter == SH.closed:
                if value == rdflib.Literal(True):
                    reads.add((step(None),))
            elif parameter == SH.sparql:
                reads |= _sparql_reads(self.shapes, value)
            elif str(parameter).startswith(str(SH)):
                raise Unanalysable(f"{shape} uses {parameter}, which this analysis does not know")
        return reads


def _shacl_path(shapes: rdflib.Graph, path: rdflib.term.Node) -> list[Path]:
    """The step sequences a SHACL property path may follow."""
    if isinstance(path, rdflib.URIRef):
        return [(step(str(path)),)]
    inverse = shapes.value(path, SH.inversePath)
    if inverse is not None:
        return [_reversed(p) for p in _shacl_path(shapes, inverse)]
    alternatives = shapes.value(path, SH.alternativePath)
    if alternatives is not None:
        options = [p for m in Collection(shapes, alternatives) for p in _shacl_path(shapes, m)]
        return _merged_alternatives(options)
    if shapes.value(path, RDF.first) is not None:
        sequences: list[Path] = [()]
        for member in Collection(shapes, path):
            sequences = [s + t for s in sequences for t in _shacl_path(shapes, member)]
        return sequences
    raise Unanalysable(f"SHACL path {path} repeats (zeroOrMore, oneOrMore or zeroOrOne)")


def _reversed(path: Path) -> Path:
    return tuple(frozenset((p, not inv) for p, inv in s) for s in reversed(path))


def _merged_alternatives(options: list[Path]) -> list[Path]:
    # p|^q is one step of two arcs; longer alternatives stay separate sequences.
    if all(len(o) == 1 for o in options):
        return [(frozenset().union(*(o[0] for o in options)),)]
    return options


# --- SPARQL constraints ---------------------------------------------------------------------


def _sparql_reads(shapes: rdflib.Graph, constraint: rdflib.term.Node) -> set[Path]:
    select = shapes.value(constraint, SH.select)
    if select is None:
        raise Unanalysable(f"SPARQL constraint {constraint} has no sh:select")
    namespaces = {
        str(shapes.value(d, SH.prefix)): str(shapes.value(d, SH.namespace))
        for source in shapes.objects(constraint, SH.prefixes)
        for d in shapes.objects(source, SH.declare)
    }
    query = prepareQuery(str(select), initNs=namespaces)
    reads: set[Path] = set()
    _walk(query.algebra, {rdflib.Variable("this"): ()}, reads)
    return reads


Bound = dict[rdflib.term.Node, Path]
"""Variables bound in every solution at that point, each with a path from $this to it."""


def _walk(node: CompValue, bound: Bound, reads: set[Path]) -> Bound:
    """Add what `node` reads to `reads`; return the variables its solutions bind, with paths."""
    name = node.name
    if name == "BGP":
        return _bgp(node.triples, bound, reads)
    if name in ("Join", "LeftJoin"):
        left = _walk(node.p1, bound, reads)
        # The right side is evaluated on its own and then joined: its plain patterns are read
        # only where they join the left (so through the left's variables), but a filter inside
        # it sees only its own bindings.
        right_context = bound | left if _plain(node.p2) else bound
        right = _walk(node.p2, right_context, reads)
        if name == "LeftJoin":
            _expression(node.expr, bound | left | right, reads)
            return left
        return left | right
    if name == "Filter":
        inner = _walk(node.p, bound, reads)
        _expression(node.expr, inner, reads)
        return inner
    if name == "Union":
        left, right = _walk(node.p1, bound, reads), _walk(node.p2, bound, reads)
        return {v: p for v, p in left.items() if right.get(v) == p}
    if name in ("SelectQuery", "Project", "Distinct", "Reduced", "Slice", "OrderBy", "Group"):
        return _walk(node.p, bound, reads)
    if name in ("AggregateJoin", "Extend"):
        return _walk(node.p, bound, reads)
    if name == "ToMultiSet" and node.p.name == "values":
        return bound
    raise Unanalysable(f"a SPARQL constraint uses {name}")


def _plain(node: CompValue) -> bool:
    if node.name == "BGP":
        return True
    return node.name in ("Join", "Union") and _plain(node.p1) and _plain(node.p2)


def _expression(expr: Any, bound: Bound, reads: set[Path]) -> None:
    for exists in _exists_patterns(expr):
        pattern = exists.graph
        if pattern.name in ("GroupGraphPatternSub", "TriplesBlock"):
            pattern = translateGroupGraphPattern(pattern)
        _walk(pattern, bound, reads)


def _exists_patterns(expr: Any) -> Iterator[CompValue]:
    if isinstance(expr, CompValue):
        if expr.name in ("Builtin_EXISTS", "Builtin_NOTEXISTS"):
            yield expr
            return
        for value in expr.values():
            yield from _exists_patterns(value)
    elif isinstance(expr, list | tuple):
        for value in expr:
            yield from _exists_patterns(value)


def _bgp(triples: Iterable[tuple[Any, Any, Any]], bound: Bound, reads: set[Path]) -> Bound:
    """Breadth first from the bound variables over the patterns; each pattern is read from the
    end reached first. A pattern never reached reads triples anywhere in the graph."""
    edges = [e for s, p, o in triples for e in _edges(s, p, o)]
    reached = dict(bound)
    pending = list(edges)
    while pending:
        progress = False
        for edge in list(pending):
            subject, arcs, obj = edge
            for here, there, inverse in ((subject, obj, False), (obj, subject, True)):
                if here in reached:
                    taken = frozenset((p, inv != inverse) for p, inv in arcs)
                    path = reached[here] + (taken,)
                    reads.add(path)
                    if _is_variable(there) and there not in reached:
                        reached[there] = path
                    pending.remove(edge)
                    progress = True
                    break
        if not progress:
            raise Unanalysable(f"a SPARQL pattern is not connected to $this: {pending[0]}")
    return reached


def _is_variable(term: Any) -> bool:
    return isinstance(term, rdflib.Variable | rdflib.BNode)


def _edges(subject: Any, predicate: Any, obj: Any) -> list[tuple[Any, Step, Any]]:
    """A triple pattern as edges between terms, a path pattern as a chain of them."""
    if isinstance(predicate, rdflib.URIRef):
        return [(subject, step(str(predicate)), obj)]
    if isinstance(predicate, rdflib.Variable):
        return [(subject, step(None), obj)]
    if isinstance(predicate, InvPath):
        return _edges(obj, predicate.arg, subject)
    if isinstance(predicate, SequencePath):
        terms = [subject, *(rdflib.BNode() for _ in predicate.args[1:]), obj]
        return [
            e for i, part in enumerate(predicate.args) for e in _edges(terms[i], part, terms[i + 1])
        ]
    if isinstance(predicate, AlternativePath):
        arcs: set[Arc] = set()
        for part in predicate.args:
            chain = _edges(subject, part, obj)
            if len(chain) != 1:
                raise Unanalysable(f"an alternative of sequences in a SPARQL path: {predicate}")
            start, arc, _end = chain[0]
            arcs |= arc if start == subject else {(p, not inv) for p, inv in arc}
        return [(subject, frozenset(arcs), obj)]
    if isinstance(predicate, NegatedPath):
        return [(subject, frozenset({(None, False), (None, True)}), obj)]
    if isinstance(predicate, RdfPath):
        raise Unanalysable(f"a SPARQL path repeats: {predicate}")
    raise Unanalysable(f"a SPARQL pattern with predicate {predicate!r}")
