"""The public pages lead somewhere and say what they show, as a reader meets them (AppTest):
overview tiles link to their detail pages with the same filters, language and reading mode;
sparklines come with a sentence; the measure selector names each measure; phone lines are tel:
links and portals link to the authorities' own sites; the demo notice sits with the data, after the
official text; reading mode is a switch kept in the URL; the About page keeps operator details in
an expander for data stewards; the training page offers one QR code for phones."""

from __future__ import annotations

import re
from urllib.parse import parse_qs

import pandas as pd
import pytest

from dashboard import i18n, policies, registry
from dashboard.components import tiles
from dashboard.context import STATUS_COLUMNS, PageContext
from dashboard.policies import ContentError
from dashboard.policies.content import channels_schema
from tests.apptest_helpers import blocks, elements, run_page

DETAIL = {
    "clearance": "clearance",
    "fresh_produce": "fresh_produce",
    "seafood_lab": "seafood_lab",
    "rail_train": "rail_tir",
    "tir_trip": "rail_tir",
}


def keyed(app, suffix: str) -> list:
    return [block for block in blocks(app.main) if str(getattr(block.proto, "id", "")).endswith(suffix)]


def tile_links(app) -> dict[str, tuple[str, dict[str, list[str]]]]:
    """indicator id -> (page url path, query) of the link in its tile."""
    out = {}
    for indicator in registry.headline():
        (tile,) = keyed(app, f"-tile-{indicator.id.replace('.', '-')}")
        (link,) = elements(tile, "page_link")
        out[indicator.id] = (link.proto.page, parse_qs(link.proto.query_string))
    return out


# --- overview -------------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["zh_hans", "en"])
def test_each_overview_tile_links_to_its_detail_page_with_the_same_filters_and_language(app_env, lang):
    app = run_page("pages/overview.py", lang, **{"from": "2024-01-01", "grain": "quarter", "read": "large"})
    assert not app.exception, [e.value for e in app.exception]
    links = tile_links(app)
    for indicator in registry.headline():
        page, query = links[indicator.id]
        assert query["lang"] == [lang] and query["read"] == ["large"], (indicator.id, query)
        if indicator.dataset in DETAIL:
            assert page == DETAIL[indicator.dataset], indicator.id
            assert query["grain"] == ["quarter"] and query["from"] == ["2024-01-01"], (indicator.id, query)
    assert links["combiport.lines"][0] == "ports_map"
    assert links["aeo.enterprises"] == ("measure", {"measure": ["13"], "lang": [lang], "read": ["large"]})


def test_a_tile_link_narrows_the_dates_to_what_its_page_offers():
    status = pd.DataFrame(
        [["clearance", 10, 10, pd.Timestamp("2023-01-01"), pd.Timestamp("2024-12-31"), pd.Timestamp("2025-01-02")]],
        columns=list(STATUS_COLUMNS),
    )
    ctx = PageContext("en", "duckdb:///x", "1", status)
    indicator = registry.indicators()["clearance.overall_hours.import"]
    assert tiles.detail_link(ctx, indicator, {"from": "2022-01-01", "to": "2025-06-30"}) == ("pages/clearance.py", {"lang": "en"})
    _, params = tiles.detail_link(ctx, indicator, {"from": "2024-03-01", "to": "2024-06-30", "grain": "year"})
    assert params == {"lang": "en", "grain": "year", "from": "2024-03-01", "to": "2024-06-30"}
    _, params = tiles.detail_link(ctx, indicator, {"from": "2025-03-01"})
    assert params["from"] == "2024-12-31", "a start after the page's data is moved to its last day"


def test_sparklines_have_a_sentence_for_screen_readers_and_show_it_in_reading_mode(app_env):
    sentence = re.compile(r"Last \d+ periods: from .+ \(.+\) to .+ \(.+\)\.")
    app = run_page("pages/overview.py", "en")
    hidden = [html.proto.body for html in app.get("html") if "sparkline-text" in html.proto.body]
    assert len(hidden) >= len(registry.headline()) - 2 and all(sentence.search(body) for body in hidden)
    assert "clip:rect(0,0,0,0)" in hidden[0], "read out, not shown"
    reading = run_page("pages/overview.py", "en", read="large")
    shown = [caption.value for caption in reading.caption if sentence.fullmatch(caption.value)]
    assert len(shown) == len(hidden)
    definitions = [caption.value for caption in reading.caption if caption.value.startswith("Definition: ")]
    assert len(definitions) == len(registry.headline()), "the definition is text, not a tooltip"


# --- reading mode ---------------------------------------------------------------------------------
def test_reading_mode_is_a_sidebar_switch_kept_in_the_url(app_env):
    app = run_page("pages/policies.py", "en")
    (switch,) = [t for t in app.sidebar.toggle if t.label == i18n.t("en", "reading_mode.switch")]
    assert switch.value is False and "read" not in app.query_params
    assert app.text_input(key="q").help == i18n.t("en", "policies.search_help")
    switch.set_value(True).run()
    assert app.query_params["read"] == "large"
    shared = run_page("pages/policies.py", "zh_hant", read="large")
    assert shared.sidebar.toggle[0].value is True and shared.query_params["read"] == "large"
    assert shared.sidebar.toggle[0].label == i18n.t("zh_hant", "reading_mode.switch")
    assert i18n.t("zh_hant", "policies.search_help") in [c.value for c in shared.caption], "help as text, not a tooltip"
    assert not shared.text_input(key="q").help


