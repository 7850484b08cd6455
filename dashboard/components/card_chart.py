"""The chart of an indicator card: its line, its baseline and target, and only the published
figures that are like for like with one of its points (the rest go in the published-figures panel).
Used by the card (dashboard.components.card) and the presenter deck's chart slides.
"""

from __future__ import annotations

import pandas as pd

from dashboard import i18n
from dashboard.components import a11y, charts, published_panel
from dashboard.components.sections import axis_title
from dashboard.context import PageContext
from dashboard.models import chart_numbers
from dashboard.models.card_model import CardData, baseline_words, card_published, target_label
from dashboard.models.comparisons import CATEGORY_GRAINS, TOTALS, baseline_by_period
from dashboard.models.published import scope_words
from dashboard.periods import Period


def card_figure(ctx: PageContext, card: CardData, period: Period, big: bool = False):
    """The card's line, its baseline and target, and only like-for-like published points (see
    dashboard.models.published.split); `card_published` gives what goes in the panel instead."""
    indicator, result = card.indicator, card.assessment
    a11y.chart_summary(ctx, ctx.pick(indicator.title), card.values, unit=indicator.unit, decimals=indicator.decimals, grain=card.grain)
    scale = 100 if indicator.unit == "share" else 1
    frame = card.values.assign(value=card.values["value"] * scale)
    provisional = frame[frame["provisional"]] if "provisional" in frame else None
    frame = frame[~frame["provisional"]] if "provisional" in frame else frame
    category = card.grain in CATEGORY_GRAINS
    label = (lambda p: i18n.format_period(p, card.grain, ctx.lang)) if category else (lambda p: p)  # noqa: E731
    references = []
    baseline = None
    baseline_label = ""
    if result.baseline is not None:
        words = baseline_words(ctx, card)
        if indicator.baseline is not None and indicator.baseline.qualifier:  # "more than 400 firms, at ...": the line is a lower bound
            quoted = i18n.format_value(result.baseline, indicator.unit, indicator.decimals, ctx.lang, indicator.baseline.qualifier)
            words = f"{quoted} · {words}" if words else quoted
        if indicator.baseline is not None and indicator.baseline.from_data:  # the same season of the baseline year, period by period
            seasonal = baseline_by_period(
                ctx, indicator, card.grain, card.values["period"], result.baseline, result.latest_period, card.chosen
            )
            baseline = pd.DataFrame({"x": seasonal["period"].map(label), "y": seasonal["value"] * scale})
            baseline_label = ctx.t("card.baseline_same_season") if card.grain != "year" else ctx.t("card.baseline")
        elif not card.is_demo:  # a published level is drawn on real data only (in the card's figures on demo data)
            label_text = ctx.t("app.label_note", label=ctx.t("card.baseline"), note=words) if words else ctx.t("card.baseline")
            references.append(
                charts.ReferenceLine(label_text, result.baseline * scale, charts.BASELINE_COLOUR, label_position="bottom left")
            )
    if result.target is not None:
        references.append(
            charts.ReferenceLine(
                target_label(ctx, card.target), result.target * scale, charts.STATUS_COLOURS["green"], "dot", label_position="top right"
            )
        )
    on_chart, _ = card_published(ctx, card)
    points = None
    if not on_chart.empty:
        points = pd.DataFrame(
            {"x": on_chart["period_start"].map(label), "y": on_chart["value"] * scale, "text": published_panel.hover_texts(ctx, on_chart)}
        )
    if category:
        frame = frame.assign(period=frame["period"].map(label))
        provisional = provisional.assign(period=provisional["period"].map(label)) if provisional is not None else None
    unit = "%" if indicator.unit == "share" else ctx.t("unit." + indicator.unit)
    figure = charts.line_chart(
        frame,
        "period",
        "value",
        ctx.pick(indicator.title),
        axis_title(ctx, card.grain),
        unit,
        references=references,
        points=points,
        points_label=ctx.t("card.published_same_scope", scope=scope_words(ctx, indicator.scope)),
        big=big,
        series_name=ctx.pick(indicator.title),
        provisional=provisional,
        provisional_label=ctx.t("card.provisional_series"),
        bars=category and indicator.statistic in TOTALS,
        baseline=baseline,
        baseline_label=baseline_label,
    )
    if category:  # 2023, 2025 Q4: names in their order, not days on a time axis
        figure.update_xaxes(type="category", categoryorder="array", categoryarray=[label(p) for p in card.values["period"]])
    if indicator.statistic in TOTALS:
        figure.update_yaxes(rangemode="tozero")
    charts.localise_dates(figure, i18n.is_chinese(ctx.lang))
    return chart_numbers.localise_numbers(figure, ctx.lang)
