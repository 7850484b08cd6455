"""Vectorised parsers from the text people put in files to typed columns.

Each parser takes a string array (nulls for empty cells) and returns the typed array plus a
mask of cells that had text but could not be read. Everything runs in Arrow, not per row in
Python, so a 10-million-row file parses in seconds.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypeAlias, cast

import numpy as np
import numpy.typing as npt
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

LOCAL_TZ = "Asia/Shanghai"

# A column of cells: Arrow's CSV reader gives chunked ones, the record reader and workbooks plain ones.
Column: TypeAlias = "pa.Array[Any] | pa.ChunkedArray[Any]"
Text: TypeAlias = "pa.StringArray | pa.ChunkedArray[pa.StringScalar]"  # a column of strings

TRUE_SPELLINGS = ("是", "y", "yes", "1", "true", "t", "√", "✓", "是的")
FALSE_SPELLINGS = ("否", "n", "no", "0", "false", "f", "×", "✗", "不是")


def yes_no(text: str) -> bool | None:
    """One cell's yes/no (是/否, TRUE/FALSE, y/n, 1/0, √/×, ...) in the spellings every reader accepts; None if neither."""
    folded = text.strip().lower()
    return True if folded in TRUE_SPELLINGS else False if folded in FALSE_SPELLINGS else None


_DATETIME_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d")
_EXCEL_EPOCH = np.datetime64("1899-12-30T00:00:00", "s")
# Excel serials between 1954 and 2119: anything else is more likely a typo than a date.
_EXCEL_SERIAL_RANGE = (20_000.0, 80_000.0)


@dataclass(frozen=True)
class Parsed:
    values: Column
    bad: np.ndarray  # True where a non-empty cell could not be parsed
    not_whole: np.ndarray | None = None  # of those, the numbers with a fraction where a count is due
    text: Column | None = None  # the cells trimmed, empty as null (what "missing" is judged on)
    misplaced_separator: np.ndarray | None = None  # of the bad cells, numbers with a comma out of place
    lost_precision: np.ndarray | None = None  # of the bad cells, keys that a spreadsheet turned into numbers


def clean_text(raw: Column) -> Text:
    """Trimmed strings with empty cells as nulls."""
    trimmed = pc.utf8_trim_whitespace(raw.cast(pa.string()))
    return cast(Text, pc.if_else(pc.equal(trimmed, pa.scalar("")), pa.scalar(None, pa.string()), trimmed))


def _mask(array: Column) -> np.ndarray:
    # pyarrow-stubs: ChunkedArray.fill_null takes a Python value as Array.fill_null does
    return np.asarray(array.fill_null(False).to_numpy(zero_copy_only=False), dtype=bool)  # type: ignore[arg-type]


def present(values: Column) -> np.ndarray:
    return _mask(pc.is_valid(values))


def parse_text(raw: Column) -> Parsed:
    values = clean_text(raw)
    return Parsed(values, np.zeros(len(values), dtype=bool), text=values)


# Characters that change nothing on screen but make two keys differ: zero-width spaces and joiners,
# the soft hyphen, the byte-order mark and the bidirectional controls.
_INVISIBLE = r"[\x{00AD}\x{061C}\x{180E}\x{200B}-\x{200F}\x{202A}-\x{202E}\x{2060}-\x{2064}\x{2066}-\x{2069}\x{FEFF}]"
# A key a spreadsheet held as a number and wrote in E-notation (5.3162E+17), or with a fraction
# part (531620230000000001.0): its last digits are gone. 12345.0 is the number 12345, kept exactly.
_NUMBER_WRITTEN_AS_FLOAT = r"^[+-]?(\d+\.?\d*|\.\d+)[eE][+-]?\d+$|^\d+\.0*$"
# Digits a spreadsheet keeps exactly in a number (IEEE double: 15 significant decimal digits).
EXACT_DIGITS = 15
KEY_LOST_PRECISION = (
    "the key was saved as a number, so its last digits are lost (5.3162E+17): format the column as text in Excel and export again",
    "主键被保存为数字，末尾几位已丢失（如 5.3162E+17）：请在 Excel 中将该列设置为文本格式后重新导出",
)