# --- measure page ---------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", i18n.LANGS)
def test_measure_selector_shows_number_and_title_and_keeps_the_number_in_the_url(app_env, lang):
    app = run_page("pages/measure.py", lang, measure="8")
    (selector,) = app.selectbox
    expected = [f"{n} · {i18n.pick(lang, m.title)}" for n, m in policies.measures().items()]
    assert selector.options == expected
    assert selector.value == 8 and app.query_params["measure"] == "8"
    selector.set_value(3).run()
    assert app.query_params["measure"] == "3" and app.title[0].value.startswith(i18n.t(lang, "policies.measure_heading", n=3, title="")[:2])


def test_phone_lines_are_tel_links_and_portals_link_to_official_sites(app_env):
    phones = {c.id: c for c in policies.channels().values() if c.kind == "phone"}
    portals = {c.id: c for c in policies.channels().values() if c.url}
    assert phones and {"szcustoms_website", "china_single_window"} <= set(portals)
    for number, item in policies.measures().items():
        wanted_phones = [phones[c].tel for c in item.channels if c in phones]
        wanted_sites = [portals[c].url for c in item.channels if c in portals]
        if not (wanted_phones and wanted_sites):
            continue
        app = run_page("pages/measure.py", "en", measure=str(number))
        text = "\n".join(m.value for m in app.markdown)
        for tel in wanted_phones:
            assert f"](tel:{tel})" in text
        for url in wanted_sites:
            assert f"]({url})" in text
        return
    pytest.fail("no measure lists both a phone line and a portal")


@pytest.mark.parametrize(
    ("url", "kind", "contact", "problem"),
    [
        ("http://example.com", "web", "x", "official host"),
        ("https://customs.gov.cn.evil.example", "web", "x", "official host"),
        ("http://shenzhen.customs.gov.cn/a)b", "web", "x", "official host"),
        (None, "phone", "call us", "number"),
    ],
)
def test_channels_refuse_unofficial_sites_and_phone_lines_without_a_number(url, kind, contact, problem):
    texts = {lang: "x" for lang in i18n.LANGS}
    raw = {"id": "c", "kind": kind, "name": texts, "description": texts, "contact": dict.fromkeys(i18n.LANGS, contact), "url": url}
    with pytest.raises(ContentError, match=problem):
        channels_schema({"channels": [raw]}, "channels.yaml")


def test_the_demo_notice_comes_after_the_official_text_with_the_indicators(app_env):
    app = run_page("pages/measure.py", "zh_hans", measure="8")
    order = []
    for node in _walk(app.main):
        node_id = str(getattr(node.proto, "id", ""))
        if node_id.endswith("-official-text"):
            order.append("official")
        elif getattr(node, "type", None) == "warning" and i18n.t("zh_hans", "app.demo_badge") in node.value:
            order.append("demo")
        elif getattr(node, "type", None) == "header" and node.value == i18n.t("zh_hans", "policies.indicators"):
            order.append("indicators")
    assert order[:3] == ["official", "indicators", "demo"], order


def _walk(node):
    """Every block and element in page order."""
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _walk(child)


# --- about and training ---------------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["zh_hans", "en"])
def test_about_page_explains_the_data_and_keeps_operator_details_for_data_stewards(app_env, lang):
    app = run_page("pages/about_data.py", lang)
    assert not app.exception, [e.value for e in app.exception]
    (operators,) = [e for e in app.expander if e.label == i18n.t(lang, "about_page.operators")]
    assert i18n.t(lang, "about_page.plain_intro").strip() in [m.value.strip() for m in app.markdown]
    commands = [block.value for block in elements(operators, "code")]
    assert commands and all(b in [c.value for c in app.code] for b in commands) and len(commands) == len(app.code)
    inside = {id(t) for t in elements(operators, app.get("dataframe")[0].type)}
    sha = i18n.t(lang, "about_page.sha256")
    assert any(sha in t.value.columns for t in app.get("dataframe") if id(t) in inside), "hashes are for operators"
    outside = [t for t in app.get("dataframe") if id(t) not in inside]
    assert outside and not any(sha in t.value.columns for t in outside), "the public part shows no hashes"


def test_training_offers_one_page_qr_for_phones_and_keeps_one_per_session_for_wide_screens(app_env):
    app = run_page("pages/training.py", "en")
    (page_qr,) = keyed(app, "-phone-only-page-qr")
    assert len(elements(page_qr, "image")) == 1
    session_qrs = [b for b in blocks(app.main) if "-desktop-only-qr-" in str(getattr(b.proto, "id", ""))]
    assert len(session_qrs) > 1 and all(len(elements(b, "image")) == 1 for b in session_qrs)
