"""Presenter mode in headless Chromium at a livestream's 1280x720: no app chrome, slide titles big
enough to read on a phone, next / → move the slide number in the URL, the closing slide shows
its QR code, and nothing is fetched from another host. Screenshots of two slides go to
test-artifacts/screenshots/present_<n>.png for a human to look at."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from dashboard import i18n, training

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
STREAM = {"width": 1280, "height": 720}
RENDER_TIMEOUT_MS = 120_000
SESSION = "KF-2025-09"  # title, 3 indicator slides, 3 measure slides, closing slide
MIN_TITLE_PX = 40

FINISHED_JS = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    return app !== null && app.getAttribute('data-test-script-state') === 'notRunning'
        && document.querySelector('[data-testid="stSkeleton"], [data-testid="stAppSkeleton"]') === null
        && document.querySelector('.st-key-slide h1') !== null
        && [...document.querySelectorAll('[data-testid="stPlotlyChart"]')].every(c => c.querySelector('.main-svg') !== null);
}"""
TITLE_PX_JS = "() => parseFloat(getComputedStyle(document.querySelector('.st-key-slide h1')).fontSize)"
CHROME = (
    '[data-testid="stSidebar"]',
    '[data-testid="stSidebarCollapsedControl"]',
    "header",
    '[data-testid="stToolbar"]',
    '[data-testid="stDecoration"]',
    "footer",
)


@pytest.fixture
def stream_page(browser):
    """A 1280x720 tab recording every request it makes."""
    context = browser.new_context(viewport=STREAM)
    page = context.new_page()
    page.requests = []
    page.on("request", lambda request: page.requests.append(request.url))
    page.on("websocket", lambda socket: page.requests.append(socket.url))
    try:
        yield page
    finally:
        context.close()


def wait_for_slide(page, number: int) -> None:
    page.wait_for_url(re.compile(rf"[?&]slide={number}(&|$)"), timeout=RENDER_TIMEOUT_MS)
    page.wait_for_function(FINISHED_JS, timeout=RENDER_TIMEOUT_MS)
    page.wait_for_timeout(500)


def slide_in_url(page) -> str:
    return parse_qs(urlsplit(page.url).query)["slide"][0]


def other_hosts(requests: list[str]) -> list[str]:
    return sorted(
        {
            url
            for url in requests
            if urlsplit(url).scheme not in ("data", "blob", "about") and urlsplit(url).hostname not in ("127.0.0.1", "localhost")
        }
    )


def shoot(page, number: int) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"present_{number}.png"))


def test_presenter_mode_is_chrome_free_big_and_steps_through_the_url(app_server, stream_page):
    page = stream_page
    page.goto(f"{app_server}/?present={SESSION}&slide=1&lang=zh_hans", wait_until="domcontentloaded")
    wait_for_slide(page, 1)
    shoot(page, 1)

    assert not page.locator('[data-testid="stException"]').count()
    visible_chrome = [selector for selector in CHROME if any(element.is_visible() for element in page.locator(selector).all())]
    assert not visible_chrome, f"app chrome visible in presenter mode: {visible_chrome}"
    assert not page.locator('[data-testid="stSidebarNav"]').count(), "presenter mode must not offer the page menu"
    assert page.evaluate(TITLE_PX_JS) >= MIN_TITLE_PX
    session = training.session_by_id(training.load_sessions(), SESSION)
    assert page.locator(".st-key-slide h1").inner_text().strip() == session.title["zh_hans"]

    page.get_by_role("button", name=i18n.t("zh_hans", "present.next")).click()
    wait_for_slide(page, 2)
    assert slide_in_url(page) == "2"
    assert page.locator('.st-key-slide [data-testid="stPlotlyChart"] .main-svg').count() >= 1, "slide 2 is an indicator chart"
    assert page.evaluate(TITLE_PX_JS) >= MIN_TITLE_PX
    shoot(page, 2)

    page.locator("body").press("ArrowRight")  # presenters' clickers and keyboards
    wait_for_slide(page, 3)
    page.get_by_role("button", name=i18n.t("zh_hans", "present.previous")).click()
    wait_for_slide(page, 2)

    assert not other_hosts(page.requests), f"requests to hosts other than the app's own: {other_hosts(page.requests)[:10]}"


def test_closing_slide_shows_the_qr_code_in_english(app_server, stream_page):
    page = stream_page
    last = len(training.deck(training.session_by_id(training.load_sessions(), SESSION)))
    page.goto(f"{app_server}/?present={SESSION}&slide={last}&lang=en", wait_until="domcontentloaded")
    wait_for_slide(page, last)
    assert page.locator(".st-key-slide h1").inner_text().strip() == i18n.t("en", "present.scan")
    qr = page.locator(".st-key-slide img").first
    assert qr.is_visible() and qr.evaluate("img => img.naturalWidth") >= 200
    assert "12360" in page.locator(".st-key-slide").inner_text()
    assert page.get_by_role("button", name=i18n.t("en", "present.next")).is_disabled()
    assert not other_hosts(page.requests)
