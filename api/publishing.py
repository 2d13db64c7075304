"""Serving what `kg publish` wrote into the publish folder: the dumps with their checksums,
the DCAT catalogue, the VoID description and the vocabulary docs' files.

Nothing outside the publish folder is ever served: a requested path is resolved (symbolic links
followed) and refused unless it lands on a regular file inside the folder.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import pyoxigraph as ox
from starlette.requests import Request
from starlette.responses import FileResponse, RedirectResponse, Response
from starlette.routing import Route

from api.negotiation import best_match
from api.pages import esc, page, problem, root
from kg.dump_manifest import read_manifest
from kg.errors import InputError

# Media types by suffix. A .gz is served as what it is, application/gzip, without a
# Content-Encoding: a client downloading all.ttl.gz must get the gzip file, not have it unpacked.
MEDIA_TYPES = {
    ".ttl": "text/turtle; charset=utf-8",
    ".nt": "application/n-triples",
    ".nq": "application/n-quads",
    ".trig": "application/trig",
    ".jsonld": "application/ld+json",
    ".rdf": "application/rdf+xml",
    ".gz": "application/gzip",
    ".json": "application/json",
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".txt": "text/plain; charset=utf-8",
}
_BY_NAME = {"SHA256SUMS": "text/plain; charset=utf-8", "context.jsonld": "application/ld+json"}

RDF_TYPES = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
}
FORMAT_KEYS = {
    "ttl": "text/turtle",
    "rdf": "application/rdf+xml",
    "jsonld": "application/ld+json",
    "nt": "application/n-triples",
}
HINT = "Run `kg publish` (or `make serve`, which runs it) to write the publication."


def media_type(path: Path) -> str:
    """The media type a published file is served as."""
    return _BY_NAME.get(path.name) or MEDIA_TYPES.get(path.suffix, "application/octet-stream")


@dataclass(frozen=True)
class Publication:
    """The publish folder, and safe access to the files in it."""

    folder: Path

    def file(self, relative: str) -> Path | None:
        """The regular file at `relative` inside the folder; None if there is none, or if the
        path would lead outside the folder (by '..', an absolute path or a symbolic link)."""
        parts = PurePosixPath(relative).parts
        if not relative or "\\" in relative or "\x00" in relative:
            return None
        if any(part in ("..", ".") for part in parts) or PurePosixPath(relative).is_absolute():
            return None
        base = self.folder.resolve()
        try:
            target = (base / relative).resolve()
        except (OSError, RuntimeError):
            return None
        if not target.is_relative_to(base) or not target.is_file():
            return None
        return target


def missing(request: Request, what: str) -> Response:
    """404 for a part of the publication that has not been written."""
    return problem(
        request, 404, "Not published yet", f"{what} is not in the publish folder.", hint=HINT
    )


def serve_file(path: Path) -> Response:
    return FileResponse(path, media_type=media_type(path))


class PublishedRoutes:
    """The routes for the dumps, the catalogue and VoID."""

    def __init__(self, folder: Path) -> None:
        self.publication = Publication(folder)

    def routes(self) -> list[Route]:
        return [
            Route("/dumps", self.to_dumps),
            Route("/dumps/", self.dumps_index),
            Route("/dumps/{file:path}", self.dump_file),
            Route("/catalog", self.catalog),
            Route("/.well-known/void", self.void),
        ]

    async def to_dumps(self, request: Request) -> Response:
        return RedirectResponse(root(request) + "/dumps/", status_code=301)

    async def dump_file(self, request: Request) -> Response:
        relative = request.path_params["file"]
        found = self.publication.file("dumps/" + relative)
        if found is None:
            return missing(request, f"dumps/{relative}")
        return serve_file(found)

    async def dumps_index(self, request: Request) -> Response:
        sums = self.publication.file("dumps/SHA256SUMS")
        if sums is None:
            return missing(request, "dumps/SHA256SUMS")
        return page(request, "Downloads", _dumps_table(self.publication, request))

    async def catalog(self, request: Request) -> Response:
        return self._rdf_document(
            request,
            "DCAT catalogue",
            {"application/rdf+xml": "catalog.rdf", "text/turtle": "catalog.ttl"},
            offered=(
                "application/rdf+xml",
                "text/turtle",
                "application/ld+json",
                "application/n-triples",
            ),
        )

    async def void(self, request: Request) -> Response:
        return self._rdf_document(
            request,
            "VoID description",
            {"text/turtle": "void.ttl"},
            offered=(
                "text/turtle",
                "application/rdf+xml",
                "application/ld+json",
                "application/n-triples",
            ),
        )

    def _rdf_document(
        self,
        request: Request,
        what: str,
        files: dict[str, str],
        *,
        offered: tuple[str, ...],
    ) -> Response:
        """A published RDF document in the format asked for: the file written in that format,
        else the Turtle file converted."""
        source = self.publication.file(files["text/turtle"])
        if source is None:
            return missing(request, f"The {what} ({files['text/turtle']})")
        chosen = choose_rdf(request, offered)
        if isinstance(chosen, Response):
            return chosen
        headers = {"Vary": "Accept"}
        written = files.get(chosen)
        found = self.publication.file(written) if written else None
        if found is not None:
            return FileResponse(found, media_type=media_type(found), headers=headers)
        graph = ox.parse(path=str(source), format=ox.RdfFormat.TURTLE)
        body = ox.serialize((q.triple for q in graph), format=RDF_TYPES[chosen])
        return Response(body, media_type=chosen, headers=headers)


def choose_rdf(
    request: Request, offered: tuple[str, ...], keys: Mapping[str, str] = FORMAT_KEYS
) -> str | Response:
    """The media type to answer with (`?format=` first, one of `keys`; then Accept), or the
    error page that names what is offered."""
    key = request.query_params.get("format")
    if key is not None:
        wanted = keys.get(key)
        if wanted is None or wanted not in offered:
            return problem(
                request,
                400,
                "Unknown format",
                f"format={key!r} is not offered here",
                hint="Use one of: " + ", ".join(k for k, t in keys.items() if t in offered),
            )
        return wanted
    chosen = best_match(request.headers.get("accept"), offered)
    if chosen is None:
        return problem(
            request,
            406,
            "Not acceptable",
            f"cannot answer as {request.headers.get('accept')!r}",
            hint="Accept one of: " + ", ".join(offered),
        )
    return chosen


def _dumps_table(publication: Publication, request: Request) -> str:
    """The dumps, each with its size, checksum and (from manifest.json) format and triples;
    only files that may be served are listed (not a link leading out of the folder)."""
    folder = publication.folder / "dumps"
    sums: dict[str, str] = {}
    for line in (folder / "SHA256SUMS").read_text(encoding="utf-8").splitlines():
        digest, _, name = line.partition("  ")
        if name:
            sums[name.lstrip("*")] = digest
    try:
        triples_of = {f.file: f.triples for f in read_manifest(folder).files}
    except InputError:
        triples_of = {}  # the files are still listed, with what the disk says of them
    names = sorted(
        name
        for name in (p.relative_to(folder).as_posix() for p in folder.rglob("*"))
        if publication.file("dumps/" + name) is not None
    )
    prefix = root(request) + "/dumps/"
    rows = []
    for name in names:
        triples = triples_of.get(name)
        rows.append(
            f"<tr><td><a href='{esc(prefix + name)}'>{esc(name)}</a></td>"
            f"<td>{esc(media_type(folder / name).split(';')[0])}</td>"
            f"<td class='num'>{esc(f'{triples:,}' if isinstance(triples, int) else '')}</td>"
            f"<td class='num'>{(folder / name).stat().st_size:,}</td>"
            f"<td><code>{esc(sums.get(name, ''))}</code></td></tr>"
        )
    return (
        "<p class='kind'>Downloads</p><h1>The whole graph, and each named graph</h1>"
        "<p>Every file has a gzipped twin (<code>.gz</code>, served as "
        "<code>application/gzip</code>). Check a download with "
        f"<code>sha256sum -c SHA256SUMS</code> (<a href='{esc(prefix)}SHA256SUMS'>SHA256SUMS</a>)."
        f" JSON-LD files use the <a href='{esc(prefix)}context.jsonld'>published context</a>.</p>"
        "<table><tr><th>file</th><th>media type</th><th>triples</th><th>bytes</th>"
        f"<th>SHA-256</th></tr>{''.join(rows)}</table>"
    )
