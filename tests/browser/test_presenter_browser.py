"""Presenter mode in headless Chromium at a livestream's 1280x720: no app chrome, slide titles big
enough to read on a phone, next / → move the slide number in the URL, the closing slide shows
its QR code, and nothing is fetched from another host. Screenshots of two slides go to
test-artifacts/screenshots/present_<n>.png for a human to look at."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from dashboard import i18n, training
from dashboard.components import a11y, slides
from tests.browser.helpers import RENDER_TIMEOUT_MS, SCREENSHOTS, other_hosts, rerun_and_wait, wait_for_slide

pytestmark = pytest.mark.browser

STREAM = {"width": 1280, "height": 720}
SESSION = "KF-2025-09"  # title, 3 indicator slides, 3 measure slides, closing slide
MIN_TITLE_PX = 40

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


def slide_in_url(page) -> str:
    return parse_qs(urlsplit(page.url).query)["slide"][0]


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


# --- every slide fits 1280x720, the QR code decodes to the right address, controls hide -------

OVERFLOW_JS = """() => {
    const slide = document.querySelector('.st-key-slide');
    const bad = [];
    const label = (el) => (el.innerText || el.textContent || '').trim().slice(0, 60);
    for (const el of slide.querySelectorAll('*')) {
        // charts and images are checked below; screen-reader-only text is clipped to 1 px on purpose
        if (el.closest('.js-plotly-plot') || el.tagName === 'IMG' || el.closest('.SR_ONLY_CLASS')) continue;
        if (el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'auto') {
            bad.push(`${el.tagName}.${el.className}: ${label(el)} (${el.scrollWidth} > ${el.clientWidth})`);
        }
    }
    for (const span of slide.querySelectorAll('.slide-value span, .slide-phone')) {
        const box = span.closest('[data-testid="stMarkdownContainer"]').getBoundingClientRect();
        const own = span.getBoundingClientRect();
        if (own.right > box.right + 1 || own.left < box.left - 1) bad.push(`value ${label(span)} leaves its column`);
    }
    for (const svg of slide.querySelectorAll('.js-plotly-plot .main-svg:first-of-type')) {
        const frame = svg.getBoundingClientRect();
        for (const text of svg.parentElement.querySelectorAll('.xtick text, .ytick text, .annotation-text, .legendtext')) {
            const r = text.getBoundingClientRect();
            if (r.width && (r.left < frame.left - 1 || r.right > frame.right + 1 || r.top < frame.top - 1 || r.bottom > frame.bottom + 1)) {
                bad.push(`chart text cut off: ${label(text)}`);
            }
        }
    }
    if (document.documentElement.scrollWidth > window.innerWidth) bad.push(`page ${document.documentElement.scrollWidth}px wide`);
    return bad;
}""".replace("SR_ONLY_CLASS", a11y.SR_ONLY)
IDLE_JS = "() => document.body.classList.contains('present-idle')"
CONTROLS_OPACITY_JS = "() => parseFloat(getComputedStyle(document.querySelector('.st-key-present-controls')).opacity)"


def slides_to_check(lang: str) -> list[tuple[str, int]]:
    """(session, slide number) covering every distinct slide of the shipped decks: each indicator
    chart and each measure once, the closing slide, and the title slide with the longest title."""
    sessions = training.load_sessions()
    seen, chosen = set(), []
    for session in sessions:
        for number, slide in enumerate(training.deck(session), start=1):
            if slide.kind in ("indicator", "measure") and (slide.kind, slide.ref) not in seen:
                seen.add((slide.kind, slide.ref))
                chosen.append((session.session_id, number))
    longest = max(sessions, key=lambda s: len(s.title[lang]))
    chosen += [(longest.session_id, 1), (SESSION, len(training.deck(training.session_by_id(sessions, SESSION))))]
    return chosen


def open_slide(page, base: str, session_id: str, number: int, lang: str) -> None:
    page.goto(f"{base}/?present={session_id}&slide={number}&lang={lang}", wait_until="domcontentloaded")
    wait_for_slide(page, number)


def qr_text(page, path: Path) -> str:
    import subprocess

    page.locator(".st-key-slide img").first.screenshot(path=str(path))
    decoded = subprocess.run(["zbarimg", "--raw", "-q", str(path)], capture_output=True, text=True, check=False)
    return decoded.stdout.strip()


@pytest.mark.parametrize("lang", ["en", "zh_hans"])
def test_no_text_overflows_on_any_slide_of_the_shipped_decks(app_server, stream_page, lang):
    page, problems, shown = stream_page, {}, None
    for session_id, number in slides_to_check(lang):
        if shown == (session_id, number - 1):  # the next slide of the same deck: a click (a rerun) instead of a page load
            rerun_and_wait(page, page.get_by_role("button", name=i18n.t(lang, "present.next")).click)
            wait_for_slide(page, number)
        else:
            open_slide(page, app_server, session_id, number, lang)
        shown = (session_id, number)
        found = page.evaluate(OVERFLOW_JS)
        if found:
            problems[f"{session_id} slide {number}"] = found
    assert problems == {}


@pytest.mark.parametrize("lang", ["zh_hans", "en"])
def test_start_screen_warns_about_the_loopback_address_and_the_qr_decodes_to_it(app_server, stream_page, lang):
    """No DASHBOARD_PUBLIC_URL: the QR code carries the address the test reached the app at."""
    page = stream_page
    page.goto(f"{app_server}/?present={SESSION}&lang={lang}", wait_until="domcontentloaded")
    wait_for_slide(page, 0)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"present_{lang}_start.png"))
    warning = i18n.t(lang, "present.loopback", host="127.0.0.1", setting=training.PUBLIC_URL_ENV)
    assert warning in page.locator(".st-key-present-start").inner_text()
    assert i18n.t(lang, "present.rehearsal") in page.locator(".st-key-present-start").inner_text()

    page.get_by_role("button", name=i18n.t(lang, "present.start")).click()
    wait_for_slide(page, 1)
    page.screenshot(path=str(SCREENSHOTS / f"present_{lang}_slide1.png"))
    open_slide(page, app_server, SESSION, 2, lang)
    page.screenshot(path=str(SCREENSHOTS / f"present_{lang}_slide2.png"))
    last = len(training.deck(training.session_by_id(training.load_sessions(), SESSION)))
    open_slide(page, app_server, SESSION, last, lang)
    page.screenshot(path=str(SCREENSHOTS / f"present_{lang}_closing.png"))
    expected = f"{app_server}/training?session={SESSION}&lang={lang}"
    assert qr_text(page, SCREENSHOTS / f"present_{lang}_qr.png") == expected
    assert expected in page.locator(".st-key-slide .slide-qr-address").inner_text()


@pytest.fixture
def public_url_server(browser_prerequisites, demo_store_url, monkeypatch):
    from tests.browser.conftest import ARTIFACTS, streamlit_server

    monkeypatch.setenv(training.PUBLIC_URL_ENV, "https://dash.example.gov.cn/sz")
    with streamlit_server(demo_store_url, ARTIFACTS / "browser-server-public-url.log") as base_url:
        yield base_url


def test_with_the_setting_the_qr_decodes_to_the_public_address(public_url_server, stream_page):
    page = stream_page
    last = len(training.deck(training.session_by_id(training.load_sessions(), SESSION)))
    open_slide(page, public_url_server, SESSION, last, "en")
    assert qr_text(page, SCREENSHOTS / "present_en_qr_public.png") == f"https://dash.example.gov.cn/sz/training?session={SESSION}&lang=en"
    page.goto(f"{public_url_server}/?present={SESSION}&slide=0&lang=en", wait_until="domcontentloaded")
    wait_for_slide(page, 0)
    start = page.locator(".st-key-present-start").inner_text()
    assert "https://dash.example.gov.cn/sz" in start and i18n.t("en", "present.rehearsal_ok", total=last) in start
    assert not page.locator('.st-key-present-start [data-testid="stAlertContentWarning"]').count()


def pause_clock(page) -> None:
    """Stop the page's clock where it is: from here on its timers move only with clock.run_for."""
    page.clock.pause_at(dt.datetime.fromtimestamp((page.evaluate("Date.now()") + 1) / 1000, tz=dt.UTC))


