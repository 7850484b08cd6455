"""Demo clearance declarations: WCO TRS stages arrival -> declaration -> release -> exit.

Levels are made up and not calibrated to any published figure (published means are of another
scope and statistic): Shenzhen import arrival -> release averages ~12-15 h in 2022, export
~1.5-2.5 h, both falling gradually after the 2023-07-04 measures.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pandas as pd

from loaders.demo.calendar import Calendar, clock_minutes, daily_counts, lognormal, sequence_in_groups, to_datetime

# Declarations per day at scale 1 (≈400k over 2022-2025) before the calendar rhythm.
BASE_PER_DAY = 262.0

# mode -> share of declarations, customs codes (share within the mode), export share, hours of arrival
MODES: dict[str, tuple[float, dict[str, float], float, tuple[float, ...]]] = {
    "road": (
        0.41,
        {"5301": 0.42, "5345": 0.24, "5320": 0.15, "5354": 0.14, "5303": 0.05},
        0.56,
        (1, 1, 1, 1, 1, 2, 3, 5, 7, 8, 8, 8, 7, 7, 8, 8, 8, 7, 6, 5, 4, 3, 2, 1),
    ),
    "sea": (
        0.40,
        {"5316": 0.50, "5304": 0.375, "5348": 0.125},
        0.58,
        (3, 3, 3, 3, 3, 3, 4, 5, 6, 6, 6, 6, 5, 6, 6, 6, 6, 5, 5, 4, 4, 4, 3, 3),
    ),
    "air": (
        0.17,
        {"5317": 1.0},
        0.48,
        (6, 6, 5, 4, 4, 3, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3, 3, 4, 5, 6, 6, 7, 7),
    ),
    # "Bay Area sea-rail" (湾区海铁通) boxes cleared at Yantian: kept small.
    "rail": (0.02, {"5316": 1.0}, 0.80, (2, 2, 2, 2, 2, 3, 4, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 4, 4, 3, 3, 2, 2)),
}

# (direction, mode) -> median hours / log-sd of: arrival->declaration, customs processing
# (later of arrival and declaration -> release), extra time when inspected, release -> exit.
STAGES: dict[tuple[str, str], tuple[tuple[float, float], ...]] = {
    ("import", "road"): ((1.0, 1.0), (0.45, 0.9), (4.0, 0.8), (0.5, 0.8)),
    ("import", "sea"): ((16.0, 1.0), (2.0, 1.0), (30.0, 0.8), (40.0, 0.9)),
    ("import", "air"): ((5.0, 1.0), (1.0, 1.0), (10.0, 0.8), (6.0, 0.9)),
    ("import", "rail"): ((10.0, 1.0), (2.0, 1.0), (24.0, 0.8), (24.0, 0.9)),
    ("export", "road"): ((0.4, 1.0), (0.15, 0.9), (2.0, 0.8), (0.4, 0.8)),
    ("export", "sea"): ((2.0, 1.0), (0.3, 1.0), (10.0, 0.8), (30.0, 0.9)),
    ("export", "air"): ((1.5, 1.0), (0.3, 1.0), (4.0, 0.8), (8.0, 0.9)),
    ("export", "rail"): ((2.0, 1.0), (0.4, 1.0), (8.0, 0.8), (20.0, 0.9)),
}

# HS chapters: electronics and machinery dominate Shenzhen's trade.
_HS_HEAVY = {
    85: 30.0,
    84: 15.0,
    90: 6.0,
    39: 5.0,
    61: 3.0,
    62: 2.5,
    94: 3.0,
    95: 3.0,
    87: 3.0,
    73: 2.0,
    64: 2.0,
    71: 2.0,
    42: 1.5,
    76: 1.0,
    40: 1.0,
    3: 1.0,
    8: 1.0,
    30: 0.8,
    33: 0.8,
    48: 0.8,
}
HS_CHAPTERS = np.array([c for c in range(1, 98) if c != 77])
HS_WEIGHTS = np.array([_HS_HEAVY.get(int(c), 0.25) for c in HS_CHAPTERS])
HS_WEIGHTS = HS_WEIGHTS / HS_WEIGHTS.sum()

MAX_STAGE_HOURS = (20 * 24, 60 * 24, 30 * 24, 30 * 24)


def _daily_expected(cal: Calendar, mode: str, scale: float) -> np.ndarray:
    share = MODES[mode][0]
    rhythm = (
        cal.weekly((1.03, 1.05, 1.05, 1.04, 1.02, 0.82, 0.66))
        * cal.spring_festival(
            ((-21, 1.0), (-14, 1.05), (-8, 0.95), (-4, 0.6), (-1, 0.35), (0, 0.25), (3, 0.25), (6, 0.45), (10, 0.7), (15, 0.9), (22, 1.0))
        )
        * cal.seasonal((1.0, 1.0, 0.98, 0.98, 1.0, 1.0, 1.02, 1.04, 1.07, 1.09, 1.14, 1.12))
        * cal.growth(0.04)
        * np.where(cal.lockdown, 0.6, 1.0)
    )
    # Typhoon signals shut sea and land ports; the airport loses part of a day.
    rhythm = rhythm * (cal.typhoon(0.4, 1.2) if mode == "air" else cal.typhoon(0.12, 1.45))
    return np.asarray(BASE_PER_DAY * scale * share * rhythm)


def generate(rng: np.random.Generator, cal: Calendar, scale: float) -> pd.DataFrame:
    mode_names = np.array(list(MODES))
    counts = [daily_counts(rng, _daily_expected(cal, m, scale)) for m in mode_names]
    mode_idx = np.concatenate([np.full(c.sum(), i) for i, c in enumerate(counts)])
    day_idx = np.concatenate([np.repeat(np.arange(len(cal.days)), c) for c in counts])
    n = len(mode_idx)
    mode = mode_names[mode_idx]

    code = np.empty(n, dtype=object)
    is_export = np.zeros(n, dtype=bool)
    clock = np.empty(n, dtype="int64")
    for i, name in enumerate(mode_names):
        rows = np.flatnonzero(mode_idx == i)
        _, codes, export_share, arrival_hours = MODES[name]
        code[rows] = rng.choice(list(codes), size=len(rows), p=np.array(list(codes.values())))
        is_export[rows] = rng.random(len(rows)) < export_share
        clock[rows] = clock_minutes(rng, len(rows), arrival_hours)
    direction = np.where(is_export, "export", "import")
    arrived = cal.day_minutes[day_idx] + clock

    # The measures act gradually from 2023-07-04; a slow secular improvement runs underneath.
    r = cal.ramp(12.0)[day_idx]
    trend = 0.97 ** cal.years_since_2022[day_idx]
    speed = trend * (1.0 - 0.22 * r)

    aeo = rng.random(n) < (0.28 + 0.06 * r)
    advance_share = np.where(is_export, 0.30, 0.20) + 0.20 * r
    advance = rng.random(n) < advance_share
    two_step = ~is_export & (rng.random(n) < 0.05)
    inspect_p = np.where(is_export, 0.015, 0.05) * np.where(aeo, 0.3, 1.0) * (1.0 - 0.15 * r)
    inspected = rng.random(n) < inspect_p

    med = np.zeros((4, n))
    sig = np.zeros((4, n))
    for (dirn, m), stages in STAGES.items():
        rows = (direction == dirn) & (mode == m)
        for s, (median, sigma) in enumerate(stages):
            med[s, rows], sig[s, rows] = median, sigma
    hours = np.stack([lognormal(rng, med[s], sig[s], n) for s in range(4)])
    hours = np.minimum(hours, np.array(MAX_STAGE_HOURS, dtype="float64")[:, None])

    to_declaration = hours[0] * speed * np.where(aeo, 0.85, 1.0)
    processing = hours[1] * speed * np.where(aeo, 0.6, 1.0) * np.where(advance, 0.6, 1.0) * np.where(two_step, 0.5, 1.0)
    processing = processing + np.where(inspected, hours[2] * speed, 0.0)
    to_exit = hours[3] * (1.0 - 0.15 * r)
    # Goods arriving into a typhoon wait it out.
    stuck = cal.closed[day_idx] | cal.before_closure[day_idx]
    processing = processing + np.where(stuck, lognormal(rng, 6.0, 0.6, n), 0.0)
    to_exit = to_exit + np.where(stuck & (mode != "air"), lognormal(rng, 18.0, 0.5, n), 0.0)

    lead = np.clip(lognormal(rng, 8.0, 0.9, n), 10 / 60, 48.0)  # advance declaration: hours before arrival
    declared = np.where(advance, arrived - np.rint(lead * 60), arrived + np.rint(to_declaration * 60)).astype("int64")
    released = np.maximum(arrived, declared) + np.maximum(np.rint(processing * 60), 1).astype("int64")
    exited = released + np.maximum(np.rint(to_exit * 60), 1).astype("int64")

    keep: npt.NDArray[np.bool_] = declared <= cal.cutoff  # not yet declared: no record exists
    last_two_weeks = arrived > cal.cutoff - 14 * 1440
    held = last_two_weeks & (rng.random(n) < 0.018)  # awaiting documents / duties
    no_release = (released > cal.cutoff) | held
    no_exit = no_release | (exited > cal.cutoff) | (rng.random(n) < 0.10)
    hs = rng.choice(HS_CHAPTERS, size=n, p=HS_WEIGHTS)

    # 18-digit number: customs code (4) + year (4) + 1 import / 0 export + sequence (9).
    year = (declared // 1440).astype("datetime64[D]").astype("datetime64[Y]").astype("int64") + 1970
    code_int = code.astype("int64")
    flag = (~is_export).astype("int64")
    seq = sequence_in_groups([code_int, year, flag], declared)
    offset = (code_int * 7919 + year * 104_729 + flag * 1_299_709) % 800_000 + 1000
    number = code_int * 10**14 + year * 10**10 + flag * 10**9 + offset + seq * 7 + rng.integers(0, 7, size=n)

    frame = pd.DataFrame(
        {
            "declaration_id": number.astype(str),
            "direction": direction,
            "transport_mode": mode,
            "customs_code": code.astype(str),
            "arrived_at": to_datetime(arrived),
            "declared_at": to_datetime(declared),
            "released_at": to_datetime(released, no_release),
            "exited_at": to_datetime(exited, no_exit),
            "is_inspected": inspected,
            "is_aeo": aeo,
            "is_advance_declaration": advance,
            "is_two_step": two_step,
            "hs_chapter": hs.astype("int64"),
        }
    )
    frame = frame[keep]
    return frame.sort_values(["arrived_at", "declaration_id"], kind="stable").reset_index(drop=True)
