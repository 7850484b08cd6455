"""Build the demo store: generated records written to files, then loaded like any real file.

The demo goes through the same reader, validator and store as real data, so what the app
shows on demo data is what it would show on real exports. Published figures are loaded too,
as real (non-demo) indicator series with their sources.

A demo build replaces the whole store, so it never touches real data unless told to:
- Real rows are the non-demo rows of any dataset, and the non-demo loads and retirements in the
  history. The published figures the demo brings itself are not real rows for this purpose: they
  are the non-demo files of a load that also holds demo files (one `load_files` call, recognised by
  its shared start time in load_log). A steward's own load of published figures is a load of its
  own, so its rows are real and protected.
- A store holding real rows is refused (RealDataPresent, naming the counts) unless
  `replace_real=True` (`python -m loaders demo --replace-real`).
- The build holds the writer lock: DuckDB's file lock while it builds the new file and swaps it in,
  PostgreSQL's advisory lock for the one transaction that clears the tables and loads the demo.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from loaders.contracts.datasets import TABLES
from loaders.paths import DATASETS_DIR
from loaders.store.engines import database_url, describe, duckdb_path, exists, is_duckdb, probe, read_engine
from loaders.store.load import LoadReport, LoadRequest, load_files
from loaders.store.locks import writer_lock
from loaders.store.tables import load_log, retire_log

PUBLISHED_FIGURES = DATASETS_DIR / "reference" / "published_figures.csv"
DEMO_SEED = 20230704


def write_csv(frame: pd.DataFrame, path: Path) -> Path:
    """Canonical frame -> English-header CSV (UTF-8), datetimes as 'YYYY-MM-DD HH:MM:SS'."""
    table = pa.Table.from_pandas(frame, preserve_index=False)
    casts = {i: pa.timestamp("s") for i, f in enumerate(table.schema) if pa.types.is_timestamp(f.type)}
    for index, target in casts.items():
        table = table.set_column(index, table.schema.field(index).name, table.column(index).cast(target))
    pacsv.write_csv(table, path)
    return path


class RealDataPresent(Exception):
    """The store holds real rows; a demo build would delete them. Nothing was written."""

    def __init__(self, url: str, counts: dict[str, int]):
        self.counts = counts
        history = {"load_log": "load(s) in the history", "retire_log": "retirement(s) in the history"}
        listed = ", ".join(f"{count} {history[name]}" if name in history else f"{name} {count} rows" for name, count in counts.items())
        super().__init__(
            f"store {describe(url)} holds real data that the demo would delete ({listed}); "
            "rerun with --replace-real to delete it, or give the demo another store with --db"
        )


def real_counts(bind: Connection) -> dict[str, int]:
    """Rows and history entries a demo build would delete that are not the demo's own, by table."""
    demo_starts = sa.select(load_log.c.started_at).where(load_log.c.is_demo)
    demo_reference = sa.select(load_log.c.load_id).where(~load_log.c.is_demo, load_log.c.started_at.in_(demo_starts))
    counts = {}
    for name, table in TABLES.items():
        real = sa.and_(~table.c.is_demo, table.c.load_id.not_in(demo_reference))
        counts[name] = bind.execute(sa.select(sa.func.count()).select_from(table).where(real)).scalar_one()
    loads = sa.and_(~load_log.c.is_demo, load_log.c.load_id.not_in(demo_reference))
    counts["load_log"] = bind.execute(sa.select(sa.func.count()).select_from(load_log).where(loads)).scalar_one()
    if sa.inspect(bind).has_table(retire_log.name):
        counts["retire_log"] = bind.execute(sa.select(sa.func.count()).select_from(retire_log)).scalar_one()
    return {name: count for name, count in counts.items() if count}


def _stored_real_counts(url: str) -> dict[str, int]:
    if not exists(url):
        return {}
    engine = read_engine(url, pooled=False)
    try:
        with engine.connect() as conn:
            if not all(sa.inspect(conn).has_table(t.name) for t in TABLES.values()):
                return {}  # an older or partial store: checked table by table below
            return real_counts(conn)
    finally:
        engine.dispose()


def build_demo(url: str | None = None, seed: int = DEMO_SEED, scale: float = 1.0, replace_real: bool = False) -> list[LoadReport]:
    """Generate and load every dataset plus the published figures, replacing the whole store.

    Raises RealDataPresent (nothing written) if the store holds real rows and not `replace_real`.
    """
    url = probe(database_url(url))
    counts = _stored_real_counts(url)  # before the (slow) generation: refuse early
    if counts and not replace_real:
        raise RealDataPresent(url, counts)
    if not is_duckdb(url):
        return _load_generated(url, seed, scale, prepare=lambda conn: _clear_postgres(conn, url, replace_real))
    path = duckdb_path(url)
    with writer_lock(url):
        counts = _stored_real_counts(url)  # again, under the lock: a load may have finished meanwhile
        if counts and not replace_real:
            raise RealDataPresent(url, counts)
        fresh = path.with_name(path.name + ".demo-build")
        fresh.unlink(missing_ok=True)
        try:
            reports = _load_generated(f"duckdb:///{fresh}", seed, scale)
            os.replace(fresh, path)
        finally:
            fresh.unlink(missing_ok=True)
            fresh.with_name(fresh.name + ".lock").unlink(missing_ok=True)
    return reports


def _clear_postgres(conn: Connection, url: str, replace_real: bool) -> None:
    """Inside the demo's load transaction, after the writer lock: refuse real rows, else clear the store."""
    counts = real_counts(conn)
    if counts and not replace_real:
        raise RealDataPresent(url, counts)
    for table in [*TABLES.values(), load_log, retire_log]:
        conn.execute(table.delete())


def _load_generated(url: str, seed: int, scale: float, prepare: Callable[[Connection], None] | None = None) -> list[LoadReport]:
    from loaders.demo.generator import DEMO_END, generate  # numpy-heavy; only when building the demo

    frames = generate(seed=seed, scale=scale)
    covers_through = dt.date.fromisoformat(DEMO_END)  # the demo declares its own coverage: every day up to its end
    with tempfile.TemporaryDirectory(prefix="demo-") as folder:
        requests = [
            LoadRequest(name, write_csv(frame, Path(folder) / f"demo_{name}.csv"), is_demo=True, covers_through=covers_through)
            for name, frame in frames.items()
        ]
        requests.append(LoadRequest("indicator_series", PUBLISHED_FIGURES, is_demo=False))
        return load_files(requests, url, rejects_dir=Path(folder) / "rejects", prepare=prepare)
