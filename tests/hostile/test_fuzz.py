"""Fuzz: the committed format samples, mutated the way careless hands and tools mutate files
(stray quotes, other delimiters, another encoding for one line, truncation, huge cells, line
breaks, blank lines, gzip), loaded through the real CLI into a fresh DuckDB store.

Whatever the mutation: never a traceback (exit 0, 3 or 2 with one line); never a silent loss
(rows read = accepted + rejected, the store holds exactly the accepted rows, and while the
header line is intact the rows read equal the non-blank lines after it, counted here by
splitting the text at line ends, without any CSV parser).

Bounded and reproducible: derandomized, a fixed number of examples, no deadline.
"""

from __future__ import annotations

import gzip
import io
import itertools
import re

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.hostile.files import DATASETS, SAMPLES_DIR, stored_keys
from tests.hostile.test_encodings import cesu8_bytes

ROWS = 25  # sample rows per example: enough for every shape, cheap enough for 60 examples

_counter = itertools.count()


def _encoding_of(name: str) -> str:
    return "gbk" if "gbk" in name else "utf-8"


def _lines(dataset: str, shape: str) -> list[str]:
    name = f"{dataset}_{shape}.csv"
    text = (SAMPLES_DIR / name).read_bytes().decode("gb18030" if shape == "zh_gbk" else "utf-8")
    return text.splitlines()[: ROWS + 1]


MUTATIONS = (
    "stray_quote",
    "delimiter",
    "other_encoding_line",
    "truncate",
    "huge_cell",
    "line_break_in_cell",
    "blank_lines",
    "cr_line_ends",
    "duplicate_line",
    "drop_line",
    "nul_byte",
    "numeric_key",
    "non_finite",
    "foreign_encoding",
)  # and, now and then, one flipped byte after packing
# A key as a spreadsheet writes it after taking it for a number; values no number can hold.
NUMERIC_KEYS = ("5.3162E+17", "5.31620230000000E+17", "531620230000000001.0", "12345.0", "1e5", "Ｘ８００１", "X8001\u200b")
NON_FINITE = ("inf", "-Infinity", "1e309", "NaN", "-1E400")
FOREIGN_ENCODINGS = ("cp1252", "big5", "cesu-8", "utf-16")


@st.composite
def mutated_files(draw):
    dataset = draw(st.sampled_from(DATASETS))
    shape = draw(st.sampled_from(["en_utf8", "zh_gbk"]))
    encoding = _encoding_of(shape)
    lines = _lines(dataset, shape)
    header = lines[0]
    newline = "\r\n" if draw(st.booleans()) else "\n"
    chosen = draw(st.lists(st.sampled_from(MUTATIONS), min_size=1, max_size=3, unique=True))
    other_encoding_lines: set[int] = set()
    tail_cut = None
    foreign = None
    for mutation in chosen:
        # the header line too, but mostly the rows (hypothesis leans to small numbers)
        index = draw(st.integers(0, len(lines) - 1)) if draw(st.integers(0, 9)) == 0 else draw(st.integers(1, len(lines) - 1))
        line = lines[index]
        at = draw(st.integers(0, len(line)))
        if mutation == "stray_quote":
            lines[index] = line[:at] + '"' + line[at:]
        elif mutation == "delimiter" and "," in line:
            comma = draw(st.sampled_from([m.start() for m in re.finditer(",", line)]))
            lines[index] = line[:comma] + draw(st.sampled_from([";", "\t", "|"])) + line[comma + 1 :]
        elif mutation == "other_encoding_line" and index > 0:
            other_encoding_lines.add(index)
        elif mutation == "truncate":
            tail_cut = draw(st.integers(1, 400))
        elif mutation == "huge_cell":
            lines[index] = line[:at] + "鱼" * draw(st.sampled_from([1_000, 140_000])) + line[at:]
        elif mutation == "line_break_in_cell":
            lines[index] = line[:at] + draw(st.sampled_from(["\n", "\r", "\r\n"])) + line[at:]
        elif mutation == "blank_lines":
            lines.insert(index + 1, draw(st.sampled_from(["", " ", ",,,", "\t"])))
        elif mutation == "cr_line_ends":
            newline = "\r"
        elif mutation == "duplicate_line" and index > 0:
            lines.insert(index, line)
        elif mutation == "drop_line" and index > 0:
            del lines[index]
        elif mutation == "nul_byte":
            lines[index] = line[:at] + "\x00" + line[at:]
        elif mutation == "numeric_key" and index > 0:
            lines[index] = draw(st.sampled_from(NUMERIC_KEYS)) + line[line.index(",") :] if "," in line else line
        elif mutation == "non_finite" and index > 0 and "," in line:
            cells = line.split(",")
            cells[draw(st.integers(1, len(cells) - 1))] = draw(st.sampled_from(NON_FINITE))
            lines[index] = ",".join(cells)
        elif mutation == "foreign_encoding":
            foreign = draw(st.sampled_from(FOREIGN_ENCODINGS))
    other = "utf-8" if encoding == "gbk" else "gbk"
    data = b"".join((line + newline).encode(other if i in other_encoding_lines else encoding) for i, line in enumerate(lines))
    if foreign is not None:  # the whole file in an encoding that is neither UTF-8 nor GBK
        text = "".join(line + newline for line in lines)
        data = cesu8_bytes(text) if foreign == "cesu-8" else text.encode(foreign, errors="replace")
    if tail_cut is not None:
        data = data[: max(len(data) - tail_cut, 0)]
    packed = draw(st.booleans())
    if packed:
        data = gzip.compress(data)
    if draw(st.integers(0, 5)) == 0:  # a flipped byte: in the gzip stream, or in the text
        chosen = [*chosen, "flipped_byte"]
        at = draw(st.integers(0, len(data) - 1))
        data = data[:at] + bytes([data[at] ^ draw(st.integers(1, 255))]) + data[at + 1 :]
    return dataset, data, packed, chosen, header, encoding


