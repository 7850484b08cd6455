"""`make bench` at the smallest N that exercises it: every step runs in its own process and the table holds every metric,
on DuckDB and PostgreSQL side by side (the concurrency and training sections have their own tests:
tests/browser/test_concurrency.py, tests/browser/test_bench_training.py)."""

from __future__ import annotations

import json
import subprocess
import sys

from loaders.paths import REPO_ROOT

# The smallest store that still has every step: a few declarations a day over the four years, so
# the extra day holds rows and the filtered view is not empty.
ROWS = 3000


def test_bench_measures_every_step_on_a_small_file(tmp_path):
    out = tmp_path / "bench.json"
    command = [
        sys.executable,
        "-m",
        "tools.bench",
        "--rows",
        str(ROWS),
        "--repeat",
        "1",
        "--naive-repeat",
        "1",
        "--no-floor",
        "--sessions",
        "0",
        "--training-sessions",
        "0",
    ]
    done = subprocess.run(
        [*command, "--workdir", str(tmp_path / "work"), "--out", str(out)], cwd=REPO_ROOT, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(out.read_text(encoding="utf-8"))
    load = result["ours"]["load"]
    assert (load["rows_read"], load["rows_accepted"], load["rows_rejected"]) == (ROWS, ROWS, 0)
    assert result["ours"]["full_aggregate"]["declarations"] == ROWS
    assert result["ours"]["filtered_aggregate"]["declarations"] > 0
    assert result["naive"]["load"]["rows"] == ROWS
    metrics = {row["metric"]: row for row in result["metrics"]}
    assert all(row["ours"] is not None for row in metrics.values())
    assert all(row["naive"] is not None for row in metrics.values() if row["target"] != "(info)")
    assert "| CSV load into the store (rows/s)" in done.stdout

    engines = result["sections"]["engines"]
    assert list(engines) == ["duckdb", "postgresql"]
    for name, measured in engines.items():
        assert measured["load"]["rows_accepted"] == ROWS, name
        assert measured["full_aggregate"]["declarations"] == ROWS, name
        assert measured["filtered_aggregate"]["declarations"] > 0, name
        day = measured["extra_day"]
        assert (day["rows_read"], day["rows_accepted"]) == (ROWS // 1461, ROWS // 1461), name
        assert set(measured["pages"]["pages"]) == {"clearance", "ports_map"}
        assert all(page["total_s"] > 0 and page["calls_s"] for page in measured["pages"]["pages"].values())
    # the same aggregate on both engines: PostgreSQL holds what DuckDB holds
    assert engines["duckdb"]["full_aggregate"]["groups"] == engines["postgresql"]["full_aggregate"]["groups"]
    assert engines["duckdb"]["filtered_aggregate"]["declarations"] == engines["postgresql"]["filtered_aggregate"]["declarations"]
    assert f"| N = {ROWS:,} | duckdb | postgresql | target |" in done.stdout
    assert "| one extra day loaded into the N-row store |" in done.stdout
