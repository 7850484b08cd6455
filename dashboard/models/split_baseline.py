"""Each group of a split (by port, lab, mode, AEO...) against its own baseline: the same statistic
of the same group, at the same filters, over the baseline year (the 12 months before the
measures, as the cards define it), and the change since."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

import pandas as pd

from dashboard import i18n, registry
from dashboard.context import PageContext


def baseline_year(indicator_id: str) -> tuple[dt.date, dt.date]:
    """The baseline year of an indicator computed from data (datasets/indicators.yaml)."""
    base = registry.indicators()[indicator_id].baseline
    if base is None or not base.from_data:
        raise ValueError(f"{indicator_id} has no baseline computed from data")
    return base.start, base.end


def with_baseline(
    table: pd.DataFrame,
    shown: pd.DataFrame,
    baseline: pd.DataFrame,
    keys: Sequence[str],
    columns: Mapping[str, tuple[str, str]],
    decimals: int = 2,
) -> pd.DataFrame:
    """`table` (one row per group, in the order of `shown`) with, for each statistic column of
    `shown` in `columns` ({column: (baseline heading, change heading)}), that group's baseline value
    and the change since (shown − baseline); empty where the group had no cases then."""
    merged = shown[list(keys)].merge(baseline[[*keys, *columns]], on=list(keys), how="left")
    out = table.copy()
    for column, (baseline_heading, change_heading) in columns.items():
        then = pd.to_numeric(merged[column], errors="coerce").to_numpy()
        out[baseline_heading] = pd.Series(then, index=out.index).round(decimals)
        out[change_heading] = (pd.to_numeric(shown[column], errors="coerce").to_numpy() - then).round(decimals)
    return out


def split_headings(ctx: PageContext, statistic: str) -> tuple[str, str]:
    """("中位数 · 基线", "中位数 · 较基线"): the table headings of a statistic's baseline and change."""
    return ctx.t("split.baseline", stat=statistic), ctx.t("split.change", stat=statistic)


def split_note(ctx: PageContext, indicator_id: str) -> str:
    """What each group's baseline is: the same group over the baseline year, at the same filters."""
    start, end = baseline_year(indicator_id)
    return ctx.t("split.note", start=i18n.format_date(start, ctx.lang), end=i18n.format_date(end, ctx.lang))