def _rows_after_header(data: bytes, header: str, encoding: str) -> int | None:
    """Non-blank lines after the header, when the header line is intact; None otherwise."""
    text = data.decode(encoding, errors="replace")
    lines = [line.rstrip("\r\n") for line in io.StringIO(text, newline="")]
    if header not in lines:
        return None
    after = lines[lines.index(header) + 1 :]
    return sum(1 for line in after if line.strip(" \t,") or line.count('"') % 2)


@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],  # no shrinking: a failure is reported as found, in bounded time
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(case=mutated_files())
def test_mutated_samples_never_crash_and_never_lose_rows(tmp_path, cli, case):
    dataset, data, packed, chosen, header, encoding = case
    folder = tmp_path / f"case{next(_counter)}"
    folder.mkdir()
    path = folder / ("export.csv.gz" if packed else "export.csv")
    path.write_bytes(data)
    url = f"duckdb:///{folder / 'store.duckdb'}"

    result = cli("load", dataset, path, "--db", url)  # an exception here is the traceback a user would see

    assert result.code in (0, 2, 3), (chosen, result.code, result.err)
    if result.code == 2:
        assert result.err.count("\n") == 1 and result.err.startswith(f"error: {path.name}: "), (chosen, result.err)
        assert stored_keys(url, dataset) == []
        return
    read, accepted, rejected = result.counts
    assert read == accepted + rejected, (chosen, result.out)
    assert len(stored_keys(url, dataset)) == accepted, (chosen, result.out)
    if not {"other_encoding_line", "flipped_byte", "foreign_encoding"} & set(chosen):
        expected = _rows_after_header(gzip.decompress(data) if packed else data, header, encoding)
        if expected is not None:
            assert read == expected, (chosen, result.out)


def _xlsx_rows(dataset: str) -> list[list[object]]:
    import csv

    lines = _lines(dataset, "en_utf8")
    return [next(csv.reader([line])) for line in lines]


@st.composite
def mutated_workbooks(draw):
    """(dataset, sheets as lists of rows, data rows written): the header stays intact, the
    mutations go to the data rows and the layout of the workbook."""
    dataset = draw(st.sampled_from(DATASETS))
    header, *rows = _xlsx_rows(dataset)
    title = False
    notes = False
    split = None
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["quote", "huge", "formula", "blank", "split_sheet", "title_rows", "note_sheet", "number"]))
        index = draw(st.integers(0, len(rows) - 1))
        column = draw(st.integers(0, len(header) - 1))
        if kind == "quote" and rows[index]:
            rows[index][column] = '"' + str(rows[index][column])
        elif kind == "huge" and rows[index]:
            rows[index][column] = "鱼" * draw(st.sampled_from([1_000, 32_000]))  # Excel holds 32,767 characters a cell
        elif kind == "formula" and rows[index]:
            rows[index][column] = "=1+1"
        elif kind == "blank":
            rows.insert(index, [])
        elif kind == "split_sheet":
            split = index
        elif kind == "title_rows":
            title = True
        elif kind == "note_sheet":
            notes = True
        elif kind == "number" and rows[index]:
            rows[index][column] = draw(st.sampled_from([1.5, -3, 10**12, "1,234.5", "2,5"]))
    parts = [rows] if split is None else [rows[:split], rows[split:]]
    sheets = [([["深圳海关 数据导出"], []] if title and i == 0 else []) + [header, *part] for i, part in enumerate(parts)]
    if notes:
        sheets.append([["说明"], ["本表为演示数据"]])
    return dataset, sheets, sum(1 for r in rows if r)


@settings(
    max_examples=20,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],  # no shrinking: a failure is reported as found, in bounded time
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(case=mutated_workbooks())
def test_mutated_workbooks_never_crash_and_never_lose_rows(tmp_path, cli, case):
    import openpyxl

    dataset, sheets, written = case
    folder = tmp_path / f"book{next(_counter)}"
    folder.mkdir()
    path = folder / "export.xlsx"
    book = openpyxl.Workbook()
    book.remove(book.active)
    for number, rows in enumerate(sheets):
        sheet = book.create_sheet(f"S{number}")
        for row in rows:
            sheet.append(row)
    book.save(path)
    url = f"duckdb:///{folder / 'store.duckdb'}"

    result = cli("load", dataset, path, "--db", url)

    assert result.code in (0, 3), (result.code, result.err)
    read, accepted, rejected = result.counts
    assert read == accepted + rejected == written, result.out
    assert len(stored_keys(url, dataset)) == accepted
