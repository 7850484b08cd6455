"""Benchmark: N synthetic clearance declarations, our path (loader + DuckDB aggregates) vs naive pandas.

    python -m tools.bench --rows 10000000 [--out bench-results/clearance-10000000.json]
                            [--repeat 30] [--naive-repeat 3] [--workdir DIR] [--keep]
                            [--no-naive] [--no-floor] [--profile]
                            [--engines duckdb,postgresql] [--pg-url URL] [--sessions 20]

1. Writes N declarations as an English-header CSV in a work folder (default: a temp folder under
   var/bench/, removed afterwards unless --keep or --workdir). Generation is vectorised and
   chunked (1M rows at a time), so memory stays bounded at any N.
2. Measures, each heavy step in a fresh subprocess (so peak RSS is that step's own ru_maxrss):
   - load: loaders.store.load.load_file('clearance', csv) into a fresh DuckDB file (the real path:
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
3. Sections (tools/bench/__main__.py's SECTIONS): engines (tools/bench/engines.py: DuckDB and
   PostgreSQL side by side, load rows/s, one extra day loaded into the N-row store, full and
   filtered aggregates, each page's data time cold, peak RSS, CPU load beside each time) and
   concurrency (tools/bench/concurrency.py: --sessions Chromium sessions on the demo store).
4. Prints a markdown table against the targets and writes every number to --out as JSON
   (rewritten after each step). CPU seconds and load averages are recorded beside wall times,
   since a shared machine inflates the latter.

Timestamps in the file are roughly in arrival order, as exports from a declaration system are.
"""

from __future__ import annotations

from pathlib import Path

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


def fresh_db(path: Path) -> str:
    for stale in (path, path.with_name(path.name + ".wal"), path.with_name(path.name + ".lock")):
        stale.unlink(missing_ok=True)
    return f"duckdb:///{path}"
