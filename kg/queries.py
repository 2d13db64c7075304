"""Named SPARQL queries: the one place where the library's SPARQL text lives.

Queries take no user text. Where a caller needs a parameter it is bound as an RDF term
(pyoxigraph substitutions), never formatted into the query string.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from kg.namespaces import Namespaces


@dataclass(frozen=True)
class NamedQuery:
    name: str
    title: str
    text: str


_SUMMARY: Mapping[str, tuple[str, str]] = {
    "totals": (
        "Totals",
        """
        SELECT ?what (COUNT(DISTINCT ?x) AS ?count) WHERE {
          {
            ?x a/rdfs:subClassOf* ?class .
            VALUES (?class ?what) {
              (lsk:Stance "stances") (lsk:Document "documents") (lsk:StrategySection "sections")
              (lsk:Aspect "aspects") (lsk:DevelopmentArea "development areas")
              (lsk:Consultation "consultations") (lsk:Decision "decisions")
              (lsk:Attachment "attachments") (foaf:Person "people") (org:Post "posts")
            }
          } UNION {
            ?x a/rdfs:subClassOf* foaf:Agent . FILTER NOT EXISTS { ?x a foaf:Person }
            BIND ("organisations, units and groups" AS ?what)
          } UNION {
            ?x a ?kind . FILTER (?kind IN (lsk:Brand, lsk:Place))
            BIND ("brands and places" AS ?what)
          }
        }
        GROUP BY ?what ORDER BY ?what
        """,
    ),
    "size": (
        "Triples per named graph",
        """
        SELECT ?graph (COUNT(*) AS ?triples) (COUNT(DISTINCT ?s) AS ?subjects)
        WHERE { GRAPH ?graph { ?s ?p ?o } }
        GROUP BY ?graph ORDER BY ?graph
        """,
    ),
    "stances_per_document": (
        "Stances per document",
        """
        SELECT ?document ?title (COUNT(?stance) AS ?stances) WHERE {
          ?stance a lsk:Stance ; dcterms:source ?document .
          OPTIONAL { ?document dcterms:title ?title }
        }
        GROUP BY ?document ?title ORDER BY DESC(?stances) ?document
        """,
    ),
    "stances_per_actor": (
        "Stances per actor",
        """
        SELECT ?actor ?name (COUNT(?stance) AS ?stances) WHERE {
          ?stance a lsk:Stance ; prov:wasAttributedTo ?actor .
          OPTIONAL { ?actor skos:prefLabel|foaf:name ?name }
        }
        GROUP BY ?actor ?name ORDER BY DESC(?stances) ?actor
        """,
    ),
    "stances_per_type": (
        "Stances per stance type",
        """
        SELECT ?type ?label (COUNT(?stance) AS ?stances) WHERE {
          ?stance a lsk:Stance ; lsk:stanceType ?type .
          OPTIONAL { ?type skos:prefLabel ?label FILTER (LANG(?label) = "en") }
        }
        GROUP BY ?type ?label ORDER BY DESC(?stances)
        """,
    ),
}


def summary_queries(namespaces: Namespaces) -> list[NamedQuery]:
    """The queries behind `kg summary`, with the project's prefixes declared."""
    prologue = namespaces.prologue
    return [NamedQuery(name, title, prologue + text) for name, (title, text) in _SUMMARY.items()]


STATS_CLASSES = NamedQuery(
    "stats_classes",
    "Instances per class in the project's graphs ($prefix: the graph IRI prefix)",
    """
    SELECT ?class (COUNT(DISTINCT ?s) AS ?instances) WHERE {
      GRAPH ?g { ?s a ?class }
      FILTER (STRSTARTS(STR(?g), STR(?prefix)))
    }
    GROUP BY ?class ORDER BY DESC(?instances) ?class
    """,
)

GRAPH_SIZES = """
SELECT ?g (COUNT(*) AS ?n) WHERE {
  GRAPH ?g { ?s ?p ?o }
  FILTER (STRSTARTS(STR(?g), STR(?prefix)))
}
GROUP BY ?g ORDER BY ?g
"""
"""Triples per named graph whose IRI starts with ?prefix (bound by the caller)."""

ACTORS_NAMED = NamedQuery(
    "actors_named",
    "Actors whose name contains $text (case-insensitive)",
    """
    PREFIX foaf: <http://xmlns.com/foaf/0.1/>
    PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
    SELECT DISTINCT ?actor ?name WHERE {
      ?actor skos:prefLabel|foaf:name ?name .
      FILTER (CONTAINS(LCASE(STR(?name)), LCASE(STR(?text))))
    }
    ORDER BY ?name ?actor
    """,
)


def stances_of_actor(namespaces: Namespaces) -> NamedQuery:
    """The stances ?actor (bound by the caller) takes: type, quote and document."""
    return NamedQuery(
        "stances_of_actor",
        "The stances $actor takes",
        namespaces.prologue
        + """
        SELECT ?stance ?type ?quote ?document WHERE {
          ?stance prov:wasAttributedTo ?actor ; lsk:stanceType ?type ;
                  lsk:quote ?quote ; dcterms:source ?document .
        }
        ORDER BY ?stance
        """,
    )
