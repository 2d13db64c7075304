"""Search over the shipped data (kg/search/) on the embedded store, and `kg search`."""

from __future__ import annotations

import pytest

from kg.embedded import EmbeddedStore, memory_store
from kg.errors import InvalidArgument
from kg.rdf_files import ParsedFile
from kg.search import Hit, IndexCache, Kind, SearchIndex, build_index, search_hits
from kg.search.words import fold, stem, words
from kg.settings import Settings
from tests.support.cli import assert_no_traceback, kg

NS = "https://example.org/lsk/"


@pytest.fixture(scope="module")
def store(data_files: list[ParsedFile], settings: Settings) -> EmbeddedStore:
    return memory_store(data_files, settings=settings)


@pytest.fixture(scope="module")
def index(store: EmbeddedStore, settings: Settings) -> SearchIndex:
    return build_index(store, settings.namespaces)


def find(index: SearchIndex, text: str, *kinds: Kind) -> list[Hit]:
    return search_hits(index, text, kinds=kinds)


def test_words_are_folded_and_stemmed_in_place() -> None:
    text = "Stadsledningskontoret VÄLKOMNAR life science-strategin"
    found = words(text)
    assert [w.folded for w in found] == [
        "stadsledningskontoret",
        "valkomnar",
        "life",
        "science",
        "strategin",
    ]
    assert text[found[1].start : found[1].end] == "VÄLKOMNAR"
    assert fold("Åre Öland Ärla é") == "are oland arla e"
    assert stem("välkomna") == stem("välkomnar") == stem("valkomnar")


@pytest.mark.parametrize(
    ("short", "actor"),
    [
        ("SBR", "actor/stockholm-business-region-ab"),
        ("KI", "actor/karolinska-institutet"),
        ("KTH", "actor/kth"),
        ("SBA", "actor/stockholm-business-alliance"),
        ("sbr", "actor/stockholm-business-region-ab"),
    ],
)
def test_a_short_name_finds_its_organisation_first(
    index: SearchIndex, short: str, actor: str
) -> None:
    hits = find(index, short)
    top = hits[0]
    assert top.iri == f"{NS}id/{actor}"
    assert top.kind is Kind.ACTOR
    assert top.predicate == "http://www.w3.org/2004/02/skos/core#altLabel"
    assert top.marked() == f"«{short.upper()}»"
    # Found as the whole short name, it outranks every hit found by a word of a text.
    assert all(hit.score < top.score / 2 for hit in hits[1:])


def test_an_alternative_title_finds_the_document(index: SearchIndex) -> None:
    hits = find(index, "PM Rotel")
    pm = f"{NS}id/document/stockholm-pm-ks-2026-58"
    assert hits[0].iri == pm
    assert hits[0].kind is Kind.DOCUMENT
    assert hits[0].marked() == "«PM» «Rotel» I (Dnr KS 2026/58)"
    assert find(index, "pm rotel", Kind.DOCUMENT)[0].iri == pm


def test_a_stem_finds_other_forms_of_the_word(index: SearchIndex) -> None:
    marked = [hit.marked() for hit in find(index, "strategier")]
    assert any("«strategin»" in m for m in marked)
    assert any("«strategi»" in m for m in marked)


def test_a_stem_finds_a_compound_by_its_part(index: SearchIndex) -> None:
    marked = " ".join(hit.marked() for hit in find(index, "strategi"))
    assert "«strategin»" in marked
    assert "«näringslivsstrategiska»" in marked.casefold() or "strategiska»" in marked


@pytest.mark.parametrize("text", ["välkomna", "valkomnar", "VÄLKOMNAR"])
def test_stances_are_found_by_their_quotes_with_or_without_diacritics(
    index: SearchIndex, text: str
) -> None:
    stances = find(index, text, Kind.STANCE)
    assert len(stances) >= 3
    assert all(hit.kind is Kind.STANCE for hit in stances)
    for hit in stances:
        assert hit.predicate == f"{NS}def/quote"
        marked = [hit.snippet[s.start : s.end] for s in hit.highlights]
        assert marked, hit
        assert all(fold(m).startswith("valkomn") for m in marked), hit
        # The original text is shown: the diacritics stay in the snippet.
        assert "välkomn" in hit.snippet.casefold()


