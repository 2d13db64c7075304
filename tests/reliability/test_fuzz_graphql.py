"""GraphQL fuzzed over real HTTP: queries built from the schema the API serves (fetched by
introspection, as any client would), valid ones, ones with one schema violation, and the same
with their arguments sent as variables; and requests that are not GraphQL at all. Every answer
is GraphQL over HTTP (JSON with data and/or errors, each error with a code), never a 5xx but
the documented 503, never a traceback, and comes within REQUEST_TIMEOUT."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

import graphql
import httpx
import pytest
from hypothesis import given, note
from hypothesis import strategies as st
from hypothesis_graphql import Mode, queries

from kg.settings import Settings
from tests.reliability.fuzzing import (
    DOCUMENTED_5XX_CODES,
    REQUEST_TIMEOUT,
    Tally,
    assert_no_traceback_text,
    assert_no_undocumented_5xx,
    fuzz_settings,
)
from tests.support.serving import serving_embedded

ACCEPTS = ("application/json", "application/graphql-response+json", "*/*")


@pytest.fixture(scope="module")
def tally() -> Iterator[Tally]:
    counts = Tally("graphql")
    yield counts
    counts.write()


@pytest.fixture(scope="module")
def base(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, settings: Settings
) -> Iterator[str]:
    with serving_embedded(
        [settings.data_dir], request=request, tmp_path_factory=tmp_path_factory, settings=settings
    ) as url:
        yield url


@pytest.fixture(scope="module")
def client(base: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=base, timeout=REQUEST_TIMEOUT) as http:
        yield http


@pytest.fixture(scope="module")
def schema(client: httpx.Client) -> graphql.GraphQLSchema:
    """The schema as the served API describes it by introspection."""
    response = client.post("/graphql", json={"query": graphql.get_introspection_query()})
    assert response.status_code == 200, response.text
    return graphql.build_client_schema(response.json()["data"])


def documents(schema: graphql.GraphQLSchema, mode: Mode) -> st.SearchStrategy[str]:
    dates = st.dates().map(lambda day: day.isoformat())
    if mode is Mode.NEGATIVE:
        # Sometimes any text: a Date argument the server must refuse, not crash on.
        dates = st.one_of(dates, st.text(max_size=12))
    literals = dates.map(lambda value: graphql.StringValueNode(value=value))
    return queries(schema, custom_scalars={"Date": literals}, mode=mode)


def lift_arguments(schema: graphql.GraphQLSchema, query: str) -> tuple[str, dict[str, Any]]:
    """`query` with every argument's literal sent as a variable of the argument's type."""
    document = graphql.parse(query)
    type_info = graphql.TypeInfo(schema)
    definitions: list[graphql.VariableDefinitionNode] = []
    values: dict[str, Any] = {}

    class Lift(graphql.Visitor):
        def enter_argument(self, node: graphql.ArgumentNode, *_: object) -> object:
            argument = type_info.get_argument()
            if argument is None or isinstance(node.value, graphql.VariableNode):
                return None
            variable = graphql.VariableNode(name=graphql.NameNode(value=f"v{len(values)}"))
            values[variable.name.value] = graphql.value_from_ast_untyped(node.value)
            definitions.append(
                graphql.VariableDefinitionNode(
                    variable=variable,
                    type=graphql.parse_type(str(argument.type)),
                    directives=(),
                )
            )
            return dataclasses.replace(node, value=variable)

    lifted = graphql.visit(document, graphql.TypeInfoVisitor(type_info, Lift()))
    operation, *rest = lifted.definitions
    assert isinstance(operation, graphql.OperationDefinitionNode)
    operation = dataclasses.replace(operation, variable_definitions=tuple(definitions))
    text = graphql.print_ast(dataclasses.replace(lifted, definitions=(operation, *rest)))
    return text, values


def check_graphql_answer(response: httpx.Response, tally: Tally, target: str) -> dict[str, Any]:
    """The checks every /graphql answer passes; its JSON body."""
    tally.outcome(target, response.status_code)
    assert_no_undocumented_5xx(response)
    assert_no_traceback_text(response.text)
    assert response.headers["content-type"].split(";")[0] in ACCEPTS[:2], response.headers
    body = response.json()
    assert isinstance(body, dict), body
    assert set(body) <= {"data", "errors", "extensions"}, body
    assert "data" in body or body.get("errors"), body
    for error in body.get("errors") or []:
        assert isinstance(error["message"], str), error
        assert isinstance(error["extensions"]["code"], str), error
        if response.status_code >= 500:
            assert error["extensions"]["code"] in DOCUMENTED_5XX_CODES, error
    return body


def post(client: httpx.Client, accept: str, **payload: Any) -> httpx.Response:
    return client.post("/graphql", json=payload, headers={"accept": accept})


@given(data=st.data())
@fuzz_settings(quick=40, soak=600)
def test_valid_queries(
    data: st.DataObject, schema: graphql.GraphQLSchema, client: httpx.Client, tally: Tally
) -> None:
    document = data.draw(documents(schema, Mode.POSITIVE), label="query")
    note(document)
    accept = data.draw(st.sampled_from(ACCEPTS), label="accept")
    with tally.example("valid queries"):
        body = check_graphql_answer(post(client, accept, query=document), tally, "valid queries")
        # Valid against the schema: any error is one of answering (a limit, a value no
        # resolver takes, the store), never one of parsing or validation.
        codes = {error["extensions"]["code"] for error in body.get("errors") or []}
        assert not codes & {"GRAPHQL_PARSE_FAILED", "GRAPHQL_VALIDATION_FAILED"}, body


@given(data=st.data())
@fuzz_settings(quick=25, soak=400)
def test_valid_queries_with_variables(
    data: st.DataObject, schema: graphql.GraphQLSchema, client: httpx.Client, tally: Tally
) -> None:
    document = data.draw(documents(schema, Mode.POSITIVE), label="query")
    text, variables = lift_arguments(schema, document)
    note(f"{text}\nvariables: {json.dumps(variables)}")
    accept = data.draw(st.sampled_from(ACCEPTS), label="accept")
    by_get = data.draw(st.booleans(), label="GET")
    with tally.example("valid queries, arguments as variables"):
        if by_get:
            params = {"query": text, "variables": json.dumps(variables)}
            response = client.get("/graphql", params=params, headers={"accept": accept})
        else:
            response = post(client, accept, query=text, variables=variables)
        if response.status_code == 414:  # a long query is over the server's URI limit
            return
        body = check_graphql_answer(response, tally, "valid queries, arguments as variables")
        codes = {error["extensions"]["code"] for error in body.get("errors") or []}
        assert not codes & {"GRAPHQL_PARSE_FAILED", "GRAPHQL_VALIDATION_FAILED"}, body


@given(data=st.data())
@fuzz_settings(quick=25, soak=400)
def test_queries_with_one_schema_violation(
    data: st.DataObject, schema: graphql.GraphQLSchema, client: httpx.Client, tally: Tally
) -> None:
    document = data.draw(documents(schema, Mode.NEGATIVE), label="query")
    note(document)
    accept = data.draw(st.sampled_from(ACCEPTS), label="accept")
    as_variables = data.draw(st.booleans(), label="as variables")
    with tally.example("queries with one schema violation"):
        if as_variables:
            # As a variable the violation may be gone (an Int where a Float goes, a string
            # naming an enum value): only the answer's shape is checked.
            text, variables = lift_arguments(schema, document)
            note(f"{text}\nvariables: {json.dumps(variables)}")
            response = post(client, accept, query=text, variables=variables)
            check_graphql_answer(response, tally, "queries with one schema violation")
        else:
            response = post(client, accept, query=document)
            body = check_graphql_answer(response, tally, "queries with one schema violation")
            assert body.get("errors"), body


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=12,
)
_fields = st.sampled_from(["query", "variables", "operationName", "extensions"])
_requests = st.one_of(
    _json,
    st.dictionaries(_fields, _json, max_size=4),
    st.fixed_dictionaries({"query": st.text(max_size=200)}, optional={"variables": _json}),
)


@given(payload=_requests, accept=st.sampled_from(ACCEPTS))
@fuzz_settings(quick=30, soak=300)
def test_random_json_bodies(client: httpx.Client, payload: Any, accept: str, tally: Tally) -> None:
    with tally.example("random JSON bodies"):
        body = json.dumps(payload).encode("utf-8")
        headers = {"content-type": "application/json", "accept": accept}
        response = client.post("/graphql", content=body, headers=headers)
        check_graphql_answer(response, tally, "random JSON bodies")
        if not isinstance(payload, dict) or not isinstance(payload.get("query"), str):
            assert 400 <= response.status_code < 500, response.text


@given(
    body=st.binary(max_size=300),
    content_type=st.sampled_from(["application/json", "text/plain", "", "application/graphql"]),
)
@fuzz_settings(quick=20, soak=200)
def test_random_bytes(client: httpx.Client, body: bytes, content_type: str, tally: Tally) -> None:
    with tally.example("random bytes"):
        response = client.post("/graphql", content=body, headers={"content-type": content_type})
        check_graphql_answer(response, tally, "random bytes")
        try:
            payload = json.loads(body)
        except ValueError:
            payload = None
        if not isinstance(payload, dict) or not isinstance(payload.get("query"), str):
            assert 400 <= response.status_code < 500, response.text


@given(
    parameters=st.lists(
        st.tuples(st.one_of(_fields, st.text(max_size=8)), st.text(max_size=60)), max_size=4
    )
)
@fuzz_settings(quick=20, soak=200)
def test_random_query_strings(
    client: httpx.Client, parameters: list[tuple[str, str]], tally: Tally
) -> None:
    with tally.example("random query strings"):
        response = client.get(
            "/graphql", params=urlencode(parameters), headers={"accept": "application/json"}
        )
        if response.status_code == 414:
            return
        check_graphql_answer(response, tally, "random query strings")
