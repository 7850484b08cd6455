"""How a value is written in each shape of file: Chinese spellings (codes, dates, yes/no) and English cells."""

from __future__ import annotations

import datetime as dt

from loaders.contracts.contract import Field
from tools.samples.common import ASCII_ALNUM, CJK

# ---------------------------------------------------------------- spellings


def zh_spelling(f: Field, code: str) -> str:
    """The first all-Chinese spelling the contract accepts for a code (the code itself if none).

    "All-Chinese" skips generated variants such as 5301海关 or SZ_HUANGGANG口岸.
    """
    assert f.codes is not None
    for spelling in f.codes.get(code, ()):
        if CJK.search(spelling) and not ASCII_ALNUM.search(spelling):
            return spelling
    return code


def _zh_datetime(value: dt.datetime, style: int) -> str:
    if style % 2:
        return f"{value.year}年{value.month}月{value.day}日 {value.hour}时{value.minute}分"
    return f"{value.year}/{value.month}/{value.day} {value.hour}:{value.minute:02d}"


def _zh_date(value: dt.date, style: int) -> str:
    return f"{value.year}年{value.month}月{value.day}日" if style % 2 else f"{value.year}/{value.month}/{value.day}"


def _number_text(value: float | int, thousands: bool = False) -> str:
    if isinstance(value, float) and not value.is_integer():
        return repr(value)
    return f"{int(value):,}" if thousands else str(int(value))


def zh_cell(f: Field, value: object, row_index: int) -> str:
    """A value as a Chinese export writes it."""
    if value is None:
        return ""
    if f.kind == "code":
        return zh_spelling(f, str(value))
    if f.kind == "bool":
        return "是" if value else "否"
    if f.kind == "datetime":
        return _zh_datetime(value, row_index)  # type: ignore[arg-type]
    if f.kind == "date":
        return _zh_date(value, row_index)  # type: ignore[arg-type]
    if f.kind in ("int", "float"):
        return _number_text(value, thousands=f.name.endswith("_cny"))  # type: ignore[arg-type]
    return str(value)


def en_cell(f: Field, value: object) -> str:
    """A value in canonical form: codes, true/false, ISO 8601."""
    if value is None:
        return ""
    if f.kind == "bool":
        return "true" if value else "false"
    if f.kind in ("datetime", "date"):
        return value.isoformat()  # type: ignore[union-attr]
    if f.kind in ("int", "float"):
        return _number_text(value)  # type: ignore[arg-type]
    return str(value)
