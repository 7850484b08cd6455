"""clearance_bad_rows.csv: one bad row for each way the clearance contract rejects a row, between good ones."""

from __future__ import annotations

from pathlib import Path

from loaders.contracts.datasets import CONTRACTS
from tools.samples.writers import csv_text

# ---------------------------------------------------------------- the bad-rows file

# (what the row shows, cells overriding a good row by Chinese header). A value of None for
# EXTRA_CELLS makes the row ragged. The expected rejects are asserted in tests/test_load.py.
EXTRA_CELLS = "__extra_cells__"
_GOOD_CLEARANCE = {
    "报关单号": "",
    "进出口": "进口",
    "运输方式": "公路运输",
    "关区代码": "皇岗",
    "运抵时间": "2023/7/4 9:30",
    "申报时间": "2023/7/4 10:05",
    "放行时间": "2023/7/4 11:40",
    "提离时间": "2023/7/4 12:15",
    "是否查验": "否",
    "AEO企业": "是",
    "提前申报": "否",
    "两步申报": "否",
    "商品章节": "85",
}
BAD_CLEARANCE_ROWS: tuple[tuple[str, dict[str, str]], ...] = (
    ("good", {}),
    (
        "good: advance declaration, Chinese date style, code 2 for sea",
        {"运输方式": "2", "关区代码": "5316", "申报时间": "2023年7月3日 16时20分", "提前申报": "是"},
    ),
    ("missing required value", {"进出口": ""}),
    ("bad datetime", {"申报时间": "2023-13-45 10:00"}),
    ("bad number", {"商品章节": "八十五"}),
    ("bad yes/no", {"是否查验": "也许"}),
    ("unknown code", {"运输方式": "9"}),
    ("out of range", {"商品章节": "120"}),
    ("implausible date", {"提离时间": "2099/7/4 12:15"}),
    ("rule release_before_arrival", {"申报时间": "2023/7/3 8:00", "放行时间": "2023/7/4 9:00", "提前申报": "是"}),
    ("rule release_before_declaration", {"申报时间": "2023/7/4 11:00", "放行时间": "2023/7/4 10:30"}),
    ("rule exit_before_release", {"提离时间": "2023/7/4 11:00"}),
    ("rule exit_without_release", {"放行时间": ""}),
    ("rule declaration_too_early", {"申报时间": "2023/5/1 9:00", "提前申报": "是"}),
    ("rule clearance_too_long", {"运抵时间": "2023/1/2 9:30", "申报时间": "2023/1/2 10:05"}),
    ("duplicate key (1 of 2)", {"报关单号": "530120231000009999"}),
    ("duplicate key (2 of 2)", {"报关单号": "530120231000009999", "是否查验": "是"}),
    ("ragged row: more cells than the header", {EXTRA_CELLS: "多余1,多余2"}),
    ("good: export by air", {"进出口": "出口", "运输方式": "航空运输", "关区代码": "5317"}),
    ("good: not yet released", {"放行时间": "", "提离时间": "", "商品章节": ""}),
    ("good: Y/N spelling", {"是否查验": "Y", "AEO企业": "N"}),
)


def bad_clearance_lines() -> list[list[str]]:
    header = [f.header_zh for f in CONTRACTS["clearance"].fields]
    lines = []
    for number, (_, overrides) in enumerate(BAD_CLEARANCE_ROWS, start=1):
        cells = {**_GOOD_CLEARANCE, "报关单号": f"53012023100{number:07d}", **overrides}
        line = [cells[h] for h in header]
        if EXTRA_CELLS in cells:
            line += cells[EXTRA_CELLS].split(",")
        lines.append(line)
    return [header, *lines]


def write_bad_clearance_csv(path: Path) -> Path:
    header, *lines = bad_clearance_lines()
    path.write_bytes(csv_text(header, lines, "\n").encode("utf-8"))
    return path
