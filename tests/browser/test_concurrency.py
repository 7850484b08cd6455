"""`python -m tools.bench.concurrency`, small: three concurrent Chromium sessions on one page of the
demo server render without an error, and the report holds their times beside one session's."""

from __future__ import annotations

import json
import subprocess
import sys

from loaders.paths import REPO_ROOT
from tools.bench import concurrency


def test_three_concurrent_sessions_render_the_clearance_page_without_error(app_server):
    result = concurrency.run(3, ["clearance"], base_url=app_server)
    [row] = result["summary"]["pages"]
    assert row["errors"] == []
    assert row["renders"] == 3
    assert 0 < row["p50_s"] <= row["p95_s"] <= row["max_s"]
    assert row["single_s"] > 0 and row["p95_over_single"] > 0
    assert "| clearance | 3 | 3 |" in result["table_markdown"]
    json.dumps(result)  # the report is JSON as written by the command


def test_an_unknown_page_is_refused_before_any_server_starts(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "tools.bench.concurrency", "--sessions", "1", "--pages", "nowhere", "--out", str(tmp_path / "c.json")],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode != 0
    assert "unknown page 'nowhere'" in done.stderr
    assert not (tmp_path / "c.json").exists()
