"""A synthetic consultation graph of realistic shape, at any size, for benchmarks and load tests.

Seeded and deterministic: the same seed and size give the same triples in the same order. The
graph conforms to shapes/ (the tests check it), using the shipped stance types and themes.
Shape of the graph: regions with municipalities (each with a board, an office and a chair),
agencies and companies; every region issues strategies with five aspects and their
development areas, sends each out for consultation, and the consultees answer with statements
that take stances on the strategy's sections, with quotes.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

import pyoxigraph as ox

from kg.namespaces import Namespaces
from kg.rdf_files import parse_all
from kg.settings import Settings

_SYLLABLES = (
    "Ny",
    "Sol",
    "Berg",
    "Ek",
    "Lind",
    "Vik",
    "Sjö",
    "Å",
    "Norr",
    "Sö",
    "Väst",
    "Ös",
    "Mark",
    "Hol",
    "Strand",
    "Björk",
    "Gran",
    "Al",
    "Ljung",
    "Hed",
    "Fors",
    "Bro",
    "Kvarn",
    "Tall",
)
_ENDINGS = ("köping", "by", "vik", "sund", "torp", "åker", "hamn", "berga", "ö", "dal", "näs", "mo")
_FIRST = (
    "Anna",
    "Erik",
    "Karin",
    "Lars",
    "Maria",
    "Johan",
    "Eva",
    "Per",
    "Sara",
    "Nils",
    "Åsa",
    "Örjan",
)
_LAST = ("Andersson", "Berg", "Lindqvist", "Holm", "Ek", "Sjöberg", "Nyström", "Åkesson", "Öberg")
_ASPECTS = (
    "Forskning och innovation",
    "Tydlig identitet",
    "Hållbar utveckling och resiliens",
    "Kompetensförsörjning",
    "Forskningsinfrastruktur och testmiljöer",
)
_AREAS = (
    "Samverkan",
    "Data och infrastruktur",
    "Finansiering",
    "Kommunikation",
    "Beredskap",
    "Utbildning",
    "Uppskalning",
    "Testbäddar",
)
_CLAIMS = (
    "kommunernas roll bör tydliggöras",
    "befintliga strukturer ska användas",
    "näringslivets behov ska ges större utrymme",
    "handlingsplaner ska tas fram i dialog",
    "ansvarsfördelningen behöver förtydligas",
    "beredskapsperspektivet ska inkluderas",
    "kompetensförsörjningen på alla nivåer är avgörande",
    "datadelning kräver stöd för juridik",
)
_VERBS = {
    "welcomes": "välkomnar",
    "supports": "ställer sig positiv till",
    "endorses": "tillstyrker",
    "agrees": "instämmer i",
    "proposes": "föreslår",
    "stresses": "understryker",
    "considers": "anser",
    "notes": "noterar",
    "assumes": "utgår från",
    "criticises": "saknar",
    "opposes": "motsätter sig",
}
_THEMES = (
    "existing-structures",
    "business-perspective",
    "municipal-role",
    "action-plans",
    "responsibility",
    "collaboration",
    "skills",
    "preparedness",
    "data-sharing",
)

RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


@dataclass(frozen=True)
class _Actor:
    iri: ox.NamedNode
    name: str


class _Writer:
    """Mints IRIs and collects triples; counts so the generator knows when to stop."""

    def __init__(self, namespaces: Namespaces) -> None:
        self.ns = namespaces
        self.triples: list[ox.Triple] = []

    def iri(self, prefix: str, local: str) -> ox.NamedNode:
        return ox.NamedNode(self.ns.term(prefix, local))

    def add(self, s: ox.NamedNode, p: str, o: ox.NamedNode | ox.Literal) -> None:
        prefix, local = p.split(":", 1)
        self.triples.append(ox.Triple(s, RDF_TYPE if p == "a" else self.iri(prefix, local), o))

    def a(self, s: ox.NamedNode, cls: str) -> None:
        prefix, local = cls.split(":", 1)
        self.triples.append(ox.Triple(s, RDF_TYPE, self.iri(prefix, local)))


def _sv(text: str) -> ox.Literal:
    return ox.Literal(text, language="sv")


def _typed(value: str, xsd: str) -> ox.Literal:
    return ox.Literal(value, datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#" + xsd))


def synthesize(triple_target: int, *, seed: int, settings: Settings) -> list[ox.Triple]:
    """`generate` with the project's own stance types and themes, from data/vocabulary."""
    vocabulary = [
        t
        for f in parse_all([settings.data_dir / "vocabulary"], base_iri=settings.base_iri)
        for t in f.triples
    ]
    return generate(triple_target, seed=seed, namespaces=settings.namespaces, vocabulary=vocabulary)