def test_snippets_of_long_quotes_are_cut_around_the_match(index: SearchIndex) -> None:
    for hit in find(index, "näringslivet", Kind.STANCE):
        assert len(hit.snippet) <= 202
        assert hit.highlights
        for span in hit.highlights:
            assert fold(hit.snippet[span.start : span.end]).startswith("naringsliv")


def test_kinds_filter_and_scores_do_not_depend_on_it(index: SearchIndex) -> None:
    every = {hit.iri: hit.score for hit in find(index, "life science")}
    documents = find(index, "life science", Kind.DOCUMENT)
    assert documents
    assert all(hit.kind is Kind.DOCUMENT for hit in documents)
    assert all(every[hit.iri] == hit.score for hit in documents)
    scores = [hit.score for hit in find(index, "life science")]
    assert scores == sorted(scores, reverse=True)


def test_sparql_in_the_text_is_only_searched_for(
    store: EmbeddedStore, index: SearchIndex, settings: Settings
) -> None:
    before = store.graph_sizes(settings.graph_prefix)
    hostile = '"} ; DROP ALL ; INSERT DATA { <x> <y> "z" } # SELECT * WHERE { ?s ?p ?o }'
    hits = find(index, hostile)
    assert store.graph_sizes(settings.graph_prefix) == before
    searched = {w.folded for w in words(hostile) if len(w.folded) > 1}
    for hit in hits:
        marked = {fold(hit.snippet[s.start : s.end]) for s in hit.highlights}
        assert marked, hit
        assert all(any(m.startswith(stem(q)) or stem(q) in m for q in searched) for m in marked)


@pytest.mark.parametrize("text", ["", "  ?! ", "ord " * 17, "x" * 501])
def test_a_text_with_no_or_too_many_words_is_refused(index: SearchIndex, text: str) -> None:
    with pytest.raises(InvalidArgument):
        find(index, text)


def test_the_index_is_kept_until_the_graphs_change(
    data_files: list[ParsedFile], settings: Settings
) -> None:
    store = memory_store(data_files, settings=settings)
    cache = IndexCache()
    first = cache.get(store, settings.namespaces)
    assert cache.get(store, settings.namespaces) is first
    graph = settings.graph_prefix + "test/extra"
    store.update(
        f"INSERT DATA {{ GRAPH <{graph}> {{ <{NS}id/actor/x> "
        '<http://www.w3.org/2004/02/skos/core#altLabel> "XYZZY" } }'
    )
    second = cache.get(store, settings.namespaces)
    assert second is not first
    assert [hit.iri for hit in find(second.index, "xyzzy")] == [f"{NS}id/actor/x"]


def test_with_recheck_the_sizes_are_checked_at_most_that_often(
    data_files: list[ParsedFile], settings: Settings
) -> None:
    store = memory_store(data_files, settings=settings)
    cache = IndexCache(recheck=3600)
    first = cache.get(store, settings.namespaces)
    store.update(
        f"INSERT DATA {{ GRAPH <{settings.graph_prefix}test/extra> {{ <{NS}id/actor/x> "
        '<http://www.w3.org/2004/02/skos/core#altLabel> "XYZZY" } }'
    )
    assert cache.get(store, settings.namespaces) is first


def test_kg_search_prints_ranked_marked_hits(tmp_path_factory: pytest.TempPathFactory) -> None:
    folder = tmp_path_factory.mktemp("search-store") / "store"
    loaded = kg("load", "--store", str(folder), "--no-validate")
    assert loaded.returncode == 0, loaded.stderr
    result = kg("search", "SBR", "--store", str(folder), "--limit", "2")
    assert_no_traceback(result)
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stdout.splitlines() if "│" in line]
    assert "actor:stockholm-business-region-ab" in lines[0]
    assert "«SBR»" in lines[0]
    assert "2 shown" in result.stdout
    stances = kg("search", "valkomnar", "--kind", "stance", "--store", str(folder))
    assert stances.returncode == 0, stances.stderr
    assert "«välkomnar»" in stances.stdout
    assert " actor " not in stances.stdout
    refused = kg("search", " ", "--store", str(folder))
    assert refused.returncode == 2
    assert "no words" in refused.stderr
