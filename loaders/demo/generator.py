"""Seeded demo data for all six dataset contracts.

    frames = generate(seed=20230704, start="2022-01-01", end="2025-12-31", scale=1.0)

Every frame has exactly its contract's fields, in order, with canonical codes; datetimes are
naive Shenzhen local time as datetime64[s] (to the minute), missing values as NaT / NaN / None.
`scale` multiplies the record counts of clearance, fresh_produce and seafood_lab only; rail
trains, TIR trips and indicator series are the same at every scale. One numpy Generator per
dataset is spawned from `default_rng(seed)`, so a dataset does not change when another one's
row count does, and the same seed always gives identical frames. Levels are not calibrated to
published figures: the seed draws a factor (calendar.level_factor) that moves them visibly away.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from loaders.contracts.contract import Contract
from loaders.contracts.datasets import CONTRACTS
from loaders.demo import clearance, fresh, indicators, seafood, transport
from loaders.demo.calendar import build_calendar, level_factor

DATASETS = ("clearance", "fresh_produce", "seafood_lab", "rail_train", "tir_trip", "indicator_series")


def conform(frame: pd.DataFrame, contract: Contract) -> pd.DataFrame:
    """Exactly the contract's fields, in order, with one dtype per kind."""
    out: dict[str, pd.Series] = {}
    for f in contract.fields:
        column = frame[f.name]
        if f.kind in ("text", "code"):
            out[f.name] = column.astype("str")
        elif f.kind in ("datetime", "date"):
            out[f.name] = column.astype("datetime64[s]")
        elif f.kind == "bool":
            out[f.name] = column.astype(bool)
        elif f.kind == "int":
            out[f.name] = column.astype("Int64") if column.isna().any() or not f.required else column.astype("int64")
        else:
            out[f.name] = column.astype("float64")
    return pd.DataFrame(out, index=pd.RangeIndex(len(frame)))


DEMO_END = "2025-12-31"  # the last day the demo records cover: the demo declares it as its coverage


def generate(seed: int = 20230704, start: str = "2022-01-01", end: str = DEMO_END, scale: float = 1.0) -> dict[str, pd.DataFrame]:
    """Demo frames keyed by dataset name (see DATASETS)."""
    if scale < 0:
        raise ValueError("scale must be >= 0")
    streams = np.random.default_rng(seed).spawn(len(DATASETS) + 1)
    rng = dict(zip(("calendar", *DATASETS), streams, strict=True))
    cal = build_calendar(start, end, rng["calendar"])
    first, last = cal.days[0], cal.days[-1]
    level = level_factor(seed)
    frames = {
        "clearance": clearance.generate(rng["clearance"], cal, scale),
        "fresh_produce": fresh.generate(rng["fresh_produce"], cal, scale * level),
        "seafood_lab": seafood.generate(rng["seafood_lab"], cal, scale * level),
        "rail_train": transport.generate_rail(rng["rail_train"], first, last, level),
        "tir_trip": transport.generate_tir(rng["tir_trip"], first, last, cal.cutoff),
        "indicator_series": indicators.generate(rng["indicator_series"], first, last, level),
    }
    return {name: conform(frames[name].reset_index(drop=True), CONTRACTS[name]) for name in DATASETS}
