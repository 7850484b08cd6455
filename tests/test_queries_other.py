"""Fresh produce, seafood lab, rail, TIR, indicator and store-status aggregates against
hand-computed values on tiny fixtures, on DuckDB and PostgreSQL.

Percentiles are continuous (percentile_cont): for sorted values v0..v(n-1) the p-th percentile
sits at position (n - 1) * p, interpolated linearly between its neighbours.
"""

from __future__ import annotations

import csv
import datetime as dt

import pandas as pd
import pytest

from loaders.queries.fresh_produce import FreshFilter, fresh_summary
from loaders.queries.indicator_series import indicator_series
from loaders.queries.overview import dataset_status, load_history
from loaders.queries.rail import RouteFilter, rail_summary, tir_summary
from loaders.queries.seafood_lab import SeafoodFilter, seafood_summary
from loaders.store.engines import read_engine
from loaders.store.load import LoadRequest, load_file, load_files

NAN = float("nan")


def write_csv(path, header, rows):
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([header, *rows])
    return path


def assert_frame(frame: pd.DataFrame, expected: dict[str, list]) -> None:
    """The named columns of `frame` equal `expected`, row for row (floats to 1e-9)."""
    got = frame[list(expected)].reset_index(drop=True)
    want = pd.DataFrame(expected)
    for column in want:
        if column in ("period", "period_start", "period_end"):
            want[column] = pd.to_datetime(want[column])
    pd.testing.assert_frame_equal(got, want, check_dtype=False, rtol=1e-9, atol=1e-9)


@pytest.fixture
def engines(store_url):
    """read_engine(store_url), disposed after the test; call it after loading."""
    opened = []

    def open_engine():
        opened.append(read_engine(store_url))
        return opened[-1]

    yield open_engine
    for engine in opened:
        engine.dispose()


# --- fresh produce to Hong Kong -------------------------------------------------------------

FRESH_EN = (
    ["consignment_no", "crossing_time", "arrival_time", "port", "category", "weight", "heads", "base", "precleared"],
    [
        # port pass = arrival -> release, minutes
        ["F01", "2024-03-01 08:30", "2024-03-01 08:00", "文锦渡", "vegetables", "10.5", "", "B1", "Y"],  # 30 min
        ["F02", "2024-03-02 09:10", "2024-03-02 09:00", "文锦渡", "vegetables", "12", "", "B1", "Y"],  # 10
        ["F03", "2024-03-05 10:20", "2024-03-05 10:00", "Wenjindu", "live pigs", "8", "100", "B2", "N"],  # 20
        ["F04", "2024-03-10 11:40", "2024-03-10 11:00", "Huanggang", "fruit", "5", "", "", "N"],  # 40
        ["F05", "2024-04-02 07:00", "", "皇岗口岸", "fruit", "6", "", "", "Y"],  # no arrival time: no port pass
        ["F06", "2024-04-03 12:50", "2024-04-03 12:00", "文锦渡", "live cattle", "20", "30", "B3", "N"],  # 50
    ],
)
# Chinese headers, weight in kilograms -> tonnes
FRESH_ZH_KG = (
    ["批次号", "验放时间", "到达口岸时间", "口岸", "品类", "重量(千克)", "头数", "基地预检"],
    [
        ["F07", "2024-03-15 08:15", "2024-03-15 08:00", "文锦渡口岸", "蔬菜", "2500", "", "是"],  # 2.5 t, 15 min
        ["F08", "2024-04-20 09:30", "2024-04-20 09:00", "皇岗", "活猪", "4000", "50", "否"],  # 4 t, 30 min
    ],
)


@pytest.fixture
def fresh(store_url, tmp_path, rejects_dir, engines):
    requests = [
        LoadRequest("fresh_produce", write_csv(tmp_path / "fresh_en.csv", *FRESH_EN)),
        LoadRequest("fresh_produce", write_csv(tmp_path / "鲜活_千克.csv", *FRESH_ZH_KG)),
    ]
    reports = load_files(requests, url=store_url, rejects_dir=rejects_dir)
    assert [(r.rows_accepted, r.rows_rejected) for r in reports] == [(6, 0), (2, 0)]
    return engines()


