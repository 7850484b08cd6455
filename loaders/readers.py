"""Readers: a file people have (CSV in UTF-8/GBK, .csv.gz, XLSX with title rows) -> raw text table.

The reader finds the header row by matching the contract's header aliases, maps headers to
canonical names and keeps each row's physical row number in the file for error messages.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import gzip
import io
import re
import zlib
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from loaders.contract import Contract, Field

HEADER_SEARCH_ROWS = 30
STREAM_BLOCK_BYTES = 1 << 24  # ~130k clearance rows: big enough for Arrow, small enough to reuse memory
_HEAD_BYTES = 1 << 20  # where read_batches looks for the header row
GZIP_MAGIC = b"\x1f\x8b"
XLSX_SUFFIXES = (".xlsx", ".xlsm")


class UnreadableFile(Exception):
    """The file as a whole cannot be read; the message is one line naming the file."""


class IrregularFile(Exception):
    """A streamed file proved irregular (ragged rows, quoted line breaks, not UTF-8) after its
    first batches: the caller starts over with read_file, which takes the careful path."""


@dataclass
class RawTable:
    """Cells as text under canonical column names, one entry per data row of the file."""

    file_name: str
    columns: dict[str, pa.Array]
    source_rows: pa.Array  # physical row number in the file (1-based, as a spreadsheet shows it)
    factors: dict[str, float] = field(default_factory=dict)  # unit conversions from the header used
    encoding: str = ""
    header_row: int = 0
    ignored_headers: list[str] = field(default_factory=list)
    # rows that could not be split into cells: (row number, reason_en, reason_zh)
    malformed: list[tuple[int, str, str]] = field(default_factory=list)

    @property
    def row_count(self) -> int:
        return len(self.source_rows) + len(self.malformed)


def normalise_header(text: str) -> str:
    text = str(text).strip().lower().replace("（", "(").replace("）", ")").replace("\ufeff", "")
    return re.sub(r"[\s_]+", "", text)


def header_lookup(contract: Contract) -> dict[str, tuple[Field, float]]:
    lookup: dict[str, tuple[Field, float]] = {}
    for f in contract.fields:
        for header in f.headers:
            lookup[normalise_header(header)] = (f, f.unit_headers.get(header, 1.0))
    return lookup


def _find_header(rows: list[list[str]], lookup: dict[str, tuple[Field, float]], name: str) -> int:
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        matches = sum(normalise_header(cell) in lookup for cell in row if cell)
        if matches >= 2:
            return index
    raise UnreadableFile(
        f"{name}: no header row found in the first {HEADER_SEARCH_ROWS} rows (expected column names such as {', '.join(list(lookup)[:4])})"
    )


def _map_headers(header: list[str], contract: Contract, name: str) -> tuple[dict[int, str], dict[str, float], list[str]]:
    lookup = header_lookup(contract)
    positions: dict[int, str] = {}
    factors: dict[str, float] = {}
    ignored: list[str] = []
    for position, cell in enumerate(header):
        match = lookup.get(normalise_header(cell)) if cell else None
        if match is None:
            if cell and str(cell).strip():
                ignored.append(str(cell).strip())
            continue
        f, factor = match
        if f.name in positions.values():
            raise UnreadableFile(f"{name}: column {f.name} ({f.header_zh}) appears twice in the header")
        positions[position] = f.name
        if factor != 1.0:
            factors[f.name] = factor
    missing = [f for f in contract.fields if f.required and f.name not in positions.values()]
    if missing:
        names = ", ".join(f"{f.header_zh} ({f.name})" for f in missing)
        raise UnreadableFile(f"{name}: required column(s) missing: {names}")
    return positions, factors, ignored


def _decode(data: bytes, name: str) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
        except UnicodeDecodeError as error:
            raise UnreadableFile(f"{name}: starts with a UTF-8 byte-order mark but is not UTF-8 (byte {error.start + 3})") from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError as error:
        raise UnreadableFile(f"{name}: not UTF-8 or GBK/GB18030 text (byte {error.start})") from None


def _utf8_body(data: bytes) -> tuple[bytes, str] | None:
    """(text bytes without BOM, encoding) when `data` is valid UTF-8, without decoding it to a str.

    Same verdict as _decode (a BOM file that is not valid UTF-8 is left to _decode to report).
    """
    body, encoding = (data[3:], "utf-8-sig") if data.startswith(b"\xef\xbb\xbf") else (data, "utf-8")
    if body.isascii():
        return body, encoding
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    view = memoryview(body)
    try:
        for start in range(0, len(body), 1 << 24):  # validated in slices: no second copy of the file as a str
            decoder.decode(view[start : start + (1 << 24)])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return None
    return body, encoding


def _head_lines(text: str | None, body: bytes | None) -> list[str]:
    """The file's first HEADER_SEARCH_ROWS lines (str.splitlines), without splitting the whole file."""
    total = len(text) if text is not None else len(body or b"")
    size = 1 << 16
    while size < total:
        prefix = text[:size] if text is not None else codecs.getincrementaldecoder("utf-8")().decode((body or b"")[:size])
        lines = prefix.splitlines()
        if len(lines) > HEADER_SEARCH_ROWS:  # line HEADER_SEARCH_ROWS is complete: the next one has begun
            return lines[:HEADER_SEARCH_ROWS]
        size *= 4
    full = text if text is not None else (body or b"").decode("utf-8")
    return full.splitlines()[:HEADER_SEARCH_ROWS]


