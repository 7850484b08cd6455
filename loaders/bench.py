"""Benchmark: N synthetic clearance declarations, our path (loader + DuckDB aggregates) vs naive pandas.

    python -m loaders.bench --rows 10000000 [--out bench-results/clearance-10000000.json]
                            [--repeat 30] [--naive-repeat 3] [--workdir DIR] [--keep]
                            [--no-naive] [--no-floor] [--profile]

1. Writes N declarations as an English-header CSV in a work folder (default: a temp folder under
   var/bench/, removed afterwards unless --keep or --workdir). Generation is vectorised and
   chunked (1M rows at a time), so memory stays bounded at any N.
2. Measures, each heavy step in a fresh subprocess (so peak RSS is that step's own ru_maxrss):
   - load: loaders.load.load_file('clearance', csv) into a fresh DuckDB file (the real path:
     read, validate, stage, merge, atomic swap), rows/s, seconds, per-phase seconds, peak RSS;
   - full aggregate: clearance_summary by month x customs_code x direction x transport_mode,
     first run and best of 3, through read_engine() exactly as the app opens the store;
   - filtered aggregate (customs 5301, 2024, by month): first run, p50/p95 over --repeat runs;
   - naive: pandas.read_csv(parse_dates=4 timestamps) + overall hours + groupby with
     count/mean/median/p90, and the naive filtered page (read_csv + filter + groupby each time);
     the run is watched and restarted with usecols if it passes 16 GiB RSS or 10 minutes;
   - naive load: read_csv + DataFrame.to_sql into a DuckDB file, on the first 200,000 rows;
   - memory: peak RSS of each aggregate process, and that peak less the process after its
     imports and, for ours, an open store connection (the memory the aggregate itself takes);
   - reference floor (info): the same table filled with no validation, to show what the store
     itself costs on this machine.
3. Prints a markdown table against the targets and writes every number to --out as JSON
   (rewritten after each step). CPU seconds and load averages are recorded beside wall times,
   since a shared machine inflates the latter.

Timestamps in the file are roughly in arrival order, as exports from a declaration system are.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from loaders.paths import REPO_ROOT, VAR_DIR

CHUNK_ROWS = 1_000_000
GIB = 1024**3
MIB = 1024**2

# Targets (see the brief in DESIGN.md §3 / Makefile `bench`).
TARGET_FULL_SECONDS = 3.0
TARGET_FILTERED_P95_MS = 100.0
TARGET_LOAD_ROWS_PER_S = 500_000
TARGET_AGG_RSS_BYTES = 1 * GIB
TARGET_RATIO = 3.0

# Guard rails for the naive run: beyond these it is restarted reading only the columns it needs.
NAIVE_RSS_LIMIT = 16 * GIB
NAIVE_SECONDS_LIMIT = 600.0
NAIVE_LOAD_ROWS = 200_000  # to_sql's row inserts are measured on a prefix of the file

FILTER_CODE = "5301"
FILTER_YEAR = 2024

# ----------------------------------------------------------------------------- synthetic data

FIRST_DAY = np.datetime64("2022-01-01", "D")
LAST_DAY = np.datetime64("2025-12-31", "D")
MEASURES_DAY = np.datetime64("2023-07-04", "D")
SPRING_FESTIVALS = np.array(["2022-02-01", "2023-01-22", "2024-02-10", "2025-01-29"], dtype="datetime64[D]")

# mode -> (share of declarations, {customs code: share within the mode}, export share, 24 hourly weights)
MODES: dict[str, tuple[float, dict[str, float], float, tuple[float, ...]]] = {
    "road": (
        0.41,
        {"5301": 0.40, "5345": 0.23, "5320": 0.14, "5354": 0.13, "5303": 0.05, "5321": 0.03, "5302": 0.02},
        0.56,
        (1, 1, 1, 1, 1, 2, 3, 5, 7, 8, 8, 8, 7, 7, 8, 8, 8, 7, 6, 5, 4, 3, 2, 1),
    ),
    "sea": (
        0.40,
        {"5316": 0.48, "5304": 0.36, "5348": 0.11, "5356": 0.05},
        0.58,
        (3, 3, 3, 3, 3, 3, 4, 5, 6, 6, 6, 6, 5, 6, 6, 6, 6, 5, 5, 4, 4, 4, 3, 3),
    ),
    "air": (0.17, {"5317": 1.0}, 0.48, (6, 6, 5, 4, 4, 3, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3, 3, 4, 5, 6, 6, 7, 7)),
    "rail": (0.02, {"5316": 1.0}, 0.80, (2, 2, 2, 2, 2, 3, 4, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 4, 4, 3, 3, 2, 2)),
}
MODE_NAMES = tuple(MODES)
# (direction, mode) -> (median hours, log-sd) of arrival->declaration, processing, inspection extra, release->exit
STAGES: dict[tuple[str, str], tuple[tuple[float, float], ...]] = {
    ("import", "road"): ((1.0, 1.0), (0.45, 0.9), (4.0, 0.8), (0.5, 0.8)),
    ("import", "sea"): ((13.0, 1.0), (2.0, 1.0), (30.0, 0.8), (40.0, 0.9)),
    ("import", "air"): ((4.0, 1.0), (1.0, 1.0), (10.0, 0.8), (6.0, 0.9)),
    ("import", "rail"): ((10.0, 1.0), (2.0, 1.0), (24.0, 0.8), (24.0, 0.9)),
    ("export", "road"): ((0.4, 1.0), (0.15, 0.9), (2.0, 0.8), (0.4, 0.8)),
    ("export", "sea"): ((2.0, 1.0), (0.3, 1.0), (10.0, 0.8), (30.0, 0.9)),
    ("export", "air"): ((1.5, 1.0), (0.3, 1.0), (4.0, 0.8), (8.0, 0.9)),
    ("export", "rail"): ((2.0, 1.0), (0.4, 1.0), (8.0, 0.8), (20.0, 0.9)),
}
MAX_STAGE_HOURS = np.array([20 * 24, 60 * 24, 30 * 24, 30 * 24], dtype="float64")
_HS_HEAVY = {85: 30.0, 84: 15.0, 90: 6.0, 39: 5.0, 61: 3.0, 62: 2.5, 94: 3.0, 95: 3.0, 87: 3.0, 73: 2.0, 64: 2.0, 71: 2.0, 42: 1.5}
HS_CHAPTERS = np.array([c for c in range(1, 98) if c != 77])
HS_WEIGHTS = np.array([_HS_HEAVY.get(int(c), 0.25) for c in HS_CHAPTERS])
HS_WEIGHTS = HS_WEIGHTS / HS_WEIGHTS.sum()


def _codes_by_mode() -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Customs codes per mode from the reference list; a reference code not placed above gets a small road share."""
    from loaders.reference import customs_codes

    known = [row["customs_code"] for row in customs_codes()]
    out: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    placed = {code for _, codes, _, _ in MODES.values() for code in codes}
    for mode, (_, codes, _, _) in MODES.items():
        shares = {code: share for code, share in codes.items() if code in known}
        if mode == "road":
            shares.update({code: 0.02 for code in known if code not in placed})
        weights = np.array(list(shares.values()), dtype="float64")
        out[mode] = (np.array(list(shares)), weights / weights.sum())
    return out


