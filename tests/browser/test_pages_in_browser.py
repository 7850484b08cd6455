"""Every page in every language, opened by URL in headless Chromium against a real `streamlit run`.

A page passes when it renders without a Streamlit exception, logs no console error, contacts no
host but the app's own (intranet rule), shows its title, and the navigation shows the page's
title in the requested language (so the router and the ?lang= link both work). A full-page
screenshot of each goes to test-artifacts/screenshots/<url_path>_<lang>.png for a human to look at.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from dashboard import i18n
from dashboard.pages import PAGES

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"  # git-ignored

# Other engineers are still writing some pages: visit only the registry's scripts that exist when
# the tests are collected (the rest join automatically once their file lands).
EXISTING_PAGES = [spec for spec in PAGES if (ROOT / spec.script).is_file()]

VIEWPORT = {"width": 1400, "height": 900}
RENDER_TIMEOUT_MS = 120_000  # the first visit of a page fills the server's caches; these machines are slow
SETTLE_MS = 600
MAX_SCREENSHOT_HEIGHT = 16_000
LOCAL_HOSTS = {"127.0.0.1", "localhost"}

# Streamlit finished: the script ran to the end, no "running" widget, and the main area has content.
FINISHED_JS = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    return app !== null
        && app.getAttribute('data-test-script-state') === 'notRunning'
        && document.querySelector('[data-testid="stStatusWidget"]') === null
        && document.querySelector('[data-testid="stAppSkeleton"], [data-testid="stSkeleton"]') === null
        && document.querySelector('[data-testid="stMainBlockContainer"] [data-testid="stElementContainer"]') !== null;
}"""
# Every chart has drawn: Plotly its SVG, pydeck its canvas, Vega-Lite (st.metric sparklines included) its canvas or SVG.
CHARTS_DRAWN_JS = """() => {
    const drawn = (selector, inner) => [...document.querySelectorAll(selector)].every(chart => chart.querySelector(inner) !== null);
    return drawn('[data-testid="stPlotlyChart"]', '.main-svg')
        && drawn('[data-testid="stDeckGlJsonChart"]', 'canvas')
        && drawn('[data-testid="stVegaLiteChart"], [data-testid="stMetricChart"]', 'canvas, svg');
}"""
MAIN_SCROLL_HEIGHT_JS = "() => (document.querySelector('[data-testid=\"stMain\"]') || document.documentElement).scrollHeight"


@dataclass
class Visit:
    """What the browser saw while loading one page."""

    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)


def address(spec) -> str:
    """The URL path of a page. The router makes the registry's first page the default, which
    Streamlit serves at the site root: that is the address users get (its url_path answers with a
    "Page not found" dialog)."""
    return "" if spec == PAGES[0] else spec.url_path


def known_streamlit_probe(url_path: str, location_url: str) -> bool:
    """Streamlit's frontend, opened on a sub-page URL, first probes <page>/_stcore/health and
    /_stcore/host-config (404, logged as console errors) before using the server root:
    streamlit/streamlit#7074. Only those two exact misses are tolerated."""
    return re.fullmatch(rf"/{re.escape(url_path)}/_stcore/(health|host-config)", urlsplit(location_url).path) is not None


