"""A published figure shows as its source words it: "more than 400" (400余家, a lower bound) and
"about 200,000 t" (约20万吨, never 20.0万) in the published-figures panel, the About page's table,
the rail page's table and chart hovers, in every language; the qualifier reaches the app from the
published-figures file and from a steward's own file, and stores written before it existed still
load and read."""

from __future__ import annotations

import json
import shutil

import pandas as pd
import pytest
import sqlalchemy as sa

from dashboard import i18n
from dashboard.components import published_panel
from dashboard.context import PageContext
from dashboard.models.contract_tables import published_table
from loaders.queries.indicator_series import indicator_series
from loaders.store.engines import read_engine
from loaders.store.load import LoadRequest, load_files
from tests.apptest_helpers import other_sections, run_page
from tests.csv_files import write_csv

# (language, AEO firms "more than 400" with its unit, fruit "about 200,000 t" with its unit)
WORDED = [
    ("zh_hans", "400余家", "约20万吨"),
    ("en", "more than 400 firms", "about 200,000 t"),
    ("zh_hant", "400餘家", "約20萬噸"),
]
HEADER = ["indicator_id", "scope", "period_start", "period_end", "value", "unit", "source", "source_url", "confidence", "qualifier", "note"]


def _ctx(lang: str, url: str = "") -> PageContext:
    return PageContext(lang, url, "test", pd.DataFrame())


def _qualified(engine: sa.Engine) -> pd.DataFrame:
    """The two qualified rows of datasets/reference/published_figures.csv, as the demo build loaded them."""
    rows = indicator_series(engine, ["aeo.enterprises", "fresh.fruit_t"], is_demo=False)
    assert rows["indicator_id"].tolist() == ["aeo.enterprises", "fresh.fruit_t"]
    return rows


def _joined(frame: pd.DataFrame, value: str, unit: str, lang: str) -> list[str]:
    return [i18n.with_unit(v, u, lang) for v, u in zip(frame[value], frame[unit], strict=True)]


@pytest.mark.parametrize(("lang", "firms", "fruit"), WORDED)
def test_panel_words_the_qualifier_in_value_and_hover(demo_store_url, lang, firms, fruit):
    rows = _qualified(read_engine(demo_store_url))
    ctx = _ctx(lang)
    table = published_panel.panel_table(ctx, rows)
    assert _joined(table, ctx.t("published_panel.col_value"), ctx.t("published_panel.col_unit"), lang) == [firms, fruit]
    hovers = published_panel.hover_texts(ctx, rows)
    assert firms in hovers[0] and fruit in hovers[1]


@pytest.mark.parametrize(("lang", "firms", "fruit"), WORDED)
def test_about_page_table_words_the_qualifier(demo_store_url, lang, firms, fruit):
    rows = _qualified(read_engine(demo_store_url))
    ctx = _ctx(lang)
    table = published_table(ctx, rows)
    assert _joined(table, ctx.t("about_page.value"), ctx.t("about_page.unit_label"), lang) == [firms, fruit]


def test_an_exact_figure_keeps_its_last_digit_and_no_qualifier(demo_store_url):
    rows = indicator_series(read_engine(demo_store_url), ["combiport.teu"], ["greater_bay_area"], is_demo=False)
    table = published_table(_ctx("zh_hans"), rows)
    assert table["数值"].tolist() == ["31.6万"]


# a steward's own published-figures file, writing the qualifier as the source does (余, 约)
STEWARD_ROWS = [
    ["rail.trains", "national", "2024-01-01", "2024-12-31", 19000, "trains", "Steward's source", "", "M", "余", ""],
    ["rail.teu", "national", "2024-01-01", "2024-12-31", 2000000, "TEU", "Steward's source", "", "M", "约", ""],
    ["rail.tonnes", "national", "2024-01-01", "2024-12-31", 123456, "tonnes", "Steward's source", "", "M", "", ""],
]


@pytest.fixture
def steward_store(demo_store_url, tmp_path) -> str:
    """A copy of the demo store with a steward's own published-figures file loaded into it."""
    path = tmp_path / "store.duckdb"
    shutil.copyfile(demo_store_url.removeprefix("duckdb:///"), path)
    url = f"duckdb:///{path}"
    (report,) = load_files([LoadRequest("indicator_series", write_csv(tmp_path / "mine.csv", HEADER, STEWARD_ROWS), is_demo=False)], url)
    assert report.rows_accepted == 3
    return url


def test_a_stewards_file_brings_its_qualifiers_as_the_source_wrote_them(steward_store):
    rows = indicator_series(read_engine(steward_store), ["rail.trains", "rail.teu", "rail.tonnes"], ["national"], is_demo=False)
    by_id = dict(zip(rows["indicator_id"] + "@" + rows["period_start"].dt.strftime("%Y"), rows["qualifier"], strict=True))
    assert by_id["rail.trains@2024"] == "more_than" and by_id["rail.teu@2024"] == "about"
    assert pd.isna(by_id["rail.tonnes@2024"])


@pytest.mark.parametrize(
    ("lang", "trains", "teu", "tonnes"),
    [
        ("zh_hans", "19,000余", "约200万", "12.3456万"),
        ("en", "more than 19,000", "about 2,000,000", "123,456"),
        ("zh_hant", "19,000餘", "約200萬", "12.3456萬"),
    ],
)
def test_rail_page_table_words_the_qualifier(steward_store, monkeypatch, lang, trains, teu, tonnes):
    monkeypatch.setenv("DASHBOARD_DB_URL", steward_store)
    first = run_page("pages/rail_tir.py", lang)
    runs = [first, *other_sections(first, "pages/rail_tir.py", lang)]  # the published figures have a section of their own
    assert not [e.value for app in runs for e in app.exception]
    tables = [t.value for app in runs for t in app.dataframe if i18n.t(lang, "rail.confidence_label") in t.value.columns]
    assert len(tables) == 1, "the rail page's published-figures table"
    table = tables[0]
    values = table[i18n.t(lang, "rail.value")].tolist()
    assert trains in values and teu in values, values
    assert tonnes in values, "an exact figure shows to its last digit, unqualified"
    hovers = [
        words
        for app in runs
        for chart in app.get("plotly_chart")
        if "chart-rail-published" in str(chart.proto.id)
        for trace in json.loads(chart.proto.spec)["data"]
        for words in trace.get("customdata") or []
    ]
    assert i18n.with_unit(trains, i18n.t(lang, "unit.trains"), lang) in hovers, "the published trains chart's hover words it too"


def test_a_store_written_before_the_qualifier_column_still_reads_and_loads(tmp_path):
    url = f"duckdb:///{tmp_path / 'old.duckdb'}"
    load_files([LoadRequest("indicator_series", write_csv(tmp_path / "a.csv", HEADER, STEWARD_ROWS[:1]), is_demo=False)], url)
    engine = sa.create_engine(url)
    with engine.begin() as conn:  # the table as a store built before the column existed has it
        conn.execute(sa.text("ALTER TABLE indicator_series DROP COLUMN qualifier"))
    engine.dispose()
    old = indicator_series(read_engine(url))
    assert len(old) == 1 and old["qualifier"].isna().all(), "an old store reads with the qualifier empty"
    (report,) = load_files([LoadRequest("indicator_series", write_csv(tmp_path / "b.csv", HEADER, STEWARD_ROWS[1:2]), is_demo=False)], url)
    assert report.rows_accepted == 1, "an old store takes a new load"
    qualifiers = indicator_series(read_engine(url)).set_index("indicator_id")["qualifier"]
    assert qualifiers["rail.teu"] == "about" and pd.isna(qualifiers["rail.trains"])
