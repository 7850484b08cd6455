"""Accessibility beyond the page sweep (tests/browser/test_pages_in_browser.py runs axe-core on every
page in every language at both sizes): axe-core in presenter mode, a visible keyboard focus, and the
list of what Streamlit's own markup breaks (tests/browser/axe.py) kept narrow and sourced.
"""

from __future__ import annotations

import pytest

from tests.browser.axe import STREAMLIT_MARKUP, audit, report
from tests.browser.helpers import EXISTING_PAGES, address, open_and_wait, wait_for_slide

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1440, "height": 900}
PRESENTER_SESSION = "KF-2025-09"


@pytest.mark.parametrize("lang", ["zh_hans", "en"])
def test_no_serious_violation_in_presenter_mode(app_server, browser, axe_script, lang):
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    try:
        page = context.new_page()
        page.goto(f"{app_server}/?present={PRESENTER_SESSION}&slide=1&lang={lang}", wait_until="domcontentloaded")
        wait_for_slide(page, 1)
        found = audit(page, axe_script)
        assert not found["mine"], f"axe-core: serious/critical violations in presenter mode ({lang}):\n{report(found['mine'])}"
    finally:
        context.close()


FOCUSED_JS = """() => {
    const element = document.activeElement;
    if (!element || element === document.body) return null;
    const style = getComputedStyle(element);
    return {tag: element.tagName, role: element.getAttribute('role') || '', text: (element.innerText || element.getAttribute('aria-label') || '').slice(0, 40),
            outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2 ? style.outlineWidth + ' ' + style.outlineColor : ''};
}"""


def test_keyboard_focus_is_visible_on_every_link_and_button(app_server, browser):
    """Tab through the measure page (links, the language switch, tabs, buttons): each link, button
    and tab shows an outline of at least 2 px while it has the keyboard focus."""
    spec = next(spec for spec in EXISTING_PAGES if spec.url_path == "measure")
    context = browser.new_context(viewport=DESKTOP)
    try:
        page = context.new_page()
        open_and_wait(page, f"{app_server}/{address(spec)}?measure=8&lang=zh_hans", address(spec))
        seen, invisible = [], []
        for _ in range(40):
            page.keyboard.press("Tab")
            focused = page.evaluate(FOCUSED_JS)
            if focused is None or not (focused["tag"] in ("A", "BUTTON") or focused["role"] in ("tab", "button", "link")):
                continue
            seen.append(focused)
            if not focused["outline"]:
                invisible.append(focused)
        assert len(seen) >= 10, f"the keyboard reached too few links and buttons: {seen}"
        assert not invisible, f"focused without a visible outline: {invisible[:8]}"
    finally:
        context.close()


def test_the_allow_list_names_its_upstream_issue_and_a_narrow_selector():
    for entry in STREAMLIT_MARKUP:
        assert entry.upstream.startswith("https://github.com/streamlit/streamlit/issues/"), entry
        assert "data-testid" in entry.selector and entry.rule and entry.why, entry