def _daily_cdf() -> tuple[np.ndarray, np.ndarray]:
    """Days of 2022-2025 and the cumulative share of declarations up to each (weekly rhythm, Spring Festival, growth)."""
    days = np.arange(FIRST_DAY, LAST_DAY + 1, dtype="datetime64[D]")
    weekday = (days.astype("int64") + 3) % 7
    weight = np.array([1.03, 1.05, 1.05, 1.04, 1.02, 0.82, 0.66])[weekday]
    offset = np.abs(days[:, None] - SPRING_FESTIVALS[None, :]).astype("int64").min(axis=1)
    weight = weight * np.interp(offset, [0, 4, 8, 15, 22], [0.3, 0.45, 0.7, 0.9, 1.0])
    month = days.astype("datetime64[M]").astype("int64") % 12
    weight = weight * np.array([1.0, 1.0, 0.98, 0.98, 1.0, 1.0, 1.02, 1.04, 1.07, 1.09, 1.14, 1.12])[month]
    weight = weight * 1.04 ** ((days - FIRST_DAY).astype("float64") / 365.25)
    cdf = np.cumsum(weight)
    return days, cdf / cdf[-1]


def _chunk_table(start: int, count: int, total: int, seed: int, days: np.ndarray, cdf: np.ndarray, codes_by_mode, headers):
    import pyarrow as pa
    import pyarrow.compute as pc

    rng = np.random.default_rng([seed, start])
    index = np.arange(start, start + count, dtype="int64")
    # Day of arrival from the row's position: rows come out in arrival order, spread like real traffic.
    day = days[np.minimum(np.searchsorted(cdf, (index + rng.random(count)) / total, side="right"), len(days) - 1)]
    mode_share = np.array([MODES[m][0] for m in MODE_NAMES])
    mode_idx = rng.choice(len(MODE_NAMES), size=count, p=mode_share / mode_share.sum())
    code = np.empty(count, dtype="int64")
    is_export = np.zeros(count, dtype=bool)
    hour = np.empty(count, dtype="int64")
    for i, name in enumerate(MODE_NAMES):
        rows = np.flatnonzero(mode_idx == i)
        names, weights = codes_by_mode[name]
        code[rows] = rng.choice(names.astype("int64"), size=len(rows), p=weights)
        is_export[rows] = rng.random(len(rows)) < MODES[name][2]
        hourly = np.asarray(MODES[name][3], dtype="float64")
        hour[rows] = rng.choice(24, size=len(rows), p=hourly / hourly.sum())
    arrived = day.astype("int64") * 86_400 + hour * 3600 + rng.integers(0, 60, size=count) * 60  # minute precision

    ramp = np.clip((day - MEASURES_DAY).astype("float64") / 365.0, 0.0, 1.0)
    speed = 0.97 ** ((day - FIRST_DAY).astype("float64") / 365.25) * (1.0 - 0.30 * ramp)
    aeo = rng.random(count) < 0.28 + 0.06 * ramp
    advance = rng.random(count) < np.where(is_export, 0.30, 0.20) + 0.20 * ramp
    two_step = ~is_export & (rng.random(count) < 0.05)
    inspected = rng.random(count) < np.where(is_export, 0.015, 0.05) * np.where(aeo, 0.3, 1.0)

    median = np.empty((4, count))
    sigma = np.empty((4, count))
    for (direction, mode), stages in STAGES.items():
        rows = (is_export == (direction == "export")) & (mode_idx == MODE_NAMES.index(mode))
        for s, (m, sd) in enumerate(stages):
            median[s, rows], sigma[s, rows] = m, sd
    hours = np.minimum(median * np.exp(sigma * rng.standard_normal((4, count))), MAX_STAGE_HOURS[:, None])
    to_declaration = hours[0] * speed * np.where(aeo, 0.85, 1.0)
    processing = hours[1] * speed * np.where(aeo, 0.6, 1.0) * np.where(advance, 0.6, 1.0) * np.where(two_step, 0.5, 1.0)
    processing = processing + np.where(inspected, hours[2] * speed, 0.0)
    lead = np.clip(8.0 * np.exp(0.9 * rng.standard_normal(count)), 10 / 60, 48.0)  # hours declared before arrival
    declared = np.where(advance, arrived - np.rint(lead * 60) * 60, arrived + np.rint(to_declaration * 60) * 60).astype("int64")
    released = np.maximum(arrived, declared) + np.maximum(np.rint(processing * 60), 1).astype("int64") * 60
    exited = released + np.maximum(np.rint(hours[3] * (1.0 - 0.15 * ramp) * 60), 1).astype("int64") * 60
    no_release = rng.random(count) < 0.01  # held: awaiting documents or duties
    no_exit = no_release | (rng.random(count) < 0.10)
    hs = rng.choice(HS_CHAPTERS, size=count, p=HS_WEIGHTS)
    hs_missing = rng.random(count) < 0.02

    # 18 digits: customs code (4) + year (4) + 1 import / 0 export (1) + row number (9): unique per row.
    year = day.astype("datetime64[Y]").astype("int64") + 1970
    number = code * 10**14 + year * 10**10 + (~is_export).astype("int64") * 10**9 + index

    def stamps(seconds: np.ndarray, missing: np.ndarray | None = None) -> pa.Array:
        return pa.array(seconds, pa.int64(), mask=missing).cast(pa.timestamp("s"))

    def words(choices: list[str], picks: np.ndarray) -> pa.Array:
        return pa.array(choices, pa.string()).take(pa.array(picks.astype("int8")))

    yes_no = ["N", "Y"]
    columns = {
        "declaration_id": pc.cast(pa.array(number), pa.string()),
        "direction": words(["import", "export"], is_export),
        "transport_mode": words(list(MODE_NAMES), mode_idx),
        "customs_code": pc.cast(pa.array(code), pa.string()),
        "arrived_at": stamps(arrived),
        "declared_at": stamps(declared),
        "released_at": stamps(released, no_release),
        "exited_at": stamps(exited, no_exit),
        "is_inspected": words(yes_no, inspected),
        "is_aeo": words(yes_no, aeo),
        "is_advance_declaration": words(yes_no, advance),
        "is_two_step": words(yes_no, two_step),
        "hs_chapter": pa.array(hs, pa.int64(), mask=hs_missing),
    }
    return pa.table({headers[name]: values for name, values in columns.items()})


