"""Numbers formatted for their readers: 万/亿 in Chinese, k/M/bn in English, changes of shares in
percentage points, axis ticks that read back to the values they mark."""

from __future__ import annotations

import base64
import datetime as dt
import json
import re

import numpy as np
import pytest

from dashboard import i18n, registry
from dashboard.context import PageContext
from dashboard.models.card_model import card_data, change_text
from dashboard.periods import Period
from loaders.queries.overview import dataset_status
from loaders.store import engines
from tests.apptest_helpers import plotly_specs, run_page

WORDS = {"亿": 1e8, "億": 1e8, "万": 1e4, "萬": 1e4, "bn": 1e9, "M": 1e6, "k": 1e3, "": 1.0}


@pytest.mark.parametrize(
    ("value", "unit", "decimals", "lang", "expected"),
    [
        (958_400_000, "cny", 0, "zh_hans", "9.6亿元"),
        (958_400_000, "cny", 0, "en", "958.4M CNY"),
        (958_400_000, "cny", 0, "zh_hant", "9.6億元"),
        (316_000, "teu", 0, "zh_hans", "31.6万标箱"),
        (316_000, "teu", 0, "en", "316,000 TEU"),  # thousands separators below a million
        (2_500_000_000, "cny", 0, "en", "2.5bn CNY"),
        (4_182, "tonnes", 0, "zh_hans", "4,182吨"),  # under 100,000: the number as it is
        (0.037, "share", 1, "en", "3.7%"),
    ],
)
def test_values_read_in_the_languages_own_large_units(value, unit, decimals, lang, expected):
    assert i18n.format_value(value, unit, decimals, lang) == expected


@pytest.mark.parametrize(
    ("change", "unit", "lang", "expected"),
    [
        (-0.004, "share", "zh_hans", "-0.4个百分点"),  # a share moves in percentage points, not "%"
        (0.025, "share", "en", "+2.5 pp"),
        (0.025, "share", "zh_hant", "+2.5個百分點"),
        (14, "trains", "en", "+14 trains"),
        (-18, "trains", "zh_hans", "-18列"),  # ASCII minus: st.metric reads it for the arrow
        (0, "lines", "en", "±0 lines"),
        (340_000_000, "cny", "zh_hans", "+3.4亿元"),
    ],
)
def test_changes_are_signed_and_shares_change_in_points(change, unit, lang, expected):
    assert i18n.format_change(change, unit, 1 if unit == "share" else 0, lang) == expected


@pytest.mark.parametrize(
    ("value", "lang", "expected"),
    [
        (316_000, "en", "316,000"),
        (316_000, "zh_hans", "31.6万"),
        (1_140_000, "zh_hans", "114万"),
        (200_000, "zh_hant", "20萬"),
        (1_600, "zh_hans", "1,600"),
        (7.5, "en", "7.5"),
    ],
)
def test_quoted_figures_keep_every_digit(value, lang, expected):
    assert i18n.format_exact(value, lang) == expected


@pytest.mark.parametrize(
    ("ticks", "lang", "expected"),
    [
        ([0, 2e8, 4e8, 6e8], "zh_hans", ["0", "2亿", "4亿", "6亿"]),
        ([0, 5e7, 1e8, 1.5e8], "zh_hans", ["0", "0.5亿", "1.0亿", "1.5亿"]),
        ([0, 20_000, 40_000], "zh_hant", ["0", "2萬", "4萬"]),
        ([0, 2_500, 5_000, 7_500], "zh_hans", ["0", "2,500", "5,000", "7,500"]),
        ([0, 2_500, 5_000, 7_500], "en", ["0", "2.5k", "5.0k", "7.5k"]),
        ([0, 2e8, 4e8], "en", ["0", "200M", "400M"]),
        ([0, 5e8, 1e9], "en", ["0", "0.5bn", "1.0bn"]),
    ],
)
def test_axis_ticks_use_one_unit_per_axis(ticks, lang, expected):
    assert i18n.format_ticks(ticks, lang) == expected


