"""`make bench`'s training section, on a small schedule: a real server and Chromium draw one page of
session cards and download the calendar feed with the next FEED_MAX_SESSIONS sessions."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import pytest

from dashboard import training
from dashboard.views.training import PAGE_SIZE
from loaders.paths import REPO_ROOT
from tools.bench.training import write_schedule

pytestmark = pytest.mark.browser


def test_the_training_section_times_the_page_and_the_feed(browser_prerequisites, demo_store_url, tmp_path):
    folder = write_schedule(tmp_path / "training", 300, dt.datetime.combine(dt.date.today(), dt.time(9, 0)))
    done = subprocess.run(
        [sys.executable, "-m", "tools.bench", "--worker", "training", "--training-dir", str(folder), "--db", demo_store_url],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["cards_drawn"] == PAGE_SIZE
    assert result["feed_events"] == training.FEED_MAX_SESSIONS
    assert all(result[key] > 0 for key in ("page_cold_s", "page_warm_s", "feed_s"))
