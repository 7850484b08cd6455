"""Search across the measures in all three languages, without word splitting. No Streamlit here.

Chinese is matched by character bigrams and as a phrase, English by word prefixes; script
(繁 -> 简, by `dashboard.chinese_script`), width and case are folded (`fold()`), so 海外倉, 海外仓 and
"Overseas Warehouse" meet the same text. Results are ranked title > keywords > summary > other
plain-language text > official text, and each carries a snippet in Markdown with every content
character escaped and the matches highlighted.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from dashboard.chinese_script import simplified_char
from dashboard.policies import synonyms
from dashboard.policies.content import LANGS, Measure, measures
from dashboard.policies.markdown import highlight

# --- folding: traditional -> simplified, full width -> half width, case ----------------------


_QUOTES = {"「": "“", "」": "”", "『": "‘", "』": "’"}  # 繁體 corner quotes read as 简体 curly ones


def _fold_char(char: str) -> str:
    """One character in, one character out, so positions in folded text are positions in the original."""
    char = _QUOTES.get(char) or simplified_char(char)
    folded = unicodedata.normalize("NFKC", char).casefold()
    return folded if len(folded) == 1 else char.lower()


def fold(text: str) -> str:
    """Fold script (繁 -> 简), width (ＡＢ -> ab, ，-> ,) and case; same length as `text`."""
    return "".join(_fold_char(c) for c in text)


# --- search -------------------------------------------------------------------------------

SYNONYM_WEIGHT = 6.0  # a measure an everyday word leads to (datasets/policies/search_terms.yaml): about a keyword match
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
    field: str  # tier of the snippet: keywords | summary | details | official (or title), or related (found only through `via`)
    lang: str  # language of the snippet
    snippet: str  # Markdown, escaped, matches highlighted
    via: str = ""  # the everyday word of the query that led here (search_terms.yaml), if one did


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


_built: list[tuple[dict[int, Measure], tuple[_Field, ...]]] = []  # (the measures indexed, their fields)


def _index() -> tuple[_Field, ...]:
    """The fields of every measure, rebuilt when `measures()` gives a new object (a file changed)."""
    current = measures()
    if not _built or _built[0][0] is not current:
        _built[:] = [(current, tuple(field for item in current.values() for field in _fields(item)))]
    return _built[0][1]


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
    via: dict[int, str] = {}
    for hit in synonyms.hits(parsed.phrase, fold):
        for number in hit.group.measures:
            if number in by_number:
                scores[number] = scores.get(number, 0.0) + SYNONYM_WEIGHT
                via.setdefault(number, as_typed(query, hit.word))
    typed = " ".join(unicodedata.normalize("NFKC", query).casefold().split())
    ranked = sorted(scores, key=lambda n: (-scores[n], n))
    results = [_result(by_number[number], scores[number], matches.get(number, []), lang, typed, via.get(number, "")) for number in ranked]
    return results[:limit] if limit else results


def _result(
    item: Measure, score: float, found: list[tuple[float, _Field, list[tuple[int, int]]]], lang: str, typed: str, via: str = ""
) -> SearchResult:
    title_spans = next((spans for _, field, spans in found if field.tier == "title" and field.lang == lang), [])
    others = [match for match in found if match[1].tier != "title"]
    if others:
        # A sentence explains a match better than a keyword list; then the asked language, then
        # the script the query was typed in (海外倉 -> the 繁體 text).
        _, field, spans = max(
            others, key=lambda m: (m[0], m[1].tier != "keywords", TIER_WEIGHTS[m[1].tier], m[1].lang == lang, typed in m[1].text.casefold())
        )
        text, tier, snippet_lang = field.text, field.tier, field.lang
    else:  # only the title, the number or an everyday word matched: show the start of the summary
        tier = "related" if via and not found else "summary"
        text, snippet_lang, spans = " ".join(item.summary[lang].split()), lang, []
    return SearchResult(
        measure=item,
        score=score,
        title=highlight(" ".join(item.title[lang].split()), title_spans),
        field=tier,
        lang=snippet_lang,
        snippet=snippet(text, spans, snippet_lang),
        via=via,
    )


def as_typed(query: str, word: str) -> str:
    """`word` (as the content file writes it) as it appears in what the reader typed: 東莞 stays 東莞."""
    typed = " ".join(query[:MAX_QUERY_CHARS].split())
    start = fold(typed).find(fold(word))  # fold keeps the length: a position in one is a position in the other
    return typed[start : start + len(word)] if start != -1 else word


def place_notes(query: str) -> list[str]:
    """The words of the query naming a place outside Shenzhen (search_terms.yaml, note outside_shenzhen), as typed."""
    phrase = Query.parse(query).phrase
    return [as_typed(query, hit.word) for hit in synonyms.hits(phrase, fold) if hit.group.note == "outside_shenzhen"] if phrase else []
