"""The store's own tables: provenance of every load and retirement. The datasets' tables are declared
by their contracts (loaders.contracts) on the same `metadata`."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Connection

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

# The columns a table has in the store (information_schema, which DuckDB and PostgreSQL both keep).
STORED_COLUMNS = sa.table(
    "columns", sa.column("column_name"), sa.column("table_name"), sa.column("table_schema"), schema="information_schema"
)


def stored_in(table_name: str) -> tuple[sa.ColumnElement[bool], ...]:
    return STORED_COLUMNS.c.table_name == table_name, STORED_COLUMNS.c.table_schema == sa.func.current_schema()


def add_missing_columns(conn: Connection) -> None:
    """Columns a contract gained after the store was created (indicator_series' qualifier) are
    added, empty, so an older store takes new loads; only nullable columns are ever added."""
    preparer = conn.dialect.identifier_preparer
    for table in metadata.sorted_tables:
        present = set(conn.execute(sa.select(STORED_COLUMNS.c.column_name).where(*stored_in(table.name))).scalars())
        for column in table.columns:
            if present and column.name not in present and column.nullable:
                kind = column.type.compile(dialect=conn.dialect)
                conn.execute(sa.text(f"ALTER TABLE {preparer.quote(table.name)} ADD COLUMN {preparer.quote(column.name)} {kind}"))
