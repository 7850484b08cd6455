"""What an indicator card shows, without drawing it: the values over whole periods, the baseline
and target it is judged against, the words around the numbers (periods compared, baseline span,
who set a target, what the data cover), and its CSV with provenance. Cards, tiles and slides
(dashboard.components.card, .tiles, .slides) all draw from `card_data`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Literal, TypedDict

import pandas as pd

from dashboard import data, i18n, periods, registry, targets
from dashboard.assessment import Assessment, assess
from dashboard.context import PageContext
from dashboard.models.comparisons import year_on_year
from dashboard.models.contract_tables import dataset_title
from dashboard.models.provenance import Provenance, about_line, filter_words, provenance_csv, scope_words
from dashboard.models.published import period_end, split
from dashboard.periods import Period
from dashboard.registry import Indicator
from dashboard.targets import Target
from loaders.contracts.datasets import CONTRACTS
from loaders.queries.indicator_series import whole_months
from loaders.safe_csv import csv_bytes


@dataclass(frozen=True)
class CardData:
    indicator: Indicator
    values: pd.DataFrame  # period, value; for a duration also open_cases and provisional (bool)
    assessment: Assessment
    table: pd.DataFrame  # what the table tab shows and the CSV contains
    file_name: str
    is_demo: bool
    grain: str
    target: Target | None = None  # the authority's (settings file) or, on demo data, a demo target
    covered_through: dt.date | None = None  # last day the data behind it cover ("数据截至")
    loaded_at: dt.datetime | None = None  # when those data were last loaded ("更新于")
    latest: periods.Latest = periods.Latest(None, None, None, None)
    period: Period | None = None  # the complete periods shown
    chosen: tuple[tuple[str, Any], ...] = ()
    target_withheld: bool = False  # a target exists, but for the indicator's own scope, not this filtered view
    year_ago: periods.Latest = periods.Latest(None, None, None, None)  # the latest compared with the same period a year earlier
    latest_is_provisional: bool = False  # the viewer asked for provisional periods as the latest, and the latest is one


def chosen_key(chosen: dict[str, Any]) -> tuple[tuple[str, Any], ...]:
    return tuple(sorted((k, tuple(v) if isinstance(v, list | tuple) else v) for k, v in chosen.items() if v not in (None, ())))


def baseline_span(indicator: Indicator, grain: str, latest_period: pd.Timestamp | None) -> tuple[dt.date, dt.date] | None:
    """The dates a period is compared with: the same calendar days (month, quarter, week) of the
    baseline year, so a winter month meets a winter month and a week meets a week — never a week
    against a half-year mean. A year meets the whole baseline year. None without a data baseline."""
    base = indicator.baseline
    if base is None or not base.from_data or latest_period is None:
        return None
    if grain == "year":
        return base.start, base.end
    start = pd.Timestamp(latest_period)
    end = period_end(start, grain)
    years = start.year - base.start.year if (start.month, start.day) >= (base.start.month, base.start.day) else start.year - base.end.year
    shift = pd.DateOffset(years=years)
    return (start - shift).date(), (end - shift).date()


def baseline_value(
    ctx: PageContext, indicator: Indicator, grain: str, chosen: dict[str, Any], latest_period: pd.Timestamp | None = None
) -> float | None:
    """From data: the indicator over the same calendar span of the baseline year (baseline_span), at
    the same filters. Quoted: a level at a date (firms, lines), comparable at any grain."""
    base = indicator.baseline
    if base is None:
        return None
    if not base.from_data:
        return base.value
    span = baseline_span(indicator, grain, latest_period)
    if span is None:
        return None
    frame = data.indicator_frame(ctx.url, ctx.version, indicator.id, None, span[0], span[1], chosen_key(chosen))
    return float(frame["value"].iloc[0]) if not frame.empty and frame["value"].notna().any() else None


def slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-")


def coverage(ctx: PageContext, indicator: Indicator) -> tuple[dt.date | None, bool]:
    """(last day the data behind `indicator` cover, whether they are demo data). Records: the day
    of the dataset's last record. A series: the end of its own last period."""
    if indicator.dataset != "indicator_series":
        return ctx.covered_through(indicator.dataset), ctx.is_demo(indicator.dataset)
    spec = indicator.query["series"]
    rows = data.series(ctx.url, ctx.version, (spec["series"],), (spec["scope"],))
    rows = rows[whole_months(rows)]  # the series' own points: a published total or level is not coverage
    if rows.empty:
        return None, False
    return periods.as_date(rows["period_end"].max()), bool(rows["is_demo"].any())


