"""Clearance aggregates against hand-computed values on a tiny fixture, on DuckDB and PostgreSQL.

Percentiles are continuous (percentile_cont): for sorted values v0..v(n-1) the p-th percentile
sits at position (n - 1) * p, interpolated linearly between its neighbours.
"""

from __future__ import annotations

import contextlib
import datetime as dt

import pandas as pd
import pytest

from loaders.constants import CLEARANCE_DURATIONS as STAGES
from loaders.queries.clearance import ClearanceFilter, clearance_summary, overall_hours_histogram, release_heatmap
from loaders.store.engines import read_engine
from loaders.store.load import load_file
from tests.conftest import _postgres_schema_url
from tests.csv_files import write_csv

HEADER = [
    "declaration_id",
    "direction",
    "transport_mode",
    "customs_code",
    "arrival_time",
    "declaration_time",
    "release_time",
    "exit_time",
    "inspected",
    "aeo",
    "advance_declaration",
    "two_step",
]
# Stage hours per row, (overall, arrival->declaration, declaration->release, release->exit):
ROWS = [
    # C01 Tue: (2, 1, 1, 2)
    ["C01", "import", "4", "5301", "2024-01-02 08:00", "2024-01-02 09:00", "2024-01-02 10:00", "2024-01-02 12:00", "N", "Y", "N", "N"],
    # C02 advance declaration, declared the evening before arrival: (1, 0, 1 counted from arrival, 1)
    ["C02", "import", "4", "5301", "2024-01-03 08:00", "2024-01-02 20:00", "2024-01-03 09:00", "2024-01-03 10:00", "N", "Y", "Y", "N"],
    # C03 arrives Sat 13 Jan (ISO week of Mon 8 Jan), released Sun 14 Jan 02:00: (10, 1, 9, 4)
    ["C03", "import", "2", "5316", "2024-01-13 16:00", "2024-01-13 17:00", "2024-01-14 02:00", "2024-01-14 06:00", "Y", "N", "N", "N"],
    # C04 no exit recorded: (3, 2, 1, None)
    ["C04", "export", "2", "5316", "2024-01-10 06:00", "2024-01-10 08:00", "2024-01-10 09:00", "", "N", "N", "N", "N"],
    # C05 Wed 31 Jan (ISO week of Mon 29 Jan, which runs into February): (4, 2, 2, 1)
    ["C05", "export", "4", "5320", "2024-01-31 12:00", "2024-01-31 14:00", "2024-01-31 16:00", "2024-01-31 17:00", "N", "Y", "N", "N"],
    # C06 advance declaration a day early: (5, 0, 5, 1)
    ["C06", "import", "5", "5317", "2024-02-02 08:00", "2024-02-01 08:00", "2024-02-02 13:00", "2024-02-02 14:00", "N", "N", "Y", "N"],
    # C07 Mon 5 Feb: (8, 3, 5, 2)
    ["C07", "import", "4", "5301", "2024-02-05 09:00", "2024-02-05 12:00", "2024-02-05 17:00", "2024-02-05 19:00", "Y", "N", "N", "Y"],
    # C08 not yet released: counts as a declaration, no durations
    ["C08", "export", "4", "5301", "2024-02-07 09:00", "2024-02-07 10:00", "", "", "N", "N", "N", "N"],
]
STAGE_COLUMNS = [f"{stage}_{stat}" for stage in STAGES for stat in ("mean", "median", "p90")]
NAN = float("nan")


def load_clearance(url, tmp_path, rejects_dir):
    report = load_file("clearance", write_csv(tmp_path / "clearance.csv", HEADER, ROWS), url=url, rejects_dir=rejects_dir)
    assert (report.rows_accepted, report.rows_rejected) == (8, 0)


@pytest.fixture
def engine(store_url, tmp_path, rejects_dir):
    load_clearance(store_url, tmp_path, rejects_dir)
    engine = read_engine(store_url)
    yield engine
    engine.dispose()


