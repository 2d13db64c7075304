"""A grammar-ish hypothesis strategy for SPARQL: the query forms, patterns, paths, functions
and literal forms of SPARQL 1.1 combined at random, mostly valid, and then sometimes cut short
or mutated. Shallow on purpose: a query is a few patterns deep, so the store answers or stops
it within the endpoint's timeout."""

from __future__ import annotations

from hypothesis import strategies as st

PREFIXES = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "dcterms": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "lsk": "https://example.org/lsk/",
    "": "https://example.org/lsk/",
    "é": "urn:ü:",
}
# Predicates the shipped data uses, so patterns match something and paths have edges to walk.
PREDICATES = [
    "rdf:type",
    "a",
    "rdfs:label",
    "skos:prefLabel",
    "skos:broader",
    "dcterms:title",
    "foaf:name",
    "lsk:stance",
    "<http://www.w3.org/ns/prov#wasDerivedFrom>",
    "<urn:x>",
]
# Odd text: combining marks, right-to-left, astral planes, a zero-width joiner, a NUL.
ODD = st.sampled_from(
    ["å", "é", "ﬀ", "\u0301", "\u202e", "\u200d", "\U0001d518", "😀", "\x00", "\\", '"']
)

variables = st.sampled_from(["?s", "?p", "?o", "?x", "?label", "$y", "?å", "?_1"])
iris = st.one_of(
    st.sampled_from(
        [
            "<https://example.org/lsk/actor/ki>",
            "<urn:x>",
            "<http://example.org/ä ö>",
            "<>",
            "<#frag>",
            "<relative/path>",
            "lsk:actor",
            ":x",
            "é:y",
        ]
    ),
    # Letters of any script: an IRI that parses, mostly; the odd ones above do not.
    st.text(st.characters(categories=["L"]), max_size=12).map(lambda text: f"<http://x/{text}>"),
)
_strings = st.text(max_size=10).map(lambda text: text.replace("\\", "\\\\").replace('"', '\\"'))
literals = st.one_of(
    _strings.map(lambda text: f'"{text}"'),
    _strings.map(lambda text: f'"{text}"@sv'),
    _strings.map(lambda text: f'"{text}"@en-GB'),
    _strings.map(lambda text: f'"""{text}\n{text}"""'),
    _strings.map(lambda text: f"'{text}'"),
    st.integers(-(10**30), 10**30).map(str),
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
    st.sampled_from(["true", "false", "1e308", "-0.0", ".5", '"x"^^xsd:integer']),
    st.dates().map(lambda day: f'"{day.isoformat()}"^^xsd:date'),
    st.sampled_from(
        ['"1"^^<http://www.w3.org/2001/XMLSchema#decimal>', '"\\u00e5"', '"\\U0001F600"']
    ),
)
terms = st.one_of(variables, iris, literals, st.sampled_from(["_:b", "[]", "()"]))
subjects = st.one_of(variables, iris, st.just("_:b"))
predicates = st.one_of(st.sampled_from(PREDICATES), variables)

paths = st.recursive(
    st.sampled_from(PREDICATES[:-1]),
    lambda inner: st.one_of(
        inner.map(lambda p: f"^{p}"),
        st.tuples(inner, inner).map(lambda pq: f"{pq[0]}/{pq[1]}"),
        st.tuples(inner, inner).map(lambda pq: f"({pq[0]}|{pq[1]})"),
        st.tuples(inner, st.sampled_from("*+?")).map(lambda pm: f"({pm[0]}){pm[1]}"),
        st.sampled_from(PREDICATES[:-1]).map(lambda p: f"!({p}|^{p})"),
    ),
    max_leaves=4,
)

REGEXES = ["^a", "(?i)stock", "ö$", "(a|b)*c", "[", "(", "\\\\d+", ".*.*.*=.*", "^(a+)+$", ""]
expressions = st.recursive(
    st.one_of(variables, literals),
    lambda inner: st.one_of(
        st.tuples(inner, st.sampled_from(REGEXES), st.sampled_from(["", "i", "x", "q", "z"])).map(
            lambda t: f'REGEX(STR({t[0]}), "{t[1]}", "{t[2]}")'
        ),
        st.tuples(
            st.sampled_from(
                [
                    "STR",
                    "LANG",
                    "STRLEN",
                    "UCASE",
                    "LCASE",
                    "isIRI",
                    "BOUND",
                    "SHA256",
                    "ABS",
                    "ROUND",
                    "DATATYPE",
                    "isLiteral",
                    "STRUUID",
                ]
            ),
            inner,
        ).map(lambda t: f"{t[0]}({t[1]})"),
        st.tuples(
            st.sampled_from(
                [
                    "CONTAINS",
                    "STRSTARTS",
                    "langMatches",
                    "CONCAT",
                    "COALESCE",
                    "STRLANG",
                    "sameTerm",
                    "STRBEFORE",
                ]
            ),
            inner,
            inner,
        ).map(lambda t: f"{t[0]}({t[1]}, {t[2]})"),
        st.tuples(
            inner, st.sampled_from(["=", "!=", "<", ">=", "+", "-", "*", "/", "&&", "||"]), inner
        ).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        st.tuples(inner, inner, inner).map(lambda t: f"IF({t[0]}, {t[1]}, {t[2]})"),
        st.tuples(inner, st.integers(-3, 5), st.integers(-3, 5)).map(
            lambda t: f"SUBSTR(STR({t[0]}), {t[1]}, {t[2]})"
        ),
        st.tuples(inner, st.sampled_from(REGEXES)).map(
            lambda t: f'REPLACE(STR({t[0]}), "{t[1]}", "x")'
        ),
        inner.map(lambda e: f"!{e}"),
        st.sampled_from(["NOW()", "RAND()", "BNODE()", "UUID()"]),
        st.tuples(inner, st.lists(literals, max_size=3)).map(
            lambda t: f"({t[0]} IN ({', '.join(t[1])}))"
        ),
    ),
    max_leaves=5,
)

