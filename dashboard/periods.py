"""The one rule for "the latest period": the latest *complete* period of a dataset at a grain,
decided from what the data cover, never from the clock. No Streamlit here.

A dataset's data cover the days up to and including the day of its last record (for an
indicator series: the end of its last period). A period is complete when the data cover its last
day: records to 30 Dec make December incomplete at the month grain, and the latest complete
month is November — on the overview, every card, every measure page and every slide alike.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pandas as pd


def period_start(day: dt.date, grain: str) -> dt.date:
    """First day of the period `day` falls in (weeks start on Monday)."""
    if grain == "week":
        return day - dt.timedelta(days=day.weekday())
    if grain == "month":
        return day.replace(day=1)
    if grain == "quarter":
        return day.replace(month=(day.month - 1) // 3 * 3 + 1, day=1)
    if grain == "year":
        return day.replace(month=1, day=1)
    return day


def next_period_start(start: dt.date, grain: str) -> dt.date:
    if grain == "week":
        return start + dt.timedelta(weeks=1)
    months = {"month": 1, "quarter": 3, "year": 12}.get(grain)
    if months is None:
        return start + dt.timedelta(days=1)
    index = start.year * 12 + start.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class Period:
    """A date range at a grain, as a viewer chose it or a page narrowed it."""

    start: dt.date
    end: dt.date
    grain: str

    def slug(self) -> str:
        return f"{self.start:%Y%m%d}-{self.end:%Y%m%d}-{self.grain}"

    def whole(self) -> Period:
        """Narrowed to whole periods of its grain (weeks start on Monday): a half week or month
        at either end would show as a collapse and drive the latest value and its change.
        A range shorter than one period is kept as chosen."""
        first = period_start(self.start, self.grain)
        begin = first if first == self.start else next_period_start(first, self.grain)
        last_start = period_start(self.end, self.grain)
        finish = (
            self.end if next_period_start(last_start, self.grain) - dt.timedelta(days=1) == self.end else last_start - dt.timedelta(days=1)
        )
        return Period(begin, finish, self.grain) if begin <= finish else self


def period_end(start: dt.date, grain: str) -> dt.date:
    """Last day of the period starting on `start`."""
    return next_period_start(period_start(start, grain), grain) - dt.timedelta(days=1)


def latest_complete_end(covered_through: dt.date, grain: str) -> dt.date:
    """Last day of the latest period at `grain` that the data cover whole."""
    if period_end(covered_through, grain) == covered_through:
        return covered_through
    return period_start(covered_through, grain) - dt.timedelta(days=1)


def latest_complete_period(covered_through: dt.date | None, grain: str) -> tuple[dt.date, dt.date] | None:
    """(first day, last day) of the latest complete period, or None when nothing is covered."""
    if covered_through is None:
        return None
    end = latest_complete_end(covered_through, grain)
    return period_start(end, grain), end


def clip_end(end: dt.date, covered_through: dt.date | None, grain: str) -> dt.date:
    """The end of a chosen range, pulled back to the last complete period the data cover."""
    if covered_through is None:
        return end
    return min(end, latest_complete_end(covered_through, grain))


def as_date(value: Any) -> dt.date | None:
    """A cell as a date (a date, Timestamp or ISO text); None for None, NaT and NaN."""
    if value is None or (not isinstance(value, dt.date) and pd.isna(value)):
        return None
    return pd.Timestamp(value).date()


@dataclass(frozen=True)
class Latest:
    """The latest value of a series of complete periods and what it is compared with."""

    period: pd.Timestamp | None
    value: float | None
    previous_period: pd.Timestamp | None
    previous: float | None

    @property
    def change(self) -> float | None:
        return None if self.value is None or self.previous is None else self.value - self.previous


def latest_of(values: pd.DataFrame) -> Latest:
    """`values`: columns period, value (complete periods only, oldest first). The latest is the
    last period with a value; it is compared with the period before it that has one."""
    if values.empty or "period" not in values:
        return Latest(None, None, None, None)
    present = values.dropna(subset=["value"])
    if present.empty:
        return Latest(None, None, None, None)
    last = present.iloc[-1]
    before = present.iloc[-2] if len(present) > 1 else None
    return Latest(
        pd.Timestamp(last["period"]),
        float(last["value"]),
        None if before is None else pd.Timestamp(before["period"]),
        None if before is None else float(before["value"]),
    )