def parse_key(raw: Column, alphabet: str) -> Parsed:
    """A key column: NFKC-normalised (full-width Ｘ８００１ is X8001), invisible characters removed;
    `bad` marks keys with a character outside the regex character class `alphabet` (a Cyrillic Х
    that looks like a Latin X), `lost_precision` keys written as a floating-point number."""
    normalised = pc.utf8_normalize(raw.cast(pa.string()), "NFKC")  # type: ignore[attr-defined]  # pyarrow-stubs lack it
    values = clean_text(pc.replace_substring_regex(normalised, _INVISIBLE, ""))
    as_float = _mask(pc.match_substring_regex(values, _NUMBER_WRITTEN_AS_FLOAT))
    if as_float.any():
        text = np.asarray(values.to_numpy(zero_copy_only=False), dtype=object)
        for i in np.flatnonzero(as_float):
            whole, _, fraction = str(text[i]).partition(".")
            if "e" not in str(text[i]).lower() and len(whole.lstrip("0")) <= EXACT_DIGITS:
                text[i] = whole
                as_float[i] = False
        values = pa.array(text, pa.string())
    foreign = present(values) & ~_mask(pc.match_substring_regex(values, f"^[{alphabet}]*$"))
    bad = foreign | as_float
    kept = pc.if_else(pa.array(bad), pa.scalar(None, pa.string()), values) if bad.any() else values  # no duplicate of a bad key
    return Parsed(kept, bad, text=values, lost_precision=as_float)


def parse_code(raw: Column, codes: Mapping[str, tuple[str, ...]]) -> Parsed:
    """Map any accepted spelling (case-insensitive) to its canonical code."""
    values = clean_text(raw)
    spellings: list[str] = []
    canonical: list[str] = []
    for code, names in codes.items():
        for name in (code, *names):
            key = name.strip().lower()
            if key not in spellings:
                spellings.append(key)
                canonical.append(code)
    index = pc.index_in(pc.utf8_lower(values), value_set=pa.array(spellings, pa.string()))
    mapped = pc.take(pa.array(canonical, pa.string()), index)
    bad = present(values) & ~present(mapped)
    return Parsed(mapped, bad, text=values)


def parse_bool(raw: Column) -> Parsed:
    parsed = parse_code(raw, {"true": TRUE_SPELLINGS, "false": FALSE_SPELLINGS})
    return Parsed(pc.equal(parsed.values, pa.scalar("true")), parsed.bad, text=parsed.text)


def _whole_numbers(text: Column) -> np.ndarray | None:
    """Fast path: every cell is plain ASCII digits -> float64 (NaN for empty); else None."""
    if not pc.all(pc.ascii_is_decimal(text)).as_py():  # nulls are skipped; "0x10", "-5", "1.5" are not decimal
        return None
    try:
        return np.asarray(text.cast(pa.int64()).cast(pa.float64()).to_numpy(zero_copy_only=False), dtype="float64")
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):  # out of int64 range
        return None


# Thousands separators every three digits before the decimal point, nowhere else: 1,234.5 is
# 1234.5, while 1.234,5 and 2,5 (a decimal comma) and 12,34 are refused rather than guessed.
_GROUPED = r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$"


def _drop_thousands_separators(values: Column) -> tuple[Column, np.ndarray | None]:
    """(text without valid thousands separators, mask of cells with a comma out of place)."""
    has_comma = pc.match_substring(values, ",")
    if not pc.any(has_comma).as_py():
        return values, None
    grouped = pc.match_substring_regex(values, _GROUPED)
    misplaced = _mask(pc.and_(has_comma, pc.invert(grouped)))
    text = pc.if_else(grouped, pc.replace_substring(values, ",", ""), values)
    return pc.if_else(pa.array(misplaced), pa.scalar(None, pa.string()), text), misplaced


def parse_number(raw: Column, integer: bool = False) -> Parsed:
    values = clean_text(raw)
    text, misplaced = _drop_thousands_separators(values)
    as_float = _whole_numbers(text)
    if as_float is None:
        numbers = pd.to_numeric(pd.Series(text.to_numpy(zero_copy_only=False), dtype=object), errors="coerce")
        as_float = numbers.to_numpy(dtype="float64", na_value=np.nan)
        as_float = np.where(np.isinf(as_float), np.nan, as_float)  # inf, -Infinity, 1e309: no number a chart or a sum can use
    bad = present(values) & np.isnan(as_float)
    if misplaced is not None:
        bad |= misplaced
    if integer:
        not_whole = ~np.isnan(as_float) & (np.mod(as_float, 1) != 0)
        too_big = ~np.isnan(as_float) & (np.abs(as_float) >= 2.0**63)  # would not fit the stored integer
        bad |= not_whole | too_big
        as_float = np.where(not_whole | too_big, np.nan, as_float)
        return Parsed(pa.array(as_float, pa.float64(), from_pandas=True).cast(pa.int64()), bad, not_whole, values, misplaced)
    return Parsed(pa.array(as_float, pa.float64(), from_pandas=True), bad, text=values, misplaced_separator=misplaced)


def _normalise_datetime_text(values: Column) -> Column:
    """2023年7月4日 9时30分 / 2023/7/4 9:30 / 2023-07-04T09:30:00.000 -> 2023-7-4 9:30."""
    text = pc.replace_substring_regex(values, r"(:\d{1,2})\.\d+", r"\1")
    text = pc.replace_substring_regex(text, r"[年月/.](\d)", r"-\1")
    text = pc.replace_substring_regex(text, r"[日号T]", " ")
    text = pc.replace_substring_regex(text, r"[时時点點分:](\d)", r":\1")
    text = pc.replace_substring_regex(text, r"[时時点點分秒]", "")
    text = pc.replace_substring_regex(text, r"\s+", " ")
    return pc.utf8_trim_whitespace(text)


