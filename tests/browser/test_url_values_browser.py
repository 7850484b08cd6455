"""URL values are text: Markdown, HTML, autolinks and javascript: fed through every query parameter of
every page, in every language, draw no clickable link, no image and no request to another host.

Each page is opened once per language with every parameter a page reads set to a hostile value at
once (a different one per parameter); presenter mode is opened with hostile ?present= and ?slide=.
Every request the browser makes is intercepted: one to a host outside 127.0.0.0/8 is recorded and
aborted, so the test fails on it without anything leaving the machine."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlencode, urlsplit

import pytest

from dashboard import i18n
from dashboard.components.filters import SHOWN_CHARACTERS
from dashboard.components.safe_text import JOINER
from tests.browser.helpers import EXISTING_PAGES, FINISHED_JS, RENDER_TIMEOUT_MS, address, wait_rendered

pytestmark = pytest.mark.browser

EVIL = "evil.example"
HOSTILE_VALUES = (
    f"[click](https://{EVIL}/link)",
    f"![x](https://{EVIL}/p.png)",
    f'<img src="https://{EVIL}/h.png"><a href="https://{EVIL}/h">h</a>',
    "javascript:alert(1)",
    f"https://{EVIL}/bare www.{EVIL}",
    "[js](javascript:alert(2)) <script>alert(3)</script>",
)
# Every query parameter a page reads (filters, period, reading mode, tabs, deep links).
PARAMETERS = (
    "from", "to", "grain", "split", "green", "q", "tab", "read", "measure", "session", "series",
    "ports", "categories", "direction", "mode", "lab", "origin", "country", "slide",
)  # fmt: skip
# Links that lead to the outside host or run script, and any image or frame drawn from the outside
# host (the page's own links may carry the hostile values in their query string: those stay here).
OFFENDING_ELEMENTS_JS = """(host) => {
    const target = (value) => { try { return new URL(value, location.href); } catch (e) { return null; } };
    const outside = (url) => url !== null && (url.hostname === host || url.hostname.endsWith('.' + host));
    return [
        ...[...document.querySelectorAll('a[href]')].map(a => target(a.getAttribute('href')))
            .filter(url => url !== null && (outside(url) || url.protocol === 'javascript:')).map(url => 'link: ' + url.href),
        ...[...document.querySelectorAll('img, image, iframe, object, embed, video, audio, source, script[src]')]
            .map(e => target(e.getAttribute('src') || e.getAttribute('href') || e.getAttribute('xlink:href') || e.getAttribute('data') || ''))
            .filter(outside).map(url => 'image: ' + url.href),
    ];
}"""


def _loopback(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about"):
        return True
    host = parts.hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _hostile_query(lang: str) -> str:
    values = {name: HOSTILE_VALUES[i % len(HOSTILE_VALUES)] for i, name in enumerate(PARAMETERS)}
    return urlencode({"lang": lang, **values})


@pytest.fixture
def guarded_page(browser):
    """A page whose every request to a host outside loopback is recorded and aborted."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    outside: list[str] = []

    def route(request_route) -> None:
        url = request_route.request.url
        if _loopback(url):
            request_route.continue_()
        else:
            outside.append(url)
            request_route.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("websocket", lambda socket: None if _loopback(socket.url) else outside.append(socket.url))
    try:
        yield page, outside
    finally:
        context.close()


def _assert_inert(page, outside: list[str]) -> None:
    assert not page.locator('[data-testid="stException"]').all_inner_texts()
    assert page.evaluate(OFFENDING_ELEMENTS_JS, EVIL) == []
    assert outside == []


@pytest.mark.parametrize("lang", i18n.LANGS)
@pytest.mark.parametrize("spec", EXISTING_PAGES, ids=lambda spec: spec.url_path)
def test_hostile_values_in_every_parameter_of_every_page(app_server, guarded_page, spec, lang):
    page, outside = guarded_page
    page.goto(f"{app_server}/{address(spec)}?{_hostile_query(lang)}", wait_until="domcontentloaded")
    wait_rendered(page)
    _assert_inert(page, outside)


@pytest.mark.parametrize("lang", i18n.LANGS)
@pytest.mark.parametrize("value", HOSTILE_VALUES, ids=range(len(HOSTILE_VALUES)))
def test_hostile_presenter_addresses(app_server, guarded_page, lang, value):
    """Before: /?present=[click](https://evil.example) drew a clickable off-site link."""
    page, outside = guarded_page
    page.goto(f"{app_server}/?{urlencode({'present': value, 'slide': value, 'lang': lang})}", wait_until="domcontentloaded")
    page.wait_for_function(FINISHED_JS, timeout=RENDER_TIMEOUT_MS)
    page.wait_for_load_state("networkidle")
    _assert_inert(page, outside)
    shown = " ".join(page.locator('[data-testid="stAlert"]').all_inner_texts()).replace(JOINER, "")
    assert value[:SHOWN_CHARACTERS] in shown, shown  # the session id is named as typed (its first 40 characters)


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_a_hostile_session_on_the_training_page_is_named_as_text(app_server, guarded_page, lang):
    """Before: /training?session=![x](https://evil.example/p.png) made the browser fetch an outside host."""
    page, outside = guarded_page
    value = HOSTILE_VALUES[1]
    page.goto(f"{app_server}/training?{urlencode({'session': value, 'lang': lang})}", wait_until="domcontentloaded")
    wait_rendered(page)
    _assert_inert(page, outside)
    shown = " ".join(page.locator('[data-testid="stAlert"]').all_inner_texts()).replace(JOINER, "")
    assert value in shown, shown
