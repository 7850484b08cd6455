"""Staging and merging: rows a load brings, staged on each engine's fast path, then merged on the
natural key. The caller holds the `Staged` handle from `stage_rows` to `upsert_from` or
`drop_staging`; nothing about a staging lives in module state, so concurrent loads in one process
cannot see each other's."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import pyarrow as pa
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from loaders.contracts.contract import metadata
from loaders.store import postgres_bulk


@dataclass
class Staged:
    """Rows staged for one merge, as `stage_rows` left them: the staging table (or view) to select
    from, the Arrow table's registered name where DuckDB reads it in place, and the row count where
    PostgreSQL copied a first load straight into the target."""

    table: sa.Table
    arrow_view: str | None = None
    copied_into_target: int | None = None


def _staging_table(target: sa.Table) -> sa.Table:
    name = f"staging_{target.name}_{uuid.uuid4().hex[:8]}"
    columns = [sa.Column(c.name, c.type) for c in target.columns]
    return sa.Table(name, sa.MetaData(), *columns, prefixes=["TEMPORARY"])


def stage_rows(conn: Connection, target: sa.Table, rows: pa.Table) -> Staged:
    """Stage rows shaped like `target` for upsert_from; the fast path of each engine.

    DuckDB reads the Arrow table in place through a temporary view that casts each column to the
    target's type (no copy). PostgreSQL gets the rows by binary COPY (loaders.store.postgres_bulk): into a
    temporary table (no WAL, ANALYZEd so the merge plans on real counts), or, when `target` is a
    stored table that holds no rows yet (a first load), straight into it in key order (no second
    write, the primary key filled in order) with a temporary view over it as the staging, which
    upsert_from then counts as all new.
    """
    staging = _staging_table(target)
    rows = rows.select([c.name for c in target.columns])
    if conn.dialect.name == "duckdb":
        view = f"arrow_{staging.name}"
        raw: Any = conn.connection.dbapi_connection  # duckdb's: register() is beyond the DB-API protocol SQLAlchemy types it as
        raw.register(view, rows)
        source = sa.select(*[sa.cast(sa.column(c.name), c.type).label(c.name) for c in target.columns]).select_from(sa.table(view))
        compiled = source.compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True})
        conn.exec_driver_sql(f"CREATE TEMPORARY VIEW {conn.dialect.identifier_preparer.quote(staging.name)} AS {compiled}")
        return Staged(staging, arrow_view=view)
    direct = metadata.tables.get(target.name) is target and _is_empty(conn, target)
    postgres_bulk.stage(conn, target, staging, rows, direct)
    return Staged(staging, copied_into_target=rows.num_rows if direct else None)


def _is_empty(conn: Connection, table: sa.Table) -> bool:
    return conn.execute(sa.select(sa.literal(1)).select_from(table).limit(1)).first() is None


def upsert_from(
    conn: Connection, target: sa.Table, staged: Staged, key: tuple[str, ...], cluster_by: tuple[str, ...] = ()
) -> tuple[int, int]:
    """Merge staged rows on the natural key: identical rows stay, changed rows are replaced; the
    staging is dropped.

    New rows are written in `cluster_by` order, so DuckDB's per-row-group min/max lets a filter on
    those columns (one customs office, one year) skip most of the table.

    Returns (new rows, replaced rows). Bookkeeping (load_id) does not count as a change, so loading
    the same file twice changes nothing.
    """
    staging = staged.table
    order = [staging.c[name] for name in cluster_by]
    if staged.copied_into_target is not None:  # PostgreSQL, a first load: stage_rows copied the rows in already
        drop_staging(conn, staged)
        return staged.copied_into_target, 0
    if _is_empty(conn, target):
        # an empty table (a first load): every staged row is new, no key to compare
        new = conn.execute(sa.select(sa.func.count()).select_from(staging)).scalar_one()
        conn.execute(target.insert().from_select([c.name for c in target.columns], sa.select(*staging.columns).order_by(*order)))
        drop_staging(conn, staged)
        return new, 0
    compared = [c.name for c in target.columns if c.name != "load_id" and c.name not in key]
    if conn.dialect.name == "postgresql" and {c.name for c in target.primary_key.columns} == set(key):
        new, replaced = postgres_bulk.upsert_on_conflict(conn, target, staging, key, compared, order)
        drop_staging(conn, staged)
        return new, replaced
    same_key = sa.and_(*[staging.c[k] == target.c[k] for k in key])
    differs = sa.or_(*[staging.c[name].is_distinct_from(target.c[name]) for name in compared])
    absent = ~sa.exists().where(same_key)
    # counted up front: INSERT ... SELECT reports no row count through some drivers
    new = conn.execute(sa.select(sa.func.count()).select_from(staging).where(absent)).scalar_one()
    replaced = conn.execute(sa.delete(target).where(sa.exists().where(same_key, differs))).rowcount
    fresh = sa.select(*staging.columns).where(absent).order_by(*order)
    conn.execute(target.insert().from_select([c.name for c in target.columns], fresh))
    drop_staging(conn, staged)
    return new, replaced


def drop_staging(conn: Connection, staged: Staged) -> None:
    """Drop the staging table or view (and unregister DuckDB's Arrow table)."""
    if staged.arrow_view is None and staged.copied_into_target is None:
        staged.table.drop(conn)
        return
    conn.exec_driver_sql(f"DROP VIEW {conn.dialect.identifier_preparer.quote(staged.table.name)}")
    if staged.arrow_view is not None:
        raw: Any = conn.connection.dbapi_connection  # duckdb's, as in stage_rows
        raw.unregister(staged.arrow_view)
