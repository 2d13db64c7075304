"""The roles the draft strategy gives named actors (003:181): which universities it says have a
central role in carrying it out, and which it calls highly ranked, in its own words."""

from __future__ import annotations

import rdflib

from kg.quotes import normalise
from kg.settings import Settings

QUERY = """
PREFIX lsk: <https://example.org/lsk/def/>
PREFIX doc: <https://example.org/lsk/id/document/>
SELECT ?holder ?text WHERE {
    doc:strategi lsk:assignsRole ?role .
    ?role lsk:roleHolder ?holder ; lsk:roleText ?text .
}
"""
ACTOR = "https://example.org/lsk/id/actor/"


def roles(graph: rdflib.Graph) -> dict[str, set[str]]:
    """Role text -> the actors the strategy gives that role."""
    found: dict[str, set[str]] = {}
    for holder, text in graph.query(QUERY):  # type: ignore[misc]
        found.setdefault(str(text), set()).add(str(holder).removeprefix(ACTOR))
    return found


def test_the_strategy_gives_ki_and_uppsala_universitet_the_central_role(
    data_graph: rdflib.Graph,
) -> None:
    central = {t: a for t, a in roles(data_graph).items() if "central roll" in t}
    assert list(central.values()) == [{"karolinska-institutet", "uppsala-universitet"}]


def test_the_strategy_names_five_highly_ranked_universities(data_graph: rdflib.Graph) -> None:
    ranked = {t: a for t, a in roles(data_graph).items() if "högt rankade" in t}
    assert list(ranked.values()) == [
        {
            "karolinska-institutet",
            "uppsala-universitet",
            "stockholms-universitet",
            "kth",
            "sveriges-lantbruksuniversitet",
        }
    ]


def test_each_role_text_is_the_strategys_own_words(
    data_graph: rdflib.Graph, settings: Settings
) -> None:
    (strategy_text,) = settings.sources_dir.glob("003_*.txt")
    text = normalise(strategy_text.read_text(encoding="utf-8"))
    found = roles(data_graph)
    assert len(found) == 2
    assert all(normalise(role) in text for role in found)
