"""The careful CSV path: records with their physical lines, where no stray quote can hide rows.

The csv module joins lines while a quote is open. A record that spans several lines is kept as
one row (a cell with a line break) only when it has the header's width, an even number of quote
characters and no line inside its cells that looks like a row of its own; otherwise a quote was
unbalanced: the record's first line is rejected, naming the quote, and reading starts again on
the next line, so the rows the quote would have swallowed are read one by one. A one-line
record with an odd number of quotes is rejected the same way (its quote paired with a later one
on the line, or stayed open at the end of the file). Every physical line is thus a blank line or part
of exactly one record, accepted or rejected.
"""

from __future__ import annotations

import csv
import io
import re
from collections import deque
from collections.abc import Iterator

from loaders.read.raw_table import Malformed

UNBALANCED_QUOTE = (
    'this row has a quote (") that is never closed; the lines after it were read as rows of their own: '
    'fix the quote (write "" for a quote inside a quoted cell)',
    '该行有未闭合的引号（"），其后各行已按独立行读取：请修正引号（单元格内的引号写作 ""）',
    "unbalanced_quote",
)
CELL_TOO_LONG = (
    f"a cell is longer than {csv.field_size_limit():,} characters (or its quote is never closed): shorten it",
    f"单元格超过 {csv.field_size_limit():,} 个字符（或其引号未闭合）：请缩短该单元格",
    "cell_too_long",
)


class _Lines:
    """Physical lines with their line ends, handed to csv.reader one at a time. The lines of the
    record being read are kept (`taken`), so that reading can start again after its first line."""

    def __init__(self, source: Iterator[str]) -> None:
        self.source = source
        self.pending: deque[str] = deque()
        self.taken: list[str] = []

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        line = self.pending.popleft() if self.pending else next(self.source)
        self.taken.append(line)
        return line

    def again_after_first(self) -> None:
        """Hand out the current record's lines once more, all but its first."""
        self.pending.extendleft(reversed(self.taken[1:]))


def physical_lines(text: str) -> list[str]:
    """Lines ended by LF, CR or CRLF with their ends (str.splitlines also splits at U+2028 and
    other characters that are no line end in a CSV file)."""
    return list(io.StringIO(text, newline=""))


def _swallowed(cells: list[str], width: int, delimiter: str) -> bool:
    if len(cells) != width:
        return True
    needed = max(width - 1, 1)
    for cell in cells:
        if "\n" in cell or "\r" in cell:
            for line in re.split(r"\r\n|\r|\n", cell)[1:]:
                if line.count(delimiter) >= needed:
                    return True
    return False


Record = tuple[int, list[str] | None, Malformed | None]


def iter_records(source: Iterator[str], skip: int, width: int) -> Iterator[Record]:
    """(row number, cells, None) for a row, (row number, None, malformed) for a rejected one,
    after the first `skip` records of the physical lines in `source` (lines with their ends, as
    iterating a text file opened with newline="" gives them).

    Rows are numbered by record, as a spreadsheet shows them (a cell with a line break is one
    row); blank lines are records of no cells."""
    lines = _Lines(source)
    number = 0
    reader = csv.reader(lines)
    while True:
        lines.taken = []
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error:  # a cell over the field-size limit: a quote never closed, or a long cell
            problem = UNBALANCED_QUOTE if len(lines.taken) > 1 else CELL_TOO_LONG
        else:
            single = len(lines.taken) == 1
            if (lines.taken[0] if single else "".join(lines.taken)).count('"') % 2:
                problem = UNBALANCED_QUOTE  # still open at the end of the file, or paired with a later quote
            elif single or not _swallowed(cells, width, ","):
                number += 1
                if number > skip:
                    yield number, cells, None
                continue
            else:
                problem = UNBALANCED_QUOTE
        number += 1
        if number > skip:
            yield number, None, (number, *problem)
        lines.again_after_first()  # read on from the line after the one that went wrong
        reader = csv.reader(lines)


def read_records(text: str, skip: int, width: int) -> tuple[list[tuple[int, list[str]]], list[Malformed]]:
    """(rows as (row number, cells), rejected rows) of a whole text after the first `skip` records."""
    rows: list[tuple[int, list[str]]] = []
    malformed: list[Malformed] = []
    for number, cells, problem in iter_records(iter(io.StringIO(text, newline="")), skip, width):
        if problem is not None:
            malformed.append(problem)
        elif cells is not None:
            rows.append((number, cells))
    return rows, malformed
