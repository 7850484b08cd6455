"""Hostile content in a real browser: with hostile content loaded (a store whose text fields hold links,
images and styled markup; a schedule whose descriptions and names hold Markdown images and links to
outside hosts) no request leaves the app's host, and no chart carries a clickable link or styled
markup from the data. A damaged store and an unreadable schedule file show messages, not tracebacks.
Screenshots: test-artifacts/screenshots/hostile_<page>.png."""

from __future__ import annotations

import csv
import io
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from dashboard import i18n, training
from loaders.store import engines
from tests.browser.conftest import ARTIFACTS, streamlit_server
from tests.browser.helpers import SCREENSHOTS, external, full_page_screenshot, open_and_wait, rerun_and_wait
from tests.test_app_degrades import BLOCK_BYTES, HEADER_BYTES, _damaged_copy, _reads
from tests.test_safe_rendering import IMAGE, LINK, STYLED, hostile_copy

pytestmark = pytest.mark.browser

OUTSIDE = "example.org"
HOSTILE_MARKDOWN = (
    "**Bring** your questions ![tracker](https://example.org/pixel.png) [register](https://example.org/phish) "
    "<img src=https://example.org/x.png> https://example.org/bare www.example.org"
)


def hostile_schedule(folder: Path) -> Path:
    """The shipped schedule with Markdown images and outside links in every description, and in the
    live session's title and presenter; series.yaml as shipped."""
    folder.mkdir(parents=True, exist_ok=True)
    with training.SESSIONS_PATH.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        row.update(description_zh_hans=HOSTILE_MARKDOWN, description_en=HOSTILE_MARKDOWN, description_zh_hant=HOSTILE_MARKDOWN)
        row["presenter"] = f"![p](https://{OUTSIDE}/p.png) {row['presenter']}"
        row["title_en"] = f"{row['title_en']} [more](https://{OUTSIDE}/t) {IMAGE}"
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    (folder / "sessions.csv").write_text(buffer.getvalue(), encoding="utf-8")
    shutil.copy(training.SERIES_PATH, folder / "series.yaml")
    return folder