def _parse_with_offset(text: Column, candidates: np.ndarray) -> np.ndarray:
    """Timestamps that carry their own zone (Z, +08:00): converted to Shenzhen local time."""
    out = np.full(len(text), np.datetime64("NaT"), dtype="datetime64[s]")
    if not candidates.any():
        return out
    subset = pd.Series(np.asarray(text.to_numpy(zero_copy_only=False), dtype=object)[candidates])
    stamps = pd.to_datetime(subset.str.replace(" ", "T", n=1), utc=True, errors="coerce", format="ISO8601")
    local = stamps.dt.tz_convert(LOCAL_TZ).dt.tz_localize(None)
    out[candidates] = local.to_numpy(dtype="datetime64[s]")
    return out


def _day_matches(text: Column, stamps: np.ndarray) -> np.ndarray:
    """Arrow's strptime rolls 2023-02-30 over to March 2; a date whose day changed was not a date."""
    parts = pc.extract_regex(text, r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})")
    written = np.asarray(pc.struct_field(parts, "d").cast(pa.float64()).to_numpy(zero_copy_only=False), dtype=np.float64)
    parsed: npt.NDArray[np.float64] = pd.DatetimeIndex(stamps).day.to_numpy(dtype="float64", na_value=np.nan)
    return np.isnan(written) | np.isnan(parsed) | np.equal(written, parsed)


# Lengths of YYYY-MM-DD, YYYY-MM-DD hh:mm and YYYY-MM-DD hh:mm:ss (space or T), the ISO shapes that
# the general path below reads exactly as Arrow's ISO-8601 cast does ("YYYY-MM-DD hh" it rejects).
_ISO_LENGTHS = pa.array([10, 16, 19], pa.int32())


def _iso_fast_path(values: Text) -> Column | None:
    """Machine exports: every cell an ISO date/time without zone -> timestamp[s]; else None.

    Arrow's cast is all-or-nothing and strict (rejects 2023-02-30, 24:00, zones, fractions at
    second unit), so when it succeeds on these shapes the result equals the general path's.
    """
    if values.null_count == len(values):
        return None
    shaped = pc.or_kleene(pc.is_null(values), pc.is_in(pc.binary_length(values), value_set=_ISO_LENGTHS))
    if not pc.all(shaped).as_py():
        return None
    try:
        return values.cast(pa.timestamp("s"))
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None


def parse_datetime(raw: Column, date_only: bool = False) -> Parsed:
    """Local Shenzhen time unless the cell states its own offset; Excel serial numbers accepted."""
    values = clean_text(raw)
    fast = _iso_fast_path(values)
    if fast is not None:
        bad = np.zeros(len(values), dtype=bool)
        if date_only:
            days = fast.to_numpy(zero_copy_only=False).astype("datetime64[s]").astype("datetime64[D]")
            return Parsed(pa.array(days, pa.date32(), from_pandas=True), bad, text=values)
        return Parsed(fast, bad, text=values)
    text = _normalise_datetime_text(values)
    has_offset = _mask(pc.match_substring_regex(text, r"(Z|[+-]\d{2}:?\d{2})$"))
    result = _parse_with_offset(text, has_offset)
    for fmt in _DATETIME_FORMATS:
        missing = np.isnat(result) & present(values)
        if not missing.any():
            break
        parsed = pc.strptime(text, format=fmt, unit="s", error_is_null=True)
        stamps = parsed.to_numpy(zero_copy_only=False).astype("datetime64[s]")
        result = np.where(missing & ~np.isnat(stamps), stamps, result)
    result = np.where(has_offset | _day_matches(text, result), result, np.datetime64("NaT"))
    missing = np.isnat(result) & present(values)
    if missing.any():
        serial = pd.to_numeric(pd.Series(values.to_numpy(zero_copy_only=False), dtype=object), errors="coerce").to_numpy(
            dtype="float64", na_value=np.nan
        )
        in_range = missing & (serial >= _EXCEL_SERIAL_RANGE[0]) & (serial < _EXCEL_SERIAL_RANGE[1])
        seconds = np.round(np.nan_to_num(serial) * 86_400).astype("int64")
        result = np.where(in_range, _EXCEL_EPOCH + seconds.astype("timedelta64[s]"), result)
    bad = np.isnat(result) & present(values)
    if date_only:
        return Parsed(pa.array(result.astype("datetime64[D]"), pa.date32(), from_pandas=True), bad, text=values)
    return Parsed(pa.array(result, pa.timestamp("s"), from_pandas=True), bad, text=values)
