"""The relationship questions, each as one GraphQL request and as the hand-written SPARQL that
asks the same, with the subjects picked from the graph by SPARQL and a check that both answers
name the same things. IRIs enter SPARQL as RDF terms (kg.terms.n_triples), never as raw text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from api.graphql.actors import ActorKind
from kg.namespaces import Namespaces
from kg.shortest_path import PATH_EXCLUDED
from kg.sparql_fragments import named_nodes, values_block
from kg.terms import n_triples

Rows = list[dict[str, str]]
Select = Callable[[str], Rows]  # SPARQL (without prologue) -> rows of plain values

PAGE_SIZE = 20  # the README's first actor query, at 20 stances (issue 15)
AVOID = ("dcterms:source",)  # as the README's path example
# The classes of actors, as GraphQL's ActorKind names them: a path's far end is one of them.
ACTOR_CLASSES = tuple(str(kind.value) for kind in ActorKind)


@dataclass(frozen=True)
class Subjects:
    """What the questions ask about, picked by SPARQL: the busiest actor and its neighbours."""

    actor: str  # the actor taking the most stances
    organisation: str  # the organisation with units whose stances (with its own) are most
    units: tuple[str, ...]
    aspect: str  # the aspect the organisation's side takes most stances on
    agreeing: tuple[str, ...]  # `actor` and the two actors sharing most themes with it
    path_to: str  # an actor two relations from `actor`, reached most ways

    def as_dict(self) -> dict[str, Any]:
        return {
            "actor": self.actor,
            "organisation": self.organisation,
            "units": list(self.units),
            "aspect": self.aspect,
            "agreeing": list(self.agreeing),
            "path_to": self.path_to,
        }


def _iri(value: str) -> str:
    return n_triples(ox.NamedNode(value))


def pick_subjects(select: Select, namespaces: Namespaces) -> Subjects:
    """The busiest subjects of the graph behind `select`."""
    actor = select(
        "SELECT ?a WHERE { ?s prov:wasAttributedTo ?a } GROUP BY ?a ORDER BY DESC(COUNT(?s)) ?a LIMIT 1"
    )[0]["a"]
    organisation = select(
        "SELECT ?org WHERE { ?u org:unitOf ?org . ?who org:unitOf* ?org . "
        "?s prov:wasAttributedTo ?who } GROUP BY ?org ORDER BY DESC(COUNT(DISTINCT ?s)) ?org LIMIT 1"
    )[0]["org"]
    units = tuple(
        row["u"]
        for row in select(
            f"SELECT DISTINCT ?u WHERE {{ ?u org:unitOf+ {_iri(organisation)} }} ORDER BY ?u"
        )
    )
    aspect = select(
        f"SELECT ?aspect WHERE {{ ?who org:unitOf* {_iri(organisation)} . "
        "?s prov:wasAttributedTo ?who ; lsk:target ?t . ?t skos:broader* ?aspect . "
        "?aspect a lsk:Aspect } GROUP BY ?aspect ORDER BY DESC(COUNT(?s)) ?aspect LIMIT 1"
    )[0]["aspect"]
    others = select(
        f"SELECT ?other WHERE {{ ?mine prov:wasAttributedTo {_iri(actor)} ; lsk:theme ?theme ."
        " ?theirs lsk:theme ?theme ; prov:wasAttributedTo ?other ."
        f" FILTER (?other != {_iri(actor)}) }} GROUP BY ?other ORDER BY DESC(COUNT(*)) ?other LIMIT 2"
    )
    excluded = ", ".join(_iri(namespaces.iri(p)) for p in (*PATH_EXCLUDED, *AVOID))
    kinds = " ".join(ACTOR_CLASSES)
    # An actor two relations away (not along the excluded properties), reached most ways.
    path_to = select(
        f"SELECT ?to WHERE {{ {{ ?x ?p {_iri(actor)} }} UNION {{ {_iri(actor)} ?p ?x }}"
        " { ?x ?q ?to } UNION { ?to ?q ?x }"
        f" FILTER (isIRI(?x) && ?p NOT IN ({excluded}) && ?q NOT IN ({excluded})"
        f" && ?to != {_iri(actor)}) ?to a ?kind . VALUES ?kind {{ {kinds} }} }}"
        " GROUP BY ?to ORDER BY DESC(COUNT(*)) ?to LIMIT 1"
    )
    return Subjects(
        actor=actor,
        organisation=organisation,
        units=units,
        aspect=aspect,
        agreeing=(actor, *(row["other"] for row in others)),
        path_to=path_to[0]["to"] if path_to else actor,
    )


@dataclass(frozen=True)
class Question:
    """One question, both ways, and how to reduce each answer to comparable facts."""

    key: str
    title: str
    graphql: Callable[[Subjects], tuple[str, dict[str, Any]]]
    sparql: Callable[[Subjects, Namespaces], str]
    from_graphql: Callable[[dict[str, Any]], object]
    from_sparql: Callable[[Rows], object]


# (a) The stances of an organisation and its units (org:unitOf) on one aspect. GraphQL's nested
# `stances` takes no filter, so the request asks the top-level `stances` once per actor (aliased),
# beside the organisation's units.
def _units_graphql(s: Subjects) -> tuple[str, dict[str, Any]]:
    who = [s.organisation, *s.units]
    params = ", ".join(f"$a{i}: ID!" for i in range(len(who)))
    asks = " ".join(
        f"s{i}: stances(filter: {{actor: $a{i}, target: $aspect, acrossVersions: false}}, "
        "first: 100) { totalCount nodes { id type { id } } }"
        for i in range(len(who))
    )
    query = (
        f"query ($org: ID!, $aspect: ID!, {params}) {{ actor(id: $org) {{ id "
        f"... on Organization {{ units(first: 100) {{ nodes {{ id }} }} }} }} {asks} }}"
    )
    variables: dict[str, Any] = {"org": s.organisation, "aspect": s.aspect}
    variables.update({f"a{i}": iri for i, iri in enumerate(who)})
    return query, variables


def _units_sparql(s: Subjects, ns: Namespaces) -> str:
    # The organisation and its units (found walking org:unitOf+ when the subjects were picked)
    # as VALUES, as the GraphQL request names them; the aspect or a section under it as two
    # branches. Virtuoso loses rows when `org:unitOf*` or `skos:broader*` from a variable is
    # joined with the stances, so neither walk is written that way.
    aspect = _iri(s.aspect)
    return (
        f"SELECT ?who ?stance ?type WHERE {{ {values_block('who', named_nodes([s.organisation, *s.units]))}"
        f" {{ ?stance lsk:target {aspect} }} UNION {{ ?stance lsk:target ?t . ?t skos:broader+ {aspect} }}"
        " ?stance prov:wasAttributedTo ?who ; lsk:stanceType ?type } ORDER BY ?who ?stance"
    )


def _units_from_graphql(data: dict[str, Any]) -> object:
    return sorted({n["id"] for k, v in data.items() if k.startswith("s") for n in v["nodes"]})


def _units_from_sparql(rows: Rows) -> object:
    return sorted({row["stance"] for row in rows})


# (b) Where the busiest actor and the two actors most like it take stances on the same theme.
def _agreement_graphql(s: Subjects) -> tuple[str, dict[str, Any]]:
    query = (
        "query ($actors: [ID!]!) { agreement(actors: $actors, basis: THEME, first: 100) {"
        " totalCount nodes { relation on { id } actors { id } stances { id } } } }"
    )
    return query, {"actors": list(s.agreeing)}


def _agreement_sparql(s: Subjects, ns: Namespaces) -> str:
    return (
        "SELECT ?on (GROUP_CONCAT(DISTINCT STR(?stance); separator=' ') AS ?stances)"
        " (COUNT(DISTINCT ?type) AS ?types) (GROUP_CONCAT(DISTINCT STR(?polarity); separator=' ') AS ?polarities)"
        f" WHERE {{ {values_block('actor', named_nodes(s.agreeing))}"
        " ?stance prov:wasAttributedTo ?actor ; lsk:stanceType ?type ; lsk:theme ?on ."
        " OPTIONAL { ?type lsk:polarity ?polarity } }"
        " GROUP BY ?on HAVING (COUNT(DISTINCT ?actor) >= 2) ORDER BY ?on"
    )


def _agreement_from_graphql(data: dict[str, Any]) -> object:
    return sorted(
        (n["on"]["id"], tuple(sorted(x["id"] for x in n["stances"])))
        for n in data["agreement"]["nodes"]
    )


def _agreement_from_sparql(rows: Rows) -> object:
    return sorted((row["on"], tuple(sorted(row["stances"].split()))) for row in rows)


# (c) The shortest chain of relations from the busiest actor to an actor two relations away, not
# along dcterms:source (as the README's example). The hand-written SPARQL looks one and two steps
# out, either way, as the API's breadth-first search does, and takes the first middle by IRI.


def _path_graphql(s: Subjects) -> tuple[str, dict[str, Any]]:
    query = (
        "query ($from: ID!, $to: ID!, $avoid: [ID!]) { path(from: $from, to: $to, maxLength: 4,"
        " avoid: $avoid) { length nodes { id } edges { property forward } } }"
    )
    return query, {"from": s.actor, "to": s.path_to, "avoid": list(AVOID)}


def _path_sparql(s: Subjects, ns: Namespaces) -> str:
    a, b = _iri(s.actor), _iri(s.path_to)
    excluded = ", ".join(_iri(ns.iri(p)) for p in (*PATH_EXCLUDED, *AVOID))
    return (
        "SELECT ?length ?mid ?p1 ?p2 WHERE {"
        f" {{ {{ {a} ?p1 {b} }} UNION {{ {b} ?p1 {a} }} BIND (1 AS ?length)"
        f" FILTER (?p1 NOT IN ({excluded})) }}"
        f" UNION {{ {{ {a} ?p1 ?mid }} UNION {{ ?mid ?p1 {a} }}"
        f" FILTER (isIRI(?mid) && ?p1 NOT IN ({excluded}))"
        f" {{ ?mid ?p2 {b} }} UNION {{ {b} ?p2 ?mid }}"
        f" FILTER (?p2 NOT IN ({excluded})) BIND (2 AS ?length) }}"
        " } ORDER BY ?length ?mid LIMIT 1"
    )


def _path_from_graphql(data: dict[str, Any]) -> object:
    path = data["path"]
    if path is None:
        return None
    nodes = path["nodes"]
    return (path["length"], nodes[1]["id"] if path["length"] == 2 else None)


def _path_from_sparql(rows: Rows) -> object:
    if not rows:
        return None
    length = int(rows[0]["length"])
    return (length, rows[0].get("mid") if length == 2 else None)


# (d) The README's first GraphQL example (an actor's stances), at 20 stances: the "page" whose
# latency and throughput the targets compare with the same fields asked as one SPARQL query.
PAGE_GRAPHQL = (
    "query ($id: ID!, $n: Int) { actor(id: $id) { name stances(first: $n) { totalCount"
    ' nodes { type { label(lang: "en") } quote targets { label } document { title sourceFile } }'
    " } } }"
)


def _page_graphql(s: Subjects) -> tuple[str, dict[str, Any]]:
    return PAGE_GRAPHQL, {"id": s.actor, "n": PAGE_SIZE}


def _page_sparql(s: Subjects, ns: Namespaces) -> str:
    a = _iri(s.actor)
    return (
        "SELECT ?name ?total ?stance ?typeLabel ?quote ?target ?targetLabel ?title ?file WHERE {"
        f" {{ SELECT (COUNT(?s) AS ?total) WHERE {{ ?s prov:wasAttributedTo {a} }} }}"
        f" {{ SELECT ?stance WHERE {{ ?stance prov:wasAttributedTo {a} }}"
        f" ORDER BY ?stance LIMIT {PAGE_SIZE} }}"
        f" OPTIONAL {{ {a} skos:prefLabel|foaf:name ?name }}"
        " OPTIONAL { ?stance lsk:stanceType/skos:prefLabel ?typeLabel"
        ' FILTER (LANGMATCHES(LANG(?typeLabel), "en")) }'
        " OPTIONAL { ?stance lsk:quote ?quote }"
        " OPTIONAL { ?stance lsk:target ?target OPTIONAL {"
        " ?target skos:prefLabel|foaf:name|dcterms:title|rdfs:label ?targetLabel } }"
        " OPTIONAL { ?stance dcterms:source ?doc OPTIONAL { ?doc dcterms:title ?title }"
        " OPTIONAL { ?doc lsk:sourceText/lsk:fileName ?file } } }"
    )


def _page_from_graphql(data: dict[str, Any]) -> object:
    stances = data["actor"]["stances"]
    return (stances["totalCount"], sorted({n["quote"] for n in stances["nodes"]}))


def _page_from_sparql(rows: Rows) -> object:
    total = int(rows[0]["total"]) if rows else 0
    return (total, sorted({row["quote"] for row in rows if "quote" in row}))


QUESTIONS = (
    Question(
        "units",
        "stances of an organisation and its units on one aspect",
        _units_graphql,
        _units_sparql,
        _units_from_graphql,
        _units_from_sparql,
    ),
    Question(
        "agreement",
        "actors agreeing with a given actor (by theme)",
        _agreement_graphql,
        _agreement_sparql,
        _agreement_from_graphql,
        _agreement_from_sparql,
    ),
    Question(
        "path",
        "shortest relation path between two actors",
        _path_graphql,
        _path_sparql,
        _path_from_graphql,
        _path_from_sparql,
    ),
    Question(
        "page",
        f"the README's actor query at {PAGE_SIZE} stances",
        _page_graphql,
        _page_sparql,
        _page_from_graphql,
        _page_from_sparql,
    ),
)

# A one-pattern SELECT, as issue 15's first measure: the cheapest query a server can answer.
ONE_PATTERN = "SELECT ?s ?o WHERE { ?s <http://www.w3.org/ns/prov#wasAttributedTo> ?o } LIMIT 10"
