"""Our path, one measurement per fresh process: load, full aggregate, filtered aggregate, and the store's floor."""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path

import numpy as np

from tools.bench import FILTER_CODE, FILTER_YEAR
from tools.bench.probes import cpu_seconds, current_rss, max_rss, peaks
from tools.bench.synthetic import english_headers, generate_csv


def _filtered():
    from loaders.queries.clearance import ClearanceFilter

    return ClearanceFilter(start=dt.date(FILTER_YEAR, 1, 1), end=dt.date(FILTER_YEAR, 12, 31), customs_codes=(FILTER_CODE,))


def worker_load(csv: Path, url: str, rejects_dir: Path, profile: Path | None = None) -> dict:
    import loaders.store.load as load

    phases: dict[str, float] = {}
    phases_cpu: dict[str, float] = {}

    def timed(name, function):
        def wrapper(*args, **kwargs):
            started, cpu = time.perf_counter(), cpu_seconds()
            try:
                return function(*args, **kwargs)
            finally:
                phases[name] = phases.get(name, 0.0) + time.perf_counter() - started
                phases_cpu[name] = phases_cpu.get(name, 0.0) + cpu_seconds() - cpu

        return wrapper

    for name in ("file_sha256", "validate_file", "write_rejects", "stage_rows", "upsert_from"):
        setattr(load, name, timed(name, getattr(load, name)))
    baseline = current_rss()
    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    started, cpu = time.perf_counter(), cpu_seconds()
    report = load.load_file("clearance", csv, url=url, rejects_dir=rejects_dir)
    seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu
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
        **peaks(),
    }


def worker_full(url: str, runs: int = 3) -> dict:
    from loaders.queries.clearance import clearance_summary
    from loaders.store.engines import read_engine

    engine = read_engine(url)
    started = time.perf_counter()
    with engine.connect():  # the pool's first connection: the app holds one open, as pandas is imported
        connect_s = time.perf_counter() - started
    baseline = current_rss()
    times, cpu = [], []
    peaks_after_first: dict = {}
    groups = 0
    for _ in range(runs):
        started, used = time.perf_counter(), cpu_seconds()
        frame = clearance_summary(engine, grain="month", by=("customs_code", "direction", "transport_mode"), target_hours=24)
        times.append(time.perf_counter() - started)
        cpu.append(cpu_seconds() - used)
        groups = len(frame)
        peaks_after_first = peaks_after_first or peaks()
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
        "peak_rss_after_all_runs_bytes": max_rss(),
        "load_average": os.getloadavg(),
    }


def worker_filtered(url: str, repeat: int) -> dict:
    from loaders.queries.clearance import clearance_summary
    from loaders.store.engines import read_engine

    engine = read_engine(url)
    filters = _filtered()
    baseline = current_rss()

    def runs(bind) -> list[float]:
        times = []
        for _ in range(repeat + 1):
            started = time.perf_counter()
            frame = clearance_summary(bind, grain="month", filters=filters, target_hours=24)
            times.append(time.perf_counter() - started)
        runs.frame = frame
        return times

    used = cpu_seconds()
    times = runs(engine)  # as the app runs it: pooled connections, each holding the snapshot it attached
    used = (cpu_seconds() - used) / len(times)
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
        **peaks(),
        "load_average": os.getloadavg(),
    }


def worker_generate(csv: Path, rows: int, seed: int) -> dict:
    started = time.perf_counter()
    generate_csv(csv, rows, seed)
    return {"seconds": time.perf_counter() - started, "bytes": csv.stat().st_size, **peaks()}


def worker_floor(csv: Path, db: Path) -> dict:
    """What the store itself costs, with no validation: the same table (same DDL, primary key) filled
    (a) from the CSV parsed by Arrow and (b) by DuckDB's own parallel CSV reader. A reference, not our path.

    Built with SQLAlchemy Core: the file path is a bound parameter, column names are quoted by the dialect."""
    import pyarrow as pa
    import pyarrow.csv as pacsv
    import sqlalchemy as sa

    from loaders.contracts.clearance import CONTRACT, TABLE

    h = english_headers()
    kinds = {f.name: f.kind for f in CONTRACT.fields}
    headers = [sa.column(h[name]) for name in kinds]
    out: dict = {}
    for variant in ("arrow_csv_then_insert", "duckdb_read_csv_insert"):
        for stale in (db, db.with_name(db.name + ".wal")):
            stale.unlink(missing_ok=True)
        started = time.perf_counter()
        engine = sa.create_engine(f"duckdb:///{db}", poolclass=sa.pool.NullPool)
        with engine.begin() as conn:
            TABLE.create(conn)
            if variant == "arrow_csv_then_insert":
                types = {h[name]: pa.timestamp("s") if kind == "datetime" else pa.string() for name, kind in kinds.items()}
                types[h["hs_chapter"]] = pa.int64()
                table = pacsv.read_csv(
                    str(csv), convert_options=pacsv.ConvertOptions(column_types=types, true_values=["Y"], false_values=["N"])
                )
                conn.connection.driver_connection.register("source", table)
                source = sa.table("source", *headers)
            else:
                reader = sa.func.read_csv(sa.bindparam("path", str(csv)), sa.literal_column("header = true"))
                source = reader.table_valued(*headers).alias("source")
            rows = sa.select(*(source.c[h[name]] for name in kinds), sa.false(), sa.literal("floor"))
            conn.execute(sa.insert(TABLE).from_select([*kinds, "is_demo", "load_id"], rows))
        with engine.connect() as conn:
            conn.exec_driver_sql("CHECKPOINT")
        engine.dispose()
        seconds = time.perf_counter() - started
        out[variant] = {"seconds": seconds, "rows_per_s": _count_rows(db) / seconds}
    out.update(peaks())
    return out


def _count_rows(db: Path) -> int:
    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("SELECT count(*) FROM clearance").fetchone()[0]
