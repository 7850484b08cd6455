"""The shared rhythm of the demo data: weekdays, Spring Festival, typhoon closures, seasons,
yearly growth and the gradual effect of the 2023-07-04 measures.

Time inside the generator is integer minutes since 1970-01-01 in Shenzhen local time (naive);
`to_datetime` turns it into naive datetime64[s] at the end.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from loaders.content import calendar_dates

MEASURES_DATE = np.datetime64("2023-07-04", "D")
# The demo is deliberately not calibrated to any published figure. Where a shape was first drawn
# near one (trains, combination-port lines and TEU, AEO firms, produce and seafood tonnes), its level
# is multiplied by a factor drawn from the seed in this range: a fifth to a third below, so no demo
# number can be read as, or confused with, the real one.
LEVEL_FACTOR_RANGE = (0.70, 0.85)
MINUTES_PER_DAY = 1440

# Chinese New Year's Day (正月初一) and the assumed typhoon / rainstorm closures (first day, days):
# data, in datasets/calendar.yaml (the charts mark the same dates). Other years get a seeded list
# of closures (see typhoon_days).
SPRING_FESTIVALS = np.array([str(day) for day in calendar_dates.spring_festivals()], dtype="datetime64[D]")


def _closures_by_year() -> dict[int, tuple[tuple[str, int], ...]]:
    out: dict[int, tuple[tuple[str, int], ...]] = {}
    for first, days in calendar_dates.demo_typhoon_closures():
        out[first.year] = (*out.get(first.year, ()), (first.isoformat(), days))
    return out


TYPHOON_CLOSURES = _closures_by_year()

# Citywide lockdown in Shenzhen (2022-03-14..20): a short, visible dip.
LOCKDOWN_2022 = (np.datetime64("2022-03-14"), np.datetime64("2022-03-21"))


def day_range(start: str, end: str) -> np.ndarray:
    first, last = np.datetime64(start, "D"), np.datetime64(end, "D")
    if last < first:
        raise ValueError(f"end {end} is before start {start}")
    return np.arange(first, last + 1, dtype="datetime64[D]")


def ramp(days: np.ndarray, months: float = 12.0, start: np.datetime64 = MEASURES_DATE) -> np.ndarray:
    """0 before the measures, rising smoothly (smoothstep) to 1 over `months` months."""
    x = np.clip((days - start).astype("float64") / (months * 30.44), 0.0, 1.0)
    return x * x * (3.0 - 2.0 * x)


def typhoon_days(years: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Closure days for the given years: the fixed list where known, otherwise 1-3 seeded storms."""
    out: list[np.datetime64] = []
    for year in (int(y) for y in np.unique(years)):
        storms = TYPHOON_CLOSURES.get(year)
        if storms is None:
            n = int(rng.integers(1, 4))
            firsts = np.datetime64(f"{year}-07-01") + np.sort(rng.choice(90, size=n, replace=False))
            storms = tuple((str(d), int(rng.integers(1, 3))) for d in firsts)
        for first, n_days in storms:
            out += list(np.datetime64(first, "D") + np.arange(n_days))
    return np.array(sorted(set(out)), dtype="datetime64[D]")


@dataclass(frozen=True)
class Calendar:
    days: np.ndarray  # datetime64[D]
    weekday: np.ndarray  # 0 = Monday
    month: np.ndarray  # 1..12
    year: np.ndarray
    years_since_2022: np.ndarray  # float
    sf_offset: np.ndarray  # days from the nearest Chinese New Year
    closed: np.ndarray  # typhoon closure day
    after_closure: np.ndarray  # first day after a closure (catch-up)
    before_closure: np.ndarray  # day before a closure (goods stuck)
    lockdown: np.ndarray
    cutoff: int  # data "as of": last minute of the last day

    @property
    def day_minutes(self) -> np.ndarray:
        return np.asarray(self.days.astype("int64") * MINUTES_PER_DAY)

    def spring_festival(self, knots: tuple[tuple[float, float], ...]) -> np.ndarray:
        xs, ys = zip(*knots, strict=True)
        return np.asarray(np.interp(self.sf_offset, xs, ys, left=ys[0], right=ys[-1]))

    def weekly(self, weights: tuple[float, ...]) -> np.ndarray:
        return np.asarray(np.asarray(weights, dtype="float64")[self.weekday])

    def seasonal(self, by_month: tuple[float, ...]) -> np.ndarray:
        return np.asarray(np.asarray(by_month, dtype="float64")[self.month - 1])

    def typhoon(self, closed: float, catch_up: float) -> np.ndarray:
        return np.where(self.closed, closed, np.where(self.after_closure, catch_up, 1.0))

    def growth(self, per_year: float) -> np.ndarray:
        return (1.0 + per_year) ** self.years_since_2022

    def ramp(self, months: float = 12.0) -> np.ndarray:
        return ramp(self.days, months)