def test_fresh_by_month(fresh):
    assert_frame(
        fresh_summary(fresh, grain="month"),
        {
            "period": ["2024-03-01", "2024-04-01"],
            "consignments": [5, 3],  # F01-F04, F07 | F05, F06, F08
            "tonnes": [38.0, 30.0],  # 10.5 + 12 + 8 + 5 + 2.5 | 6 + 20 + 4
            "head": [100, 80],  # F03 | F06 30 + F08 50
            # Mar 10,15,20,30,40: median 20; at 3.6 -> 30 + 0.6 * 10. Apr 30,50 (F05 none): 40; 30 + 0.9 * 20
            "port_pass_minutes_median": [20.0, 40.0],
            "port_pass_minutes_p90": [36.0, 48.0],
            "precleared_share": [3 / 5, 1 / 3],  # F01, F02, F07 | F05
        },
    )


def test_fresh_by_port_and_category(fresh):
    assert_frame(
        fresh_summary(fresh, grain=None, by=["port"]),
        {
            "port": ["SZ_HUANGGANG", "SZ_WENJINDU"],
            "consignments": [3, 5],  # F04, F05, F08 | F01, F02, F03, F06, F07
            "tonnes": [15.0, 53.0],  # 5 + 6 + 4 | 10.5 + 12 + 8 + 20 + 2.5
            "head": [50, 130],
            # Huanggang 30,40: 35; 30 + 0.9 * 10. Wenjindu 10,15,20,30,50: 20; 30 + 0.6 * 20
            "port_pass_minutes_median": [35.0, 20.0],
            "port_pass_minutes_p90": [39.0, 42.0],
            "precleared_share": [1 / 3, 3 / 5],
        },
    )
    assert_frame(
        fresh_summary(fresh, grain=None, by=["category"]),
        {
            "category": ["fruit", "live_cattle", "live_pigs", "vegetables"],
            "consignments": [2, 1, 2, 3],
            "tonnes": [11.0, 20.0, 12.0, 25.0],  # 5 + 6 | 20 | 8 + 4 | 10.5 + 12 + 2.5
            "head": [0, 30, 150, 0],  # no live animals -> 0, not NULL
            # fruit 40 (F05 none); pigs 20,30: 25, 20 + 0.9 * 10; vegetables 10,15,30: 15, at 1.8 -> 15 + 0.8 * 15
            "port_pass_minutes_median": [40.0, 50.0, 25.0, 15.0],
            "port_pass_minutes_p90": [40.0, 50.0, 29.0, 27.0],
            "precleared_share": [0.5, 0.0, 0.0, 1.0],
        },
    )


def test_fresh_totals_and_filters(fresh):
    total = fresh_summary(fresh, grain=None)
    # 38 + 30 t, 100 + 80 head; port pass 10,15,20,30,30,40,50: median 30, at 5.4 -> 40 + 0.4 * 10
    assert_frame(
        total,
        {
            "consignments": [8],
            "tonnes": [68.0],
            "head": [180],
            "port_pass_minutes_median": [30.0],
            "port_pass_minutes_p90": [44.0],
            "precleared_share": [0.5],
        },
    )
    huanggang_march = fresh_summary(
        fresh, grain=None, filters=FreshFilter(ports=("SZ_HUANGGANG",), start=dt.date(2024, 3, 1), end=dt.date(2024, 3, 31))
    )
    assert_frame(huanggang_march, {"consignments": [1], "tonnes": [5.0], "port_pass_minutes_median": [40.0]})  # F04
    # inclusive end: F06 crosses 3 Apr 12:50
    april_start = fresh_summary(
        fresh, grain="day", filters=FreshFilter(start=dt.date(2024, 4, 2), end=dt.date(2024, 4, 3), categories=("fruit", "live_cattle"))
    )
    assert_frame(april_start, {"period": ["2024-04-02", "2024-04-03"], "consignments": [1, 1], "tonnes": [6.0, 20.0]})
    nothing = fresh_summary(fresh, grain="month", by=["port"], filters=FreshFilter(categories=("eggs",)))
    assert nothing.empty
    assert list(nothing.columns) == [
        "period",
        "port",
        "consignments",
        "tonnes",
        "head",
        "port_pass_minutes_median",
        "port_pass_minutes_p90",
        "precleared_share",
    ]


