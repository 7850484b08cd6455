"""What the store holds: per dataset rows, date range, demo/real and when it was last loaded."""

from __future__ import annotations

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from loaders.contracts.datasets import CONTRACTS, TABLES
from loaders.queries.common import run
from loaders.store.tables import existing_columns, load_log

# The timestamp that places a record in time, per dataset (each contract names it).
TIME_COLUMNS = {name: contract.time_column for name, contract in CONTRACTS.items()}


def dataset_status(bind: Engine | Connection) -> pd.DataFrame:
    """One row per dataset: rows, demo_rows, first, last (record time), as_of (last load finished),
    covered_through (the last day the data cover: the latest coverage its loads declared, else —
    a store whose loads recorded none — the day of the last record)."""
    parts = []
    for name, table in TABLES.items():
        time = table.c[TIME_COLUMNS[name]]
        parts.append(
            sa.select(
                sa.literal(name).label("dataset"),
                sa.func.count().label("rows"),
                sa.func.coalesce(sa.func.sum(sa.case((table.c.is_demo, 1), else_=0)), 0).label("demo_rows"),
                sa.cast(sa.func.min(time), sa.DateTime).label("first"),
                sa.cast(sa.func.max(time), sa.DateTime).label("last"),
            )
        )
    frame = run(bind, sa.union_all(*parts))
    coverage = [sa.func.max(load_log.c.covers_through).label("declared")] if "covers_through" in existing_columns(bind, "load_log") else []
    loads = run(
        bind, sa.select(load_log.c.dataset, sa.func.max(load_log.c.finished_at).label("as_of"), *coverage).group_by(load_log.c.dataset)
    )
    frame = frame.merge(loads, on="dataset", how="left")
    declared = pd.to_datetime(frame["declared"]) if "declared" in frame else pd.Series(pd.NaT, index=frame.index)
    frame["covered_through"] = declared.fillna(pd.to_datetime(frame["last"]).dt.normalize())
    frame = frame.drop(columns=["declared"], errors="ignore")
    frame["rows"] = frame["rows"].astype("int64")
    frame["demo_rows"] = frame["demo_rows"].astype("int64")
    return frame


def load_history(bind: Engine | Connection, limit: int = 200) -> pd.DataFrame:
    """One row per load, newest first (provenance)."""
    return run(bind, sa.select(load_log).order_by(load_log.c.finished_at.desc()).limit(limit))
