"""Demo data are never dressed as confirmed: no demo point equals a published figure of the same
indicator, scope and period at any grain the indicator allows, and a demo card's chart carries no
published point, while a real series' chart draws its like-for-like published figure."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pytest

from dashboard import registry
from dashboard.components.card_chart import card_figure
from dashboard.context import PageContext
from dashboard.models.card_model import card_data, card_published
from dashboard.models.published import period_end
from dashboard.periods import Period
from loaders.queries.indicator_series import indicator_series
from loaders.queries.overview import dataset_status
from loaders.queries.registry_values import indicator_values
from loaders.store.engines import read_engine
from loaders.store.load import LoadRequest, load_files
from tests.csv_files import write_csv

PERIOD_FREQ = {"day": "D", "week": "W-SUN", "month": "M", "quarter": "Q", "year": "Y"}
# the published figures that are like for like with a point of our own series (same id, scope, period)
LIKE_FOR_LIKE = {
    "rail.trains",
    "rail.tonnes",
    "rail.value_cny",
    "combiport.lines",
    "combiport.teu",
    "processing_trade.groups",
    "processing_trade.enterprises",
}


def _point_start(indicator, start: pd.Timestamp, end: pd.Timestamp, grain: str) -> pd.Timestamp | None:
    """The start of the `grain` period whose point the published figure is like for like with, if any:
    a total over exactly that period, or a level read on its last day."""
    if indicator.is_stock:
        first = pd.Period(end, PERIOD_FREQ[grain]).start_time
        return first if start == end and period_end(first, grain) == end else None
    first = pd.Period(start, PERIOD_FREQ[grain]).start_time
    return first if first == start and period_end(first, grain) == end else None


def test_no_demo_point_equals_a_published_figure_of_the_same_indicator_scope_and_period(demo_store_url):
    engine = read_engine(demo_store_url)
    indicators = registry.indicators()
    published = indicator_series(engine, is_demo=False)
    compared: set[str] = set()
    for row in published.itertuples():
        indicator = indicators.get(row.indicator_id)
        if indicator is None or row.scope != indicator.scope:
            continue
        for grain in indicator.grains:
            first = _point_start(indicator, row.period_start, row.period_end, grain)
            if first is None:
                continue
            last = period_end(first, grain)
            values = indicator_values(engine, indicator.query, grain, first.date(), last.date())
            demo = values[pd.to_datetime(values["period"]) == first]["value"]
            assert len(demo) == 1, (row.indicator_id, grain, first)
            assert abs(float(demo.iloc[0]) / row.value - 1) > 0.1, (
                f"{row.indicator_id} {grain} {first.date()}: demo {demo.iloc[0]} is (near) the published {row.value}"
            )
            compared.add(row.indicator_id)
    assert compared == LIKE_FOR_LIKE, "every like-for-like published figure was compared with its demo point"


HEADER = ["indicator_id", "scope", "period_start", "period_end", "value", "unit", "source", "source_url", "confidence", "note"]
TEU, GBA = "combiport.teu", "greater_bay_area"
MONTHS_2023 = [20_000.0, 15_000.0, 24_000.0, 25_000.0, 26_000.0, 27_000.0, 27_000.0, 28_000.0, 28_000.0, 29_000.0, 31_000.0, 36_000.0]


def _store(tmp_path: Path, months_are_demo: bool) -> str:
    """Twelve monthly rows of combination-port TEU for 2023 (demo or real) and the published 2023 total."""
    url = f"duckdb:///{tmp_path / 'store.duckdb'}"
    months = pd.date_range("2023-01-01", periods=12, freq="MS")
    monthly = [
        [TEU, GBA, m.date(), period_end(m, "month").date(), v, "TEU", "ours", "", "", ""] for m, v in zip(months, MONTHS_2023, strict=True)
    ]
    published = [[TEU, GBA, "2023-01-01", "2023-12-31", sum(MONTHS_2023), "TEU", "Xinhua", "", "M", ""]]
    load_files(
        [
            LoadRequest("indicator_series", write_csv(tmp_path / "months.csv", HEADER, monthly), is_demo=months_are_demo),
            LoadRequest("indicator_series", write_csv(tmp_path / "published.csv", HEADER, published), is_demo=False),
        ],
        url,
    )
    return url


def _markers(figure) -> list[list[float]]:
    """The published points drawn on the chart (diamonds; a one-point baseline is a marker too)."""
    spec = json.loads(figure.to_json())
    return [
        list(trace["y"]) if isinstance(trace["y"], list) else trace["y"]
        for trace in spec["data"]
        if trace.get("marker", {}).get("symbol") == "diamond"
    ]


@pytest.mark.parametrize(("months_are_demo", "drawn"), [(False, 1), (True, 0)])
def test_a_published_figure_is_drawn_on_a_real_series_only(tmp_path, months_are_demo, drawn):
    url = _store(tmp_path, months_are_demo)
    ctx = PageContext("en", url, "test", dataset_status(read_engine(url)))
    card = card_data(ctx, registry.indicators()[TEU], Period(dt.date(2023, 1, 1), dt.date(2023, 12, 31), "year"))
    assert card.is_demo == months_are_demo and card.values["value"].tolist() == [sum(MONTHS_2023)]
    on_chart, in_panel = card_published(ctx, card)
    assert (len(on_chart), len(in_panel)) == (drawn, 1 - drawn)
    assert len(_markers(card_figure(ctx, card, card.period))) == drawn, "a published point on the chart only beside real data"
