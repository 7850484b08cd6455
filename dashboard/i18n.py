"""Interface strings in three languages and language-aware number and date formatting.

Strings live in datasets/i18n/<lang>/*.yaml (nested keys, addressed as "section.key"; one file
per area of the app, merged); pages never hard-code text. No Streamlit here: the current
language is passed in.
"""

from __future__ import annotations

import datetime as dt
import math
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from loaders.constants import LANGS, QUALIFIERS  # noqa: F401  (i18n.LANGS: the interface languages, defined in loaders/constants.py)
from loaders.content.reader import ContentError, files_in, load_content, stamps
from loaders.paths import DATASETS_DIR

DEFAULT_LANG = "zh_hans"
LANG_NAMES = {"zh_hans": "简体中文", "en": "English", "zh_hant": "繁體中文"}
STRINGS_DIR = DATASETS_DIR / "i18n"


def _flatten(tree: dict[str, Any], file: str, prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in tree.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, file, name + "."))
        elif isinstance(value, list) and all(isinstance(item, str | int | float) for item in value):
            flat[name] = tuple(str(item) for item in value)
        elif isinstance(value, str | int | float) and not isinstance(value, bool):
            flat[name] = str(value)
        else:
            raise ContentError(file, f"key {name}", "value", f"expected text, a number or a list of texts, not {type(value).__name__}")
    return flat


def strings_schema(document: Any, file: str) -> dict[str, Any]:
    """One strings file -> flat "section.key" -> text (or a tuple of texts)."""
    if document is None:
        return {}
    if not isinstance(document, dict):
        raise ContentError(file, None, None, "expected nested keys (section: {key: text})")
    return _flatten(document, file)


def _files(lang: str) -> tuple[Path, ...]:
    return files_in(STRINGS_DIR / lang, "*.yaml")


@lru_cache(maxsize=8)
def _merged(key: tuple) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for path_text, _ in key:
        path = Path(path_text)
        flat = load_content(path, strings_schema, name=f"{path.parent.name}/{path.name}")
        clash = merged.keys() & flat.keys()
        if clash:
            raise ContentError(f"{path.parent.name}/{path.name}", f"key {sorted(clash)[0]}", None, "already defined in another file")
        merged.update(flat)
    return merged


def strings(lang: str) -> dict[str, Any]:
    """Flat "section.key" -> text (or a tuple of texts for lists such as weekday names); read again
    when a strings file changes."""
    return _merged(stamps(_files(lang)))


def t(lang: str, key: str, **values: Any) -> str:
    """The string for `key` in `lang`; a missing key shows as the key itself so it gets noticed."""
    text = strings(lang).get(key, key)
    return text.format(**values) if values else str(text)


def t_list(lang: str, key: str) -> tuple[str, ...]:
    return tuple(strings(lang)[key])


def pick(lang: str, texts: dict[str, str]) -> str:
    """A {zh_hans, en, zh_hant} mapping from content files -> the text in `lang`."""
    return texts.get(lang) or texts.get(DEFAULT_LANG) or next(iter(texts.values()))


def code_label(lang: str, kind: str, code: Any) -> str:
    return strings(lang).get(f"code.{kind}.{code}", str(code))


def is_chinese(lang: str) -> bool:
    return lang != "en"


def _large(lang: str) -> tuple[tuple[float, str], ...]:
    """The words for big numbers: 亿/万 (億/萬) in Chinese, bn/M in English."""
    if lang == "en":
        return ((1e9, "bn"), (1e6, "M"))
    return ((1e8, "亿" if lang == "zh_hans" else "億"), (1e4, "万" if lang == "zh_hans" else "萬"))


def format_number(value: float | None, decimals: int, lang: str, large_units: bool = True, beside: float | None = None) -> str:
    """1234567 -> 1.2M (en) / 123.5万 (zh); 958400000 -> 958.4M / 9.6亿. Chinese numbers read in
    万 and 亿 from 100,000 on, English in M and bn from a million on; smaller ones keep their
    thousands separators and the indicator's decimals. `beside`: the number this one is shown
    next to (a value beside its change): both then take its large unit, so a tile never mixes
    31.6万 with +1,967 (it reads 31.6万 and +0.2万)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    threshold = 1e6 if lang == "en" else 1e5
    lead = abs(value) if beside is None or math.isnan(beside) else abs(beside)
    if large_units and lead >= threshold:
        for size, word in _large(lang):
            if lead >= size:
                digits = 1 if lead / size < 1000 else 0
                while value and round(value / size, digits) == 0 and digits < 3:  # a small change beside a big value: +0.01M, not +0.0M
                    digits += 1
                return f"{value / size:,.{digits}f}{word}"
    return f"{value:,.{decimals}f}"


def format_exact(value: float, lang: str) -> str:
    """A figure quoted in a table, to its last digit: 316,000 (en) / 31.6万, 114万 (zh)."""
    number = float(value)
    if is_chinese(lang) and abs(number) >= 1e5:
        for size, word in _large(lang):
            if abs(number) >= size:
                scaled = number / size
                digits = next((d for d in range(7) if abs(round(scaled, d) - scaled) < 1e-9 * max(1.0, abs(scaled))), 6)
                return f"{scaled:,.{digits}f}{word}"
    digits = next((d for d in range(4) if abs(round(number, d) - number) < 1e-9 * max(1.0, abs(number))), 3)
    return f"{number:,.{digits}f}"


def qualified(number: str, qualifier: object, lang: str) -> str:
    """A number as its source words it: more_than -> "400余" / "more than 400" (a lower bound),
    about -> "约20万" / "about 200,000"; as given when exact (no qualifier)."""
    return t(lang, f"format.{qualifier}", number=number) if qualifier in QUALIFIERS else number


def format_published(value: float, qualifier: object, lang: str) -> str:
    """A published figure's number as published: to its last digit (316,000 / 31.6万, never 20.0万
    for 约20万), worded with its qualifier (400余 / more than 400, 约20万 / about 200,000)."""
    return qualified(format_exact(value, lang), qualifier, lang)


def with_unit(number: str, unit_text: str, lang: str) -> str:
    """ "400余家" in Chinese, "more than 400 firms" in English."""
    return f"{number} {unit_text}" if lang == "en" else f"{number}{unit_text}"


def format_value(value: float | None, unit: str, decimals: int, lang: str, qualifier: object = None, beside: float | None = None) -> str:
    """A value with its unit as the language writes it; shares as percentages. `qualifier`: a
    published value's more_than / about, worded around the number (400余家, more than 400 enterprises)."""
    if unit == "share":
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return "—"
        return qualified(f"{value * 100:,.{decimals}f}", qualifier, lang) + "%"
    return unit_after(qualified(format_number(value, decimals, lang, beside=beside), qualifier, lang), unit, lang)