# --- chilled seafood lab ----------------------------------------------------------------------

SEAFOOD_ZH = (
    ["样品编号", "品名", "原产国", "检测实验室", "取样时间", "接样时间", "报告时间", "检测结果", "绿色通道"],
    [
        # (transport, testing, turnaround) hours
        ["S01", "三文鱼", "挪威", "实验室A", "2024-05-01 08:00", "2024-05-01 10:00", "2024-05-01 20:00", "合格", "是"],  # 2, 10, 12
        ["S02", "三文鱼", "挪威", "实验室A", "2024-05-02 08:00", "2024-05-02 09:00", "2024-05-02 15:00", "不合格", "是"],  # 1, 6, 7
        ["S03", "鳕鱼", "智利", "实验室A", "2024-05-03 08:00", "2024-05-03 11:00", "2024-05-04 08:00", "合格", "否"],  # 3, 21, 24
        ["S04", "三文鱼", "挪威", "实验室A", "2024-05-04 08:00", "2024-05-04 09:00", "", "", "否"],  # pending: 1, -, -
        ["S05", "鳕鱼", "智利", "实验室B", "2024-05-05 08:00", "2024-05-05 12:00", "2024-05-05 18:00", "合格", "是"],  # 4, 6, 10
        ["S06", "三文鱼", "挪威", "实验室B", "2024-05-06 08:00", "2024-05-06 10:00", "2024-05-07 14:00", "不合格", "否"],  # 2, 28, 30
        ["S07", "鳕鱼", "智利", "实验室B", "2024-06-01 08:00", "2024-06-01 09:00", "2024-06-01 13:00", "合格", "是"],  # 1, 4, 5
    ],
)


@pytest.fixture
def seafood(store_url, tmp_path, rejects_dir, engines):
    report = load_file("seafood_lab", write_csv(tmp_path / "冰鲜水产.csv", *SEAFOOD_ZH), url=store_url, rejects_dir=rejects_dir)
    assert (report.rows_accepted, report.rows_rejected) == (7, 0)
    return engines()


def test_seafood_total_excludes_pending_samples_from_durations_and_rates(seafood):
    frame = seafood_summary(seafood, grain=None, target_hours=24)
    assert list(frame.columns) == [
        "samples",
        "reported",
        "open_cases",
        "turnaround_hours_median",
        "turnaround_hours_p90",
        "transport_hours_median",
        "transport_hours_p90",
        "testing_hours_median",
        "testing_hours_p90",
        "within_target_share",
        "failure_rate",
    ]
    assert_frame(
        frame,
        {
            "samples": [7],
            "reported": [6],
            "open_cases": [1],  # S04, pending
            # turnaround 5,7,10,12,24,30: (10+12)/2; at 4.5 -> 24 + 0.5 * 6
            "turnaround_hours_median": [11.0],
            "turnaround_hours_p90": [27.0],
            # transport of reported samples 1,1,2,2,3,4 (pending S04 left out): 2; 3 + 0.5 * 1
            "transport_hours_median": [2.0],
            "transport_hours_p90": [3.5],
            # testing 4,6,6,10,21,28: 8; 21 + 0.5 * 7
            "testing_hours_median": [8.0],
            "testing_hours_p90": [24.5],
            "within_target_share": [5 / 6],  # all but S06 (30 h); S03 at exactly 24 h is within
            "failure_rate": [2 / 6],  # S02, S06 of 6 reported
        },
    )
    assert "within_target_share" not in seafood_summary(seafood, grain=None).columns


