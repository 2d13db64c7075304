"""Stance types follow the verb: the same Swedish verb construction gets the same type in every
document, the opening verb of "<actor> <verb> …" is the one recorded, a second position verb in
the same sentence ("välkomnar … och framhåller …") has a stance of its own, and a criticism
("saknar …") is typed as one."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

import pytest
import rdflib
from rdflib.namespace import DCTERMS, RDF, SKOS

from kg.quotes import normalise

LSK = rdflib.Namespace("https://example.org/lsk/def/")
STYPE = rdflib.Namespace("https://example.org/lsk/id/stance-type/")
SCHEME = rdflib.URIRef("https://example.org/lsk/id/scheme/stance-types")

# How each document names the one who speaks, as a quote opens: "Stockholms stad välkomnar …".
ACTORS = (
    "Stockholms Stadshus AB",
    "Stockholms stad",
    "Stadsledningskontoret",
    "Koncernledningen",
    "Borgarrådsberedningen",
    "Bolaget",
    "SBR",
    "Uppsala kommun",
    "Kommunen",
    "Kommunstyrelsens förvaltning",
    "Jag",
)

# Constructions that differ in their words but not in what they do, checked first, in order: a
# modal ("bör", "behöver") proposes whatever its verb, "det är/blir viktigt" and "central"
# stress, a form of "positiv" supports, a form of "betona" stresses, a word of lack criticises.
# Anything else is keyed by its words, with adverbs that do not change the construction removed.
CONSTRUCTIONS = (
    (re.compile(r"\b(saknar|saknas|brist\w*)\b"), "saknar"),
    (re.compile(r"\bbör\b"), "bör"),
    (re.compile(r"\bbehöver\b"), "behöver"),
    (re.compile(r"\bviktigt\b"), "är viktigt"),
    (re.compile(r"\bcentral(t|a)?\b"), "är central"),
    (re.compile(r"\bpositiv(t)?\b"), "är positiv"),
    (re.compile(r"\bbeton(a|ar|as)\b"), "betona"),
)
ADVERBS = frozenset({"också", "även", "återigen", "särskilt", "därför", "dock", "främst", "det"})


@dataclass(frozen=True)
class Stance:
    iri: str
    document: str
    verb: str
    type: str
    quote: str


def construction(verb: str) -> str:
    """The verb construction a recorded verb belongs to (see CONSTRUCTIONS)."""
    words = verb.lower().replace("…", " ")
    for pattern, key in CONSTRUCTIONS:
        if pattern.search(words):
            return key
    return " ".join(w for w in words.split() if w not in ADVERBS)


@pytest.fixture(scope="module")
def stances(data_graph: rdflib.Graph) -> list[Stance]:
    found = []
    for iri in data_graph.subjects(RDF.type, LSK.Stance):
        found.append(
            Stance(
                iri=str(iri),
                document=str(data_graph.value(iri, DCTERMS.source)),
                verb=str(data_graph.value(iri, LSK.verb)),
                type=str(data_graph.value(iri, LSK.stanceType)),
                quote=normalise(str(data_graph.value(iri, LSK.quote))),
            )
        )
    assert len(found) > 100
    return sorted(found, key=lambda s: s.iri)


def test_each_verb_construction_has_one_type(stances: list[Stance]) -> None:
    types: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for stance in stances:
        types[construction(stance.verb)][stance.type].append(stance.iri.rsplit("/", 1)[-1])
    mixed = {key: dict(by_type) for key, by_type in types.items() if len(by_type) > 1}
    assert mixed == {}


def test_the_table_catches_a_mixed_construction() -> None:
    # "bör främst drivas" (Huddinge) and "bör kompletteras" (SBR) are one construction.
    assert construction("bör främst drivas") == construction("bör … fördjupas") == "bör"
    assert construction("Det är därför viktigt") == construction("blir det viktigt")
    assert construction("vill också påpeka") == construction("vill påpeka")
    assert construction("ställer sig positivt") == construction("ser positivt på")
    assert construction("har en viktig roll") != construction("är det viktigt")


def opening_verb(quote: str) -> str | None:
    """The word after the actor a quote opens with, or None if it opens otherwise."""
    for actor in ACTORS:
        if quote.startswith(actor + " "):
            return quote[len(actor) + 1 :].split()[0]
    return None


def test_the_opening_verb_is_recorded(stances: list[Stance]) -> None:
    # Where two stances share a sentence, one of them records its opening verb.
    by_quote: dict[tuple[str, str], list[Stance]] = defaultdict(list)
    for stance in stances:
        by_quote[(stance.document, stance.quote)].append(stance)
    lost = []
    for (_document, quote), sharing in sorted(by_quote.items()):
        verb = opening_verb(quote)
        if verb is not None and not any(s.verb.split()[0] == verb for s in sharing):
            lost.append((quote[:60], [s.verb for s in sharing]))
    assert lost == []


def position_verbs(data_graph: rdflib.Graph) -> frozenset[str]:
    """The one-word Swedish verbs the stance-type scheme names (välkomnar, framhåller, anser, …)."""
    words = set()
    for concept in data_graph.subjects(SKOS.inScheme, SCHEME):
        labels = [*data_graph.objects(concept, SKOS.prefLabel)]
        labels += data_graph.objects(concept, SKOS.altLabel)
        for label in labels:
            if isinstance(label, rdflib.Literal) and label.language == "sv" and " " not in label:
                words.add(str(label))
    return frozenset(words)


def test_a_second_position_verb_has_its_own_stance(
    stances: list[Stance], data_graph: rdflib.Graph
) -> None:
    verbs = position_verbs(data_graph)
    assert {"framhåller", "understryker", "anser", "konstaterar"} <= verbs
    lost = []
    for stance in stances:
        if opening_verb(stance.quote) is None:
            continue
        first_sentence = stance.quote.split(". ")[0]
        for second in re.findall(r" och (\w+) ", first_sentence):
            # The second verb's stance quotes the same sentence, or the clause it opens.
            if second in verbs and not any(
                other.document == stance.document
                and other.verb.split()[0] == second
                and other.quote in stance.quote
                for other in stances
            ):
                lost.append((stance.iri.rsplit("/", 1)[-1], second))
    assert lost == []


def test_a_criticism_has_its_own_negative_type(
    stances: list[Stance], data_graph: rdflib.Graph
) -> None:
    criticises = STYPE.criticises
    assert (criticises, LSK.polarity, STYPE.negative) in data_graph
    critical = [s for s in stances if construction(s.verb) == "saknar"]
    assert critical, "the sources contain a criticism (000:404, 'saknar')"
    assert {s.type for s in critical} == {str(criticises)}
