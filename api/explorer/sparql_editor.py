"""The SPARQL editor page: YASGUI, vendored by npm, on this server's /sparql and nothing else.

The scripts come from `api/static/yasgui` (`npm ci` there, which `make install` runs) and are
served under /explore/yasgui by GraphiQL's `VendoredAssets`, with a table of their own: only
the editor's script, its stylesheet and the page's start script. The page must work on a
machine without internet, so start.js turns off YASQE's completers that ask other servers
(Linked Open Vocabularies, prefix.cc), and the Content-Security-Policy refuses any request
elsewhere as a second guard. Without the npm files the page says how to install them, and its
plain form still sends a query to /sparql.
"""

from __future__ import annotations

from pathlib import Path

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount

from api.explorer.kit import PageKit
from api.explorer.rendering import page_language
from api.graphiql import VendoredAssets, missing
from kg.namespaces import Namespaces

VENDORED = Path(__file__).resolve().parent.parent / "static" / "yasgui"

# The URL name of each file the page loads, and where it lies under VENDORED.
ASSETS = {
    "yasgui.js": "node_modules/@zazuko/yasgui/build/yasgui.min.js",
    "yasgui.css": "node_modules/@zazuko/yasgui/build/yasgui.min.css",
    "start.js": "start.js",
}

PREFIX = "/explore/yasgui"

# Scripts, styles and requests to this server only. YASGUI sets style attributes, and draws its
# icons as inline SVG; data: images are its only other kind.
POLICY = (
    "default-src 'self'; connect-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)

# The prefixes the example declares: what it uses, and `position:` so that YASGUI shows the
# positions' IRIs short.
_EXAMPLE_PREFIXES = ("lsk", "position", "prov", "skos")

WORDS = {
    "sv": {
        "sparql.endpoint_label": "SPARQL-endpoint",
        "sparql.editor_label": "SPARQL-fråga",
        "sparql.title": "SPARQL-frågor",
        "sparql.intro": (
            "Ställ egna frågor till grafen i SPARQL. Redigeraren skickar dem till den här "
            "serverns SPARQL-ändpunkt, {endpoint}, som bara läser. Exemplet räknar aktörerna "
            "för och emot varje sakfråga."
        ),
        "sparql.graphql": "Föredrar du GraphQL? Öppna GraphiQL.",
        "sparql.editor": "SPARQL-redigerare",
        "sparql.loading": "Redigeraren laddas…",
        "sparql.noscript": (
            "Redigeraren behöver JavaScript. Utan det kan du skicka en fråga med formuläret; "
            "svaret kommer som SPARQL-resultat i JSON."
        ),
        "sparql.query": "Fråga",
        "sparql.run": "Kör frågan",
        "sparql.missing.title": "SPARQL-redigeraren är inte installerad",
        "sparql.missing": (
            "Sidan behöver YASGUI, som npm installerar med projektet: kör make install (det "
            "kräver Node.js och npm: apt-get install nodejs npm), eller npm ci i "
            "api/static/yasgui, och ladda sedan om sidan."
        ),
        "sparql.missing.files": "Saknas: {files}.",
        "sparql.missing.form": "Under tiden kan du skicka en fråga med formuläret.",
    },
    "en": {
        "sparql.endpoint_label": "SPARQL endpoint",
        "sparql.editor_label": "SPARQL query",
        "sparql.title": "SPARQL queries",
        "sparql.intro": (
            "Ask the graph your own questions in SPARQL. The editor sends them to this "
            "server's SPARQL endpoint, {endpoint}, which only reads. The example counts the "
            "actors for and against each position."
        ),
        "sparql.graphql": "Prefer GraphQL? Open GraphiQL.",
        "sparql.editor": "SPARQL editor",
        "sparql.loading": "Loading the editor…",
        "sparql.noscript": (
            "The editor needs JavaScript. Without it you can send a query with the form; the "
            "answer comes as SPARQL results in JSON."
        ),
        "sparql.query": "Query",
        "sparql.run": "Run the query",
        "sparql.missing.title": "The SPARQL editor is not installed",
        "sparql.missing": (
            "The page needs YASGUI, which npm installs with the project: run make install (it "
            "needs Node.js and npm: apt-get install nodejs npm), or npm ci in api/static/yasgui, "
            "then reload the page."
        ),
        "sparql.missing.files": "Missing: {files}.",
        "sparql.missing.form": "Meanwhile you can send a query with the form.",
    },
}


async def sparql_editor(kit: PageKit, request: Request, directory: Path = VENDORED) -> Response:
    """The editor page, or (503) how to install its scripts, with a plain form either way."""
    absent = missing(directory, ASSETS)
    response = kit.render(
        request,
        "sparql.html",
        words=WORDS,
        status=503 if absent else 200,
        absent=absent,
        assets=PREFIX,
        example=example(kit.namespaces, page_language(request)),
        graphiql=None,
    )
    response.headers["Content-Security-Policy"] = POLICY
    return response


def editor_assets_mount(directory: Path = VENDORED) -> Mount:
    """The route serving the editor's script, stylesheet and start script under PREFIX."""
    return Mount(PREFIX, app=VendoredAssets(directory, ASSETS), name="yasgui")


def example(namespaces: Namespaces, lang: str) -> str:
    """The query the editor opens with: who argues each position, and which way."""
    prologue = "".join(
        f"PREFIX {prefix}: <{namespaces.prefixes[prefix]}>\n" for prefix in _EXAMPLE_PREFIXES
    )
    return f"""# Who argues each position, for or against: the curator's grouping of the stances
# (lsk:argues, lsk:arguesAgainst), not the sources' words. Run it with the button or Ctrl-Enter.
{prologue}
SELECT ?position ?label ?way (COUNT(DISTINCT ?actor) AS ?actors) WHERE {{
  VALUES (?argues ?way) {{ (lsk:argues "for") (lsk:arguesAgainst "against") }}
  ?stance ?argues ?position ;
    prov:wasAttributedTo ?actor .
  ?position skos:prefLabel ?label .
  FILTER (lang(?label) = "{lang}")
}}
GROUP BY ?position ?label ?way
ORDER BY DESC(?actors) ?label
"""