def test_seafood_by_month_and_lab(seafood):
    assert_frame(
        seafood_summary(seafood, grain="month", target_hours=24),
        {
            "period": ["2024-05-01", "2024-06-01"],
            "samples": [6, 1],
            "reported": [5, 1],
            # May turnaround 7,10,12,24,30: 12; at 3.6 -> 24 + 0.6 * 6
            "turnaround_hours_median": [12.0, 5.0],
            "turnaround_hours_p90": [27.6, 5.0],
            # May transport 1,2,2,3,4: 2; 3 + 0.6 * 1
            "transport_hours_median": [2.0, 1.0],
            "transport_hours_p90": [3.6, 1.0],
            # May testing 6,6,10,21,28: 10; 21 + 0.6 * 7
            "testing_hours_median": [10.0, 4.0],
            "testing_hours_p90": [25.2, 4.0],
            "within_target_share": [4 / 5, 1.0],
            "failure_rate": [2 / 5, 0.0],
        },
    )
    assert_frame(
        seafood_summary(seafood, grain=None, by=["lab"], target_hours=24),
        {
            "lab": ["实验室A", "实验室B"],
            "samples": [4, 3],
            "reported": [3, 3],
            # A: 7,12,24 -> 12; at 1.8 -> 12 + 0.8 * 12. B: 5,10,30 -> 10; 10 + 0.8 * 20
            "turnaround_hours_median": [12.0, 10.0],
            "turnaround_hours_p90": [21.6, 26.0],
            # A: 1,2,3 -> 2; 2 + 0.8 * 1. B: 1,2,4 -> 2; 2 + 0.8 * 2
            "transport_hours_median": [2.0, 2.0],
            "transport_hours_p90": [2.8, 3.6],
            # A: 6,10,21 -> 10; 10 + 0.8 * 11. B: 4,6,28 -> 6; 6 + 0.8 * 22
            "testing_hours_median": [10.0, 6.0],
            "testing_hours_p90": [18.8, 23.6],
            "within_target_share": [1.0, 2 / 3],
            "failure_rate": [1 / 3, 1 / 3],
        },
    )
    assert_frame(
        seafood_summary(seafood, grain=None, by=["is_green_channel"]),
        {
            "is_green_channel": [False, True],
            "samples": [3, 4],
            "reported": [2, 4],
            "turnaround_hours_median": [27.0, 8.5],  # 24,30 | 5,7,10,12
            "turnaround_hours_p90": [29.4, 11.4],  # 24 + 0.9 * 6 | at 2.7 -> 10 + 0.7 * 2
            "failure_rate": [1 / 2, 1 / 4],
        },
    )


def test_seafood_filters(seafood):
    cases = [
        # (filter, samples, reported, failure_rate)
        (SeafoodFilter(labs=("实验室B",)), 3, 3, 1 / 3),
        (SeafoodFilter(origins=("CL",)), 3, 3, 0.0),  # S03, S05, S07
        (SeafoodFilter(products=("三文鱼",)), 4, 3, 2 / 3),  # S01, S02, S04 pending, S06
        (SeafoodFilter(is_green_channel=True, start=dt.date(2024, 5, 1), end=dt.date(2024, 5, 31)), 3, 3, 1 / 3),  # S01, S02, S05
        (SeafoodFilter(start=dt.date(2024, 5, 4), end=dt.date(2024, 5, 4)), 1, 0, NAN),  # S04 only: nothing reported, no rate
    ]
    for filters, samples, reported, failure_rate in cases:
        frame = seafood_summary(seafood, grain=None, filters=filters)
        assert_frame(frame, {"samples": [samples], "reported": [reported], "failure_rate": [failure_rate]})
    assert seafood_summary(seafood, grain="month", filters=SeafoodFilter(origins=("NZ",))).empty


# --- China–Europe trains and TIR --------------------------------------------------------------