def generate(
    triple_target: int, *, seed: int, namespaces: Namespaces, vocabulary: Sequence[ox.Triple]
) -> list[ox.Triple]:
    """At least `triple_target` triples (stopping after the statement that crosses it)."""
    rng = random.Random(seed)
    w = _Writer(namespaces)
    w.triples.extend(vocabulary)
    register = _document(
        w, "synth-aktorsregister", "Syntetiskt aktörsregister", "REG 1", "2026-01-01"
    )
    names = _NameSource(rng)

    regions = [
        _organisation(w, "lsk:Region", f"region-{i}", f"Region {names.place()}", register)
        for i in range(21)
    ]
    municipalities = []
    for i in range(290):
        municipality = _organisation(
            w, "lsk:Municipality", f"kommun-{i}", f"{names.place()} kommun", register
        )
        _governance(w, municipality, names, register)
        municipalities.append(municipality)
    agencies = [
        _organisation(
            w, "lsk:PublicAuthority", f"myndighet-{i}", f"{names.place()}verket", register
        )
        for i in range(60)
    ]
    companies = [
        _organisation(w, "lsk:Company", f"bolag-{i}", f"{names.place()} Life Science AB", register)
        for i in range(200)
    ]
    consultees = municipalities + agencies + companies

    number = 0
    while len(w.triples) < triple_target:
        region = regions[number % len(regions)]
        strategy, sections = _strategy(w, number, region, rng)
        consultation = _consultation(w, number, region, strategy)
        for actor in rng.sample(consultees, 40):
            _response(w, number, actor, region, consultation, strategy, sections, rng)
            if len(w.triples) >= triple_target:
                break
        number += 1
    return w.triples


class _NameSource:
    def __init__(self, rng: random.Random) -> None:
        self.rng, self.used = rng, set[str]()

    def place(self) -> str:
        while True:
            name = self.rng.choice(_SYLLABLES) + self.rng.choice(_ENDINGS)
            if name not in self.used:
                self.used.add(name)
                return name
            name = f"{name} {len(self.used)}"
            if name not in self.used:
                self.used.add(name)
                return name

    def person(self) -> str:
        return f"{self.rng.choice(_FIRST)} {self.rng.choice(_LAST)}"


def _document(
    w: _Writer, slug: str, title: str, case: str, date: str, *, status: str = "issued"
) -> ox.NamedNode:
    """A document with its source text; every document gives its status
    (lsksh:Document-documentStatus): issued unless the caller says otherwise."""
    doc = w.iri("doc", slug)
    source = w.iri("src", slug)
    w.a(source, "lsk:SourceText")
    w.add(source, "lsk:fileName", ox.Literal(f"{slug}.txt"))
    w.a(doc, "lsk:Document")
    w.add(doc, "dcterms:title", _sv(title))
    w.add(doc, "lsk:caseNumber", ox.Literal(case))
    w.add(doc, "dcterms:date", _typed(date, "date"))
    w.add(doc, "dcterms:language", ox.Literal("sv"))
    w.add(doc, "lsk:sourceText", source)
    w.add(doc, "lsk:documentStatus", ox.NamedNode(w.ns.base_iri + f"id/document-status/{status}"))
    return doc


def _organisation(w: _Writer, cls: str, slug: str, name: str, source: ox.NamedNode) -> _Actor:
    iri = w.iri("actor", f"synth-{slug}")
    w.a(iri, cls)
    w.add(iri, "skos:prefLabel", _sv(name))
    w.add(iri, "dcterms:source", source)
    return _Actor(iri, name)


def _governance(w: _Writer, municipality: _Actor, names: _NameSource, source: ox.NamedNode) -> None:
    slug = municipality.iri.value.rsplit("/", 1)[1]
    for cls, suffix, label in (
        ("lsk:PoliticalBody", "ks", "Kommunstyrelsen"),
        ("lsk:Office", "klk", "Kommunledningskontoret"),
    ):
        unit = w.iri("actor", f"{slug}-{suffix}")
        w.a(unit, cls)
        w.add(unit, "skos:prefLabel", _sv(label))
        w.add(unit, "org:unitOf", municipality.iri)
        w.add(unit, "dcterms:source", source)
    person = w.iri("person", f"{slug}-ordforande")
    w.a(person, "foaf:Person")
    w.add(person, "foaf:name", ox.Literal(names.person()))
    w.add(person, "dcterms:source", source)
    post = w.iri("post", f"{slug}-ks-ordforande")
    w.a(post, "org:Post")
    w.add(post, "skos:prefLabel", _sv("Kommunstyrelsens ordförande"))
    w.add(post, "org:postIn", w.iri("actor", f"{slug}-ks"))
    w.add(post, "org:heldBy", person)
    w.add(post, "dcterms:source", source)


