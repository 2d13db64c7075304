"""The GraphQL cookbook (docs/graphql.md) over real HTTP, on both backends: every query it shows
answers exactly the JSON shown beneath it, so the cookbook cannot drift from the data or the schema."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.support.graphql import post

COOKBOOK = Path(__file__).parents[2] / "docs" / "graphql.md"


def cookbook_examples() -> list[tuple[str, str]]:
    """Each ```graphql block with the ```json block right after it, as the README's are written."""
    text = COOKBOOK.read_text(encoding="utf-8")
    return re.findall(r"```graphql\n(.*?)```\s*```json\n(.*?)```", text, flags=re.DOTALL)


def test_the_cookbook_has_twelve_questions_each_with_a_query_and_its_answer() -> None:
    examples = cookbook_examples()
    assert len(examples) == 12
    # Every block pairs with its answer: none stands alone where the pattern would skip it.
    text = COOKBOOK.read_text(encoding="utf-8")
    assert text.count("```graphql\n") == text.count("```json\n") == 12
    assert all(set(json.loads(shown)) == {"data"} for _, shown in examples)


@pytest.mark.parametrize("number", range(1, 13))
def test_each_cookbook_query_gives_the_answer_it_shows(api: str, number: int) -> None:
    query, shown = cookbook_examples()[number - 1]
    body = post(api, query)
    assert "errors" not in body, body["errors"]
    assert body["data"] == json.loads(shown)["data"]
