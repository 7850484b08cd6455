"""Synthetic clearance declarations at any N, written as a CSV chunk by chunk (1M rows at a time).

The traffic mix (modes, customs codes, stage times, HS chapters, Spring Festival dates, the day the
measures were published) is the demo generator's own (loaders.demo): this module only vectorises it
for tens of millions of rows, so the bench measures data shaped like the demo store's.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from loaders.demo.calendar import MEASURES_DATE as MEASURES_DAY
from loaders.demo.calendar import SPRING_FESTIVALS
from loaders.demo.clearance import HS_CHAPTERS, HS_WEIGHTS, MODES, STAGES
from loaders.demo.clearance import MAX_STAGE_HOURS as _MAX_STAGE_HOURS
from tools.bench import CHUNK_ROWS

FIRST_DAY = np.datetime64("2022-01-01", "D")
LAST_DAY = np.datetime64("2025-12-31", "D")
MODE_NAMES = tuple(MODES)
MAX_STAGE_HOURS = np.array(_MAX_STAGE_HOURS, dtype="float64")


def _codes_by_mode() -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Customs codes per mode from the reference list; a reference code not placed above gets a small road share."""
    from loaders.content.reference import customs_codes

    known = [row["customs_code"] for row in customs_codes()]
    out: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    placed = {code for _, codes, _, _ in MODES.values() for code in codes}
    for mode, (_, codes, _, _) in MODES.items():
        shares = {code: share for code, share in codes.items() if code in known}
        if mode == "road":
            shares.update({code: 0.02 for code in known if code not in placed})
        weights = np.array(list(shares.values()), dtype="float64")
        out[mode] = (np.array(list(shares)), weights / weights.sum())
    return out


def _daily_cdf() -> tuple[np.ndarray, np.ndarray]:
    """Days of 2022-2025 and the cumulative share of declarations up to each (weekly rhythm, Spring Festival, growth)."""
    days = np.arange(FIRST_DAY, LAST_DAY + 1, dtype="datetime64[D]")
    weekday = (days.astype("int64") + 3) % 7
    weight = np.array([1.03, 1.05, 1.05, 1.04, 1.02, 0.82, 0.66])[weekday]
    offset = np.abs(days[:, None] - SPRING_FESTIVALS[None, :]).astype("int64").min(axis=1)
    weight = weight * np.interp(offset, [0, 4, 8, 15, 22], [0.3, 0.45, 0.7, 0.9, 1.0])
    month = days.astype("datetime64[M]").astype("int64") % 12
    weight = weight * np.array([1.0, 1.0, 0.98, 0.98, 1.0, 1.0, 1.02, 1.04, 1.07, 1.09, 1.14, 1.12])[month]
    weight = weight * 1.04 ** ((days - FIRST_DAY).astype("float64") / 365.25)
    cdf = np.cumsum(weight)
    return days, cdf / cdf[-1]