def build_calendar(start: str, end: str, rng: np.random.Generator) -> Calendar:
    days = day_range(start, end)
    years = days.astype("datetime64[Y]").astype("int64") + 1970
    months = days.astype("datetime64[M]").astype("int64") % 12 + 1
    nearest = np.abs(days[:, None] - SPRING_FESTIVALS[None, :]).argmin(axis=1)
    sf_offset = (days - SPRING_FESTIVALS[nearest]).astype("int64")
    closures = typhoon_days(np.unique(years), rng)
    closed = np.isin(days, closures)
    return Calendar(
        days=days,
        weekday=(days.astype("int64") + 3) % 7,
        month=months,
        year=years,
        years_since_2022=(days - np.datetime64("2022-01-01")).astype("float64") / 365.25,
        sf_offset=sf_offset,
        closed=closed,
        after_closure=np.isin(days, closures + 1) & ~closed,
        before_closure=np.isin(days, closures - 1) & ~closed,
        lockdown=(days >= LOCKDOWN_2022[0]) & (days < LOCKDOWN_2022[1]),
        cutoff=int(days[-1].astype("int64") + 1) * MINUTES_PER_DAY - 1,
    )


def daily_counts(rng: np.random.Generator, expected: np.ndarray) -> np.ndarray:
    return np.asarray(rng.poisson(np.maximum(expected, 0.0)))


def clock_minutes(rng: np.random.Generator, n: int, hour_weights: tuple[float, ...]) -> np.ndarray:
    """Minute of the day, drawn from a 24-hour profile."""
    p = np.asarray(hour_weights, dtype="float64")
    hours = rng.choice(24, size=n, p=p / p.sum())
    return hours * 60 + rng.integers(0, 60, size=n)


def lognormal(rng: np.random.Generator, median: np.ndarray | float, sigma: np.ndarray | float, n: int) -> np.ndarray:
    return np.asarray(median, dtype="float64") * np.exp(np.asarray(sigma, dtype="float64") * rng.standard_normal(n))


def to_datetime(minutes: np.ndarray, missing: np.ndarray | None = None) -> np.ndarray:
    """Integer minutes -> naive datetime64[s]; NaT where `missing`."""
    out = (np.asarray(minutes, dtype="int64") * 60).astype("datetime64[s]")
    if missing is not None:
        out = np.where(missing, np.datetime64("NaT", "s"), out)
    return out


def sequence_in_groups(keys: list[np.ndarray], order: np.ndarray) -> np.ndarray:
    """1-based position of each row within its group (rows with equal keys), ordered by `order`."""
    idx = np.lexsort((order, *reversed(keys)))
    n = len(order)
    new_group = np.ones(n, dtype=bool)
    if n:
        same = np.ones(n - 1, dtype=bool)
        for key in keys:
            k = key[idx]
            same &= k[1:] == k[:-1]
        new_group[1:] = ~same
    pos = np.arange(n)
    starts = np.maximum.accumulate(np.where(new_group, pos, 0))
    out = np.empty(n, dtype="int64")
    out[idx] = pos - starts + 1
    return out


def level_factor(seed: int) -> float:
    """The demo's level factor for `seed` (in LEVEL_FACTOR_RANGE; its own stream, so drawing it
    changes no other random number)."""
    low, high = LEVEL_FACTOR_RANGE
    return float(low + (high - low) * np.random.default_rng([seed, 7]).random())