def _read_bytes(path: Path) -> bytes:
    data = path.read_bytes()
    if data[:2] == GZIP_MAGIC:
        try:
            return gzip.decompress(data)
        except (OSError, EOFError, zlib.error) as error:
            raise UnreadableFile(f"{path.name}: damaged gzip file ({error})") from None
    return data


def _from_rows(
    rows: list[tuple[int, list[str]]], header: list[str], contract: Contract, name: str
) -> tuple[dict[str, pa.Array], pa.Array, dict[str, float], list[str], list[tuple[int, str, str]]]:
    positions, factors, ignored = _map_headers(header, contract, name)
    width = len(header)
    cells: dict[str, list[str | None]] = {column: [] for column in positions.values()}
    numbers: list[int] = []
    malformed: list[tuple[int, str, str]] = []
    for number, row in rows:
        if not any(str(c).strip() for c in row if c is not None):
            continue
        if len(row) > width and any(str(c).strip() for c in row[width:] if c is not None):
            malformed.append((number, f"row has {len(row)} cells, header has {width}", f"该行有{len(row)}个单元格，表头只有{width}列"))
            continue
        numbers.append(number)
        for position, column in positions.items():
            value = row[position] if position < len(row) else None
            cells[column].append(None if value is None else str(value))
    columns = {column: pa.array(values, pa.string()) for column, values in cells.items()}
    return columns, pa.array(numbers, pa.int64()), factors, ignored, malformed


def _read_csv_text(text: str | None, contract: Contract, name: str, encoding: str, body: bytes | None = None) -> RawTable:
    """`body`: the file's UTF-8 bytes when it is UTF-8 (Arrow reads them as they are; `text` may then be None)."""
    head = list(csv.reader(io.StringIO("\n".join(_head_lines(text, body)))))
    header_index = _find_header(head, header_lookup(contract), name)
    header = head[header_index]
    fast = _read_csv_fast(body if body is not None else (text or "").encode("utf-8"), header, header_index, contract, name)
    if fast is not None:
        fast.encoding = encoding
        return fast
    if text is None:
        text = (body or b"").decode("utf-8")
    # Irregular file (blank lines, quoted newlines, ragged rows): the csv module knows line numbers.
    # Numbered by record, as a spreadsheet shows them (a cell with a line break is still one row).
    rows = [(number, row) for number, row in enumerate(csv.reader(io.StringIO(text)), start=1) if number > header_index + 1]
    columns, numbers, factors, ignored, malformed = _from_rows(rows, header, contract, name)
    return RawTable(name, columns, numbers, factors, encoding, header_index + 1, ignored, malformed)


