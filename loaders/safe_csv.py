"""CSV that is safe to open in a spreadsheet: every file the project writes for people goes through here.

A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is read by Excel, WPS and
LibreOffice as a formula (CSV injection). Following OWASP's advice, such a text cell is prefixed
with a single quote, so the spreadsheet shows it as text. Numbers stay numbers: a negative number
is data, not a formula, and is left as it is.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

import pandas as pd

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """One cell: text that a spreadsheet would run as a formula gets a leading quote; all else is unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def neutralised(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of the frame whose text cells (and column names) cannot act as formulas."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(neutralise)
    out.columns = [neutralise(c) if isinstance(c, str) else c for c in out.columns]
    return out


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 with BOM (so Excel opens Chinese headers correctly), formula prefixes neutralised."""
    # RFC 4180 line ends: a cell holding a carriage return or line feed is then quoted too
    return neutralised(frame).to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def write_exact_csv(frame: pd.DataFrame, path: Path) -> Path:
    """A file for the loader to read back, not for a spreadsheet: every value exactly as it is
    (no formula guard), UTF-8 with BOM, RFC 4180 line ends, floats in their shortest exact form."""
    return write_whole(path, frame.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig"))


def write_csv(frame: pd.DataFrame, path: Path) -> Path:
    """The same bytes as csv_bytes, written to a file."""
    return write_whole(path, csv_bytes(frame))


def write_whole(path: Path, data: bytes) -> Path:
    """`data` written to `path`, or nothing left there: a write that fails (a full disk) removes
    what it wrote and raises an OSError that names the file."""
    try:
        path.write_bytes(data)
    except OSError as error:
        with contextlib.suppress(OSError):
            path.unlink(missing_ok=True)
        raise OSError(error.errno, error.strerror or str(error), str(path)) from None
    return path