RAIL_EN = (
    [
        "Train number",
        "Departure",
        "Direction",
        "Origin station",
        "Border crossing",
        "Destination city",
        "Destination country",
        "TEU",
        "Weight (t)",
        "Value (CNY)",
        "Service",
    ],
    [
        ["X8001", "2024-01-05 10:00", "outbound", "SZ_PINGHUSOUTH", "满洲里", "Moscow", "RU", "50", "500", "10000000", "regular"],
        ["X8003", "2024-01-12 10:00", "outbound", "平湖南铁路场站", "二连浩特", "Warsaw", "PL", "55", "600", "12000000", "精品班列"],
        ["X8005", "2024-01-20 10:00", "去程", "平湖南铁路场站", "Manzhouli", "莫斯科", "俄罗斯", "45", "450", "9000000", "regular"],
        ["X8002", "2024-01-25 10:00", "回程", "Duisburg", "阿拉山口", "深圳", "CN", "40", "380.5", "8000000", "regular"],
        ["X8007", "2024-02-03 10:00", "outbound", "SZ_PINGHUSOUTH", "Alashankou", "Duisburg", "DE", "50", "520", "15000000", "冷链"],
    ],
)
TIR_ZH = (
    ["TIR证号", "出发时间", "到达时间", "出境口岸", "目的地城市", "目的国", "车辆数", "货重(吨)", "货值(元)"],
    [
        ["T1", "2024-01-03 08:00", "2024-01-10 08:00", "霍尔果斯", "阿拉木图", "哈萨克斯坦", "2", "30", "1000000"],  # 7 days
        ["T2", "2024-01-08 08:00", "2024-01-17 20:00", "霍尔果斯", "阿拉木图", "KZ", "1", "15", "500000"],  # 9.5 days
        ["T3", "2024-01-15 08:00", "2024-01-20 08:00", "霍尔果斯", "塔什干", "乌兹别克斯坦", "3", "40", "2000000"],  # 5 days
        ["T4", "2024-01-25 08:00", "", "霍尔果斯", "阿拉木图", "KZ", "1", "10", "300000"],  # not arrived yet
        ["T5", "2024-02-02 08:00", "2024-02-14 08:00", "霍尔果斯", "塔什干", "UZ", "2", "20", "800000"],  # 12 days
        # T6 is rejected: it arrives before it leaves
        ["T6", "2024-02-05 08:00", "2024-02-04 08:00", "霍尔果斯", "塔什干", "UZ", "1", "5", "100000"],
    ],
)


def load_tir(url, tmp_path, rejects_dir, is_demo=False):
    report = load_file("tir_trip", write_csv(tmp_path / "tir.csv", *TIR_ZH), url=url, is_demo=is_demo, rejects_dir=rejects_dir)
    assert (report.rows_read, report.rows_accepted, report.rows_rejected) == (6, 5, 1)
    return report


def test_rail_summary(store_url, tmp_path, rejects_dir, engines):
    report = load_file("rail_train", write_csv(tmp_path / "rail.csv", *RAIL_EN), url=store_url, rejects_dir=rejects_dir)
    assert (report.rows_accepted, report.rows_rejected) == (5, 0)
    rail = engines()
    assert_frame(
        rail_summary(rail, grain="month"),
        {
            "period": ["2024-01-01", "2024-02-01"],
            "trains": [4, 1],
            "teu": [190.0, 50.0],  # 50 + 55 + 45 + 40
            "tonnes": [1930.5, 520.0],  # 500 + 600 + 450 + 380.5
            "value_cny": [39_000_000.0, 15_000_000.0],  # 10 + 12 + 9 + 8 million
        },
    )
    assert_frame(
        rail_summary(rail, grain=None, by=["direction"]),
        {"direction": ["inbound", "outbound"], "trains": [1, 4], "teu": [40.0, 200.0], "tonnes": [380.5, 2070.0], "value_cny": [8e6, 46e6]},
    )
    assert_frame(
        rail_summary(rail, grain=None, by=["border_crossing"]),
        {
            "border_crossing": ["BX_ALASHANKOU", "BX_ERENHOT", "BX_MANZHOULI"],
            "trains": [2, 1, 2],
            "teu": [90.0, 55.0, 95.0],  # 40 + 50 | 55 | 50 + 45
            "tonnes": [900.5, 600.0, 950.0],
            "value_cny": [23e6, 12e6, 19e6],
        },
    )
    assert_frame(
        rail_summary(rail, grain=None, by=["destination_country", "destination_city"]),
        {
            "destination_country": ["CN", "DE", "PL", "RU"],
            "destination_city": ["深圳", "DEST_DUISBURG", "DEST_WARSAW", "DEST_MOSCOW"],  # 深圳 is not in the reference: kept as written
            "trains": [1, 1, 1, 2],
            "teu": [40.0, 50.0, 55.0, 95.0],
            "tonnes": [380.5, 520.0, 600.0, 950.0],
        },
    )
    assert_frame(rail_summary(rail, grain=None, by=["service"]), {"service": ["cold_chain", "premium", "regular"], "trains": [1, 1, 3]})
    # outbound to Russia, January (inclusive end date: X8005 leaves 20 Jan 10:00)
    moscow = rail_summary(
        rail,
        grain=None,
        filters=RouteFilter(start=dt.date(2024, 1, 1), end=dt.date(2024, 1, 20), directions=("outbound",), destination_countries=("RU",)),
    )
    assert_frame(moscow, {"trains": [2], "teu": [95.0], "tonnes": [950.0], "value_cny": [19e6]})
    assert rail_summary(rail, filters=RouteFilter(destination_countries=("HU",))).empty