def assert_frame(frame: pd.DataFrame, expected: dict[str, list]) -> None:
    """The named columns of `frame` equal `expected`, row for row (floats to 1e-9)."""
    got = frame[list(expected)].reset_index(drop=True)
    want = pd.DataFrame(expected)
    for column in want:
        if column == "period":
            want[column] = pd.to_datetime(want[column])
    pd.testing.assert_frame_equal(got, want, check_dtype=False, rtol=1e-9, atol=1e-9)


def test_month_grain_counts_every_stage_and_share_over_target(engine):
    frame = clearance_summary(engine, grain="month", target_hours=4)
    assert list(frame.columns) == ["period", "declarations", "released", "open_cases", "advance_share", *STAGE_COLUMNS, "share_over_target"]
    assert_frame(
        frame,
        {
            "period": ["2024-01-01", "2024-02-01"],
            "declarations": [5, 3],  # Feb: C06, C07 and the unreleased C08
            "released": [5, 2],
            "open_cases": [0, 1],
            "advance_share": [1 / 5, 1 / 3],  # C02 of 5; C06 of 3
            # Jan overall 1,2,3,4,10: mean 20/5; median 3; P90 at 3.6 -> 4 + 0.6 * 6
            # Feb overall 5,8: mean 6.5; median 6.5; P90 at 0.9 -> 5 + 0.9 * 3
            "overall_hours_mean": [4.0, 6.5],
            "overall_hours_median": [3.0, 6.5],
            "overall_hours_p90": [7.6, 7.7],
            # Jan 0,1,1,2,2: 6/5; 1; 2 + 0.6 * 0. Feb 0,3 (unreleased C08 left out): 1.5; 1.5; 0 + 0.9 * 3
            "arrival_to_declaration_hours_mean": [1.2, 1.5],
            "arrival_to_declaration_hours_median": [1.0, 1.5],
            "arrival_to_declaration_hours_p90": [2.0, 2.7],
            # Jan 1,1,1,2,9: 14/5; 1; 2 + 0.6 * 7. Feb 5,5
            "declaration_to_release_hours_mean": [2.8, 5.0],
            "declaration_to_release_hours_median": [1.0, 5.0],
            "declaration_to_release_hours_p90": [6.2, 5.0],
            # Jan 1,1,2,4 (C04 has no exit): 8/4; (1+2)/2; at 2.7 -> 2 + 0.7 * 2. Feb 1,2: 1.5; 1.5; 1 + 0.9
            "release_to_exit_hours_mean": [2.0, 1.5],
            "release_to_exit_hours_median": [1.5, 1.5],
            "release_to_exit_hours_p90": [3.4, 1.9],
            # over 4 h among released: Jan only C03 (10; C05 at exactly 4 is not over) -> 1/5; Feb 5 and 8 -> 2/2
            "share_over_target": [0.2, 1.0],
        },
    )


def test_iso_week_grain_starts_on_monday(engine):
    frame = clearance_summary(engine, grain="week")
    assert_frame(
        frame,
        {
            # C03 (Sat 13 Jan) is in the week of Mon 8 Jan; C05 (Wed 31 Jan) and C06 (Fri 2 Feb) share Mon 29 Jan
            "period": ["2024-01-01", "2024-01-08", "2024-01-29", "2024-02-05"],
            "declarations": [2, 2, 2, 2],
            "released": [2, 2, 2, 1],
            # overall: {2,1}, {10,3}, {4,5}, {8}; P90 of two values a<b = a + 0.9 (b - a)
            "overall_hours_mean": [1.5, 6.5, 4.5, 8.0],
            "overall_hours_median": [1.5, 6.5, 4.5, 8.0],
            "overall_hours_p90": [1.9, 9.3, 4.9, 8.0],
        },
    )