def english_headers() -> dict[str, str]:
    from loaders.clearance import CONTRACT

    return {f.name: f.label_en or f.name for f in CONTRACT.fields}


def generate_csv(path: Path, rows: int, seed: int = 20230704, chunk_rows: int = CHUNK_ROWS) -> Path:
    """N declarations -> UTF-8 CSV with English headers, written chunk by chunk."""
    import pyarrow.csv as pacsv

    headers = english_headers()
    days, cdf = _daily_cdf()
    codes_by_mode = _codes_by_mode()
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".part")
    writer = None
    try:
        for start in range(0, rows, chunk_rows):
            table = _chunk_table(start, min(chunk_rows, rows - start), rows, seed, days, cdf, codes_by_mode, headers)
            if writer is None:
                writer = pacsv.CSVWriter(str(partial), table.schema, write_options=pacsv.WriteOptions(quoting_style="none"))
            writer.write_table(table)
    finally:
        if writer is not None:
            writer.close()
    os.replace(partial, path)
    return path


# ----------------------------------------------------------------------------- measurements (workers)


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _max_rss() -> int:
    """ru_maxrss of this process. On Linux it also covers the parent's image up to exec, so the
    orchestrating process stays small (it never loads data) and VmHWM is reported beside it."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux: KiB


def _status(field: str) -> int:
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    return 0


def _current_rss() -> int:
    return _status("VmRSS")


def _peaks() -> dict:
    return {"peak_rss_bytes": _max_rss(), "vm_hwm_bytes": _status("VmHWM")}


def _filtered():
    from loaders.queries.clearance import ClearanceFilter

    return ClearanceFilter(start=dt.date(FILTER_YEAR, 1, 1), end=dt.date(FILTER_YEAR, 12, 31), customs_codes=(FILTER_CODE,))


def worker_load(csv: Path, url: str, rejects_dir: Path, profile: Path | None = None) -> dict:
    import loaders.load as load

    phases: dict[str, float] = {}
    phases_cpu: dict[str, float] = {}

    def timed(name, function):
        def wrapper(*args, **kwargs):
            started, cpu = time.perf_counter(), _cpu_seconds()
            try:
                return function(*args, **kwargs)
            finally:
                phases[name] = phases.get(name, 0.0) + time.perf_counter() - started
                phases_cpu[name] = phases_cpu.get(name, 0.0) + _cpu_seconds() - cpu

        return wrapper

    for name in ("file_sha256", "validate_file", "_write_rejects", "stage_rows", "upsert_from"):
        setattr(load, name, timed(name, getattr(load, name)))
    baseline = _current_rss()
    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    started, cpu = time.perf_counter(), _cpu_seconds()
    report = load.load_file("clearance", csv, url=url, rejects_dir=rejects_dir)
    seconds, cpu = time.perf_counter() - started, _cpu_seconds() - cpu
    if profiler:
        profiler.disable()
        profiler.dump_stats(str(profile))
    # the rest: write_connection's set-up (copy, create_all) and exit (commit, checkpoint, swap), load_log
    # file_sha256 runs in a thread beside validate_file (its CPU figure is the whole process's), so it is not added in
    phases["swap_commit_checkpoint_other"] = seconds - sum(v for k, v in phases.items() if k != "file_sha256")
    phases_cpu["swap_commit_checkpoint_other"] = cpu - sum(v for k, v in phases_cpu.items() if k != "file_sha256")
    return {
        "seconds": seconds,
        "cpu_seconds": cpu,
        "rows_read": report.rows_read,
        "rows_accepted": report.rows_accepted,
        "rows_rejected": report.rows_rejected,
        "reasons": report.reasons,
        "rows_per_s": report.rows_read / seconds,
        "phases_seconds": phases,
        "phases_cpu_seconds": phases_cpu,
        "load_average": os.getloadavg(),
        "baseline_rss_bytes": baseline,
        **_peaks(),
    }


def worker_full(url: str, runs: int = 3) -> dict:
    from loaders.queries.clearance import clearance_summary
    from loaders.store import read_engine

    engine = read_engine(url)
    started = time.perf_counter()
    with engine.connect():  # the pool's first connection: the app holds one open, as pandas is imported
        connect_s = time.perf_counter() - started
    baseline = _current_rss()
    times, cpu = [], []
    peaks_after_first: dict = {}
    groups = 0
    for _ in range(runs):
        started, used = time.perf_counter(), _cpu_seconds()
        frame = clearance_summary(engine, grain="month", by=("customs_code", "direction", "transport_mode"), target_hours=24)
        times.append(time.perf_counter() - started)
        cpu.append(_cpu_seconds() - used)
        groups = len(frame)
        peaks_after_first = peaks_after_first or _peaks()
    return {
        "connect_s": connect_s,
        "first_s": times[0],
        "best_s": min(times),
        "runs_s": times,
        "runs_cpu_s": cpu,
        "groups": groups,
        "declarations": int(frame["declarations"].sum()),
        "baseline_rss_bytes": baseline,
        **peaks_after_first,
        "peak_rss_after_all_runs_bytes": _max_rss(),
        "load_average": os.getloadavg(),
    }


def worker_filtered(url: str, repeat: int) -> dict:
    from loaders.queries.clearance import clearance_summary
    from loaders.store import read_engine

    engine = read_engine(url)
    filters = _filtered()
    baseline = _current_rss()

    def runs(bind) -> list[float]:
        times = []
        for _ in range(repeat + 1):
            started = time.perf_counter()
            frame = clearance_summary(bind, grain="month", filters=filters, target_hours=24)
            times.append(time.perf_counter() - started)
        runs.frame = frame
        return times

    used = _cpu_seconds()
    times = runs(engine)  # as the app runs it: pooled connections, each holding the snapshot it attached
    used = (_cpu_seconds() - used) / len(times)
    with engine.connect() as conn:
        held = runs(conn)[1:]  # the query alone, on one open connection
    first, rest = times[0], times[1:]
    frame = runs.frame
    return {
        "first_ms": first * 1000,
        "p50_ms": float(np.percentile(rest, 50)) * 1000,
        "p95_ms": float(np.percentile(rest, 95)) * 1000,
        "runs_ms": [t * 1000 for t in rest],
        "mean_cpu_ms": used * 1000,
        "open_connection_p50_ms": float(np.percentile(held, 50)) * 1000,
        "open_connection_p95_ms": float(np.percentile(held, 95)) * 1000,
        "groups": len(frame),
        "declarations": int(frame["declarations"].sum()),
        "baseline_rss_bytes": baseline,
        **_peaks(),
        "load_average": os.getloadavg(),
    }


def worker_generate(csv: Path, rows: int, seed: int) -> dict:
    started = time.perf_counter()
    generate_csv(csv, rows, seed)
    return {"seconds": time.perf_counter() - started, "bytes": csv.stat().st_size, **_peaks()}


def worker_floor(csv: Path, db: Path) -> dict:
    """What the store itself costs, with no validation: the same table (same DDL, primary key) filled
    (a) from the CSV parsed by Arrow and (b) by DuckDB's own parallel CSV reader. A reference, not our path."""
    import duckdb
    import pyarrow as pa
    import pyarrow.csv as pacsv
    import sqlalchemy as sa
    from sqlalchemy.schema import CreateTable

    from loaders.clearance import CONTRACT, TABLE

    ddl = str(CreateTable(TABLE).compile(dialect=sa.create_engine("duckdb:///:memory:").dialect))
    h = english_headers()
    kinds = {f.name: f.kind for f in CONTRACT.fields}
    out: dict = {}
    for variant in ("arrow_csv_then_insert", "duckdb_read_csv_insert"):
        for stale in (db, db.with_name(db.name + ".wal")):
            stale.unlink(missing_ok=True)
        started = time.perf_counter()
        con = duckdb.connect(str(db))
        con.execute(ddl)
        if variant == "arrow_csv_then_insert":
            types = {h[name]: pa.timestamp("s") if kind == "datetime" else pa.string() for name, kind in kinds.items()}
            types[h["hs_chapter"]] = pa.int64()
            table = pacsv.read_csv(
                str(csv), convert_options=pacsv.ConvertOptions(column_types=types, true_values=["Y"], false_values=["N"])
            )
            con.register("source", table)
            source = "source"
        else:
            source = f"read_csv('{csv}', header = true)"
        select = ", ".join(f'"{h[name]}"' for name in kinds)
        con.execute(f"INSERT INTO clearance ({', '.join(kinds)}, is_demo, load_id) SELECT {select}, false, 'floor' FROM {source}")
        con.execute("CHECKPOINT")
        con.close()
        seconds = time.perf_counter() - started
        out[variant] = {"seconds": seconds, "rows_per_s": _count_rows(db) / seconds}
    out.update(_peaks())
    return out


