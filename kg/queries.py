"""Named SPARQL queries: the one place where the library's SPARQL text lives.

Queries take no user text. Where a caller needs a parameter it is bound as an RDF term
(pyoxigraph substitutions), never formatted into the query string.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from kg.namespaces import Namespaces
from kg.terms import Term, n_triples


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


def graph_page(*, offset: int, limit: int, ordered: bool) -> str:
    """A page of the triples of the named graph ?graph (bound by the caller with `with_values`).

    Unordered pages are what a server answers fastest, and Virtuoso keeps them stable, but
    SPARQL does not promise it; ordered pages are the portable fallback. The ordered query's
    outer group has no WHERE keyword, so `with_values` binds ?graph inside the subquery, where
    the sort happens. The integers are the library's own, never caller text.
    """
    if ordered:
        body = (
            "CONSTRUCT { ?s ?p ?o } {\n"
            "  { SELECT ?s ?p ?o WHERE { GRAPH ?graph { ?s ?p ?o } } ORDER BY ?s ?p ?o }\n}"
        )
    else:
        body = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?graph { ?s ?p ?o } }"
    return f"{body}\nLIMIT {int(limit)} OFFSET {int(offset)}"


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


# Dereferencing one resource (kg/resource_view.py). ?resource is bound by the caller as a
# term; the caps are the library's own integers, never caller text.

RESOURCE_STATEMENTS = """
SELECT DISTINCT ?g ?p ?o WHERE { GRAPH ?g { ?resource ?p ?o } } LIMIT 10001
"""
"""What the graph states about ?resource, with the named graph each statement is in (at most
10,001 rows, so a caller capping at 10,000 can tell that more were left out)."""

RESOURCE_BLANK_CLOSURE = """
SELECT DISTINCT ?b ?p ?o WHERE { ?resource ?via ?b . FILTER (isBlank(?b)) ?b ?p ?o }
"""
"""The statements about the blank nodes ?resource points to (one level of its concise bounded
description; asked only when the description has blank nodes)."""

RESOURCE_INCOMING_COUNTS = """
SELECT ?p (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?resource } GROUP BY ?p ORDER BY ?p
"""
"""How many resources point to ?resource, per predicate."""


def resource_incoming_page(offset: int, limit: int) -> str:
    """A page of the (subject, predicate) pairs pointing to ?resource, by predicate then subject."""
    return (
        "SELECT DISTINCT ?s ?p WHERE { ?s ?p ?resource } "
        f"ORDER BY ?p ?s OFFSET {int(offset)} LIMIT {int(limit)}"
    )


EXAMPLE_INSTANCE = """
SELECT ?x WHERE { ?x a ?class } LIMIT 1
"""
"""One instance of ?class (any: the home page links it as an example)."""

GRAPH_TRIPLES = """
SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?graph { ?s ?p ?o } }
"""
"""How many triples the named graph ?graph holds (0 when there is no such graph)."""


# The dataset's VoID statistics and the catalogue's dates (kg/void.py, kg/data_dates.py), over
# the named graphs $graphs (the project's, which the caller lists), the dataset's IRIs being
# those under $base. Distinct triples are counted in subqueries, which a VALUES block outside
# cannot reach (a subquery is evaluated on its own), so these templates take their parameters
# as `$name` and `inline_terms` writes each in as pyoxigraph-serialised terms: escaped, never
# caller text. Naming the graphs, rather than filtering ?g by prefix, spares a string test per
# triple: on a million triples that is most of the time a count takes.

_PLACEHOLDER = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


def inline_terms(template: str, **terms: Term | Sequence[Term]) -> str:
    """`template` with every `$name` replaced by the N-Triples form of terms[name]; a sequence
    becomes its terms separated by spaces (for a VALUES block)."""

    def term(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in terms:
            raise ValueError(f"no term given for ${name}")
        value = terms[name]
        if isinstance(value, Sequence):
            return " ".join(n_triples(t) for t in value)
        return n_triples(value)

    return _PLACEHOLDER.sub(term, template)


VOID_PROPERTIES = """
SELECT ?property (COUNT(*) AS ?triples) WHERE {
  SELECT DISTINCT ?s ?property ?o WHERE { VALUES ?g { $graphs } GRAPH ?g { ?s ?property ?o } }
}
GROUP BY ?property ORDER BY ?property
"""
"""Distinct triples per predicate; their sum is the dataset's distinct triples."""

VOID_SUBJECTS = """
SELECT (COUNT(*) AS ?subjects)
       (SUM(IF(isIRI(?s) && STRSTARTS(STR(?s), $base), 1, 0)) AS ?entities) WHERE {
  SELECT DISTINCT ?s WHERE { VALUES ?g { $graphs } GRAPH ?g { ?s ?p ?o } }
}
"""
"""Distinct subjects, and how many of them are IRIs under $base (the dataset's entities)."""

VOID_OBJECTS = """
SELECT (COUNT(DISTINCT ?o) AS ?objects) WHERE { VALUES ?g { $graphs } GRAPH ?g { ?s ?p ?o } }
"""
"""Distinct objects (IRIs, blank nodes and literals)."""

