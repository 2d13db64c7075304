"""The frame every HTML page of the API shares: one stylesheet, a header, a footer, and error
pages. Self-contained (no script, no font, nothing fetched from elsewhere); every piece of
text put in is escaped here or by the caller with `esc`."""

from __future__ import annotations

from html import escape

from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response

from api.negotiation import best_match

SITE_TITLE = "Stockholm–Uppsala life-science consultation graph"

_STYLE = """
:root { color-scheme: light; --ink: #1d232a; --muted: #5b6570; --line: #d9dee3;
  --accent: #0b5cad; --soft: #f3f6f9; --quote: #fdf8ec; --quote-line: #d9a300; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: var(--ink); background: #fff; }
header.site, footer.site { background: var(--soft); border-bottom: 1px solid var(--line); }
footer.site { border-top: 1px solid var(--line); border-bottom: 0; margin-top: 3rem;
  color: var(--muted); font-size: .9rem; }
.wrap { max-width: 60rem; margin: 0 auto; padding: .9rem 1.25rem; }
header.site a { color: var(--ink); text-decoration: none; font-weight: 600; }
header.site nav a { font-weight: 400; margin-left: 1rem; color: var(--accent); }
header.site .wrap { display: flex; flex-wrap: wrap; align-items: baseline;
  justify-content: space-between; }
main.wrap { padding-top: 1.5rem; }
a { color: var(--accent); }
h1 { font-size: 1.75rem; line-height: 1.25; margin: .2rem 0 .4rem; }
h2 { font-size: 1.15rem; margin: 2rem 0 .6rem; padding-bottom: .25rem;
  border-bottom: 1px solid var(--line); }
code, .iri { font: .85rem/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
  overflow-wrap: anywhere; }
.iri { color: var(--muted); }
.kind { color: var(--muted); font-size: .8rem; letter-spacing: .04em; text-transform: uppercase; }
.types a, .chip { display: inline-block; margin: .15rem .35rem .15rem 0; padding: .05rem .55rem;
  border: 1px solid var(--line); border-radius: 1rem; background: var(--soft);
  font-size: .85rem; text-decoration: none; }
blockquote.quote { margin: 1rem 0; padding: .8rem 1.1rem; background: var(--quote);
  border-left: 4px solid var(--quote-line); font-size: 1.1rem; font-style: italic; }
dl.card { display: grid; grid-template-columns: max-content 1fr; gap: .35rem 1.2rem;
  margin: 0; padding: 1rem 1.2rem; border: 1px solid var(--line); border-radius: .4rem; }
dl.card dt { color: var(--muted); }
dl.card dd { margin: 0; }
table { width: 100%; border-collapse: collapse; }
th, td { text-align: left; vertical-align: top; padding: .45rem .6rem;
  border-bottom: 1px solid var(--line); }
th { font-weight: 600; }
td.property { width: 30%; }
td.property small, .curie { color: var(--muted); display: block; font-size: .78rem; }
.curie.inline { display: inline; margin-left: .3rem; }
h3 { font-size: 1rem; margin: 1.3rem 0 .35rem; }
h3 a { text-decoration: none; }
main ul { padding-left: 1.3rem; }
main ul li { margin: .15rem 0; }
ul.values { margin: 0; padding: 0; list-style: none; }
ul.values li { margin: 0 0 .2rem; }
.lang { display: inline-block; margin-left: .35rem; padding: 0 .3rem; border-radius: .2rem;
  background: var(--soft); border: 1px solid var(--line); color: var(--muted);
  font: .7rem/1.4 ui-monospace, monospace; vertical-align: middle; }
.datatype { color: var(--muted); font-size: .78rem; margin-left: .35rem; }
.formats a { margin-right: .9rem; }
.note { color: var(--muted); font-size: .9rem; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
"""


def esc(text: object) -> str:
    """Text made safe for HTML content and attribute values."""
    return escape(str(text), quote=True)


def root(request: Request) -> str:
    """The path the app is mounted at (from a proxy or uvicorn's --root-path), for links."""
    return str(request.scope.get("root_path", "")).rstrip("/")


def page(
    request: Request, title: str, body: str, *, status: int = 200, lang: str = "en"
) -> HTMLResponse:
    """A whole HTML page: `body` (already escaped HTML) inside the site's frame."""
    home = root(request) + "/"
    html = f"""<!doctype html>
<html lang="{esc(lang)}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)} · {esc(SITE_TITLE)}</title>
<style>{_STYLE}</style></head>
<body>
<header class="site"><div class="wrap"><a href="{esc(home)}">{esc(SITE_TITLE)}</a>
<nav><a href="{esc(home)}explore?lang=en">Explore</a><a href="{esc(home)}def/">Vocabulary</a><a href="{esc(home)}dumps/">Downloads</a>
<a href="{esc(home)}sparql">SPARQL</a><a href="{esc(home)}graphql">GraphQL</a></nav></div></header>
<main class="wrap">
{body}
</main>
<footer class="site"><div class="wrap">Open data from the public documents of the 2026
consultation on the joint Stockholm–Uppsala life-science strategy. Every statement names the
document it comes from.</div></footer>
</body></html>
"""
    return HTMLResponse(html, status_code=status)


def problem(
    request: Request, status: int, title: str, message: str, *, hint: str | None = None
) -> Response:
    """An error as a short page for a browser, or as plain text for anything else."""
    wants_html = best_match(request.headers.get("accept"), ["text/plain", "text/html"])
    if wants_html == "text/html":
        body = f"<p class='kind'>{status}</p><h1>{esc(title)}</h1><p>{esc(message)}</p>"
        if hint:
            body += f"<p class='note'>{esc(hint)}</p>"
        body += f"<p><a href='{esc(root(request))}/'>Start page</a></p>"
        return page(request, title, body, status=status)
    text = f"{title}: {message}\n" + (f"hint: {hint}\n" if hint else "")
    return PlainTextResponse(text, status_code=status)
