"""Templates to pages: one Jinja2 environment, autoescaped, and what every page is given.

Every template extends `base.html` and receives `words` (the frame's and the page's words in
the page's language), `lang`, `href` (a site link for an IRI), `here` (this page's URL with
some query parameters changed, for filters and the language switch) and `prefix` (where the
app is mounted).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse

from api.explorer.i18n import Table, Words, language
from api.pages import root
from kg.namespaces import Namespaces

TEMPLATES = Path(__file__).resolve().parent / "templates"


def template_environment(folder: Path, *, keep_trailing_newline: bool = False) -> Environment:
    """Jinja2 over the templates in `folder`, as every HTML page of the project is rendered:
    autoescaped, and strict, so that a misspelt name fails the test that renders it rather
    than printing nothing."""
    return Environment(
        loader=FileSystemLoader(folder),
        autoescape=select_autoescape(["html"], default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=keep_trailing_newline,
    )


_environment = template_environment(TEMPLATES)


def page_language(request: Request) -> str:
    """The language the page is asked in (`?lang=`), Swedish by default."""
    return language(request.query_params.get("lang"))


class Links:
    """How a page links: IRIs under the base to their paths here, and itself with changes."""

    def __init__(self, request: Request, namespaces: Namespaces) -> None:
        self._request, self._namespaces = request, namespaces
        self.prefix = root(request)

    def href(self, iri: str | None) -> str:
        """A site-relative link for an IRI under the base (its page), the IRI otherwise."""
        if not iri:
            return ""
        base = self._namespaces.base_iri
        if iri.startswith(base):
            return self.prefix + "/" + iri[len(base) :]
        return iri

    def here(self, **changes: str | None) -> str:
        """This page's path and query with `changes` (None removes a parameter); the
        language is kept unless changed."""
        query: dict[str, str] = dict(self._request.query_params)
        for name, value in changes.items():
            if value is None:
                query.pop(name, None)
            else:
                query[name] = value
        if query.get("lang") == "sv":
            query.pop("lang")  # the default: keep shared URLs short
        encoded = urlencode(sorted(query.items()))
        return self.prefix + self._request.url.path + (f"?{encoded}" if encoded else "")

    def page(self, path: str, **query: str | None) -> str:
        """A link to another explorer page, in this page's language."""
        wanted = {name: value for name, value in query.items() if value is not None}
        lang = page_language(self._request)
        if lang != "sv":
            wanted["lang"] = lang
        encoded = urlencode(wanted)
        return self.prefix + path + (f"?{encoded}" if encoded else "")


def render(
    request: Request,
    namespaces: Namespaces,
    template: str,
    *,
    words: Table | None = None,
    status: int = 200,
    context: Mapping[str, Any] | None = None,
) -> HTMLResponse:
    """`template` filled with `context` and what every page gets."""
    lang = page_language(request)
    links = Links(request, namespaces)
    html = _environment.get_template(template).render(
        lang=lang,
        words=Words(lang, *([words] if words else [])),
        links=links,
        href=links.href,
        here=links.here,
        prefix=links.prefix,
        **(context or {}),
    )
    return HTMLResponse(html, status_code=status, headers={"Content-Language": lang})
