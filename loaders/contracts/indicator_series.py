"""Contract: indicator series (指标序列): published figures and monthly series of the measures
that have no record-level data (AEO firms, combination-port lines, enterprise issues, ...).

Grain: one row per indicator, scope and period. A point-in-time figure has period_start = period_end.
qualifier (optional) says what a published number is when it is not exact: more_than (余/超过, a
lower bound) or about (约/近, approximate); empty where the number is exact.

indicator_id and scope must be ones datasets/indicators.yaml knows (its indicators, its published-only
ids, its scopes): a row with another is rejected with the list of known ones. source_url accepts
http(s) links only (javascript:, data:, file: ... are rejected). Only rows covering one whole calendar
month are points of a monthly series; any other period is a published figure shown beside it.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from loaders.content import registry_schema
from loaders.contracts.contract import Contract, Field, RowRule, build_table
from loaders.contracts.timing import Columns, before


def _known(read: Callable[[], tuple[str, ...]]) -> tuple[tuple[str, ...], str]:
    """(known values, how to list them); an unreadable registry rejects every row with its reason."""
    try:
        values = read()
    except registry_schema.RegistryError as error:
        return (), f"(the indicator registry is broken: {error})"
    return values, ", ".join(values)


KNOWN_IDS, IDS_TEXT = _known(registry_schema.known_indicator_ids)
KNOWN_SCOPES, SCOPES_TEXT = _known(registry_schema.known_scopes)


def _not_in(column: str, known: tuple[str, ...]) -> Callable[[Columns], np.ndarray]:
    def failing(columns: Columns) -> np.ndarray:
        values = columns[column]
        return np.asarray(pc.invert(pc.is_in(values, value_set=pa.array(known, pa.string()))).fill_null(False))

    return failing


def _not_http(columns: Columns) -> np.ndarray:
    """A link that is present and is not http(s)."""
    values = pc.utf8_lower(pc.utf8_trim_whitespace(columns["source_url"].cast(pa.string())))
    # pyarrow-stubs take only StringArray here, not the Array[StringScalar] that cast() is typed to return
    present = pc.greater(pc.utf8_length(values), pa.scalar(0))  # type: ignore[arg-type]
    http = pc.or_(pc.starts_with(values, "http://"), pc.starts_with(values, "https://"))
    return np.asarray(pc.and_(present, pc.invert(http)).fill_null(False))


CONFIDENCE = {
    "H": ("high", "高"),
    "M": ("medium", "中"),
    "L": ("low", "低"),
}

QUALIFIER = {
    "more_than": ("more than", "over", "余", "餘", "超过", "超過", "以上"),
    "about": ("approximately", "around", "约", "約", "近", "大约", "大約"),
}
CONTRACT = Contract(
    dataset="indicator_series",
    time_column="period_end",
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
        Field(
            "qualifier",
            "code",
            "限定",
            "Qualifier",
            required=False,
            codes=QUALIFIER,
            aliases=("数值限定", "qualifier of the value"),
            description_en="more_than: the source says more than (余/超过), the value is a lower bound; about: the source says about (约/近); empty: exact",
            description_zh="more_than：来源称“余”“超过”，数值为下限；about：来源称“约”“近”；留空：确切数",
        ),
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
        RowRule(
            "unknown_indicator",
            "indicator_id",
            f"indicator id not in datasets/indicators.yaml; known: {IDS_TEXT}",
            f"指标编码不在datasets/indicators.yaml中；已知：{IDS_TEXT}",
            _not_in("indicator_id", KNOWN_IDS),
        ),
        RowRule(
            "unknown_scope",
            "scope",
            f"scope not in datasets/indicators.yaml (scopes); known: {SCOPES_TEXT}",
            f"范围不在datasets/indicators.yaml（scopes）中；已知：{SCOPES_TEXT}",
            _not_in("scope", KNOWN_SCOPES),
        ),
        RowRule(
            "link_not_http",
            "source_url",
            "only http:// or https:// links are accepted (javascript:, data:, file: and others are refused); give the original page or leave it empty",
            "只接受http://或https://链接（拒绝javascript:、data:、file:等）；请填写原始页面或留空",
            _not_http,
        ),
    ),
)

TABLE = build_table(CONTRACT)