def mark_provisional(values: pd.DataFrame, indicator: Indicator, covered_through: dt.date | None, grain: str) -> pd.DataFrame:
    """A duration's periods whose cases may still be open get provisional=True: those ending less
    than the dataset's maturity window before the data's last day (datasets/indicators.yaml,
    maturity). Other indicators are returned as they are."""
    days = indicator.maturity_days
    if days is None or covered_through is None or "period" not in values:
        return values
    settled_by = pd.Timestamp(covered_through - dt.timedelta(days=days))
    ends = pd.to_datetime(values["period"]).map(lambda start: period_end(start, grain))
    return values.assign(provisional=(ends > settled_by).to_numpy())


def _provisional_words(ctx: PageContext, card: CardData) -> dict[str, str] | None:
    """The provisional periods of a card and the cases they still hold open, in words; None when none is."""
    if "provisional" not in card.values or not card.values["provisional"].any():
        return None
    rows = card.values[card.values["provisional"]]
    names = "、".join if i18n.is_chinese(ctx.lang) else ", ".join
    return {
        "periods": names([i18n.format_period(p, card.grain, ctx.lang) for p in rows["period"]]),
        "cases": i18n.unit_after(i18n.format_number(int(rows["open_cases"].sum()), 0, ctx.lang, large_units=False), "cases", ctx.lang),
    }


def provisional_note(ctx: PageContext, card: CardData) -> str:
    """Which periods are provisional and how many cases they still hold open ("" when none is)."""
    words = _provisional_words(ctx, card)
    if words is None:
        return ""
    key = "card.provisional_note_shown" if card.latest_is_provisional else "card.provisional_note"
    return ctx.t(key, **words, days=card.indicator.maturity_days)


def provisional_short(ctx: PageContext, card: CardData) -> str:
    """A tile's line for the periods after its latest that are still provisional: "2025年第4季度为初步数，尚有40件未结"."""
    words = None if card.latest_is_provisional else _provisional_words(ctx, card)
    return "" if words is None else ctx.t("tiles.provisional", **words)


def settled(values: pd.DataFrame) -> pd.DataFrame:
    """The periods that are not provisional: what a card's latest value, change and status read."""
    return values[~values["provisional"]] if "provisional" in values else values


