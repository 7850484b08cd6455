"""Validation: raw text table + contract -> typed accepted rows and one reject entry per problem.

Every failure is collected (a row can be rejected for several reasons at once); accepted and
rejected rows always add up to the rows read.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from loaders.contracts.contract import Contract, Field
from loaders.read import keys, parsing, readers
from loaders.read.readers import IrregularFile, RawTable, read_ahead, read_batches, read_careful_batches, read_file

# Event timestamps outside this window are keying errors (a year typed wrong, a default 1900 date).
EARLIEST_PLAUSIBLE = dt.datetime(2000, 1, 1)
FUTURE_TOLERANCE = dt.timedelta(days=2)

REASONS = {
    "missing": ("required value is empty", "必填项为空"),
    "bad_datetime": ("not a date/time we can read (e.g. 2023-07-04 09:30)", "无法识别的日期时间（示例：2023-07-04 09:30）"),
    "bad_number": ("not a number", "不是有效数字"),
    "not_whole_number": ("not a whole number", "不是整数"),
    "bad_bool": ("not a yes/no value (是/否, Y/N, 1/0, true/false)", "不是有效的是/否值（是/否、Y/N、1/0、true/false）"),
    "unknown_code": ("not an accepted value", "不是可接受的取值"),
    "out_of_range": ("outside the plausible range", "超出合理范围"),
    "implausible_date": ("date outside the plausible range (2000 to today)", "日期超出合理范围（2000年至今）"),
    "duplicate_key": ("the same key appears on more than one row of this file", "文件内主键重复"),
    "malformed_row": ("row cannot be split into the header's columns", "该行列数与表头不符"),
    "unbalanced_quote": ('a quote (") opens a cell and is never closed', '引号（"）未闭合'),
    "cell_too_long": ("a cell is too long to be a value", "单元格过长"),
    "formula_without_value": ("a formula cell has no saved value", "公式单元格没有保存计算结果"),
    "key_lost_precision": parsing.KEY_LOST_PRECISION,
    "key_character": (
        "the key holds a character a key cannot have (only letters A-Z, digits and . _ / -; "
        "a look-alike letter from another alphabet, such as a Cyrillic Х, is refused): retype it",
        "主键含有不允许的字符（只允许字母 A-Z、数字和 . _ / -；外文中形似拉丁字母的字符，如西里尔字母 Х，也不允许）：请重新输入",
    ),
    "misplaced_separator": (
        "a comma in the wrong place: thousands separators go every three digits before the decimal point (1,234.5)",
        "逗号位置不对：千位分隔符只能每三位一个且在小数点之前（如 1,234.5）",
    ),
}
# The rejects file lists at most this many problems; the counts by reason stay exact.
MAX_LISTED_REJECTS = 100_000
# Cells longer than this are rejected (the csv module's field limit, so every path agrees).
MAX_CELL_CHARS = csv.field_size_limit()
# A value longer than this is cut in the rejects file (a swallowed row can be megabytes long).
MAX_SHOWN_VALUE = 500


def _shown(value: object) -> str | None:
    if value is None:
        return None
    text = str(value)
    return text if len(text) <= MAX_SHOWN_VALUE else text[:MAX_SHOWN_VALUE] + f"…(+{len(text) - MAX_SHOWN_VALUE:,})"


@dataclass
class Rejects:
    files: list[str] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    values: list[str | None] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)
    reasons_en: list[str | None] = field(default_factory=list)  # None: a code REASONS lacks, given no reason
    reasons_zh: list[str | None] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)  # problems by reason code, listed or not
    file_name: str = ""  # the file (or sheet) whose rows are being added

    def room(self) -> int:
        """How many more problems the rejects file lists."""
        return max(MAX_LISTED_REJECTS - len(self.rows), 0)

    def add(
        self,
        rows: Sequence[int] | np.ndarray,
        column: str,
        values: Sequence[object] | np.ndarray,
        code: str,
        reason_en: str | None = None,
        reason_zh: str | None = None,
    ) -> None:
        """`values`: the cells of the first len(values) of `rows`; rows past the list's cap are
        counted only."""
        en, zh = REASONS.get(code, (reason_en, reason_zh))
        self.counts[code] += len(rows)
        count = min(len(rows), len(values), self.room())
        rows, values = rows[:count], values[:count]
        self.files += [self.file_name] * count
        self.rows += [int(r) for r in rows]
        self.columns += [column] * count
        self.values += [_shown(v) for v in values]
        self.codes += [code] * count
        self.reasons_en += [reason_en or en] * count
        self.reasons_zh += [reason_zh or zh] * count

    def frame(self) -> pd.DataFrame:
        """One row per listed problem, by row; past the cap, a first row (row 0: the whole file)
        says how many more there are."""
        listed: dict[str, list[Any]] = {
            "file": self.files,
            "row": self.rows,
            "column": self.columns,
            "value": self.values,
            "reason_code": self.codes,
            "reason_en": self.reasons_en,
            "reason_zh": self.reasons_zh,
        }
        unlisted = sum(self.counts.values()) - len(self.rows)
        if unlisted:
            note = {
                "file": self.files[-1] if self.files else self.file_name,
                "row": 0,
                "column": "*",
                "value": None,
                "reason_code": "not_listed",
                "reason_en": f"{unlisted:,} more problems are not listed here (the list stops at {MAX_LISTED_REJECTS:,}); "
                "fix the ones listed and load again",
                "reason_zh": f"另有 {unlisted:,} 个问题未列出（最多列出 {MAX_LISTED_REJECTS:,} 个）：请先修正已列出的问题后重新加载",
            }
            listed = {name: [*values, note[name]] for name, values in listed.items()}
        types = {"row": "int64", "value": "object"}
        frame = pd.DataFrame({name: pd.Series(values, dtype=types.get(name, "str")) for name, values in listed.items()})
        return frame.sort_values(["row", "column"], kind="stable").reset_index(drop=True)


@dataclass
class ValidationResult:
    accepted: pa.Table  # typed canonical columns + derived columns, accepted rows only
    rejects: pd.DataFrame  # one row per problem: file, row, column, value, reason_code, reason_en, reason_zh
    rows_read: int
    rows_rejected: int
    ignored_headers: list[str]
    reason_counts: dict[str, int] = field(default_factory=dict)  # every problem, listed or not
    case_variants: list[str] = field(default_factory=list)  # accepted keys equal apart from case, e.g. "X8001 / x8001"

    @property
    def rows_accepted(self) -> int:
        return self.accepted.num_rows

    def reasons(self) -> dict[str, int]:
        return dict(self.reason_counts) if self.reason_counts else dict(Counter(self.rejects["reason_code"]))


def _accepted_spellings(f: Field) -> str:
    assert f.codes is not None
    return " / ".join(f"{code} ({'、'.join(names[:2])})" for code, names in list(f.codes.items())[:8])


def _parse_field(f: Field, raw: parsing.Column, factor: float, contract: Contract) -> parsing.Parsed:
    if f.kind == "text" and f.name in contract.key:
        return parsing.parse_key(raw, contract.key_alphabet)
    if f.kind in ("text",):
        return parsing.parse_text(raw)
    if f.kind == "code":
        assert f.codes is not None
        parsed = parsing.parse_code(raw, f.codes)
        if f.open_codes:
            assert parsed.text is not None  # every parser keeps the cleaned text
            kept = pc.coalesce(parsed.values, parsed.text)
            return parsing.Parsed(kept, np.zeros(len(raw), dtype=bool), text=parsed.text)
        return parsed
    if f.kind == "bool":
        return parsing.parse_bool(raw)
    if f.kind in ("int", "float"):
        parsed = parsing.parse_number(raw, integer=f.kind == "int" and factor == 1.0)
        if factor != 1.0:
            scaled = pc.multiply(parsed.values, factor)
            values = scaled.cast(pa.int64()) if f.kind == "int" else scaled
            return parsing.Parsed(values, parsed.bad, text=parsed.text, misplaced_separator=parsed.misplaced_separator)
        return parsed
    return parsing.parse_datetime(raw, date_only=f.kind == "date")


def _failure_code(f: Field) -> str:
    return {
        "text": "key_character",
        "code": "unknown_code",
        "bool": "bad_bool",
        "int": "bad_number",
        "float": "bad_number",
        "datetime": "bad_datetime",
        "date": "bad_datetime",
    }.get(f.kind, "bad_number")


def _range_failures(f: Field, values: parsing.Column) -> np.ndarray:
    if f.kind in ("int", "float") and (f.minimum is not None or f.maximum is not None):
        numbers = np.asarray(values.cast(pa.float64()).to_numpy(zero_copy_only=False), dtype=np.float64)
        low = -np.inf if f.minimum is None else f.minimum
        high = np.inf if f.maximum is None else f.maximum
        return ~np.isnan(numbers) & ((numbers < low) | (numbers > high))
    if f.kind in ("datetime", "date"):
        latest = dt.datetime.now() + FUTURE_TOLERANCE
        stamps = values.cast(pa.timestamp("s")).to_numpy(zero_copy_only=False)
        return np.asarray(~np.isnat(stamps) & ((stamps < np.datetime64(EARLIEST_PLAUSIBLE)) | (stamps > np.datetime64(latest))))
    return np.zeros(len(values), dtype=bool)


@dataclass
class Checked:
    """One batch after its cells were parsed and its rows checked (all but duplicate keys)."""

    columns: dict[str, parsing.Column]  # typed, every row of the batch
    rows: np.ndarray  # source row numbers
    bad: np.ndarray  # rows rejected so far
    key_text: parsing.Column  # the first key column as written, for duplicate reports


def _reason(f: Field, code: str, factor: float, values: parsing.Column, index: np.ndarray) -> tuple[str | None, str | None]:
    """The reason for `code` where it says more than REASONS: accepted spellings, the range
    in the unit the file used, and a hint when a weight in tonnes looks like kilograms."""
    en, zh = REASONS[code]
    if code == "unknown_code":
        return f"{en}; accepted: {_accepted_spellings(f)}", f"{zh}；可接受：{_accepted_spellings(f)}"
    if code != "out_of_range":
        return None, None
    unit = " t" if f.name.endswith("_t") else ""
    low, high = f.minimum if f.minimum is not None else -np.inf, f.maximum if f.maximum is not None else np.inf
    if factor != 1.0:  # the file's unit (e.g. kg): say the range in it too
        written = f"[{low / factor:g}, {high / factor:g}] as written in this column"
        return (
            f"{en} [{low:g}, {high:g}]{unit} = {written}",
            f"{zh} [{low:g}, {high:g}]{unit}，即本列单位的 [{low / factor:g}, {high / factor:g}]",
        )
    numbers = np.asarray(values.take(pa.array(index)).cast(pa.float64()).to_numpy(zero_copy_only=False), dtype="float64")
    kg_header = next((h for h, x in f.unit_headers.items() if x == 0.001), None)
    if kg_header and np.all((numbers * 0.001 >= low) & (numbers * 0.001 <= high)):
        return (
            f"{en} [{low:g}, {high:g}]{unit}; the value looks like kilograms: if the column is in kg, name it {kg_header}",
            f"{zh} [{low:g}, {high:g}]{unit}；该值像是以千克计：如本列单位为千克，请将表头改为“{kg_header}”",
        )
    return f"{en} [{low:g}, {high:g}]{unit}", f"{zh} [{low:g}, {high:g}]{unit}"


def _too_long(raw_values: parsing.Text) -> np.ndarray | None:
    """Cells longer than the csv module's field limit, which the careful path cannot read
    either: rejected on every path alike (None when there are none, the usual case)."""
    if len(raw_values) == 0 or (pc.max(pc.binary_length(raw_values)).as_py() or 0) <= MAX_CELL_CHARS:
        return None
    longer = pc.greater(pc.utf8_length(raw_values), pa.scalar(MAX_CELL_CHARS)).fill_null(False)
    return np.asarray(longer.to_numpy(zero_copy_only=False), dtype=bool)


def _cells(raw_values: parsing.Column, index: np.ndarray, rejects: Rejects) -> np.ndarray:
    """The cells as written, only for the rejected rows the rejects file has room for."""
    listed = index[: rejects.room()]
    return raw_values.take(pa.array(listed, pa.int64())).to_numpy(zero_copy_only=False)


def _check_batch(raw: RawTable, contract: Contract, rejects: Rejects) -> Checked:
    rows = np.asarray(raw.source_rows.to_numpy(zero_copy_only=False), dtype="int64")
    count = len(rows)
    rejects.file_name = raw.file_name
    for number, problem_en, problem_zh, code in raw.malformed:
        rejects.add([number], "*", [None], code, problem_en, problem_zh)
    bad = np.zeros(count, dtype=bool)
    columns: dict[str, parsing.Column] = {}
    for f in contract.fields:
        raw_values = raw.columns.get(f.name, pa.nulls(count, pa.string()))
        factor = raw.factors.get(f.name, 1.0)
        parsed = _parse_field(f, raw_values, factor, contract)
        not_whole = parsed.not_whole if parsed.not_whole is not None else np.zeros(count, dtype=bool)
        separator = parsed.misplaced_separator if parsed.misplaced_separator is not None else np.zeros(count, dtype=bool)
        too_long = _too_long(raw_values)
        assert parsed.text is not None  # every parser keeps the cleaned text
        lost = parsed.lost_precision if parsed.lost_precision is not None else np.zeros(count, dtype=bool)
        failures = {
            _failure_code(f): parsed.bad & ~not_whole & ~separator & ~lost,
            "key_lost_precision": lost,
            "not_whole_number": not_whole,
            "misplaced_separator": separator,
            "missing": ~parsing.present(parsed.text) if f.required else np.zeros(count, dtype=bool),
        }
        range_bad = _range_failures(f, parsed.values) & ~parsed.bad
        failures["implausible_date" if f.kind in ("datetime", "date") else "out_of_range"] = range_bad
        if too_long is not None:  # one reason for a cell that long, not also "not a number"
            failures = {code: mask & ~too_long for code, mask in failures.items()} | {"cell_too_long": too_long}
        for code, mask in failures.items():
            if mask.any():
                index = np.flatnonzero(mask)
                reason_en, reason_zh = _reason(f, code, factor, parsed.values, index)
                rejects.add(rows[index], f.name, _cells(raw_values, index, rejects), code, reason_en, reason_zh)
                bad |= mask
        columns[f.name] = parsed.values
    # Rules across columns speak only for rows whose cells all passed: one bad value is one
    # problem, not a pile of consequences (an unreadable release time is no "exit without release").
    cells_bad = bad.copy()
    for rule in contract.rules:
        mask = rule.failing(columns) & ~cells_bad
        if mask.any():
            index = np.flatnonzero(mask)
            shown = _cells(raw.columns.get(rule.column, pa.nulls(count, pa.string())), index, rejects)
            rejects.add(rows[index], rule.column, shown, rule.code, rule.reason_en, rule.reason_zh)
            bad |= mask
    return Checked(columns, rows, bad, raw.columns.get(contract.key[0], pa.nulls(count, pa.string())))


def validate(raw: RawTable, contract: Contract) -> ValidationResult:
    """Validate one table read whole (validate_file reads and validates a file batch by batch)."""
    return validate_batches([raw], contract)


def validate_file(path: Path, contract: Contract, hidden_sheets: bool = False) -> ValidationResult:
    """Read and validate a file batch by batch; an irregular CSV starts over on the careful path
    (whole up to readers.CAREFUL_WHOLE_BYTES, in batches above it)."""
    try:
        return validate_batches(read_ahead(read_batches(path, contract, hidden_sheets=hidden_sheets)), contract)
    except IrregularFile:
        if Path(path).stat().st_size <= readers.CAREFUL_WHOLE_BYTES:
            return validate(read_file(path, contract), contract)
    try:
        return validate_batches(read_ahead(read_careful_batches(path, contract)), contract)
    except UnicodeDecodeError:  # not UTF-8 after all: read whole, where mixed encodings are refused
        return validate(read_file(path, contract), contract)


def validate_batches(batches: Iterable[RawTable], contract: Contract) -> ValidationResult:
    """Row rules batch by batch, then duplicate keys across all of them: the same result as
    validating the rows as one table, holding the text of one batch (and of the key column) at a time."""
    rejects = Rejects()
    checked: list[Checked] = []
    rows_read = malformed = 0
    first: RawTable | None = None
    for raw in batches:
        first = first or raw
        rows_read += raw.row_count
        malformed += len(raw.malformed)
        checked.append(_check_batch(raw, contract, rejects))
    assert first is not None, "a reader yields at least one batch"
    rejects.file_name = first.file_name  # a key repeated across the sheets of a workbook names the workbook
    en, zh = REASONS["duplicate_key"]
    for batch_no, row_no in keys.duplicate_groups(contract, checked):
        pairs = list(zip(batch_no.tolist(), row_no.tolist(), strict=True))
        numbers = [int(checked[b].rows[r]) for b, r in pairs]
        where = ", ".join(str(n) for n in numbers[:10])
        shown = [checked[b].key_text[r].as_py() for b, r in pairs]
        rejects.add(numbers, contract.key[0], shown, "duplicate_key", f"{en} (rows {where})", f"{zh}（第{where}行）")
        for b, r in pairs:
            checked[b].bad[r] = True
    parts: list[pa.Table] = []
    for batch in checked:
        # nothing rejected (the usual load): every row is kept, so no copy through filter
        keep = pa.array(~batch.bad)
        accepted = {name: values.filter(keep) for name, values in batch.columns.items()} if batch.bad.any() else dict(batch.columns)
        for derived in contract.derived:
            accepted[derived.name] = derived.compute(accepted)
        parts.append(pa.table(accepted))  # type: ignore[arg-type]  # pyarrow-stubs: pa.table takes chunked columns too
    accepted_rows = pa.concat_tables(parts)
    return ValidationResult(
        accepted=accepted_rows,
        case_variants=keys.case_variants(contract, accepted_rows),
        rejects=rejects.frame(),
        reason_counts=dict(rejects.counts),
        rows_read=rows_read,
        rows_rejected=sum(int(batch.bad.sum()) for batch in checked) + malformed,
        ignored_headers=first.ignored_headers,
    )