def test_no_grain_is_one_total(engine):
    frame = clearance_summary(engine, grain=None, target_hours=4)
    assert list(frame.columns) == ["declarations", "released", "open_cases", "advance_share", *STAGE_COLUMNS, "share_over_target"]
    assert_frame(
        frame,
        {
            "declarations": [8],
            "released": [7],
            "advance_share": [2 / 8],
            # overall 1,2,3,4,5,8,10: 33/7; 4; at 5.4 -> 8 + 0.4 * 2
            "overall_hours_mean": [33 / 7],
            "overall_hours_median": [4.0],
            "overall_hours_p90": [8.8],
            # 0,0,1,1,2,2,3: 9/7; 1; 2 + 0.4 * 1
            "arrival_to_declaration_hours_mean": [9 / 7],
            "arrival_to_declaration_hours_median": [1.0],
            "arrival_to_declaration_hours_p90": [2.4],
            # 1,1,1,2,5,5,9: 24/7; 2; 5 + 0.4 * 4
            "declaration_to_release_hours_mean": [24 / 7],
            "declaration_to_release_hours_median": [2.0],
            "declaration_to_release_hours_p90": [6.6],
            # 1,1,1,2,2,4: 11/6; (1+2)/2; at 4.5 -> 2 + 0.5 * 2
            "release_to_exit_hours_mean": [11 / 6],
            "release_to_exit_hours_median": [1.5],
            "release_to_exit_hours_p90": [3.0],
            "share_over_target": [3 / 7],  # 5, 8, 10 of 7 released
        },
    )


SPLITS = [
    (
        "direction",
        {
            "direction": ["export", "import"],
            "declarations": [3, 5],
            "released": [2, 5],
            # export 3,4; import 1,2,5,8,10: 26/5; 5; at 3.6 -> 8 + 0.6 * 2
            "overall_hours_mean": [3.5, 5.2],
            "overall_hours_median": [3.5, 5.0],
            "overall_hours_p90": [3.9, 9.2],
        },
    ),
    (
        "transport_mode",
        {
            "transport_mode": ["air", "road", "sea"],
            "declarations": [1, 5, 2],
            "released": [1, 4, 2],
            # road 1,2,4,8: 15/4; (2+4)/2; at 2.7 -> 4 + 0.7 * 4. sea 3,10
            "overall_hours_mean": [5.0, 3.75, 6.5],
            "overall_hours_median": [5.0, 3.0, 6.5],
            "overall_hours_p90": [5.0, 6.8, 9.3],
        },
    ),
    (
        "customs_code",
        {
            "customs_code": ["5301", "5316", "5317", "5320"],
            "declarations": [4, 2, 1, 1],
            "released": [3, 2, 1, 1],
            # 5301: 1,2,8: 11/3; 2; at 1.8 -> 2 + 0.8 * 6
            "overall_hours_mean": [11 / 3, 6.5, 5.0, 4.0],
            "overall_hours_median": [2.0, 6.5, 5.0, 4.0],
            "overall_hours_p90": [6.8, 9.3, 5.0, 4.0],
        },
    ),
    (
        "is_aeo",
        {
            "is_aeo": [False, True],
            "declarations": [5, 3],
            "released": [4, 3],
            # no: 3,5,8,10 -> 26/4; 6.5; at 2.7 -> 8 + 0.7 * 2. yes: 1,2,4 -> 7/3; 2; 2 + 0.8 * 2
            "overall_hours_mean": [6.5, 7 / 3],
            "overall_hours_median": [6.5, 2.0],
            "overall_hours_p90": [9.4, 3.6],
        },
    ),
    (
        "is_inspected",
        {
            "is_inspected": [False, True],
            "declarations": [6, 2],
            "released": [5, 2],
            # no: 1,2,3,4,5 -> 3; 3; 4 + 0.6. yes: 8,10 -> 9; 9; 8 + 0.9 * 2
            "overall_hours_mean": [3.0, 9.0],
            "overall_hours_median": [3.0, 9.0],
            "overall_hours_p90": [4.6, 9.8],
        },
    ),
    (
        "is_advance_declaration",
        {
            "is_advance_declaration": [False, True],
            "declarations": [6, 2],
            "released": [5, 2],
            "advance_share": [0.0, 1.0],
            # no: 2,3,4,8,10 -> 27/5; 4; 8 + 0.6 * 2. yes: 1,5 -> 3; 3; 1 + 0.9 * 4
            "overall_hours_mean": [5.4, 3.0],
            "overall_hours_median": [4.0, 3.0],
            "overall_hours_p90": [9.2, 4.6],
            # declared in advance: nothing before declaration, customs time runs from arrival (= overall)
            "arrival_to_declaration_hours_mean": [1.8, 0.0],  # no: 1,1,2,2,3
            "arrival_to_declaration_hours_p90": [2.6, 0.0],  # 2 + 0.6 * 1
            "declaration_to_release_hours_mean": [3.6, 3.0],  # no: 1,1,2,5,9 -> 18/5
            "declaration_to_release_hours_median": [2.0, 3.0],
            "declaration_to_release_hours_p90": [7.4, 4.6],  # 5 + 0.6 * 4; 1 + 0.9 * 4
        },
    ),
]


