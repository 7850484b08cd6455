"""Workbooks: every sheet with the header is read, a formula without a
saved value is a rejected row naming its cell, and a used range stretched to column XFD by one
styled empty cell costs nothing."""

from __future__ import annotations

import csv

import openpyxl
from openpyxl.styles import PatternFill

from loaders.contracts.seafood_lab import CONTRACT as SEAFOOD
from loaders.read import xlsx
from tests.hostile.files import expected_keys, sample, stored_keys


def _cells(line: str) -> list[object]:
    return next(csv.reader([line]))


def _book(path, sheets: dict[str, list[list[object]]]):
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return book


def test_every_sheet_with_the_header_is_read(store_url, tmp_path, cli):
    """Before: 10 of 20 rows, exit 0, no word of the second sheet."""
    data = sample("seafood_lab")
    header = _cells(data.header)
    path = tmp_path / "lab.xlsx"
    _book(
        path,
        {
            "7月": [["深圳海关 检测数据"], [], header, *[_cells(line) for line in data.lines[:10]]],
            "说明": [["本表为演示数据"], ["第二行说明"]],
            "8月": [header, *[_cells(line) for line in data.lines[10:20]]],
        },
    )
    result = cli("load", "seafood_lab", path, "--db", store_url)
    assert result.code == 0, result.err
    assert result.counts == (20, 20, 0)
    assert "[sheet 说明: no header row, not read]" in result.out
    assert stored_keys(store_url, "seafood_lab") == expected_keys(data, list(range(20)))


def test_the_same_key_on_two_sheets_is_a_duplicate(tmp_path, cli):
    data = sample("seafood_lab")
    header = _cells(data.header)
    path = tmp_path / "lab.xlsx"
    _book(path, {"A": [header, *[_cells(x) for x in data.lines[:5]]], "B": [header, *[_cells(x) for x in data.lines[4:8]]]})
    result = cli("check", "seafood_lab", path)
    assert result.code == 3
    assert result.counts == (9, 7, 2)
    rejects = result.rejects()
    assert rejects["reason_code"].tolist() == ["duplicate_key", "duplicate_key"]


def test_a_workbook_without_the_header_on_any_sheet_names_its_sheets(store_url, tmp_path, cli):
    path = tmp_path / "lab.xlsx"
    _book(path, {"数据": [["a", "b"], [1, 2]], "Sheet2": [["x"]]})
    result = cli("load", "seafood_lab", path, "--db", store_url)
    assert result.code == 2
    assert result.err.count("\n") == 1 and result.err.startswith("error: lab.xlsx: ")
    assert "sheets: 数据, Sheet2" in result.err and "工作表" in result.err
    assert stored_keys(store_url, "seafood_lab") == []


def test_a_formula_without_a_saved_value_rejects_its_row_naming_the_cell(store_url, tmp_path, cli):
    """Before: the cell read as empty. openpyxl, like many export tools, saves formulas without values."""
    data = sample("seafood_lab")
    header = _cells(data.header)
    rows = [_cells(line) for line in data.lines[:6]]
    rows[2][7] = '=IF(1=1,"pass","fail")'  # Result, column H, row 4 of the sheet
    path = tmp_path / "lab.xlsx"
    _book(path, {"Sheet1": [header, *rows]})
    result = cli("load", "seafood_lab", path, "--db", store_url)
    assert result.code == 3, result.err
    assert result.counts == (6, 5, 1)
    rejects = result.rejects()
    assert rejects[["row", "reason_code"]].to_dict("records") == [{"row": 4, "reason_code": "formula_without_value"}]
    assert "H4" in rejects["reason_en"][0] and "H4" in rejects["reason_zh"][0]
    assert stored_keys(store_url, "seafood_lab") == expected_keys(data, [0, 1, 3, 4, 5])


def test_a_styled_cell_at_column_xfd_does_not_stretch_the_rows(store_url, tmp_path, cli):
    data = sample("seafood_lab")
    header = _cells(data.header)
    path = tmp_path / "lab.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    for row in [header, *[_cells(line) for line in data.lines[:50]]]:
        sheet.append(row)
    sheet["XFD1048576"].fill = PatternFill("solid", fgColor="FFFF00")
    book.save(path)
    assert openpyxl.load_workbook(path, read_only=True).active.calculate_dimension() == "A1:XFD1048576"

    tables = xlsx.read_xlsx_sheets(path, SEAFOOD)
    assert [len(t.source_rows) for t in tables] == [50]
    loaded = openpyxl.load_workbook(path, read_only=True, data_only=True)
    widths = [len(row) for _, row in xlsx._sheet_rows(loaded, loaded.active)]
    loaded.close()
    assert max(widths) == len(header)  # rows end at their last value, not at column XFD

    result = cli("load", "seafood_lab", path, "--db", store_url)
    assert result.code == 0 and result.counts == (50, 50, 0)
    assert len(stored_keys(store_url, "seafood_lab")) == 50
