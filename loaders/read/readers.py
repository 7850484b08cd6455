"""Readers: a file people have (CSV in UTF-8/GBK, .csv.gz, XLSX with title rows) -> raw text table.

The reader finds the header row by matching the contract's header aliases (loaders.read.headers),
maps headers to canonical names and keeps each row's row number in the file for error messages.

Row accounting: the physical lines of a CSV file are counted apart from the parser (while the
bytes stream past, loaders.read.file_bytes). Arrow's fast reader is trusted only when its rows, plus
the line breaks inside cells that are really cells, account for every line; otherwise the
careful path (loaders.read.csv_records) reads the file record by record and rejects the line of an
unbalanced quote instead of letting it swallow the rows after it.
"""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import zlib
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Literal

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from loaders.contracts.contract import Contract
from loaders.read.csv_records import iter_records, physical_lines, read_records
from loaders.read.file_bytes import GZIP_MAGIC, CountingStream, bomb, check_path, count_lines, decode, read_bytes, unpack_limit, utf8_body
from loaders.read.headers import HEADER_SEARCH_ROWS, find_header, header_lookup, map_headers, normalise_header, split_head_line
from loaders.read.input_errors import IrregularFile, UnreadableFile, unreadable
from loaders.read.raw_table import Malformed, RawTable, from_rows
from loaders.read.xlsx import read_xlsx_sheets

__all__ = [
    "HEADER_SEARCH_ROWS",
    "IrregularFile",
    "RawTable",
    "UnreadableFile",
    "header_lookup",
    "normalise_header",
    "read_ahead",
    "read_batches",
    "read_careful_batches",
    "read_file",
]

STREAM_BLOCK_BYTES = 1 << 24  # ~130k clearance rows: big enough for Arrow, small enough to reuse memory
_HEAD_BYTES = 1 << 20  # where read_batches looks for the header row
XLSX_SUFFIXES = (".xlsx", ".xlsm")
_NO_LIMIT = 1 << 62
# A streamed file that proves irregular is read again carefully: whole (Arrow's fast path first,
# then the csv module) up to this size on disk, record by record in batches above it, so a stray
# quote in a 10-million-row export does not hold every row as Python lists at once.
CAREFUL_WHOLE_BYTES = 256 << 20
CAREFUL_BATCH_ROWS = 200_000


def _lines_of(prefix: str) -> list[str]:
    return [line.rstrip("\r\n") for line in physical_lines(prefix)]


def _head_lines(text: str | None, body: bytes | None) -> list[str]:
    """The file's first HEADER_SEARCH_ROWS physical lines, without splitting the whole file."""
    total = len(text) if text is not None else len(body or b"")
    size = 1 << 16
    while size < total:
        prefix = text[:size] if text is not None else codecs.getincrementaldecoder("utf-8")().decode((body or b"")[:size])
        lines = _lines_of(prefix)
        if len(lines) > HEADER_SEARCH_ROWS:  # line HEADER_SEARCH_ROWS is complete: the next one has begun
            return lines[:HEADER_SEARCH_ROWS]
        size *= 4
    full = text if text is not None else (body or b"").decode("utf-8")
    return _lines_of(full)[:HEADER_SEARCH_ROWS]


def _header(lines: list[str], contract: Contract, name: str) -> tuple[int, list[str]]:
    rows = [split_head_line(line) for line in lines]
    index = find_header(rows, header_lookup(contract), name, lines)
    return index, rows[index]


def _read_csv_text(text: str | None, contract: Contract, name: str, encoding: str, body: bytes | None = None) -> RawTable:
    """`body`: the file's UTF-8 bytes when it is UTF-8 (Arrow reads them as they are; `text` may then be None)."""
    header_index, header = _header(_head_lines(text, body), contract, name)
    fast = _read_csv_fast(body if body is not None else (text or "").encode("utf-8"), header, header_index, contract, name)
    if fast is not None:
        fast.encoding = encoding
        return fast
    if text is None:
        text = (body or b"").decode("utf-8")
    # Irregular file (quoted newlines, ragged rows, stray quotes): read record by record.
    rows, malformed = read_records(text, header_index + 1, len(header))
    raw = from_rows(rows, header, contract, name, encoding, header_index + 1)
    raw.malformed = sorted(raw.malformed + malformed)
    return raw