def test_split_by_each_dimension(engine):
    for by, expected in SPLITS:
        assert_frame(clearance_summary(engine, grain=None, by=[by]), expected)


def test_month_by_direction_keeps_an_unreleased_only_group(engine):
    frame = clearance_summary(engine, grain="month", by=["direction"], target_hours=4)
    assert_frame(
        frame,
        {
            "period": ["2024-01-01", "2024-01-01", "2024-02-01", "2024-02-01"],
            "direction": ["export", "import", "export", "import"],
            "declarations": [2, 3, 1, 2],
            "released": [2, 3, 0, 2],
            # Jan import 1,2,10: 13/3; 2; at 1.8 -> 2 + 0.8 * 8. Feb export: only C08, not released
            "overall_hours_mean": [3.5, 13 / 3, NAN, 6.5],
            "overall_hours_median": [3.5, 2.0, NAN, 6.5],
            "overall_hours_p90": [3.9, 8.4, NAN, 7.7],
            "share_over_target": [0.0, 1 / 3, NAN, 1.0],  # no released declaration -> no share
        },
    )


FILTER_CASES = [
    # (filter, declarations, released, overall median); end date is inclusive: C05 arrives 31 Jan 12:00
    (ClearanceFilter(start=dt.date(2024, 1, 9), end=dt.date(2024, 1, 31)), 3, 3, 4.0),  # C03, C04, C05: 3,4,10
    (ClearanceFilter(start=dt.date(2024, 1, 31), end=dt.date(2024, 1, 31)), 1, 1, 4.0),  # C05
    (ClearanceFilter(end=dt.date(2024, 1, 30)), 4, 4, 2.5),  # C01-C04: 1,2,3,10
    (ClearanceFilter(start=dt.date(2024, 2, 1)), 3, 2, 6.5),  # C06, C07, C08
    (ClearanceFilter(customs_codes=("5316",)), 2, 2, 6.5),  # C03, C04
    (ClearanceFilter(customs_codes=("5317", "5320")), 2, 2, 4.5),  # C06, C05: 4,5
    (ClearanceFilter(directions=("export",)), 3, 2, 3.5),  # C04, C05, C08
    (ClearanceFilter(modes=("sea", "air")), 3, 3, 5.0),  # C03, C04, C06: 3,5,10
    (ClearanceFilter(is_aeo=True), 3, 3, 2.0),  # C01, C02, C05: 1,2,4
    (ClearanceFilter(is_aeo=False, directions=("import",)), 3, 3, 8.0),  # C03, C06, C07: 5,8,10
    (ClearanceFilter(is_inspected=True), 2, 2, 9.0),  # C03, C07
    (ClearanceFilter(is_advance_declaration=True), 2, 2, 3.0),  # C02, C06: 1,5
    (ClearanceFilter(is_advance_declaration=False, modes=("road",), customs_codes=("5301",)), 3, 2, 5.0),  # C01, C07, C08: 2,8
]


