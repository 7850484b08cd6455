"""Simplified ↔ Traditional Chinese, one way for the whole app: OpenCC's dictionaries (the `opencc`
package, phrase-aware), instead of hand-made character tables. No Streamlit here."""

from __future__ import annotations

from functools import cache

import opencc


@cache
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def to_traditional(text: str) -> str:
    """简体 -> 繁體 (OpenCC s2tw: phrases first, e.g. 发布 -> 發佈, 数据 -> 數據), with the character
    forms of the app's own Traditional strings (为 -> 為, not OpenCC's default 爲); the wording stays
    the Simplified text's (s2tw changes no vocabulary, unlike s2twp)."""
    return _converter("s2tw").convert(text)


def to_simplified(text: str) -> str:
    """繁體 -> 简体 (OpenCC t2s)."""
    return _converter("t2s").convert(text)


@cache
def simplified_char(char: str) -> str:
    """One character's simplified form, or the character itself when that is not exactly one
    character: search folds text character by character, so positions stay positions. A character
    t2s keeps because it is also simplified (著) gets Taiwan usage's form (tw2s: 著 -> 着), which
    is how 繁體 text writes the particle (隨著 = 随着)."""
    folded = to_simplified(char)
    if folded == char:
        folded = _converter("tw2s").convert(char)
    return folded if len(folded) == 1 else char
