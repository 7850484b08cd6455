"""RawTable: a file's cells as text under canonical column names, with each row's number.

Every record of a file is either a row here (`source_rows`) or a rejected row (`malformed`,
with its reason): `row_count` is the rows read.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa

from loaders.contracts.contract import Contract
from loaders.read.headers import map_headers
from loaders.read.parsing import Text

# (row number, reason_en, reason_zh, reason code)
Malformed = tuple[int, str, str, str]


@dataclass
class RawTable:
    """Cells as text under canonical column names, one entry per data row of the file."""

    file_name: str
    columns: Mapping[str, Text]  # chunked as Arrow's CSV reader gives them
    source_rows: pa.Array[Any]  # physical row number in the file (1-based, as a spreadsheet shows it)
    factors: dict[str, float] = field(default_factory=dict)  # unit conversions from the header used
    encoding: str = ""
    header_row: int = 0
    ignored_headers: list[str] = field(default_factory=list)
    # rows that could not be split into cells: (row number, reason_en, reason_zh, reason code)
    malformed: list[Malformed] = field(default_factory=list)

    @property
    def row_count(self) -> int:
        return len(self.source_rows) + len(self.malformed)


def ragged(number: int, cells: int, width: int) -> Malformed:
    return (
        number,
        f"row has {cells} cells, header has {width}: check for an unquoted comma or an extra column",
        f"该行有{cells}个单元格，表头只有{width}列：请检查未加引号的逗号或多余的列",
        "malformed_row",
    )


def from_rows(
    rows: Sequence[tuple[int, Sequence[str | None]]], header: list[str], contract: Contract, name: str, encoding: str, header_row: int
) -> RawTable:
    """Rows of cells (None for an empty cell) under the header -> RawTable; blank rows are no rows."""
    positions, factors, ignored = map_headers(header, contract, name)
    width = len(header)
    cells: dict[str, list[str | None]] = {column: [] for column in positions.values()}
    numbers: list[int] = []
    malformed: list[Malformed] = []
    for number, row in rows:
        if not any(str(c).strip() for c in row if c is not None):
            continue
        if len(row) > width and any(str(c).strip() for c in row[width:] if c is not None):
            malformed.append(ragged(number, len(row), width))
            continue
        numbers.append(number)
        for position, column in positions.items():
            value = row[position] if position < len(row) else None
            cells[column].append(None if value is None else str(value))
    columns = {column: pa.array(values, pa.string()) for column, values in cells.items()}
    return RawTable(name, columns, pa.array(numbers, pa.int64()), factors, encoding, header_row, ignored, malformed)
