"""Headless Chromium for the browser tests: Debian's, driven by Playwright, as if offline."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
AXE = Path(__file__).resolve().parents[1] / "clients" / "node_modules" / "axe-core" / "axe.min.js"
"""axe-core, vendored by npm (tests/clients), injected into pages as an inline script."""
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21aa"]
BLOCKING = {"serious", "critical"}


@contextmanager
def offline_chromium() -> Iterator[Browser]:
    """The system's Chromium, headless; fails (never skips) when it is not installed.
    Playwright never downloads a browser of its own here."""
    if not CHROMIUM.is_file():
        pytest.fail(
            f"Chromium is not installed at {CHROMIUM}: apt-get install chromium "
            "(.ci/run installs it); Playwright drives it, and never downloads a browser of its own"
        )
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            # No sandbox: CI runs as root in a container. No name resolves but the test
            # server's address, as offline.
            args=["--no-sandbox", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"],
        )
        try:
            yield launched
        finally:
            launched.close()


@contextmanager
def chromium_with_axe(shots: Path) -> Iterator[Browser]:
    """`offline_chromium`, once axe-core is known to be there and `shots` (the folder for the
    screenshots and axe's findings) exists; fails (never skips) when either tool is missing."""
    if not AXE.is_file():
        pytest.fail(
            f"axe-core is not installed at {AXE}: install Node.js and npm, then run "
            "`make install`, which runs `npm ci` in tests/clients"
        )
    shots.mkdir(parents=True, exist_ok=True)
    with offline_chromium() as launched:
        yield launched


def axe_blocking(page: Page, record: Path) -> list[dict[str, Any]]:
    """Run axe-core (inlined: no request is made) on `page` for WCAG 2.1 A and AA, write all it
    found to `record`, and return the serious and critical violations."""
    page.add_script_tag(path=str(AXE))
    results: dict[str, Any] = page.evaluate(
        "(tags) => axe.run(document, { runOnly: { type: 'tag', values: tags } })", AXE_TAGS
    )
    assert results["passes"], "axe checked nothing"
    record.write_text(
        json.dumps(results["violations"], indent=1, ensure_ascii=False), encoding="utf-8"
    )
    return [v for v in results["violations"] if v["impact"] in BLOCKING]


def readable(violations: list[dict[str, Any]]) -> str:
    """axe's violations, one rule a paragraph with the elements it found."""
    lines = []
    for violation in violations:
        lines.append(f"[{violation['impact']}] {violation['id']}: {violation['help']}")
        lines.append(f"    {violation['helpUrl']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    at {' '.join(node['target'])}: {_squashed(node['html'])[:160]}")
            summary = _squashed(node.get("failureSummary") or "")
            if summary:
                lines.append(f"       {summary[:300]}")
        if len(violation["nodes"]) > 5:
            lines.append(f"    … and {len(violation['nodes']) - 5} more")
    return "\n".join(lines)


def _squashed(text: str) -> str:
    return " ".join(text.split())
