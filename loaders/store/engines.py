"""Engines of the store: a DuckDB file by default, any SQLAlchemy URL (PostgreSQL tested) by setting.

Readers and writers are kept apart because a DuckDB file has a single writer and any open
reader blocks it. The app reads through `read_engine` (DuckDB: pooled read-only snapshots,
each pinned to the file it opened); loads write through `loaders.store.locks.write_connection`.
`probe` and `require_store` turn every way a store can be unusable into one line.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.pool import NullPool, QueuePool

from loaders import settings
from loaders.store.tables import load_log

DB_URL_ENV = settings.DB_URL.name


class StoreUnavailable(Exception):
    """The store cannot be used (bad URL, server down, missing or damaged file): one line saying
    which store and what to do. The command line prints it and exits 2."""


def database_url(url: str | None = None) -> str:
    """The URL given, else DASHBOARD_DB_URL, else the embedded DuckDB file."""
    return url or settings.DB_URL.get()


def is_duckdb(url: str) -> bool:
    return sa.make_url(url).get_backend_name() == "duckdb"


def duckdb_path(url: str) -> Path:
    """The store file, symlinks resolved: a load replaces the real file, never the link to it."""
    return Path(sa.make_url(url).database or "").resolve()


def valid_url(url: str) -> bool:
    """Whether the text parses as a database URL at all (the app never echoes one that does not: it may hold a password)."""
    try:
        sa.make_url(url)
    except sa.exc.ArgumentError:
        return False
    return True


def describe(url: str) -> str:
    """The URL without its password, for messages (the command line echoes text that is not a URL as typed)."""
    try:
        return sa.make_url(url).render_as_string(hide_password=True)
    except sa.exc.ArgumentError:
        return url


def read_engine(url: str | None = None, pooled: bool = True) -> Engine:
    """An engine for reading.

    DuckDB: each connection is its own in-memory DuckDB that ATTACHes the store file read-only,
    so it holds the snapshot it opened (the file's inode) even after a load swaps in a new file,
    and connections can be pooled: opening a 10M-row store costs ~60-130 ms, more than the
    filtered query itself. A plain `duckdb.connect(path)` could not be pooled: DuckDB shares one
    instance per path in a process, so a pooled connection would pin every new one to the old
    snapshot. The caller makes a new engine when the file changes (see dashboard.data.engine)
    and disposes the old one, which releases the old snapshot.
    """
    url = database_url(url)
    if not is_duckdb(url):
        return sa.create_engine(url, pool_pre_ping=True, **({} if pooled else {"poolclass": NullPool}))
    path = str(duckdb_path(url).resolve())
    engine = sa.create_engine(
        "duckdb:///:memory:", **({"poolclass": QueuePool, "pool_size": 4, "max_overflow": 4} if pooled else {"poolclass": NullPool})
    )

    @sa.event.listens_for(engine, "connect")
    def attach_store(dbapi_connection: Any, connection_record: object) -> None:  # duckdb_engine's connection: execute() takes parameters
        dbapi_connection.execute("ATTACH ? AS store (READ_ONLY)", [path])
        dbapi_connection.execute("USE store")

    return engine


def probe(url: str | None = None) -> str:
    """Check the store can be written before any file is parsed; return the URL it resolved to.

    Raises StoreUnavailable with one line for: a URL SQLAlchemy cannot read or whose driver is not
    installed, a DuckDB URL naming no file or a directory, a folder that cannot be created, a file
    that is not a DuckDB database, a database server that cannot be reached. A URL taken from
    DASHBOARD_DB_URL is named as such, so the steward knows which setting to fix.
    """
    if url is None and settings.DB_URL.is_set():
        try:
            return _probe(database_url())
        except StoreUnavailable as error:
            raise StoreUnavailable(str(error).replace("store ", f"store (from {DB_URL_ENV}) ", 1)) from None
    return _probe(database_url(url))


def _probe(url: str) -> str:
    try:
        parsed = sa.make_url(url)
    except sa.exc.ArgumentError:
        raise StoreUnavailable(
            f"store {url!r}: not a database URL; use duckdb:///path/to/file.duckdb or postgresql+psycopg://user@host/db"
        ) from None
    if parsed.get_backend_name() == "duckdb":
        _probe_duckdb(url, parsed.database or "")
        return url
    timeout = {"connect_args": {"connect_timeout": 10}} if parsed.get_backend_name() == "postgresql" else {}
    try:
        engine = sa.create_engine(url, poolclass=NullPool, **timeout)
    except (ImportError, sa.exc.NoSuchModuleError, sa.exc.ArgumentError) as error:
        raise StoreUnavailable(
            f"store {describe(url)}: no driver for it ({error}); use DuckDB or PostgreSQL (postgresql+psycopg://)"
        ) from None
    try:
        with engine.connect() as conn:
            conn.execute(sa.select(sa.literal(1)))
    except sa.exc.DBAPIError as error:
        raise StoreUnavailable(
            f"store {describe(url)}: cannot connect ({first_line(error.orig)}); check the server is running and the database exists"
        ) from None
    finally:
        engine.dispose()
    return url


def first_line(error: BaseException | None) -> str:
    """An exception's message on one line (drivers add context on further lines)."""
    text = str(error).strip().splitlines()
    return text[0].strip() if text else type(error).__name__


def _probe_duckdb(url: str, database: str) -> None:
    if database in ("", ":memory:"):
        raise StoreUnavailable(f"store {url!r}: names no file; use duckdb:///path/to/file.duckdb")
    path = Path(database).resolve()
    if path.is_dir():
        raise StoreUnavailable(f"store {url!r}: {path} is a directory; name a file inside it, e.g. duckdb:///{path / 'dashboard.duckdb'}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StoreUnavailable(
            f"store {url!r}: cannot create the folder {path.parent} ({error.strerror}); choose a writable place"
        ) from None
    if not os.access(path.parent, os.W_OK):
        raise StoreUnavailable(f"store {url!r}: the folder {path.parent} is not writable; choose a writable place")
    if path.is_file():
        check_duckdb_file(url, path)


def check_duckdb_file(url: str, path: Path) -> None:
    """A file at the store's path that DuckDB cannot open is damaged (or another program's)."""
    import duckdb

    try:
        duckdb.connect(str(path), read_only=True).close()
    except duckdb.Error as error:
        raise StoreUnavailable(
            f"store {url!r}: {path} is not a readable DuckDB database ({first_line(error)}); "
            "move it aside and restore a backup or rebuild (python -m loaders demo)"
        ) from None


def require_store(url: str | None = None) -> str:
    """For commands that read: the store must exist and open (`status` on a missing store says so)."""
    url = probe(url)
    if is_duckdb(url) and not duckdb_path(url).is_file():
        raise StoreUnavailable(f"store {url!r}: no store at {duckdb_path(url)}; build the demo (python -m loaders demo) or load a file")
    if not exists(url):
        raise StoreUnavailable(
            f"store {describe(url)}: holds no dashboard tables yet; build the demo (python -m loaders demo) or load a file"
        )
    return url


def exists(url: str | None = None) -> bool:
    """Whether the store has been created (tables present)."""
    url = database_url(url)
    if is_duckdb(url) and not duckdb_path(url).is_file():
        return False
    engine = read_engine(url, pooled=False)
    try:
        with engine.connect() as conn:
            return sa.inspect(conn).has_table(load_log.name)
    finally:
        engine.dispose()