def card_data(
    ctx: PageContext, indicator: Indicator, period: Period, chosen: dict[str, Any] | None = None, provisional_latest: bool = False
) -> CardData:
    """What a card, tile or slide shows for `indicator` over `period`: whole periods only, and none
    past the latest complete period the data cover (dashboard.periods), so every page agrees on
    the latest value, its period and its change. A duration's latest is its latest settled period,
    unless the viewer asks for the provisional one (`provisional_latest`): then it is read, judged
    and labelled as provisional."""
    chosen = chosen or {}
    key = chosen_key(chosen)
    covered_through, is_demo = coverage(ctx, indicator)
    period = Period(period.start, periods.clip_end(period.end, covered_through, period.grain), period.grain).whole()
    values = data.indicator_frame(ctx.url, ctx.version, indicator.id, period.grain, period.start, period.end, key, covered_through)
    if covered_through is not None and not values.empty:  # a range shorter than one period is kept as chosen: still never past the data
        last_day = pd.Timestamp(periods.latest_complete_end(covered_through, period.grain))
        values = values[pd.to_datetime(values["period"]) <= last_day]
    values = mark_provisional(values, indicator, covered_through, period.grain)
    judged = values if provisional_latest else settled(values)  # a duration's latest is its latest settled period
    latest = periods.latest_of(judged)
    target = targets.target_for(indicator.id, is_demo)
    # a target is set for the indicator as the registry defines it (the whole district): a view
    # narrowed by filters (one port, air freight only) is not judged against it
    target_withheld = bool(key) and target is not None
    if target_withheld:
        target = None
    assessment = assess(indicator, judged, baseline_value(ctx, indicator, period.grain, chosen, latest.period), target, is_demo)
    provisional_shown = bool(
        provisional_latest and latest.period is not None and "provisional" in values
        and values.loc[pd.to_datetime(values["period"]) == latest.period, "provisional"].any()
    )  # fmt: skip
    columns = {
        ctx.t("card.period"): [i18n.format_period(p, period.grain, ctx.lang) for p in values["period"]],
        f"{ctx.pick(indicator.title)} ({ctx.t('unit.' + indicator.unit)})": (
            values["value"] * (100 if indicator.unit == "share" else 1)
        ).round(indicator.decimals),
    }
    if "provisional" in values:
        columns[ctx.t("card.open_cases")] = values["open_cases"].astype("int64").to_numpy()
        columns[ctx.t("card.provisional")] = [ctx.t("card.provisional_yes" if p else "card.provisional_no") for p in values["provisional"]]
    table = pd.DataFrame(columns)
    filters = "_".join(f"{k}-{'+'.join(map(str, v)) if isinstance(v, tuple) else v}" for k, v in key)
    file_name = "_".join(part for part in (slug(indicator.id), period.slug(), slug(filters), "DEMO" if is_demo else "", ctx.lang) if part)
    return CardData(
        indicator,
        values,
        assessment,
        table,
        file_name + ".csv",
        is_demo,
        period.grain,
        target=target,
        covered_through=covered_through,
        loaded_at=ctx.as_of(indicator.dataset),
        latest=latest,
        period=period,
        chosen=key,
        target_withheld=target_withheld,
        year_ago=year_on_year(ctx, indicator, values, latest, period.grain, key),
        latest_is_provisional=provisional_shown,
    )


def table_csv(table: pd.DataFrame) -> bytes:
    """UTF-8 with BOM so Excel opens Chinese headers correctly; formula prefixes neutralised."""
    return csv_bytes(table)


def baseline_words(ctx: PageContext, card: CardData) -> str:
    """Which days the baseline covers: the matched span of the baseline year, or a quoted level's date."""
    base = card.indicator.baseline
    if base is None:
        return ""
    if not base.from_data:
        return ctx.t("format.at_date", date=i18n.format_date(base.end, ctx.lang))
    span = baseline_span(card.indicator, card.grain, card.assessment.latest_period)
    if span is None:
        return ""
    if card.grain == "day":
        return i18n.format_date(span[0], ctx.lang)
    return ctx.t("format.from_to", start=i18n.format_date(span[0], ctx.lang), end=i18n.format_date(span[1], ctx.lang))


def target_label(ctx: PageContext, target: Target | None) -> str:
    return ctx.t("card.demo_target") if target is not None and target.is_demo else ctx.t("card.target")


def target_words(ctx: PageContext, target: Target) -> str:
    """Who set a target, in which document, by when."""
    return ctx.t(
        "card.target_set_by",
        who=ctx.pick(target.set_by),
        document=ctx.pick(target.document),
        date=i18n.format_date(target.date, ctx.lang),
    )


def period_phrase(ctx: PageContext, card: CardData) -> str:
    """ "2025年12月 · 较2025年11月": the period of the latest value and of the one it is compared with."""
    latest = card.latest
    if latest.period is None:
        return ""
    period = i18n.format_period(latest.period, card.grain, ctx.lang)
    if latest.previous_period is None:
        return period
    return ctx.t("card.period_vs", period=period, previous=i18n.format_period(latest.previous_period, card.grain, ctx.lang))


