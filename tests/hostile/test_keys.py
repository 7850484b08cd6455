"""Keys are text: a key a spreadsheet turned into a number is refused before it merges two records,
and keys that look the same are the same key (NFKC, no invisible characters, one alphabet)."""

from __future__ import annotations

import openpyxl
import pytest

from loaders.read.parsing import KEY_LOST_PRECISION
from tests.hostile.files import sample, stored_keys, with_cell, write

LOST_EN, LOST_ZH = KEY_LOST_PRECISION


def test_declaration_numbers_written_as_floats_are_refused_not_merged(store_url, tmp_path, cli):
    """Before: 5.3162E+17 twice was one key; the second load said "replaced 1" and a declaration was gone."""
    data = sample("clearance")
    lines = [
        with_cell(data.lines[0], 0, lambda _c: "5.3162E+17"),
        with_cell(data.lines[1], 0, lambda _c: "5.3162E+17"),
        with_cell(data.lines[2], 0, lambda _c: "531620230000000003.0"),
        with_cell(data.lines[3], 0, lambda _c: "12345.0"),  # a whole number of 5 digits: exactly 12345
        data.lines[4],
    ]
    result = cli("load", "clearance", write(tmp_path / "clearance.csv", data.header, lines), "--db", store_url)
    assert result.code == 3, result.err
    assert result.counts == (5, 2, 3)
    assert "rejected by reason: key_lost_precision 3" in result.out
    rejects = result.rejects(values_as_text=True)
    assert list(rejects["row"]) == [2, 3, 4]
    assert set(rejects["reason_code"]) == {"key_lost_precision"} and set(rejects["column"]) == {"declaration_id"}
    assert list(rejects["value"]) == ["5.3162E+17", "5.3162E+17", "531620230000000003.0"]
    assert set(rejects["reason_en"]) == {LOST_EN} and "format the column as text in Excel" in LOST_EN
    assert set(rejects["reason_zh"]) == {LOST_ZH}
    assert stored_keys(store_url, "clearance") == sorted(["12345", data.keys[4][0]])


def test_numeric_key_cells_in_a_workbook(store_url, tmp_path, cli):
    """A numeric cell of more than 15 digits is refused naming its cell; a whole number of up to 15
    digits is the same text as the number."""
    data = sample("clearance")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(data.header.split(","))
    values: list[object] = [531620230000000001, 5.3162023e17, 123456789012345, 42.0, 12.5]
    for line, value in zip(data.lines, values, strict=False):
        sheet.append([value, *line.split(",")[1:]])
    path = tmp_path / "clearance.xlsx"
    book.save(path)
    result = cli("load", "clearance", path, "--db", store_url)
    assert result.code == 3, result.err
    assert result.counts == (5, 2, 3)
    rejects = result.rejects()
    assert list(rejects["row"]) == [2, 3, 6]
    assert set(rejects["reason_code"]) == {"key_lost_precision"}
    assert list(rejects["reason_en"]) == [f"cell A2: {LOST_EN}", f"cell A3: {LOST_EN}", f"cell A6: {LOST_EN}"]
    assert rejects["reason_zh"][0] == f"单元格 A2：{LOST_ZH}"
    assert stored_keys(store_url, "clearance") == ["123456789012345", "42"]


LOOK_ALIKES = {
    "X8001\u200b": "X8001",  # zero-width space
    "\u202eX8001": "X8001",  # right-to-left override
    "Ｘ８００１": "X8001",  # full-width, as Chinese input methods type it
}


def test_look_alike_keys_are_one_key(store_url, tmp_path, cli):
    """Before: X8001, X8001 + zero-width space and Ｘ８００１ loaded as three trains."""
    data = sample("rail_train")
    first = cli("load", "rail_train", write(tmp_path / "a.csv", data.header, data.lines[:1]), "--db", store_url)
    assert first.code == 0, first.err
    for index, written in enumerate(LOOK_ALIKES):
        line = with_cell(data.lines[0], 0, lambda _c, w=written: w)
        again = cli("load", "rail_train", write(tmp_path / f"b{index}.csv", data.header, [line]), "--db", store_url)
        assert again.code == 0, again.err
        assert "read 1, accepted 1, rejected 0; new 0, replaced 0, unchanged 1" in again.out, written
    assert stored_keys(store_url, "rail_train") == ["X8001"]


def test_look_alikes_in_one_file_are_duplicates(tmp_path, cli):
    data = sample("rail_train")
    lines = [data.lines[0]] + [with_cell(data.lines[0], 0, lambda _c, w=w: w) for w in LOOK_ALIKES]
    result = cli("check", "rail_train", write(tmp_path / "rail.csv", data.header, lines))
    assert result.code == 3 and result.counts == (4, 0, 4)
    rejects = result.rejects()
    assert set(rejects["reason_code"]) == {"duplicate_key"}
    assert rejects["reason_en"][0].endswith("(rows 2, 3, 4, 5)")


@pytest.mark.parametrize(
    "written",
    ["\u0425" + "8001", "Χ8001", "X8001 A", "X8001;", "报关单8001"],
    ids=["cyrillic", "greek", "space", "semicolon", "chinese"],
)
def test_a_key_outside_the_alphabet_is_refused(store_url, tmp_path, cli, written):
    data = sample("rail_train")
    lines = [with_cell(data.lines[0], 0, lambda _c: written), data.lines[1]]
    result = cli("load", "rail_train", write(tmp_path / "rail.csv", data.header, lines), "--db", store_url)
    assert result.code == 3 and result.counts == (2, 1, 1)
    reject = result.rejects().iloc[0]
    assert (reject["row"], reject["column"], reject["value"], reject["reason_code"]) == (2, "train_no", written, "key_character")
    assert reject["reason_en"].startswith("the key holds a character a key cannot have (only letters A-Z, digits and . _ / -")
    assert stored_keys(store_url, "rail_train") == [data.keys[1][0]]


def test_keys_equal_apart_from_case_are_kept_and_named(store_url, tmp_path, cli):
    data = sample("rail_train")
    lines = [data.lines[0], with_cell(data.lines[0], 0, lambda _c: "x8001"), data.lines[1]]
    result = cli("load", "rail_train", write(tmp_path / "rail.csv", data.header, lines), "--db", store_url)
    assert result.code == 0, result.err
    assert result.counts == (3, 3, 0)
    assert (
        "keys equal apart from upper/lower case (kept as two records; correct them if they are one): "
        "X8001 2023-07-01 03:16:00 / x8001 2023-07-01 03:16:00"
    ) in result.out
    assert stored_keys(store_url, "rail_train") == sorted(["X8001", "x8001", data.keys[1][0]])


def test_digit_keys_report_no_case_variants(tmp_path, cli):
    data = sample("clearance")
    result = cli("check", "clearance", write(tmp_path / "clearance.csv", data.header, data.lines))
    assert result.code == 0 and "upper/lower case" not in result.out
