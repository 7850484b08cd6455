"""A trainer never shows localhost: the app reached through a host name (dashboard.test, which this
Chromium alone maps to 127.0.0.1, so every request stays on loopback) hands out that address in
every QR code and calendar file, including a session's own calendar file, which is built only when
it is downloaded. The presenter's start screen fits the 1280x720 stream with "start" above the
fold, lists the links the audience gets, → starts the show, and a cancelled session's deck says it
is cancelled. Screenshots go to test-artifacts/screenshots/ for a human to look at."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import icalendar
import pytest

from dashboard import i18n, training
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.browser.helpers import RENDER_TIMEOUT_MS, SCREENSHOTS, open_and_wait, wait_for_slide

pytestmark = pytest.mark.browser

HOST_NAME = "dashboard.test"  # reserved for testing (RFC 2606): never a real host
STREAM = {"width": 1280, "height": 720}
SESSION = "KF-2025-09"
CANCELLED = next(s.session_id for s in training.load_sessions() if s.status == "cancelled")
LOOPBACK = re.compile(r"localhost|127\.0\.0\.1|\[::1\]")
BOTTOM_JS = "selector => document.querySelector(selector).getBoundingClientRect().bottom"
MAIN_HEIGHT_JS = "() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight"


@pytest.fixture(scope="module")
def named_browser(browser):
    """A second Chromium of the same Playwright whose resolver maps dashboard.test to 127.0.0.1 (only
    that name: every other lookup fails, so nothing leaves the machine)."""
    rules = f"--host-resolver-rules=MAP {HOST_NAME} 127.0.0.1"
    chromium = browser.browser_type.launch(executable_path=str(CHROMIUM), args=[*CHROMIUM_ARGS, rules])
    try:
        yield chromium
    finally:
        chromium.close()


@pytest.fixture
def named_app(app_server) -> str:
    """The test server's address with the host name in place of 127.0.0.1."""
    return f"http://{HOST_NAME}:{urlsplit(app_server).port}"


def qr_text(page, locator: str, name: str) -> str:
    path = SCREENSHOTS / name
    page.locator(locator).first.screenshot(path=str(path))
    return subprocess.run(["zbarimg", "--raw", "-q", str(path)], capture_output=True, text=True, check=False).stdout.strip()


@pytest.mark.parametrize("lang", ["en", "zh_hant"])
def test_the_start_screen_fits_the_stream_lists_links_to_the_address_reached_and_arrow_starts(named_browser, named_app, lang):
    context = named_browser.new_context(viewport=STREAM)
    page = context.new_page()
    try:
        page.goto(f"{named_app}/?present={SESSION}&lang={lang}", wait_until="domcontentloaded")
        wait_for_slide(page, 0)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"present_start_{lang}_{HOST_NAME}.png"))
        start = page.locator(".st-key-present-start").inner_text()
        assert named_app in start and not LOOPBACK.search(start), start
        assert page.locator('.st-key-present-start [data-testid="stAlertContentWarning"]').count() == 0, "no loopback warning, no bad link"
        page_url = f"{named_app}/training?session={SESSION}&lang={lang}"
        assert i18n.t(lang, "present.link_qr", url=page_url) in start
        assert i18n.t(lang, "present.link_calendar", url=page_url) in start  # the calendar file, built the way the download builds it
        button = page.get_by_role("button", name=i18n.t(lang, "present.start"))
        assert button.bounding_box()["y"] + button.bounding_box()["height"] <= STREAM["height"], "start is above the fold"
        assert page.evaluate(MAIN_HEIGHT_JS) <= STREAM["height"], "the start screen fits 1280x720"

        page.locator("body").press("ArrowRight")
        wait_for_slide(page, 1)
        last = len(training.deck(training.session_by_id(training.load_sessions(), SESSION)))
        page.goto(f"{named_app}/?present={SESSION}&slide={last}&lang={lang}", wait_until="domcontentloaded")
        wait_for_slide(page, last)
        assert qr_text(page, ".st-key-slide img", f"present_qr_{lang}_{HOST_NAME}.png") == page_url
    finally:
        context.close()


def test_a_cancelled_sessions_start_screen_says_so(named_browser, named_app):
    context = named_browser.new_context(viewport=STREAM)
    page = context.new_page()
    try:
        page.goto(f"{named_app}/?present={CANCELLED}&lang=zh_hans", wait_until="domcontentloaded")
        wait_for_slide(page, 0)
        page.screenshot(path=str(SCREENSHOTS / "present_start_cancelled.png"))
        error = page.locator('.st-key-present-start [data-testid="stAlertContentError"]')
        assert i18n.t("zh_hans", "present.cancelled") in error.inner_text()
        assert error.bounding_box()["y"] < STREAM["height"]
    finally:
        context.close()


def test_calendar_files_carry_the_address_reached_and_a_demo_feed_says_demo(named_browser, named_app):
    """The session's own calendar file is built when clicked: it still carries dashboard.test."""
    context = named_browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    try:
        open_and_wait(page, f"{named_app}/training?session={SESSION}&lang=zh_hans", "training")
        with page.expect_download(timeout=RENDER_TIMEOUT_MS) as session_download:
            page.locator(f".st-key-ics-{SESSION} button").first.click()
        session_file = session_download.value
        (event,) = icalendar.Calendar.from_ical(Path(session_download.value.path()).read_bytes()).walk("VEVENT")
        expected = f"{named_app}/training?session={SESSION}&lang=zh_hans"
        assert str(event["URL"]) == expected and expected in str(event["DESCRIPTION"])
        assert not LOOPBACK.search(str(event["DESCRIPTION"]))

        with page.expect_download(timeout=RENDER_TIMEOUT_MS) as feed_download:
            page.locator(".st-key-ics-feed button").first.click()
        feed = icalendar.Calendar.from_ical(Path(feed_download.value.path()).read_bytes())
        assert "演示" in str(feed["X-WR-CALNAME"]) and feed_download.value.suggested_filename.startswith("演示")
        assert session_file.suggested_filename.startswith("演示")  # the shipped schedule is demo data
        urls = {str(e["URL"]) for e in feed.walk("VEVENT")}
        assert urls and all(url.startswith(f"{named_app}/training?") for url in urls)
    finally:
        context.close()