def change_text(card: CardData, lang: str) -> str | None:
    indicator = card.indicator
    latest = card.latest
    return (
        None if latest.change is None else i18n.format_change(latest.change, indicator.unit, indicator.decimals, lang, beside=latest.value)
    )


class DeltaStyle(TypedDict, total=False):
    """st.metric's arguments for the change's colour and arrow."""

    delta_color: Literal["normal", "inverse", "off"]
    delta_arrow: Literal["auto", "up", "down", "off"]


def delta_style(card: CardData) -> DeltaStyle:
    """st.metric's arrow and colour for the change: by direction of better, none for a change too small to show."""
    better = card.indicator.better
    change = card.latest.change
    if change is not None and round(change * (100 if card.indicator.unit == "share" else 1), card.indicator.decimals) == 0:
        return {"delta_color": "off", "delta_arrow": "off"}
    return {"delta_color": "inverse" if better == "lower" else ("normal" if better == "higher" else "off")}


def as_of_line(ctx: PageContext, card: CardData) -> str:
    """ "数据截至 2025年12月31日 · 更新于 2026年12月1日": what the data cover, then when they were loaded."""
    parts = []
    if card.covered_through is not None:
        parts.append(ctx.t("as_of.covered_through", date=i18n.format_date(card.covered_through, ctx.lang)))
    if card.loaded_at is not None:
        parts.append(ctx.t("as_of.loaded_at", date=i18n.format_date(card.loaded_at, ctx.lang)))
    return " · ".join(parts)


def source_text(ctx: PageContext, indicator: Indicator) -> str:
    """Where the numbers come from, in words first and the table's id after (for a steward)."""
    if indicator.dataset == "indicator_series":
        series = indicator.query["series"]["series"]
        known = registry.indicators().get(series)
        return ctx.t("card.series_source", title=ctx.pick(known.title if known else indicator.title), source=series)
    return records_source(ctx, indicator.dataset)


def records_source(ctx: PageContext, dataset: str) -> str:
    """ "报关单通关时间（本看板数据库，clearance表）": a record dataset named in words."""
    return ctx.t("card.records_source", title=dataset_title(ctx.lang, CONTRACTS[dataset]), dataset=dataset)


def provenance(ctx: PageContext, card: CardData) -> Provenance:
    indicator = card.indicator
    scope_text = ctx.pick(registry.names("scopes")[indicator.scope])
    shown = card.values["period"] if not card.values.empty else pd.Series(dtype="datetime64[ns]")
    periods = (
        f"{i18n.format_period(shown.iloc[0], card.grain, ctx.lang)} – {i18n.format_period(shown.iloc[-1], card.grain, ctx.lang)}"
        if len(shown)
        else ""
    )
    return Provenance(
        f"{ctx.pick(indicator.title)} ({indicator.id})",
        scope_words(ctx, scope_text, card.chosen),
        periods,
        filter_words(ctx, card.chosen),
        "%" if indicator.unit == "share" else ctx.t("unit." + indicator.unit),
        source_text(ctx, indicator),
        card.is_demo,
        card.covered_through,
        card.loaded_at,
    )


def card_about(ctx: PageContext, card: CardData) -> str:
    """ "范围：5301 皇岗（深圳海关关区内） · 期间：2022年1月 – 2025年12月": what a saved chart covers."""
    facts = provenance(ctx, card)
    return about_line(ctx, facts.scope, facts.periods)


def card_csv(ctx: PageContext, card: CardData) -> bytes:
    """The card's download: its table, with the provenance columns on every row."""
    return provenance_csv(ctx, card.table, provenance(ctx, card))


def card_published(ctx: PageContext, card: CardData) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Published (non-demo) figures of the indicator and its related ids: (on the chart, in the
    panel); all in the panel when the card shows demo data."""
    indicator = card.indicator
    published = data.series(ctx.url, ctx.version, (indicator.id, *indicator.related), (), False)
    return split(indicator, published, card.grain, card.values["period"], card.is_demo)
