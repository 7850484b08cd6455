"""Demo fresh produce to Hong Kong (供港生鲜), measure 6.

Levels are made up, of the order of those reported for supplies to Hong Kong, and deliberately not
calibrated to any published figure: the generator passes `scale` times the demo's level factor
(loaders.demo.calendar.level_factor), so no demo total equals a published one.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from loaders.demo.calendar import Calendar, clock_minutes, daily_counts, lognormal, sequence_in_groups, to_datetime

PORT_CODES = {"SZ_WENJINDU": 5320, "SZ_HUANGGANG": 5301, "SZ_SHENZHENBAY": 5345, "SZ_LIANTANG": 5354}

# category -> tonnes/day at scale 1 (early 2022 level), yearly trend, port shares (文锦渡, 皇岗, 深圳湾, 莲塘),
# seasonal profile by month.
_FLAT = (1.0,) * 12
CATEGORIES: dict[str, tuple[float, float, tuple[float, ...], tuple[float, ...]]] = {
    "vegetables": (1520.0, -0.03, (0.62, 0.14, 0.12, 0.12), (1.1, 1.08, 1.07, 1.03, 1.0, 0.95, 0.92, 0.92, 0.95, 0.98, 1.02, 1.02)),
    "fruit": (550.0, 0.02, (0.50, 0.25, 0.15, 0.10), (1.15, 1.1, 0.9, 0.85, 0.95, 1.15, 1.15, 0.95, 0.9, 0.95, 1.0, 1.1)),
    "live_pigs": (272.0, -0.05, (0.92, 0.08, 0.0, 0.0), (1.08, 1.0, 0.98, 0.97, 0.97, 0.97, 0.97, 0.98, 1.0, 1.0, 1.03, 1.06)),
    "live_cattle": (14.0, -0.02, (1.0, 0.0, 0.0, 0.0), _FLAT),
    "live_poultry": (6.0, 0.0, (0.8, 0.2, 0.0, 0.0), _FLAT),
    "aquatic": (110.0, 0.01, (0.55, 0.2, 0.15, 0.10), _FLAT),
    "chilled_poultry": (55.0, 0.0, (0.50, 0.3, 0.1, 0.10), _FLAT),
    "eggs": (80.0, 0.0, (0.45, 0.3, 0.1, 0.15), _FLAT),
    "other": (60.0, 0.02, (0.40, 0.3, 0.15, 0.15), _FLAT),
}
# Consignment size: median t / log-sd (produce) or heads per truck and t per head (live animals).
WEIGHT = {
    "vegetables": (11.0, 0.35),
    "fruit": (12.0, 0.35),
    "aquatic": (8.0, 0.4),
    "chilled_poultry": (8.0, 0.35),
    "eggs": (10.0, 0.3),
    "other": (7.0, 0.5),
}
HEADS = {"live_pigs": ((100, 200), (0.10, 0.125)), "live_cattle": ((20, 40), (0.45, 0.6)), "live_poultry": ((1000, 4500), (0.0018, 0.0025))}
# Release at the port: early-morning peak so produce reaches Hong Kong's wholesale markets.
HOURS_PRODUCE = (6, 7, 8, 9, 9, 9, 8, 7, 6, 5, 4, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 4, 4, 5)
HOURS_LIVE = (8, 9, 9, 9, 8, 7, 5, 3, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 3, 4, 5, 7)
# Supply bases by category: id ranges and a skewed draw so large bases ship daily.
BASE_RANGES = {
    "vegetables": (1, 420),
    "fruit": (421, 560),
    "live_pigs": (561, 640),
    "live_cattle": (641, 650),
    "live_poultry": (651, 670),
    "aquatic": (671, 760),
    "chilled_poultry": (761, 800),
    "eggs": (801, 850),
    "other": (851, 900),
}


def _expected_t(cal: Calendar, category: str, scale: float) -> np.ndarray:
    level, trend, _, seasonal = CATEGORIES[category]
    rhythm = (
        cal.weekly((1.0, 1.0, 1.0, 1.0, 1.02, 0.98, 0.9))
        * cal.spring_festival(((-21, 1.0), (-10, 1.1), (-3, 1.2), (-1, 0.9), (0, 0.45), (3, 0.55), (6, 0.85), (10, 1.0)))
        * cal.seasonal(seasonal)
        * cal.typhoon(0.35, 1.25)
        * (1.0 + trend) ** cal.years_since_2022
    )
    return np.asarray(level * scale * rhythm)


def generate(rng: np.random.Generator, cal: Calendar, scale: float) -> pd.DataFrame:
    parts = []
    for category in CATEGORIES:
        tonnes = _expected_t(cal, category, scale)
        if category in HEADS:
            (lo, hi), (t_lo, t_hi) = HEADS[category]
            per_truck = (lo + hi) / 2 * (t_lo + t_hi) / 2
        else:
            median, sigma = WEIGHT[category]
            per_truck = median * np.exp(sigma**2 / 2)
        counts = daily_counts(rng, tonnes / per_truck)
        day_idx = np.repeat(np.arange(len(cal.days)), counts)
        n = len(day_idx)
        if category in HEADS:
            heads = rng.integers(lo, hi + 1, size=n)
            weight = heads * rng.uniform(t_lo, t_hi, size=n)
        else:
            heads = np.zeros(n, dtype="int64")
            weight = np.clip(lognormal(rng, median, sigma, n), 1.0, 35.0)
        ports = np.array(list(PORT_CODES))
        port = rng.choice(ports, size=n, p=np.array(CATEGORIES[category][2]))
        base_lo, base_hi = BASE_RANGES[category]
        base_no = base_lo + np.minimum(rng.zipf(1.6, size=n) - 1, base_hi - base_lo)
        hours = HOURS_LIVE if category in HEADS else HOURS_PRODUCE
        parts.append(
            pd.DataFrame(
                {
                    "day": day_idx,
                    "clock": clock_minutes(rng, n, hours),
                    "port": port,
                    "category": category,
                    "weight_t": np.round(weight, 2),
                    "head_count": heads,
                    "base_no": base_no,
                }
            )
        )
    frame = pd.concat(parts, ignore_index=True)
    n = len(frame)
    day = frame["day"].to_numpy()
    crossed = cal.day_minutes[day] + frame["clock"].to_numpy()

    r = cal.ramp(12.0)[day]
    has_base = rng.random(n) < 0.8
    precleared = has_base & (rng.random(n) < 0.10 + 0.55 * r + 0.05 * cal.ramp(30.0)[day])
    median_min = 35.0 * (1.0 - 0.40 * r) * np.where(precleared, 0.65, 1.0)
    minutes = lognormal(rng, median_min, 0.55, n)
    checked = rng.random(n) < np.where(precleared, 0.01, 0.03)
    minutes = minutes + np.where(checked, rng.uniform(60, 180, size=n), 0.0)
    minutes = minutes + np.where(cal.closed[day], lognormal(rng, 90.0, 0.5, n), 0.0)
    minutes = np.clip(np.rint(minutes), 3, 8 * 60).astype("int64")
    no_arrival = rng.random(n) < 0.05

    port_code = frame["port"].map(PORT_CODES).to_numpy().astype("int64")
    yyyymmdd = np.char.replace(np.datetime_as_string(cal.days[day]), "-", "").astype("int64")
    seq = sequence_in_groups([port_code, day], crossed)
    consignment = "GX" + (port_code * 10**13 + yyyymmdd * 10**5 + seq).astype(str)

    categories = frame["category"].to_numpy()
    is_live = np.isin(categories, list(HEADS))
    # numpy's stubs take no None for an object array's cells
    base_id = np.where(has_base, np.char.add("GDB-", np.char.zfill(frame["base_no"].to_numpy().astype(str), 4)), None)  # type: ignore[call-overload]
    out = pd.DataFrame(
        {
            "consignment_id": consignment,
            "crossed_at": to_datetime(crossed),
            "arrived_port_at": to_datetime(crossed - minutes, no_arrival),
            "port": frame["port"].to_numpy(),
            "category": categories,
            "weight_t": frame["weight_t"].to_numpy(),
            "head_count": pd.array(np.where(is_live, frame["head_count"].to_numpy(), 0), dtype="Int64"),
            "base_id": base_id,
            "is_precleared_at_base": precleared,
        }
    )
    out.loc[~is_live, "head_count"] = pd.NA
    return out.sort_values(["crossed_at", "consignment_id"], kind="stable").reset_index(drop=True)