_CSV_PARSE = dict(newlines_in_values=False, ignore_empty_lines=False)


def _string_columns(width: int) -> tuple[list[str], pacsv.ConvertOptions]:
    names = [f"c{i}" for i in range(width)]
    convert = pacsv.ConvertOptions(
        column_types={n: pa.string() for n in names}, strings_can_be_null=False, quoted_strings_can_be_null=False
    )
    return names, convert


def _raw_from_cells(table: pa.Table, first_row: int, positions: dict[int, str], name: str) -> RawTable:
    """Arrow cells (one per physical line from `first_row` on) -> RawTable under canonical names."""
    numbers = pa.array(np.arange(first_row, first_row + table.num_rows, dtype="int64"))
    # Blank lines come through as rows of empty cells: drop them, keeping the other rows' numbers.
    blank = None
    for n in table.column_names:
        empty = pc.equal(pc.utf8_trim_whitespace(table.column(n)), "")
        blank = empty if blank is None else pc.and_(blank, empty)
        if not pc.any(blank).as_py():  # some cell in every row is filled: no blank rows
            break
    if blank is not None and pc.any(blank).as_py():
        keep = pc.invert(blank)
        table, numbers = table.filter(keep), numbers.filter(keep.combine_chunks())
    # Chunked columns as they come: combining them would copy every cell once more.
    columns = {column: table.column(f"c{position}") for position, column in positions.items()}
    return RawTable(name, columns, numbers)


def _read_csv_fast(data: bytes, header: list[str], header_index: int, contract: Contract, name: str) -> RawTable | None:
    """Arrow's multi-threaded reader; None when the file is irregular and needs the careful path."""
    positions, factors, ignored = _map_headers(header, contract, name)
    irregular: list[int] = []

    def on_invalid(row: pacsv.InvalidRow) -> str:
        irregular.append(1)
        return "skip"

    names, convert = _string_columns(len(header))
    try:
        table = pacsv.read_csv(
            pa.BufferReader(data),
            read_options=pacsv.ReadOptions(skip_rows=header_index + 1, column_names=names, block_size=1 << 24),
            parse_options=pacsv.ParseOptions(invalid_row_handler=on_invalid, **_CSV_PARSE),
            convert_options=convert,
        )
    except pa.ArrowInvalid:
        return None
    if irregular:
        return None
    raw = _raw_from_cells(table, header_index + 2, positions, name)
    raw.factors, raw.header_row, raw.ignored_headers = factors, header_index + 1, ignored
    return raw


def _cell_text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _read_xlsx(path: Path, contract: Contract) -> RawTable:
    import openpyxl  # only XLSX loads pay for the import

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many types for damaged files
        raise UnreadableFile(f"{path.name}: not a readable XLSX workbook ({type(error).__name__})") from None
    sheet = book.worksheets[0]
    all_rows = [(number, [_cell_text(v) for v in row]) for number, row in enumerate(sheet.iter_rows(values_only=True), start=1)]
    book.close()
    head = [[c or "" for c in row] for _, row in all_rows[:HEADER_SEARCH_ROWS]]
    header_index = _find_header(head, header_lookup(contract), path.name)
    header = [c or "" for c in all_rows[header_index][1]]
    while header and not header[-1]:
        header.pop()
    columns, numbers, factors, ignored, malformed = _from_rows(all_rows[header_index + 1 :], header, contract, path.name)
    return RawTable(path.name, columns, numbers, factors, "xlsx", header_index + 1, ignored, malformed)