def _parse_options(on_invalid: Callable[[pacsv.InvalidRow], Literal["skip", "error"]]) -> pacsv.ParseOptions:
    return pacsv.ParseOptions(invalid_row_handler=on_invalid, newlines_in_values=False, ignore_empty_lines=False)


def _string_columns(width: int) -> tuple[list[str], pacsv.ConvertOptions]:
    names = [f"c{i}" for i in range(width)]
    convert = pacsv.ConvertOptions(
        column_types={n: pa.string() for n in names}, strings_can_be_null=False, quoted_strings_can_be_null=False
    )
    return names, convert


def _raw_from_cells(table: pa.Table, first_row: int, positions: dict[int, str], name: str) -> RawTable:
    """Arrow cells (one per record from `first_row` on) -> RawTable under canonical names."""
    numbers = pa.array(np.arange(first_row, first_row + table.num_rows, dtype="int64"))
    # Blank lines come through as rows of empty cells: drop them, keeping the other rows' numbers.
    blank = None
    for n in table.column_names:
        empty = pc.equal(pc.utf8_trim_whitespace(table.column(n)), pa.scalar(""))
        blank = empty if blank is None else pc.and_(blank, empty)
        if not pc.any(blank).as_py():  # some cell in every row is filled: no blank rows
            break
    if blank is not None and pc.any(blank).as_py():
        keep = pc.invert(blank)
        # pyarrow-stubs: compute functions on a ChunkedArray return one, not the BooleanArray they are typed to
        table, numbers = table.filter(keep), numbers.filter(keep.combine_chunks())  # type: ignore[attr-defined]
    # Chunked columns as they come: combining them would copy every cell once more.
    columns = {column: table.column(f"c{position}") for position, column in positions.items()}
    return RawTable(name, columns, numbers)


def _accounts_for(table: pa.Table, lines: int) -> bool:
    """True when Arrow's rows account for the file's `lines` physical lines: one row per line, or
    cells with line breaks that are real cells (no line inside a cell is a row of its own)."""
    if table.num_rows == lines:
        return True
    if table.num_rows > lines:
        return False
    breaks = 0
    row_inside = rf"[\r\n]([^\r\n,]*,){{{max(table.num_columns - 1, 1)}}}"
    for column in table.columns:
        breaks += pc.sum(pc.count_substring_regex(column, r"\r\n|\r|\n")).as_py() or 0
        if pc.any(pc.match_substring_regex(column, row_inside)).as_py():
            return False
    return table.num_rows + breaks == lines


def _read_csv_fast(data: bytes, header: list[str], header_index: int, contract: Contract, name: str) -> RawTable | None:
    """Arrow's multi-threaded reader; None when the file is irregular and needs the careful path."""
    positions, factors, ignored = map_headers(header, contract, name)
    if data.count(b'"') % 2:  # a quote that is never closed: only the careful path can say where
        return None
    irregular: list[int] = []

    def on_invalid(row: pacsv.InvalidRow) -> Literal["skip"]:
        irregular.append(1)
        return "skip"

    names, convert = _string_columns(len(header))
    try:
        table = pacsv.read_csv(
            pa.BufferReader(data),  # type: ignore[arg-type]  # pyarrow-stubs: any NativeFile is read too
            read_options=pacsv.ReadOptions(skip_rows=header_index + 1, column_names=names, block_size=1 << 24),
            parse_options=_parse_options(on_invalid),
            convert_options=convert,
        )
    except pa.ArrowInvalid:
        return None
    if irregular or not _accounts_for(table, count_lines(data) - header_index - 1):
        return None
    raw = _raw_from_cells(table, header_index + 2, positions, name)
    raw.factors, raw.header_row, raw.ignored_headers = factors, header_index + 1, ignored
    return raw


def _sheets_as_one(tables: list[RawTable]) -> RawTable:
    """The sheets of a workbook as one table (rows keep their sheet's numbers). read_batches
    gives one table per sheet instead, which validate_file uses; sheets whose headers give a
    column in different units (t and kg) cannot share one table."""
    if len(tables) == 1:
        return tables[0]
    first = tables[0]
    other = next((t for t in tables if t.factors != first.factors), None)
    if other is not None:
        raise unreadable(
            first.file_name,
            f"sheet {other.file_name} gives a column in another unit than the first sheet: read it with read_batches",
            f"工作表 {other.file_name} 的列单位与第一个工作表不同：请按工作表分别读取",
        )
    columns = {name: pa.chunked_array([t.columns[name] for t in tables], pa.string()) for name in first.columns}
    rows = pa.concat_arrays([t.source_rows for t in tables])
    malformed = [m for t in tables for m in t.malformed]
    return RawTable(first.file_name, columns, rows, first.factors, "xlsx", first.header_row, first.ignored_headers, malformed)


