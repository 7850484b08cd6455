"""The public pages on a phone (390x844, WeChat's user agent) and in reading mode, in headless Chromium.

At 390 px no public page is wider than the screen in any language; the language switch fits one
row; links and buttons are at least 44 px high; the training page shows one QR code (the page's
own, behind a control) instead of one per session; reading mode (?read=large) enlarges the body
text and survives a reload. Screenshots at 390 and 1440 px in zh_hans and en go to
test-artifacts/public/ for a human to look at.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard import i18n
from tests.browser.helpers import RENDER_TIMEOUT_MS, full_page_screenshot, wait_rendered

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "test-artifacts" / "public"  # git-ignored
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1440, "height": 900}
WECHAT_UA = (
    "Mozilla/5.0 (Linux; Android 13; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 "
    "Chrome/116.0.0.0 Mobile Safari/537.36 XWEB/1160065 MMWEBSDK/20231202 MicroMessenger/8.0.47.2560(0x28002F35) WeChat/arm64"
)
MIN_TAP_PX = 44
# the public pages: (name, path and query without lang)
PUBLIC = [("overview", ""), ("policies", "policies"), ("measure", "measure?measure=8"), ("training", "training"), ("about", "about_data")]

# How far the page reaches past the screen: the document and Streamlit's scrolling main element, and
# the first elements sticking out (tables, code and tab bars scroll on their own; a Plotly chart
# clips its own SVG: the chart layout at 390 px is the chart components' concern).
OVERFLOW_JS = """() => {
    const main = document.querySelector('[data-testid="stMain"]');
    const wide = [...document.querySelectorAll('[data-testid="stMainBlockContainer"] *')]
        .filter(el => el.getBoundingClientRect().right > window.innerWidth + 1 && el.getClientRects().length)
        .filter(el => !el.closest('[data-testid="stDataFrame"], [data-testid="stTable"], pre, [role="tablist"], [data-testid="stPlotlyChart"]'))
        .slice(0, 3).map(el => (el.getAttribute('data-testid') || el.tagName) + ': ' + (el.textContent || '').slice(0, 40));
    return {document: document.documentElement.scrollWidth, main: main ? main.scrollWidth : 0, viewport: window.innerWidth, wide};
}"""
SIDEBAR_OPEN_JS = """() => {
    const sidebar = document.querySelector('[data-testid="stSidebar"]');
    return sidebar !== null && sidebar.getBoundingClientRect().left >= 0 && sidebar.getBoundingClientRect().width > 0;
}"""
BODY_FONT_JS = """() => parseFloat(getComputedStyle(
    document.querySelector('[data-testid="stMainBlockContainer"] [data-testid="stMarkdownContainer"] p')).fontSize)"""


def url(base: str, path: str, lang: str, extra: str = "") -> str:
    query = ("&" if "?" in path else "?") + f"lang={lang}" + (f"&{extra}" if extra else "")
    return f"{base}/{path}{query}"


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, user_agent=WECHAT_UA, is_mobile=True, has_touch=True)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def desktop(browser):
    context = browser.new_context(viewport=DESKTOP)
    try:
        yield context.new_page()
    finally:
        context.close()


def open_page(page, address: str) -> None:
    page.goto(address, wait_until="domcontentloaded")
    wait_rendered(page)


def open_sidebar(page) -> None:
    button = page.locator('[data-testid="stExpandSidebarButton"], [data-testid="stSidebarCollapsedControl"] button').first
    if button.count() and button.is_visible():
        button.click()
    page.locator('[data-testid="stSidebarUserContent"]').wait_for(state="visible")
    page.wait_for_function(SIDEBAR_OPEN_JS, timeout=RENDER_TIMEOUT_MS)  # it has slid all the way in


@pytest.mark.parametrize("lang", i18n.LANGS)
@pytest.mark.parametrize(("name", "path"), PUBLIC, ids=[name for name, _ in PUBLIC])
def test_public_pages_fit_a_phone_screen(app_server, phone, name, path, lang):
    open_page(phone, url(app_server, path, lang))
    found = phone.evaluate(OVERFLOW_JS)
    assert found["document"] <= PHONE["width"], found
    assert found["main"] <= PHONE["width"], found
    assert not found["wide"], found


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_language_switch_fits_one_row_on_a_phone(app_server, phone, lang):
    open_page(phone, url(app_server, "policies", lang))
    open_sidebar(phone)
    boxes = [b.bounding_box() for b in phone.locator('[data-testid="stSidebarUserContent"] [data-testid="stButtonGroup"] button').all()]
    assert len(boxes) == len(i18n.LANGS)
    assert len({round(box["y"]) for box in boxes}) == 1, boxes
    assert all(box["x"] + box["width"] <= PHONE["width"] for box in boxes), boxes


def test_links_and_buttons_on_a_measure_page_are_big_enough_to_tap(app_server, phone):
    open_page(phone, url(app_server, "measure?measure=8", "zh_hans"))
    selectors = '[data-testid="stMainBlockContainer"] [data-testid="stPageLink"] a, [data-testid="stMainBlockContainer"] a[href^="tel:"]'
    boxes = [phone.locator(selectors).nth(i).bounding_box() for i in range(phone.locator(selectors).count())]
    heights = [box["height"] for box in boxes if box]  # None: inside a closed part of the page
    assert heights and min(heights) >= MIN_TAP_PX, heights
    tel = phone.locator('a[href^="tel:"]')
    assert tel.count() >= 1 and {tel.nth(i).get_attribute("href") for i in range(tel.count())} >= {"tel:12360"}


def test_training_shows_one_qr_code_on_a_phone_and_one_per_session_on_a_desktop(app_server, phone, desktop):
    open_page(phone, url(app_server, "training", "en"))
    session_qrs = phone.locator('[class*="st-key-desktop-only-qr-"] img')
    assert session_qrs.count() > 1 and not any(session_qrs.nth(i).is_visible() for i in range(session_qrs.count()))
    control = phone.get_by_text(i18n.t("en", "training.page_qr"))
    assert control.is_visible()
    control.click()
    phone.locator(".st-key-phone-only-page-qr img").wait_for(state="visible")
    open_page(desktop, url(app_server, "training", "en"))
    assert desktop.locator('[class*="st-key-desktop-only-qr-"] img').first.is_visible()
    assert not desktop.get_by_text(i18n.t("en", "training.page_qr")).is_visible()


def test_reading_mode_is_switched_on_in_the_sidebar_enlarges_the_text_and_survives_a_reload(app_server, desktop):
    open_page(desktop, url(app_server, "policies", "en"))
    normal = desktop.evaluate(BODY_FONT_JS)
    desktop.get_by_text(i18n.t("en", "reading_mode.switch")).click()
    desktop.wait_for_url("**read=large**", timeout=RENDER_TIMEOUT_MS)
    wait_rendered(desktop)
    large = desktop.evaluate(BODY_FONT_JS)
    assert large >= normal * 1.2, (normal, large)
    desktop.reload(wait_until="domcontentloaded")
    wait_rendered(desktop)
    assert "read=large" in desktop.url
    assert desktop.evaluate(BODY_FONT_JS) == large
    assert desktop.locator('[data-testid="stSidebarUserContent"] input[type="checkbox"]').first.is_checked()


@pytest.mark.parametrize("lang", ["zh_hans", "en"])
def test_screenshots_at_390_and_1440(app_server, phone, desktop, lang):
    """Full-page screenshots for a human (reading mode too): test-artifacts/public/<page>_<lang>_<width>.png."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    shots = [(name, path, "") for name, path in PUBLIC[:4]] + [
        ("overview-reading", "", "read=large"),
        ("measure-reading", "measure?measure=8", "read=large"),
    ]
    for page, viewport in ((phone, PHONE), (desktop, DESKTOP)):
        for name, path, extra in shots:
            open_page(page, url(app_server, path, lang, extra))
            target = SHOTS / f"{name}_{lang}_{viewport['width']}.png"
            full_page_screenshot(page, target, viewport)
            page.set_viewport_size(viewport)
            assert target.stat().st_size > 0
