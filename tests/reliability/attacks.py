"""The requests of the abuse suite: hostile GraphQL and SPARQL texts, huge bodies, SERVICE
calls and writes through every route. Each request is a `Send`: (client, base URL) → response."""

from __future__ import annotations

import functools
from collections.abc import Callable
from urllib.parse import quote

import httpx

from tests.reliability.flood import Send
from tests.reliability.harness import SPARQL_JSON

ACTOR = "actor:uppsala-kommun"
HUGE = 50 * 2**20


def graphql(query: str) -> Send:
    def send(http: httpx.Client, base: str) -> httpx.Response:
        return http.post(base + "/graphql", json={"query": query})

    return send


def sparql(query: str) -> Send:
    def send(http: httpx.Client, base: str) -> httpx.Response:
        return http.post(base + "/sparql", data={"query": query}, headers={"Accept": SPARQL_JSON})

    return send


# GraphQL texts at or past the limits' backstops (api/graphql/limits.py: depth 20, 2,000
# tokens, 15 aliases): each is as big as the token limit lets it be, so the parser and the
# measuring walk get the most work a single legal-length text can give them.
_DEEP = f'{{ actor(id: "{ACTOR}") {{ ' + "memberships { " * 600 + "name" + " }" * 600 + " } }"
_WIDE = "{ stances(first: 100) { nodes { " + "id quote " * 900 + "} } }"
_ALIASES = "{ " + " ".join(f'a{n}: actor(id: "{ACTOR}") {{ name }}' for n in range(180)) + " }"
_CYCLES = (
    f'{{ actor(id: "{ACTOR}") {{ ...A }} }}\n'
    "fragment A on Actor { name ...B memberships { ...C } }\n"
    "fragment B on Actor { kind ...C memberships { ...A } }\n"
    "fragment C on Actor { curie ...A ...B }"
)
# Each fragment spreads the next twice, under two aliases and twice under the same field (which
# the overlapping-fields rule must compare): 2^30 paths if anything walked them naively.
_FAN_OUT = (
    f'{{ actor(id: "{ACTOR}") {{ ...F0 }} }}\n'
    + "\n".join(
        f"fragment F{n} on Actor {{ x: memberships {{ ...F{n + 1} }} "
        f"y: memberships {{ ...F{n + 1} }} memberships {{ ...F{n + 1} ...F{n + 1} }} }}"
        for n in range(30)
    )
    + "\nfragment F30 on Actor { name }"
)
# The largest query the limits accept (cost 48,600 of 50,000; depth 6): 100 stances, each
# with its actor and 23 of the actor's stances with their targets. Real lists are shorter than
# their pages, so it answers about 1.3 MB; test_largest_legal_query_is_accepted keeps it legal.
LARGEST_LEGAL = (
    "{ stances(first: 100) { nodes { id curie quote label displayLabel verb citedSection "
    "document { title caseNumber } actor { name kind stances(first: 23) { nodes { id curie "
    "quote label displayLabel verb citedSection targets { id label displayLabel } } } } } } }"
)

ATTACK_QUERIES: dict[str, dict[str, str]] = {
    "graphql": {
        "deep GraphQL (600 levels)": _DEEP,
        "wide GraphQL (1,800 fields)": _WIDE,
        "many aliases (180)": _ALIASES,
        "fragment cycles": _CYCLES,
        "fragment fan-out (2^30 paths)": _FAN_OUT,
    },
    "sparql": {
        # Four unconnected patterns: the store's triple count to the fourth power.
        "SPARQL cartesian product": (
            "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f . ?g ?s ?h }"
        ),
        "SPARQL nested groups (3,000)": "SELECT * WHERE " + "{ " * 3000 + "?s ?p ?o" + " }" * 3000,
        # Nested quantifiers over every pair of literals (a backtracking engine is exponential
        # on them; a linear one still meets the pairs' product).
        "SPARQL regex bomb": (
            "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o . ?t ?q ?l . FILTER(isLiteral(?o)) "
            'FILTER(REGEX(CONCAT(STR(?o), STR(?l)), "^((a|aa|a?)+)+(b|c)*$", "i")) }'
        ),
    },
}


@functools.cache
def _huge(path: str) -> tuple[bytes, str]:
    if path == "/graphql":
        return b'{"query": "{ ' + b"a" * HUGE + b' }"}', "application/json"
    return b"SELECT * WHERE { ?s ?p ?o } #" + b"a" * HUGE, "application/sparql-query"


def huge_body(path: str) -> Send:
    """A 50 MB POST to `path`: one GraphQL text or one SPARQL query padded by a comment."""

    def send(http: httpx.Client, base: str) -> httpx.Response:
        body, media_type = _huge(path)
        return http.post(base + path, content=body, headers={"Content-Type": media_type})

    return send


def _get(path: str) -> Send:
    def send(http: httpx.Client, base: str) -> httpx.Response:
        return http.get(base + path, headers={"Accept": SPARQL_JSON + ", */*;q=0.1"})

    return send


def _post(path: str, body: str | dict[str, str], media_type: str | None = None) -> Send:
    def send(http: httpx.Client, base: str) -> httpx.Response:
        if isinstance(body, dict):
            return http.post(base + path, data=body)
        return http.post(
            base + path, content=body.encode(), headers={"Content-Type": media_type or ""}
        )

    return send