def read_file(path: Path, contract: Contract, hidden_sheets: bool = False) -> RawTable:
    """Read a CSV (any of our encodings, optionally gzipped) or XLSX file for a contract
    (`hidden_sheets`: a workbook's hidden sheets too)."""
    path = Path(path)
    check_path(path)
    if path.suffix.lower() in XLSX_SUFFIXES:
        return _sheets_as_one(read_xlsx_sheets(path, contract, hidden_sheets))
    data = read_bytes(path)
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise unreadable(
            path.name,
            "looks like an old Excel .xls workbook: open it in Excel or WPS and save it as .xlsx or CSV (UTF-8)",
            "看起来是旧版 Excel（.xls）工作簿：请用 Excel 或 WPS 打开并另存为 .xlsx 或 UTF-8 编码的 CSV",
        )
    if data[:4] == b"PK\x03\x04":
        raise unreadable(
            path.name, "looks like an XLSX workbook; give it the .xlsx extension", "看起来是 XLSX 工作簿：请把扩展名改为 .xlsx"
        )
    if not data or data.isspace() or (data.startswith(b"\xef\xbb\xbf") and (len(data) == 3 or data[3:].isspace())):
        raise unreadable(path.name, "the file is empty: export the data again", "文件为空：请重新导出数据")
    utf8 = utf8_body(data)
    if utf8 is not None:
        return _read_csv_text(None, contract, path.name, utf8[1], body=utf8[0])
    text, encoding = decode(data, path.name)
    return _read_csv_text(text, contract, path.name, encoding)


def _stream_head(path: Path) -> tuple[list[str], bool] | None:
    """(first lines, gzipped) of a CSV that can stream: UTF-8 text with a header near the top.
    None sends the file to read_file, which reads it whole and explains what is wrong with it."""

    with open(path, "rb") as handle:
        gzipped = handle.read(2) == GZIP_MAGIC
    try:
        with gzip.open(path, "rb") if gzipped else open(path, "rb") as handle:
            head = handle.read(_HEAD_BYTES)
    except (OSError, EOFError, zlib.error):
        return None
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    if not head or head.isspace() or head.startswith(b"PK\x03\x04"):
        return None
    try:  # final=False: a character cut at the end of the sample is not an error
        lines = _lines_of(codecs.getincrementaldecoder("utf-8")("strict").decode(head, final=False))
    except UnicodeDecodeError:
        return None
    if len(head) == _HEAD_BYTES and len(lines) <= HEADER_SEARCH_ROWS:
        return None  # lines too long to find the header in the sample
    return lines[:HEADER_SEARCH_ROWS], gzipped


