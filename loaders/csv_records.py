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

from loaders.raw_table import Malformed

UNBALANCED_QUOTE = (
    'this row has a quote (") that is never closed; the lines after it were read as rows of their own: '
    'fix the quote (write "" for a quote inside a quoted cell)',
    '该行有未闭合的引号（"），其后各行已按独立行读取：请修正引号（单元格内的引号写作 ""）',
)
CELL_TOO_LONG = (
    f"a cell is longer than {csv.field_size_limit():,} characters (or its quote is never closed): shorten it",
    f"单元格超过 {csv.field_size_limit():,} 个字符（或其引号未闭合）：请缩短该单元格",
)


class _Lines:
    """Physical lines with their line ends, handed to csv.reader one at a time; `pos` is the next."""

    def __init__(self, lines: list[str]) -> None:
        self.lines, self.pos = lines, 0

    def __iter__(self):
        return self

    def __next__(self) -> str:
        if self.pos >= len(self.lines):
            raise StopIteration
        self.pos += 1
        return self.lines[self.pos - 1]


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


def read_records(text: str, skip: int, width: int) -> tuple[list[tuple[int, list[str]]], list[Malformed]]:
    """(rows as (row number, cells), rejected rows) after the first `skip` records.

    Rows are numbered by record, as a spreadsheet shows them (a cell with a line break is one
    row); blank lines keep their numbers and are not rows."""
    lines = _Lines(physical_lines(text))
    rows: list[tuple[int, list[str]]] = []
    malformed: list[Malformed] = []
    number = 0
    reader = csv.reader(lines)
    while True:
        start = lines.pos
        try:
            cells = next(reader)
        except StopIteration:
            return rows, malformed
        except csv.Error:  # a cell over the field-size limit: a quote never closed, or a long cell
            problem = (*UNBALANCED_QUOTE, "unbalanced_quote") if lines.pos - start > 1 else (*CELL_TOO_LONG, "cell_too_long")
        else:
            single = lines.pos - start == 1
            if (lines.lines[start] if single else "".join(lines.lines[start : lines.pos])).count('"') % 2:
                problem = (*UNBALANCED_QUOTE, "unbalanced_quote")  # still open at the end of the file, or paired with a later quote
            elif single or not _swallowed(cells, width, ","):
                number += 1
                if number > skip:
                    rows.append((number, cells))
                continue
            else:
                problem = (*UNBALANCED_QUOTE, "unbalanced_quote")
        number += 1
        if number > skip:
            malformed.append((number, *problem))
        lines.pos = start + 1  # read on from the line after the one that went wrong
        reader = csv.reader(lines)
