"""`python -m tools.bench`: orchestrates the measurements, each heavy step in a fresh subprocess. See tools/bench/__init__.py."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from loaders.paths import REPO_ROOT, VAR_DIR
from tools.bench import (
    GIB,
    NAIVE_LOAD_ROWS,
    NAIVE_RSS_LIMIT,
    NAIVE_SECONDS_LIMIT,
    TARGET_AGG_RSS_BYTES,
    TARGET_FILTERED_P95_MS,
    TARGET_FULL_SECONDS,
    TARGET_LOAD_ROWS_PER_S,
    TARGET_RATIO,
    browser,
    concurrency,
    engines,
    fresh_db,
    training,
)
from tools.bench.naive import worker_naive_filtered, worker_naive_full, worker_naive_load
from tools.bench.pages import worker_pages
from tools.bench.report import fmt_bytes, summarise
from tools.bench.workers import worker_filtered, worker_floor, worker_full, worker_generate, worker_load


@dataclass
class Bench:
    """What a section gets: the run's file and settings, the DuckDB store already loaded, and the
    orchestrator's helpers (run_worker: a step in a fresh process; log; save: rewrite the JSON)."""

    rows: int
    csv: Path
    workdir: Path
    repeat: int
    result: dict
    duckdb_url: str
    engines: tuple[str, ...]
    pg_url: str
    sessions: int
    log: Callable[[str], None]
    save: Callable[[], None]
    run_worker: Callable[..., dict] = field(default=lambda args, *limits: _run_worker(args, *limits))
    day_rows: int = 0
    day_csv: Path | None = None
    training_sessions: int = 20_000


# Sections run after the clearance measurements, in this order. Each is `section(bench, results)`:
# it fills `results` (saved under result["sections"][name]) and returns its markdown (printed after
# the main table). The browser timings (tools/bench/browser.py: each page in Chromium, first card and
# fully rendered, cold and warm) plug in here as ("browser", browser.section).
SECTIONS: list[tuple[str, Callable[[Bench, dict], str]]] = [
    ("engines", engines.section),
    ("browser", browser.section),
    ("concurrency", concurrency.section),
    ("training", training.section),
]


def _run_worker(args: list[str], rss_limit: int | None = None, seconds_limit: float | None = None) -> dict:
    """Run `python -m tools.bench --worker ...` in a fresh process; its last stdout line is JSON.

    With limits, the child is killed (by its pid) when its RSS or wall time goes past them and
    {"killed": reason} is returned.
    """
    command = [sys.executable, "-m", "tools.bench", *args]
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
    from importlib.metadata import version  # not the modules: the orchestrator stays small (see max_rss)

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
    engine_names: tuple[str, ...] = ("duckdb", "postgresql"),
    pg_url: str = engines.DEFAULT_PG_URL,
    sessions: int = 20,
    training_sessions: int = 20_000,
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
        url = fresh_db(db)
        log("load through loaders.store.load.load_file (subprocess)")
        args = ["--worker", "load", "--csv", str(csv), "--db", url, "--rejects", str(workdir / "rejects")]
        if profile:
            args += ["--profile-out", str(workdir / "load.prof")]
        ours["load"] = _run_worker(args)
        ours["db_bytes"] = db.stat().st_size
        log(
            f"  {ours['load']['seconds']:.1f} s, {ours['load']['rows_per_s']:,.0f} rows/s, peak RSS {fmt_bytes(ours['load']['peak_rss_bytes'])}"
        )
        save()
        log("full aggregate x3 (subprocess)")
        ours["full_aggregate"] = _run_worker(["--worker", "full", "--db", url])
        log(
            f"  first {ours['full_aggregate']['first_s']:.2f} s, best {ours['full_aggregate']['best_s']:.2f} s, peak RSS {fmt_bytes(ours['full_aggregate']['peak_rss_bytes'])}"
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
                    log(f"  {full['total_s']:.1f} s, peak RSS {fmt_bytes(full['peak_rss_bytes'])}")
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
        bench = Bench(
            rows, csv, workdir, repeat, result, url, engine_names, pg_url, sessions, log, save, training_sessions=training_sessions
        )
        sections = result.setdefault("sections", {})
        tables = []
        for name, run_section in SECTIONS:
            tables.append(run_section(bench, sections.setdefault(name, {})))
            save()
        result["load_average_at_end"] = os.getloadavg()
        metrics, table = summarise(result)
        result["metrics"] = metrics
        result["table_markdown"] = table
        result["sections_markdown"] = [t for t in tables if t]
        save()
        machine = result["machine"]
        print(
            f"\n## Clearance benchmark, N = {rows:,} ({machine['usable_cores']} cores, Python {machine['python']}, DuckDB {machine['duckdb']})\n"
        )
        print(table)
        for section_table in result["sections_markdown"]:
            print(section_table)
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
    parser = argparse.ArgumentParser(prog="python -m tools.bench", description=__doc__.split("\n\n")[0])
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
    parser.add_argument("--engines", default="duckdb,postgresql", help="engines side by side (default duckdb,postgresql)")
    parser.add_argument("--pg-url", default=engines.DEFAULT_PG_URL, help="PostgreSQL database for the bench's own schema")
    parser.add_argument(
        "--sessions",
        type=int,
        default=20,
        help="concurrent browser sessions on the demo store (0: skip them and the Chromium page timings)",
    )
    parser.add_argument(
        "--training-sessions",
        type=int,
        default=20_000,
        help="sessions in the training schedule timed on /training and its calendar feed (default 20,000; 0: skip)",
    )
    # internal: one measurement in this (fresh) process
    parser.add_argument(
        "--worker",
        choices=("generate", "load", "full", "filtered", "floor", "pages", "training", "naive-full", "naive-load", "naive-filtered"),
        help=argparse.SUPPRESS,
    )
    parser.add_argument("--csv", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("--rejects", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--slim", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--profile-out", dest="profile_out", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--training-dir", dest="training_dir", type=Path, help=argparse.SUPPRESS)
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
        elif args.worker == "pages":
            result = worker_pages(args.db)
        elif args.worker == "training":
            result = training.worker_training(args.training_dir, args.db)
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
        tuple(e.strip() for e in args.engines.split(",") if e.strip()),
        args.pg_url,
        args.sessions,
        args.training_sessions,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