def test_tir_summary_ignores_trips_not_yet_arrived_in_transit_time(store_url, tmp_path, rejects_dir, engines):
    load_tir(store_url, tmp_path, rejects_dir)
    tir = engines()
    assert_frame(
        tir_summary(tir, grain="month"),
        {
            "period": ["2024-01-01", "2024-02-01"],
            "trips": [4, 1],  # T6 was rejected
            "vehicles": [7, 2],  # 2 + 1 + 3 + 1
            "tonnes": [95.0, 20.0],  # 30 + 15 + 40 + 10
            "value_cny": [3_800_000.0, 800_000.0],
            "transit_days_median": [7.0, 12.0],  # Jan 5, 7, 9.5 (T4 still on the road)
        },
    )
    # all arrived: 5, 7, 9.5, 12 -> (7 + 9.5) / 2
    assert_frame(
        tir_summary(tir, grain=None),
        {"trips": [5], "vehicles": [9], "tonnes": [115.0], "value_cny": [4_600_000.0], "transit_days_median": [8.25]},
    )
    assert_frame(
        tir_summary(tir, grain=None, by=["destination_country", "destination_city"]),
        {
            "destination_country": ["KZ", "UZ"],
            "destination_city": ["DEST_ALMATY", "DEST_TASHKENT"],
            "trips": [3, 2],
            "vehicles": [4, 5],
            "tonnes": [55.0, 60.0],
            "transit_days_median": [8.25, 8.5],  # 7, 9.5 | 5, 12
        },
    )
    # only T4 (departs 25 Jan, not arrived): counted, but no transit time
    t4 = tir_summary(
        tir, grain=None, filters=RouteFilter(start=dt.date(2024, 1, 20), end=dt.date(2024, 1, 31), destination_countries=("KZ",))
    )
    assert_frame(t4, {"trips": [1], "vehicles": [1], "transit_days_median": [NAN]})


# --- indicator series, store status and provenance ----------------------------------------------

INDICATORS_EN = (
    ["indicator_id", "scope", "period_start", "period_end", "value", "unit", "source", "source_url", "confidence", "note"],
    [
        ["aeo.enterprises", "shenzhen", "2023-01-01", "2023-12-31", "1200", "家", "深圳海关", "https://example.org/a", "H", "年末数"],
        ["aeo.enterprises", "shenzhen", "2024-01-01", "2024-06-30", "1300", "家", "深圳海关", "", "M", ""],
        ["aeo.enterprises", "national", "2024-01-01", "2024-12-31", "5000", "家", "海关总署", "", "H", ""],
        [
            "clearance.overall_hours_mean.import",
            "national",
            "2024-06-30",
            "2024-06-30",
            "30.5",
            "小时",
            "海关总署",
            "",
            "",
            "",
        ],  # a point in time
    ],
)
INDICATORS_DEMO_ZH = (
    ["指标编码", "范围", "起始日期", "截止日期", "数值", "单位", "来源", "来源链接", "可信度", "备注"],
    [
        ["combiport.teu", "shenzhen", "2024-01-01", "2024-01-31", "1000", "标箱", "演示", "", "低", "演示数据"],
        ["combiport.teu", "shenzhen", "2024-02-01", "2024-02-29", "1100", "标箱", "演示", "", "L", ""],
    ],
)