def test_filters(engine):
    for filters, declarations, released, overall_median in FILTER_CASES:
        frame = clearance_summary(engine, grain=None, filters=filters)
        got = (len(frame), frame.loc[0, "declarations"], frame.loc[0, "released"], frame.loc[0, "overall_hours_median"])
        assert got == (1, declarations, released, pytest.approx(overall_median)), filters


def test_empty_filter_result_is_an_empty_frame_with_the_columns(engine):
    nothing = ClearanceFilter(customs_codes=("5345",))  # no declaration at Shenzhen Bay
    for grain, by in [("month", ()), ("week", ("direction",)), (None, ()), (None, ("is_aeo",))]:
        frame = clearance_summary(engine, grain=grain, by=by, filters=nothing, target_hours=4)
        keys = (["period"] if grain else []) + list(by)
        assert frame.empty, (grain, by)
        assert list(frame.columns) == [
            *keys,
            "declarations",
            "released",
            "open_cases",
            "advance_share",
            *STAGE_COLUMNS,
            "share_over_target",
        ]
    assert release_heatmap(engine, nothing).empty
    assert overall_hours_histogram(engine, 4, filters=nothing).empty


def test_release_heatmap_by_iso_weekday_and_hour(engine):
    # releases: C01 Tue 10h, C02 Wed 9h, C03 Sun 2h, C04 Wed 9h, C05 Wed 16h, C06 Fri 13h, C07 Mon 17h; C08 unreleased
    assert_frame(
        release_heatmap(engine),
        {"weekday": [1, 2, 3, 3, 5, 7], "hour": [17, 10, 9, 16, 13, 2], "releases": [1, 1, 2, 1, 1, 1]},
    )
    # imports only: C04 and C05 (exports) drop out
    assert_frame(
        release_heatmap(engine, ClearanceFilter(directions=("import",))),
        {"weekday": [1, 2, 3, 5, 7], "hour": [17, 10, 9, 13, 2], "releases": [1, 1, 1, 1, 1]},
    )


def test_overall_hours_histogram(engine):
    # overall hours 1,2,3 | 4,5 | 8,10 (C08 has none)
    assert_frame(overall_hours_histogram(engine, 4), {"bin_start_hours": [0.0, 4.0, 8.0], "declarations": [3, 2, 2]})
    # floor(h / 2.5) * 2.5: 1,2 -> 0; 3,4 -> 2.5; 5 -> 5; 8 -> 7.5; 10 -> 10
    assert_frame(
        overall_hours_histogram(engine, 2.5),
        {"bin_start_hours": [0.0, 2.5, 5.0, 7.5, 10.0], "declarations": [2, 2, 1, 1, 1]},
    )
    # export 3 | 4; import 1,2 | 5 | 8,10
    assert_frame(
        overall_hours_histogram(engine, 4, by=["direction"]),
        {
            "direction": ["export", "export", "import", "import", "import"],
            "bin_start_hours": [0.0, 4.0, 0.0, 4.0, 8.0],
            "declarations": [1, 1, 2, 1, 2],
        },
    )
    assert_frame(
        overall_hours_histogram(engine, 4, filters=ClearanceFilter(start=dt.date(2024, 2, 1))),
        {"bin_start_hours": [4.0, 8.0], "declarations": [1, 1]},  # C06 5h, C07 8h
    )


