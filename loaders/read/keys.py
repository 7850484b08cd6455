"""Keys across a whole file: rows that repeat a key, and keys equal apart from case.

Both look at the parsed keys of every batch of a file at once (validate reads it batch by batch).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import sqlalchemy as sa

from loaders.contracts.contract import Contract
from loaders.read import parsing


class Batch(Protocol):
    """A batch of parsed rows: its typed columns and its rows' numbers in the file."""

    columns: dict[str, parsing.Column]
    rows: np.ndarray


def duplicate_groups(contract: Contract, batches: Sequence[Batch]) -> list[tuple[np.ndarray, np.ndarray]]:
    """Rows whose (complete) key appears more than once in the file, grouped by key, as
    (batch numbers, row indexes within the batch): all of them, since we cannot tell which is right.

    Counted by an in-memory DuckDB over the parsed keys of every batch: a parallel hash
    aggregate, about 2.5x faster than Arrow's dictionary_encode on ten million keys.
    """
    keys = {name: concat([b.columns[name] for b in batches]) for name in contract.key}
    batch_numbers = pa.chunked_array([pa.array(np.full(len(b.rows), i, dtype="int32")) for i, b in enumerate(batches)], pa.int32())
    row_indexes = pa.chunked_array([pa.array(np.arange(len(b.rows), dtype="int64")) for b in batches], pa.int64())
    # pyarrow-stubs: pa.table takes chunked columns too
    table = pa.table({**keys, "batch_no": batch_numbers, "row_no": row_indexes})  # type: ignore[dict-item]
    source = sa.table("file_keys", *[sa.column(name) for name in table.column_names])
    key = [source.c[name] for name in contract.key]
    repeated = sa.select(*key).where(*[k.is_not(None) for k in key]).group_by(*key).having(sa.func.count() > 1).cte("repeated")
    group = sa.func.dense_rank().over(order_by=key).label("group_no")
    query = (
        sa.select(source.c.batch_no, source.c.row_no, group)
        .join(repeated, sa.and_(*[source.c[name] == repeated.c[name] for name in contract.key]))
        .order_by(group, source.c.batch_no, source.c.row_no)
    )
    engine = sa.create_engine("duckdb:///:memory:", poolclass=sa.pool.StaticPool)
    try:
        with engine.connect() as conn:
            raw: Any = conn.connection.dbapi_connection  # duckdb's: register() is beyond the DB-API protocol SQLAlchemy types it as
            raw.register("file_keys", table)
            found = conn.execute(query).all()
    finally:
        engine.dispose()
    if not found:
        return []
    batch_no, row_no, group_no = (np.array(column) for column in zip(*found, strict=True))
    bounds = np.flatnonzero(np.diff(group_no)) + 1
    return list(zip(np.split(batch_no, bounds), np.split(row_no, bounds), strict=True))


# At most this many groups of keys that differ only in case are named in the summary.
MAX_CASE_VARIANTS = 20


def case_variants(contract: Contract, accepted: pa.Table) -> list[str]:
    """Accepted keys that are equal apart from upper and lower case (X8001 and x8001): kept apart,
    since case may matter, but named so that a steward can tell a typo from two records."""
    text_keys = [name for name in contract.key if contract.field(name).kind == "text"]
    if not text_keys or accepted.num_rows == 0:
        return []
    lettered = np.zeros(accepted.num_rows, dtype=bool)
    for name in text_keys:
        column = accepted.column(name)
        if pc.all(pc.ascii_is_decimal(column)).as_py() is not False:  # digits only (a declaration number): no case
            continue
        lettered |= parsing.present(pc.if_else(pc.match_substring_regex(column, "[A-Za-z]"), column, None))
    if not lettered.any():
        return []
    keys = accepted.select(list(contract.key)).filter(pa.array(lettered)).to_pandas().astype(str)
    folded = keys.apply(lambda column: column.str.lower())
    written = keys.agg(" ".join, axis=1)
    groups = written.groupby([folded[name] for name in contract.key]).unique()
    return [" / ".join(sorted(g)) for g in groups if len(g) > 1][:MAX_CASE_VARIANTS]


def concat(parts: list[parsing.Column]) -> pa.ChunkedArray[Any]:
    """One column from many, without copying (a chunked array of chunked arrays would be copied)."""
    chunks = [chunk for part in parts for chunk in (part.chunks if isinstance(part, pa.ChunkedArray) else [part])]
    return pa.chunked_array(chunks, parts[0].type)
