"""Contract: fresh produce supplied to Hong Kong (供港生鲜), measure 6.

Grain: one row per consignment crossing a Shenzhen land port to Hong Kong. Port pass time is
arrival at the port -> inspection release (验放) when both are recorded.
"""

from __future__ import annotations

import numpy as np
import sqlalchemy as sa

from loaders.content import reference
from loaders.contracts import vocab
from loaders.contracts.contract import Contract, DerivedColumn, Field, RowRule, build_table
from loaders.contracts.timing import Columns, as_array, before, span

MAX_PORT_PASS_HOURS = 48


def _crossed_before_arrival(cols: Columns) -> np.ndarray:
    return before(cols, "crossed_at", "arrived_port_at")


def _port_pass_too_long(cols: Columns) -> np.ndarray:
    return np.nan_to_num(span(cols, "arrived_port_at", "crossed_at", 3600), nan=0.0) > MAX_PORT_PASS_HOURS


def _live_animals_without_head(cols: Columns) -> np.ndarray:
    category = cols["category"].to_numpy(zero_copy_only=False)
    heads = np.asarray(cols["head_count"].to_numpy(zero_copy_only=False), dtype=np.float64)
    is_live = np.isin(category, vocab.LIVE_ANIMAL_CATEGORIES)
    return is_live & ~(np.nan_to_num(heads, nan=0.0) > 0)


CONTRACT = Contract(
    dataset="fresh_produce",
    time_column="crossed_at",
    title_en="Fresh produce to Hong Kong",
    title_zh="供港生鲜",
    grain_en="one row per consignment to Hong Kong",
    grain_zh="每行一批供港货物",
    key=("consignment_id",),
    fields=(
        Field("consignment_id", "text", "批次号", "Consignment number", aliases=("批号", "consignment_no")),
        Field("crossed_at", "datetime", "验放时间", "Release at the port", aliases=("放行时间", "crossing_time")),
        Field("arrived_port_at", "datetime", "到达口岸时间", "Arrival at the port", required=False, aliases=("到港时间", "arrival_time")),
        Field(
            "port",
            "code",
            "口岸",
            "Port",
            codes=reference.place_spellings(kinds=("land_port",)),
            aliases=("验放口岸", "crossing"),
        ),
        Field("category", "code", "品类", "Category", codes=vocab.FRESH_CATEGORY, aliases=("类别", "商品类别")),
        Field(
            "weight_t",
            "float",
            "重量(吨)",
            "Weight (t)",
            minimum=0,
            maximum=100,
            aliases=("重量", "weight", "净重(吨)"),
            unit_headers={"重量(千克)": 0.001, "weight_kg": 0.001, "Weight (kg)": 0.001, "净重(千克)": 0.001},
        ),
        Field("head_count", "int", "头数", "Head (live animals)", required=False, minimum=0, maximum=5000, aliases=("数量(头)", "heads")),
        Field("base_id", "text", "供港基地", "Supply base", required=False, aliases=("基地编号", "base")),
        Field("is_precleared_at_base", "bool", "基地预检", "Pre-cleared at base", aliases=("产地预检", "precleared")),
    ),
    rules=(
        RowRule(
            "crossed_before_arrival",
            "crossed_at",
            "release at the port is earlier than arrival there",
            "验放时间早于到达口岸时间",
            _crossed_before_arrival,
        ),
        RowRule(
            "port_pass_too_long",
            "crossed_at",
            f"more than {MAX_PORT_PASS_HOURS} h between arrival and release",
            f"到达至验放超过{MAX_PORT_PASS_HOURS}小时",
            _port_pass_too_long,
        ),
        RowRule(
            "live_animals_need_head_count",
            "head_count",
            "live animals need a head count above 0",
            "活畜禽须填写大于0的头数",
            _live_animals_without_head,
        ),
    ),
    derived=(
        DerivedColumn(
            "port_pass_minutes",
            sa.Double(),
            lambda c: as_array(span(c, "arrived_port_at", "crossed_at", 60)),
            "arrival at the port -> release, minutes",
            "到达口岸至验放，分钟",
        ),
    ),
)

TABLE = build_table(CONTRACT)
