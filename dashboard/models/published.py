"""Which published figures may be drawn on a card's chart: only like for like (same indicator and
statistic, same scope, a period one of the chart's points covers exactly); the rest go in the
published-figures panel (dashboard.components.published_panel draws it)."""

from __future__ import annotations

import pandas as pd

from dashboard import i18n, registry
from dashboard.context import PageContext
from dashboard.registry import Indicator
from loaders.queries.indicator_series import whole_months

_PERIOD_END = {
    "day": pd.offsets.Day(0),
    "week": pd.offsets.Day(6),
    "month": pd.offsets.MonthEnd(0),
    "quarter": pd.offsets.QuarterEnd(0),
    "year": pd.offsets.YearEnd(0),
}


def period_end(start: pd.Timestamp, grain: str) -> pd.Timestamp:
    """The last day of the `grain` period that starts at `start`."""
    return pd.Timestamp(start) + _PERIOD_END[grain]


def _is_series_point(indicator: Indicator, frame: pd.DataFrame) -> pd.Series:
    """Rows that are months of the indicator's own monthly series (not published context)."""
    if indicator.dataset != "indicator_series" or frame.empty:
        return pd.Series(False, index=frame.index)
    return (frame["indicator_id"] == indicator.id) & (frame["scope"] == indicator.scope) & whole_months(frame)


def split(
    indicator: Indicator, published: pd.DataFrame, grain: str, points: pd.Series, series_is_demo: bool = False
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(on the chart, in the panel). `published`: non-demo indicator_series rows of the indicator
    and its related ids; `points`: the period starts the chart draws.

    On the chart: same indicator id (so same statistic), same scope, and the period of one of the
    points exactly — a total covering that point's period, or for a level at a date, the date the
    point's level is read at (the period's last day). Never on a demo series (`series_is_demo`): a
    real figure drawn on a made-up line would dress the line as confirmed, so every published
    figure goes in the panel.
    """
    if published.empty:
        return published, published
    published = published[~_is_series_point(indicator, published)]
    if series_is_demo:
        return published.iloc[0:0], published.sort_values(["indicator_id", "scope", "period_start"])
    starts = {pd.Timestamp(p) for p in points}
    ends = {period_end(p, grain) for p in starts}
    same = (published["indicator_id"] == indicator.id) & (published["scope"] == indicator.scope)
    if indicator.is_stock:
        matches = (published["period_start"] == published["period_end"]) & published["period_end"].isin(ends)
    else:
        matches = published["period_start"].isin(starts) & (
            published["period_end"] == published["period_start"].map(lambda s: period_end(s, grain))
        )
    on_chart = same & matches
    return published[on_chart], published[~on_chart].sort_values(["indicator_id", "scope", "period_start"])


def qualifiers(rows: pd.DataFrame) -> list[object]:
    """Each published figure's qualifier (more_than, about or none); none for all where the rows
    carry no qualifier column."""
    if "qualifier" not in rows:
        return [None] * len(rows)
    return [q if isinstance(q, str) and q else None for q in rows["qualifier"]]


def value_words(ctx: PageContext, rows: pd.DataFrame) -> list[str]:
    """Each published figure's number as published, worded with its qualifier: 400余 / more than
    400, 约20万 / about 200,000, 31.6万 / 316,000 (no unit: tables give it a column of its own)."""
    return [i18n.format_published(v, q, ctx.lang) for v, q in zip(rows["value"], qualifiers(rows), strict=True)]


def scope_words(ctx: PageContext, scope: str) -> str:
    """A scope's name as the registry writes it (datasets/indicators.yaml, scopes); the code when unknown."""
    names = registry.names("scopes")
    return ctx.pick(names[scope]) if scope in names else scope


def indicator_words(ctx: PageContext, indicator_id: str, scope: str | None = None) -> str:
    """A published figure's name as the registry writes it (a card's title, or a published-only id's;
    its scope-free name for another scope's figure); the id only when the registry does not know it."""
    title = registry.title_of(indicator_id, scope)
    return ctx.pick(title) if title else indicator_id
