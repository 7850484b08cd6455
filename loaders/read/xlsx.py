"""XLSX workbooks: every sheet that has the contract's header, read within the data's own range.

- Every worksheet whose first HEADER_SEARCH_ROWS rows hold the contract's header is read, in
  workbook order, as one table each (row numbers are the sheet's own). A sheet without the
  header is named in the report as not read; a workbook with no such sheet is refused, naming
  its sheets.
- A formula cell saved without its computed value (a file written by a program, not by Excel)
  rejects its row, naming the cell and the formula.
- Only cells that exist are read: a styled empty cell far to the right or below (a sheet whose
  "used range" runs to column XFD) costs nothing.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from loaders.contracts.contract import Contract
from loaders.read.file_bytes import bomb, check_path, unpack_limit
from loaders.read.headers import HEADER_SEARCH_ROWS, find_header, header_lookup, map_headers
from loaders.read.input_errors import UnreadableFile, unreadable
from loaders.read.parsing import EXACT_DIGITS, KEY_LOST_PRECISION
from loaders.read.raw_table import Malformed, RawTable, from_rows

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

    from openpyxl.worksheet._reader import WorkSheetParser


class _NoCachedValue:
    """A formula cell with no saved value (openpyxl reads it as empty)."""

    def __init__(self, formula: str) -> None:
        self.formula = formula


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


def _parser_class() -> type[WorkSheetParser]:
    from openpyxl.worksheet._reader import FORMULA_TAG, WorkSheetParser

    class CachedValueParser(WorkSheetParser):
        """Cached values (data_only), except that a formula without one says so."""

        def parse_cell(self, element: Element) -> dict[str, Any]:
            cell = super().parse_cell(element)
            if cell["value"] is None and (formula := element.find(FORMULA_TAG)) is not None:
                cell["value"] = _NoCachedValue("=" + (formula.text or ""))
            return cell

    return CachedValueParser


def _sheet_rows(book: Any, sheet: Any) -> Iterator[tuple[int, list[object]]]:
    """(row number, values up to the last non-empty cell) for the rows the sheet's XML holds.

    `book` and `sheet`: openpyxl's read-only workbook and sheet, typed Any because the private
    attributes read here (_archive, _date_formats, _worksheet_path) are not in openpyxl's stubs."""
    parser_class = _parser_class()
    with book._archive.open(sheet._worksheet_path) as source:
        parser = parser_class(
            source,
            book.shared_strings,
            data_only=True,
            epoch=book.epoch,
            date_formats=book._date_formats,
            timedelta_formats=book._timedelta_formats,
        )
        for number, cells in parser.parse():
            present = [c for c in cells if c["value"] is not None and c["value"] != ""]
            if not present:
                continue
            row: list[object] = [None] * present[-1]["column"]
            for cell in present:
                row[cell["column"] - 1] = cell["value"]
            yield number, row


def _number_as_key(value: object) -> bool:
    """A key cell Excel holds as a number: exact only when it is whole and has at most
    EXACT_DIGITS digits (a declaration number of 18 digits is not)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    if isinstance(value, float) and not (value.is_integer() and abs(value) < 10**EXACT_DIGITS):
        return True
    return bool(abs(int(value)) >= 10**EXACT_DIGITS)


def _key_lost(number: int, cells: list[str]) -> Malformed:
    en, zh = KEY_LOST_PRECISION
    return (number, f"cell {', '.join(cells)}: {en}", f"单元格 {'、'.join(cells)}：{zh}", "key_lost_precision")


def _formula_rejects(
    rows: list[tuple[int, list[object]]], header: list[str], key_positions: tuple[int, ...] = ()
) -> tuple[list[tuple[int, list[str | None]]], list[Malformed]]:
    """Rows without the rows that cannot be read: a formula without a saved value, a key held as
    a number that lost its last digits (a numeric cell with more than EXACT_DIGITS digits)."""
    from openpyxl.utils import get_column_letter

    kept: list[tuple[int, list[str | None]]] = []
    malformed: list[Malformed] = []
    for number, row in rows:
        numeric_keys = [f"{get_column_letter(i + 1)}{number}" for i in key_positions if i < len(row) and _number_as_key(row[i])]
        if numeric_keys:
            malformed.append(_key_lost(number, numeric_keys))
            continue
        uncached = [(i, v) for i, v in enumerate(row) if isinstance(v, _NoCachedValue) and i < len(header)]
        if uncached:
            named = [(f"{get_column_letter(i + 1)}{number}", v.formula[:60]) for i, v in uncached[:3]]
            cells_en = ", ".join(f"{cell} ({formula})" for cell, formula in named)
            cells_zh = "、".join(f"{cell}（{formula}）" for cell, formula in named)
            malformed.append(
                (
                    number,
                    f"formula without a saved value in cell {cells_en}: open the file in Excel or WPS, let it calculate, and save it",
                    f"单元格 {cells_zh} 是公式但没有保存计算结果：请用 Excel 或 WPS 打开、计算后保存",
                    "formula_without_value",
                )
            )
            continue
        kept.append((number, [None if isinstance(v, _NoCachedValue) else _cell_text(v) for v in row]))
    return kept, malformed


# A header wider than this is no export of one dataset (the widest contract has 16 columns): a
# workbook of 1,000 columns is refused at once instead of parsing every cell (minutes).
MAX_COLUMNS = 500


def _too_wide(path: Path, sheet: str, width: int) -> UnreadableFile:
    return unreadable(
        path.name,
        f"sheet {sheet} has {width:,} columns in its header row, more than {MAX_COLUMNS} (the dataset has far fewer): "
        "delete the columns the dataset does not use, or export only its columns",
        f"工作表 {sheet} 的表头有 {width:,} 列，超过 {MAX_COLUMNS} 列（数据集远少于此）：请删除数据集不用的列，或只导出所需的列",
    )


def _not_readable(path: Path, error: Exception) -> UnreadableFile:
    return unreadable(
        path.name,
        f"not a readable XLSX workbook ({type(error).__name__}): open it in Excel or WPS and save it again as .xlsx",
        f"不是可读取的 XLSX 工作簿（{type(error).__name__}）：请用 Excel 或 WPS 打开并另存为 .xlsx",
    )


def _check_unpacked_size(path: Path) -> None:
    """A workbook is a zip archive: refuse one that unpacks past the gzip limits (a zip bomb)."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise _not_readable(path, error) from None
    limit = unpack_limit(path.stat().st_size)
    if unpacked > limit:
        raise bomb(path.name, limit)


