"""The HTML report in a real browser with no network: headless Chromium opens the file as an
official would (a file:// URL), follows its contents and its cross-references, prints it, and
runs axe-core's accessibility check on it. Every request but the file itself is refused and
recorded, and none may be made: the report is one self-contained file.

Screenshots go to test-output/report/; the first screen is also copied to
docs/screenshots/report.png, the README's picture of the report.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Request, Route, expect

from api.report.formats import draft
from api.report.model import Report
from api.report.render_html import render_html
from api.report.words import Words
from kg.settings import Settings
from tests.conftest import PROJECT_DIR
from tests.support.browser import axe_blocking, chromium_with_axe, readable
from tests.support.serving import loaded

SHOTS = PROJECT_DIR / "test-output" / "report"
README_SHOT = PROJECT_DIR / "docs" / "screenshots" / "report.png"
CONSULTATION = "consultation:region-uppsala-rs2026-00072"  # the README's picture


@dataclass(frozen=True)
class ReportFile:
    report: Report
    path: Path

    @property
    def words(self) -> Words:
        return Words(self.report.lang)


@pytest.fixture(scope="module")
def report_file(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, settings: Settings
) -> ReportFile:
    """The report on the README's consultation, drafted from the shipped data, as a file."""
    directory = tmp_path_factory.mktemp("report-browser")
    store = loaded(
        "embedded", [settings.data_dir], request=request, directory=directory, settings=settings
    )
    report = draft(store, consultation=CONSULTATION, lang="sv")
    path = directory / "remissammanstallning.html"
    path.write_text(render_html(report), encoding="utf-8")
    return ReportFile(report, path)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Headless Chromium from the system; fails (never skips) when it or axe-core is missing."""
    with chromium_with_axe(SHOTS) as launched:
        yield launched


@dataclass
class Reading:
    page: Page
    elsewhere: list[str] = field(default_factory=list)  # every request but the file's own

    def target(self) -> str:
        """The id of the element the address's fragment names (CSS :target)."""
        found: str = self.page.evaluate("document.querySelector(':target')?.id ?? ''")
        return found


@pytest.fixture
def reading(report_file: ReportFile, browser: Browser) -> Iterator[Reading]:
    """The report open in a fresh tab; whatever else the page asks for is refused and noted."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    visit = Reading(page)
    own = report_file.path.as_uri()

    def only_the_file(route: Route) -> None:
        if route.request.url.split("#")[0] == own:
            route.continue_()
        else:
            visit.elsewhere.append(route.request.url)
            route.abort("internetdisconnected")

    def noted(asked: Request) -> None:
        if asked.url.split("#")[0] != own:
            visit.elsewhere.append(asked.url)

    context.route("**/*", only_the_file)
    page.on("request", noted)
    page.on("websocket", lambda socket: visit.elsewhere.append(socket.url))
    page.goto(own)
    try:
        yield visit
        assert visit.elsewhere == [], f"the report asked for more: {visit.elsewhere}"
    finally:
        context.close()


def test_contents_lead_to_every_part(report_file: ReportFile, reading: Reading) -> None:
    page = reading.page
    links = page.locator("nav.toc a")
    count = links.count()
    assert count >= 8 + len(report_file.report.sections)
    for index in range(count):
        link = links.nth(index)
        anchor = (link.get_attribute("href") or "").removeprefix("#")
        link.click()
        expect(page).to_have_url(f"{report_file.path.as_uri()}#{anchor}")
        assert reading.target() == anchor
        heading = page.locator(f"[id='{anchor}']")
        expect(heading).to_be_in_viewport()
        assert " ".join(heading.inner_text().split()) == " ".join(link.inner_text().split())


def test_see_lands_on_the_quote(report_file: ReportFile, reading: Reading) -> None:
    page = reading.page
    see = page.locator("a.see").first
    expect(see).to_be_visible()
    key = (see.get_attribute("href") or "").removeprefix("#stance-")
    assert see.inner_text() == report_file.words["see"].format(key=key)
    see.click()
    assert reading.target() == f"stance-{key}"
    quote = page.locator(f"blockquote[id='stance-{key}']")
    expect(quote).to_be_in_viewport()
    (stance,) = [s for s in report_file.report.appendix if s.key == key]
    assert " ".join(stance.quote.split()) in " ".join(quote.inner_text().split())


def test_appendix_and_quote_point_at_each_other(report_file: ReportFile, reading: Reading) -> None:
    page = reading.page
    stance = report_file.report.appendix[-1]
    page.locator(f"[id='appendix-{stance.key}'] a[href='#stance-{stance.key}']").click()
    assert reading.target() == f"stance-{stance.key}"
    expect(page.locator(f"[id='stance-{stance.key}']")).to_be_in_viewport()
    page.locator(f"[id='stance-{stance.key}'] cite a").click()
    assert reading.target() == f"appendix-{stance.key}"
    expect(page.locator(f"[id='appendix-{stance.key}']")).to_be_in_viewport()


def test_print_hides_what_only_a_screen_needs(reading: Reading) -> None:
    page = reading.page
    screen_only = page.locator(".screen-only")
    assert screen_only.count() > 0
    expect(screen_only.first).to_be_visible()
    page.emulate_media(media="print")
    for index in range(screen_only.count()):
        expect(screen_only.nth(index)).to_be_hidden()
    # Names stay names on paper: the ink of the text around them, and no URL printed after.
    styles: list[dict[str, str]] = page.evaluate(
        """() => [...document.querySelectorAll('main a')].map((a) => ({
            color: getComputedStyle(a).color,
            around: getComputedStyle(a.parentElement).color,
            after: getComputedStyle(a, '::after').content,
        }))"""
    )
    assert styles
    assert all(style["color"] == style["around"] for style in styles), styles[:3]
    assert all(style["after"] in ("none", "normal") for style in styles), styles[:3]
    expect(page.locator("nav.toc")).to_be_visible()
    page.screenshot(path=SHOTS / "report-print.png", full_page=True)


def test_axe_finds_nothing_serious(reading: Reading) -> None:
    found = axe_blocking(reading.page, SHOTS / "axe.json")
    assert not found, f"axe on the report:\n{readable(found)}"


def test_screenshots(reading: Reading) -> None:
    """The whole report, and its first screen for the README."""
    page = reading.page
    whole, first = SHOTS / "report.png", SHOTS / "report-first-screen.png"
    page.screenshot(path=whole, full_page=True)
    page.screenshot(path=first)
    for shot in (whole, first):
        assert shot.stat().st_size > 5_000, f"{shot.name} is a blank screenshot"
    README_SHOT.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(first, README_SHOT)
