"""Page weight and server time of every explorer page, on the shipped data and a synthetic graph.

Run from the project folder:
    .venv/bin/python -m benchmarks.explorer_pages [--triples N] [--repeats R] [--out FILE]
For the shipped data and a synthetic graph of N triples (100,000 by default; kg.synth) it loads
a fresh embedded store, serves the API under uvicorn in-process and, for each explorer page:
- weighs it: the bytes of its HTML (uncompressed), and of the scripts (<script src>) and
  stylesheets (<link rel=stylesheet>) it names, fetched from the same server and summed by kind
  (what those scripts load in turn at run time is not counted);
- times it: the median of R warm GETs (after three unmeasured ones), each from sending the
  request to the last byte of the answer, over real HTTP on one kept-alive connection.
Pages that name a resource of the shipped data (Uppsala kommun, a position, the strategy) take
the like of it from the synthetic graph, asked through GraphQL: the actor with most stances
among the first hundred, the position with most actors, the first strategy (whose matrix is
measured, as the synthetic graph's several strategies make /explore ask which). The synthetic graph has no positions; those pages are
left out there. Times are only comparable within one run on one machine.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from dataclasses import asdict, dataclass, field, replace
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urljoin, urlsplit

import httpx
import pyoxigraph as ox
from rich.console import Console
from rich.table import Table

from api.app import create_app
from kg.embedded import EmbeddedStore
from kg.loading import load
from kg.settings import Settings
from kg.synth import synthesize
from tests.support.serving import serving

HTML = {"Accept": "text/html"}
SEARCH = "kompetensförsörjning"  # a word in the shipped quotes and in the synthetic ones
SHIPPED_ACTOR = "actor:uppsala-kommun"  # the actor the README and the browser tests show


class _Assets(HTMLParser):
    """The scripts, stylesheets and matrix cells a page names."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts: list[str] = []
        self.stylesheets: list[str] = []
        self.cells: list[str] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if tag == "script" and attributes.get("src"):
            self.scripts.append(attributes["src"])
        elif tag == "link" and "stylesheet" in attributes.get("rel", "").split():
            self.stylesheets.append(attributes["href"])
        elif tag == "a" and "cell" in attributes.get("class", "").split():
            self.cells.append(attributes.get("href", ""))


@dataclass
class Measured:
    """One page on one dataset: what it weighs and how long the server takes to send it."""

    page: str
    path: str
    status: int
    html_bytes: int
    js_bytes: int = 0
    css_bytes: int = 0
    scripts: list[str] = field(default_factory=list)
    stylesheets: list[str] = field(default_factory=list)
    median_ms: float = 0.0
    samples_ms: list[float] = field(default_factory=list)


def _graphql(client: httpx.Client, base: str, query: str) -> dict[str, Any]:
    response = client.post(base + "/graphql", json={"query": query}, timeout=120)
    response.raise_for_status()
    body: dict[str, Any] = response.json()
    if body.get("errors"):
        raise RuntimeError(f"GraphQL refused {query!r}: {body['errors']}")
    answer: dict[str, Any] = body["data"]
    return answer


def _site_path(iri: str, settings: Settings) -> str:
    return "/" + iri.removeprefix(settings.base_iri)


def _busiest_actor(client: httpx.Client, base: str) -> str:
    actors = _graphql(
        client, base, "{ actors(first: 100) { nodes { id stances { totalCount } } } }"
    )
    nodes = actors["actors"]["nodes"]
    best: str = max(nodes, key=lambda actor: actor["stances"]["totalCount"])["id"]
    return best


def _first_consultation(client: httpx.Client, base: str, settings: Settings) -> str | None:
    found = _graphql(client, base, "{ consultations(first: 1) { nodes { id } } }")
    nodes = found["consultations"]["nodes"]
    return _site_path(nodes[0]["id"], settings) if nodes else None


def _the_strategy(client: httpx.Client, base: str, settings: Settings) -> str | None:
    """The strategy whose full text the graph holds, or the first of several."""
    try:
        iri: str = _graphql(client, base, "{ strategy { id } }")["strategy"]["id"]
    except RuntimeError:  # the synthetic graph has several: `strategy` asks which
        query = "{ documents(kind: [STRATEGY], first: 1) { nodes { id } } }"
        nodes = _graphql(client, base, query)["documents"]["nodes"]
        if not nodes:
            return None
        iri = nodes[0]["id"]
    return _site_path(iri, settings)


def _busiest_position(client: httpx.Client, base: str) -> str | None:
    found = _graphql(client, base, "{ positions(first: 100) { nodes { id actors { id } } } }")
    nodes = found["positions"]["nodes"]
    if not nodes:
        return None
    best: str = max(nodes, key=lambda position: len(position["actors"]))["id"]
    return best


def pages(client: httpx.Client, base: str, settings: Settings, *, shipped: bool) -> dict[str, str]:
    """Each page's path on this dataset (the same list the browser tests check with axe)."""
    actor = settings.namespaces.iri(SHIPPED_ACTOR) if shipped else _busiest_actor(client, base)
    strategy = _the_strategy(client, base, settings)
    # Where the graph has several strategies, the matrix first asks which: measure the first's.
    start = "/explore" if shipped or strategy is None else _strategy_matrix(strategy, settings)
    matrix = client.get(base + start, headers=HTML, timeout=120)
    cells = _Assets(matrix.text).cells
    named = {settings.namespaces.compact(actor), actor}
    ours = [cell for cell in cells if set(parse_qs(urlsplit(cell).query).get("actor", [])) & named]
    found: dict[str, str | None] = {
        "matrix": start,
        "matrix-positions": start + ("&" if "?" in start else "?") + "columns=positions",
        "cell": _relative(base, (ours or cells)[0]) if cells else None,
        "positions": "/explore/positions",
        "position": None,
        "actor": _site_path(actor, settings),
        "consultations": "/explore/consultation",
        "consultation": _first_consultation(client, base, settings),
        "strategies": "/explore/strategy",
        "strategy": strategy,
        "search": f"/explore/search?q={SEARCH}",
        "sparql": "/explore/sparql",
    }
    position = _busiest_position(client, base)
    if position is not None:
        found["position"] = _site_path(position, settings)
    return {name: path for name, path in found.items() if path is not None}


