"""What the browser tests share: the registry's pages that exist, how to tell that Streamlit has
finished a page (and drawn its charts), what a visit saw, screenshots, and the router's marks.

Waiting is on conditions (a script run that has ended, charts that have drawn, the network gone
quiet), never on a fixed time: a slow machine only makes the waits longer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from dashboard import i18n
from dashboard.pages import PAGES

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"  # git-ignored

# Other engineers are still writing some pages: visit only the registry's scripts that exist when
# the tests are collected (the rest join automatically once their file lands).
EXISTING_PAGES = [spec for spec in PAGES if (ROOT / spec.script).is_file()]

RENDER_TIMEOUT_MS = 120_000  # the first visit of a page fills the server's caches; these machines are slow
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
# Presenter mode finished: the script ran to the end, the slide shows its title and its charts have drawn.
SLIDE_FINISHED_JS = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    return app !== null && app.getAttribute('data-test-script-state') === 'notRunning'
        && document.querySelector('[data-testid="stSkeleton"], [data-testid="stAppSkeleton"]') === null
        && document.querySelector('.st-key-slide h1') !== null
        && [...document.querySelectorAll('[data-testid="stPlotlyChart"]')].every(c => c.querySelector('.main-svg') !== null);
}"""
# Every chart has drawn: Plotly its SVG, pydeck its canvas, Vega-Lite (st.metric sparklines included) its canvas or SVG.
CHARTS_DRAWN_JS = """() => {
    const drawn = (selector, inner) => [...document.querySelectorAll(selector)].every(chart => chart.querySelector(inner) !== null);
    return drawn('[data-testid="stPlotlyChart"]', '.main-svg')
        && drawn('[data-testid="stDeckGlJsonChart"]', 'canvas')
        && drawn('[data-testid="stVegaLiteChart"], [data-testid="stMetricChart"]', 'canvas, svg');
}"""
MAIN_SCROLL_HEIGHT_JS = "() => (document.querySelector('[data-testid=\"stMain\"]') || document.documentElement).scrollHeight"
# Counts the script runs that end from now on (data-test-script-state leaving "running"), so that a
# click can wait for the run it starts, however fast that run is.
COUNT_RUNS_JS = """() => {
    if (window.__runsEnded !== undefined) return window.__runsEnded;
    window.__runsEnded = 0;
    new MutationObserver(records => {
        for (const record of records) if (record.oldValue === 'running') window.__runsEnded += 1;
    }).observe(document.body, {subtree: true, attributes: true, attributeFilter: ['data-test-script-state'], attributeOldValue: true});
    return 0;
}"""
# Plotly lays a chart out again when its width changes: every chart's SVG has the width of its frame.
CHARTS_FIT_JS = """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"] .js-plotly-plot')].every(gd => {
    const svg = gd.querySelector('.main-svg');
    return svg !== null && Math.abs(svg.getBoundingClientRect().width - gd.getBoundingClientRect().width) <= 1;
})"""


@dataclass
class Visit:
    """What the browser saw while loading one page."""

    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)


def address(spec) -> str:
    """The URL path of a page. The router makes the registry's first page the default, which
    Streamlit serves at the site root: that is the address users get (its url_path is an alias
    that the router sends to the root)."""
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


def other_hosts(requests: list[str]) -> list[str]:
    """The requests that went to a host other than the app's own, sorted, once each."""
    return sorted({url for url in requests if external(url)})


def wait_rendered(page) -> None:
    """The page's script runs have ended (the first, and the one a widget bound to the URL may
    start right after it), the network is quiet, and every chart has drawn."""
    page.wait_for_function(FINISHED_JS, timeout=RENDER_TIMEOUT_MS)
    page.wait_for_load_state("networkidle")
    page.wait_for_function(FINISHED_JS, timeout=RENDER_TIMEOUT_MS)
    page.wait_for_function(CHARTS_DRAWN_JS, timeout=RENDER_TIMEOUT_MS)
    page.wait_for_function(CHARTS_FIT_JS, timeout=RENDER_TIMEOUT_MS)


def wait_for_slide(page, number: int) -> None:
    """Presenter mode shows slide `number` (the address says so), its run has ended and its chart has
    its final size. No wait for a quiet network: a slide may keep fetching (its timer reruns)."""
    page.wait_for_url(re.compile(rf"[?&]slide={number}(&|$)"), timeout=RENDER_TIMEOUT_MS)
    page.wait_for_function(SLIDE_FINISHED_JS, timeout=RENDER_TIMEOUT_MS)
    page.wait_for_function(CHARTS_FIT_JS, timeout=RENDER_TIMEOUT_MS)


def rerun_and_wait(page, action) -> None:
    """Do `action` (a click that reruns the page's script), then wait until that run has ended and
    the page has rendered again."""
    ended = page.evaluate(COUNT_RUNS_JS)
    action()
    page.wait_for_function(f"() => window.__runsEnded > {ended}", timeout=RENDER_TIMEOUT_MS)
    wait_rendered(page)


def open_and_wait(page, url: str, url_path: str) -> Visit:
    """Open `url` and wait until it has rendered; what the browser saw on the way."""
    visit = Visit()
    page.on("request", lambda request: visit.requests.append(request.url))
    page.on("websocket", lambda socket: visit.requests.append(socket.url))
    page.on("pageerror", lambda error: visit.page_errors.append(str(error)))

    def on_console(message) -> None:
        if message.type == "error" and not known_streamlit_probe(url_path, message.location.get("url", "")):
            visit.console_errors.append(f"{message.text} @ {message.location.get('url', '')}")

    page.on("console", on_console)
    page.goto(url, wait_until="domcontentloaded")
    wait_rendered(page)
    return visit


def full_page_screenshot(page, path: Path, viewport: dict) -> None:
    """Streamlit scrolls inside its main element, not the document: grow the window to the content
    (same width), wait for the charts to lay themselves out again, shoot, and return to `viewport`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    height = min(max(page.evaluate(MAIN_SCROLL_HEIGHT_JS), viewport["height"]), MAX_SCREENSHOT_HEIGHT)
    page.set_viewport_size({"width": viewport["width"], "height": height})
    page.wait_for_function(CHARTS_FIT_JS, timeout=RENDER_TIMEOUT_MS)
    page.screenshot(path=str(path), full_page=True)


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
