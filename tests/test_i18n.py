"""The three string tables: same keys, every key the code asks for exists, no empty text, proper
Traditional Chinese, and the same {placeholders} in every language."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from dashboard import i18n

ROOT = Path(__file__).resolve().parent.parent
SOURCE_DIRS = ("pages", "dashboard")
OTHERS = ("en", "zh_hant")

# Literal keys passed to the translation functions: ctx.t("a.b"), t("a.b") (a local alias of
# ctx.t), t(lang, "a.b"), i18n.t(ctx.lang, "a.b"), t_list(lang, "a.b"). f-strings are not literals
# and are left out (their prefixes are checked by the tests of each area).
KEY_PATTERNS = (
    re.compile(r"""(?<![\w.])(?:ctx\.)?t\(\s*["']([a-z_]+(?:\.[\w-]+)+)["']"""),
    re.compile(r"""\bt(?:_list)?\(\s*[\w.]+\s*,\s*["']([a-z_]+(?:\.[\w-]+)+)["']"""),
)

# Characters that exist only in Simplified Chinese (their Traditional forms differ).
SIMPLIFIED_ONLY = (
    "这们时数据关进湾区说发现实际简单统计检验运输铁车门页语华东广场电报网络让应两亿万凭证货样标间须验鲜读写审阶处办员态规则转换传载装"
)


def _texts(value) -> tuple[str, ...]:
    return value if isinstance(value, tuple) else (value,)


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _used_keys() -> dict[str, set[str]]:
    """key -> files that use it, from a scan of pages/ and dashboard/."""
    used: dict[str, set[str]] = {}
    for folder in SOURCE_DIRS:
        for path in sorted((ROOT / folder).rglob("*.py")):
            text = path.read_text(encoding="utf-8")
            for pattern in KEY_PATTERNS:
                for key in pattern.findall(text):
                    used.setdefault(key, set()).add(str(path.relative_to(ROOT)))
    return used


@pytest.mark.parametrize("lang", OTHERS)
def test_every_language_has_the_same_keys(lang):
    reference, other = set(i18n.strings(i18n.DEFAULT_LANG)), set(i18n.strings(lang))
    assert sorted(reference - other) == [], f"missing in {lang}"
    assert sorted(other - reference) == [], f"only in {lang}"


def test_every_key_used_in_the_code_exists():
    used = _used_keys()
    assert len(used) > 100, "the scan found too few keys: has the calling convention changed?"
    for lang in i18n.LANGS:
        table = i18n.strings(lang)
        missing = {key: sorted(files) for key, files in used.items() if key not in table}
        assert missing == {}, f"keys used in the code but missing in {lang}"


def test_key_scan_finds_each_calling_convention():
    """The scan itself: each way pages and components ask for a string is recognised."""
    sample = 'ctx.t("a.one") t("a.two") i18n.t(ctx.lang, "a.three") t(lang, "a.four") i18n.t_list(lang, "a.five") ctx.t(f"a.{x}")'
    found = {key for pattern in KEY_PATTERNS for key in pattern.findall(sample)}
    assert found == {"a.one", "a.two", "a.three", "a.four", "a.five"}


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_no_value_is_empty(lang):
    empty = [key for key, value in i18n.strings(lang).items() if not _texts(value) or any(not text.strip() for text in _texts(value))]
    assert empty == []


def test_traditional_chinese_uses_no_simplified_only_characters():
    offending = {
        key: "".join(sorted({char for char in text if char in SIMPLIFIED_ONLY}))
        for key, value in i18n.strings("zh_hant").items()
        for text in _texts(value)
        if any(char in SIMPLIFIED_ONLY for char in text)
    }
    assert offending == {}


def test_traditional_chinese_is_not_a_copy_of_simplified():
    """Where the simplified text has a simplified-only character, the Traditional text must differ."""
    hans, hant = i18n.strings("zh_hans"), i18n.strings("zh_hant")
    copies = [key for key, value in hans.items() if any(c in SIMPLIFIED_ONLY for t in _texts(value) for c in t) and hant[key] == value]
    assert copies == []


@pytest.mark.parametrize("lang", OTHERS)
def test_placeholders_match_across_languages(lang):
    reference, other = i18n.strings(i18n.DEFAULT_LANG), i18n.strings(lang)
    mismatched = {
        key: (sorted(set().union(*map(_placeholders, _texts(value)))), sorted(set().union(*map(_placeholders, _texts(other[key])))))
        for key, value in reference.items()
        if key in other and set().union(*map(_placeholders, _texts(value))) != set().union(*map(_placeholders, _texts(other[key])))
    }
    assert mismatched == {}


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_every_text_formats_with_its_placeholders(lang):
    """A stray brace would make str.format fail at run time on the page."""
    broken = []
    for key, value in i18n.strings(lang).items():
        for text in _texts(value):
            try:
                text.format(**dict.fromkeys(_placeholders(text), "x"))
            except (ValueError, IndexError, KeyError):
                broken.append(key)
    assert broken == []


def test_lists_have_the_same_length_in_every_language():
    tables = [i18n.strings(lang) for lang in i18n.LANGS]
    uneven = [key for key, value in tables[0].items() if isinstance(value, tuple) and len({len(t[key]) for t in tables}) != 1]
    assert uneven == []
