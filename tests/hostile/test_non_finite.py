"""Values that cannot be numbers: NaN, infinities and overflow are refused in data and targets,
and a duration longer than its dataset allows is a date typed wrong, not a record."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from dashboard import targets
from loaders.contracts.datasets import TABLES
from loaders.store.engines import read_engine
from tests.hostile.files import sample, stored_keys, with_cell, write

NOT_NUMBERS = ("inf", "-Infinity", "1e309", "-1E400", "NaN", "nan", "Infinity")


def _stored_values(url: str) -> list[float]:
    engine = read_engine(url)
    try:
        with engine.connect() as conn:
            return sorted(conn.execute(sa.select(TABLES["indicator_series"].c.value)).scalars())
    finally:
        engine.dispose()


def test_non_finite_indicator_values_are_bad_numbers(store_url, tmp_path, cli):
    """Before: inf, -Infinity and 1e309 were stored; the measure page crashed with OverflowError."""
    data = sample("indicator_series")
    lines = [with_cell(line, 4, lambda _c, v=v: v) for line, v in zip(data.lines, NOT_NUMBERS, strict=False)]
    assert len(lines) == len(NOT_NUMBERS)
    kept = data.lines[len(NOT_NUMBERS)]
    result = cli("load", "indicator_series", write(tmp_path / "series.csv", data.header, [*lines, kept]), "--db", store_url)
    assert result.code == 3, result.err
    assert result.counts == (len(NOT_NUMBERS) + 1, 1, len(NOT_NUMBERS))
    rejects = result.rejects(values_as_text=True)
    # the rejects file is made for a spreadsheet: a cell starting with "-" is guarded against formulas
    assert list(rejects["value"]) == [("'" + v if v.startswith("-") else v) for v in NOT_NUMBERS]
    assert set(rejects["reason_code"]) == {"bad_number"} and set(rejects["column"]) == {"value"}
    assert _stored_values(store_url) == [float(kept.split(",")[4])]


@pytest.mark.parametrize("column", [7, 8], ids=["weight", "value"])
def test_non_finite_rail_numbers_are_bad_numbers(tmp_path, cli, column):
    data = sample("rail_train")
    lines = [with_cell(data.lines[0], column, lambda _c: "1e309"), data.lines[1]]
    result = cli("check", "rail_train", write(tmp_path / "rail.csv", data.header, lines))
    assert result.code == 3 and result.counts == (2, 1, 1)
    assert result.rejects()["reason_code"].tolist() == ["bad_number"]


def _targets(tmp_path: Path, value: str) -> Path:
    path = tmp_path / "targets.yaml"
    path.write_text(
        "set_by: 深圳海关\ndocument: 深关〔2026〕12号\ntargets:\n"
        f"  - {{indicator: clearance.overall_hours.import, value: {value}, date: 2026-12-31}}\n",
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize("value", [".inf", "-.Inf", ".nan", "1e309"])
def test_a_non_finite_target_is_one_line_naming_the_field(tmp_path, monkeypatch, value):
    """Before: a .inf target reached the overview ("infbn firms — Demo target met")."""
    monkeypatch.setenv(targets.TARGETS_ENV, str(_targets(tmp_path, value)))
    with pytest.raises(targets.TargetsError) as raised:
        targets.authority_targets()
    assert str(raised.value) == (
        "targets.yaml: target clearance.overall_hours.import: field value: expected a number in the indicator's unit (hours; shares as 0-1)"
    )


# (start column, end column, end column's name, an end just past the bound, one just within it, reason)
DURATIONS = {
    "seafood_lab": (4, 6, "reported_at", "2023-08-28T13:17:00", "2023-08-27T13:16:00", "more than 30 days from sampling"),
    "tir_trip": (1, 2, "arrived_at", "2024-01-12T03:48:00", "2024-01-12T03:46:00", "more than 60 days from departure to arrival"),
}


@pytest.mark.parametrize("dataset", list(DURATIONS))
def test_durations_have_an_upper_bound(store_url, tmp_path, cli, dataset):
    """Before: ten-year seafood and TIR durations were stored and the seafood page started in 2013."""
    start, end, name, too_long, within, reason = DURATIONS[dataset]
    data = sample(dataset)
    ten_years = with_cell(data.lines[0], start, lambda c: c.replace("2023", "2013"))
    just_over = with_cell(with_cell(data.lines[0], 0, lambda c: c + "8"), end, lambda _c: too_long)
    just_within = with_cell(with_cell(data.lines[0], 0, lambda c: c + "9"), end, lambda _c: within)
    path = write(tmp_path / f"{dataset}.csv", data.header, [ten_years, just_over, just_within])
    result = cli("load", dataset, path, "--db", store_url)
    assert result.code == 3, result.err
    assert result.counts == (3, 1, 2)
    rejects = result.rejects()
    assert rejects[["row", "column", "reason_code"]].values.tolist() == [[2, name, "duration_too_long"], [3, name, "duration_too_long"]]
    assert set(rejects["reason_en"]) == {
        reason + (": check the dates" if dataset == "tir_trip" else " to receipt or to the report: check the dates")
    }
    assert stored_keys(store_url, dataset) == [data.keys[0][0] + "9"]