def read_xlsx_sheets(path: Path, contract: Contract, hidden_sheets: bool = False) -> list[RawTable]:
    """One RawTable per sheet that has the contract's header; sheets without it are listed in the
    first table's ignored_headers as `[sheet NAME: no header row, not read]`. Hidden and very hidden
    sheets (a helper sheet, last month's copy) are skipped and listed too, unless `hidden_sheets`."""
    import openpyxl  # only XLSX loads pay for the import

    check_path(path)
    _check_unpacked_size(path)
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many types for damaged files
        raise _not_readable(path, error) from None
    lookup = header_lookup(contract)
    tables: list[RawTable] = []
    skipped: list[str] = []
    hidden: list[str] = []
    try:
        for sheet in book.worksheets:
            if sheet.sheet_state != "visible" and not hidden_sheets:
                hidden.append(sheet.title)
                continue
            head = list(itertools.islice(_sheet_rows(book, sheet), HEADER_SEARCH_ROWS))  # parsing stops there
            head_rows = [[_cell_text(c) or "" if not isinstance(c, _NoCachedValue) else "" for c in r] for _, r in head]
            try:
                index = find_header(head_rows, lookup, path.name)
            except UnreadableFile:
                skipped.append(sheet.title)
                continue
            header = head_rows[index]
            while header and not header[-1]:
                header.pop()
            if len(header) > MAX_COLUMNS:  # refused before its rows are parsed, in a moment
                raise _too_wide(path, sheet.title, len(header))
            rows = list(_sheet_rows(book, sheet))
            positions = map_headers(header, contract, path.name)[0]
            keys = tuple(p for p, name in positions.items() if name in contract.key and contract.field(name).kind == "text")
            kept, formulas = _formula_rejects(rows[index + 1 :], header, keys)
            name = path.name if not tables else f"{path.name} [{sheet.title}]"
            table = from_rows(kept, header, contract, name, "xlsx", rows[index][0])
            table.malformed = sorted(table.malformed + formulas)
            tables.append(table)
    except UnreadableFile:
        raise
    except Exception as error:  # damaged sheet XML
        raise _not_readable(path, error) from None
    finally:
        book.close()
    if not tables and hidden:
        raise unreadable(
            path.name,
            f"the only sheets with data are hidden ({', '.join(hidden)}): unhide them in Excel, or load them with --hidden-sheets",
            f"含数据的工作表均为隐藏状态（{'、'.join(hidden)}）：请在 Excel 中取消隐藏，或使用 --hidden-sheets 加载",
        )
    if not tables:
        examples = ", ".join(list(lookup)[:4])
        raise unreadable(
            path.name,
            f"no sheet has a header row in its first {HEADER_SEARCH_ROWS} rows (sheets: {', '.join(skipped)}; "
            f"expected column names such as {examples}): check that this is the right dataset",
            f"所有工作表（{'、'.join(skipped)}）的前{HEADER_SEARCH_ROWS}行都没有表头（应有 {examples} 等列名）：请确认数据集是否选对",
        )
    tables[0].ignored_headers += [f"[sheet {title}: no header row, not read]" for title in skipped]
    tables[0].ignored_headers += [f"[sheet {title}: hidden, not read; --hidden-sheets reads it]" for title in hidden]
    return tables
