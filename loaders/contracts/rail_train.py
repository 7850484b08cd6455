"""Contract: China–Europe train runs (中欧班列 "湾区号"), measure 11.

Grain: one row per train run, keyed by train number and departure time.
"""

from __future__ import annotations

from loaders.content import reference
from loaders.contracts import vocab
from loaders.contracts.contract import Contract, Field, build_table
from loaders.contracts.freight_fields import cargo_fields, destination_fields

CONTRACT = Contract(
    dataset="rail_train",
    time_column="departed_at",
    title_en="China–Europe train runs",
    title_zh="中欧班列开行",
    grain_en="one row per train run",
    grain_zh="每行一列班列",
    key=("train_no", "departed_at"),
    fields=(
        Field("train_no", "text", "车次", "Train number", aliases=("班列号", "train")),
        Field("departed_at", "datetime", "发车时间", "Departure", aliases=("departure_time",)),
        Field("direction", "code", "方向", "Direction", codes=vocab.RAIL_DIRECTION, aliases=("去回程",)),
        Field(
            "origin_station", "code", "始发站", "Origin station", codes=reference.place_spellings(), open_codes=True, aliases=("origin",)
        ),
        Field(
            "border_crossing",
            "code",
            "出入境口岸",
            "Border crossing",
            codes=reference.place_spellings(kinds=("border_crossing",)),
            aliases=("口岸", "crossing"),
        ),
        *destination_fields(),
        Field("teu", "float", "标箱", "TEU", minimum=0, maximum=250, aliases=("箱量(teu)", "标准箱")),
        *cargo_fields(max_weight_t=5000),
        Field("service", "code", "班列类型", "Service", codes=vocab.RAIL_SERVICE, aliases=("类型",)),
    ),
)

TABLE = build_table(CONTRACT)
