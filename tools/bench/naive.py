"""The naive pandas way on the same file: read_csv + groupby for the aggregates, read_csv + to_sql for the load."""

from __future__ import annotations

import os
import time
from pathlib import Path

import numpy as np

from tools.bench import FILTER_CODE, FILTER_YEAR, fresh_db
from tools.bench.probes import current_rss, peaks
from tools.bench.synthetic import english_headers


def _naive_read(csv: Path, slim: bool):
    import pandas as pd

    h = english_headers()
    stamps = [h["arrived_at"], h["released_at"]] if slim else [h[c] for c in ("arrived_at", "declared_at", "released_at", "exited_at")]
    usecols = [h[c] for c in ("arrived_at", "released_at", "customs_code", "direction", "transport_mode")] if slim else None
    return pd.read_csv(csv, parse_dates=stamps, usecols=usecols, dtype={h["customs_code"]: str, h["declaration_id"]: str})


def _naive_summary(frame, keys):
    hours = frame["overall_hours"]
    grouped = hours.groupby(keys)
    out = grouped.agg(["count", "mean", "median"])
    out["p90"] = grouped.quantile(0.9)
    return out


def worker_naive_full(csv: Path, slim: bool) -> dict:
    import pandas  # noqa: F401 -- imported before the baseline, as our worker imports its libraries before its own

    h = english_headers()
    baseline = current_rss()
    started = time.perf_counter()
    frame = _naive_read(csv, slim)
    read_s = time.perf_counter() - started
    after_read_rss = current_rss()
    t = time.perf_counter()
    frame["overall_hours"] = (frame[h["released_at"]] - frame[h["arrived_at"]]).dt.total_seconds() / 3600.0
    month = frame[h["arrived_at"]].dt.to_period("M")
    out = _naive_summary(frame, [month, frame[h["customs_code"]], frame[h["direction"]], frame[h["transport_mode"]]])
    aggregate_s = time.perf_counter() - t
    return {
        "slim_usecols": slim,
        "rows": len(frame),
        "read_csv_s": read_s,
        "read_rows_per_s": len(frame) / read_s,
        "aggregate_only_s": aggregate_s,
        "total_s": read_s + aggregate_s,
        "groups": len(out),
        "baseline_rss_bytes": baseline,
        "rss_after_read_bytes": after_read_rss,
        **peaks(),
        "load_average": os.getloadavg(),
    }


def worker_naive_load(csv: Path, db: Path, rows: int) -> dict:
    """The naive way to put the file in a database: pandas.read_csv + DataFrame.to_sql, on the
    file's first `rows` rows (row by row inserts take minutes per million)."""
    import pandas as pd
    import sqlalchemy as sa

    h = english_headers()
    started = time.perf_counter()
    frame = pd.read_csv(
        csv,
        nrows=rows,
        parse_dates=[h[c] for c in ("arrived_at", "declared_at", "released_at", "exited_at")],
        dtype={h["customs_code"]: str, h["declaration_id"]: str},
    )
    engine = sa.create_engine(fresh_db(db))
    frame.to_sql("clearance", engine, index=False)
    engine.dispose()
    seconds = time.perf_counter() - started
    db.unlink(missing_ok=True)
    return {"rows": len(frame), "seconds": seconds, "rows_per_s": len(frame) / seconds, **peaks()}


def worker_naive_filtered(csv: Path, slim: bool, repeat: int) -> dict:
    import pandas as pd

    h = english_headers()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        frame = _naive_read(csv, slim)
        arrived = frame[h["arrived_at"]]
        keep = (
            (frame[h["customs_code"]] == FILTER_CODE)
            & (arrived >= pd.Timestamp(FILTER_YEAR, 1, 1))
            & (arrived < pd.Timestamp(FILTER_YEAR + 1, 1, 1))
        )
        part = frame[keep].copy()
        del frame
        part["overall_hours"] = (part[h["released_at"]] - part[h["arrived_at"]]).dt.total_seconds() / 3600.0
        out = _naive_summary(part, [part[h["arrived_at"]].dt.to_period("M")])
        times.append(time.perf_counter() - started)
    return {
        "slim_usecols": slim,
        "p50_ms": float(np.percentile(times, 50)) * 1000,
        "max_ms": max(times) * 1000,
        "runs_ms": [t * 1000 for t in times],
        "groups": len(out),
        **peaks(),
        "load_average": os.getloadavg(),
    }


# ----------------------------------------------------------------------------- orchestration