def _strategy(
    w: _Writer, n: int, region: _Actor, rng: random.Random
) -> tuple[ox.NamedNode, list[ox.NamedNode]]:
    year = 2020 + n % 7
    doc = _document(
        w,
        f"synth-strategi-{n}",
        f"Strategi {n} för {region.name}",
        f"RS {year}-{n:05d}",
        f"{year}-0{1 + n % 9}-1{n % 10}",
        status="proposal",
    )
    w.a(doc, "lsk:Strategy")
    w.add(doc, "dcterms:creator", region.iri)
    # A strategy with sections is one version of a work (lsksh:StrategyVersion), which lists it
    # back (lsksh:VersionPairing), as the two regions' renderings of the real draft do.
    work = w.iri("doc", f"synth-strategi-{n}-verk")
    w.a(work, "lsk:Strategy")
    w.add(work, "dcterms:title", _sv(f"Strategi {n} för {region.name}"))
    w.add(work, "lsk:documentStatus", ox.NamedNode(w.ns.base_iri + "id/document-status/proposal"))
    w.add(work, "dcterms:hasVersion", doc)
    w.add(work, "dcterms:source", doc)
    w.add(doc, "dcterms:isVersionOf", work)
    scheme = w.iri("scheme", f"synth-strategi-{n}")
    w.a(scheme, "skos:ConceptScheme")
    w.add(scheme, "dcterms:source", doc)
    sections: list[ox.NamedNode] = []

    def section(notation: str, label: str, broader: ox.NamedNode | None, cls: str) -> ox.NamedNode:
        iri = w.iri("strat", f"synth-{n}-{notation.replace('.', '-')}")
        w.a(iri, cls)
        w.add(iri, "skos:notation", ox.Literal(notation))
        w.add(iri, "skos:prefLabel", _sv(label))
        w.add(iri, "skos:inScheme", scheme)
        w.add(iri, "lsk:sectionOf", doc)
        w.add(iri, "dcterms:source", doc)
        if broader is not None:
            w.add(iri, "skos:broader", broader)
        sections.append(iri)
        return iri

    top = section("3", "Strategins aspekter", None, "lsk:StrategySection")
    for a, aspect_label in enumerate(_ASPECTS, start=1):
        aspect = section(f"3.{a}", aspect_label, top, "lsk:Aspect")
        for d in range(1, 2 + rng.randrange(3)):
            area = section(f"3.{a}.{d}", rng.choice(_AREAS), aspect, "lsk:DevelopmentArea")
            # A priority is a concept of the strategy's scheme, as in the curated data, so
            # that stances can be about it.
            priority = w.iri("strat", f"synth-{n}-3-{a}-{d}-prioritet-1")
            w.a(priority, "lsk:Priority")
            w.add(priority, "skos:prefLabel", _sv(f"Prioritet {d} inom {aspect_label.lower()}"))
            w.add(priority, "skos:inScheme", scheme)
            w.add(priority, "dcterms:source", doc)
            w.add(area, "lsk:hasPriority", priority)
    return doc, sections


def _consultation(w: _Writer, n: int, region: _Actor, strategy: ox.NamedNode) -> ox.NamedNode:
    iri = w.iri("consultation", f"synth-{n}")
    w.a(iri, "lsk:Consultation")
    w.add(iri, "rdfs:label", _sv(f"Remiss {n} från {region.name}"))
    w.add(iri, "lsk:issuedBy", region.iri)
    w.add(iri, "lsk:consultationOn", strategy)
    w.add(iri, "lsk:deadline", _typed(f"{2020 + n % 7}-11-30", "date"))
    w.add(iri, "dcterms:source", strategy)
    return iri


def _response(
    w: _Writer,
    n: int,
    actor: _Actor,
    region: _Actor,
    consultation: ox.NamedNode,
    strategy: ox.NamedNode,
    sections: list[ox.NamedNode],
    rng: random.Random,
) -> None:
    slug = f"synth-svar-{n}-{actor.iri.value.rsplit('/', 1)[1].removeprefix('synth-')}"
    doc = _document(
        w,
        slug,
        f"Yttrande från {actor.name}",
        f"KS {2020 + n % 7}/{rng.randrange(1, 999)}",
        f"{2020 + n % 7}-10-{10 + rng.randrange(19)}",
    )
    w.a(doc, "lsk:ConsultationResponse")
    w.add(doc, "dcterms:creator", actor.iri)
    w.add(doc, "lsk:addressedTo", region.iri)
    w.add(doc, "lsk:respondsTo", consultation)
    for k in range(5 + rng.randrange(11)):
        stance = w.iri("stance", f"{slug}-{k:02d}")
        kind = rng.choice(tuple(_VERBS))
        target = rng.choice([strategy, *sections])
        w.a(stance, "lsk:Stance")
        w.add(stance, "prov:wasAttributedTo", actor.iri)
        w.add(stance, "lsk:stanceType", w.iri("stype", kind))
        w.add(stance, "lsk:verb", _sv(_VERBS[kind]))
        w.add(stance, "lsk:target", target)
        for theme in rng.sample(_THEMES, 1 + rng.randrange(2)):
            w.add(stance, "lsk:theme", w.iri("theme", theme))
        w.add(stance, "dcterms:source", doc)
        w.add(stance, "lsk:quote", _sv(f"{actor.name} {_VERBS[kind]} att {rng.choice(_CLAIMS)}."))
