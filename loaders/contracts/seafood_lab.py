"""Contract: chilled-seafood lab samples (进口冰鲜水产品实验室检测), measure 7.

Grain: one row per lab sample. Turnaround = sampled -> report, split into transport
(sampled -> received by the lab) and testing (received -> report).
"""

from __future__ import annotations

import numpy as np
import sqlalchemy as sa

from loaders.content import reference
from loaders.contracts import vocab
from loaders.contracts.contract import Contract, DerivedColumn, Field, RowRule, build_table
from loaders.contracts.timing import Columns, as_array, before, seconds, span

# A chilled sample is tested within days; a stage of weeks is a year or month typed wrong.
MAX_STAGE_DAYS = 30


def _stage_too_long(cols: Columns) -> np.ndarray:
    longest = np.fmax(span(cols, "sampled_at", "received_at", 86_400), span(cols, "sampled_at", "reported_at", 86_400))
    return np.nan_to_num(longest, nan=0.0) > MAX_STAGE_DAYS


def _result_without_report(cols: Columns) -> np.ndarray:
    has_result = np.asarray(cols["result"].is_valid().to_numpy(zero_copy_only=False), dtype=bool)
    return has_result & np.isnan(seconds(cols, "reported_at"))


def _report_without_result(cols: Columns) -> np.ndarray:
    has_result = np.asarray(cols["result"].is_valid().to_numpy(zero_copy_only=False), dtype=bool)
    return ~has_result & ~np.isnan(seconds(cols, "reported_at"))


CONTRACT = Contract(
    dataset="seafood_lab",
    time_column="sampled_at",
    title_en="Chilled seafood lab samples",
    title_zh="进口冰鲜水产品检测",
    grain_en="one row per lab sample",
    grain_zh="每行一个检测样品",
    key=("sample_id",),
    fields=(
        Field("sample_id", "text", "样品编号", "Sample number", aliases=("样品号", "sample_no")),
        Field("product", "text", "品名", "Product", aliases=("商品名称", "product_name")),
        Field("origin_country", "code", "原产国", "Country of origin", codes=reference.country_spellings(), aliases=("原产地", "origin")),
        Field("lab", "text", "检测实验室", "Laboratory", aliases=("实验室", "laboratory")),
        Field("sampled_at", "datetime", "取样时间", "Sampled at", aliases=("sampling_time",)),
        Field("received_at", "datetime", "接样时间", "Received by lab", aliases=("收样时间", "received_time")),
        Field(
            "reported_at",
            "datetime",
            "报告时间",
            "Report issued",
            required=False,
            aliases=("出具报告时间", "report_time"),
            description_en="empty = pending",
            description_zh="空表示检测中",
        ),
        Field("result", "code", "检测结果", "Result", required=False, codes=vocab.LAB_RESULT, aliases=("结果",)),
        Field("is_green_channel", "bool", "绿色通道", "Green channel", aliases=("是否绿色通道", "green_channel")),
    ),
    rules=(
        RowRule(
            "received_before_sampling",
            "received_at",
            "received by the lab before it was sampled",
            "接样时间早于取样时间",
            lambda c: before(c, "received_at", "sampled_at"),
        ),
        RowRule(
            "report_before_receipt",
            "reported_at",
            "report issued before the lab received the sample",
            "报告时间早于接样时间",
            lambda c: before(c, "reported_at", "received_at"),
        ),
        RowRule(
            "duration_too_long",
            "reported_at",
            f"more than {MAX_STAGE_DAYS} days from sampling to receipt or to the report: check the dates",
            f"取样至接样或出具报告超过{MAX_STAGE_DAYS}天：请检查日期",
            _stage_too_long,
        ),
        RowRule(
            "result_without_report", "result", "a result is given but no report time", "有检测结果但无报告时间", _result_without_report
        ),
        RowRule(
            "report_without_result", "result", "a report time is given but no result", "有报告时间但无检测结果", _report_without_result
        ),
    ),
    derived=(
        DerivedColumn(
            "transport_hours",
            sa.Double(),
            lambda c: as_array(span(c, "sampled_at", "received_at", 3600)),
            "sampled -> received by the lab, hours",
            "取样至接样，小时",
        ),
        DerivedColumn(
            "testing_hours",
            sa.Double(),
            lambda c: as_array(span(c, "received_at", "reported_at", 3600)),
            "received -> report, hours",
            "接样至出具报告，小时",
        ),
        DerivedColumn(
            "turnaround_hours",
            sa.Double(),
            lambda c: as_array(span(c, "sampled_at", "reported_at", 3600)),
            "sampled -> report, hours",
            "取样至出具报告，小时",
        ),
    ),
)

TABLE = build_table(CONTRACT)
