"""Every page in every language at a desktop (1440x900) and a phone (390x844) size, opened by URL in
headless Chromium against a real `streamlit run`: one page load checks everything below.

At both sizes:
- axe-core finds no serious or critical violation in the app's own content (what Streamlit's own
  markup breaks is listed in tests/browser/axe.py), and every Plotly chart has a text alternative
  (a hidden summary right before it);
- the page is no wider than the screen;
- no number is clipped: a value, change, period or badge whose text is wider than its box (cut or
  ellipsed) fails the page.
At the desktop size, also: the page renders without a Streamlit exception, logs no console error,
contacts no host but the app's own (intranet rule), shows its title, and the navigation shows the
page's title in the requested language (so the router and the ?lang= link both work).

Screenshots for a human to look at: test-artifacts/screenshots/<url_path>_<lang>.png (desktop) and
test-artifacts/screenshots/numbers/<url_path>_<lang>_<width>.png (both sizes).
"""

from __future__ import annotations

import pytest

from dashboard import i18n
from dashboard.components.a11y import SR_ONLY
from dashboard.pages import PAGES
from tests.browser.axe import audit, report
from tests.browser.helpers import (
    EXISTING_PAGES,
    SCREENSHOTS,
    address,
    assert_router_shows,
    full_page_screenshot,
    open_and_wait,
    other_hosts,
)

pytestmark = pytest.mark.browser

SIZES = {"desktop": {"width": 1440, "height": 900}, "phone": {"width": 390, "height": 844}}
NUMBER_SHOTS = SCREENSHOTS / "numbers"

# Plotly charts without a hidden summary in the element just before theirs.
UNNAMED_CHARTS_JS = """(srOnly) => [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
    .map(chart => chart.closest('[data-testid="stElementContainer"]'))
    .filter(box => !(box.previousElementSibling && box.previousElementSibling.querySelector('.' + srOnly)))
    .map(box => box.className)"""
# Text boxes holding numbers: metric values, changes and labels (value · period), badges. A box is
# clipped when its content is wider than the box itself (overflow hidden or ellipsis).
CLIPPED_JS = """() => {
    const selectors = ['[data-testid="stMetricValue"]', '[data-testid="stMetricDelta"]', '[data-testid="stMetricLabel"]',
                       '[data-testid="stMarkdownBadge"]', '.stMarkdownBadge', '.slide-value'];
    const clipped = [];
    for (const box of document.querySelectorAll(selectors.join(','))) {
        for (const node of [box, ...box.querySelectorAll('*')]) {
            const style = getComputedStyle(node);
            if (node.offsetParent === null || style.overflowX === 'visible' && style.textOverflow !== 'ellipsis') continue;
            if (node.scrollWidth > node.clientWidth + 1) {
                clipped.push(`${box.getAttribute("data-testid") || box.className}: ${box.innerText.trim().slice(0, 80)} [${node.tagName.toLowerCase()}.${node.className}]`);
                break;
            }
        }
    }
    return clipped;
}"""


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


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", i18n.LANGS)
@pytest.mark.parametrize("spec", EXISTING_PAGES, ids=[spec.url_path for spec in EXISTING_PAGES])
def test_page_in_browser(app_server, browser, axe_script, screenshots, spec, lang, size):
    viewport = SIZES[size]
    phone = size == "phone"
    context = browser.new_context(viewport=viewport, is_mobile=phone, has_touch=phone)
    try:
        page = context.new_page()
        visit = open_and_wait(page, f"{app_server}/{address(spec)}?lang={lang}", address(spec))
        # Everything is read before the window grows for the screenshots, which come before any
        # assertion so that a failing page can still be looked at.
        found = audit(page, axe_script)
        unnamed = page.evaluate(UNNAMED_CHARTS_JS, SR_ONLY)
        document_width, screen_width = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
        full_page_screenshot(page, NUMBER_SHOTS / f"{spec.url_path}_{lang}_{viewport['width']}.png", viewport)
        if not phone:
            (screenshots / f"{spec.url_path}_{lang}.png").write_bytes(
                (NUMBER_SHOTS / f"{spec.url_path}_{lang}_{viewport['width']}.png").read_bytes()
            )
        clipped = page.evaluate(CLIPPED_JS)  # at the full height, as in the screenshot

        assert not found["mine"], f"axe-core: serious/critical violations on {spec.url_path} ({lang}, {size}):\n{report(found['mine'])}"
        assert not unnamed, f"charts without a text alternative before them: {unnamed}"
        assert document_width <= screen_width, f"{spec.url_path} ({lang}, {size}) is {document_width}px wide on a {screen_width}px screen"
        assert not clipped, f"clipped at {viewport['width']} px: {clipped[:8]}"
        if phone:
            return
        exceptions = page.locator('[data-testid="stException"]').all_inner_texts()
        assert not exceptions, f"Streamlit exception on the page: {exceptions[0][:600]}"
        assert not visit.page_errors, f"uncaught JavaScript errors: {visit.page_errors[:5]}"
        assert not visit.console_errors, f"console errors: {visit.console_errors[:5]}"
        outside = other_hosts(visit.requests)
        assert not outside, f"requests to hosts other than the app's own: {outside[:10]}"
        assert_router_shows(page, spec, lang)
    finally:
        context.close()