def _read_tick(text: str) -> float:
    number, word = re.fullmatch(r"([\d,.]+)(亿|億|万|萬|bn|M|k|)", text).groups()
    return float(number.replace(",", "")) * WORDS[word]


def _value_axes(app, titles: dict[str, str]) -> dict[str, tuple[dict, list[float]]]:
    """indicator id -> (its chart's y axis, the values drawn on it: its line, baseline and target)."""
    found = {}
    for spec in plotly_specs(app):
        title = spec["layout"].get("title", {}).get("text", "")
        for indicator_id, wanted in titles.items():
            if title == wanted:
                lines = [shape["y0"] for shape in spec["layout"].get("shapes", []) if shape.get("y0") == shape.get("y1")]
                found[indicator_id] = (spec["layout"]["yaxis"], _numbers(spec["data"][0]["y"]) + lines)
    return found


def _numbers(values) -> list[float]:
    """A trace's values from the figure's JSON: a list, or Plotly's typed array {dtype, bdata}."""
    if isinstance(values, dict):
        return [float(v) for v in np.frombuffer(base64.b64decode(values["bdata"]), dtype=values["dtype"]) if not np.isnan(v)]
    return [float(v) for v in values if v is not None]


@pytest.mark.parametrize(
    ("script", "params", "indicator_ids"),
    [
        ("pages/rail_tir.py", {}, ("rail.value_cny", "rail.tonnes")),
        ("pages/fresh_produce.py", {"grain": "year"}, ("fresh.tonnes",)),  # the small test store: a year's tonnes pass 1万
    ],
)
@pytest.mark.parametrize("lang", ["zh_hans", "zh_hant", "en"])
def test_value_axes_tick_in_wan_and_yi_on_chinese_pages(app_env, script, params, indicator_ids, lang):
    app = run_page(script, lang, **params)
    assert not app.exception, [e.value for e in app.exception]
    titles = {i: i18n.pick(lang, registry.indicators()[i].title) for i in indicator_ids}
    axes = _value_axes(app, titles)
    assert set(axes) == set(indicator_ids), f"charts titled {titles}"
    for indicator_id, (axis, line) in axes.items():
        values, texts = axis["tickvals"], axis["ticktext"]
        assert [_read_tick(text) for text in texts] == pytest.approx(values), (indicator_id, texts)
        assert max(values) >= 1e4
        low = 0.0 if axis.get("rangemode") == "tozero" else min(line)  # a total's axis starts at zero
        inside = [v for v in values if low <= v <= max(line)]
        assert len(inside) >= 2, f"{indicator_id}: at least two ticks fall where values are drawn ({values}, line {low}..{max(line)})"
        words = {re.sub(r"[\d,.]", "", text) for text in texts if text != "0"}
        if lang == "en":
            assert words <= {"k", "M", "bn"} and words, (indicator_id, texts)
        else:
            assert words <= {"万", "亿", "萬", "億"} and words, (indicator_id, texts)
            assert not any(re.search(r"[kMGB]$", text) for text in texts), "no SI prefixes on Chinese axes"


@pytest.mark.parametrize(("lang", "teu"), [("en", "316,000"), ("zh_hans", "31.6万"), ("zh_hant", "31.6萬")])
def test_about_published_table_shows_whole_numbers_and_names(app_env, lang, teu):
    app = run_page("pages/about_data.py", lang)
    assert not app.exception, [e.value for e in app.exception]
    name, value = i18n.t(lang, "about_page.indicator"), i18n.t(lang, "about_page.value")
    (table,) = [t.value for t in app.dataframe if value in t.value.columns and i18n.t(lang, "about_page.indicator_id") in t.value.columns]
    teu_rows = table[table[i18n.t(lang, "about_page.indicator_id")] == "combiport.teu"]
    assert teu in set(teu_rows[value]), "the published 316,000 TEU, written out whole"
    ids = set(table[i18n.t(lang, "about_page.indicator_id")])
    assert not ids & set(table[name]), "every figure has a name, not its raw id"