def read_file(path: Path, contract: Contract) -> RawTable:
    """Read a CSV (any of our encodings, optionally gzipped) or XLSX file for a contract."""
    path = Path(path)
    if not path.is_file():
        raise UnreadableFile(f"{path.name}: file not found ({path})")
    if path.suffix.lower() in XLSX_SUFFIXES:
        return _read_xlsx(path, contract)
    data = _read_bytes(path)
    if data[:4] == b"PK\x03\x04":
        raise UnreadableFile(f"{path.name}: looks like an XLSX workbook; give it the .xlsx extension")
    if not data or data.isspace():  # as `not data.strip()`, without copying the file
        raise UnreadableFile(f"{path.name}: the file is empty")
    utf8 = _utf8_body(data)
    if utf8 is not None:
        return _read_csv_text(None, contract, path.name, utf8[1], body=utf8[0])
    text, encoding = _decode(data, path.name)
    return _read_csv_text(text, contract, path.name, encoding)


def _stream_head(path: Path) -> tuple[list[str], bool] | None:
    """(first lines, gzipped) of a CSV that can stream: UTF-8 text with a header near the top.
    None sends the file to read_file, which reads it whole and explains what is wrong with it."""
    if not path.is_file() or path.suffix.lower() in XLSX_SUFFIXES:
        return None
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
        lines = codecs.getincrementaldecoder("utf-8")("strict").decode(head, final=False).splitlines()
    except UnicodeDecodeError:
        return None
    if len(head) == _HEAD_BYTES and len(lines) <= HEADER_SEARCH_ROWS:
        return None  # lines too long to find the header in the sample
    return lines[:HEADER_SEARCH_ROWS], gzipped


def read_batches(path: Path, contract: Contract, block_bytes: int = STREAM_BLOCK_BYTES) -> Iterator[RawTable]:
    """The file as a sequence of RawTables, so a big export is never held in memory whole as text.

    A regular UTF-8 CSV (optionally gzipped) streams through Arrow, `block_bytes` at a time, with
    the same row numbers as read_file; anything else (XLSX, GBK, empty or damaged files) comes
    as one batch from read_file. Raises IrregularFile when a streamed file proves irregular
    after the first batches, so that the caller can start over with read_file.
    """
    path = Path(path)
    head = _stream_head(path)
    if head is None:
        yield read_file(path, contract)
        return
    lines, gzipped = head
    rows = list(csv.reader(io.StringIO("\n".join(lines))))
    header_index = _find_header(rows, header_lookup(contract), path.name)
    header = rows[header_index]
    positions, factors, ignored = _map_headers(header, contract, path.name)
    names, convert = _string_columns(len(header))
    irregular: list[int] = []

    def on_invalid(row: pacsv.InvalidRow) -> str:
        irregular.append(1)
        return "skip"

    def batch(table: pa.Table, first_row: int) -> RawTable:
        raw = _raw_from_cells(table, first_row, positions, path.name)
        raw.factors, raw.encoding, raw.header_row, raw.ignored_headers = factors, "utf-8", header_index + 1, ignored
        return raw

    first_row = header_index + 2
    try:
        with pa.input_stream(str(path), compression="gzip" if gzipped else None) as source:
            reader = pacsv.open_csv(
                source,
                read_options=pacsv.ReadOptions(skip_rows=header_index + 1, column_names=names, block_size=block_bytes),
                parse_options=pacsv.ParseOptions(invalid_row_handler=on_invalid, **_CSV_PARSE),
                convert_options=convert,
            )
            for record_batch in reader:
                if irregular:
                    raise IrregularFile(path.name)
                yield batch(pa.Table.from_batches([record_batch]), first_row)
                first_row += record_batch.num_rows
    except (pa.ArrowInvalid, OSError) as error:  # not UTF-8 after all, a damaged gzip stream
        raise IrregularFile(f"{path.name}: {error}") from None
    if irregular:
        raise IrregularFile(path.name)
    if first_row == header_index + 2:  # a header and no rows
        yield batch(pa.table({n: pa.array([], pa.string()) for n in names}), first_row)


_END = object()


def read_ahead(batches: Iterator[RawTable]) -> Iterator[RawTable]:
    """The same batches, the next one read in a background thread while the caller works on this
    one (Arrow's parser and the validator's kernels both release the GIL, so two cores share it)."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        pending = pool.submit(next, batches, _END)
        while (batch := pending.result()) is not _END:
            pending = pool.submit(next, batches, _END)
            yield batch
