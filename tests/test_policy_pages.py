"""The policy guide as a user meets it: the list of measures, each measure page and search, in
every language, plus the search ranking and Markdown escaping they rely on."""

from __future__ import annotations

import re

import pytest

from dashboard import i18n, policies, registry
from dashboard.i18n import LANGS
from dashboard.policies import HIGHLIGHT, escape_markdown
from tests.apptest_helpers import page_text, run_page

HIGHLIGHT_OPEN = HIGHLIGHT.split("{}")[0]
_HIGHLIGHTED = re.compile(re.escape(HIGHLIGHT_OPEN) + r"((?:\\.|[^\]\\])*)\]")
_UNESCAPED_SPECIAL = re.compile(r"(?<!\\)[*_\[\]()<>#`:$~|]")


def unescape(markdown: str) -> str:
    return re.sub(r"\\(.)", r"\1", markdown)


def without_highlights(markdown: str) -> str:
    return _HIGHLIGHTED.sub(lambda m: m.group(1), markdown)


def measure_links(app) -> list[int]:
    """Measure numbers of the links to measure pages, in page order."""
    return [
        int(re.search(r"measure=(\d+)", link.proto.query_string).group(1)) for link in app.get("page_link") if link.proto.page == "measure"
    ]


def result_order(app, lang: str) -> list[int]:
    """Measure numbers of the search results, best first (one 'details' link per result)."""
    label = i18n.t(lang, "policies.open_measure")
    return [
        int(re.search(r"measure=(\d+)", link.proto.query_string).group(1)) for link in app.get("page_link") if link.proto.label == label
    ]


# --- search and escaping (no Streamlit) --------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("减免税", 8),
        ("減免稅", 8),
        ("overseas warehouse", 9),
        ("Overseas  WAREHOUSE", 9),
        ("海外倉", 9),
        ("海外仓", 9),
        ("AEO", 13),
        ("aeo", 13),
        ("中欧班列", 11),
        ("8", 8),
        ("措施13", 13),
    ],
)
@pytest.mark.parametrize("lang", LANGS)
def test_search_ranks_the_right_measure_first(query, first, lang):
    results = policies.search(query, lang)
    assert results and results[0].measure.number == first, [r.measure.number for r in results]
    assert results == sorted(results, key=lambda r: -r.score)


def test_search_highlights_the_match_in_title_and_snippet():
    best = policies.search("减免税", "zh_hans")[0]
    assert HIGHLIGHT.format("减免税") in best.title
    assert HIGHLIGHT.format("减免税") in best.snippet
    english = policies.search("overseas warehouse", "en")[0]
    assert HIGHLIGHT.format("overseas warehouse") in english.snippet
    traditional = policies.search("海外仓", "zh_hant")[0]  # typed in 简体, shown in 繁體
    assert HIGHLIGHT.format("海外倉") in traditional.snippet


def test_title_outranks_keywords_outranks_summary_outranks_official_text():
    def measure(number: int, **texts: str) -> policies.Measure:
        base = policies.measure(1)
        fields = {
            name: {lang: texts.get(name, f"filler {number}") for lang in LANGS} for name in ("title", "summary", "audience", "what_changes")
        }
        return policies.Measure(
            number=number, area=1, slug=f"m{number}", official_text_zh=texts.get("official", "填充"), official_explanation_zh="填充", source=base.source,
            how_to=(), channels=base.channels, indicators=base.indicators, keywords={lang: (texts.get("keywords", "filler"),) for lang in LANGS}, **fields,
        )  # fmt: skip

    items = [
        measure(1, official="跨境冷链"),
        measure(2, summary="cold chain across borders"),
        measure(3, keywords="cold chain"),
        measure(4, title="Cold chain lanes"),
    ]
    assert [r.measure.number for r in policies.search("cold chain", "en", items=items)] == [4, 3, 2]
    assert [r.measure.number for r in policies.search("冷链", "en", items=items)] == [1]
    assert policies.search("   ", "en") == [] and policies.search("zzqxj", "en") == []


def test_chinese_queries_match_without_spaces_and_partially():
    # no word boundaries in Chinese: a phrase inside a longer word matches, and so do most of its bigrams
    assert policies.search("快审", "zh_hans")[0].measure.number == 8
    assert 8 in [r.measure.number for r in policies.search("减免税快审", "zh_hans")]
    assert policies.search("供港生鲜 蔬菜", "zh_hans")[0].measure.number == 6


@pytest.mark.parametrize(
    "text",
    [
        "**bold** and __under__",
        "[link](http://evil.example)",
        ":red[x] :material/warning:",
        "$x^2$",
        "<script>alert(1)</script>",
        "# heading",
        "- item\n1. item",
        "a|b|c",
        "`code` ~strike~",
    ],
)
def test_escape_markdown_leaves_no_markup(text):
    escaped = escape_markdown(text)
    assert not _UNESCAPED_SPECIAL.search(escaped), escaped
    assert unescape(escaped) == " ".join(text.split())


