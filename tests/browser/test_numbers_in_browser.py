"""No clipped numbers: every page in every language at a desktop width (1440×900) and a phone
width (390×844, WeChat's browser), in headless Chromium against a real `streamlit run`. A value,
change, period or badge whose text is wider than its box (cut or ellipsed) fails the page.
Screenshots: test-artifacts/screenshots/numbers/<url_path>_<lang>_<width>.png, to look at.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest

from dashboard import i18n
from tests.browser.conftest import ARTIFACTS, HOST, SERVER_START_SECONDS, _healthy, _stop
from tests.browser.test_pages_in_browser import EXISTING_PAGES, ROOT, SETTLE_MS, address, open_and_wait

pytestmark = pytest.mark.browser

SHOTS = ROOT / "test-artifacts" / "screenshots" / "numbers"
VIEWPORTS = ({"width": 1440, "height": 900}, {"width": 390, "height": 844})
MAX_HEIGHT = 16_000

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
MAIN_HEIGHT_JS = "() => (document.querySelector('[data-testid=\"stMain\"]') || document.documentElement).scrollHeight"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def own_server(browser_prerequisites, demo_store_url) -> Iterator[str]:
    """A server of this worktree's code on a port the system picks. The shared 8650-8659 range can
    answer with another checkout's server when several people run browser tests at once (a port
    found free, then taken before our server binds it, still looks healthy)."""
    port = _free_port()
    command = [sys.executable, "-m", "streamlit", "run", "streamlit_app.py", "--server.port", str(port), "--server.address", HOST]
    command += ["--server.headless", "true", "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false"]
    ARTIFACTS.mkdir(exist_ok=True)
    with (ARTIFACTS / "browser-server-numbers.log").open("w", encoding="utf-8") as log:
        process = subprocess.Popen(
            command, cwd=ROOT, env={**os.environ, "DASHBOARD_DB_URL": demo_store_url}, stdout=log, stderr=subprocess.STDOUT
        )
        base_url = f"http://{HOST}:{port}"
        try:
            deadline = time.monotonic() + SERVER_START_SECONDS
            while process.poll() is None and time.monotonic() < deadline and not _healthy(base_url):
                time.sleep(0.5)
            if process.poll() is not None or not _healthy(base_url):
                pytest.fail(f"the Streamlit server on port {port} did not start: see {log.name}")
            yield base_url
        finally:
            _stop(process)


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=lambda v: str(v["width"]))
@pytest.mark.parametrize("lang", i18n.LANGS)
@pytest.mark.parametrize("spec", EXISTING_PAGES, ids=[spec.url_path for spec in EXISTING_PAGES])
def test_no_number_is_clipped(own_server, browser, spec, lang, viewport):
    context = browser.new_context(viewport=viewport)
    try:
        page = context.new_page()
        open_and_wait(page, f"{own_server}/{address(spec)}?lang={lang}", address(spec))
        SHOTS.mkdir(parents=True, exist_ok=True)
        height = min(max(page.evaluate(MAIN_HEIGHT_JS), viewport["height"]), MAX_HEIGHT)
        page.set_viewport_size({"width": viewport["width"], "height": height})
        page.wait_for_timeout(SETTLE_MS)
        page.screenshot(path=str(SHOTS / f"{spec.url_path}_{lang}_{viewport['width']}.png"), full_page=True)
        clipped = page.evaluate(CLIPPED_JS)
        assert not clipped, f"clipped at {viewport['width']} px: {clipped[:8]}"
    finally:
        context.close()
