"""Finding the header row of a file and mapping its cells to a contract's canonical columns.

Headers are compared after Unicode NFKC normalisation, so the full-width letters and brackets
that Chinese input methods type (`ＡＥＯ企业`, `重量（吨）`) match their ASCII spellings.
"""

from __future__ import annotations

import csv
import re
import unicodedata

from loaders.contracts.contract import Contract, Field
from loaders.read.input_errors import UnreadableFile, unreadable

HEADER_SEARCH_ROWS = 30
# Delimiters people's tools write instead of commas: detected to say so, not read.
OTHER_DELIMITERS = {";": ("semicolons (;)", "分号（;）"), "\t": ("tabs", "制表符（Tab）"), "|": ("vertical bars (|)", "竖线（|）")}


def normalise_header(text: str) -> str:
    text = unicodedata.normalize("NFKC", str(text)).strip().lower().replace("\ufeff", "")
    return re.sub(r"[\s_]+", "", text)


def header_lookup(contract: Contract) -> dict[str, tuple[Field, float]]:
    lookup: dict[str, tuple[Field, float]] = {}
    for f in contract.fields:
        for header in f.headers:
            lookup[normalise_header(header)] = (f, f.unit_headers.get(header, 1.0))
    return lookup


def split_head_line(line: str, delimiter: str = ",") -> list[str]:
    """One line of the file's head as cells; a line the csv module cannot split is no header."""
    try:
        return next(csv.reader([line], delimiter=delimiter), [])
    except csv.Error:  # a cell over the field-size limit, a NUL byte
        return []


def _matches(row: list[str], lookup: dict[str, tuple[Field, float]]) -> int:
    return sum(normalise_header(cell) in lookup for cell in row if cell)


def _quote_in_header(name: str, index: int) -> UnreadableFile:
    return unreadable(
        name,
        f'the header row (line {index + 1}) has a quote (") that is never closed, which merges its column names: remove it',
        f'表头（第{index + 1}行）有未闭合的引号（"），列名被合并：请删除该引号',
    )


def find_header(rows: list[list[str]], lookup: dict[str, tuple[Field, float]], name: str, lines: list[str] | None = None) -> int:
    """Index of the first row among the first HEADER_SEARCH_ROWS that names two contract columns
    (one when the contract has one: a list of keys to retire).

    `lines`: the same rows as text, to tell a file separated by semicolons or tabs from one
    that has no header at all."""
    lines = lines or []
    needed = min(2, len({f.name for f, _ in lookup.values()}))  # a list of one-column keys has one
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if _matches(row, lookup) >= needed:
            if index < len(lines) and lines[index].count('"') % 2:
                raise _quote_in_header(name, index)
            return index
    for index, line in enumerate(lines[:HEADER_SEARCH_ROWS]):
        if line.count('"') % 2 and _matches(split_head_line(line.replace('"', "")), lookup) >= needed:
            raise _quote_in_header(name, index)
    for delimiter, (en, zh) in OTHER_DELIMITERS.items():
        if any(_matches(split_head_line(line, delimiter), lookup) >= 2 for line in lines[:HEADER_SEARCH_ROWS]):
            raise unreadable(
                name,
                f"columns are separated by {en}, not commas: save or export it again as CSV with commas (逗号)",
                f"列之间用{zh}分隔而不是逗号：请重新导出或另存为以逗号分隔的 CSV 文件",
            )
    examples = ", ".join(list(lookup)[:4])
    raise unreadable(
        name,
        f"no header row found in the first {HEADER_SEARCH_ROWS} rows (expected column names such as {examples}): "
        "check that this is the right dataset and that the header row is there",
        f"前{HEADER_SEARCH_ROWS}行中没有找到表头（应有 {examples} 等列名）：请确认数据集是否选对、表头行是否存在",
    )


def map_headers(header: list[str], contract: Contract, name: str) -> tuple[dict[int, str], dict[str, float], list[str]]:
    lookup = header_lookup(contract)
    positions: dict[int, str] = {}
    factors: dict[str, float] = {}
    ignored: list[str] = []
    for position, cell in enumerate(header):
        match = lookup.get(normalise_header(cell)) if cell else None
        if match is None:
            if cell and str(cell).strip():
                ignored.append(str(cell).strip())
            continue
        f, factor = match
        if f.name in positions.values():
            raise unreadable(
                name,
                f"column {f.name} ({f.header_zh}) appears twice in the header: keep one of them",
                f"表头中“{f.header_zh}”列出现了两次：请只保留一列",
            )
        positions[position] = f.name
        if factor != 1.0:
            factors[f.name] = factor
    missing = [f for f in contract.fields if f.required and f.name not in positions.values()]
    if missing:
        names = ", ".join(f"{f.header_zh} ({f.name})" for f in missing)
        names_zh = "、".join(f"{f.header_zh}（{f.name}）" for f in missing)
        merged = next((d for d in OTHER_DELIMITERS if any(d in str(cell) for cell in header)), None)
        hint_en = f" (a column name holds {OTHER_DELIMITERS[merged][0]}: are some columns separated by it?)" if merged else ""
        hint_zh = f"（有列名含{OTHER_DELIMITERS[merged][1]}：是否有列用它分隔？）" if merged else ""
        raise unreadable(
            name,
            f"required column(s) missing: {names}; add them or check the header's spelling{hint_en}",
            f"缺少必填列：{names_zh}；请补上这些列或检查表头拼写{hint_zh}",
        )
    return positions, factors, ignored
