"""Contract: TIR road transports from Shenzhen (TIR跨境公路运输), measure 11.

Grain: one row per TIR transport (one carnet).
"""

from __future__ import annotations

import numpy as np
import sqlalchemy as sa

from loaders.content import reference
from loaders.contracts.contract import Contract, DerivedColumn, Field, RowRule, build_table
from loaders.contracts.freight_fields import cargo_fields, destination_fields
from loaders.contracts.timing import Columns, as_array, before, span

# Shenzhen to Europe by road takes two to three weeks; a transit of months is a date typed wrong.
MAX_TRANSIT_DAYS = 60


def _transit_too_long(cols: Columns) -> np.ndarray:
    return np.nan_to_num(span(cols, "departed_at", "arrived_at", 86_400), nan=0.0) > MAX_TRANSIT_DAYS


CONTRACT = Contract(
    dataset="tir_trip",
    time_column="departed_at",
    title_en="TIR road transports",
    title_zh="TIR跨境公路运输",
    grain_en="one row per TIR transport (carnet)",
    grain_zh="每行一本TIR证",
    key=("carnet_no",),
    fields=(
        Field("carnet_no", "text", "TIR证号", "TIR carnet number", aliases=("证号", "carnet")),
        Field("departed_at", "datetime", "出发时间", "Departure", aliases=("departure_time",)),
        Field("arrived_at", "datetime", "到达时间", "Arrival", required=False, aliases=("arrival_time",)),
        Field("exit_port", "code", "出境口岸", "Exit port", codes=reference.place_spellings(), open_codes=True, aliases=("口岸",)),
        *destination_fields(),
        Field("vehicles", "int", "车辆数", "Vehicles", minimum=1, maximum=100, aliases=("车数",)),
        *cargo_fields(max_weight_t=3000),
    ),
    rules=(
        RowRule(
            "arrival_before_departure",
            "arrived_at",
            "arrival is earlier than departure",
            "到达时间早于出发时间",
            lambda c: before(c, "arrived_at", "departed_at"),
        ),
        RowRule(
            "duration_too_long",
            "arrived_at",
            f"more than {MAX_TRANSIT_DAYS} days from departure to arrival: check the dates",
            f"出发至到达超过{MAX_TRANSIT_DAYS}天：请检查日期",
            _transit_too_long,
        ),
    ),
    derived=(
        DerivedColumn(
            "transit_days",
            sa.Double(),
            lambda c: as_array(span(c, "departed_at", "arrived_at", 86_400)),
            "departure -> arrival, days",
            "出发至到达，天",
        ),
    ),
)

TABLE = build_table(CONTRACT)
