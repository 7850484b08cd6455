"""Clearance-time views beyond the indicator cards: stage decomposition, distribution with the
long tail, comparisons (AEO, inspected, advance declaration) and the release heatmap."""

from __future__ import annotations

import pandas as pd

from dashboard import i18n
from dashboard.components import charts
from dashboard.components.card import chart_card
from dashboard.context import PageContext
from dashboard.models.split_baseline import split_headings, split_note, with_baseline
from loaders.constants import CLEARANCE_STAGES
from loaders.content.reference import display_name


def _stage_labels(ctx: PageContext) -> list[tuple[str, str]]:
    return [(f"{stage}_mean", ctx.t(f"clearance.stage_{stage.removesuffix('_hours')}")) for stage in CLEARANCE_STAGES]


def stage_breakdown(ctx: PageContext, frame: pd.DataFrame, dimension: str, title_key: str, baseline: pd.DataFrame) -> None:
    """frame: clearance_summary(grain=None, by=(dimension,)) — one row per port or mode; baseline:
    the same over the baseline year (each group's overall mean then, and the change since)."""
    label_column = ctx.t("clearance.port" if dimension == "customs_code" else "clearance.mode")
    if dimension == "customs_code":
        names = [display_name("customs_code", code, ctx.lang) for code in frame[dimension]]
    else:
        names = [i18n.code_label(ctx.lang, "transport_mode", code) for code in frame[dimension]]
    labelled = frame.assign(**{label_column: names}).sort_values("overall_hours_mean", ascending=False)
    stages = _stage_labels(ctx)
    table = labelled[[label_column, *[c for c, _ in stages]]].rename(columns=dict(stages)).round(2)
    overall = ctx.t("clearance.overall_mean")
    table[overall] = labelled["overall_hours_mean"].round(2).to_numpy()
    table = with_baseline(table, labelled, baseline, (dimension,), {"overall_hours_mean": split_headings(ctx, overall)})
    figure = charts.stacked_stages(labelled, label_column, stages, ctx.t(title_key), ctx.t("unit.hours"), "")
    note = ctx.t("clearance.stages_note") + "  \n" + split_note(ctx, "clearance.overall_hours.import")
    chart_card(ctx, ctx.t(title_key), figure, table, f"clearance-stages-{dimension}", note)


def distribution(ctx: PageContext, histogram: pd.DataFrame, bin_hours: float, cap_hours: float) -> None:
    """Bins from the database; everything above cap_hours folded into one tail bin."""
    capped = histogram.assign(bin_start_hours=histogram["bin_start_hours"].clip(upper=cap_hours))
    folded = capped.groupby("bin_start_hours", as_index=False)["declarations"].sum()
    label_x, label_y = ctx.t("clearance.hours_bin"), ctx.t("clearance.declarations")
    # pandas-stubs type a grouped column's sum as a Series; with as_index=False it is a frame
    table = folded.rename(columns={"bin_start_hours": label_x, "declarations": label_y})  # type: ignore[call-overload]
    figure = charts.bar_chart(table, label_x, label_y, ctx.t("clearance.distribution"), label_x, label_y)
    chart_card(
        ctx,
        ctx.t("clearance.distribution"),
        figure,
        table,
        "clearance-distribution",
        ctx.t("clearance.distribution_note", bin=f"{bin_hours:g}"),
    )


def comparison(ctx: PageContext, frame: pd.DataFrame, split: str, baseline: pd.DataFrame) -> None:
    """frame: clearance_summary(grain=None, by=("direction", split)); baseline: the same over the
    baseline year, so each group shows its own baseline and change."""
    group = ctx.t("clearance.group")
    labels = [
        f"{i18n.code_label(ctx.lang, 'direction', d)} · "
        + ctx.t(
            "app.label_value", label=i18n.code_label(ctx.lang, "flag", split), value=ctx.t("code.flag_true" if v else "code.flag_false")
        )
        for d, v in zip(frame["direction"], frame[split], strict=True)
    ]
    median, p90 = ctx.t("clearance.median"), ctx.t("clearance.p90")
    table = pd.DataFrame(
        {
            group: labels,
            median: frame["overall_hours_median"].round(2),
            p90: frame["overall_hours_p90"].round(2),
            ctx.t("clearance.declarations"): frame["declarations"],
        }
    )
    long = table.melt(id_vars=[group], value_vars=[median, p90], var_name="stat", value_name="hours")
    table = with_baseline(
        table,
        frame,
        baseline,
        ("direction", split),
        {"overall_hours_median": split_headings(ctx, median), "overall_hours_p90": split_headings(ctx, p90)},
    )
    title = ctx.t("clearance.comparison", split=i18n.code_label(ctx.lang, "flag", split))
    figure = charts.bar_chart(long, group, "hours", title, "", ctx.t("unit.hours"), colour_by="stat", stacked=False)
    note = ctx.t("clearance.comparison_note") + "  \n" + split_note(ctx, "clearance.overall_hours.import")
    chart_card(ctx, title, figure, table, f"clearance-compare-{split}", note)


def release_heatmap(ctx: PageContext, frame: pd.DataFrame) -> None:
    weekdays = i18n.t_list(ctx.lang, "clearance.weekdays")
    hours = [f"{h:02d}" for h in range(24)]
    title = ctx.t("clearance.heatmap")
    figure = charts.heatmap(
        frame,
        "hour",
        "weekday",
        "releases",
        hours,
        weekdays,
        title,
        ctx.t("clearance.hour"),
        ctx.t("clearance.weekday"),
        ctx.t("clearance.declarations"),
    )
    table = frame.assign(weekday=[weekdays[d - 1] for d in frame["weekday"]]).rename(
        columns={"weekday": ctx.t("clearance.weekday"), "hour": ctx.t("clearance.hour"), "releases": ctx.t("clearance.declarations")}
    )
    chart_card(ctx, title, figure, table, "clearance-release-heatmap")
