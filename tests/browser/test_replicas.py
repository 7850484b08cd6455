"""Two app replicas, one PostgreSQL: a load run as a job (the CLI) is seen by both after a reload.

The deployment the README describes ("Deploying for many users"): several stateless
`streamlit run` processes, each with its own caches, against one database. A replica's caches are
keyed by the store's version (the last load's finish time), so the next render after a load reads
the new rows, with no restart and no message between replicas.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

from dashboard import i18n
from loaders.paths import REPO_ROOT
from tests.browser.conftest import ARTIFACTS, streamlit_server
from tests.browser.helpers import FINISHED_JS, RENDER_TIMEOUT_MS
from tests.conftest import _postgres_schema_url

LANG = "en"


def clearance_file(path: Path, first_id: int, day: dt.date, rows: int) -> Path:
    """`rows` declarations arriving on `day` (English headers), numbered from `first_id`."""
    arrived = np.datetime64(day, "s") + np.arange(rows, dtype="int64") * np.timedelta64(10, "m")
    table = pa.table(
        {
            "Declaration number": pa.array([f"5301{first_id + i:014d}" for i in range(rows)]),
            "Direction": pa.array(["import", "export"] * (rows // 2) + ["import"] * (rows % 2)),
            "Transport mode": pa.array(["road"] * rows),
            "Customs code": pa.array(["5301"] * rows),
            "Arrival time": pa.array(arrived),
            "Declaration time": pa.array(arrived + np.timedelta64(30, "m")),
            "Release time": pa.array(arrived + np.timedelta64(5, "h")),
            "Inspected": pa.array([False] * rows),
            "AEO firm": pa.array([True] * rows),
            "Advance declaration": pa.array([False] * rows),
            "Two-step declaration": pa.array([False] * rows),
        }
    )
    pacsv.write_csv(table, path)
    return path


def load_with_cli(path: Path, url: str, var_dir: Path, covers_through: dt.date) -> None:
    """Load as a steward would, declaring the last day the export covers."""
    done = subprocess.run(
        [sys.executable, "-m", "loaders", "load", "clearance", str(path), "--db", url, "--covers-through", covers_through.isoformat()],
        cwd=REPO_ROOT,
        env={**os.environ, "DASHBOARD_VAR_DIR": str(var_dir)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def covered_through(day: dt.date) -> str:
    return i18n.t(LANG, "as_of.covered_through", date=i18n.format_date(day, LANG))


def shows(page, base_url: str, text: str) -> None:
    page.goto(f"{base_url}/clearance?lang={LANG}", wait_until="domcontentloaded")
    page.wait_for_function(FINISHED_JS, timeout=RENDER_TIMEOUT_MS)
    page.get_by_text(text).first.wait_for(timeout=RENDER_TIMEOUT_MS)


def test_a_load_through_the_cli_shows_on_both_replicas_after_a_reload(browser, browser_prerequisites, tmp_path):
    first_day, next_day = dt.date(2024, 3, 4), dt.date(2024, 5, 20)
    with contextlib.contextmanager(_postgres_schema_url)() as url:
        load_with_cli(clearance_file(tmp_path / "march.csv", 1, first_day, 40), url, tmp_path / "var", first_day)
        with (
            streamlit_server(url, ARTIFACTS / "replica-a.log") as replica_a,
            streamlit_server(url, ARTIFACTS / "replica-b.log") as replica_b,
        ):
            assert replica_a != replica_b
            context = browser.new_context()
            try:
                pages = {replica_a: context.new_page(), replica_b: context.new_page()}
                for base_url, page in pages.items():
                    shows(page, base_url, covered_through(first_day))  # both replicas cached the March store

                load_with_cli(clearance_file(tmp_path / "may.csv", 1000, next_day, 20), url, tmp_path / "var", next_day)

                for base_url, page in pages.items():
                    shows(page, base_url, covered_through(next_day))
                    assert page.get_by_text(covered_through(first_day)).count() == 0
            finally:
                context.close()
