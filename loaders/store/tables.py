"""The store's own tables: provenance of every load and retirement. The datasets' tables are declared
by their contracts (loaders.contracts) on the same `metadata`."""

from __future__ import annotations

import sqlalchemy as sa

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