def test_indicator_series_filters(store_url, tmp_path, rejects_dir, engines):
    requests = [
        LoadRequest("indicator_series", write_csv(tmp_path / "indicators.csv", *INDICATORS_EN)),
        LoadRequest("indicator_series", write_csv(tmp_path / "指标_演示.csv", *INDICATORS_DEMO_ZH), is_demo=True),
    ]
    assert [(r.rows_accepted, r.rows_rejected) for r in load_files(requests, url=store_url, rejects_dir=rejects_dir)] == [(4, 0), (2, 0)]
    store = engines()

    everything = indicator_series(store)
    assert list(everything.columns) == [
        "indicator_id",
        "scope",
        "period_start",
        "period_end",
        "value",
        "unit",
        "source",
        "source_url",
        "confidence",
        "qualifier",
        "note",
        "is_demo",
    ]
    assert_frame(
        everything,
        {  # ordered by indicator, scope, period
            "indicator_id": [
                "aeo.enterprises",
                "aeo.enterprises",
                "aeo.enterprises",
                "clearance.overall_hours_mean.import",
                "combiport.teu",
                "combiport.teu",
            ],
            "scope": ["national", "shenzhen", "shenzhen", "national", "shenzhen", "shenzhen"],
            "period_start": ["2024-01-01", "2023-01-01", "2024-01-01", "2024-06-30", "2024-01-01", "2024-02-01"],
            "period_end": ["2024-12-31", "2023-12-31", "2024-06-30", "2024-06-30", "2024-01-31", "2024-02-29"],
            "value": [5000.0, 1200.0, 1300.0, 30.5, 1000.0, 1100.0],
            "is_demo": [False, False, False, False, True, True],
        },
    )
    first = everything.iloc[1]
    assert (first["unit"], first["source"], first["source_url"], first["confidence"], first["note"]) == (
        "家",
        "深圳海关",
        "https://example.org/a",
        "H",
        "年末数",
    )
    assert everything.iloc[4]["confidence"] == "L"  # 低

    def values(**kwargs):
        return indicator_series(store, **kwargs)["value"].tolist()

    assert values(indicator_ids=["aeo.enterprises"], scopes=["shenzhen"]) == [1200.0, 1300.0]
    assert values(scopes=["national"]) == [5000.0, 30.5]
    # periods overlapping 15 Feb - 30 Jun 2024: not 2023, not January; the 30 Jun point and the February month do
    assert values(start=dt.date(2024, 2, 15), end=dt.date(2024, 6, 30)) == [5000.0, 1300.0, 30.5, 1100.0]
    assert values(start=dt.date(2024, 7, 1)) == [5000.0]
    assert values(end=dt.date(2023, 12, 31)) == [1200.0]
    assert values(is_demo=True) == [1000.0, 1100.0]
    assert values(is_demo=False, indicator_ids=["aeo.enterprises", "clearance.overall_hours_mean.import"]) == [5000.0, 1200.0, 1300.0, 30.5]
    assert indicator_series(store, indicator_ids=["unknown"]).empty

    status = dataset_status(store).set_index("dataset")
    assert status.loc["indicator_series", ["rows", "demo_rows"]].tolist() == [6, 2]
    # place in time = period_end: earliest 31 Dec 2023, latest 31 Dec 2024
    assert (status.loc["indicator_series", "first"], status.loc["indicator_series", "last"]) == (
        pd.Timestamp("2023-12-31"),
        pd.Timestamp("2024-12-31"),
    )


