"""What a card compares its values with, period by period: the same season of the baseline year
(drawn on its chart) and the same period a year earlier (its year-on-year change)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from dashboard import data, periods
from dashboard.context import PageContext
from dashboard.registry import Indicator

CATEGORY_GRAINS = ("quarter", "year")  # drawn as named categories (2023, 2025 Q4), never as a day on a time axis
TOTALS = ("total", "cumulative_total", "level_at_date")  # amounts counted from zero: their axes start there


def season(period: pd.Timestamp, grain: str) -> int:
    """The month (or quarter) of the year a period falls in: what its baseline period shares."""
    return period.month if grain == "month" else (period.month - 1) // 3


def baseline_by_period(
    ctx: PageContext,
    indicator: Indicator,
    grain: str,
    shown: pd.Series,
    baseline: float | None,
    latest_period: pd.Timestamp | None,
    chosen: tuple[tuple[str, Any], ...],
) -> pd.DataFrame:
    """What each period on the card's chart is compared with, exactly as the card compares its
    latest: from data, the same month or quarter of the baseline year (one query at the card's
    grain over the baseline year); at year grain the whole baseline year; at week and day grain
    only the latest period's (a week of this year is not a week of the baseline year). A quoted
    level is the same for every period. `shown`: the card's periods; `baseline`: the one its
    latest period (`latest_period`) is judged against. Columns period, value (as stored: a share as 0..1)."""
    base = indicator.baseline
    shown = pd.to_datetime(shown)
    if base is None or baseline is None or latest_period is None or shown.empty:
        return pd.DataFrame({"period": pd.Series(dtype="datetime64[ns]"), "value": pd.Series(dtype="float64")})
    if not base.from_data or grain == "year":
        return pd.DataFrame({"period": shown, "value": baseline})
    if grain not in ("month", "quarter"):
        return pd.DataFrame({"period": [pd.Timestamp(latest_period)], "value": [baseline]})
    year = data.indicator_frame(ctx.url, ctx.version, indicator.id, grain, base.start, base.end, chosen)
    by_season = {season(pd.Timestamp(p), grain): v for p, v in zip(year["period"], year["value"], strict=True) if pd.notna(v)}
    frame = pd.DataFrame({"period": shown, "value": [by_season.get(season(p, grain)) for p in shown]})
    return frame.dropna(subset=["value"])


def year_earlier(period: pd.Timestamp, grain: str) -> pd.Timestamp:
    """The same period a year before: the same month, quarter or year; 52 weeks (the same weekday
    of the same ISO week, near enough) or 364 days before a week or a day."""
    if grain in ("week", "day"):
        return period - pd.Timedelta(weeks=52)
    return period - pd.DateOffset(years=1)


def year_on_year(
    ctx: PageContext, indicator: Indicator, values: pd.DataFrame, latest: periods.Latest, grain: str, key: tuple[tuple[str, Any], ...]
) -> periods.Latest:
    """The latest period against the same period a year earlier (from the frame shown, or one
    query when the range starts later): latest.value and .period, previous = a year earlier. None
    at year grain, where the change on the previous period is already that."""
    if latest.period is None or latest.value is None or grain == "year":
        return periods.Latest(None, None, None, None)
    before = year_earlier(latest.period, grain)
    shown = values[pd.to_datetime(values["period"]) == before]
    if shown.empty:
        end = periods.period_end(before.date(), grain)
        shown = data.indicator_frame(ctx.url, ctx.version, indicator.id, grain, before.date(), end, key)
    value = shown["value"].iloc[0] if len(shown) else None
    if value is None or pd.isna(value):
        return periods.Latest(None, None, None, None)
    return periods.Latest(latest.period, latest.value, before, float(value))