def _chunk_table(start: int, count: int, total: int, seed: int, days: np.ndarray, cdf: np.ndarray, codes_by_mode, headers):
    import pyarrow as pa
    import pyarrow.compute as pc

    rng = np.random.default_rng([seed, start])
    index = np.arange(start, start + count, dtype="int64")
    # Day of arrival from the row's position: rows come out in arrival order, spread like real traffic.
    day = days[np.minimum(np.searchsorted(cdf, (index + rng.random(count)) / total, side="right"), len(days) - 1)]
    mode_share = np.array([MODES[m][0] for m in MODE_NAMES])
    mode_idx = rng.choice(len(MODE_NAMES), size=count, p=mode_share / mode_share.sum())
    code = np.empty(count, dtype="int64")
    is_export = np.zeros(count, dtype=bool)
    hour = np.empty(count, dtype="int64")
    for i, name in enumerate(MODE_NAMES):
        rows = np.flatnonzero(mode_idx == i)
        names, weights = codes_by_mode[name]
        code[rows] = rng.choice(names.astype("int64"), size=len(rows), p=weights)
        is_export[rows] = rng.random(len(rows)) < MODES[name][2]
        hourly = np.asarray(MODES[name][3], dtype="float64")
        hour[rows] = rng.choice(24, size=len(rows), p=hourly / hourly.sum())
    arrived = day.astype("int64") * 86_400 + hour * 3600 + rng.integers(0, 60, size=count) * 60  # minute precision

    ramp = np.clip((day - MEASURES_DAY).astype("float64") / 365.0, 0.0, 1.0)
    speed = 0.97 ** ((day - FIRST_DAY).astype("float64") / 365.25) * (1.0 - 0.30 * ramp)
    aeo = rng.random(count) < 0.28 + 0.06 * ramp
    advance = rng.random(count) < np.where(is_export, 0.30, 0.20) + 0.20 * ramp
    two_step = ~is_export & (rng.random(count) < 0.05)
    inspected = rng.random(count) < np.where(is_export, 0.015, 0.05) * np.where(aeo, 0.3, 1.0)

    median = np.empty((4, count))
    sigma = np.empty((4, count))
    for (direction, mode), stages in STAGES.items():
        rows = (is_export == (direction == "export")) & (mode_idx == MODE_NAMES.index(mode))
        for s, (m, sd) in enumerate(stages):
            median[s, rows], sigma[s, rows] = m, sd
    hours = np.minimum(median * np.exp(sigma * rng.standard_normal((4, count))), MAX_STAGE_HOURS[:, None])
    to_declaration = hours[0] * speed * np.where(aeo, 0.85, 1.0)
    processing = hours[1] * speed * np.where(aeo, 0.6, 1.0) * np.where(advance, 0.6, 1.0) * np.where(two_step, 0.5, 1.0)
    processing = processing + np.where(inspected, hours[2] * speed, 0.0)
    lead = np.clip(8.0 * np.exp(0.9 * rng.standard_normal(count)), 10 / 60, 48.0)  # hours declared before arrival
    declared = np.where(advance, arrived - np.rint(lead * 60) * 60, arrived + np.rint(to_declaration * 60) * 60).astype("int64")
    released = np.maximum(arrived, declared) + np.maximum(np.rint(processing * 60), 1).astype("int64") * 60
    exited = released + np.maximum(np.rint(hours[3] * (1.0 - 0.15 * ramp) * 60), 1).astype("int64") * 60
    no_release = rng.random(count) < 0.01  # held: awaiting documents or duties
    no_exit = no_release | (rng.random(count) < 0.10)
    hs = rng.choice(HS_CHAPTERS, size=count, p=HS_WEIGHTS)
    hs_missing = rng.random(count) < 0.02

    # 18 digits: customs code (4) + year (4) + 1 import / 0 export (1) + row number (9): unique per row.
    year = day.astype("datetime64[Y]").astype("int64") + 1970
    number = code * 10**14 + year * 10**10 + (~is_export).astype("int64") * 10**9 + index

    def stamps(seconds: np.ndarray, missing: np.ndarray | None = None) -> pa.Array:
        return pa.array(seconds, pa.int64(), mask=missing).cast(pa.timestamp("s"))

    def words(choices: list[str], picks: np.ndarray) -> pa.Array:
        return pa.array(choices, pa.string()).take(pa.array(picks.astype("int8")))

    yes_no = ["N", "Y"]
    columns = {
        "declaration_id": pc.cast(pa.array(number), pa.string()),
        "direction": words(["import", "export"], is_export),
        "transport_mode": words(list(MODE_NAMES), mode_idx),
        "customs_code": pc.cast(pa.array(code), pa.string()),
        "arrived_at": stamps(arrived),
        "declared_at": stamps(declared),
        "released_at": stamps(released, no_release),
        "exited_at": stamps(exited, no_exit),
        "is_inspected": words(yes_no, inspected),
        "is_aeo": words(yes_no, aeo),
        "is_advance_declaration": words(yes_no, advance),
        "is_two_step": words(yes_no, two_step),
        "hs_chapter": pa.array(hs, pa.int64(), mask=hs_missing),
    }
    return pa.table({headers[name]: values for name, values in columns.items()})


def english_headers() -> dict[str, str]:
    from loaders.contracts.clearance import CONTRACT

    return {f.name: f.label_en or f.name for f in CONTRACT.fields}


def generate_csv(path: Path, rows: int, seed: int = 20230704, chunk_rows: int = CHUNK_ROWS) -> Path:
    """N declarations -> UTF-8 CSV with English headers, written chunk by chunk."""
    import pyarrow.csv as pacsv

    headers = english_headers()
    days, cdf = _daily_cdf()
    codes_by_mode = _codes_by_mode()
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".part")
    writer = None
    try:
        for start in range(0, rows, chunk_rows):
            table = _chunk_table(start, min(chunk_rows, rows - start), rows, seed, days, cdf, codes_by_mode, headers)
            if writer is None:
                writer = pacsv.CSVWriter(str(partial), table.schema, write_options=pacsv.WriteOptions(quoting_style="none"))
            writer.write_table(table)
    finally:
        if writer is not None:
            writer.close()
    os.replace(partial, path)
    return path


# ----------------------------------------------------------------------------- measurements (workers)


def generate_day_csv(path: Path, day: str, rows: int, first_index: int, seed: int = 20230704) -> Path:
    """`rows` declarations all arriving on `day` (one more day of traffic after the store's last),
    numbered from `first_index` so no key collides with generate_csv's rows."""
    import pyarrow.csv as pacsv

    table = _chunk_table(
        first_index,
        rows,
        first_index + rows,
        seed + 1,
        np.array([day], "datetime64[D]"),
        np.array([1.0]),
        _codes_by_mode(),
        english_headers(),
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    pacsv.write_csv(table, str(path), write_options=pacsv.WriteOptions(quoting_style="none"))
    return path