def _method(method: str, path: str) -> Send:
    def send(http: httpx.Client, base: str) -> httpx.Response:
        return http.request(
            method,
            base + path,
            content=b"<urn:a> <urn:b> <urn:c> .",
            headers={"Content-Type": "text/turtle"},
        )

    return send


def service_requests(url: str) -> list[tuple[str, Send]]:
    """Every route by which a SERVICE call (or a graph to fetch) to `url` could be asked for."""
    select = f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}"
    silent = f"SELECT * WHERE {{ SERVICE SILENT <{url}> {{ ?s ?p ?o }} }}"
    inside = f"SELECT * WHERE {{ ?s ?p ?o . {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }} LIMIT 1"
    from_ = f"SELECT * FROM <{url}> WHERE {{ ?s ?p ?o }} LIMIT 1"
    injection = f'"}} }} SERVICE <{url}> {{ ?s ?p ?o }} #'
    requests: list[tuple[str, Send]] = []
    for name, text in (
        ("SERVICE", select),
        ("SERVICE SILENT", silent),
        ("nested SERVICE", inside),
        ("FROM", from_),
    ):
        requests += [
            (f"{name} GET", _get("/sparql?query=" + quote(text))),
            (f"{name} POST form", _post("/sparql", {"query": text})),
            (f"{name} POST body", _post("/sparql", text, "application/sparql-query")),
        ]
    requests += [
        ("default-graph-uri", _get(f"/sparql?query={quote(from_)}&default-graph-uri={quote(url)}")),
        ("named-graph-uri", _get(f"/sparql?query={quote(from_)}&named-graph-uri={quote(url)}")),
        ("LOAD as update", _post("/sparql", f"LOAD <{url}>", "application/sparql-update")),
        ("explorer SPARQL page", _get("/explore/sparql?query=" + quote(select))),
        ("explorer search", _get("/explore/search?q=" + quote(injection))),
    ]
    for field in (
        f"search(text: {_string(injection)}) {{ totalCount }}",
        f"actors(nameContains: {_string(injection)}) {{ totalCount }}",
        f"documents(titleContains: {_string(injection)}) {{ totalCount }}",
        f"node(id: {_string(url)}) {{ id }}",
        f"actor(id: {_string(injection)}) {{ name }}",
        f'actor(id: "{ACTOR}") {{ statedFacts(predicate: {_string(url)}) {{ value }} }}',
        f"path(from: {_string(url)}, to: {_string(ACTOR)}) {{ length }}",
    ):
        requests.append((f"GraphQL {field.split('(')[0]}", graphql("{ " + field + " }")))
    return requests


def _string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


_WRITES = {
    "INSERT DATA": "INSERT DATA { <urn:kg:a> <urn:kg:b> <urn:kg:c> }",
    "DELETE WHERE": "DELETE WHERE { ?s ?p ?o }",
    "CLEAR ALL": "CLEAR ALL",
    "DROP ALL": "DROP ALL",
    "CREATE GRAPH": "CREATE GRAPH <urn:kg:new>",
    "COPY": "COPY DEFAULT TO <urn:kg:new>",
    "INSERT WHERE": "INSERT { ?s ?p 'x' } WHERE { ?s ?p ?o }",
}
_PATHS = (
    "/sparql",
    "/sparql?default",
    "/graphql",
    "/",
    "/id/actor/uppsala-kommun",
    "/dumps/SHA256SUMS",
    "/catalog",
    "/.well-known/void",
    "/def/lsk.ttl",
)


def _client_error(answer: httpx.Response) -> bool:
    return 400 <= answer.status_code < 500


def _graphql_refused(answer: httpx.Response) -> bool:
    """A 4xx, or (GraphQL over HTTP, answered as application/json) a 200 with errors only."""
    if _client_error(answer):
        return True
    body = answer.json() if answer.status_code == 200 else {}
    return bool(body.get("errors")) and body.get("data") is None


Refused = Callable[[httpx.Response], bool]

UPDATES: list[tuple[str, Send, Refused]] = [
    *(
        (f"{name} via {route}", send, _client_error)
        for name, text in _WRITES.items()
        for route, send in (
            ("POST sparql-update", _post("/sparql", text, "application/sparql-update")),
            ("POST form update=", _post("/sparql", {"update": text})),
            ("GET ?update=", _get("/sparql?update=" + quote(text))),
            ("GET ?query=", _get("/sparql?query=" + quote(text))),
            ("POST form query=", _post("/sparql", {"query": text})),
            ("POST sparql-query", _post("/sparql", text, "application/sparql-query")),
        )
    ),
    *(
        (f"{method} {path}", _method(method, path), _client_error)
        for method in ("PUT", "DELETE", "PATCH", "POST")
        for path in _PATHS
        if not (method == "POST" and path.startswith("/graphql"))
    ),
    ("GraphQL mutation POST", graphql('mutation { insert(id: "x") }'), _graphql_refused),
    ("GraphQL mutation GET", _get("/graphql?query=" + quote("mutation { x }")), _graphql_refused),
    ("POST Turtle to /graphql", _method("POST", "/graphql"), _graphql_refused),
]
