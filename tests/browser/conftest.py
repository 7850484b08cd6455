"""Real-browser fixtures: a `streamlit run` server on a small demo store, and Debian's headless Chromium.

The browser is the system one (/usr/bin/chromium, never a downloaded build) and pages need a CJK
font to render. When either is missing the tests skip with the reason, except in CI
(CI=true), where the browser tests must run: there a missing prerequisite is a failure.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
SERVER_LOG = ARTIFACTS / "browser-server.log"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PORTS = range(8650, 8660)
HOST = "127.0.0.1"
SERVER_START_SECONDS = 120


def skip_or_fail(reason: str) -> None:
    """Skip on a developer machine; fail in CI, where the browser tests must run."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"browser tests must run in CI: {reason}", pytrace=False)
    pytest.skip(f"{reason} (set up by .ci/run; in CI this is a failure)")


def _cjk_font_installed() -> bool:
    if shutil.which("fc-list") is None:
        return False
    listing = subprocess.run(["fc-list", ":lang=zh-cn", "family"], capture_output=True, text=True, check=False)
    return bool(listing.stdout.strip())


@pytest.fixture(scope="session")
def browser_prerequisites() -> None:
    if not CHROMIUM.exists():
        skip_or_fail(f"{CHROMIUM} is missing: apt-get install chromium")
    if not _cjk_font_installed():
        skip_or_fail("no CJK font installed (fc-list :lang=zh-cn is empty): apt-get install fonts-wqy-microhei")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        skip_or_fail("python playwright is not installed: make setup")


def _port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((HOST, port))
        except OSError:
            return False
    return True


def _listens(pid: int, port: int) -> bool:
    """Whether process `pid` itself holds the listening socket on `port` (Linux /proc): a free port can
    be taken by someone else's server between the probe and our bind, and that server answers too."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if fields[3] == "0A" and int(fields[1].rsplit(":", 1)[1], 16) == port:  # 0A: LISTEN
                inodes.add(fields[9])
    wanted = {f"socket:[{inode}]" for inode in inodes}
    try:
        descriptors = list(Path(f"/proc/{pid}/fd").iterdir())
    except OSError:
        return False
    for descriptor in descriptors:
        with contextlib.suppress(OSError):  # closed meanwhile
            if os.readlink(descriptor) in wanted:
                return True
    return False


def _healthy(base_url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{base_url}/_stcore/health", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)


def _log_tail(log_path: Path, lines: int = 30) -> str:
    text = log_path.read_text(encoding="utf-8", errors="replace") if log_path.exists() else ""
    return "\n".join(text.splitlines()[-lines:])


@contextmanager
def streamlit_server(store_url: str, log_path: Path) -> Iterator[str]:
    """`streamlit run streamlit_app.py` on `store_url`, on a free port in 8650-8659; yields its base URL, then stops it."""
    ARTIFACTS.mkdir(exist_ok=True)
    env = {**os.environ, "DASHBOARD_DB_URL": store_url}
    with log_path.open("w", encoding="utf-8") as log:
        for port in (port for port in PORTS if _port_is_free(port)):
            command = [sys.executable, "-m", "streamlit", "run", "streamlit_app.py"]
            command += ["--server.port", str(port), "--server.address", HOST, "--server.headless", "true"]
            # Other people edit files while the tests run: no watcher, so the server never reloads mid-suite.
            command += ["--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false"]
            log.write(f"$ {' '.join(command)}\n")
            log.flush()
            process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
            base_url = f"http://{HOST}:{port}"
            deadline = time.monotonic() + SERVER_START_SECONDS

            def ours(process=process, port=port, base_url=base_url) -> bool:
                return process.poll() is None and _listens(process.pid, port) and _healthy(base_url)

            while process.poll() is None and time.monotonic() < deadline and not ours():
                time.sleep(0.5)
            if ours():
                try:
                    yield base_url
                finally:
                    _stop(process)
                return
            _stop(process)  # exited (port taken in the meantime?) or never became healthy: try the next port
    pytest.fail(f"no Streamlit server became healthy on ports {PORTS.start}-{PORTS.stop - 1}; see {log_path}:\n{_log_tail(log_path)}")


@pytest.fixture(scope="session")
def app_server(browser_prerequisites, demo_store_url) -> Iterator[str]:
    """One server on the small demo store for the whole session; yields its base URL."""
    with streamlit_server(demo_store_url, SERVER_LOG) as base_url:
        yield base_url


@pytest.fixture(scope="session")
def browser(browser_prerequisites):
    """One headless Chromium for the whole session; each test opens its own context."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="session")
def axe_script() -> Path:
    """axe-core's script, as `make test` installs it from package-lock.json."""
    from tests.browser.axe import AXE

    if not AXE.is_file():
        skip_or_fail(f"{AXE.relative_to(ROOT)} is missing: npm ci --no-audit --no-fund (make test runs it)")
    return AXE
