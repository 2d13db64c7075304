"""What a report must say, worked out by hand-written SPARQL on the store rather than asked of
the code under test: the stances of a consultation's answers, and the summary table's counts."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from kg.settings import Settings
from tests.report.conftest import sparql_rows

ALIGNED = "(skos:exactMatch|^skos:exactMatch|skos:closeMatch|^skos:closeMatch)"


def stance_quotes(settings: Settings, consultation: str) -> dict[str, str]:
    """Stance IRI → its quote, for every stance stated in an answer to `consultation`."""
    c = settings.namespaces.expand(consultation)
    rows = sparql_rows(
        settings,
        f"SELECT ?x ?quote WHERE {{ ?x a lsk:Stance ; dcterms:source ?doc ; lsk:quote ?quote ."
        f" ?doc lsk:respondsTo <{c}> }}",
    )
    return dict(rows)  # type: ignore[arg-type]


def summary_counts(
    settings: Settings, consultation: str, version: str, columns: Sequence[str]
) -> dict[tuple[str, str], tuple[int, int, int]]:
    """(actor IRI, column IRI) → stances (positive, neutral, negative) of the answers to
    `consultation` on the column or under it, or on its counterpart in another version; the
    column that is `version` itself counts the stances on the version, its work or the work's
    other versions."""
    c, v = settings.namespaces.expand(consultation), settings.namespaces.expand(version)
    sections = " ".join(f"<{col}>" for col in columns if col != v)
    on_column = (
        f"{{ VALUES ?col {{ {sections} }} ?t skos:broader* ?col }}"
        f" UNION {{ VALUES ?col {{ {sections} }} ?t {ALIGNED} ?a . ?a skos:broader* ?col }}"
        f" UNION {{ VALUES ?col {{ {sections} }} ?t skos:broader+ ?b . ?b {ALIGNED} ?col }}"
        f" UNION {{ BIND (<{v}> AS ?col) {{ BIND (<{v}> AS ?t) }}"
        f" UNION {{ <{v}> dcterms:isVersionOf ?t }}"
        f" UNION {{ <{v}> dcterms:isVersionOf/dcterms:hasVersion ?t }} }}"
    )
    if not sections:
        on_column = on_column.split(" UNION ", 3)[3]
    rows = sparql_rows(
        settings,
        "SELECT ?actor ?col ?polarity (COUNT(DISTINCT ?x) AS ?n) WHERE {"
        f" ?x a lsk:Stance ; dcterms:source/lsk:respondsTo <{c}> ;"
        " prov:wasAttributedTo ?actor ; lsk:stanceType/lsk:polarity ?polarity ; lsk:target ?t ."
        f" {on_column} }} GROUP BY ?actor ?col ?polarity",
    )
    counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    index = {"positive": 0, "neutral": 1, "negative": 2}
    for actor, col, polarity, n in rows:
        counts[(actor, col)][index[polarity.rsplit("/", 1)[-1]]] += int(n)
    return {key: (p, u, n) for key, (p, u, n) in counts.items()}
