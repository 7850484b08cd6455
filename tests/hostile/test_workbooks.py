"""Workbooks: hidden and very hidden sheets are skipped and named (--hidden-sheets reads them too),
a reject names its sheet and row, and a sheet of a thousand columns is refused at once."""

from __future__ import annotations

import openpyxl

from tests.hostile.files import sample, stored_keys, with_cell
from tests.hostile.test_unreadable import assert_one_line


def _workbook(path, sheets: dict[str, tuple[str, list[str]]]):
    """sheets: title -> (state, CSV lines of the rail sample)."""
    data = sample("rail_train")
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, (state, lines) in sheets.items():
        sheet = book.create_sheet(title)
        sheet.sheet_state = state
        sheet.append(data.header.split(","))
        for line in lines:
            sheet.append(line.split(","))
    book.save(path)
    return path


def test_hidden_sheets_are_skipped_and_named(store_url, tmp_path, cli):
    """Before: hidden and very hidden sheets were loaded and never mentioned."""
    data = sample("rail_train")
    path = _workbook(
        tmp_path / "rail.xlsx",
        {"July": ("visible", data.lines[:2]), "old copy": ("hidden", data.lines[2:3]), "helper": ("veryHidden", data.lines[3:4])},
    )
    result = cli("load", "rail_train", path, "--db", store_url)
    assert result.code == 0, result.err
    assert result.counts == (2, 2, 0)
    assert (
        "columns not in the contract (ignored): [sheet old copy: hidden, not read; --hidden-sheets reads it], "
        "[sheet helper: hidden, not read; --hidden-sheets reads it]"
    ) in result.out
    assert stored_keys(store_url, "rail_train") == sorted(k[0] for k in data.keys[:2])

    again = cli("load", "rail_train", path, "--db", store_url, "--hidden-sheets")
    assert again.code == 0, again.err
    assert "read 4, accepted 4, rejected 0; new 2, replaced 0, unchanged 2" in again.out and "hidden" not in again.out
    assert stored_keys(store_url, "rail_train") == sorted(k[0] for k in data.keys[:4])


def test_a_workbook_whose_data_is_only_in_hidden_sheets_says_so(tmp_path, cli):
    data = sample("rail_train")
    path = tmp_path / "rail.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "notes"
    book.active.append(["see the data sheet"])
    sheet = book.create_sheet("data")
    sheet.sheet_state = "hidden"
    for line in [data.header, *data.lines[:2]]:
        sheet.append(line.split(","))
    book.save(path)
    result = cli("check", "rail_train", path)
    assert_one_line(
        result,
        "rail.xlsx",
        "the only sheets with data are hidden (data): unhide them in Excel, or load them with --hidden-sheets",
    )
    assert cli("check", "rail_train", path, "--hidden-sheets").counts == (2, 2, 0)


def test_a_reject_of_the_store_limits_names_its_sheet_and_row(store_url, tmp_path, cli):
    """Before: an over-long key in a workbook of several sheets was listed at row 0 of the workbook."""
    data = sample("rail_train")

    def too_long(line: str) -> str:  # a key the store's index cannot hold
        return "X" * 3000 + line[line.index(",") :]

    first = [data.lines[0], too_long(data.lines[1])]
    second = [with_cell(data.lines[2], 7, lambda _c: "many"), too_long(data.lines[3])]
    path = _workbook(tmp_path / "rail.xlsx", {"July": ("visible", first), "August": ("visible", second)})
    result = cli("load", "rail_train", path, "--db", store_url)
    assert result.code == 3 and result.counts == (4, 1, 3)
    rejects = result.rejects()
    assert sorted(rejects[["file", "row", "reason_code"]].values.tolist()) == [
        ["rail.xlsx", 3, "key_too_long"],
        ["rail.xlsx [August]", 2, "bad_number"],
        ["rail.xlsx [August]", 3, "key_too_long"],
    ]
    assert stored_keys(store_url, "rail_train") == [data.keys[0][0]]


def test_a_workbook_of_a_thousand_columns_is_refused_before_its_rows_are_read(tmp_path, cli):
    """Before: a 1,000-column workbook took 111 s."""
    data = sample("rail_train")
    book = openpyxl.Workbook()
    book.active.append([*data.header.split(","), *(f"extra{i}" for i in range(989))])
    for line in data.lines[:50]:
        book.active.append([*line.split(","), *(f"v{i}" for i in range(989))])
    path = tmp_path / "wide.xlsx"
    book.save(path)
    result = cli("check", "rail_train", path)
    assert_one_line(
        result,
        "wide.xlsx",
        "sheet Sheet has 1,000 columns in its header row, more than 500 (the dataset has far fewer): "
        "delete the columns the dataset does not use, or export only its columns",
    )
