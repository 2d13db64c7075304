"""The API's one error table: each GraphQL code has one status, and every code the GraphQL
layer gives an error is in the table."""

from __future__ import annotations

from collections import Counter

from api import errors
from api.graphql import limits


def every_answer() -> list[errors.ErrorAnswer]:
    return [answer for _, answer in errors.ERROR_TABLE] + [*errors.REQUEST_ERRORS, errors.FALLBACK]


def test_each_code_names_one_answer() -> None:
    codes = Counter(answer.code for answer in every_answer())
    assert [code for code, count in codes.items() if count > 1] == []


def test_a_code_finds_its_answer_and_an_unknown_one_is_our_bug() -> None:
    for answer in every_answer():
        assert errors.answer_for_code(answer.code) is answer
    assert errors.answer_for_code("NO_SUCH_CODE").status == 500


def test_every_limit_code_is_in_the_table_as_the_clients_to_mend() -> None:
    codes = [v for k, v in vars(limits).items() if k.startswith("TOO_") and isinstance(v, str)]
    assert codes, "the limits module names its codes TOO_…"
    assert {code: errors.answer_for_code(code).status for code in codes} == dict.fromkeys(
        codes, 400
    )


def test_request_faults_are_4xx() -> None:
    assert all(400 <= answer.status < 500 for answer in errors.REQUEST_ERRORS)
