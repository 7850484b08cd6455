"""The store: a DuckDB file by default, any SQLAlchemy URL (PostgreSQL tested) by setting.

Readers and writers are kept apart because a DuckDB file has a single writer and any open
reader blocks it. The app reads through `read_engine` (DuckDB: pooled read-only snapshots,
each pinned to the file it opened). A load writes through `write_connection`, which on DuckDB builds the next
snapshot in a copy and swaps it in with os.replace: readers see the old file or the new one,
never half a load, and a killed load leaves only a stray temp file behind. On PostgreSQL the
same guarantee comes from one transaction.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.pool import NullPool, QueuePool

from loaders import postgres_bulk, settings
from loaders.contract import metadata

DB_URL_ENV = settings.DB_URL.name

load_log = sa.Table(
    "load_log",
    metadata,
    sa.Column("load_id", sa.String, primary_key=True),
    sa.Column("dataset", sa.String, nullable=False),
    sa.Column("file_name", sa.String, nullable=False),
    sa.Column("sha256", sa.String, nullable=False),
    sa.Column("encoding", sa.String),
    sa.Column("rows_read", sa.BigInteger, nullable=False),
    sa.Column("rows_accepted", sa.BigInteger, nullable=False),
    sa.Column("rows_rejected", sa.BigInteger, nullable=False),
    sa.Column("rows_new", sa.BigInteger, nullable=False),
    sa.Column("rows_replaced", sa.BigInteger, nullable=False),
    sa.Column("rows_unchanged", sa.BigInteger, nullable=False),
    sa.Column("is_demo", sa.Boolean, nullable=False),
    sa.Column("started_at", sa.DateTime, nullable=False),
    sa.Column("finished_at", sa.DateTime, nullable=False),
    sa.Column("loader_version", sa.String, nullable=False),
    sa.Column("rejects_file", sa.String),
    comment="one row per load (provenance)",
)

retire_log = sa.Table(
    "retire_log",
    metadata,
    sa.Column("retire_id", sa.String, primary_key=True),
    sa.Column("dataset", sa.String, nullable=False),
    sa.Column("file_name", sa.String, nullable=False),
    sa.Column("sha256", sa.String, nullable=False),
    sa.Column("keys_read", sa.BigInteger, nullable=False),
    sa.Column("rows_deleted", sa.BigInteger, nullable=False),
    sa.Column("keys_not_found", sa.BigInteger, nullable=False),
    sa.Column("started_at", sa.DateTime, nullable=False),
    sa.Column("finished_at", sa.DateTime, nullable=False),
    sa.Column("loader_version", sa.String, nullable=False),
    sa.Column("retired_file", sa.String),
    comment="one row per retirement of wrong keys (provenance; the deleted rows are kept in retired_file)",
)


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
    def attach_store(dbapi_connection, connection_record) -> None:
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
                yield conn
            with engine.connect() as conn:
                conn.exec_driver_sql("CHECKPOINT")
            engine.dispose()
            os.replace(next_path, path)
        finally:
            engine.dispose()
            next_path.unlink(missing_ok=True)
            next_path.with_name(next_path.name + ".wal").unlink(missing_ok=True)


def _staging_table(target: sa.Table) -> sa.Table:
    name = f"staging_{target.name}_{uuid.uuid4().hex[:8]}"
    columns = [sa.Column(c.name, c.type) for c in target.columns]
    return sa.Table(name, sa.MetaData(), *columns, prefixes=["TEMPORARY"])


# DuckDB staging views -> the Arrow table registered under them (kept alive until the merge drops the view)
_ARROW_STAGING: dict[str, str] = {}
# PostgreSQL staging views over a table the rows were copied straight into -> how many rows
_DIRECT_STAGING: dict[str, int] = {}


def stage_rows(conn: Connection, target: sa.Table, rows: pa.Table) -> sa.Table:
    """Stage rows shaped like `target` for upsert_from; the fast path of each engine.

    DuckDB reads the Arrow table in place through a temporary view that casts each column to the
    target's type (no copy). PostgreSQL gets the rows by binary COPY (loaders.postgres_bulk): into a
    temporary table (no WAL, ANALYZEd so the merge plans on real counts), or, when `target` is a
    stored table that holds no rows yet (a first load), straight into it in key order (no second
    write, the primary key filled in order) with a temporary view over it as the staging, which
    upsert_from then counts as all new.
    """
    staging = _staging_table(target)
    rows = rows.select([c.name for c in target.columns])
    if conn.dialect.name == "duckdb":
        view = f"arrow_{staging.name}"
        raw = conn.connection.dbapi_connection
        raw.register(view, rows)
        _ARROW_STAGING[staging.name] = view
        source = sa.select(*[sa.cast(sa.column(c.name), c.type).label(c.name) for c in target.columns]).select_from(sa.table(view))
        compiled = source.compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True})
        conn.exec_driver_sql(f"CREATE TEMPORARY VIEW {conn.dialect.identifier_preparer.quote(staging.name)} AS {compiled}")
        return staging
    direct = metadata.tables.get(target.name) is target and _is_empty(conn, target)
    postgres_bulk.stage(conn, target, staging, rows, direct)
    if direct:
        _DIRECT_STAGING[staging.name] = rows.num_rows
    return staging


def _is_empty(conn: Connection, table: sa.Table) -> bool:
    return conn.execute(sa.select(sa.literal(1)).select_from(table).limit(1)).first() is None


def upsert_from(
    conn: Connection, target: sa.Table, staging: sa.Table, key: tuple[str, ...], cluster_by: tuple[str, ...] = ()
) -> tuple[int, int]:
    """Merge staged rows on the natural key: identical rows stay, changed rows are replaced.

    New rows are written in `cluster_by` order, so DuckDB's per-row-group min/max lets a filter on
    those columns (one customs office, one year) skip most of the table.

    Returns (new rows, replaced rows). Bookkeeping (load_id) does not count as a change, so loading
    the same file twice changes nothing.
    """
    order = [staging.c[name] for name in cluster_by]
    if staging.name in _DIRECT_STAGING:  # PostgreSQL, a first load: stage_rows copied the rows in already
        new = _DIRECT_STAGING[staging.name]
        drop_staging(conn, staging)
        return new, 0
    if _is_empty(conn, target):
        # an empty table (a first load): every staged row is new, no key to compare
        new = conn.execute(sa.select(sa.func.count()).select_from(staging)).scalar_one()
        conn.execute(target.insert().from_select([c.name for c in target.columns], sa.select(*staging.columns).order_by(*order)))
        drop_staging(conn, staging)
        return new, 0
    compared = [c.name for c in target.columns if c.name != "load_id" and c.name not in key]
    if conn.dialect.name == "postgresql" and {c.name for c in target.primary_key.columns} == set(key):
        new, replaced = postgres_bulk.upsert_on_conflict(conn, target, staging, key, compared, order)
        drop_staging(conn, staging)
        return new, replaced
    same_key = sa.and_(*[staging.c[k] == target.c[k] for k in key])
    differs = sa.or_(*[staging.c[name].is_distinct_from(target.c[name]) for name in compared])
    absent = ~sa.exists().where(same_key)
    # counted up front: INSERT ... SELECT reports no row count through some drivers
    new = conn.execute(sa.select(sa.func.count()).select_from(staging).where(absent)).scalar_one()
    replaced = conn.execute(sa.delete(target).where(sa.exists().where(same_key, differs))).rowcount
    fresh = sa.select(*staging.columns).where(absent).order_by(*order)
    conn.execute(target.insert().from_select([c.name for c in target.columns], fresh))
    drop_staging(conn, staging)
    return new, replaced


def drop_staging(conn: Connection, staging: sa.Table) -> None:
    if _DIRECT_STAGING.pop(staging.name, None) is not None:
        conn.exec_driver_sql(f"DROP VIEW {conn.dialect.identifier_preparer.quote(staging.name)}")
        return
    view = _ARROW_STAGING.pop(staging.name, None)
    if view is None:
        staging.drop(conn)
        return
    conn.exec_driver_sql(f"DROP VIEW {conn.dialect.identifier_preparer.quote(staging.name)}")
    conn.connection.dbapi_connection.unregister(view)