# --- one style inside a tile, separators in every table, singular and plural in English ----------
@pytest.mark.parametrize(
    ("change", "beside", "unit", "lang", "expected"),
    [
        (1_967, 316_000, "teu", "zh_hans", "+0.2万标箱"),  # beside 31.6万标箱: in 万 too, never +1,967标箱
        (-12_000, 1_250_000, "teu", "en", "-0.01M TEU"),  # small beside a big value: more decimals, not -0.0M
        (1_967, 31_600, "teu", "zh_hans", "+1,967标箱"),  # beside a whole number: whole
        (250_000, 3_160_000, "cny", "zh_hant", "+25.0萬元"),
        (1, 412, "enterprises", "en", "+1 firm"),
        (2, 412, "enterprises", "en", "+2 firms"),
        (-1, 30, "trains", "en", "-1 train"),
        (1, 30, "trains", "zh_hans", "+1列"),
    ],
)
def test_a_change_is_written_in_the_style_of_the_value_beside_it(change, beside, unit, lang, expected):
    assert i18n.format_change(change, unit, 0, lang, beside=beside) == expected


def test_a_tile_writes_value_and_change_in_one_style(demo_store_url):

    engine = engines.read_engine(demo_store_url)
    try:
        status = dataset_status(engine)
    finally:
        engine.dispose()
    for lang in i18n.LANGS:
        ctx = PageContext(lang, demo_store_url, "formatting", status)
        card = card_data(ctx, registry.indicators()["rail.teu"], Period(dt.date(2024, 1, 1), dt.date(2025, 12, 31), "year"))
        value = i18n.format_value(card.latest.value, "teu", 0, lang)
        change = change_text(card, lang) or ""
        large = [word for word in ("万", "萬", "M") if word in value]
        assert [word for word in ("万", "萬", "M") if word in change] == large, (lang, value, change)


def test_every_table_writes_its_numbers_with_separators(app_env):
    """Each numeric column of every table on a page is set to the reader's locale format (12,345)."""
    for script in ("pages/clearance.py", "pages/rail_tir.py", "pages/ports_map.py"):
        app = run_page(script, "en")
        assert not app.exception
        for table in app.get("arrow_data_frame"):
            columns = json.loads(table.proto.columns or "{}")
            numeric = [c for c in table.value.columns if np.issubdtype(table.value[c].dtype, np.number) and table.value[c].dtype != bool]
            for column in numeric:
                assert columns.get(str(column), {}).get("type_config", {}).get("format") == "localized", (script, column)


@pytest.mark.parametrize(
    ("change", "unit", "decimals", "lang", "expected"),
    [(-0.01, "hours", 1, "zh_hans", "±0.0小时"), (0.0004, "share", 1, "en", "±0.0 pp"), (-0.2, "hours", 1, "en", "-0.2 h")],
)
def test_a_change_too_small_to_show_reads_plus_minus_zero(change, unit, decimals, lang, expected):
    assert i18n.format_change(change, unit, decimals, lang) == expected


@pytest.mark.parametrize("lang", ["zh_hans", "en"])
def test_a_charts_notes_fit_a_phone(app_env, lang):
    """The scope and source lines under every chart are cut to a phone's chart width (320 px)."""
    from dashboard.components.charts import PHONE_PLOT_PX, _text_px

    for spec in plotly_specs(run_page("pages/rail_tir.py", lang, grain="year")):
        notes = [a["text"] for a in spec["layout"].get("annotations", []) if a.get("yshift", 0) <= -64]  # under the x axis
        assert len(notes) >= 2, spec["layout"].get("title")
        for line in notes:
            assert _text_px(line, 11) <= PHONE_PLOT_PX, line
