"""The store's own tables: provenance of every load and retirement. The datasets' tables are declared
by their contracts (loaders.contracts) on the same `metadata`.

A store made by an earlier version lacks the columns added since: `add_missing_columns` adds them
(empty for old rows) when a load opens the store for writing, and `existing_columns` lets a reader
tell an old store from a new one."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from loaders.contracts.contract import metadata

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
    # the last day the file's data cover, as the steward declared it (or, undeclared, the last whole
    # day in the file); empty for loads made before coverage was recorded
    sa.Column("covers_through", sa.Date),
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


def existing_columns(bind: Engine | Connection, table: str) -> set[str]:
    """The columns `table` has in the store (its current schema), by the standard information schema."""
    columns = sa.table("columns", sa.column("column_name"), sa.column("table_name"), sa.column("table_schema"), schema="information_schema")
    statement = sa.select(columns.c.column_name).where(columns.c.table_name == table, columns.c.table_schema == sa.func.current_schema())
    if isinstance(bind, Connection):
        return {str(row[0]) for row in bind.execute(statement)}
    with bind.connect() as conn:
        return {str(row[0]) for row in conn.execute(statement)}


def add_missing_columns(conn: Connection) -> None:
    """Add every declared column an older store lacks (nullable; old rows hold nothing in it)."""
    preparer = conn.dialect.identifier_preparer
    for table in metadata.sorted_tables:
        present = existing_columns(conn, table.name)
        for column in table.columns:
            if present and column.name not in present and column.nullable:
                column_type = column.type.compile(dialect=conn.dialect)
                conn.exec_driver_sql(f"ALTER TABLE {preparer.quote(table.name)} ADD COLUMN {preparer.quote(column.name)} {column_type}")
