"""Search finds what people type: everyday words, broader terms and places, in simplified and
traditional Chinese and English (datasets/policies/search_terms.yaml), and a search that finds
nothing points to the guide."""

from __future__ import annotations

import pytest

from dashboard import i18n, policies
from dashboard.policies.search import place_notes
from tests.apptest_helpers import run_page

TOP = 3  # each measure a query must find is among its first three results

# (what a trader types, the measures it must find)
EVERYDAY = [
    ("荔枝", {6}),
    ("龍眼", {6}),
    ("lychee", {6}),
    ("水果", {6}),
    ("供港蔬菜", {6}),
    ("活猪", {6}),
    ("貨車", {4}),
    ("卡车", {4}),
    ("trucks", {4}),
    ("皇岗口岸", {4}),
    ("海鲜", {7}),
    ("冰鮮", {7}),
    ("salmon", {7}),
    ("東莞", {12}),
    ("Dongguan", {12}),
    ("电话", {14}),
    ("投訴", {14}),
    ("hotline", {14}),
    ("芯片", {8}),
    ("免税", {8}),
    ("海外倉", {9}),
    ("退货", {9}),
    ("飞机", {2}),
    ("集装箱", {3}),
    ("火车", {11}),
    ("TIR", {11}),
    ("直播", {15}),
    ("AEO", {13}),
    ("来料加工", {5}),
    ("查验", {4}),
    ("lychee Dongguan truck", {6, 4}),
]


@pytest.mark.parametrize(("query", "expected"), EVERYDAY, ids=[query for query, _ in EVERYDAY])
def test_an_everyday_query_finds_its_measures(query, expected):
    found = [result.measure.number for result in policies.search(query, "zh_hant")]
    top = set(found[: max(TOP, len(expected) + 1)])
    assert expected <= top, f"{query!r} found {found[:6]}"


def test_thirty_everyday_queries_at_least():
    assert len(EVERYDAY) >= 30


def test_a_measure_found_through_a_related_word_says_which_word():
    result = policies.search("買龍眼", "zh_hant")[0]
    assert (result.measure.number, result.field, result.via) == (6, "related", "龍眼")
    assert place_notes("東莞荔枝") == ["東莞"] and place_notes("Foshan") == ["Foshan"] and place_notes("深圳") == []


def test_words_match_whole_so_portal_is_not_port():
    assert 3 not in [result.measure.number for result in policies.search("portal", "en")[:2]]


def test_a_search_that_finds_nothing_points_to_the_guide(app_env):
    app = run_page("pages/policies.py", "en", q="zeppelin")
    assert not app.exception
    assert any(info.value == i18n.t("en", "policies.no_results", query="zeppelin") for info in app.info)
    guide_links = [link for link in app.get("page_link") if link.proto.page == "guide"]
    assert guide_links and guide_links[-1].proto.label == i18n.t("en", "guide.try_guide")


def test_a_city_outside_shenzhen_says_whose_customs_office_it_is(app_env):
    app = run_page("pages/policies.py", "zh_hant", q="東莞")
    assert not app.exception
    assert any(info.value == i18n.t("zh_hant", "guide.outside_search", word="東莞") for info in app.info)
    assert ("guide", "where=elsewhere&lang=zh_hant") in {(link.proto.page, link.proto.query_string) for link in app.get("page_link")}
