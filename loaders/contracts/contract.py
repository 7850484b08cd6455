"""The shape every dataset module declares: fields, keys, row rules and the table they become.

A contract is the single source for the reader (header aliases), the validator (kinds, codes,
ranges, rules), the store (the SQLAlchemy table) and the docs page (descriptions).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pyarrow as pa
import sqlalchemy as sa

from loaders.contracts.timing import Columns

Kind = Literal["text", "code", "datetime", "date", "bool", "int", "float"]

metadata = sa.MetaData()

# The characters a text key may hold, as a regular-expression character class: ASCII letters,
# digits and . _ / - (a Cyrillic Х or a Greek Α that looks like a Latin letter is refused).
KEY_ALPHABET = "A-Za-z0-9._/-"


@dataclass(frozen=True)
class Field:
    """One canonical column: its kind, the headers that name it and the values it accepts."""

    name: str
    kind: Kind
    header_zh: str
    label_en: str
    required: bool = True
    aliases: tuple[str, ...] = ()
    # canonical code -> spellings accepted in files (matched case-insensitively)
    codes: Mapping[str, tuple[str, ...]] | None = None
    # True: a value that matches no code is kept as written (e.g. a destination not yet in the reference)
    open_codes: bool = False
    minimum: float | None = None
    maximum: float | None = None
    # alternative header -> factor to multiply the value by (e.g. 重量(千克) -> 0.001 t)
    unit_headers: Mapping[str, float] = field(default_factory=dict)
    description_en: str = ""
    description_zh: str = ""

    @property
    def headers(self) -> tuple[str, ...]:
        return (self.name, self.header_zh, self.label_en, *self.aliases, *self.unit_headers)


@dataclass(frozen=True)
class RowRule:
    """A rule across columns. `failing` gets the parsed columns and returns a mask of bad rows."""

    code: str
    column: str
    reason_en: str
    reason_zh: str
    failing: Callable[[Columns], np.ndarray]


@dataclass(frozen=True)
class DerivedColumn:
    """A column computed at load time from parsed ones (e.g. a stage duration in hours)."""

    name: str
    sa_type: sa.types.TypeEngine[Any]
    compute: Callable[[Columns], pa.Array[Any]]
    description_en: str
    description_zh: str


@dataclass(frozen=True)
class Contract:
    dataset: str
    title_en: str
    title_zh: str
    grain_en: str
    grain_zh: str
    key: tuple[str, ...]
    fields: tuple[Field, ...]
    # the date or timestamp that places a record in time: what a load's coverage is judged by
    time_column: str
    rules: tuple[RowRule, ...] = ()
    derived: tuple[DerivedColumn, ...] = ()
    # physical order of stored rows: the columns pages filter on most
    cluster_by: tuple[str, ...] = ()
    # the characters a text key may hold after NFKC normalisation (a regex character class)
    key_alphabet: str = KEY_ALPHABET

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)

    @property
    def record_columns(self) -> tuple[str, ...]:
        """Columns of the stored table apart from the bookkeeping ones, in order."""
        return tuple(f.name for f in self.fields) + tuple(d.name for d in self.derived)


_SA_TYPES: dict[str, Callable[[], sa.types.TypeEngine[Any]]] = {
    "text": sa.String,
    "code": sa.String,
    "datetime": sa.DateTime,
    "date": sa.Date,
    "bool": sa.Boolean,
    "int": sa.BigInteger,
    # sa.Float is 32-bit in DuckDB
    "float": sa.Double,
}


def build_table(contract: Contract) -> sa.Table:
    """The stored table: contract fields, derived columns, demo flag and the load that wrote the row.

    The natural key is unique because every load merges on it (store.upsert_from). PostgreSQL
    also gets it as a primary key; DuckDB does not, since its index makes bulk inserts ~4x slower
    and the merge already guarantees uniqueness.
    """
    columns = [sa.Column(f.name, _SA_TYPES[f.kind](), nullable=f.name not in contract.key) for f in contract.fields]
    columns += [sa.Column(d.name, d.sa_type) for d in contract.derived]
    columns += [
        sa.Column("is_demo", sa.Boolean, nullable=False),
        sa.Column("load_id", sa.String, nullable=False),
    ]
    key = sa.PrimaryKeyConstraint(*contract.key).ddl_if(dialect="postgresql")
    return sa.Table(contract.dataset, metadata, *columns, key, comment=contract.grain_en)
