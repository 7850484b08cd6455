"""One writer at a time, and the transaction a load writes in.

A load writes through `write_connection`, which on DuckDB builds the next snapshot in a copy and
swaps it in with os.replace: readers see the old file or the new one, never half a load, and a
killed load leaves only a stray temp file behind. On PostgreSQL the same guarantee comes from one
transaction, and an advisory lock orders concurrent loads.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlalchemy.pool import NullPool

from loaders.contracts.contract import metadata
from loaders.store.engines import database_url, duckdb_path, is_duckdb
from loaders.store.tables import add_missing_columns


@contextlib.contextmanager
def _writer_lock(path: Path) -> Iterator[None]:
    """One loader at a time per DuckDB file, so two loads never lose each other's rows."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(path.name + ".lock"), "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def postgres_writer_lock(conn: Connection) -> None:
    """One writer at a time per PostgreSQL schema, as DuckDB's file lock gives: a second load waits
    for the first to commit, then merges on top of it (no duplicate-key error, corrections in order).
    The lock is the transaction's and ends with it, also when the process is killed."""
    conn.execute(sa.select(sa.func.pg_advisory_xact_lock(sa.func.hashtext(sa.func.current_schema()))))


@contextlib.contextmanager
def writer_lock(url: str) -> Iterator[None]:
    """The DuckDB file's writer lock, for work that replaces the store whole (the demo build)."""
    with _writer_lock(duckdb_path(url)):
        yield


@contextlib.contextmanager
def write_connection(url: str | None = None) -> Iterator[Connection]:
    """A connection in one transaction; on success the change becomes visible all at once."""
    url = database_url(url)
    if not is_duckdb(url):
        engine = sa.create_engine(url, poolclass=NullPool)
        try:
            with engine.begin() as conn:
                postgres_writer_lock(conn)
                # room for the staged rows of a large load in memory (a session's temporary tables
                # use these local buffers, 8 MB by default; taken only as used)
                conn.execute(sa.text("SET LOCAL temp_buffers = '256MB'"))
                metadata.create_all(conn)
                add_missing_columns(conn)
                yield conn
        finally:
            engine.dispose()
        return
    path = duckdb_path(url)
    with _writer_lock(path):
        for stale in path.parent.glob(path.name + ".next-*"):
            stale.unlink(missing_ok=True)
        next_path = path.with_name(f"{path.name}.next-{os.getpid()}")
        if path.is_file():
            shutil.copyfile(path, next_path)
        engine = sa.create_engine(f"duckdb:///{next_path}", poolclass=NullPool)
        try:
            with engine.begin() as conn:
                metadata.create_all(conn)
                add_missing_columns(conn)
                yield conn
            with engine.connect() as conn:
                conn.exec_driver_sql("CHECKPOINT")
            engine.dispose()
            os.replace(next_path, path)
        finally:
            engine.dispose()
            next_path.unlink(missing_ok=True)
            next_path.with_name(next_path.name + ".wal").unlink(missing_ok=True)