def _count_rows(db: Path) -> int:
    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("SELECT count(*) FROM clearance").fetchone()[0]


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
    baseline = _current_rss()
    started = time.perf_counter()
    frame = _naive_read(csv, slim)
    read_s = time.perf_counter() - started
    after_read_rss = _current_rss()
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
        **_peaks(),
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
    engine = sa.create_engine(_fresh_db(db))
    frame.to_sql("clearance", engine, index=False)
    engine.dispose()
    seconds = time.perf_counter() - started
    db.unlink(missing_ok=True)
    return {"rows": len(frame), "seconds": seconds, "rows_per_s": len(frame) / seconds, **_peaks()}


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
        **_peaks(),
        "load_average": os.getloadavg(),
    }


# ----------------------------------------------------------------------------- orchestration


def _run_worker(args: list[str], rss_limit: int | None = None, seconds_limit: float | None = None) -> dict:
    """Run `python -m loaders.bench --worker ...` in a fresh process; its last stdout line is JSON.

    With limits, the child is killed (by its pid) when its RSS or wall time goes past them and
    {"killed": reason} is returned.
    """
    command = [sys.executable, "-m", "loaders.bench", *args]
    child = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, cwd=REPO_ROOT)
    started = time.monotonic()
    killed = None
    peak_seen = 0
    if rss_limit or seconds_limit:
        while child.poll() is None:
            rss = _rss_of(child.pid)
            peak_seen = max(peak_seen, rss)
            if rss_limit and rss > rss_limit:
                killed = f"RSS {rss / GIB:.1f} GiB > {rss_limit / GIB:.0f} GiB"
            elif seconds_limit and time.monotonic() - started > seconds_limit:
                killed = f"wall time > {seconds_limit:.0f} s"
            if killed:
                child.kill()
                break
            time.sleep(0.2)
    out, _ = child.communicate()
    if killed:
        return {"killed": killed, "peak_rss_seen_bytes": peak_seen, "seconds": time.monotonic() - started}
    if child.returncode != 0:
        raise RuntimeError(f"worker {' '.join(args)} failed with exit code {child.returncode}")
    return json.loads(out.strip().splitlines()[-1])


