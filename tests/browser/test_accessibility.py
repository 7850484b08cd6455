"""axe-core (npm, pinned in package-lock.json, installed by `make test`) on every public page in
every language, on a desktop (1440x900) and a phone (390x844): no serious or critical violation in
the app's own content. What Streamlit's own markup breaks and the app cannot change is listed in
STREAMLIT_MARKUP, each entry narrowed to its rule and the Streamlit element, with the upstream
issue; anything else fails the test with the rule, the element and axe's advice.

Each page also gives every Plotly chart a text alternative: a hidden summary right before it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

import pytest

from dashboard import i18n
from dashboard.components.a11y import SR_ONLY
from tests.browser.conftest import skip_or_fail
from tests.browser.test_pages_in_browser import EXISTING_PAGES, address, open_and_wait

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VIEWPORTS = {"desktop": {"width": 1440, "height": 900}, "phone": {"width": 390, "height": 844}}
BLOCKING = ("serious", "critical")
PRESENTER_SESSION = "KF-2025-09"


@dataclass(frozen=True)
class StreamlitMarkup:
    """A violation in markup Streamlit renders for the app, which the app cannot change."""

    rule: str  # axe rule id
    selector: str  # the offending node is, or is inside, this Streamlit element
    upstream: str
    why: str


STREAMLIT_MARKUP = (
    StreamlitMarkup(
        "list",
        '[data-testid="stSidebarNavItems"]',
        "https://github.com/streamlit/streamlit/issues/8399",
        "st.navigation's sidebar list puts its section headers (<div>) directly inside the <ul>",
    ),
    StreamlitMarkup(
        "listitem",
        '[data-testid="stSidebarNav"] li',
        "https://github.com/streamlit/streamlit/issues/8399",
        "st.navigation's sidebar sections wrap their <li> items in a <div>, not a list",
    ),
    StreamlitMarkup(
        "svg-img-alt",
        '[data-testid="stMetricChart"] g[class*="highlighted_points_marks"]',
        "https://github.com/streamlit/streamlit/issues/8399",
        "st.metric's sparkline (Vega) adds an empty hover-highlight mark group with role graphics-symbol and no name; "
        "the tile's own text states the values",
    ),
)

# Runs axe on the whole document, then sorts the blocking findings into Streamlit's (allowed) and the app's.
AXE_JS = """async ({allowed, blocking}) => {
    const result = await axe.run(document, {resultTypes: ['violations']});
    const mine = [], streamlits = [];
    for (const violation of result.violations) {
        if (!blocking.includes(violation.impact)) continue;
        for (const node of violation.nodes) {
            const element = node.target.length === 1 ? document.querySelector(node.target[0]) : null;
            const known = element !== null && allowed.some(entry => entry.rule === violation.id && element.closest(entry.selector) !== null);
            (known ? streamlits : mine).push({rule: violation.id, impact: violation.impact, target: node.target.join(' '),
                                              html: node.html.slice(0, 200), advice: (node.failureSummary || '').slice(0, 400)});
        }
    }
    return {mine, streamlits};
}"""

# Plotly charts without a hidden summary in the element just before theirs.
UNNAMED_CHARTS_JS = """(srOnly) => [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
    .map(chart => chart.closest('[data-testid="stElementContainer"]'))
    .filter(box => !(box.previousElementSibling && box.previousElementSibling.querySelector('.' + srOnly)))
    .map(box => box.className)"""


@pytest.fixture(scope="module")
def axe_script() -> Path:
    if not AXE.is_file():
        skip_or_fail(f"{AXE.relative_to(ROOT)} is missing: npm ci --no-audit --no-fund (make test runs it)")
    return AXE


def audit(page, axe_script: Path) -> dict:
    page.add_script_tag(path=str(axe_script))
    return page.evaluate(AXE_JS, {"allowed": [asdict(entry) for entry in STREAMLIT_MARKUP], "blocking": list(BLOCKING)})


def report(findings: list[dict]) -> str:
    return "\n".join(f"- {f['impact']} {f['rule']} at {f['target']}: {f['html']}\n  {f['advice']}" for f in findings[:12])


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("lang", i18n.LANGS)
@pytest.mark.parametrize("spec", EXISTING_PAGES, ids=[spec.url_path for spec in EXISTING_PAGES])
def test_no_serious_violation_in_the_apps_own_content(app_server, browser, axe_script, spec, lang, viewport):
    context = browser.new_context(viewport=VIEWPORTS[viewport], is_mobile=viewport == "phone", has_touch=viewport == "phone")
    try:
        page = context.new_page()
        open_and_wait(page, f"{app_server}/{address(spec)}?lang={lang}", address(spec))
        found = audit(page, axe_script)
        assert not found["mine"], f"axe-core: serious/critical violations on {spec.url_path} ({lang}, {viewport}):\n{report(found['mine'])}"
        unnamed = page.evaluate(UNNAMED_CHARTS_JS, SR_ONLY)
        assert not unnamed, f"charts without a text alternative before them: {unnamed}"
        document_width, screen_width = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
        assert document_width <= screen_width, (
            f"{spec.url_path} ({lang}, {viewport}) is {document_width}px wide on a {screen_width}px screen"
        )
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["zh_hans", "en"])
def test_no_serious_violation_in_presenter_mode(app_server, browser, axe_script, lang):
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    try:
        page = context.new_page()
        open_and_wait(page, f"{app_server}/?present={PRESENTER_SESSION}&slide=1&lang={lang}", "")
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
    context = browser.new_context(viewport=VIEWPORTS["desktop"])
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
