"""Build the demo store: generated records written to files, then loaded like any real file.

The demo goes through the same reader, validator and store as real data, so what the app
shows on demo data is what it would show on real exports. Published figures are loaded too,
as real (non-demo) indicator series with their sources.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from loaders.load import LoadReport, LoadRequest, load_files
from loaders.paths import DATASETS_DIR
from loaders.store import database_url, duckdb_path, is_duckdb

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


def build_demo(url: str | None = None, seed: int = DEMO_SEED, scale: float = 1.0) -> list[LoadReport]:
    """Generate and load every dataset plus the published figures. A DuckDB store is rebuilt whole."""
    url = database_url(url)
    if not is_duckdb(url):
        return _load_generated(url, seed, scale)
    path = duckdb_path(url)
    path.parent.mkdir(parents=True, exist_ok=True)
    fresh = path.with_name(path.name + ".demo-build")
    fresh.unlink(missing_ok=True)
    reports = _load_generated(f"duckdb:///{fresh}", seed, scale)
    os.replace(fresh, path)
    return reports


def _load_generated(url: str, seed: int, scale: float) -> list[LoadReport]:
    from loaders.demo.generator import generate  # numpy-heavy; only when building the demo

    frames = generate(seed=seed, scale=scale)
    with tempfile.TemporaryDirectory(prefix="demo-") as folder:
        requests = [LoadRequest(name, write_csv(frame, Path(folder) / f"demo_{name}.csv"), is_demo=True) for name, frame in frames.items()]
        requests.append(LoadRequest("indicator_series", PUBLISHED_FIGURES, is_demo=False))
        return load_files(requests, url, rejects_dir=Path(folder) / "rejects")
