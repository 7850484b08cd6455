"""Contract: indicator series (指标序列): published figures and monthly series of the measures
that have no record-level data (AEO firms, combination-port lines, enterprise issues, ...).

Grain: one row per indicator, scope and period. A point-in-time figure has period_start = period_end.
"""

from __future__ import annotations

from loaders.contract import Contract, Field, RowRule, build_table
from loaders.timing import before

CONFIDENCE = {
    "H": ("high", "高"),
    "M": ("medium", "中"),
    "L": ("low", "低"),
}

CONTRACT = Contract(
    dataset="indicator_series",
    title_en="Indicator series",
    title_zh="指标序列",
    grain_en="one row per indicator, scope and period",
    grain_zh="每行一个指标、范围和期间",
    key=("indicator_id", "scope", "period_start", "period_end"),
    fields=(
        Field("indicator_id", "text", "指标编码", "Indicator id", aliases=("指标",)),
        Field("scope", "text", "范围", "Scope", aliases=("统计范围",)),
        Field("period_start", "date", "起始日期", "Period start", aliases=("开始日期",)),
        Field("period_end", "date", "截止日期", "Period end", aliases=("结束日期",)),
        Field("value", "float", "数值", "Value", aliases=("值",)),
        Field("unit", "text", "单位", "Unit"),
        Field("source", "text", "来源", "Source", aliases=("publisher", "发布机构")),
        Field("source_url", "text", "来源链接", "Source URL", required=False, aliases=("链接", "url")),
        Field("confidence", "code", "可信度", "Confidence", required=False, codes=CONFIDENCE),
        Field("note", "text", "备注", "Note", required=False, aliases=("说明",)),
    ),
    rules=(
        RowRule(
            "period_end_before_start",
            "period_end",
            "period ends before it starts",
            "截止日期早于起始日期",
            lambda c: before(c, "period_end", "period_start"),
        ),
    ),
)

TABLE = build_table(CONTRACT)
