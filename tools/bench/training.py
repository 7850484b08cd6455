"""`make bench`'s training section: /training and its calendar feed with a long schedule, in Chromium.

A schedule of --training-sessions sessions (default 20,000: the shipped rows repeated under new ids,
three hours apart from today, all scheduled) is written to the work folder. A fresh process starts
`streamlit run` with DASHBOARD_TRAINING_DIR on it (the suite's server helper) and, in headless
Chromium, after one visit of /policies (a server that is up), times /training from navigation start
to fully rendered, cold (its first visit: the schedule is parsed in it) and warm, then the calendar feed from the click on its button to the
file downloaded. Target: each within TARGET_SECONDS.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import shutil
import time
from pathlib import Path

from loaders import settings
from loaders.paths import DATASETS_DIR

TARGET_SECONDS = 3.0
SHIPPED = DATASETS_DIR / "training"


def write_schedule(folder: Path, count: int, first: dt.datetime) -> Path:
    """sessions.csv with the shipped rows repeated `count` times under new ids, three hours apart
    from `first`, all scheduled; series.yaml as shipped."""
    with (SHIPPED / "sessions.csv").open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        header, rows = list(reader.fieldnames or []), list(reader)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, lineterminator="\r\n")
    writer.writeheader()
    for i in range(count):
        start = (first + dt.timedelta(hours=3 * i)).strftime("%Y-%m-%d %H:%M")
        writer.writerow({**rows[i % len(rows)], "session_id": f"S{i:06d}", "start_local": start, "status": "scheduled"})
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sessions.csv").write_text(buffer.getvalue(), encoding="utf-8")
    shutil.copy(SHIPPED / "series.yaml", folder / "series.yaml")
    return folder


def worker_training(folder: Path, store_url: str) -> dict:
    """Timings in this fresh process: a server on `store_url` with DASHBOARD_TRAINING_DIR=`folder`."""
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, streamlit_server
    from tools.bench.browser import RENDERED_JS, STABLE_MS, TIMEOUT_MS, VIEWPORTS, measure_visit

    out: dict = {"load_average_before": os.getloadavg()}
    with (
        settings.TRAINING_DIR.overridden(str(folder)),
        streamlit_server(store_url, ARTIFACTS / "bench-training-server.log") as base_url,
        sync_playwright() as playwright,
    ):
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_context(viewport=VIEWPORTS["desktop"], accept_downloads=True).new_page()
        out["server_warm_up_s"] = measure_visit(page, f"{base_url}/policies?lang=en")["rendered_s"]  # a server that is up
        for visit in ("cold", "warm"):
            out[f"page_{visit}_s"] = measure_visit(page, f"{base_url}/training?lang=en")["rendered_s"]
        out["cards_drawn"] = page.locator('[data-testid="stVerticalBlock"][class*="st-key-session-"]').count()
        page.wait_for_function(RENDERED_JS, arg=STABLE_MS, timeout=TIMEOUT_MS, polling=50)
        button = page.locator(".st-key-ics-feed button").first
        started = time.perf_counter()
        with page.expect_download(timeout=TIMEOUT_MS) as download:
            button.click()
        data = Path(download.value.path()).read_bytes()
        out["feed_s"] = round(time.perf_counter() - started, 3)
        out["feed_bytes"] = len(data)
        out["feed_events"] = data.count(b"BEGIN:VEVENT")
        browser.close()
    out["load_average_after"] = os.getloadavg()
    return out


def section(bench, results: dict) -> str:
    """Fills `results` and returns the section's markdown (empty when bench.training_sessions is 0)."""
    count = bench.training_sessions
    if not count:
        return ""
    today = dt.datetime.combine(dt.date.today(), dt.time(9, 0))
    folder = write_schedule(bench.workdir / "training", count, today)
    bench.log(f"/training and its calendar feed with {count:,} sessions, in Chromium (subprocess)")
    results.update(bench.run_worker(["--worker", "training", "--training-dir", str(folder), "--db", bench.duckdb_url]))
    rows = [
        ("/training, first visit (the schedule parsed in it): fully rendered", results["page_cold_s"]),
        ("/training, next visit: fully rendered", results["page_warm_s"]),
        (f"calendar feed, click to file ({results['feed_events']} events)", results["feed_s"]),
    ]
    table = "| step | seconds | target | met |\n|---|---|---|---|\n"
    table += "".join(
        f"| {what} | {seconds:.2f} | ≤ {TARGET_SECONDS:g} | {'yes' if seconds <= TARGET_SECONDS else 'NO'} |\n" for what, seconds in rows
    )
    bench.log(f"  page {results['page_cold_s']:.2f} s cold, {results['page_warm_s']:.2f} s warm; feed {results['feed_s']:.2f} s")
    return f"### Training schedule with {count:,} sessions\n\n" + table