def external(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about"):
        return False
    return parts.hostname not in LOCAL_HOSTS


@pytest.fixture
def browser_page(browser):
    context = browser.new_context(viewport=VIEWPORT)
    try:
        yield context.new_page()
    finally:
        context.close()


def open_and_wait(page, url: str, url_path: str) -> Visit:
    visit = Visit()
    page.on("request", lambda request: visit.requests.append(request.url))
    page.on("websocket", lambda socket: visit.requests.append(socket.url))
    page.on("pageerror", lambda error: visit.page_errors.append(str(error)))

    def on_console(message) -> None:
        if message.type == "error" and not known_streamlit_probe(url_path, message.location.get("url", "")):
            visit.console_errors.append(f"{message.text} @ {message.location.get('url', '')}")

    page.on("console", on_console)
    page.goto(url, wait_until="domcontentloaded")
    page.wait_for_function(FINISHED_JS, timeout=RENDER_TIMEOUT_MS)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(SETTLE_MS)
    # A widget bound to the URL may trigger one more run after the first: wait for that one too.
    page.wait_for_function(FINISHED_JS, timeout=RENDER_TIMEOUT_MS)
    page.wait_for_function(CHARTS_DRAWN_JS, timeout=RENDER_TIMEOUT_MS)
    return visit


def full_page_screenshot(page, path) -> None:
    """Streamlit scrolls inside its main element, not the document: grow the window to the content first."""
    height = min(max(page.evaluate(MAIN_SCROLL_HEIGHT_JS), VIEWPORT["height"]), MAX_SCREENSHOT_HEIGHT)
    page.set_viewport_size({"width": VIEWPORT["width"], "height": height})
    page.wait_for_timeout(SETTLE_MS)  # charts re-lay themselves out to the new size
    page.screenshot(path=str(path), full_page=True)


@pytest.fixture(scope="session")
def screenshots():
    """The screenshot folder, without shots of pages that left the registry (renamed url_path)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    current = {f"{spec.url_path}_{lang}.png" for spec in PAGES for lang in i18n.LANGS}
    for lang in i18n.LANGS:
        for shot in SCREENSHOTS.glob(f"*_{lang}.png"):
            if shot.name not in current:
                shot.unlink()
    return SCREENSHOTS


@pytest.mark.parametrize("lang", i18n.LANGS)
@pytest.mark.parametrize("spec", EXISTING_PAGES, ids=[spec.url_path for spec in EXISTING_PAGES])
def test_page_renders_in_browser(app_server, browser_page, screenshots, spec, lang):
    page = browser_page
    visit = open_and_wait(page, f"{app_server}/{address(spec)}?lang={lang}", address(spec))
    # The screenshot comes first so that a failing page can still be looked at.
    full_page_screenshot(page, screenshots / f"{spec.url_path}_{lang}.png")

    exceptions = page.locator('[data-testid="stException"]').all_inner_texts()
    assert not exceptions, f"Streamlit exception on the page: {exceptions[0][:600]}"
    assert not visit.page_errors, f"uncaught JavaScript errors: {visit.page_errors[:5]}"
    assert not visit.console_errors, f"console errors: {visit.console_errors[:5]}"
    outside = sorted({url for url in visit.requests if external(url)})
    assert not outside, f"requests to hosts other than the app's own: {outside[:10]}"

    assert_router_shows(page, spec, lang)


def assert_router_shows(page, spec, lang: str) -> None:
    """The page has a title, and the app's own navigation marks it, in the requested language."""
    titles = [text.strip() for text in page.locator('[data-testid="stMainBlockContainer"] h1').all_inner_texts()]
    assert titles and titles[0], "the page shows no title (h1)"
    expected = i18n.t(lang, spec.title_key)
    active = page.locator('[data-testid="stSidebarNavLink"][aria-current="page"]').all_inner_texts()
    assert any(expected in link for link in active), (
        f"the navigation should mark this page as {expected!r} (the app's router in language {lang}); "
        f"it marks {active!r}, the page title reads {titles[0]!r}, the address is now {page.url}"
    )


SUB_PAGES = [spec for spec in EXISTING_PAGES if spec != PAGES[0]]


@pytest.mark.skipif(not SUB_PAGES, reason="no sub-page script exists yet")
def test_first_visitor_after_a_restart_gets_the_router(fresh_app_server, browser_page):
    """A shared link to a sub-page, opened first on a server that just started, shows the app's
    navigation and language, not Streamlit's legacy pages/ listing (file names, no language switch),
    which Streamlit uses until some session has run the router once (guarded in dashboard/context.py)."""
    # The legacy mode only catches a URL that is also a file name in pages/ (clearance.py -> /clearance).
    spec = next((spec for spec in SUB_PAGES if Path(spec.script).stem == spec.url_path), SUB_PAGES[0])
    open_and_wait(browser_page, f"{fresh_app_server}/{spec.url_path}?lang=en", spec.url_path)
    assert not browser_page.locator('[data-testid="stException"]').all_inner_texts()
    assert_router_shows(browser_page, spec, "en")
