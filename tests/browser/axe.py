"""axe-core in the browser tests: the script (npm, pinned in package-lock.json, installed by `make
test`), what Streamlit's own markup breaks and the app cannot change (STREAMLIT_MARKUP, each entry
narrowed to its rule and Streamlit element, with the upstream issue), and the audit that sorts the
serious and critical findings into Streamlit's and the app's."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

from tests.browser.helpers import ROOT

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = ("serious", "critical")


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


def audit(page, axe_script: Path) -> dict:
    """{"mine": the app's serious/critical findings, "streamlits": those in STREAMLIT_MARKUP}."""
    page.add_script_tag(path=str(axe_script))
    return page.evaluate(AXE_JS, {"allowed": [asdict(entry) for entry in STREAMLIT_MARKUP], "blocking": list(BLOCKING)})


def report(findings: list[dict]) -> str:
    return "\n".join(f"- {f['impact']} {f['rule']} at {f['target']}: {f['html']}\n  {f['advice']}" for f in findings[:12])
