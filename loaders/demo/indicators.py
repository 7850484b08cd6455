"""Demo monthly indicator series for the measures without record-level data.

Shapes only: the series whose shapes were first drawn near published figures (AEO firms,
combination-port lines and TEU, processing-trade groups and firms, data-platform scenarios) are
multiplied by the demo's level factor (loaders.demo.calendar.level_factor), so no demo month equals
a published figure and none can be read as confirmed by one.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pandas as pd

from loaders.demo.calendar import ramp

SOURCE = "演示数据 Demo data (synthetic)"
SCOPE = "shenzhen_customs_district"
GBA = "greater_bay_area"
# the shape of the yearly totals, before the level factor
COMBIPORT_TEU_PER_YEAR = {2022: 213_800.0, 2023: 316_000.0, 2024: 373_000.0, 2025: 410_000.0}


def _knots(months: np.ndarray, knots: tuple[tuple[str, float], ...], step: bool = False) -> np.ndarray:
    at = np.array([k for k, _ in knots], dtype="datetime64[M]").astype("int64")
    values = np.array([v for _, v in knots], dtype="float64")
    m = months.astype("int64")
    if step:
        return np.asarray(values[np.clip(np.searchsorted(at, m, side="right") - 1, 0, None)])
    return np.asarray(np.interp(m, at, values))


def _combiport_teu(rng: np.random.Generator, months: np.ndarray, level: float) -> np.ndarray:
    """Monthly TEU whose calendar-year totals are `level` times COMBIPORT_TEU_PER_YEAR."""
    years = months.astype("datetime64[Y]").astype("int64") + 1970
    out = np.zeros(len(months))
    shape_by_month = np.array([0.95, 0.7, 0.95, 1.0, 1.0, 1.0, 1.02, 1.04, 1.06, 1.08, 1.1, 1.1])
    for y in np.unique(years):
        total = COMBIPORT_TEU_PER_YEAR.get(int(y))
        if total is None:
            edge = 2022 if y < 2022 else 2025
            total = COMBIPORT_TEU_PER_YEAR[edge] * (1.08 if y > 2025 else 1 / 1.45) ** abs(int(y) - edge)
        within = 1.0 + 0.15 * np.arange(12) / 11
        w = shape_by_month * within * np.exp(0.05 * rng.standard_normal(12))
        monthly = np.round(level * total * w / w.sum())
        idx = np.flatnonzero(years == y)
        out[idx] = monthly[(months[idx].astype("int64")) % 12]
    return out


def generate(rng: np.random.Generator, first: np.datetime64, last: np.datetime64, level: float) -> pd.DataFrame:
    """Monthly rows of every series; `level`: the demo's level factor."""
    months = np.arange(first.astype("datetime64[M]"), last.astype("datetime64[M]") + 1)
    n = len(months)
    r = ramp(months.astype("datetime64[D]") + 14, 12.0)

    def noise(sd: float) -> npt.NDArray[np.float64]:
        return np.exp(sd * rng.standard_normal(n))

    feb = np.where(months.astype("int64") % 12 == 1, 0.8, 1.0)

    series: list[tuple[str, str, str, np.ndarray, np.ndarray]] = []  # id, scope, unit, values, keep

    def add(indicator: str, unit: str, values: np.ndarray, scope: str = SCOPE, keep: np.ndarray | None = None) -> None:
        series.append((indicator, scope, unit, np.asarray(values, dtype="float64"), np.ones(n, bool) if keep is None else keep))

    aeo = _knots(months, (("2022-01", 250), ("2023-06", 400), ("2025-12", 480))) + rng.integers(0, 3, size=n)
    add("aeo.enterprises", "enterprises", np.maximum.accumulate(np.round(level * aeo)))
    lines = _knots(months, (("2022-01", 19), ("2022-11", 24), ("2023-06", 33), ("2023-12", 37), ("2024-12", 40), ("2025-12", 42)))
    add("combiport.lines", "lines", np.round(level * lines), scope=GBA)
    add("combiport.teu", "TEU", _combiport_teu(rng, months, level), scope=GBA)

    received = np.round(420 * (1 + 0.25 * r) * feb * noise(0.08))
    add("issues.received", "issues", received)
    add("issues.resolved", "issues", np.round(received * np.clip(0.95 + 0.03 * r + rng.normal(0, 0.006, n), 0.94, 0.995)))
    days = _knots(months, (("2022-01", 5.2), ("2023-06", 4.8))) - 2.3 * r + rng.normal(0, 0.15, n)
    add("issues.days_to_resolve", "days", np.round(np.clip(days, 1.5, None), 1))

    filing_months = months >= np.datetime64("2023-07", "M")
    new_filings = rng.poisson(7 + 7 * r) * filing_months
    new_filings[np.argmax(filing_months)] += 12 if filing_months.any() else 0  # first batch of paperless filings
    add("overseas_warehouse.filings", "filings", np.cumsum(new_filings), keep=filing_months)
    approvals = _knots(months, (("2022-01", 30), ("2023-06", 60), ("2024-07", 300), ("2025-12", 350)))
    add("duty_exemption.auto_approvals", "approvals", np.round(approvals * feb * noise(0.1)))

    groups = _knots(months, (("2022-01", 15), ("2023-05", 23), ("2024-12", 30), ("2025-12", 34)))
    add("processing_trade.groups", "enterprise groups", np.round(level * groups))
    firms = _knots(months, (("2022-01", 60), ("2023-05", 88), ("2024-12", 112), ("2025-12", 126)))
    add("processing_trade.enterprises", "enterprises", np.round(level * firms))
    scenarios = _knots(
        months,
        (
            ("2022-01", 1),
            ("2022-06", 2),
            ("2022-10", 3),
            ("2022-12", 4),
            ("2023-09", 5),
            ("2023-12", 6),
            ("2024-03", 7),
            ("2024-06", 8),
            ("2025-06", 9),
        ),
        step=True,
    )
    add("data_platform.scenarios", "scenarios", np.round(level * scenarios))
    add("training.sessions", "sessions", np.clip(rng.poisson((3.5 + 1.0 * r) * feb), 1, 8))

    start = months.astype("datetime64[D]").astype("datetime64[s]")
    end = ((months + 1).astype("datetime64[D]") - 1).astype("datetime64[s]")
    frames = [
        pd.DataFrame(
            {
                "indicator_id": indicator,
                "scope": scope,
                "period_start": start[keep],
                "period_end": end[keep],
                "value": values[keep],
                "unit": unit,
            }
        )
        for indicator, scope, unit, values, keep in series
    ]
    out = pd.concat(frames, ignore_index=True)
    out["source"] = SOURCE
    out["source_url"] = None
    out["confidence"] = None
    out["qualifier"] = None
    out["note"] = "demo"
    return out
