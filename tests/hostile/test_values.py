"""Values people type: commas only where a thousands separator belongs, a hint
when tonnes look like kilograms, one reason for one bad value, and a rejects list with a cap."""

from __future__ import annotations

import gzip

import pytest
import sqlalchemy as sa

from loaders.contracts.datasets import TABLES
from loaders.read import validate as validation
from loaders.store.engines import read_engine
from tests.hostile.files import sample, stored_keys, with_cell, write

# Value (CNY) is the 10th column of the rail sample (index 9).
NUMBERS = {
    "1,234.5": 1234.5,
    "12,345,678": 12345678.0,
    "-1,000": None,  # well placed, but below the range: not a separator problem
    "1.234,5": "misplaced_separator",
    "2,5": "misplaced_separator",
    "12,34": "misplaced_separator",
    "1,2345.0": "misplaced_separator",
    ",123": "misplaced_separator",
}


def test_commas_count_only_as_thousands_separators(store_url, tmp_path, cli):
    """Before: every comma was stripped, so 1.234,5 was stored as 1.2345 and 2,5 as 25."""
    data = sample("rail_train")
    lines = [with_cell(line, 9, lambda _c, v=value: f'"{v}"') for line, value in zip(data.lines, NUMBERS, strict=False)]
    path = write(tmp_path / "rail.csv", data.header, lines)
    result = cli("load", "rail_train", path, "--db", store_url)
    assert result.code == 3, result.err
    assert result.counts == (len(NUMBERS), 2, len(NUMBERS) - 2)
    rejects = result.rejects()
    by_row = dict(zip(rejects["row"], rejects["reason_code"], strict=True))
    expected = {i + 2: code for i, code in enumerate(NUMBERS.values()) if isinstance(code, str)}
    expected[4] = "out_of_range"
    assert by_row == expected
    reason = rejects.loc[rejects["reason_code"] == "misplaced_separator"].iloc[0]
    assert "1,234.5" in reason["reason_en"] and "千位分隔符" in reason["reason_zh"]
    table = TABLES["rail_train"]
    engine = read_engine(store_url)
    try:
        with engine.connect() as conn:
            values = sorted(conn.execute(sa.select(table.c.value_cny)).scalars())
    finally:
        engine.dispose()
    assert values == [1234.5, 12345678.0]


def test_tonnes_that_look_like_kilograms_get_a_unit_hint(store_url, tmp_path, cli):
    data = sample("fresh_produce")
    lines = [with_cell(data.lines[0], 5, lambda _c: "25000"), data.lines[1]]
    result = cli("load", "fresh_produce", write(tmp_path / "fresh.csv", data.header, lines), "--db", store_url)
    assert result.code == 3 and result.counts == (2, 1, 1)
    assert stored_keys(store_url, "fresh_produce") == [data.keys[1][0]]
    reason = result.rejects().iloc[0]
    assert reason["reason_code"] == "out_of_range"
    assert "t; the value looks like kilograms" in reason["reason_en"] and "重量(千克)" in reason["reason_en"]
    assert "千克" in reason["reason_zh"]


def test_a_kilogram_column_states_its_range_in_kilograms_too(tmp_path, cli):
    data = sample("fresh_produce")
    header = data.header.replace("Weight (t)", "Weight (kg)")
    lines = [with_cell(data.lines[0], 5, lambda _c: "150000"), with_cell(data.lines[1], 5, lambda _c: "5836")]
    result = cli("check", "fresh_produce", write(tmp_path / "fresh.csv", header, lines))
    assert result.code == 3 and result.counts == (2, 1, 1)
    reason = result.rejects()["reason_en"][0]
    assert "[0, 100] t" in reason and "[0, 100000] as written in this column" in reason


# Clearance columns: 4 arrival, 5 declaration, 6 release, 7 exit.
PILE_UPS = {
    "release time unreadable, exit time present": ((6, "2023-13-45 10:00"), "released_at", "bad_datetime"),
    "declaration typed in the wrong century": ((5, "2203-09-08T11:35:00"), "declared_at", "implausible_date"),
}


@pytest.mark.parametrize(("change", "column", "code"), list(PILE_UPS.values()), ids=list(PILE_UPS))
def test_one_bad_value_is_one_reason(store_url, tmp_path, cli, change, column, code):
    """Before: the unreadable release time also made 'exit without release', the wrong-century
    declaration also 'release before declaration' and 'declared too early'."""
    data = sample("clearance")
    position, value = change
    line = next(x for x in data.lines if x.split(",")[7])  # a row with an exit time
    good = data.lines[-1]
    path = write(tmp_path / "c.csv", data.header, [with_cell(line, position, lambda _c: value), good])
    result = cli("load", "clearance", path, "--db", store_url)
    assert result.code == 3 and result.counts == (2, 1, 1)
    assert stored_keys(store_url, "clearance") == [data.keys[-1][0]]
    assert result.rejects()[["column", "reason_code"]].to_dict("records") == [{"column": column, "reason_code": code}]


def test_a_flood_of_identical_bad_rows_is_counted_exactly_and_listed_up_to_the_cap(store_url, tmp_path, cli, monkeypatch):
    """Before: 300,000 such rows gzipped to 19 KB wrote an 817 MB rejects file. The list now stops
    at MAX_LISTED_REJECTS (100,000; 500 here to keep the test small) and says how many more."""
    monkeypatch.setattr(validation, "MAX_LISTED_REJECTS", 500)
    data = sample("seafood_lab")
    bad = with_cell(with_cell(data.lines[0], 4, lambda _c: "soon"), 7, lambda _c: "maybe")
    text = "\n".join([data.header, *[with_cell(bad, 0, lambda _c, i=i: f"B{i:06d}") for i in range(20_000)]]) + "\n"
    path = tmp_path / "flood.csv.gz"
    path.write_bytes(gzip.compress(text.encode()))
    result = cli("load", "seafood_lab", path, "--db", store_url)
    assert result.code == 3, result.err
    assert result.counts == (20_000, 0, 20_000)
    assert "bad_datetime 20000" in result.out and "unknown_code 20000" in result.out
    rejects = result.rejects()
    assert len(rejects) == 501
    note = rejects.iloc[0]
    assert (note["row"], note["reason_code"]) == (0, "not_listed")
    assert "39,500 more problems" in note["reason_en"] and "39,500" in note["reason_zh"]
    assert stored_keys(store_url, "seafood_lab") == []
