"""The explorer's own words, in Swedish (the default) and English.

The data's words (names, titles, quotes) come from the graph in the language asked for, with
the API's `lang`; only the frame's words are here. A key missing from a language is a bug the
tests catch (`tests/explorer/test_i18n.py`), not a blank on a page.
"""

from __future__ import annotations

from collections.abc import Mapping

LANGUAGES = ("sv", "en")
DEFAULT_LANGUAGE = "sv"

# The kinds of actor (the API's ActorKind), as the matrix's filter and an actor's page name them.
_ACTOR_KINDS_SV = {
    "REGION": "Region",
    "MUNICIPALITY": "Kommun",
    "PUBLIC_AUTHORITY": "Myndighet",
    "UNIVERSITY": "Lärosäte",
    "FOUNDATION": "Stiftelse",
    "COMPANY": "Bolag",
    "COLLABORATION": "Samverkan",
    "CLUSTER_INITIATIVE": "Klusterinitiativ",
    "ACTOR_GROUP": "Aktörsgrupp",
    "POLITICAL_BODY": "Politiskt organ",
    "OFFICE": "Förvaltning",
    "ORGANIZATION": "Annan organisation",
    "PERSON": "Person",
}

_ACTOR_KINDS_EN = {
    "REGION": "Region",
    "MUNICIPALITY": "Municipality",
    "PUBLIC_AUTHORITY": "Public authority",
    "UNIVERSITY": "University",
    "FOUNDATION": "Foundation",
    "COMPANY": "Company",
    "COLLABORATION": "Collaboration",
    "CLUSTER_INITIATIVE": "Cluster initiative",
    "ACTOR_GROUP": "Group of actors",
    "POLITICAL_BODY": "Political body",
    "OFFICE": "Administrative office",
    "ORGANIZATION": "Other organisation",
    "PERSON": "Person",
}

WORDS: Mapping[str, Mapping[str, str]] = {
    "sv": {
        "site": "Remissen om life science-strategin för Stockholm–Uppsala",
        "nav.label": "Huvudmeny",
        "nav.explore": "Ståndpunkter",
        "nav.positions": "Sakfrågor",
        "nav.strategy": "Strategin",
        "nav.consultation": "Remissen",
        "nav.sparql": "SPARQL",
        "nav.graphql": "GraphQL",
        "nav.data": "Data",
        "search.label": "Sök",
        "search.placeholder": "Sök aktörer, dokument, citat…",
        "search.button": "Sök",
        "search.title": "Sökresultat",
        "search.none": "Inga träffar.",
        "search.empty": "Skriv ett eller flera ord att söka efter.",
        "lang.switch": "In English",
        "skip": "Hoppa till innehållet",
        "footer": (
            "Öppna data ur de offentliga handlingarna i remissen 2026 om Region Stockholms och "
            "Region Uppsalas gemensamma life science-strategi. Varje uppgift anger dokumentet "
            "den kommer från."
        ),
        "query.link": "Sidans fråga i GraphiQL",
        "data.link": "Alla uppgifter om resursen",
        "error.home": "Till startsidan",
        "stance.link": "Ståndpunkten",
        **{f"kind.{kind}": name for kind, name in _ACTOR_KINDS_SV.items()},
    },
    "en": {
        "site": "The Stockholm–Uppsala life-science strategy consultation",
        "nav.label": "Main menu",
        "nav.explore": "Stances",
        "nav.positions": "Positions",
        "nav.strategy": "The strategy",
        "nav.consultation": "The consultation",
        "nav.sparql": "SPARQL",
        "nav.graphql": "GraphQL",
        "nav.data": "Data",
        "search.label": "Search",
        "search.placeholder": "Search actors, documents, quotes…",
        "search.button": "Search",
        "search.title": "Search results",
        "search.none": "Nothing found.",
        "search.empty": "Type one or more words to search for.",
        "lang.switch": "På svenska",
        "skip": "Skip to the content",
        "footer": (
            "Open data from the public documents of the 2026 consultation on the joint "
            "life-science strategy of Region Stockholm and Region Uppsala. Every statement "
            "names the document it comes from."
        ),
        "query.link": "This page's query in GraphiQL",
        "data.link": "Everything the graph says about this resource",
        "error.home": "To the start page",
        "stance.link": "The stance",
        **{f"kind.{kind}": name for kind, name in _ACTOR_KINDS_EN.items()},
    },
}


def language(asked: str | None) -> str:
    """The language a page is in: `asked` when the explorer speaks it, else Swedish."""
    return asked if asked in LANGUAGES else DEFAULT_LANGUAGE


Table = Mapping[str, Mapping[str, str]]
"""Words by language, then by dotted key; each page module keeps its own as `WORDS`."""


class Words:
    """The frame's words, and a page's own, in one language: `words("nav.explore")`."""

    def __init__(self, lang: str, *tables: Table) -> None:
        self.lang = lang
        self._table = dict(WORDS[lang])
        for table in tables:
            self._table.update(table[lang])

    def __call__(self, key: str, **values: object) -> str:
        text = self._table[key]
        return text.format(**values) if values else text