def _strategy_matrix(strategy_path: str, settings: Settings) -> str:
    """The matrix of one strategy (its `strategy=` CURIE), from the strategy's page path."""
    curie = settings.namespaces.compact(settings.base_iri + strategy_path.removeprefix("/"))
    return "/explore?" + urlencode({"strategy": curie})


def _relative(base: str, href: str) -> str:
    """A link as a path and query on the server (the fragment is never sent)."""
    url = urlsplit(urljoin(base + "/explore", href))
    return url.path + (f"?{url.query}" if url.query else "")


def weigh(client: httpx.Client, base: str, name: str, path: str) -> Measured:
    """The page's HTML, and the scripts and stylesheets it names, in bytes."""
    response = _get(client, base + path)
    assets = _Assets(response.text)
    measured = Measured(name, path, response.status_code, len(response.content))
    measured.scripts = sorted(set(assets.scripts))
    measured.stylesheets = sorted(set(assets.stylesheets))
    for kind, links in (("js", measured.scripts), ("css", measured.stylesheets)):
        size = sum(len(_get(client, urljoin(base + path, link)).content) for link in links)
        setattr(measured, f"{kind}_bytes", size)
    return measured


def _get(client: httpx.Client, url: str) -> httpx.Response:
    """A GET of the whole answer; once more on a fresh connection if the kept-alive one was
    closed under it (uvicorn drops idle connections after five seconds)."""
    try:
        return client.get(url, headers=HTML, timeout=120)
    except httpx.TransportError:
        return client.get(url, headers=HTML, timeout=120)


def time_page(client: httpx.Client, url: str, repeats: int) -> list[float]:
    """Milliseconds to the last byte of `repeats` warm GETs of the page."""
    for _ in range(3):  # warm the store's caches and the query workers
        _get(client, url)
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        _get(client, url)
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def measure(settings: Settings, repeats: int, *, shipped: bool) -> list[Measured]:
    """Every page of the explorer over the store `settings` names."""
    results = []
    app = create_app(settings, workers=2, timeout=60.0)
    with serving(app) as base, httpx.Client() as client:
        for name, path in pages(client, base, settings, shipped=shipped).items():
            measured = weigh(client, base, name, path)
            measured.samples_ms = time_page(client, base + path, repeats)
            measured.median_ms = statistics.median(measured.samples_ms)
            results.append(measured)
    return results


def _kb(size: int) -> str:
    return f"{size / 1024:,.1f}"


def show(runs: dict[str, list[Measured]], console: Console) -> None:
    """One table: each page's weight and its median time, dataset by dataset."""
    table = Table(title="Explorer pages: weight (KiB, uncompressed) and server time (median)")
    table.add_column("page", no_wrap=True)
    table.add_column("JS KiB", justify="right")
    table.add_column("CSS KiB", justify="right")
    for name in runs:
        table.add_column(f"HTML KiB\n{name}", justify="right")
        table.add_column(f"ms\n{name}", justify="right")
    found = {name: {m.page: m for m in run} for name, run in runs.items()}
    for page in dict.fromkeys(m.page for run in runs.values() for m in run):
        weighed = next(by_page[page] for by_page in found.values() if page in by_page)
        row = [page, _kb(weighed.js_bytes), _kb(weighed.css_bytes)]
        for by_page in found.values():
            there = by_page.get(page)
            if there is None:
                row += ["n/a", "n/a"]
                continue
            status = "" if there.status == 200 else f" ({there.status})"
            row += [_kb(there.html_bytes), f"{there.median_ms:.1f}{status}"]
        table.add_row(*row)
    console.print(table)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--out", type=Path, help="write the figures here as JSON")
    args = parser.parse_args()
    settings = Settings()
    console = Console(width=160)  # the whole table, in a terminal or a log
    runs: dict[str, list[Measured]] = {}
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        synthetic = work / "synthetic.nt"
        generated = synthesize(args.triples, seed=1, settings=settings)
        ox.serialize(generated, output=str(synthetic), format=ox.RdfFormat.N_TRIPLES)
        sizes = {"shipped": 0, f"synthetic {len(generated):,}": len(generated)}
        del generated
        datasets = dict(zip(sizes, ([settings.data_dir], [synthetic]), strict=True))
        for position, (name, paths) in enumerate(datasets.items()):
            folder = work / f"store-{position}"
            store = EmbeddedStore(folder)
            report = load(paths, store=store, settings=settings, validate=False)
            store.close()
            console.print(f"{name}: loaded {report.triples:,} triples; measuring", style="dim")
            runs[name] = measure(
                replace(settings, store=str(folder)), args.repeats, shipped=position == 0
            )
    show(runs, console)
    if args.out:
        figures = {
            "repeats": args.repeats,
            "datasets": {name: [asdict(m) for m in run] for name, run in runs.items()},
        }
        args.out.write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n")
        console.print(f"Wrote {args.out}")


if __name__ == "__main__":
    main()
