"""Contract: TIR road transports from Shenzhen (TIR跨境公路运输), measure 11.

Grain: one row per TIR transport (one carnet).
"""

from __future__ import annotations

import sqlalchemy as sa

from loaders import reference
from loaders.contract import Contract, DerivedColumn, Field, RowRule, build_table
from loaders.timing import as_array, before, span

CONTRACT = Contract(
    dataset="tir_trip",
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
        Field(
            "destination_city",
            "code",
            "目的地城市",
            "Destination city",
            codes=reference.place_spellings(),
            open_codes=True,
            aliases=("目的城市", "destination"),
        ),
        Field("destination_country", "code", "目的国", "Destination country", codes=reference.country_spellings(), aliases=("目的地国家",)),
        Field("vehicles", "int", "车辆数", "Vehicles", minimum=1, maximum=100, aliases=("车数",)),
        Field(
            "weight_t",
            "float",
            "货重(吨)",
            "Weight (t)",
            minimum=0,
            maximum=3000,
            aliases=("重量(吨)", "weight"),
            unit_headers={"货重(千克)": 0.001, "weight_kg": 0.001},
        ),
        Field("value_cny", "float", "货值(元)", "Value (CNY)", minimum=0, maximum=5e9, aliases=("货值", "value")),
    ),
    rules=(
        RowRule(
            "arrival_before_departure",
            "arrived_at",
            "arrival is earlier than departure",
            "到达时间早于出发时间",
            lambda c: before(c, "arrived_at", "departed_at"),
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