def test_content_with_markdown_cannot_inject_markup_through_search():
    base = policies.measure(9)
    hostile = {lang: "Warehouse **bold** [click](http://evil.example) :red[x] <b>$1$</b> `c`" for lang in LANGS}
    item = policies.Measure(**{**base.__dict__, "title": hostile, "summary": hostile})
    result = policies.search("warehouse", "en", items=[item])[0]
    for markdown in (result.title, result.snippet):
        assert HIGHLIGHT.format("Warehouse") in markdown
        plain = without_highlights(markdown)
        assert not _UNESCAPED_SPECIAL.search(plain), plain
        assert unescape(plain).rstrip("…") == " ".join(hostile["en"].split())


# --- pages (AppTest) -------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_policy_list_shows_all_measures_by_area_with_source(app_env, lang):
    app = run_page("pages/policies.py", lang)
    assert not app.exception, [e.value for e in app.exception]
    assert measure_links(app) == list(range(1, 16))
    assert [e.label for e in app.expander] == [
        i18n.t(lang, "policies.area_heading", n=a.id, title=escape_markdown(i18n.pick(lang, a.title)))
        + f" · {i18n.t(lang, 'policies.measure_count', count=len(policies.by_area()[a.id]))}"
        for a in policies.areas().values()
    ]
    text = page_text(app)
    assert "深圳海关12360" in text and "2023-07-04" in text
    assert escape_markdown(i18n.pick(lang, policies.measure(8).summary)) in text


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(("query", "first"), [("减免税", 8), ("overseas warehouse", 9)])
def test_search_on_the_page_ranks_and_highlights(app_env, lang, query, first):
    app = run_page("pages/policies.py", lang, q=query)
    assert not app.exception, [e.value for e in app.exception]
    assert app.text_input(key="q").value == query
    order = result_order(app, lang)
    assert order and order[0] == first, order
    assert any(HIGHLIGHT_OPEN in element.value for element in app.markdown)
    assert i18n.t(lang, "policies.results", query=escape_markdown(query), count=len(order)) in [s.value for s in app.header]


def test_search_typed_in_the_box_and_no_match(app_env):
    app = run_page("pages/policies.py", "en")
    app.text_input(key="q").input("**zzqxj** :red[x]").run()
    assert not app.exception
    assert result_order(app, "en") == []
    assert app.info and "\\*\\*zzqxj\\*\\* \\:red\\[x\\]" in app.info[0].value  # the query is echoed literally
    app.text_input(key="q").input("AEO").run()
    assert result_order(app, "en")[0] == 13


@pytest.mark.parametrize("lang", LANGS)
def test_every_measure_page_shows_guide_official_text_and_indicators(app_env, lang):
    app = run_page("pages/measure.py", lang)  # no ?measure=: measure 1
    for number in range(1, 16):
        if number > 1:
            app.selectbox(key="measure-choice").set_value(number).run()
        assert not app.exception, (number, [e.value for e in app.exception])
        item = policies.measure(number)
        assert escape_markdown(i18n.pick(lang, item.title)) in app.title[0].value
        markdown = [element.value for element in app.markdown]
        assert escape_markdown(i18n.pick(lang, item.summary)) in markdown
        assert escape_markdown(item.official_text_zh) in markdown and escape_markdown(item.official_explanation_zh) in markdown
        if item.how_to:
            steps = next(m for m in markdown if m.startswith("1. "))
            assert steps.count("\n") == len(item.how_to) - 1
        else:
            assert app.info[0].value == i18n.t(lang, "policies.no_steps")
        text = page_text(app)
        assert i18n.t(lang, "policies.official_note") in text
        assert "深圳海关12360" in text and "2023-07-04" in text
        for channel_id in item.channels:
            assert escape_markdown(i18n.pick(lang, policies.channels()[channel_id].name)) in text
        subheaders = [s.value for s in app.header]
        demo = i18n.t(lang, "app.demo_badge")
        for indicator_id in item.indicators:
            title = i18n.pick(lang, registry.indicators()[indicator_id].title)
            card = next((s for s in subheaders if s.startswith(title)), None)
            assert card is not None, (number, indicator_id)
            assert demo in card  # the test store holds demo data only


@pytest.mark.parametrize("lang", LANGS)
def test_measure_deep_link_and_cards_link_back(app_env, lang):
    app = run_page("pages/measure.py", lang, measure="9")
    assert not app.exception
    assert app.selectbox(key="measure-choice").value == 9
    assert any(i18n.t(lang, "app.demo_badge") in warning.value for warning in app.warning)  # the page says its cards show demo data
    assert app.title[0].value.startswith(i18n.t(lang, "policies.measure_n", n=9))
    links = {(link.proto.page, link.proto.query_string) for link in app.get("page_link")}
    assert ("measure", f"measure=9&lang={lang}") in links  # the overseas-warehouse card's way back
    assert ("policies", f"lang={lang}") in links
