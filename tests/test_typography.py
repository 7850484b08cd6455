"""Punctuation width per language, over every interface string (datasets/i18n/**) and every content
file the app reads (policies, channels, areas, indicator registry, calendar, training series and
sessions, reference tables, publishers, targets: the same list as tests/test_content_files.py).

Chinese text (zh_hans, zh_hant) uses full-width ，：；（）？！ next to Chinese characters: no
"强化科技赋能,推进", no "主讲: ". English text uses half-width punctuation and straight quotes: no
，。：；（）？！、 and no “ ” ‘ ’ 「 」 『 』 (the page's font stack puts CJK fonts first, where curly
quotes are drawn full-width with CJK spacing: “pilot” reads as “ pilot ”).

Which language a string is in: an i18n file's folder; else the nearest key zh_hans / zh_hant / en
(or a CSV column or YAML key ending in _zh_hans / _zh_hant / _en); else a string with at least as
many Chinese characters as Latin letters counts as Chinese (operator names, platforms), any other as
English ("Economic Daily (经济日报)", a publisher as written in published_figures.csv).

Exceptions, each on purpose:
- Half-width punctuation in Chinese text counts only when a Chinese character (or full-width
  punctuation) sits right before it, or is the next non-space character after it. So numbers
  (1,000; 2,5), times (09:30), ratios, ASCII runs inside Chinese ("ERP, WMS") and {placeholders}
  followed by half-width punctuation and ASCII stay as they are.
- URLs (http(s)://…), `code spans` and Markdown link targets ](…) are blanked before the check;
  Markdown emphasis (** and __) is removed so "**注意**:" still counts.
- official_text_zh and official_explanation_zh in datasets/policies/measure_*.yaml are quoted
  verbatim from the source document (tests/test_policy_content.py checks that), half-width commas
  and all; they are the authority's text and are not retouched. So is a `quote` in
  datasets/policies/guide.yaml (its schema checks that it appears word for word in the measure's text).
- YAML comments and mapping keys (publishers.yaml keys are lookup keys, as written in the CSV) are
  not shown to anyone and are not checked.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from loaders.paths import DATASETS_DIR

NOT_CONTENT = ("samples", "sources", "geo", "assets")  # as in tests/test_content_files.py
LANGS = ("zh_hans", "zh_hant", "en")
VERBATIM_FIELDS = ("official_text_zh", "official_explanation_zh", "quote")

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
FULL_WIDTH_PUNCT = "，。：；（）？！、“”「」『』《》〈〉【】…—"
HALF_WIDTH = ",:;()?!"
EN_FORBIDDEN = "，。：；（）？！、“”‘’「」『』【】《》"

URL = re.compile(r"https?://[^\s)）\]>\"']+")
CODE_SPAN = re.compile(r"`[^`]*`")
LINK_TARGET = re.compile(r"\]\([^)]*\)")
EMPHASIS = re.compile(r"\*\*|__")
HAS_CJK = re.compile(f"[{CJK}]")
LATIN = re.compile("[A-Za-z]")
NEXT_TO_CJK = re.compile(
    f"(?<=[{CJK}{FULL_WIDTH_PUNCT}])[{re.escape(HALF_WIDTH)}]|[{re.escape(HALF_WIDTH)}](?= *[{CJK}{FULL_WIDTH_PUNCT}])"
)


def _blank(text: str) -> str:
    """The text with what is not prose (URLs, code, link targets, emphasis marks) taken out."""
    text = URL.sub("URL", text)
    text = CODE_SPAN.sub("CODE", text)
    text = LINK_TARGET.sub("]", text)
    return EMPHASIS.sub("", text)


def chinese_problems(text: str) -> list[str]:
    """Half-width punctuation next to Chinese characters, each with a few characters around it."""
    prose = _blank(text)
    return [prose[max(0, m.start() - 6) : m.end() + 6] for m in NEXT_TO_CJK.finditer(prose)]


def english_problems(text: str) -> list[str]:
    prose = _blank(text)
    return [prose[max(0, i - 6) : i + 7] for i, char in enumerate(prose) if char in EN_FORBIDDEN]


def _lang_of_key(key: object, inherited: str | None) -> str | None:
    key = str(key)
    for lang in LANGS:
        if key == lang or key.endswith("_" + lang):
            return lang
    return inherited


def _walk(value: object, where: str, lang: str | None) -> Iterator[tuple[str, str | None, str]]:
    if isinstance(value, dict):
        for key, item in value.items():
            if str(key) in VERBATIM_FIELDS:
                continue
            yield from _walk(item, f"{where}.{key}", _lang_of_key(key, lang))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(item, f"{where}[{index}]", lang)
    elif isinstance(value, str):
        yield where, lang, value


def _content_files() -> list[Path]:
    return sorted(
        path
        for path in DATASETS_DIR.rglob("*")
        if path.suffix in (".yaml", ".yml", ".csv") and path.relative_to(DATASETS_DIR).parts[0] not in NOT_CONTENT
    )


def strings_of(path: Path) -> Iterator[tuple[str, str | None, str]]:
    """(where, language or None, text) for every string value of a content file."""
    relative = path.relative_to(DATASETS_DIR)
    if path.suffix == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as handle:
            for line, row in enumerate(csv.DictReader(handle), start=2):
                for column, text in row.items():
                    yield f"{relative}:{line}:{column}", _lang_of_key(column, None), text or ""
        return
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    file_lang = relative.parts[1] if relative.parts[0] == "i18n" else None
    yield from _walk(document, str(relative), file_lang)


def problems_in(path: Path) -> list[str]:
    found = []
    for where, lang, text in strings_of(path):
        if lang is None:
            lang = "zh" if len(HAS_CJK.findall(text)) >= len(LATIN.findall(text)) else "en"
        hits = english_problems(text) if lang == "en" else chinese_problems(text)
        found += [f"{where} ({lang}): …{hit}…" for hit in hits]
    return found


@pytest.mark.parametrize("path", _content_files(), ids=lambda p: str(p.relative_to(DATASETS_DIR)))
def test_punctuation_width_matches_the_language(path):
    assert problems_in(path) == []


def test_every_i18n_file_and_content_kind_is_checked():
    names = {str(path.relative_to(DATASETS_DIR)) for path in _content_files()}
    for lang in LANGS:
        assert f"i18n/{lang}/core.yaml" in names and f"i18n/{lang}/training.yaml" in names
    for name in ("indicators.yaml", "calendar.yaml", "policies/areas.yaml", "policies/measure_08.yaml", "training/sessions.csv"):
        assert name in names


@pytest.mark.parametrize(
    "text",
    ["强化科技赋能,推进平台智慧建设", "主讲: 张三", "单一窗口(Single Window)", "是否参加?", "**注意**:请带证件", "请注意!", "系统;海关"],
)
def test_half_width_punctuation_in_chinese_is_caught(text):
    assert chinese_problems(text), text


@pytest.mark.parametrize(
    "text",
    [
        "09:30开始",
        "共1,000份",
        "访问 https://www.singlewindow.cn/a,b?x=1 查看",
        "在`a,b`中",
        "第{n}页",
        "ERP, WMS系统",
        "见[单一窗口](https://www.singlewindow.cn/)。",
        "主讲：张三（海关）？！",
    ],
)
def test_the_exceptions_are_not_caught(text):
    assert chinese_problems(text) == [], text


def test_english_rules():
    assert english_problems("Expand the “duty exemption” pilot")
    assert english_problems("Presenter（Customs）")
    assert english_problems("Find 开放平台 (Open Platform), then 单一窗口.") == []
    assert english_problems('Expand the "duty exemption" pilot, at 09:30 (UTC+8).') == []