def test_duckdb_and_postgresql_give_the_same_frames(tmp_path):
    """The same file loaded into both engines in one test: every summary matches frame for frame."""
    duck_url = f"duckdb:///{tmp_path / 'same.duckdb'}"
    with contextlib.contextmanager(_postgres_schema_url)() as pg_url:
        load_clearance(duck_url, tmp_path, tmp_path / "rejects")
        load_clearance(pg_url, tmp_path, tmp_path / "rejects")
        duck, pg = read_engine(duck_url), read_engine(pg_url)
        try:
            calls = [
                {"grain": "month", "target_hours": 4},
                {"grain": "week"},
                {"grain": "day"},
                {"grain": None, "target_hours": 4},
                {"grain": "month", "by": ["customs_code", "direction", "transport_mode"]},
                {"grain": None, "by": ["is_aeo", "is_inspected", "is_advance_declaration", "is_two_step"], "target_hours": 4},
                {"grain": "month", "filters": ClearanceFilter(start=dt.date(2024, 1, 9), end=dt.date(2024, 1, 31))},
                {"grain": "month", "filters": ClearanceFilter(customs_codes=("5345",))},
            ]
            for kwargs in calls:
                left, right = clearance_summary(duck, **kwargs), clearance_summary(pg, **kwargs)
                assert not left.empty or kwargs.get("filters")
                pd.testing.assert_frame_equal(left, right, check_dtype=False)
            pd.testing.assert_frame_equal(release_heatmap(duck), release_heatmap(pg), check_dtype=False)
            pd.testing.assert_frame_equal(
                overall_hours_histogram(duck, 2.5, by=["transport_mode"]),
                overall_hours_histogram(pg, 2.5, by=["transport_mode"]),
                check_dtype=False,
            )
        finally:
            duck.dispose()
            pg.dispose()


def test_day_grain_one_row_per_arrival_day(engine):
    assert_frame(
        clearance_summary(engine, grain="day"),
        {
            "period": ["2024-01-02", "2024-01-03", "2024-01-10", "2024-01-13", "2024-01-31", "2024-02-02", "2024-02-05", "2024-02-07"],
            "declarations": [1, 1, 1, 1, 1, 1, 1, 1],
            # C01, C02, C04, C03, C05, C06, C07, C08 (unreleased)
            "overall_hours_mean": [2.0, 1.0, 3.0, 10.0, 4.0, 5.0, 8.0, NAN],
            "release_to_exit_hours_mean": [2.0, 1.0, NAN, 4.0, 1.0, 1.0, 2.0, NAN],
        },
    )


# --- open cases: the unreleased C08 arrived on 7 Feb 09:00 ------------------------------------------


@pytest.mark.parametrize(
    ("as_of", "feb_share"),
    [
        # 7 Feb 12:00: C08 is 3 h old, under the 4 h target: not known to be over, left out -> 2 of 2
        (dt.datetime(2024, 2, 7, 12), 2 / 2),
        # 8 Feb 00:00: C08 has waited 15 h, past 4 h: it is known to be over, counted -> 3 of 3
        (dt.datetime(2024, 2, 8), 3 / 3),
        # no data's end given: released declarations only, as before
        (None, 2 / 2),
    ],
)
def test_share_over_target_counts_an_open_declaration_known_to_be_over(engine, as_of, feb_share):
    frame = clearance_summary(engine, grain="month", target_hours=4, as_of=as_of)
    assert frame["share_over_target"].tolist() == pytest.approx([1 / 5, feb_share])
    assert frame["open_cases"].tolist() == [0, 1]


def test_an_open_declaration_older_than_the_target_raises_a_share_that_released_ones_alone_understate(engine):
    """Jan: C03's 10 h is over 4 h (1 of 5). Only released: Feb reads 100%; a 1 h target on a store
    whose data end on 7 Feb 09:30 keeps C08 (30 min old) out, then takes it in from 10:00 on."""
    early = clearance_summary(engine, grain="month", target_hours=1, as_of=dt.datetime(2024, 2, 7, 9, 30))
    late = clearance_summary(engine, grain="month", target_hours=1, as_of=dt.datetime(2024, 2, 7, 10, 30))
    assert early["share_over_target"].iloc[1] == pytest.approx(2 / 2)
    assert late["share_over_target"].iloc[1] == pytest.approx(3 / 3)
