"""Validation: raw text table + contract -> typed accepted rows and one reject entry per problem.

Every failure is collected (a row can be rejected for several reasons at once); accepted and
rejected rows always add up to the rows read.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from loaders import parsing
from loaders.contract import Contract, Field
from loaders.readers import RawTable

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
}


@dataclass
class Rejects:
    rows: list[int] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    values: list[str | None] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)
    reasons_en: list[str] = field(default_factory=list)
    reasons_zh: list[str] = field(default_factory=list)

    def add(self, rows, column, values, code, reason_en=None, reason_zh=None):
        en, zh = REASONS.get(code, (reason_en, reason_zh))
        count = len(rows)
        self.rows += list(rows)
        self.columns += [column] * count
        self.values += list(values)
        self.codes += [code] * count
        self.reasons_en += [reason_en or en] * count
        self.reasons_zh += [reason_zh or zh] * count

    def frame(self, file_name: str) -> pd.DataFrame:
        frame = pd.DataFrame(
            {
                "file": file_name,
                "row": pd.Series(self.rows, dtype="int64"),
                "column": pd.Series(self.columns, dtype="str"),
                "value": pd.Series(self.values, dtype="object"),
                "reason_code": pd.Series(self.codes, dtype="str"),
                "reason_en": pd.Series(self.reasons_en, dtype="str"),
                "reason_zh": pd.Series(self.reasons_zh, dtype="str"),
            }
        )
        return frame.sort_values(["row", "column"], kind="stable").reset_index(drop=True)


@dataclass
class ValidationResult:
    accepted: pa.Table  # typed canonical columns + derived columns, accepted rows only
    rejects: pd.DataFrame  # one row per problem: file, row, column, value, reason_code, reason_en, reason_zh
    rows_read: int
    rows_rejected: int
    ignored_headers: list[str]

    @property
    def rows_accepted(self) -> int:
        return self.accepted.num_rows

    def reasons(self) -> dict[str, int]:
        return dict(Counter(self.rejects["reason_code"]))


def _accepted_spellings(f: Field) -> str:
    assert f.codes is not None
    return " / ".join(f"{code} ({'、'.join(names[:2])})" for code, names in list(f.codes.items())[:8])


def _parse_field(f: Field, raw: pa.Array, factor: float) -> parsing.Parsed:
    if f.kind in ("text",):
        return parsing.parse_text(raw)
    if f.kind == "code":
        assert f.codes is not None
        parsed = parsing.parse_code(raw, f.codes)
        if f.open_codes:
            kept = pc.coalesce(parsed.values, parsing.clean_text(raw))
            return parsing.Parsed(kept, np.zeros(len(raw), dtype=bool))
        return parsed
    if f.kind == "bool":
        return parsing.parse_bool(raw)
    if f.kind in ("int", "float"):
        parsed = parsing.parse_number(raw, integer=f.kind == "int" and factor == 1.0)
        if factor != 1.0:
            scaled = pc.multiply(parsed.values, factor)
            return parsing.Parsed(scaled.cast(pa.int64()) if f.kind == "int" else scaled, parsed.bad)
        return parsed
    return parsing.parse_datetime(raw, date_only=f.kind == "date")


def _failure_code(f: Field) -> str:
    return {
        "code": "unknown_code",
        "bool": "bad_bool",
        "int": "bad_number",
        "float": "bad_number",
        "datetime": "bad_datetime",
        "date": "bad_datetime",
    }.get(f.kind, "bad_number")


def _range_failures(f: Field, values: pa.Array) -> np.ndarray:
    if f.kind in ("int", "float") and (f.minimum is not None or f.maximum is not None):
        numbers = np.asarray(values.cast(pa.float64()).to_numpy(zero_copy_only=False), dtype="float64")
        low = -np.inf if f.minimum is None else f.minimum
        high = np.inf if f.maximum is None else f.maximum
        return ~np.isnan(numbers) & ((numbers < low) | (numbers > high))
    if f.kind in ("datetime", "date"):
        latest = dt.datetime.now() + FUTURE_TOLERANCE
        stamps = values.cast(pa.timestamp("s")).to_numpy(zero_copy_only=False)
        return ~np.isnat(stamps) & ((stamps < np.datetime64(EARLIEST_PLAUSIBLE)) | (stamps > np.datetime64(latest)))
    return np.zeros(len(values), dtype=bool)


def _key_frame(contract: Contract, columns: dict[str, pa.Array]) -> pd.DataFrame:
    return pd.DataFrame({name: columns[name].to_pandas() for name in contract.key})


def _duplicate_keys(contract: Contract, columns: dict[str, pa.Array]) -> np.ndarray:
    """Rows whose (non-empty) key appears more than once: all of them, since we cannot tell which is right."""
    if len(contract.key) == 1:  # the common case, in Arrow: count each key through its dictionary index
        encoded = columns[contract.key[0]].dictionary_encode()
        indices = encoded.indices.to_numpy(zero_copy_only=False)
        valid = parsing.present(encoded.indices)
        counts = np.bincount(indices[valid].astype("int64"), minlength=len(encoded.dictionary))
        duplicated = np.zeros(len(indices), dtype=bool)
        duplicated[valid] = counts[indices[valid].astype("int64")] > 1
        return duplicated
    key = _key_frame(contract, columns)
    return (key.duplicated(keep=False) & key.notna().all(axis=1)).to_numpy()


def _duplicate_groups(contract: Contract, columns: dict[str, pa.Array], index: np.ndarray) -> list[np.ndarray]:
    key = _key_frame(contract, columns).iloc[index]
    return [index[positions] for positions in key.groupby(list(contract.key), sort=False).indices.values()]


def validate(raw: RawTable, contract: Contract) -> ValidationResult:
    rows = np.asarray(raw.source_rows.to_numpy(zero_copy_only=False), dtype="int64")
    count = len(rows)
    rejects = Rejects()
    for number, reason_en, reason_zh in raw.malformed:
        rejects.add([number], "*", [None], "malformed_row", reason_en, reason_zh)
    bad = np.zeros(count, dtype=bool)
    columns: dict[str, pa.Array] = {}
    for f in contract.fields:
        raw_values = raw.columns.get(f.name, pa.nulls(count, pa.string()))
        parsed = _parse_field(f, raw_values, raw.factors.get(f.name, 1.0))
        not_whole = parsed.not_whole if parsed.not_whole is not None else np.zeros(count, dtype=bool)
        failures = {
            _failure_code(f): parsed.bad & ~not_whole,
            "not_whole_number": not_whole,
            "missing": ~parsing.present(parsing.clean_text(raw_values)) if f.required else np.zeros(count, dtype=bool),
        }
        range_bad = _range_failures(f, parsed.values) & ~parsed.bad
        failures["implausible_date" if f.kind in ("datetime", "date") else "out_of_range"] = range_bad
        for code, mask in failures.items():
            if mask.any():
                index = np.flatnonzero(mask)
                reason_en = reason_zh = None
                if code == "unknown_code":
                    reason_en = f"{REASONS[code][0]}; accepted: {_accepted_spellings(f)}"
                    reason_zh = f"{REASONS[code][1]}；可接受：{_accepted_spellings(f)}"
                if code == "out_of_range":
                    reason_en = f"{REASONS[code][0]} [{f.minimum:g}, {f.maximum:g}]"
                    reason_zh = f"{REASONS[code][1]} [{f.minimum:g}, {f.maximum:g}]"
                # the cells as written, only for the rejected rows (a whole column as Python objects is slow)
                text = raw_values.take(pa.array(index)).to_numpy(zero_copy_only=False)
                rejects.add(rows[index], f.name, text, code, reason_en, reason_zh)
                bad |= mask
        columns[f.name] = parsed.values
    for rule in contract.rules:
        mask = rule.failing(columns)
        if mask.any():
            index = np.flatnonzero(mask)
            shown = raw.columns.get(rule.column, pa.nulls(count, pa.string())).take(pa.array(index)).to_numpy(zero_copy_only=False)
            rejects.add(rows[index], rule.column, shown, rule.code, rule.reason_en, rule.reason_zh)
            bad |= mask
    duplicates = _duplicate_keys(contract, columns)
    if duplicates.any():
        index = np.flatnonzero(duplicates)
        key_text = np.empty(count, dtype=object)
        key_text[index] = raw.columns[contract.key[0]].take(pa.array(index)).to_numpy(zero_copy_only=False)
        en, zh = REASONS["duplicate_key"]
        for group in _duplicate_groups(contract, columns, index):
            where = ", ".join(str(r) for r in rows[group][:10])
            rejects.add(rows[group], contract.key[0], key_text[group], "duplicate_key", f"{en} (rows {where})", f"{zh}（第{where}行）")
        bad |= duplicates
    keep = pa.array(~bad)
    # nothing rejected (the usual load): every row is kept, so no copy through filter
    accepted = {name: values.filter(keep) for name, values in columns.items()} if bad.any() else dict(columns)
    for derived in contract.derived:
        accepted[derived.name] = derived.compute(accepted)
    table = pa.table(accepted)
    return ValidationResult(
        accepted=table,
        rejects=rejects.frame(raw.file_name),
        rows_read=raw.row_count,
        rows_rejected=int(bad.sum()) + len(raw.malformed),
        ignored_headers=raw.ignored_headers,
    )