def test_controls_hide_without_mouse_movement_and_return_on_movement(app_server, stream_page):
    """The idle timer runs on Playwright's clock: the test moves time on instead of waiting it out.
    The fade itself is a CSS transition (0.4 s), which the test waits for with the clock running."""
    page = stream_page
    page.clock.install()
    open_slide(page, app_server, SESSION, 2, "en")
    pause_clock(page)
    page.mouse.move(300, 300)
    page.clock.run_for(slides.IDLE_MS - 500)
    assert not page.evaluate(IDLE_JS) and page.evaluate(CONTROLS_OPACITY_JS) == 1
    page.clock.run_for(1_000)  # past IDLE_MS without movement
    assert page.evaluate(IDLE_JS)
    page.clock.resume()
    page.wait_for_function(f"() => ({CONTROLS_OPACITY_JS})() === 0", timeout=RENDER_TIMEOUT_MS)  # the fade
    page.mouse.move(400, 320)
    page.wait_for_function(f"() => ({CONTROLS_OPACITY_JS})() === 1", timeout=RENDER_TIMEOUT_MS)
    assert not page.evaluate(IDLE_JS)
    page.get_by_role("button", name=i18n.t("en", "present.next")).focus()  # keyboard focus keeps them shown
    pause_clock(page)
    page.clock.run_for(slides.IDLE_MS + 1_000)
    assert page.evaluate(IDLE_JS), "the timer ran out"
    assert page.evaluate(CONTROLS_OPACITY_JS) == 1, "and the focused controls stay shown"


def test_slides_have_no_plotly_toolbar_or_focus_frame(app_server, stream_page):
    page = stream_page
    open_slide(page, app_server, SESSION, 2, "en")
    chart = page.locator('.st-key-slide [data-testid="stPlotlyChart"]').first
    chart.hover()
    chart.click()
    assert not page.locator(".st-key-slide .modebar").count() or not page.locator(".st-key-slide .modebar").first.is_visible()
    frames = page.evaluate(
        """() => [...document.querySelectorAll('.st-key-slide [data-testid="stPlotlyChart"], .st-key-slide [data-testid="stPlotlyChart"] *')]
            .filter(el => { const s = getComputedStyle(el); return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0; }).length"""
    )
    assert frames == 0
    assert page.evaluate(OVERFLOW_JS) == []
    # the overflow check sees a value that leaves its column and a cut-off chart label
    page.add_style_tag(content=".slide-value { font-size: 400px !important; } .ytick text { transform: translateX(-2000px); }")
    found = page.evaluate(OVERFLOW_JS)
    assert any("leaves its column" in line for line in found) and any("chart text cut off" in line for line in found), found
