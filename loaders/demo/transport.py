"""Demo China–Europe "Bay Area" (湾区号) trains from Pinghu South and TIR road trips, measure 11.

Trains: a fixed number a year (TRAINS_PER_YEAR times the demo's level factor, so a year's count is
the same at every scale and never the published one), tonnes and value drawn per train and not
calibrated to any published total; premium and cold-chain trains and a growing share of return
(inbound) trains after 2023-07-04. TIR: first trips in 2023-H2, growing to ~30 a month.
Neither dataset depends on `scale`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from loaders.demo.calendar import ramp, to_datetime

# the shape of the yearly counts, before the level factor
TRAINS_PER_YEAR = {2020: 40, 2021: 112, 2022: 158, 2023: 188, 2024: 231, 2025: 262}
ORIGIN = "SZ_PINGHUSOUTH"
# Fewer trains around Spring Festival, more in the Q4 peak.
MONTH_WEIGHTS = np.array([0.9, 0.6, 0.95, 1.0, 1.0, 1.0, 1.0, 1.05, 1.05, 1.1, 1.15, 1.15])

# destination -> country, weight, border crossings (weights), outbound train number
ROUTES: dict[str, tuple[str, float, dict[str, float], int]] = {
    "DEST_MOSCOW": ("RU", 20, {"BX_MANZHOULI": 0.45, "BX_ERENHOT": 0.35, "BX_ALASHANKOU": 0.20}, 8001),
    "DEST_VORSINO": ("RU", 8, {"BX_ERENHOT": 0.6, "BX_MANZHOULI": 0.4}, 8003),
    "DEST_MINSK": ("BY", 8, {"BX_ALASHANKOU": 0.5, "BX_ERENHOT": 0.5}, 8005),
    "DEST_DUISBURG": ("DE", 10, {"BX_ALASHANKOU": 0.7, "BX_HORGOS": 0.3}, 8007),
    "DEST_HAMBURG": ("DE", 5, {"BX_ALASHANKOU": 1.0}, 8009),
    "DEST_BUDAPEST": ("HU", 6, {"BX_ALASHANKOU": 0.6, "BX_HORGOS": 0.4}, 8011),
    "DEST_WARSAW": ("PL", 5, {"BX_ALASHANKOU": 0.6, "BX_ERENHOT": 0.4}, 8013),
    "DEST_MALASZEWICZE": ("PL", 8, {"BX_ALASHANKOU": 0.7, "BX_ERENHOT": 0.3}, 8015),
    "DEST_TASHKENT": ("UZ", 10, {"BX_HORGOS": 0.6, "BX_ALASHANKOU": 0.4}, 8017),
    "DEST_ALMATY": ("KZ", 12, {"BX_HORGOS": 0.55, "BX_ALASHANKOU": 0.45}, 8019),
    "DEST_BISHKEK": ("KG", 8, {"BX_HORGOS": 1.0}, 8021),
}
# CNY per tonne by service
VALUE_PER_T = {"regular": 30_000.0, "ecommerce": 60_000.0, "premium": 75_000.0, "cold_chain": 25_000.0}

# TIR: destination -> country, weight, exit ports, transit days (low, high)
TIR_ROUTES: dict[str, tuple[str, float, dict[str, float], tuple[float, float]]] = {
    "DEST_ALMATY": ("KZ", 30, {"BX_HORGOS": 0.6, "BX_ALASHANKOU": 0.25, "BX_DULATA": 0.15}, (7, 10)),
    "DEST_TASHKENT": ("UZ", 25, {"CN_KASHGAR": 0.5, "BX_HORGOS": 0.5}, (8, 12)),
    "DEST_BISHKEK": ("KG", 15, {"CN_KASHGAR": 0.7, "BX_HORGOS": 0.3}, (7, 11)),
    "DEST_MOSCOW": ("RU", 22, {"BX_ERENHOT": 0.35, "BX_MANZHOULI": 0.35, "BX_HORGOS": 0.30}, (11, 15)),
    "DEST_MINSK": ("BY", 8, {"BX_HORGOS": 0.5, "BX_ERENHOT": 0.5}, (12, 15)),
}
# TIR trips per month at these dates (interpolated); none before the first month.
TIR_FIRST_MONTH = np.datetime64("2023-08", "M")
TIR_PER_MONTH = (
    ("2023-08-15", 1.5),
    ("2023-12-15", 4.0),
    ("2024-06-15", 9.0),
    ("2024-12-15", 16.0),
    ("2025-06-15", 23.0),
    ("2025-12-15", 30.0),
)


def _pick(rng: np.random.Generator, options: dict[str, float], n: int) -> np.ndarray:
    p = np.array(list(options.values()), dtype="float64")
    return rng.choice(np.array(list(options)), size=n, p=p / p.sum())


def _minutes(days: np.ndarray, rng: np.random.Generator, lo_hour: int, hi_hour: int) -> np.ndarray:
    return days.astype("int64") * 1440 + rng.integers(lo_hour * 60, hi_hour * 60, size=len(days))


def _train_days(rng: np.random.Generator, first: np.datetime64, last: np.datetime64, level: float) -> np.ndarray:
    out = []
    years = np.arange(first.astype("datetime64[Y]"), last.astype("datetime64[Y]") + 1)
    for year in years:
        y = int(year.astype("int64")) + 1970
        total = round(level * TRAINS_PER_YEAR.get(y, TRAINS_PER_YEAR[2025] * 1.1 ** (y - 2025) if y > 2025 else 0))
        months = np.arange(year.astype("datetime64[M]"), year.astype("datetime64[M]") + 12)
        growth = 1.0 + 0.2 * np.arange(12) / 11 * (y >= 2023)
        w = MONTH_WEIGHTS * growth
        per_month = rng.multinomial(total, w / w.sum())
        for month, k in zip(months, per_month, strict=True):
            n_days = int(((month + 1).astype("datetime64[D]") - month.astype("datetime64[D]")).astype("int64"))
            out.append(month.astype("datetime64[D]") + np.sort(rng.integers(0, n_days, size=k)))
    days = np.concatenate(out) if out else np.array([], dtype="datetime64[D]")
    return days[(days >= first) & (days <= last)]


def generate_rail(rng: np.random.Generator, first: np.datetime64, last: np.datetime64, level: float) -> pd.DataFrame:
    # Whole years are drawn so the yearly totals hold whatever the window; then cut to it.
    year_first = first.astype("datetime64[Y]").astype("datetime64[D]")
    year_last = (last.astype("datetime64[Y]") + 1).astype("datetime64[D]") - 1
    days = _train_days(rng, year_first, year_last, level)
    n = len(days)
    r = ramp(days, 12.0)
    r6 = ramp(days, 6.0)
    inbound = rng.random(n) < 0.06 + 0.16 * r + 0.04 * ramp(days, 30.0)
    names = np.array(list(ROUTES))
    weights = np.array([w for _, w, _, _ in ROUTES.values()], dtype="float64")
    dest = rng.choice(names, size=n, p=weights / weights.sum())
    country = np.array([ROUTES[d][0] for d in dest], dtype=object)
    crossing = np.empty(n, dtype=object)
    number = np.array([ROUTES[d][3] for d in dest]) + inbound  # return trains: even numbers
    for d, (_, _, crossings, _) in ROUTES.items():
        rows = np.flatnonzero(dest == d)
        crossing[rows] = _pick(rng, crossings, len(rows))

    u = rng.random(n)
    out_p = np.stack([0.12 + 0 * r, 0.14 * r6, 0.03 * r6])  # ecommerce, premium, cold_chain
    in_p = np.stack([0 * r, 0.10 * r6, 0.25 * r6])
    p = np.where(inbound, in_p, out_p)
    cum = np.cumsum(p, axis=0)
    service = np.where(u < cum[0], "ecommerce", np.where(u < cum[1], "premium", np.where(u < cum[2], "cold_chain", "regular")))

    teu = np.where(inbound, rng.integers(70, 106, size=n), rng.integers(80, 111, size=n)).astype("float64")
    weight = teu * np.clip(rng.normal(7.2, 1.0, size=n), 4.0, 11.0)
    value = weight * np.array([VALUE_PER_T[s] for s in service]) * np.exp(0.3 * rng.standard_normal(n))

    departed = _minutes(days, rng, 8, 23)
    while True:  # (train_no, departed_at) is the key: nudge the rare clash by a minute
        clash = pd.DataFrame({"no": number, "at": departed}).duplicated().to_numpy()
        if not clash.any():
            break
        departed = departed + clash
    frame = pd.DataFrame(
        {
            "train_no": np.char.add("X", number.astype(str)),
            "departed_at": to_datetime(departed),
            "direction": np.where(inbound, "inbound", "outbound"),
            "origin_station": ORIGIN,
            "border_crossing": crossing.astype(str),
            "destination_city": dest,
            "destination_country": country.astype(str),
            "teu": teu,
            "weight_t": np.round(weight, 1),
            "value_cny": np.round(value, -3),
        }
    )
    frame["service"] = service
    frame = frame[(days >= first) & (days <= last)]
    return frame.sort_values(["departed_at", "train_no"], kind="stable").reset_index(drop=True)


def generate_tir(rng: np.random.Generator, first: np.datetime64, last: np.datetime64, cutoff: int) -> pd.DataFrame:
    months = np.arange(max(first.astype("datetime64[M]"), TIR_FIRST_MONTH), last.astype("datetime64[M]") + 1)
    if len(months) == 0:
        return pd.DataFrame(
            columns=[
                "carnet_no",
                "departed_at",
                "arrived_at",
                "exit_port",
                "destination_city",
                "destination_country",
                "vehicles",
                "weight_t",
                "value_cny",
            ]
        )
    dates, rate = zip(*TIR_PER_MONTH, strict=True)
    mid = months.astype("datetime64[D]") + 14
    lam = np.interp(mid.astype("float64"), np.array(dates, dtype="datetime64[D]").astype("float64"), rate)
    per_month = rng.poisson(lam)
    per_month[months == TIR_FIRST_MONTH] = np.maximum(per_month[months == TIR_FIRST_MONTH], 1)
    out = []
    for month, k in zip(months, per_month, strict=True):
        n_days = int(((month + 1).astype("datetime64[D]") - month.astype("datetime64[D]")).astype("int64"))
        out.append(month.astype("datetime64[D]") + rng.integers(0, n_days, size=k))
    days = np.sort(np.concatenate(out))
    days = days[(days >= first) & (days <= last)]
    n = len(days)

    names = np.array(list(TIR_ROUTES))
    weights = np.array([w for _, w, _, _ in TIR_ROUTES.values()], dtype="float64")
    dest = rng.choice(names, size=n, p=weights / weights.sum())
    exit_port = np.empty(n, dtype=object)
    transit = np.empty(n, dtype="float64")
    for d, (_, _, ports, (lo, hi)) in TIR_ROUTES.items():
        rows = np.flatnonzero(dest == d)
        exit_port[rows] = _pick(rng, ports, len(rows))
        transit[rows] = rng.uniform(lo, hi, size=len(rows))
    vehicles = rng.choice(np.arange(1, 6), size=n, p=[0.45, 0.25, 0.15, 0.10, 0.05])
    weight = vehicles * rng.uniform(12.0, 24.0, size=n)
    value = weight * 60_000.0 * np.exp(0.4 * rng.standard_normal(n))
    departed = _minutes(days, rng, 6, 20)
    arrived = departed + np.rint(transit * 1440).astype("int64")
    carnet = 21_300_000 + np.cumsum(rng.integers(1, 400, size=n))  # carnets are issued in sequence
    return pd.DataFrame(
        {
            "carnet_no": np.char.add("XH", carnet.astype(str)),
            "departed_at": to_datetime(departed),
            "arrived_at": to_datetime(arrived, arrived > cutoff),
            "exit_port": exit_port.astype(str),
            "destination_city": dest,
            "destination_country": np.array([TIR_ROUTES[d][0] for d in dest], dtype=object).astype(str),
            "vehicles": vehicles.astype("int64"),
            "weight_t": np.round(weight, 1),
            "value_cny": np.round(value, -3),
        }
    )