def read_batches(path: Path, contract: Contract, block_bytes: int = STREAM_BLOCK_BYTES, hidden_sheets: bool = False) -> Iterator[RawTable]:
    """The file as a sequence of RawTables, so a big export is never held in memory whole as text.

    A regular UTF-8 CSV (optionally gzipped) streams through Arrow, `block_bytes` at a time, with
    the same row numbers as read_file; an XLSX workbook comes as one table per sheet read;
    anything else (GBK, empty or damaged files) as one batch from read_file. Raises
    IrregularFile when a streamed file proves irregular after the first batches (a ragged row,
    or rows that do not account for its physical lines), so the caller can start over with read_file.
    """
    path = Path(path)
    check_path(path)
    if path.suffix.lower() in XLSX_SUFFIXES:
        yield from read_xlsx_sheets(path, contract, hidden_sheets)
        return
    head = _stream_head(path)
    if head is None:
        yield read_file(path, contract)
        return
    lines, gzipped = head
    header_index, header = _header(lines, contract, path.name)
    positions, factors, ignored = map_headers(header, contract, path.name)
    names, convert = _string_columns(len(header))
    irregular: list[int] = []

    def on_invalid(row: pacsv.InvalidRow) -> Literal["skip"]:
        irregular.append(1)
        return "skip"

    def batch(table: pa.Table, first_row: int) -> RawTable:
        raw = _raw_from_cells(table, first_row, positions, path.name)
        raw.factors, raw.encoding, raw.header_row, raw.ignored_headers = factors, "utf-8", header_index + 1, ignored
        return raw

    first_row = header_index + 2
    limit = unpack_limit(path.stat().st_size) if gzipped else _NO_LIMIT
    # pyarrow-stubs: compression=None (read as is) is missing from the accepted values
    counted = CountingStream(pa.input_stream(str(path), compression="gzip" if gzipped else None), path.name, limit)  # type: ignore[arg-type]
    try:
        reader = pacsv.open_csv(
            # pyarrow-stubs: open_csv reads any NativeFile, and PythonFile wraps any object with read()
            pa.PythonFile(counted, mode="r"),  # type: ignore[arg-type]
            read_options=pacsv.ReadOptions(skip_rows=header_index + 1, column_names=names, block_size=block_bytes),
            parse_options=_parse_options(on_invalid),
            convert_options=convert,
        )
        for record_batch in reader:
            if irregular:
                raise IrregularFile(path.name)
            yield batch(pa.Table.from_batches([record_batch]), first_row)
            first_row += record_batch.num_rows
    except (pa.ArrowException, OSError, csv.Error, io.UnsupportedOperation) as error:  # not UTF-8 after all, damaged gzip
        if counted.failure is not None:
            raise counted.failure from None
        raise IrregularFile(f"{path.name}: {error}") from None
    finally:
        counted.source.close()
    if counted.failure is not None:
        raise counted.failure
    line_count = counted.counter.lines - (header_index + 1)
    open_quote = counted.last_line.count(b'"') % 2  # left open at the end (or closing a real multi-line cell)
    if irregular or first_row - (header_index + 2) != line_count or open_quote:
        raise IrregularFile(path.name)  # rows that do not account for the lines: read it carefully
    if first_row == header_index + 2:  # a header and no rows
        yield batch(pa.table({n: pa.array([], pa.string()) for n in names}), first_row)


def _bounded(lines: Iterator[str], limit: int, name: str) -> Iterator[str]:
    size = 0
    for line in lines:
        size += len(line)
        if size > limit:
            raise bomb(name, limit)
        yield line


def read_careful_batches(path: Path, contract: Contract, rows_per_batch: int | None = None) -> Iterator[RawTable]:
    """A UTF-8 CSV too big to hold whole as Python rows, read record by record (the careful
    path, csv_records) in batches of `rows_per_batch` records. Raises UnicodeDecodeError when
    the file proves not to be UTF-8 after all."""
    path = Path(path)
    rows_per_batch = rows_per_batch or CAREFUL_BATCH_ROWS
    check_path(path)
    head = _stream_head(path)
    if head is None:
        yield read_file(path, contract)
        return
    lines, gzipped = head
    header_index, header = _header(lines, contract, path.name)
    limit = unpack_limit(path.stat().st_size) if gzipped else _NO_LIMIT
    rows: list[tuple[int, list[str]]] = []
    malformed: list[Malformed] = []

    def table() -> RawTable:
        raw = from_rows(rows, header, contract, path.name, "utf-8", header_index + 1)
        raw.malformed = sorted(raw.malformed + malformed)
        return raw

    with gzip.open(path, "rb") if gzipped else open(path, "rb") as packed:
        text = io.TextIOWrapper(packed, encoding="utf-8-sig", newline="")
        for number, cells, problem in iter_records(_bounded(iter(text), limit, path.name), header_index + 1, len(header)):
            if problem is not None:
                malformed.append(problem)
            elif cells is not None:
                rows.append((number, cells))
            if len(rows) + len(malformed) >= rows_per_batch:
                yield table()
                rows, malformed = [], []
    yield table()


def read_ahead(batches: Iterator[RawTable]) -> Iterator[RawTable]:
    """The same batches, the next one read in a background thread while the caller works on this
    one (Arrow's parser and the validator's kernels both release the GIL, so two cores share it)."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        pending = pool.submit(next, batches, None)
        while (batch := pending.result()) is not None:
            pending = pool.submit(next, batches, None)
            yield batch
