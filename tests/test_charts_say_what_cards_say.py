"""A card's chart says what the card says: year and quarter are named categories (2023, 2025 Q4),
totals are bars from zero, and the baseline drawn for each period is the one the card compares
that period with (the same season of the baseline year). A card also gives the change on the same
period a year earlier, and every split shows each group's own baseline and change. On DuckDB and
PostgreSQL, with a store built for the rules."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from dashboard import i18n, registry
from dashboard.components.card_chart import card_figure
from dashboard.context import PageContext
from dashboard.models.card_model import card_data
from dashboard.models.comparisons import baseline_by_period
from dashboard.models.split_baseline import baseline_year, split_headings, with_baseline
from dashboard.periods import Period
from loaders.queries.clearance import ClearanceFilter, clearance_summary
from loaders.queries.overview import dataset_status
from loaders.store import engines
from tests.loaded_store import load_rows

HEADER = [
    "declaration_id", "direction", "transport_mode", "customs_code", "arrival_time", "declaration_time", "release_time",
    "inspected", "aeo", "advance_declaration", "two_step",
]  # fmt: skip


def _row(key: str, arrived: str, hours: float, port: str = "5301", aeo: str = "N") -> list[str]:
    start = dt.datetime.fromisoformat(arrived)
    released = (start + dt.timedelta(hours=hours)).isoformat(sep=" ", timespec="minutes")
    return [key, "import", "4", port, arrived, arrived, released, "N", aeo, "N", "N"]


ROWS = [
    # baseline year: November 2022 median 4 h; December 2022 median 4 h (2 h at Luohu, AEO; 6 h at Huanggang)
    _row("B1", "2022-11-07 08:00", 4),
    _row("B2", "2022-11-08 08:00", 4),
    _row("B3", "2022-12-05 08:00", 6),
    _row("B4", "2022-12-06 08:00", 2, port="5302", aeo="Y"),
    # a year before the latest month: December 2024, 3 h
    _row("Y1", "2024-12-02 08:00", 3),
    # November 2025 2 h; December 2025 1 h (Huanggang) and 1 h (Luohu, AEO)
    _row("N1", "2025-11-03 08:00", 2),
    _row("D1", "2025-12-01 08:00", 1),
    _row("D2", "2025-12-02 08:00", 1, port="5302", aeo="Y"),
]
COVERS_THROUGH = dt.date(2026, 1, 10)  # December 2025 has matured: no open case, nothing provisional
MEDIAN = "clearance.overall_hours.import"


@pytest.fixture
def ctx(store_url, tmp_path, monkeypatch):
    return load_rows(store_url, tmp_path, "clearance", HEADER, ROWS, COVERS_THROUGH, monkeypatch)


def _trace(figure, name: str):
    (trace,) = [t for t in figure.data if t.name == name]
    return trace


def test_the_baseline_drawn_for_each_month_is_the_one_the_card_uses(ctx):
    page = ctx("en")
    card = card_data(page, registry.indicators()[MEDIAN], Period(dt.date(2025, 11, 1), dt.date(2025, 12, 31), "month"))
    assert card.latest.period == pd.Timestamp("2025-12-01") and card.latest.value == pytest.approx(1.0)
    assert card.assessment.baseline == pytest.approx(4.0), "December 2025 meets December 2022: median of 2 h and 6 h"
    result = card.assessment
    seasonal = baseline_by_period(
        page, card.indicator, card.grain, card.values["period"], result.baseline, result.latest_period, card.chosen
    )
    assert seasonal["value"].tolist() == pytest.approx([4.0, 4.0])
    drawn = _trace(card_figure(page, card, card.period), i18n.t("en", "card.baseline_same_season"))
    assert list(drawn.y) == pytest.approx([4.0, 4.0])
    assert drawn.y[-1] == pytest.approx(card.assessment.baseline), "the line at the latest point is the card's baseline"


def test_a_card_gives_the_change_on_the_same_month_a_year_earlier(ctx):
    card = card_data(ctx("zh_hans"), registry.indicators()[MEDIAN], Period(dt.date(2025, 11, 1), dt.date(2025, 12, 31), "month"))
    assert card.year_ago.previous_period == pd.Timestamp("2024-12-01"), "December 2024 lies outside the range shown: read on its own"
    assert card.year_ago.change == pytest.approx(-2.0)
    assert card.latest.change == pytest.approx(-1.0), "and the change on the previous month stays"


@pytest.mark.parametrize(("grain", "label"), [("quarter", "2025 Q4"), ("year", "2025")])
def test_quarters_and_years_are_named_categories_not_days_on_a_time_axis(ctx, grain, label):
    page = ctx("en")
    card = card_data(page, registry.indicators()[MEDIAN], Period(dt.date(2024, 1, 1), dt.date(2025, 12, 31), grain))
    figure = card_figure(page, card, card.period)
    assert figure.layout.xaxis.type == "category"
    line = _trace(figure, page.pick(card.indicator.title))
    assert list(line.x)[-1] == label and "Jan" not in " ".join(map(str, line.x))
    assert line.type == "scatter", "a median is a line, not a bar"
    if grain == "year":
        assert card.year_ago.change is None, "at year grain the change on the previous period is the year-on-year change"


def test_each_split_group_gets_its_own_baseline_and_change(ctx, store_url):
    engine = engines.read_engine(store_url)
    try:
        now = clearance_summary(engine, None, ("customs_code",), ClearanceFilter(start=dt.date(2025, 11, 1), end=dt.date(2025, 12, 31)))
        start, end = baseline_year(MEDIAN)
        then = clearance_summary(engine, None, ("customs_code",), ClearanceFilter(start=start, end=end))
    finally:
        engine.dispose()
    page = ctx("zh_hans")
    baseline_heading, change_heading = split_headings(page, "中位数")
    table = with_baseline(now[["customs_code"]], now, then, ("customs_code",), {"overall_hours_median": (baseline_heading, change_heading)})
    rows = {code: (b, c) for code, b, c in zip(table["customs_code"], table[baseline_heading], table[change_heading], strict=True)}
    # Huanggang: 1.5 h now (2 h in November, 1 h in December), 4 h then (4, 4, 6); Luohu: 1 h now, 2 h then
    assert rows == {"5301": (pytest.approx(4.0), pytest.approx(-2.5)), "5302": (pytest.approx(2.0), pytest.approx(-1.0))}


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_yearly_trains_are_bars_from_zero_on_named_years(demo_store_url, lang):
    engine = engines.read_engine(demo_store_url)
    try:
        page = PageContext(lang, demo_store_url, "charts-demo", dataset_status(engine))
    finally:
        engine.dispose()
    card = card_data(page, registry.indicators()["rail.trains"], Period(dt.date(2023, 1, 1), dt.date(2025, 12, 31), "year"))
    figure = card_figure(page, card, card.period)
    bars = _trace(figure, page.pick(card.indicator.title))
    assert bars.type == "bar" and figure.layout.yaxis.rangemode == "tozero"
    assert list(bars.x) == [i18n.format_period(pd.Timestamp(f"{year}-01-01"), "year", lang) for year in (2023, 2024, 2025)]
    assert list(bars.y) == pytest.approx(card.values["value"].tolist())
    drawn = _trace(figure, i18n.t(lang, "card.baseline"))
    assert list(drawn.y) == pytest.approx([card.assessment.baseline] * 3), "at year grain every year meets the whole baseline year"
