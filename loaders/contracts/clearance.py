"""Contract: clearance declarations (报关单通关时间).

Grain: one row per customs declaration. Timed stages follow the WCO Time Release Study:
arrival (运抵) -> declaration (申报) -> release (放行) -> exit from the port (提离).
A declaration may precede arrival (advance declaration, 提前申报): the arrival -> declaration
stage is then zero and customs time runs from arrival. Times are Shenzhen local time.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyarrow as pa
import sqlalchemy as sa

from loaders.content import reference
from loaders.contracts import vocab
from loaders.contracts.contract import Contract, DerivedColumn, Field, RowRule, build_table
from loaders.contracts.timing import Columns, as_array, before, seconds, span

HOUR = 3600.0
# Beyond these the row is more likely a keying error than a real declaration.
MAX_ADVANCE_DECLARATION_DAYS = 30
MAX_OVERALL_DAYS = 180


def _late_release(cols: Columns) -> np.ndarray:
    return before(cols, "released_at", "arrived_at")


def _release_before_declaration(cols: Columns) -> np.ndarray:
    return before(cols, "released_at", "declared_at")


def _exit_before_release(cols: Columns) -> np.ndarray:
    return before(cols, "exited_at", "released_at")


def _exit_without_release(cols: Columns) -> np.ndarray:
    return ~np.isnan(seconds(cols, "exited_at")) & np.isnan(seconds(cols, "released_at"))


def _advance_too_early(cols: Columns) -> np.ndarray:
    lead_days = span(cols, "declared_at", "arrived_at", 86_400)
    return np.nan_to_num(lead_days, nan=0.0) > MAX_ADVANCE_DECLARATION_DAYS


def _overall_too_long(cols: Columns) -> np.ndarray:
    days = span(cols, "arrived_at", "released_at", 86_400)
    return np.nan_to_num(days, nan=0.0) > MAX_OVERALL_DAYS


def _overall_hours(cols: Columns) -> pa.Array[Any]:
    return as_array(span(cols, "arrived_at", "released_at", HOUR))


def _arrival_to_declaration_hours(cols: Columns) -> pa.Array[Any]:
    return as_array(np.maximum(span(cols, "arrived_at", "declared_at", HOUR), 0.0))


def _declaration_to_release_hours(cols: Columns) -> pa.Array[Any]:
    start = np.fmax(seconds(cols, "arrived_at"), seconds(cols, "declared_at"))
    return as_array((seconds(cols, "released_at") - start) / HOUR)


def _release_to_exit_hours(cols: Columns) -> pa.Array[Any]:
    return as_array(span(cols, "released_at", "exited_at", HOUR))


CONTRACT = Contract(
    dataset="clearance",
    time_column="arrived_at",
    title_en="Clearance declarations",
    title_zh="报关单通关时间",
    grain_en="one row per customs declaration",
    grain_zh="每行一份报关单",
    key=("declaration_id",),
    cluster_by=("customs_code", "arrived_at"),
    fields=(
        Field("declaration_id", "text", "报关单号", "Declaration number", aliases=("entry_id", "declaration_no")),
        Field("direction", "code", "进出口", "Direction", codes=vocab.DIRECTION, aliases=("进出口标志", "i/e")),
        Field("transport_mode", "code", "运输方式", "Transport mode", codes=vocab.TRANSPORT_MODE, aliases=("运输方式代码", "mode")),
        Field(
            "customs_code",
            "code",
            "关区代码",
            "Customs code",
            codes=reference.customs_code_spellings(),
            aliases=("申报地海关", "关区", "customs_office", "customs"),
            description_en="4-digit customs district code, e.g. 5301 Huanggang; the office name is also accepted",
            description_zh="4位关区代码，如5301皇岗；也可填写海关名称",
        ),
        Field(
            "arrived_at",
            "datetime",
            "运抵时间",
            "Arrival time",
            aliases=("arrival_time",),
            description_en="goods arrive at the port / declared arrival (运抵)",
            description_zh="货物运抵口岸",
        ),
        Field("declared_at", "datetime", "申报时间", "Declaration time", aliases=("declaration_time",)),
        Field(
            "released_at",
            "datetime",
            "放行时间",
            "Release time",
            required=False,
            aliases=("release_time",),
            description_en="empty = not yet released",
            description_zh="空表示尚未放行",
        ),
        Field("exited_at", "datetime", "提离时间", "Exit time", required=False, aliases=("exit_time", "结关时间")),
        Field("is_inspected", "bool", "是否查验", "Inspected", aliases=("查验", "inspected")),
        Field("is_aeo", "bool", "AEO企业", "AEO firm", aliases=("aeo", "是否aeo企业", "高级认证企业")),
        Field("is_advance_declaration", "bool", "提前申报", "Advance declaration", aliases=("advance_declaration", "是否提前申报")),
        Field("is_two_step", "bool", "两步申报", "Two-step declaration", aliases=("two_step", "是否两步申报", "兩步申報")),
        Field("hs_chapter", "int", "商品章节", "HS chapter", required=False, minimum=1, maximum=99, aliases=("hs章节", "chapter")),
    ),
    rules=(
        RowRule("release_before_arrival", "released_at", "release is earlier than arrival", "放行时间早于运抵时间", _late_release),
        RowRule(
            "release_before_declaration",
            "released_at",
            "release is earlier than declaration",
            "放行时间早于申报时间",
            _release_before_declaration,
        ),
        RowRule("exit_before_release", "exited_at", "exit is earlier than release", "提离时间早于放行时间", _exit_before_release),
        RowRule(
            "exit_without_release", "exited_at", "exit time given but no release time", "有提离时间但无放行时间", _exit_without_release
        ),
        RowRule(
            "declaration_too_early",
            "declared_at",
            f"declared more than {MAX_ADVANCE_DECLARATION_DAYS} days before arrival",
            f"申报早于运抵超过{MAX_ADVANCE_DECLARATION_DAYS}天",
            _advance_too_early,
        ),
        RowRule(
            "clearance_too_long",
            "released_at",
            f"release more than {MAX_OVERALL_DAYS} days after arrival",
            f"放行晚于运抵超过{MAX_OVERALL_DAYS}天",
            _overall_too_long,
        ),
    ),
    derived=(
        DerivedColumn(
            "overall_hours",
            sa.Double(),
            _overall_hours,
            "arrival -> release, hours (overall clearance time)",
            "运抵至放行（整体通关时间），小时",
        ),
        DerivedColumn(
            "arrival_to_declaration_hours",
            sa.Double(),
            _arrival_to_declaration_hours,
            "arrival -> declaration, hours; 0 when declared in advance",
            "运抵至申报，小时；提前申报记为0",
        ),
        DerivedColumn(
            "declaration_to_release_hours",
            sa.Double(),
            _declaration_to_release_hours,
            "later of arrival and declaration -> release, hours",
            "运抵与申报中较晚者至放行，小时",
        ),
        DerivedColumn(
            "release_to_exit_hours", sa.Double(), _release_to_exit_hours, "release -> exit from the port, hours", "放行至提离，小时"
        ),
    ),
)

TABLE = build_table(CONTRACT)