def _rss_of(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def machine_info() -> dict:
    from importlib.metadata import version  # not the modules: the orchestrator stays small (see _max_rss)

    cpu = ""
    try:
        with open("/proc/cpuinfo") as handle:
            cpu = next((line.split(":", 1)[1].strip() for line in handle if line.startswith("model name")), "")
    except OSError:
        pass
    memory = 0
    try:
        with open("/proc/meminfo") as handle:
            memory = int(next(line for line in handle if line.startswith("MemTotal")).split()[1]) * 1024
    except (OSError, StopIteration):
        pass
    return {
        "cores": os.cpu_count(),
        "usable_cores": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "cpu": cpu,
        "memory_bytes": memory,
        "platform": platform.platform(),
        "python": platform.python_version(),
        **{name.replace("-", "_"): version(name) for name in ("duckdb", "duckdb-engine", "pandas", "pyarrow", "numpy", "sqlalchemy")},
        "load_average_at_start": os.getloadavg(),
    }


def _fresh_db(path: Path) -> str:
    for stale in (path, path.with_name(path.name + ".wal"), path.with_name(path.name + ".lock")):
        stale.unlink(missing_ok=True)
    return f"duckdb:///{path}"


def _met(value: float | None, target: float, higher_is_better: bool) -> str:
    if value is None:
        return "n/a"
    return "yes" if (value >= target if higher_is_better else value <= target) else "**no**"


def _fmt_s(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def _fmt_bytes(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value / GIB:.2f} GiB" if value >= GIB else f"{value / MIB:.0f} MiB"


def _ratio(naive: float | None, ours: float | None) -> float | None:
    return naive / ours if naive and ours else None


def summarise(result: dict) -> tuple[list[dict], str]:
    """Rows of (metric, ours, naive, ratio naive/ours, target, met) and the markdown table."""
    load, full, filtered = result["ours"]["load"], result["ours"]["full_aggregate"], result["ours"]["filtered_aggregate"]
    naive_full = result["naive"].get("full") or {}
    naive_filtered = result["naive"].get("filtered") or {}
    naive_ok = "killed" not in naive_full and bool(naive_full)
    naive_filtered_ok = "killed" not in naive_filtered and bool(naive_filtered)
    rows: list[dict] = []

    def add(metric, ours, naive, ours_text, naive_text, ratio, target_text, met_parts):
        met = "yes" if all(m == "yes" for m in met_parts) else ("n/a" if all(m == "n/a" for m in met_parts) else "**no**")
        rows.append(
            {
                "metric": metric,
                "ours": ours,
                "naive": naive,
                "ratio_naive_over_ours": ratio,
                "target": target_text,
                "met": met.strip("*"),
                "_text": (ours_text, naive_text, "–" if ratio is None else f"{ratio:.1f}x", target_text, met),
            }
        )

    # Load, two ways: against the naive way to fill a database (read_csv + to_sql), and against
    # read_csv alone, which parses the file but neither validates nor stores a row.
    naive_load = result["naive"].get("load") or {}
    naive_load_rps = naive_load.get("rows_per_s")
    ratio = load["rows_per_s"] / naive_load_rps if naive_load_rps else None
    add(
        f"CSV load into the store (rows/s) [naive: read_csv + DataFrame.to_sql, first {naive_load.get('rows', 0):,} rows]",
        load["rows_per_s"],
        naive_load_rps,
        f"{load['rows_per_s'] / 1000:,.0f}k/s ({load['seconds']:.1f} s)",
        "–" if naive_load_rps is None else f"{naive_load_rps / 1000:,.1f}k/s",
        ratio,
        f"≥ {TARGET_LOAD_ROWS_PER_S / 1000:.0f}k/s, ≥ {TARGET_RATIO:.0f}x",
        [_met(load["rows_per_s"], TARGET_LOAD_ROWS_PER_S, True), _met(ratio, TARGET_RATIO, True)],
    )
    naive_rps = naive_full.get("read_rows_per_s") if naive_ok else None
    ratio = load["rows_per_s"] / naive_rps if naive_rps else None
    add(
        "CSV load vs pandas.read_csv alone (naive parses only: no validation, nothing stored)",
        load["rows_per_s"],
        naive_rps,
        f"{load['rows_per_s'] / 1000:,.0f}k/s",
        "–" if naive_rps is None else f"{naive_rps / 1000:,.0f}k/s ({naive_full['read_csv_s']:.1f} s)",
        ratio,
        f"≥ {TARGET_RATIO:.0f}x",
        [_met(ratio, TARGET_RATIO, True)],
    )
    naive_total = naive_full.get("total_s") if naive_ok else None
    ratio = _ratio(naive_total, full["best_s"])
    add(
        "Full aggregate, best of 3 [naive: read_csv + groupby]",
        full["best_s"],
        naive_total,
        _fmt_s(full["best_s"]),
        _fmt_s(naive_total),
        ratio,
        f"≤ {TARGET_FULL_SECONDS:.0f} s, ≥ {TARGET_RATIO:.0f}x",
        [_met(full["best_s"], TARGET_FULL_SECONDS, False), _met(ratio, TARGET_RATIO, True)],
    )
    ratio = _ratio(naive_total, full["first_s"])
    add(
        "Full aggregate, first run (fresh process, store connection open)",
        full["first_s"],
        naive_total,
        _fmt_s(full["first_s"]),
        _fmt_s(naive_total),
        ratio,
        "(info)",
        ["n/a"],
    )
    naive_agg = naive_full.get("aggregate_only_s") if naive_ok else None
    ratio = _ratio(naive_agg, full["best_s"])
    add(
        "Full aggregate vs naive groupby only (frame already in memory)",
        full["best_s"],
        naive_agg,
        _fmt_s(full["best_s"]),
        _fmt_s(naive_agg),
        ratio,
        "(info)",
        ["n/a"],
    )
    naive_p50 = naive_filtered.get("p50_ms") if naive_filtered_ok else None
    ratio = _ratio(naive_p50, filtered["p95_ms"])
    add(
        f"Filtered aggregate p95 ({FILTER_CODE}, {FILTER_YEAR}, by month) [naive: p50 of read_csv+filter+groupby]",
        filtered["p95_ms"],
        naive_p50,
        f"{filtered['p95_ms']:.0f} ms",
        "–" if naive_p50 is None else _fmt_s(naive_p50 / 1000),
        ratio,
        f"≤ {TARGET_FILTERED_P95_MS:.0f} ms, ≥ {TARGET_RATIO:.0f}x",
        [_met(filtered["p95_ms"], TARGET_FILTERED_P95_MS, False), _met(ratio, TARGET_RATIO, True)],
    )
    ratio = _ratio(naive_p50, filtered["p50_ms"])
    add(
        "Filtered aggregate p50",
        filtered["p50_ms"],
        naive_p50,
        f"{filtered['p50_ms']:.0f} ms",
        "–" if naive_p50 is None else _fmt_s(naive_p50 / 1000),
        ratio,
        "(info)",
        ["n/a"],
    )
    held = filtered.get("open_connection_p95_ms")
    if held is not None:
        add(
            "Filtered aggregate p95 on one held connection (the query alone)",
            held,
            None,
            f"{held:.0f} ms (p50 {filtered['open_connection_p50_ms']:.0f} ms)",
            "–",
            None,
            "(info)",
            ["n/a"],
        )
    naive_rss = naive_full.get("peak_rss_bytes") if naive_ok else None
    ratio = _ratio(naive_rss, full["peak_rss_bytes"])
    add(
        "Peak RSS of the full aggregate process [naive: read_csv + groupby process]",
        full["peak_rss_bytes"],
        naive_rss,
        _fmt_bytes(full["peak_rss_bytes"]),
        _fmt_bytes(naive_rss),
        ratio,
        f"≤ 1 GiB, ≥ {TARGET_RATIO:.0f}x",
        [_met(full["peak_rss_bytes"], TARGET_AGG_RSS_BYTES, False), _met(ratio, TARGET_RATIO, True)],
    )
    # The same peaks less what each process held before its first row (interpreter and libraries:
    # ours pandas + pyarrow + DuckDB + SQLAlchemy and an open store connection, naive pandas + pyarrow).
    ours_added = full["peak_rss_bytes"] - full["baseline_rss_bytes"]
    naive_added = naive_rss - naive_full["baseline_rss_bytes"] if naive_rss and "baseline_rss_bytes" in naive_full else None
    ratio = _ratio(naive_added, ours_added)
    add(
        "Memory the full aggregate adds (peak RSS less the process before its first row: imports, open connection)",
        ours_added,
        naive_added,
        f"{_fmt_bytes(ours_added)} (before: {_fmt_bytes(full['baseline_rss_bytes'])})",
        "–" if naive_added is None else f"{_fmt_bytes(naive_added)} (before: {_fmt_bytes(naive_full['baseline_rss_bytes'])})",
        ratio,
        f"≥ {TARGET_RATIO:.0f}x",
        [_met(ratio, TARGET_RATIO, True)],
    )
    add("Peak RSS of the load process", load["peak_rss_bytes"], None, _fmt_bytes(load["peak_rss_bytes"]), "–", None, "(info)", ["n/a"])
    floor = result["ours"].get("store_floor")
    if floor:
        arrow, native = floor["arrow_csv_then_insert"], floor["duckdb_read_csv_insert"]
        add(
            "Reference: same table filled with no validation (Arrow CSV + INSERT / DuckDB read_csv + INSERT)",
            arrow["rows_per_s"],
            None,
            f"{arrow['rows_per_s'] / 1000:,.0f}k/s / {native['rows_per_s'] / 1000:,.0f}k/s",
            "–",
            None,
            "(info)",
            ["n/a"],
        )
    header = "| metric | ours | naive | ratio naive/ours | target | met? |\n|---|---|---|---|---|---|\n"
    body = "".join(f"| {row['metric']} | " + " | ".join(row.pop("_text")) + " |\n" for row in rows)
    return rows, header + body


def run_bench(
    rows: int,
    out: Path,
    repeat: int,
    naive_repeat: int,
    workdir: Path | None,
    keep: bool,
    naive: bool,
    seed: int,
    profile: bool,
    floor: bool = True,
) -> dict:
    own_workdir = workdir is None
    if workdir is None:
        (VAR_DIR / "bench").mkdir(parents=True, exist_ok=True)
        workdir = Path(tempfile.mkdtemp(prefix=f"clearance-{rows}-", dir=VAR_DIR / "bench"))
    workdir = workdir.resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    csv = workdir / f"clearance-{rows}-seed{seed}.csv"
    result: dict = {
        "benchmark": "clearance",
        "rows": rows,
        "timestamp": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": machine_info(),
        "workdir": str(workdir),
        "seed": seed,
        "repeat": repeat,
        "naive_repeat": naive_repeat,
        "targets": {
            "full_aggregate_s": TARGET_FULL_SECONDS,
            "filtered_p95_ms": TARGET_FILTERED_P95_MS,
            "load_rows_per_s": TARGET_LOAD_ROWS_PER_S,
            "aggregate_peak_rss_bytes": TARGET_AGG_RSS_BYTES,
            "ratio_vs_naive": TARGET_RATIO,
        },
        "ours": {},
        "naive": {},
    }
    out.parent.mkdir(parents=True, exist_ok=True)

    def save() -> None:  # after every step, so a long run that dies keeps what it measured
        out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

    def log(text: str) -> None:
        print(f"[bench {dt.datetime.now():%H:%M:%S} load {os.getloadavg()[0]:.1f}] {text}", file=sys.stderr, flush=True)

    try:
        if csv.is_file():
            log(f"reusing {csv}")
            result["generate"] = {"reused": True}
        else:
            log(f"generating {rows:,} declarations -> {csv} (subprocess)")
            result["generate"] = _run_worker(["--worker", "generate", "--csv", str(csv), "--rows", str(rows), "--seed", str(seed)])
            log(f"  {result['generate']['seconds']:.1f} s")
        result["csv"] = {"path": str(csv), "bytes": csv.stat().st_size}
        ours = result["ours"]
        db = workdir / "bench.duckdb"
        url = _fresh_db(db)
        log("load through loaders.load.load_file (subprocess)")
        args = ["--worker", "load", "--csv", str(csv), "--db", url, "--rejects", str(workdir / "rejects")]
        if profile:
            args += ["--profile-out", str(workdir / "load.prof")]
        ours["load"] = _run_worker(args)
        ours["db_bytes"] = db.stat().st_size
        log(
            f"  {ours['load']['seconds']:.1f} s, {ours['load']['rows_per_s']:,.0f} rows/s, peak RSS {_fmt_bytes(ours['load']['peak_rss_bytes'])}"
        )
        save()
        log("full aggregate x3 (subprocess)")
        ours["full_aggregate"] = _run_worker(["--worker", "full", "--db", url])
        log(
            f"  first {ours['full_aggregate']['first_s']:.2f} s, best {ours['full_aggregate']['best_s']:.2f} s, peak RSS {_fmt_bytes(ours['full_aggregate']['peak_rss_bytes'])}"
        )
        save()
        log(f"filtered aggregate x{repeat} (subprocess)")
        ours["filtered_aggregate"] = _run_worker(["--worker", "filtered", "--db", url, "--repeat", str(repeat)])
        log(f"  p50 {ours['filtered_aggregate']['p50_ms']:.0f} ms, p95 {ours['filtered_aggregate']['p95_ms']:.0f} ms")
        save()
        if floor:
            log("reference floor: the same table filled without validation (subprocess)")
            ours["store_floor"] = _run_worker(["--worker", "floor", "--csv", str(csv), "--db", str(workdir / "floor.duckdb")])
            (workdir / "floor.duckdb").unlink(missing_ok=True)
            save()
        if naive:
            for slim in (False, True):
                log(f"naive full: pandas.read_csv ({'usecols' if slim else 'all columns'}) + groupby (subprocess)")
                flags = ["--slim"] if slim else []
                full = _run_worker(["--worker", "naive-full", "--csv", str(csv), *flags], NAIVE_RSS_LIMIT, NAIVE_SECONDS_LIMIT)
                result["naive"].setdefault("attempts", []).append(full)
                if "killed" not in full:
                    result["naive"]["full"] = full
                    log(f"  {full['total_s']:.1f} s, peak RSS {_fmt_bytes(full['peak_rss_bytes'])}")
                    break
                log(f"  stopped: {full['killed']}; retrying with usecols")
            save()
            log(f"naive load: pandas.read_csv + DataFrame.to_sql, first {min(rows, NAIVE_LOAD_ROWS):,} rows (subprocess)")
            naive_load = [
                "--worker",
                "naive-load",
                "--csv",
                str(csv),
                "--db",
                str(workdir / "naive.duckdb"),
                "--rows",
                str(min(rows, NAIVE_LOAD_ROWS)),
            ]
            result["naive"]["load"] = _run_worker(naive_load, NAIVE_RSS_LIMIT, NAIVE_SECONDS_LIMIT)
            if "rows_per_s" in result["naive"]["load"]:
                log(f"  {result['naive']['load']['rows_per_s']:,.0f} rows/s")
            save()
            if "full" in result["naive"]:
                slim = result["naive"]["full"]["slim_usecols"]
                log(f"naive filtered x{naive_repeat} (subprocess)")
                flags = ["--slim"] if slim else []
                result["naive"]["filtered"] = _run_worker(
                    ["--worker", "naive-filtered", "--csv", str(csv), "--repeat", str(naive_repeat), *flags],
                    NAIVE_RSS_LIMIT,
                    NAIVE_SECONDS_LIMIT * max(naive_repeat, 1),
                )
                log(f"  p50 {result['naive']['filtered']['p50_ms'] / 1000:.1f} s")
        result["load_average_at_end"] = os.getloadavg()
        metrics, table = summarise(result)
        result["metrics"] = metrics
        result["table_markdown"] = table
        save()
        machine = result["machine"]
        print(
            f"\n## Clearance benchmark, N = {rows:,} ({machine['usable_cores']} cores, Python {machine['python']}, DuckDB {machine['duckdb']})\n"
        )
        print(table)
        busy = max(machine["load_average_at_start"][0], result["load_average_at_end"][0])
        if busy > (machine["usable_cores"] or 1):
            print(
                f"note: the machine was shared (1-min load average up to {busy:.1f} on {machine['usable_cores']} cores); wall times include that."
            )
        print(f"results: {out}")
        return result
    finally:
        if own_workdir and not keep:
            shutil.rmtree(workdir, ignore_errors=True)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m loaders.bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="declarations to generate (default 1,000,000)")
    parser.add_argument("--out", type=Path, help="JSON results (default bench-results/clearance-<rows>.json)")
    parser.add_argument("--repeat", type=int, default=30, help="runs of the filtered aggregate (default 30)")
    parser.add_argument("--naive-repeat", type=int, default=3, help="runs of the naive filtered aggregate (default 3)")
    parser.add_argument("--workdir", type=Path, help="where the CSV and DuckDB file go (kept; an existing CSV is reused)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary work folder")
    parser.add_argument("--no-naive", action="store_true", help="skip the pandas baseline")
    parser.add_argument("--seed", type=int, default=20230704)
    parser.add_argument("--profile", action="store_true", help="cProfile the load into <workdir>/load.prof")
    parser.add_argument("--no-floor", action="store_true", help="skip the reference fill of the store without validation")
    # internal: one measurement in this (fresh) process
    parser.add_argument(
        "--worker",
        choices=("generate", "load", "full", "filtered", "floor", "naive-full", "naive-load", "naive-filtered"),
        help=argparse.SUPPRESS,
    )
    parser.add_argument("--csv", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("--rejects", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--slim", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--profile-out", dest="profile_out", type=Path, help=argparse.SUPPRESS)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.worker:
        if args.worker == "generate":
            result = worker_generate(args.csv, args.rows, args.seed)
        elif args.worker == "load":
            result = worker_load(args.csv, args.db, args.rejects, args.profile_out)
        elif args.worker == "floor":
            result = worker_floor(args.csv, Path(args.db))
        elif args.worker == "full":
            result = worker_full(args.db)
        elif args.worker == "filtered":
            result = worker_filtered(args.db, args.repeat)
        elif args.worker == "naive-full":
            result = worker_naive_full(args.csv, args.slim)
        elif args.worker == "naive-load":
            result = worker_naive_load(args.csv, Path(args.db), args.rows)
        else:
            result = worker_naive_filtered(args.csv, args.slim, args.repeat)
        print(json.dumps(result))
        return 0
    out = args.out or REPO_ROOT / "bench-results" / f"clearance-{args.rows}.json"
    run_bench(
        args.rows,
        out,
        args.repeat,
        args.naive_repeat,
        args.workdir,
        args.keep,
        not args.no_naive,
        args.seed,
        args.profile,
        not args.no_floor,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
