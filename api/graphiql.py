"""GraphiQL for a browser at /graphql, from scripts npm vendored at install time.

The page loads nothing from elsewhere: React and GraphiQL come from `api/static/graphiql`
(`npm ci` there, which `make install` runs), served under /graphiql/, so the IDE works on a
machine without internet. Without them the page says how to install them.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

from api.pages import esc, page, root

VENDORED = Path(__file__).resolve().parent / "static" / "graphiql"

# The URL name of each file the page loads, and where it lies under VENDORED. Only these are
# served: node_modules holds a hundred packages the page has no use for.
ASSETS = {
    "react.js": "node_modules/react/umd/react.production.min.js",
    "react-dom.js": "node_modules/react-dom/umd/react-dom.production.min.js",
    "graphiql.js": "node_modules/graphiql/graphiql.min.js",
    "graphiql.css": "node_modules/graphiql/graphiql.min.css",
    "start.js": "start.js",
}

PREFIX = "/graphiql"

EXAMPLE = """# Ask the graph: edit the query, then press the run button (or Ctrl-Enter).
# The Docs pane on the left describes every type and field.
{
  stances(first: 3) {
    totalCount
    nodes { quote actor { name } document { title } }
  }
}
"""

# Scripts, styles and requests to this server only: a second guard, after the vendoring, that
# the page never reaches elsewhere. GraphiQL sets style attributes, and its fonts are data: URLs.
_POLICY = (
    "default-src 'self'; style-src 'self' 'unsafe-inline'; font-src 'self' data:; "
    "img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
)


class VendoredAssets(StaticFiles):
    """Exactly the files in `assets` (ASSETS unless told), by their URL name; anything else is
    a 404. The explorer's SPARQL editor serves YASGUI through it with a table of its own."""

    def __init__(self, directory: Path = VENDORED, assets: Mapping[str, str] = ASSETS) -> None:
        super().__init__(directory=directory, check_dir=False)
        self.assets = assets

    def lookup_path(self, path: str) -> tuple[str, os.stat_result | None]:
        if path not in self.assets:
            return "", None
        return super().lookup_path(self.assets[path])

    def file_response(
        self,
        full_path: str | os.PathLike[str],
        stat_result: os.stat_result,
        scope: Scope,
        status_code: int = 200,
    ) -> Response:
        response = super().file_response(full_path, stat_result, scope, status_code)
        # Without it a browser may reuse a copy unasked for a tenth of the file's age, so an
        # upgraded GraphiQL could run beside the page's older start.js; revalidating costs a 304.
        response.headers["Cache-Control"] = "no-cache"
        return response


def assets_mount(directory: Path = VENDORED) -> Mount:
    """The route serving the page's scripts and styles under PREFIX."""
    return Mount(PREFIX, app=VendoredAssets(directory), name="graphiql")


def missing(directory: Path = VENDORED, assets: Mapping[str, str] = ASSETS) -> list[str]:
    """The vendored files that are not there (npm has not been run)."""
    return [name for name, path in assets.items() if not (directory / path).is_file()]


async def graphiql_page(request: Request, directory: Path = VENDORED) -> Response:
    """The GraphiQL page, or, when its scripts are not installed, how to install them."""
    prefix = root(request)
    absent = missing(directory)
    if absent:
        body = f"""<p class="kind">GraphQL</p>
<h1>GraphiQL is not installed</h1>
<p>The GraphQL endpoint answers at <code>{esc(prefix)}/graphql</code> (POST, or GET with
<code>?query=</code>), but the GraphiQL page needs its scripts, which npm installs with the
project: run <code>make install</code> (it needs Node.js and npm: <code>apt-get install nodejs
npm</code>), or <code>npm ci</code> in <code>api/static/graphiql</code>, then reload.</p>
<p class="note">Missing: {esc(", ".join(absent))}.</p>"""
        return page(request, "GraphiQL is not installed", body, status=503)
    assets = prefix + PREFIX
    html = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>GraphiQL · GraphQL</title>
<link rel="stylesheet" href="{esc(assets)}/graphiql.css">
<style>body {{ margin: 0; }} #graphiql {{ height: 100vh; }}</style>
</head><body>
<div id="graphiql" data-endpoint="{esc(prefix)}/graphql" data-example="{esc(EXAMPLE)}">
Loading GraphiQL…</div>
<noscript>GraphiQL needs JavaScript; without it, POST queries to {esc(prefix)}/graphql.</noscript>
<script src="{esc(assets)}/react.js"></script>
<script src="{esc(assets)}/react-dom.js"></script>
<script src="{esc(assets)}/graphiql.js"></script>
<script src="{esc(assets)}/start.js"></script>
</body></html>
"""
    return HTMLResponse(html, headers={"Content-Security-Policy": _POLICY})