def test_dataset_status_and_load_history(store_url, tmp_path, rejects_dir, engines):
    before = dt.datetime.now()
    report = load_file(
        "seafood_lab", write_csv(tmp_path / "seafood.csv", *SEAFOOD_ZH), url=store_url, is_demo=True, rejects_dir=rejects_dir
    )
    tir_report = load_tir(store_url, tmp_path, rejects_dir)
    after = dt.datetime.now()
    store = engines()

    status = dataset_status(store)
    assert sorted(status["dataset"]) == sorted(["clearance", "fresh_produce", "seafood_lab", "rail_train", "tir_trip", "indicator_series"])
    status = status.set_index("dataset")
    assert status["rows"].to_dict() == {
        "clearance": 0,
        "fresh_produce": 0,
        "seafood_lab": 7,
        "rail_train": 0,
        "tir_trip": 5,
        "indicator_series": 0,
    }
    assert status["demo_rows"].to_dict() == {
        "clearance": 0,
        "fresh_produce": 0,
        "seafood_lab": 7,
        "rail_train": 0,
        "tir_trip": 0,
        "indicator_series": 0,
    }
    assert status.loc["seafood_lab", "first"] == pd.Timestamp("2024-05-01 08:00")  # sampled_at of S01
    assert status.loc["seafood_lab", "last"] == pd.Timestamp("2024-06-01 08:00")  # S07
    assert status.loc["tir_trip", "first"] == pd.Timestamp("2024-01-03 08:00")  # T1 departs
    assert status.loc["tir_trip", "last"] == pd.Timestamp("2024-02-02 08:00")  # T5 (T6 was rejected)
    assert pd.isna(status.loc["clearance", "first"]) and pd.isna(status.loc["clearance", "last"])
    assert before <= status.loc["seafood_lab", "as_of"] <= status.loc["tir_trip", "as_of"] <= after
    assert pd.isna(status.loc["rail_train", "as_of"])  # never loaded

    history = load_history(store)
    assert_frame(
        history,
        {  # newest first
            "load_id": [tir_report.load_id, report.load_id],
            "dataset": ["tir_trip", "seafood_lab"],
            "file_name": ["tir.csv", "seafood.csv"],
            "rows_read": [6, 7],
            "rows_accepted": [5, 7],
            "rows_rejected": [1, 0],
            "rows_new": [5, 7],
            "is_demo": [False, True],
        },
    )
    assert history.loc[0, "rejects_file"] == str(tir_report.rejects_file) and pd.isna(history.loc[1, "rejects_file"])
    assert history.loc[0, "sha256"] == tir_report.sha256

    # the same file again adds nothing, but is a load of its own and moves as_of
    again = load_file("seafood_lab", tmp_path / "seafood.csv", url=store_url, is_demo=True, rejects_dir=rejects_dir)
    assert (again.rows_new, again.rows_unchanged) == (0, 7)
    store = engines()
    status = dataset_status(store).set_index("dataset")
    assert status.loc["seafood_lab", "rows"] == 7
    assert status.loc["seafood_lab", "as_of"] > status.loc["tir_trip", "as_of"]
    history = load_history(store, limit=2)
    assert history["load_id"].tolist() == [again.load_id, tir_report.load_id]
    assert history.loc[0, ["rows_new", "rows_unchanged"]].tolist() == [0, 7]


def test_a_sample_pending_past_the_target_counts_as_not_within_it(seafood):
    """S04 was sampled on 4 May 08:00 and has no report: at the data's end on 6 May it has waited
    over 24 h, so it is known to have missed the target (5 within of 7 known, not 5 of 6)."""
    frame = seafood_summary(seafood, grain=None, target_hours=24, as_of=dt.datetime(2024, 5, 6))
    assert frame["within_target_share"].tolist() == pytest.approx([5 / 7])
    assert frame["open_cases"].tolist() == [1]
    young = seafood_summary(seafood, grain=None, target_hours=24, as_of=dt.datetime(2024, 5, 4, 20))
    assert young["within_target_share"].tolist() == pytest.approx([5 / 6]), "12 h old: not yet known to be late"
