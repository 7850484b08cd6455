"""Baseline -> target -> actual: the red/amber/green judgement of an indicator. No Streamlit."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal, SupportsFloat

import pandas as pd

from dashboard.registry import Indicator
from dashboard.targets import Target

Status = Literal["green", "amber", "better", "red", "none"]
# Why a card judges nothing: its indicator has no better direction (a volume or count the measures
# serve but do not aim at), or its baseline is a lower bound ("more than 400"), which no value can
# be said to beat or miss.
# Or it shows demo data beside a real published baseline: a made-up value judged against a real
# figure would read as a finding.
NoStatusReason = Literal["no_direction", "lower_bound", "demo_vs_published"]


@dataclass(frozen=True)
class Assessment:
    latest: float | None
    latest_period: pd.Timestamp | None
    previous: float | None
    baseline: float | None
    target: float | None
    status: Status
    no_status_reason: NoStatusReason | None = None

    @property
    def change(self) -> float | None:
        if self.latest is None or self.previous is None:
            return None
        return self.latest - self.previous


def _number(value: SupportsFloat | None) -> float | None:
    if value is None:
        return None
    number = float(value)
    return None if math.isnan(number) else number


def _better(indicator: Indicator, value: float, reference: float) -> bool:
    return value < reference if indicator.better == "lower" else value > reference


def _meets(indicator: Indicator, value: float, target: float) -> bool:
    return value <= target if indicator.better == "lower" else value >= target


def status_of(
    indicator: Indicator, latest: float | None, baseline: float | None, target: float | None, baseline_is_lower_bound: bool = False
) -> Status:
    """Green: target met. Amber: better than baseline but target not met. Better: better than
    baseline where no target is set (saying "target not met" there would be wrong). Red: not better
    than the baseline (nor meeting the target).

    None when the indicator has no direction, no latest value, or nothing to compare with — and
    when the baseline is a lower bound ("more than 400") and no target is met: a value can be
    neither better nor worse than a level known only to have been above it.
    """
    if indicator.better == "none" or latest is None or (baseline is None and target is None):
        return "none"
    if target is not None and _meets(indicator, latest, target):
        return "green"
    if baseline_is_lower_bound:
        return "none"
    if baseline is not None and _better(indicator, latest, baseline):
        return "amber" if target is not None else "better"
    return "red"


def assess(
    indicator: Indicator, values: pd.DataFrame, baseline: float | None, target: Target | None = None, is_demo: bool = False
) -> Assessment:
    """`values`: columns period, value, oldest first. Latest = the last period with a value.
    `target`: the authority's (or on demo data a demo) target; none ships by default. `is_demo`:
    the values are demo data, which are never judged against a published (quoted) baseline."""
    present = values.dropna(subset=["value"]) if not values.empty else values
    latest = _number(present["value"].iloc[-1]) if len(present) else None
    previous = _number(present["value"].iloc[-2]) if len(present) > 1 else None
    latest_period = present["period"].iloc[-1] if len(present) and "period" in present else None
    value = target.value if target is not None else None
    lower_bound = indicator.baseline is not None and indicator.baseline.is_lower_bound
    demo_vs_published = is_demo and indicator.baseline is not None and not indicator.baseline.from_data and value is None
    status = "none" if demo_vs_published and indicator.better != "none" else status_of(indicator, latest, baseline, value, lower_bound)
    reason: NoStatusReason | None = None
    if status == "none" and indicator.better == "none":
        reason = "no_direction"
    elif status == "none" and demo_vs_published and latest is not None:
        reason = "demo_vs_published"
    elif status == "none" and lower_bound and latest is not None:
        reason = "lower_bound"
    return Assessment(latest, latest_period, previous, baseline, value, status, reason)
