"""The 15 measures as content: loaded from datasets/policies/, validated, and searchable.

No Streamlit here. `measures()`, `areas()` and `channels()` read the YAML once (functools.cache)
into frozen dataclasses and raise `PolicyContentError` naming the file and field when something
is missing, empty in a language, or refers to an unknown area, channel or indicator.

`search()` works across all three languages without word splitting: Chinese is matched by
character bigrams and as a phrase, English by word prefixes; traditional characters and case
are folded (`fold()`), so 海外倉, 海外仓 and "Overseas Warehouse" meet the same text. Results are
ranked title > keywords > summary > other plain-language text > official text, and each carries
a snippet in Markdown with every content character escaped and the matches highlighted.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from dashboard import registry
from loaders.constants import LANGS
from loaders.paths import DATASETS_DIR

POLICIES_DIR = DATASETS_DIR / "policies"
CHANNEL_KINDS = ("phone", "wechat", "web", "app", "counter", "mini_program")
CHANNEL_ICONS = {
    "phone": ":material/call:",
    "wechat": ":material/chat:",
    "web": ":material/language:",
    "app": ":material/smartphone:",
    "counter": ":material/storefront:",
    "mini_program": ":material/apps:",
}
TEXT_FIELDS = ("title", "summary", "audience", "what_changes")  # {lang: text} in every measure

Text = dict[str, str]  # {zh_hans, en, zh_hant}


class PolicyContentError(ValueError):
    """The policy content files break the schema; the message names the file and the field."""


@dataclass(frozen=True)
class Source:
    publisher: str
    published: dt.date
    title: str


@dataclass(frozen=True)
class Area:
    id: int
    title: Text


@dataclass(frozen=True)
class Channel:
    id: str
    kind: str
    name: Text
    description: Text
    contact: Text
    url: str | None

    @property
    def icon(self) -> str:
        return CHANNEL_ICONS[self.kind]


@dataclass(frozen=True)
class Measure:
    number: int
    area: int
    slug: str
    title: Text
    official_text_zh: str
    official_explanation_zh: str
    source: Source
    summary: Text
    audience: Text
    what_changes: Text
    how_to: tuple[Text, ...]  # empty when the public has nothing to do (the measure is on customs' side)
    channels: tuple[str, ...]
    indicators: tuple[str, ...]
    keywords: dict[str, tuple[str, ...]]


# --- loading and validation -------------------------------------------------------------


def _read(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        document = yaml.safe_load(handle)
    if not isinstance(document, dict):
        raise PolicyContentError(f"{path.name}: expected a mapping at the top level")
    return document


def _clean(text: str) -> str:
    return text.strip()


def _text(raw: Any, where: str) -> Text:
    """A {zh_hans, en, zh_hant} mapping with a non-empty string in each language."""
    if not isinstance(raw, dict):
        raise PolicyContentError(f"{where}: expected texts in {', '.join(LANGS)}")
    out = {}
    for lang in LANGS:
        value = raw.get(lang)
        if not isinstance(value, str) or not value.strip():
            raise PolicyContentError(f"{where}.{lang}: missing or empty")
        out[lang] = _clean(value)
    return out


def _string(raw: dict[str, Any], key: str, where: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        raise PolicyContentError(f"{where}.{key}: missing or empty")
    return _clean(value)


def _ids(raw: dict[str, Any], key: str, known: set[str], where: str) -> tuple[str, ...]:
    values = raw.get(key)
    if not isinstance(values, list) or not values:
        raise PolicyContentError(f"{where}.{key}: expected a non-empty list")
    unknown = [v for v in values if v not in known]
    if unknown:
        raise PolicyContentError(f"{where}.{key}: unknown ids {unknown}")
    if len(set(values)) != len(values):
        raise PolicyContentError(f"{where}.{key}: listed twice")
    return tuple(values)


@cache
def areas() -> dict[int, Area]:
    out: dict[int, Area] = {}
    for index, raw in enumerate(_read(POLICIES_DIR / "areas.yaml")["areas"]):
        where = f"areas.yaml[{index}]"
        if not isinstance(raw.get("id"), int) or raw["id"] in out:
            raise PolicyContentError(f"{where}.id: missing, not a number, or repeated")
        out[raw["id"]] = Area(raw["id"], _text(raw.get("title"), f"{where}.title"))
    return out


@cache
def channels() -> dict[str, Channel]:
    out: dict[str, Channel] = {}
    for index, raw in enumerate(_read(POLICIES_DIR / "channels.yaml")["channels"]):
        where = f"channels.yaml[{index}]"
        channel_id = _string(raw, "id", where)
        if channel_id in out:
            raise PolicyContentError(f"{where}.id: {channel_id} repeated")
        if raw.get("kind") not in CHANNEL_KINDS:
            raise PolicyContentError(f"{where}.kind: {raw.get('kind')!r} is not one of {CHANNEL_KINDS}")
        url = raw.get("url") or None
        if url is not None and not (isinstance(url, str) and url.startswith(("http://", "https://"))):
            raise PolicyContentError(f"{where}.url: {url!r} is not an http(s) address")
        out[channel_id] = Channel(
            id=channel_id,
            kind=raw["kind"],
            name=_text(raw.get("name"), f"{where}.name"),
            description=_text(raw.get("description"), f"{where}.description"),
            contact=_text(raw.get("contact"), f"{where}.contact"),
            url=url,
        )
    return out


def _source(raw: Any, where: str) -> Source:
    if not isinstance(raw, dict):
        raise PolicyContentError(f"{where}.source: missing")
    published = raw.get("published")
    if not isinstance(published, dt.date):
        raise PolicyContentError(f"{where}.source.published: expected a date (YYYY-MM-DD)")
    return Source(_string(raw, "publisher", f"{where}.source"), published, _string(raw, "title", f"{where}.source"))


def _measure(path: Path) -> Measure:
    raw = _read(path)
    where = path.name
    number = raw.get("number")
    if not isinstance(number, int):
        raise PolicyContentError(f"{where}.number: expected a whole number")
    if raw.get("area") not in areas():
        raise PolicyContentError(f"{where}.area: {raw.get('area')!r} is not an area in areas.yaml")
    steps = raw.get("how_to")
    if not isinstance(steps, list):  # may be empty: some measures ask nothing of the public (e.g. 1)
        raise PolicyContentError(f"{where}.how_to: expected a list of steps")
    keywords = raw.get("keywords")
    if not isinstance(keywords, dict):
        raise PolicyContentError(f"{where}.keywords: expected lists in {', '.join(LANGS)}")
    words: dict[str, tuple[str, ...]] = {}
    for lang in LANGS:
        values = keywords.get(lang)
        if not isinstance(values, list) or not values or not all(isinstance(v, str) and v.strip() for v in values):
            raise PolicyContentError(f"{where}.keywords.{lang}: expected a non-empty list of words")
        words[lang] = tuple(_clean(v) for v in values)
    texts = {name: _text(raw.get(name), f"{where}.{name}") for name in TEXT_FIELDS}
    return Measure(
        number=number,
        area=raw["area"],
        slug=_string(raw, "slug", where),
        official_text_zh=_string(raw, "official_text_zh", where),
        official_explanation_zh=_string(raw, "official_explanation_zh", where),
        source=_source(raw.get("source"), where),
        how_to=tuple(_text(step, f"{where}.how_to[{i}]") for i, step in enumerate(steps)),
        channels=_ids(raw, "channels", set(channels()), where),
        indicators=_ids(raw, "indicators", set(registry.indicators()), where),
        keywords=words,
        **texts,
    )


@cache
def measures() -> dict[int, Measure]:
    """Every measure by number, in order."""
    loaded = [_measure(path) for path in sorted(POLICIES_DIR.glob("measure_*.yaml"))]
    out: dict[int, Measure] = {}
    slugs: set[str] = set()
    for item in sorted(loaded, key=lambda m: m.number):
        if item.number in out:
            raise PolicyContentError(f"measure {item.number}: defined twice")
        if item.slug in slugs:
            raise PolicyContentError(f"measure {item.number}: slug {item.slug} used twice")
        out[item.number] = item
        slugs.add(item.slug)
    return out


def measure(number: int) -> Measure:
    return measures()[number]


def by_area() -> dict[int, list[Measure]]:
    """Areas in order, each with its measures in order."""
    out: dict[int, list[Measure]] = {area_id: [] for area_id in areas()}
    for item in measures().values():
        out[item.area].append(item)
    return out


def source() -> Source:
    """The publication every measure comes from (the seed document of 2023-07-04)."""
    sources = {m.source for m in measures().values()}
    if len(sources) != 1:
        raise PolicyContentError(f"measures cite {len(sources)} different sources; expected one")
    return next(iter(sources))


# --- folding: traditional -> simplified, full width -> half width, case ----------------------

# Traditional -> simplified, as pairs. Covers every character of the 繁體 content that its 简体
# counterpart does not use (a test checks), plus common words a trader may type.
_T2S_PAIRS = (
    "「“」”『‘』’並并佈布佔占來来倉仓個个們们備备傳传優优內内兩两凍冻別别創创劃划動动務务勢势勵励區区協协參参員员問问啟启單单國国園园團团執执報报場场塊块壇坛壞坏學学實实審审將将專专對对導导屬属帶带庫库"
    "廠厂廣广強强後后從从徵征態态憑凭應应戶户採采換换損损撥拨擇择擔担據据擴扩數数於于時时暢畅暫暂書书會会東东條条業业構构標标樞枢樣样機机檔档檢检櫃柜欄栏權权歐欧決决減减測测準准瀏浏灣湾為为無无熱热營营狀状"
    "獲获現现環环產产異异當当疊叠發发監监眾众確确碼码礎础稅税種种穩稳節节範范簡简籃篮粵粤約约納纳紐纽紙纸級级組组結结絡络給给統统經经綜综綠绿維维網网緊紧線线縮缩總总織织繫系繳缴續续聯联與与著着蓋盖號号蝦虾"
    "術术裝装製制複复規规覽览計计訓训託托訪访設设訴诉詢询試试認认說说課课調调請请諮咨講讲證证議议讀读變变讓让貝贝財财貨货費费貿贸資资賣卖賦赋質质購购蹤踪車车軟软載载輸输轉转辦办這这連连進进運运過过達达適适"
    "選选還还邊边銜衔銷销錄录鍵键鏈链鐵铁長长門门開开間间閱阅關关陸陆際际隨随險险雙双離离雲云電电響响順顺預预頭头題题額额願愿類类顯显養养饋馈驗验體体魚鱼鮮鲜鹽盐點点農农藥药醫医億亿萬万價价稱称雞鸡豬猪鴨鸭"
    "廈厦龍龙陽阳義义亞亚漢汉鋼钢錢钱銀银聲声張张貼贴補补罰罚違违則则寫写儲储飛飞艙舱匯汇滙汇幣币盤盘臺台檯台裡里裏里隻只齊齐齡龄覺觉歲岁隊队陣阵鄉乡縣县圍围圖图畫画愛爱樂乐藝艺衛卫訊讯腦脑話话郵邮遞递簽签"
    "沒没麼么嗎吗橋桥嶺岭貫贯鏡镜輛辆駁驳灘滩壩坝擁拥擠挤閘闸樁桩倆俩職职聞闻頁页麗丽廳厅訂订貸贷賬账帳帐獎奖懲惩許许諾诺濟济勞劳覆复"
)
T2S = {_T2S_PAIRS[i]: _T2S_PAIRS[i + 1] for i in range(0, len(_T2S_PAIRS), 2)}


def _fold_char(char: str) -> str:
    """One character in, one character out, so positions in folded text are positions in the original."""
    char = T2S.get(char, char)
    folded = unicodedata.normalize("NFKC", char).casefold()
    return folded if len(folded) == 1 else char.lower()


def fold(text: str) -> str:
    """Fold script (繁 -> 简), width (ＡＢ -> ab, ，-> ,) and case; same length as `text`."""
    return "".join(_fold_char(c) for c in text)


# --- Markdown: escaping and highlighting ------------------------------------------------------

# Every ASCII character Markdown or Streamlit's extensions give meaning to: emphasis, links, code,
# headings, lists, tables, HTML, :colour[...] and :material/icons:, $math$, ~strike~.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~:$=^&\"'])")
HIGHLIGHT = ":orange-background[{}]"


def _escape(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text.replace("\n", " "))


def escape_markdown(text: str) -> str:
    """Text that st.markdown shows literally: every special character backslash-escaped, runs of
    whitespace (newlines too) as one space."""
    return _escape(" ".join(text.split()))


def highlight(text: str, spans: list[tuple[int, int]]) -> str:
    """Markdown for `text` with each (start, end) span highlighted; all content escaped."""
    parts, position = [], 0
    for start, end in _merge(spans):
        parts += [_escape(text[position:start]), HIGHLIGHT.format(_escape(text[start:end]))]
        position = end
    parts.append(_escape(text[position:]))
    return "".join(parts)


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


# --- search -------------------------------------------------------------------------------

TIER_WEIGHTS = {"title": 8.0, "keywords": 4.0, "summary": 2.0, "details": 1.5, "official": 1.0}
PARTIAL_WEIGHT = 0.7  # a field holding only some of the query's terms scores this x coverage²
MIN_COVERAGE = 0.5  # ... and only if it holds at least half of them
MAX_QUERY_CHARS = 100
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "by",
        "can",
        "do",
        "does",
        "for",
        "from",
        "how",
        "i",
        "in",
        "is",
        "it",
        "my",
        "of",
        "on",
        "or",
        "the",
        "to",
        "what",
        "when",
        "where",
        "which",
        "who",
        "with",
    ]
)
_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TOKEN = re.compile(rf"[a-z0-9]+|[{_CJK}]+")
_MEASURE_NUMBER = re.compile(r"^(?:措施|measure|no\.?)?\s*#?(\d{1,2})$")
_ASCII_WORD = re.compile(r"[a-z0-9]")


@dataclass(frozen=True)
class _Field:
    number: int
    tier: str
    lang: str  # zh_hans / en / zh_hant; the official text counts as zh_hans
    text: str
    folded: str


@dataclass(frozen=True)
class Query:
    phrase: str
    terms: tuple[str, ...]
    number: int | None

    @classmethod
    def parse(cls, text: str) -> Query:
        phrase = " ".join(fold(text[:MAX_QUERY_CHARS]).split())
        tokens = _TOKEN.findall(phrase)
        words = [t for t in tokens if _ASCII_WORD.match(t)]
        kept = [w for w in words if w not in STOPWORDS] or words
        terms: list[str] = []
        for token in tokens:
            if _ASCII_WORD.match(token):
                if token in kept:
                    terms.append(token)
            elif len(token) == 1:
                terms.append(token)
            else:
                terms.extend(token[i : i + 2] for i in range(len(token) - 1))
        number = _MEASURE_NUMBER.match(phrase)
        return cls(phrase, tuple(dict.fromkeys(terms)), int(number.group(1)) if number else None)


@dataclass(frozen=True)
class SearchResult:
    measure: Measure
    score: float
    title: str  # the title in the asked language, Markdown, matches highlighted
    field: str  # tier of the snippet: keywords | summary | details | official (or title)
    lang: str  # language of the snippet
    snippet: str  # Markdown, escaped, matches highlighted


def _fields(item: Measure) -> list[_Field]:
    fields = []

    def add(tier: str, lang: str, text: str) -> None:
        text = " ".join(text.split())
        fields.append(_Field(item.number, tier, lang, text, fold(text)))

    for lang in LANGS:
        add("title", lang, item.title[lang])
        add("keywords", lang, " · ".join(item.keywords[lang]))
        add("summary", lang, item.summary[lang])
        add("details", lang, item.audience[lang])
        add("details", lang, item.what_changes[lang])
        for step in item.how_to:
            add("details", lang, step[lang])
    add("official", "zh_hans", item.official_text_zh)
    add("official", "zh_hans", item.official_explanation_zh)
    return fields


@cache
def _index() -> tuple[_Field, ...]:
    return tuple(field for item in measures().values() for field in _fields(item))


def _occurrences(folded: str, needle: str) -> list[tuple[int, int]]:
    """Where `needle` occurs; a needle starting with a letter or digit must start a word there."""
    found, start = [], folded.find(needle)
    while start != -1:
        at_word_start = start == 0 or not (folded[start - 1].isascii() and folded[start - 1].isalnum())
        if at_word_start or not _ASCII_WORD.match(needle):
            found.append((start, start + len(needle)))
        start = folded.find(needle, start + 1)
    return found


def _match(field: _Field, query: Query) -> tuple[float, list[tuple[int, int]]]:
    """Quality in [0, 1] (1 = the whole query as a phrase) and the spans to highlight."""
    spans = _occurrences(field.folded, query.phrase) if query.phrase else []
    if spans:
        return 1.0, spans
    if not query.terms:
        return 0.0, []
    matched = 0
    for term in query.terms:
        found = _occurrences(field.folded, term)
        matched += bool(found)
        spans.extend(found)
    coverage = matched / len(query.terms)
    return (PARTIAL_WEIGHT * coverage**2, spans) if coverage >= MIN_COVERAGE else (0.0, [])


def _window(text: str, spans: list[tuple[int, int]], width: int) -> tuple[int, int]:
    """A stretch of about `width` characters around the first match, not cutting English words."""
    if len(text) <= width:
        return 0, len(text)
    first = min(start for start, _ in spans) if spans else 0
    start = max(0, min(first - width // 4, len(text) - width))
    end = min(len(text), start + width)
    if start > 0 and text[start - 1].isascii() and text[start - 1].isalnum():
        space = text.find(" ", start, first)
        start = space + 1 if space != -1 else start
    if end < len(text) and text[end].isascii() and text[end].isalnum():
        space = text.rfind(" ", max(start, first), end)
        end = space if space != -1 and space > first else end
    return start, end


def snippet(text: str, spans: list[tuple[int, int]], lang: str) -> str:
    """Markdown: the stretch of `text` around the matches, escaped, with the matches highlighted."""
    start, end = _window(text, spans, 160 if lang == "en" else 70)
    inside = [(max(s, start) - start, min(e, end) - start) for s, e in spans if e > start and s < end]
    return ("…" if start > 0 else "") + highlight(text[start:end], inside) + ("…" if end < len(text) else "")


def search(query: str, lang: str = "zh_hans", limit: int | None = None, items: list[Measure] | None = None) -> list[SearchResult]:
    """Measures matching `query` in any language, best first.

    Score = sum over tiers (title, keywords, summary, details, official) of the tier's weight times
    the best match quality in that tier; a query naming a measure number ("8", "措施8") puts that
    measure first. The snippet is the best-matching field other than the title, preferring the
    asked language on ties. `items` searches those measures instead of the content files.
    """
    parsed = Query.parse(query)
    if not parsed.phrase:
        return []
    by_number = measures() if items is None else {item.number: item for item in items}
    fields = _index() if items is None else tuple(field for item in items for field in _fields(item))
    best: dict[int, dict[str, float]] = {}
    matches: dict[int, list[tuple[float, _Field, list[tuple[int, int]]]]] = {}
    for field in fields:
        quality, spans = _match(field, parsed)
        if quality <= 0:
            continue
        tiers = best.setdefault(field.number, {})
        tiers[field.tier] = max(tiers.get(field.tier, 0.0), quality)
        matches.setdefault(field.number, []).append((quality, field, spans))
    scores = {number: sum(TIER_WEIGHTS[tier] * quality for tier, quality in tiers.items()) for number, tiers in best.items()}
    if parsed.number in by_number:
        scores[parsed.number] = scores.get(parsed.number, 0.0) + 100.0
    typed = " ".join(unicodedata.normalize("NFKC", query).casefold().split())
    ranked = sorted(scores, key=lambda n: (-scores[n], n))
    results = [_result(by_number[number], scores[number], matches.get(number, []), lang, typed) for number in ranked]
    return results[:limit] if limit else results


def _result(item: Measure, score: float, found: list[tuple[float, _Field, list[tuple[int, int]]]], lang: str, typed: str) -> SearchResult:
    title_spans = next((spans for _, field, spans in found if field.tier == "title" and field.lang == lang), [])
    others = [match for match in found if match[1].tier != "title"]
    if others:
        # A sentence explains a match better than a keyword list; then the asked language, then
        # the script the query was typed in (海外倉 -> the 繁體 text).
        _, field, spans = max(
            others, key=lambda m: (m[0], m[1].tier != "keywords", TIER_WEIGHTS[m[1].tier], m[1].lang == lang, typed in m[1].text.casefold())
        )
        text, tier, snippet_lang = field.text, field.tier, field.lang
    else:  # only the title (or the number) matched: show the start of the summary
        text, tier, snippet_lang, spans = " ".join(item.summary[lang].split()), "summary", lang, []
    return SearchResult(
        measure=item,
        score=score,
        title=highlight(" ".join(item.title[lang].split()), title_spans),
        field=tier,
        lang=snippet_lang,
        snippet=snippet(text, spans, snippet_lang),
    )
