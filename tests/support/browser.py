"""Headless Chromium for the browser tests: Debian's, driven by Playwright, as if offline."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

CHROMIUM = Path("/usr/bin/chromium")


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
