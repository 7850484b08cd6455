"""Published figures and our own series never add up: the GBA's published 2023 combination-port TEU
(one row for the whole year) and the monthly rows of the same indicator and scope live in one table,
yet no month, quarter, year, total, card or CSV counts the annual figure in."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest
import sqlalchemy as sa

from dashboard import i18n, registry
from loaders.queries.indicator_series import indicator_series, monthly_series
from loaders.queries.registry_values import indicator_values
from loaders.store.engines import read_engine
from loaders.store.load import LoadRequest, load_files
from tests.apptest_helpers import blocks as _blocks
from tests.apptest_helpers import elements as _elements
from tests.apptest_helpers import run_page
from tests.csv_files import write_csv

TEU = "combiport.teu"
GBA = "greater_bay_area"
MONTHLY_2023 = [22_000.0, 16_000.0, 23_000.0, 25_000.0, 26_000.0, 26_500.0, 27_000.0, 27_500.0, 28_000.0, 29_000.0, 30_000.0, 31_000.0]
PUBLISHED_2023 = 316_000.0
HEADER = ["indicator_id", "scope", "period_start", "period_end", "value", "unit", "source", "source_url", "confidence", "note"]


@pytest.fixture
def both(store_url, tmp_path, rejects_dir) -> sa.Engine:
    """The published annual row (real) and twelve demo monthly rows of the same indicator and scope."""
    months = pd.date_range("2023-01-01", periods=12, freq="MS")
    monthly = [
        [TEU, GBA, m.date(), (m + pd.offsets.MonthEnd(0)).date(), value, "TEU", "演示数据 Demo data", "", "", "demo"]
        for m, value in zip(months, MONTHLY_2023, strict=True)
    ]
    published = [[TEU, GBA, "2023-01-01", "2023-12-31", PUBLISHED_2023, "TEU", "Xinhua", "", "H", "up 47.8% on 2022"]]
    requests = [
        LoadRequest("indicator_series", write_csv(tmp_path / "demo.csv", HEADER, monthly), is_demo=True),
        LoadRequest("indicator_series", write_csv(tmp_path / "published.csv", HEADER, published), is_demo=False),
    ]
    reports = load_files(requests, store_url, rejects_dir=rejects_dir)
    assert [r.rows_accepted for r in reports] == [12, 1]
    return read_engine(store_url)


def test_the_table_holds_both_but_the_series_is_only_the_months(both):
    assert len(indicator_series(both, [TEU], [GBA])) == 13
    series = monthly_series(both, TEU, GBA)
    assert series["value"].tolist() == MONTHLY_2023
    assert series["is_demo"].all()


@pytest.mark.parametrize(
    ("grain", "expected"),
    [
        ("month", MONTHLY_2023),
        ("quarter", [sum(MONTHLY_2023[i : i + 3]) for i in range(0, 12, 3)]),
        ("year", [sum(MONTHLY_2023)]),
        (None, [sum(MONTHLY_2023)]),
    ],
)
def test_no_grain_adds_the_published_year_to_the_months(both, grain, expected):
    values = indicator_values(both, registry.indicators()[TEU].query, grain, dt.date(2023, 1, 1), dt.date(2023, 12, 31))
    assert values["value"].tolist() == expected
    if grain == "month":
        assert values["value"].iloc[0] == 22_000.0, "January 2023 is January's row, not January plus the year's 316,000"


def test_combination_port_card_in_january_2023_shows_the_month_alone(app_env):
    """The measure-10 page on the demo store (demo months + the published 2023 total): the card's
    table (= its CSV) and chart show January 2023 as the demo January, and no value near the
    annual total appears anywhere on the card."""
    engine = read_engine(app_env)
    demo_months = monthly_series(engine, TEU, GBA, dt.date(2023, 1, 1), dt.date(2023, 12, 31))
    published = indicator_series(engine, [TEU], [GBA], is_demo=False)
    assert len(demo_months) == 12 and not published.empty, "the demo store holds both"
    january = float(demo_months["value"].iloc[0])

    app = run_page("pages/measure.py", "zh_hans", measure="10")
    assert not app.exception, [e.value for e in app.exception]
    (table,) = [
        t.value
        for t in app.dataframe
        if any(str(c).startswith(i18n.pick("zh_hans", registry.indicators()[TEU].title)) for c in t.value.columns)
    ]
    period_column, value_column = table.columns
    shown = dict(zip(table[period_column], table[value_column], strict=True))
    assert shown["2023年1月"] == january
    assert january < 40_000 < PUBLISHED_2023
    assert table[value_column].max() < 100_000, "no month carries the published annual total"

    # the chart draws the months only; the annual figure is listed beside it, with its whole period
    card = next(b for b in _blocks(app.main) if str(getattr(b.proto, "id", "")).endswith(f"-card-{TEU}"))
    (chart,) = [e for e in _elements(card, "plotly_chart")]
    assert not [trace for trace in json.loads(chart.proto.spec)["data"] if trace.get("mode") == "markers"]
    (panel,) = [e.value for e in _elements(card, "table")]
    annual = panel[panel["期间"] == "2023年1月1日至2023年12月31日"]
    assert annual["范围"].tolist() == ["粤港澳大湾区"] and annual["数值"].tolist() == ["31.6万"]
