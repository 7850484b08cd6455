"""`make bench` at a small N: every step runs in its own process and the table holds every metric."""

from __future__ import annotations

import json
import subprocess
import sys

from loaders.paths import REPO_ROOT


def test_bench_measures_every_step_on_a_small_file(tmp_path):
    out = tmp_path / "bench.json"
    command = [sys.executable, "-m", "tools.bench", "--rows", "20000", "--repeat", "3", "--naive-repeat", "1", "--no-floor"]
    done = subprocess.run(
        [*command, "--workdir", str(tmp_path / "work"), "--out", str(out)], cwd=REPO_ROOT, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(out.read_text(encoding="utf-8"))
    load = result["ours"]["load"]
    assert (load["rows_read"], load["rows_accepted"], load["rows_rejected"]) == (20000, 20000, 0)
    assert result["ours"]["full_aggregate"]["declarations"] == 20000
    assert result["ours"]["filtered_aggregate"]["declarations"] > 0
    assert result["naive"]["load"]["rows"] == 20000
    metrics = {row["metric"]: row for row in result["metrics"]}
    assert all(row["ours"] is not None for row in metrics.values())
    assert all(row["naive"] is not None for row in metrics.values() if row["target"] != "(info)")
    assert "| CSV load into the store (rows/s)" in done.stdout