triples = st.one_of(
    st.tuples(subjects, predicates, terms).map(lambda t: f"{t[0]} {t[1]} {t[2]} ."),
    st.tuples(variables, paths, terms).map(lambda t: f"{t[0]} {t[1]} {t[2]} ."),
    st.tuples(variables, predicates, terms, terms).map(
        lambda t: f"{t[0]} {t[1]} {t[2]}, {t[3]} ; a ?type ."
    ),
)


def _group(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.lists(inner, min_size=1, max_size=3).map(" ".join),
        inner.map(lambda g: f"OPTIONAL {{ {g} }}"),
        st.tuples(inner, inner).map(lambda t: f"{{ {t[0]} }} UNION {{ {t[1]} }}"),
        st.tuples(inner, inner).map(lambda t: f"{t[0]} MINUS {{ {t[1]} }}"),
        inner.map(lambda g: f"{{ {g} }}"),
        inner.map(lambda g: f"GRAPH ?g {{ {g} }}"),
        st.tuples(inner, expressions).map(lambda t: f"{t[0]} FILTER({t[1]})"),
        st.tuples(inner, expressions).map(lambda t: f"{t[0]} FILTER NOT EXISTS {{ ?s ?p {t[1]} }}"),
        st.tuples(inner, expressions, variables).map(lambda t: f"{t[0]} BIND({t[1]} AS {t[2]})"),
        st.tuples(inner, variables, st.lists(terms, max_size=3)).map(
            lambda t: f"{t[0]} VALUES {t[1]} {{ {' '.join(t[2])} }}"
        ),
        inner.map(lambda g: f"{{ SELECT * WHERE {{ {g} }} LIMIT 3 }}"),
    )


patterns = st.recursive(triples, _group, max_leaves=4)

_declarations = {name: f"PREFIX {name}: <{iri}>" for name, iri in PREFIXES.items()}
# Mostly every prefix declared (so the query gets past parsing), sometimes only a few.
prologues = st.one_of(
    st.just("\n".join(_declarations.values())),
    st.lists(st.sampled_from(sorted(_declarations)), max_size=4, unique=True).map(
        lambda names: "\n".join(_declarations[name] for name in names)
    ),
)

_modifiers = st.tuples(
    st.sampled_from(["", "ORDER BY ?s", "ORDER BY DESC(STR(?o))", "GROUP BY ?s"]),
    st.sampled_from(["LIMIT 5", "LIMIT 0", "LIMIT 100 OFFSET 3", "", "OFFSET 99999999999"]),
).map(" ".join)

selects = st.tuples(
    st.sampled_from(
        [
            "*",
            "DISTINCT *",
            "?s",
            "REDUCED ?s ?o",
            "(COUNT(*) AS ?n)",
            "?s (SAMPLE(?o) AS ?any)",
            "(GROUP_CONCAT(?o; separator='|') AS ?all)",
        ]
    ),
    patterns,
    _modifiers,
).map(lambda t: f"SELECT {t[0]} WHERE {{ {t[1]} }} {t[2]}")
asks = patterns.map(lambda p: f"ASK {{ {p} }}")
constructs = st.tuples(triples, patterns).map(
    lambda t: f"CONSTRUCT {{ {t[0]} }} WHERE {{ {t[1]} }} LIMIT 10"
)
describes = st.tuples(st.one_of(variables, iris), patterns).map(
    lambda t: f"DESCRIBE {t[0]} WHERE {{ {t[1]} }} LIMIT 2"
)
valid_ish = st.tuples(prologues, st.one_of(selects, asks, constructs, describes)).map("\n".join)


@st.composite
def mutated(draw: st.DrawFn, queries: st.SearchStrategy[str]) -> str:
    """A query cut short, with a character flipped, dropped, inserted or a tail repeated."""
    query = draw(queries)
    if not query:
        return query
    where = draw(st.integers(0, len(query) - 1))
    how = draw(st.sampled_from(["cut", "flip", "drop", "insert", "repeat"]))
    if how == "cut":
        return query[:where]
    if how == "flip":
        return (
            query[:where] + chr(ord(query[where]) ^ draw(st.integers(1, 255))) + query[where + 1 :]
        )
    if how == "drop":
        return query[:where] + query[where + draw(st.integers(1, 20)) :]
    if how == "insert":
        return (
            query[:where] + draw(st.one_of(ODD, st.sampled_from("{}()<>\"'#?.;,"))) + query[where:]
        )
    if how == "repeat":
        return query[:where] + query[where:] * 2
    return query


@st.composite
def _any_query(draw: st.DrawFn) -> str:
    # Half grammar-built (mostly valid), the rest mutated, any text or a known oddity.
    kind = draw(st.integers(0, 9))
    if kind < 5:
        return draw(valid_ish)
    if kind < 8:
        return draw(mutated(valid_ish))
    if kind == 8:
        return draw(st.text(max_size=80))
    return draw(ODDITIES)


ODDITIES = st.sampled_from(
    [
        "",
        " ",
        "#",
        "SELECT",
        "ASK {",
        "INSERT DATA { <a> <b> <c> }",
        "LOAD <urn:x>",
        "SELECT * { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }",
        "BASE <x> ASK {}",
        "SELECT * { ?s ?p ?o } LIMIT 99999999999999999999999",
        "SELECT * { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",  # a cross product: stopped, not hung
    ]
)
sparql_queries = _any_query()
