"""Demo chilled-seafood lab samples (进口冰鲜水产品检测), measure 7 "air express lane".

Sample counts follow a made-up curve of airport chilled-seafood imports (the order of the
published tonnages, deliberately not calibrated to them: `scale` comes times the demo's level
factor) at roughly one sample per 1.45 t. From 2023-07-04 the on-site lab at the
airport cargo terminal takes a growing share, cutting sample transport from hours to about one
hour; the green channel and the express lane cut testing time from ~30 h to ~15 h.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pandas as pd

from loaders.demo.calendar import MEASURES_DATE, Calendar, clock_minutes, daily_counts, lognormal, sequence_in_groups, to_datetime

CENTRAL_LAB = "深圳海关食品检验检疫技术中心"
AIRPORT_LAB = "机场国际货站现场实验室"
TONNES_PER_SAMPLE = 1.45

# Monthly airport chilled-seafood imports (t) at these dates; interpolated between them.
TONNES_PER_MONTH = (
    ("2022-01-15", 950),
    ("2022-12-15", 1150),
    ("2023-01-15", 1300),
    ("2023-05-15", 1800),
    ("2023-12-15", 2600),
    ("2024-06-15", 2800),
    ("2024-12-15", 3000),
    ("2025-12-15", 3350),
)

# product -> share of samples, origins and their shares
PRODUCTS: dict[str, tuple[float, dict[str, float]]] = {
    "三文鱼": (0.34, {"NO": 0.50, "CL": 0.18, "FO": 0.10, "GB": 0.08, "IS": 0.05, "AU": 0.04, "CA": 0.03, "DK": 0.02}),
    "生蚝": (0.13, {"FR": 0.35, "IE": 0.20, "AU": 0.15, "CA": 0.10, "US": 0.10, "NZ": 0.10}),
    "龙虾": (0.12, {"CA": 0.45, "US": 0.30, "AU": 0.15, "NZ": 0.10}),
    "帝王蟹": (0.08, {"NO": 0.45, "RU": 0.20, "US": 0.20, "CA": 0.15}),
    "金枪鱼": (0.06, {"JP": 0.30, "VN": 0.20, "ID": 0.20, "PH": 0.10, "AU": 0.10, "MX": 0.10}),
    "象拔蚌": (0.06, {"CA": 0.60, "US": 0.40}),
    "鳕鱼": (0.05, {"NO": 0.40, "IS": 0.35, "DK": 0.15, "FO": 0.10}),
    "鲍鱼": (0.04, {"AU": 0.40, "ZA": 0.30, "NZ": 0.15, "CL": 0.15}),
    "面包蟹": (0.04, {"GB": 0.60, "IE": 0.40}),
    "海胆": (0.03, {"JP": 0.40, "CL": 0.30, "CA": 0.30}),
    "石斑鱼": (0.03, {"TH": 0.40, "MY": 0.35, "VN": 0.25}),
    "青口贝": (0.02, {"NZ": 0.60, "CL": 0.40}),
}
# China suspended all imports of aquatic products originating in Japan from 2023-08-24 (GACC
# announcement of that day, after the release of treated water from Fukushima began). Demo samples
# from Japan stop then: a later one goes to the product's other origins, drawn from a generator of
# its own so that every other demo field stays as it was.
JAPAN_SUSPENDED_FROM = np.datetime64("2023-08-24")
SUSPENDED_ORIGINS = {"JP": JAPAN_SUSPENDED_FROM}
SUSPENSION_SEED = 20230824
HOURS_SAMPLED = (1, 1, 1, 1, 1, 2, 3, 5, 7, 8, 8, 8, 6, 7, 8, 8, 7, 6, 5, 4, 3, 2, 2, 1)


def _monthly_tonnes(cal: Calendar) -> np.ndarray:
    dates, tonnes = zip(*TONNES_PER_MONTH, strict=True)
    x = np.array(dates, dtype="datetime64[D]").astype("float64")
    return np.asarray(np.interp(cal.days.astype("float64"), x, np.array(tonnes, dtype="float64")))


def _follow_suspensions(origin: np.ndarray, product: np.ndarray, days: np.ndarray) -> None:
    """In place: no sample from a suspended origin on or after its suspension date."""
    redraw = np.random.default_rng(SUSPENSION_SEED)
    for country, since in SUSPENDED_ORIGINS.items():
        for name, (_, origins) in PRODUCTS.items():
            rows = np.flatnonzero((product == name) & (origin == country) & (days >= since))
            others = {code: share for code, share in origins.items() if code not in SUSPENDED_ORIGINS}
            if len(rows):
                weights = np.array(list(others.values()))
                origin[rows] = redraw.choice(list(others), size=len(rows), p=weights / weights.sum())


def generate(rng: np.random.Generator, cal: Calendar, scale: float) -> pd.DataFrame:
    rhythm = (
        cal.weekly((0.9, 1.0, 1.05, 1.05, 1.05, 1.0, 0.9))
        * cal.spring_festival(((-21, 1.0), (-12, 1.25), (-3, 1.3), (-1, 0.8), (0, 0.4), (4, 0.5), (8, 0.8), (14, 1.0)))
        * cal.typhoon(0.2, 1.3)
    )
    expected = _monthly_tonnes(cal) / 30.44 / TONNES_PER_SAMPLE * rhythm * scale
    counts = daily_counts(rng, expected)
    day = np.repeat(np.arange(len(cal.days)), counts)
    n = len(day)
    sampled = cal.day_minutes[day] + clock_minutes(rng, n, HOURS_SAMPLED)

    names = np.array(list(PRODUCTS))
    product = rng.choice(names, size=n, p=np.array([p for p, _ in PRODUCTS.values()]))
    origin = np.empty(n, dtype=object)
    for name, (_, origins) in PRODUCTS.items():
        rows = np.flatnonzero(product == name)
        origin[rows] = rng.choice(list(origins), size=len(rows), p=np.array(list(origins.values())))
    _follow_suspensions(origin, product, cal.days[day])

    on_or_after = cal.days[day] >= MEASURES_DATE
    r = cal.ramp(12.0)[day]
    airport = on_or_after & (rng.random(n) < 0.15 + 0.50 * r + 0.05 * cal.ramp(30.0)[day])
    green = rng.random(n) < 0.05 + 0.55 * r
    transport_h = np.where(airport, lognormal(rng, 1.0, 0.35, n), lognormal(rng, 5.5 * (1 - 0.2 * r), 0.35, n))
    testing_median = 30.0 * (1.0 - 0.45 * r) * np.where(green, 0.8, 1.0) * 0.98 ** cal.years_since_2022[day]
    testing_h = np.clip(lognormal(rng, testing_median, 0.3, n), 3.0, 240.0)
    received = sampled + np.maximum(np.rint(transport_h * 60), 10).astype("int64")
    reported = received + np.rint(testing_h * 60).astype("int64")

    keep: npt.NDArray[np.bool_] = received <= cal.cutoff
    pending = reported > cal.cutoff
    fail_p = 0.012 - 0.004 * r
    # numpy's stubs take no None for an object array's cells
    result = np.where(pending, None, np.where(rng.random(n) < fail_p, "fail", "pass"))  # type: ignore[call-overload]

    yyyymmdd = np.char.replace(np.datetime_as_string(cal.days[day]), "-", "").astype("int64")
    seq = sequence_in_groups([day], sampled)
    frame = pd.DataFrame(
        {
            "sample_id": "SZSF" + (yyyymmdd * 10**5 + seq).astype(str),
            "product": product,
            "origin_country": origin.astype(str),
            "lab": np.where(airport, AIRPORT_LAB, CENTRAL_LAB),
            "sampled_at": to_datetime(sampled),
            "received_at": to_datetime(received),
            "reported_at": to_datetime(reported, pending),
            "result": result,
            "is_green_channel": green,
        }
    )
    return frame[keep].sort_values(["sampled_at", "sample_id"], kind="stable").reset_index(drop=True)