def unit_after(number: str, unit: str, lang: str) -> str:
    """The number and its unit; in English a count of exactly one takes the singular (1 firm,
    +1 train; unit_one), any other number the plural."""
    key = "unit_one" if lang == "en" and number.lstrip("+-±") == "1" and f"unit_one.{unit}" in strings(lang) else "unit"
    unit_text = t(lang, f"{key}.{unit}")
    return f"{number} {unit_text}" if lang == "en" else f"{number}{unit_text}"


def format_change(value: float | None, unit: str, decimals: int, lang: str, beside: float | None = None) -> str:
    """A signed change with its unit; a change in a share is in percentage points
    (+1.2 pp / +1.2个百分点), never "%", which would read as a relative change. `beside`: the
    value it is shown with, whose large unit (万, M) it takes (format_number)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if unit == "share":
        number = f"{abs(value) * 100:,.{decimals}f}"
        body = f"{number} {t(lang, 'format.pp')}" if lang == "en" else f"{number}{t(lang, 'format.pp')}"
    else:
        body = format_value(abs(value), unit, decimals, lang, beside=beside)
    # an ASCII minus: st.metric reads the sign of its delta text for the arrow and colour; a change
    # too small to show at these decimals reads ±0.0, never -0.0 with a falling arrow
    shown = any(digit in "123456789" for digit in body)
    return ("+" if value > 0 else "-" if value < 0 else "±") + body if shown else "±" + body


def format_relative(value: float | None, lang: str) -> str:
    """A relative change (0.58 -> +58.0%)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    return f"{value * 100:+.1f}%"


def format_ticks(values: list[float], lang: str) -> list[str]:
    """Axis ticks in one unit for the whole axis: 0, 0.5亿, 1.0亿 or 0, 5,000, 10,000 in Chinese
    (万 from 10,000, 亿 from 100 million); 0, 50k, 100k / 0, 1.5M / 2bn in English. Each tick gets
    just the decimals it needs to be exact, all the same, so neighbours never read alike."""
    if not values:
        return []
    biggest = max(abs(v) for v in values)
    words = _large(lang) + (((1e3, "k"),) if lang == "en" else ())
    size, word = next(((s, w) for s, w in words if biggest >= s), (1.0, ""))
    scaled = [v / size for v in values]
    digits = next((d for d in range(4) if all(abs(round(v, d) - v) < 1e-9 * max(1.0, abs(v)) for v in scaled)), 3)
    return ["0" if v == 0 else f"{v:,.{digits}f}{word}" for v in scaled]


def format_date(value: dt.date | pd.Timestamp | None, lang: str) -> str:
    if value is None or pd.isna(value):
        return "—"
    value = pd.Timestamp(value)
    if is_chinese(lang):
        return f"{value.year}年{value.month}月{value.day}日"
    return value.strftime("%-d %b %Y")


def format_period(value: pd.Timestamp, grain: str | None, lang: str) -> str:
    """The label of a period starting at `value`: 2023年7月 / Jul 2023, 2023年第3季度 / 2023 Q3, ..."""
    value = pd.Timestamp(value)
    zh = is_chinese(lang)
    if grain == "year":
        return f"{value.year}年" if zh else str(value.year)
    if grain == "quarter":
        quarter = (value.month - 1) // 3 + 1
        return f"{value.year}年第{quarter}季度" if zh else f"{value.year} Q{quarter}"
    if grain == "month":
        return f"{value.year}年{value.month}月" if zh else value.strftime("%b %Y")
    if grain == "week":
        return (
            (f"{value.month}月{value.day}日当周" if lang == "zh_hans" else f"{value.month}月{value.day}日當週")
            if zh
            else f"week of {value.strftime('%-d %b %Y')}"
        )
    return format_date(value, lang)