@pytest.fixture(scope="module")
def hostile_server(browser_prerequisites, demo_store_url, tmp_path_factory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("hostile-browser")
    store_path = hostile_copy(engines.duckdb_path(demo_store_url), folder / "hostile.duckdb")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DASHBOARD_TRAINING_DIR", str(hostile_schedule(folder / "training")))
        with streamlit_server(f"duckdb:///{store_path}", ARTIFACTS / "browser-server-hostile.log") as base_url:
            yield base_url


@pytest.fixture(scope="module")
def broken_server(browser_prerequisites, demo_store_url, tmp_path_factory) -> Iterator[str]:
    """A store whose clearance records fail their checksum, and a schedule file that is not text."""
    folder = tmp_path_factory.mktemp("broken-browser")
    source = engines.duckdb_path(demo_store_url)
    url = None
    for block in range((source.stat().st_size - HEADER_BYTES) // BLOCK_BYTES):
        candidate = _damaged_copy(source, folder / f"block{block}.duckdb", block)
        if _reads(candidate) == (True, False):
            url = candidate
            break
    assert url, "a block of clearance records to damage"
    (folder / "training").mkdir()
    (folder / "training" / "sessions.csv").write_bytes(b"session_id,series\r\n\xff\xfe\xfa,\x81\r\n")
    shutil.copy(training.SERIES_PATH, folder / "training" / "series.yaml")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DASHBOARD_TRAINING_DIR", str(folder / "training"))
        with streamlit_server(url, ARTIFACTS / "browser-server-broken.log") as base_url:
            yield base_url


VIEWPORT = {"width": 1400, "height": 900}


@pytest.fixture
def browser_page(browser):
    context = browser.new_context(viewport=VIEWPORT)
    try:
        yield context.new_page()
    finally:
        context.close()


# In the charts' SVG: a link, or text styled by the data's markup (Plotly draws <span style="color:red">
# as a tspan with that style; the app's own text is never red).
CHART_MARKUP_JS = """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"] svg')].flatMap(svg => [
    ...[...svg.querySelectorAll('a')].map(a => 'link: ' + (a.getAttribute('href') || a.getAttribute('xlink:href'))),
    ...[...svg.querySelectorAll('tspan[style]')].filter(t => /color:\\s*red/.test(t.getAttribute('style')))
        .map(t => 'styled: ' + t.textContent),
])"""
CHART_TEXT_JS = """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"] svg')].map(svg => svg.textContent).join('\\n')"""
OUTSIDE_ELEMENTS_JS = """(host) => [
    ...[...document.querySelectorAll('a[href]')].map(a => a.href).filter(h => h.includes(host)),
    ...[...document.querySelectorAll('img[src], image, source[src]')]
        .map(i => i.src || i.getAttribute('href') || i.getAttribute('xlink:href') || '').filter(s => s.includes(host)),
]"""


def no_exception(page) -> None:
    assert not page.locator('[data-testid="stException"]').all_inner_texts()


@pytest.mark.parametrize("path", ["rail_tir", "seafood_lab", "fresh_produce", "clearance"])
def test_charts_show_markup_from_the_data_as_text_and_fetch_nothing_outside(hostile_server, browser_page, path):
    page = browser_page
    visit = open_and_wait(page, f"{hostile_server}/{path}?lang=en", path)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    full_page_screenshot(page, SCREENSHOTS / f"hostile_{path}.png", VIEWPORT)
    no_exception(page)
    shown = ""
    sections = page.locator('[data-testid="stMainBlockContainer"] [role="tablist"]').first.locator('[role="tab"]')
    for index in range(sections.count()):  # the page draws one section tab at a time: open each in turn
        if index:
            rerun_and_wait(page, sections.nth(index).click)
        no_exception(page)
        assert page.evaluate(CHART_MARKUP_JS) == []
        assert page.evaluate(OUTSIDE_ELEMENTS_JS, OUTSIDE) == []
        shown += page.evaluate(CHART_TEXT_JS)
    assert sorted({u for u in visit.requests if external(u)}) == []
    assert any(text in shown for text in (LINK, IMAGE, STYLED)), "the hostile values are drawn, as the characters they are"


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_schedule_with_markdown_images_and_links_fetches_and_links_nothing_outside(hostile_server, browser_page, lang):
    page = browser_page
    visit = open_and_wait(page, f"{hostile_server}/training?lang={lang}&session=SS-2026-12-A", "training")
    full_page_screenshot(page, SCREENSHOTS / f"hostile_training_{lang}.png", VIEWPORT)
    no_exception(page)
    assert sorted({u for u in visit.requests if external(u)}) == []
    assert page.evaluate(OUTSIDE_ELEMENTS_JS, OUTSIDE) == []
    assert page.locator('[data-testid="stMainBlockContainer"] strong', has_text="Bring").count() > 0, "emphasis still works"


def test_presenter_deck_with_hostile_title_fetches_nothing_outside(hostile_server, browser_page):
    page = browser_page
    visit = open_and_wait(page, f"{hostile_server}/?present=SS-2026-12-A&slide=1&lang=en", "")
    full_page_screenshot(page, SCREENSHOTS / "hostile_present_en.png", VIEWPORT)
    no_exception(page)
    assert sorted({u for u in visit.requests if external(u)}) == []
    assert page.evaluate(OUTSIDE_ELEMENTS_JS, OUTSIDE) == []
    assert "[more]" in page.locator("h1").first.inner_text()


def test_a_damaged_store_shows_a_message_not_a_traceback(broken_server, browser_page):
    page = browser_page
    open_and_wait(page, f"{broken_server}/clearance?lang=zh_hans", "clearance")
    full_page_screenshot(page, SCREENSHOTS / "broken_clearance_zh_hans.png", VIEWPORT)
    no_exception(page)
    alerts = page.locator('[data-testid="stAlert"]').all_inner_texts()
    prefix = i18n.t("zh_hans", "errors.store_corrupt", url="\0", detail="").split("\0")[0]
    assert any(prefix in text for text in alerts), alerts
    assert not any("SELECT" in text or "Traceback" in text for text in alerts)


def test_an_unreadable_schedule_file_shows_a_message_not_a_traceback(broken_server, browser_page):
    page = browser_page
    open_and_wait(page, f"{broken_server}/training?lang=en", "training")
    full_page_screenshot(page, SCREENSHOTS / "broken_training_en.png", VIEWPORT)
    no_exception(page)
    alerts = " ".join(page.locator('[data-testid="stAlert"]').all_inner_texts())
    assert "neither UTF-8 nor GBK" in alerts and "CSV UTF-8" in alerts