VOID_CLASSES = """
SELECT ?class (COUNT(DISTINCT ?s) AS ?instances) WHERE {
  VALUES ?g { $graphs } GRAPH ?g { ?s a ?class }
}
GROUP BY ?class ORDER BY ?class
"""
"""Instances per class."""

VOID_OBJECT_NAMESPACES = """
SELECT ?namespace (COUNT(*) AS ?objects) WHERE {
  { SELECT DISTINCT ?o WHERE { VALUES ?g { $graphs } GRAPH ?g { ?s ?p ?o } } }
  BIND (IF(isIRI(?o), REPLACE(STR(?o), "[^/#]+$", ""), "") AS ?namespace)
}
GROUP BY ?namespace ORDER BY ?namespace
"""
"""The namespaces of the IRIs that are objects (everything up to an IRI's last '/' or '#'; ""
for literals and blank nodes), each with how many distinct objects it has. The pattern cannot
match an empty string, which Virtuoso refuses; and Virtuoso groups by an expression over a
subquery row by row, so the namespace is bound first."""

VOID_LINKS = """
SELECT ?property ?namespace (COUNT(*) AS ?triples) WHERE {
  SELECT DISTINCT ?s ?property ?o ?namespace WHERE {
    {
      SELECT DISTINCT ?o ?namespace WHERE {
        VALUES ?g { $graphs } GRAPH ?g { ?x ?y ?o }
        FILTER (isIRI(?o))
        BIND (REPLACE(STR(?o), "[^/#]+$", "") AS ?namespace)
        VALUES ?namespace { $namespaces }
      }
    }
    VALUES ?g { $graphs } GRAPH ?g { ?s ?property ?o }
    FILTER (?property != <http://www.w3.org/1999/02/22-rdf-syntax-ns#type>)
  }
}
GROUP BY ?property ?namespace ORDER BY ?namespace ?property
"""
"""Distinct triples per predicate whose object is an IRI in one of $namespaces (those
VOID_OBJECT_NAMESPACES found outside the dataset); rdf:type is left out, its objects are
classes. Asked only when there are such namespaces: the join by object is then cheap."""

VOID_EXAMPLES = """
SELECT ?kind (MIN(STR(?x)) AS ?example) WHERE {
  VALUES ?g { $graphs }
  GRAPH ?g {
    { ?x a $stanceClass . BIND ("stance" AS ?kind) }
    UNION { ?stance <http://www.w3.org/ns/prov#wasAttributedTo> ?x . BIND ("actor" AS ?kind) }
    UNION { ?x $sourceText ?text . BIND ("document" AS ?kind) }
    UNION { ?x a $consultationClass . BIND ("consultation" AS ?kind) }
  }
  FILTER (isIRI(?x) && STRSTARTS(STR(?x), $base))
}
GROUP BY ?kind ORDER BY ?kind
"""
"""The first (by IRI) stance, actor taking a stance, document (with a source text) and
consultation: example resources that are the same on every backend and every run."""

DATE_RANGE = """
SELECT ?datatype (MIN(?o) AS ?earliest) (MAX(?o) AS ?latest) WHERE {
  SELECT DISTINCT ?o WHERE { VALUES ?g { $graphs } GRAPH ?g { ?s ?p ?o } }
}
GROUP BY (DATATYPE(?o) AS ?datatype) ORDER BY ?datatype
"""
"""The least and greatest object per datatype; the caller keeps the date datatypes (dates of
different datatypes do not compare in SPARQL). Grouping the distinct objects is several times
faster than a FILTER on every triple, which costs more per row than the scan itself."""

NEWEST_DOCUMENT_DATE = """
SELECT ?datatype (MAX(?date) AS ?latest) WHERE {
  VALUES ?g { $graphs } GRAPH ?g { ?s <http://purl.org/dc/terms/date> ?date }
  FILTER (isLiteral(?date))
}
GROUP BY (DATATYPE(?date) AS ?datatype) ORDER BY ?datatype
"""
"""The newest dcterms:date (of a document, decision or meeting), per date datatype."""

SEARCH_TEXTS = """
SELECT DISTINCT ?s ?p ?text ?type WHERE {
  VALUES ?p {
    skos:prefLabel foaf:name skos:altLabel skos:hiddenLabel dcterms:title
    dcterms:alternative rdfs:label lsk:quote
  }
  GRAPH ?g { ?s ?p ?text }
  FILTER (isLiteral(?text) && STRSTARTS(STR(?g), STR($prefix)))
  OPTIONAL { ?s a ?type }
}
"""
"""Every searchable text (names, short names, titles, labels, quotes) of the project's graphs
(those under $prefix), with each class of its resource (a row per class): what kg/search/
indexes. Prepend the prologue; $prefix is bound with `inline_terms`. (The classes in a UNION
branch with FILTER EXISTS took four times as long on Oxigraph.)"""

SEARCH_GRAPH_SIZES = """
SELECT ?g (COUNT(*) AS ?n) WHERE {
  GRAPH ?g { ?s ?p ?o }
  FILTER (STRSTARTS(STR(?g), STR($prefix)))
}
GROUP BY ?g
"""
"""GRAPH_SIZES with the prefix inlined, for readers that take no bindings (the API's pool):
the search index is rebuilt when this answer changes."""
