"""The fresh-produce (measure 6) and chilled-seafood lab (measure 7) pages, run through the real app
on the small demo store: they run in every language with default and non-default filters, draw
their charts with the date markers, show the numbers the aggregates compute for the same filters,
and show no string of another language."""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pandas as pd
import pytest

from dashboard import i18n, markers, registry
from dashboard.i18n import LANGS
from dashboard.periods import Period
from loaders.content.reference import display_name
from loaders.queries.fresh_produce import FreshFilter, fresh_summary
from loaders.queries.overview import dataset_status
from loaders.queries.seafood_lab import SeafoodFilter, seafood_summary
from loaders.store import engines
from tests.apptest_helpers import other_sections, page_text, plotly_specs, run_page

FRESH, SEAFOOD = "pages/fresh_produce.py", "pages/seafood_lab.py"
AIRPORT_LAB = "机场国际货站现场实验室"  # as the demo data writes it (loaders/demo/seafood.py)
TARGET_HOURS = 24.0  # seafood.within_target_share in datasets/indicators.yaml
FRESH_FILTERED = {"ports": "SZ_WENJINDU", "grain": "month", "categories": ["vegetables", "fruit"], "from": "2023-01-01", "to": "2024-06-30"}
SEAFOOD_LAB_FILTERED = {"lab": AIRPORT_LAB, "grain": "quarter"}
SEAFOOD_ORIGIN_FILTERED = {"origin": ["NO", "CA"], "green": "yes", "grain": "month", "from": "2024-01-01"}


class EverySection:
    """The runs of one page with each of its section tabs open, read as one page: elements of a
    kind are those of every section in tab order (sidebar and header elements once)."""

    def __init__(self, runs):
        self.runs = runs

    def get(self, kind: str) -> list:
        first, *rest = self.runs
        return first.get(kind) + [e for run in rest for e in run.main.get(kind)]

    def __getattr__(self, kind: str) -> list:  # app.dataframe, app.info, app.exception, app.multiselect
        return self.get(kind)


@pytest.fixture(scope="module")
def page(demo_store_url):
    """run(script, lang, **query_params) against the small demo store, every section tab opened
    in turn, memoised for the module: an AppTest run takes seconds, and several tests read the same run."""
    runs = {}
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DASHBOARD_DB_URL", demo_store_url)

        def run(script, lang, **params):
            key = (script, lang, repr(sorted(params.items())))
            if key not in runs:
                first = run_page(script, lang, **params)
                opened = [first, *other_sections(first, script, lang, **params)]
                for one in opened:
                    assert not one.exception, [e.value for e in one.exception]
                runs[key] = EverySection(opened)
            return runs[key]

        yield run


@pytest.fixture(scope="module")
def engine(demo_store_url):
    engine = engines.read_engine(demo_store_url)  # read-only, like the app: DuckDB refuses mixed modes
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def span(engine):
    """(first, last) record date per dataset: the default period of each page."""
    status = dataset_status(engine).set_index("dataset")
    return {name: (status.loc[name, "first"].date(), status.loc[name, "last"].date()) for name in ("fresh_produce", "seafood_lab")}


# --- helpers -------------------------------------------------------------------------------


def charts_by_title(app) -> dict[str, dict]:
    return {spec["layout"]["title"]["text"]: spec for spec in plotly_specs(app)}


def table_with(app, column: str) -> pd.DataFrame:
    """The first table on the page with this column (cards and chart cards each have one)."""
    for element in app.dataframe:
        if column in element.value.columns:
            return element.value
    raise AssertionError(f"no table with column {column!r}")


def card_table(app, indicator_id: str, lang: str) -> pd.DataFrame:
    indicator = registry.indicators()[indicator_id]
    return table_with(app, f"{i18n.pick(lang, indicator.title)} ({i18n.t(lang, 'unit.' + indicator.unit)})")


def card_column(app, indicator_id: str, lang: str) -> np.ndarray:
    return card_table(app, indicator_id, lang).iloc[:, 1].to_numpy(dtype="float64")


def expected_card(frame: pd.DataFrame, indicator_id: str) -> np.ndarray:
    """What a card's table shows for an aggregate column: shares in %, rounded as the registry says."""
    indicator = registry.indicators()[indicator_id]
    metric = indicator.query["records"]["metric"]
    return (frame[metric] * (100 if indicator.unit == "share" else 1)).round(indicator.decimals).to_numpy(dtype="float64")


def assert_same(shown, expected) -> None:
    np.testing.assert_allclose(np.asarray(shown, dtype="float64"), np.asarray(expected, dtype="float64"), rtol=0, atol=1e-9, equal_nan=True)


def marker_traces(spec: dict) -> dict[str, list[str]]:
    """Marker trace name -> the dates it marks (YYYY-MM-DD)."""
    return {t["name"]: sorted({str(x)[:10] for x in t["x"] if x}) for t in spec["data"] if t.get("yaxis", "y") != "y"}


def legend(lang: str, kind: str) -> str:
    return i18n.pick(lang, markers.kinds()[kind]["legend"])


FRESH_TIME_CHARTS = (
    "fresh.tonnes_by_category",
    "fresh.tonnes_by_port",
    "fresh.consignments_by_category",
    "fresh.consignments_by_port",
    "fresh.live_animals",
    "fresh.port_pass",
    "fresh.precleared_pass",
    "fresh.precleared_by_port",
)
SEAFOOD_TIME_CHARTS = ("seafood.stages_median", "seafood.stages_p90")
SEAFOOD_OTHER_CHARTS = ("seafood.before_after", "seafood.by_lab", "seafood.by_product", "seafood.by_origin_country")


# --- runs and charts ------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_fresh_page_draws_every_chart(page, lang):
    charts = charts_by_title(page(FRESH, lang))
    for key in FRESH_TIME_CHARTS:
        assert i18n.t(lang, key) in charts, key
    for indicator_id in (
        "fresh.tonnes",
        "fresh.batches",
        "fresh.live_animals_head",
        "fresh.port_pass_minutes_p90",
        "fresh.precleared_share",
    ):
        assert i18n.pick(lang, registry.indicators()[indicator_id].title) in charts
    stacked = charts[i18n.t(lang, "fresh.tonnes_by_category")]
    assert stacked["layout"]["barmode"] == "stack"
    bars = [t["name"] for t in stacked["data"] if t["type"] == "bar"]
    assert i18n.code_label(lang, "category", "vegetables") == bars[0]  # the largest category at the bottom
    assert len(bars) == 9
    lines = [t["name"] for t in charts[i18n.t(lang, "fresh.port_pass")]["data"] if t["type"] == "scatter"]
    assert {i18n.t(lang, "fresh.median"), i18n.t(lang, "fresh.p90")} <= set(lines)


@pytest.mark.parametrize("lang", LANGS)
def test_seafood_page_draws_every_chart(page, lang):
    charts = charts_by_title(page(SEAFOOD, lang))
    for key in SEAFOOD_TIME_CHARTS + SEAFOOD_OTHER_CHARTS:
        assert i18n.t(lang, key) in charts, key
    stages = charts[i18n.t(lang, "seafood.stages_median")]
    assert [t["name"] for t in stages["data"] if t["type"] == "bar"] == [i18n.t(lang, "seafood.transport"), i18n.t(lang, "seafood.testing")]
    assert i18n.t(lang, "seafood.turnaround") in [t["name"] for t in stages["data"] if t["type"] == "scatter"]
    by_origin = charts[i18n.t(lang, "seafood.by_origin_country")]
    assert display_name("country", "NO", lang) in by_origin["data"][0]["y"]


@pytest.mark.parametrize(("script", "keys"), [(FRESH, FRESH_TIME_CHARTS), (SEAFOOD, SEAFOOD_TIME_CHARTS)])
def test_time_charts_mark_the_rollout_spring_festival_and_demo_typhoons(page, script, keys):
    charts = charts_by_title(page(script, "en"))
    for key in keys:
        marks = marker_traces(charts[i18n.t("en", key)])
        assert marks[legend("en", "measures")] == ["2023-07-04"], key
        assert marks[legend("en", "spring_festival")] == ["2022-02-01", "2023-01-22", "2024-02-10", "2025-01-29"], key
        assert "2023-09-01" in marks[legend("en", "typhoon_demo")]  # demo store: labelled a demo assumption
        assert "demo assumption" in legend("en", "typhoon_demo")


def test_markers_outside_the_chosen_period_are_left_out(page):
    charts = charts_by_title(page(SEAFOOD, "en", **SEAFOOD_ORIGIN_FILTERED))
    marks = marker_traces(charts[i18n.t("en", "seafood.stages_p90")])
    assert legend("en", "measures") not in marks
    assert marks[legend("en", "spring_festival")] == ["2024-02-10", "2025-01-29"]


# --- numbers equal the aggregates --------------------------------------------------------------


def test_fresh_cards_and_charts_show_the_aggregates_for_the_default_view(page, engine, span):
    app = page(FRESH, "en")
    whole = Period(
        *span["fresh_produce"], "month"
    ).whole()  # the page narrows the range to whole months (the default grain, as on every page)
    totals = fresh_summary(engine, "month", (), FreshFilter(whole.start, whole.end))
    for indicator_id in (
        "fresh.tonnes",
        "fresh.batches",
        "fresh.live_animals_head",
        "fresh.port_pass_minutes_p90",
        "fresh.precleared_share",
    ):
        assert_same(card_column(app, indicator_id, "en"), expected_card(totals, indicator_id))
    by_category = table_with(app, "Vegetables")  # tonnes by category comes first
    assert_same(by_category["Total"], totals["tonnes"].round(1))
    pass_time = table_with(app, "Median")
    assert_same(pass_time["Median"], totals["port_pass_minutes_median"].round(1))
    assert_same(pass_time["P90"], totals["port_pass_minutes_p90"].round(1))


def test_fresh_page_with_port_category_and_month_filters(page, engine):
    lang = "zh_hant"
    app = page(FRESH, lang, **FRESH_FILTERED)
    filters = FreshFilter(dt.date(2023, 1, 1), dt.date(2024, 6, 30), ports=("SZ_WENJINDU",), categories=("vegetables", "fruit"))
    totals = fresh_summary(engine, "month", (), filters)
    assert len(totals) == 18
    for indicator_id in ("fresh.tonnes", "fresh.batches", "fresh.port_pass_minutes_p90", "fresh.precleared_share"):
        assert_same(card_column(app, indicator_id, lang), expected_card(totals, indicator_id))
    charts = charts_by_title(app)
    assert [t["name"] for t in charts[i18n.t(lang, "fresh.tonnes_by_port")]["data"] if t["type"] == "bar"] == ["文錦渡口岸"]
    assert [t["name"] for t in charts[i18n.t(lang, "fresh.tonnes_by_category")]["data"] if t["type"] == "bar"] == ["蔬菜", "水果"]
    by_category = fresh_summary(engine, "month", ("category",), filters)
    vegetables = by_category[by_category["category"] == "vegetables"]["consignments"]
    consignments = [e.value for e in app.dataframe if "蔬菜" in e.value.columns][1]  # tonnes first, then consignments
    assert_same(consignments["蔬菜"], vegetables)
    assert_same(consignments[i18n.t(lang, "fresh.total")], totals["consignments"])
    assert table_with(app, i18n.t(lang, "card.period"))[i18n.t(lang, "card.period")].iloc[0] == "2023年1月"


def test_seafood_cards_and_stage_split_show_the_aggregates_for_the_default_view(page, engine, span):
    app = page(SEAFOOD, "en")
    start, end = span["seafood_lab"]
    totals = seafood_summary(engine, "month", (), SeafoodFilter(start, end), TARGET_HOURS)
    for indicator_id in (
        "seafood.turnaround_hours_p90",
        "seafood.turnaround_hours_median",
        "seafood.within_target_share",
        "seafood.failure_rate",
    ):
        assert_same(card_column(app, indicator_id, "en"), expected_card(totals, indicator_id))
    stages = table_with(app, "Transport to the lab")  # the median split comes first
    assert_same(stages["Transport to the lab"], totals["transport_hours_median"].round(2))
    assert_same(stages["Testing"], totals["testing_hours_median"].round(2))
    assert_same(stages["Whole turnaround"], totals["turnaround_hours_median"].round(2))


def test_seafood_page_filtered_to_the_airport_lab(page, engine, span):
    app = page(SEAFOOD, "en", **SEAFOOD_LAB_FILTERED)
    start, end = span["seafood_lab"]
    filters = SeafoodFilter(start, end, labs=(AIRPORT_LAB,))
    totals = seafood_summary(engine, "quarter", (), filters, TARGET_HOURS)
    assert totals["period"].min() >= pd.Timestamp("2023-07-01")  # the airport lab opened with the measures
    for indicator_id in ("seafood.turnaround_hours_p90", "seafood.turnaround_hours_median", "seafood.within_target_share"):
        assert_same(card_column(app, indicator_id, "en"), expected_card(totals, indicator_id))
    by_lab = table_with(app, "Laboratory")
    assert by_lab["Laboratory"].tolist() == ["On-site lab, airport international cargo terminal"]
    assert by_lab["Samples"].tolist() == [int(totals["samples"].sum())]
    before_after = table_with(app, "Window").set_index("Window")
    assert pd.isna(before_after.loc["Before", "Turnaround, median (h)"])  # no airport lab before the rollout
    after = windows_summary(engine, filters)["after"]
    assert before_after.loc["After", "Turnaround, median (h)"] == round(after["turnaround_hours_median"], 2)


def windows_summary(engine, filters: SeafoodFilter) -> dict[str, pd.Series]:
    out = {}
    for key, window in markers.windows("seafood_air_express").items():
        frame = seafood_summary(
            engine,
            None,
            (),
            SeafoodFilter(window.start, window.end, filters.labs, filters.products, filters.origins, filters.is_green_channel),
        )
        out[key] = frame.iloc[0] if not frame.empty else pd.Series(dtype="float64")
    return out


def test_seafood_before_after_uses_fixed_same_length_windows_and_the_other_filters(page, engine):
    lang = "zh_hant"
    app = page(SEAFOOD, lang, **SEAFOOD_ORIGIN_FILTERED)
    windows = markers.windows("seafood_air_express")
    assert windows["before"].days == windows["after"].days == 182
    assert windows["before"].end < dt.date(2023, 7, 4) <= windows["after"].start
    expected = windows_summary(engine, SeafoodFilter(origins=("NO", "CA"), is_green_channel=True))
    table = table_with(app, i18n.t(lang, "seafood.window")).set_index(i18n.t(lang, "seafood.window"))
    for key in ("before", "after"):
        row = table.loc[i18n.t(lang, f"seafood.window_{key}")]
        assert row[i18n.t(lang, "seafood.turnaround_median")] == round(expected[key]["turnaround_hours_median"], 2)
        assert row[i18n.t(lang, "seafood.turnaround_p90")] == round(expected[key]["turnaround_hours_p90"], 2)
        assert row[i18n.t(lang, "seafood.reported")] == expected[key]["reported"]
        assert row[i18n.t(lang, "seafood.days")] == 182
    origins = table_with(app, i18n.t(lang, "seafood.origin_country"))[i18n.t(lang, "seafood.origin_country")]
    assert sorted(origins) == sorted(["挪威", "加拿大"])
    totals = seafood_summary(
        engine, "month", (), SeafoodFilter(dt.date(2024, 1, 1), None, origins=("NO", "CA"), is_green_channel=True), TARGET_HOURS
    )
    assert_same(card_column(app, "seafood.turnaround_hours_p90", lang), expected_card(totals, "seafood.turnaround_hours_p90"))


# --- language ------------------------------------------------------------------------------------

CHECKED_KEYS = (
    "fresh.",
    "seafood.",
    "card.",
    "filter.",
    "grain.",
    "unit.",
    "code.category.",
    "code.flag",
    "page.fresh_produce",
    "page.seafood_lab",
    "app.demo",
)


def _table_strings(lang: str) -> set[str]:
    texts = {value for key, value in i18n.strings(lang).items() if key.startswith(CHECKED_KEYS) and isinstance(value, str)}
    calendar = [kind["legend"] for kind in markers.kinds().values()] + [event.name for event in markers.events()]
    return texts | {i18n.pick(lang, names) for names in calendar}


def foreign_strings(lang: str) -> set[str]:
    """Strings of the other languages' tables that this language's table does not also have."""
    mine = set(i18n.strings(lang).values()) | _table_strings(lang)
    others = set().union(*(_table_strings(other) for other in LANGS if other != lang)) - mine
    return {text for text in others if len(text) >= 2 and "{" not in text}


def visible_text(app) -> str:
    parts = [page_text(app)]
    for spec in plotly_specs(app):
        layout = spec["layout"]
        parts += [
            layout["title"]["text"],
            *(t.get("name", "") for t in spec["data"]),
            *(a.get("text", "") for a in layout.get("annotations", [])),
        ]
        parts += [str(layout.get(axis, {}).get("title", {}).get("text", "")) for axis in ("xaxis", "yaxis")]
        parts += [str(y) for t in spec["data"] if t.get("orientation") == "h" for y in t["y"]]
    for element in app.dataframe:
        frame = element.value
        parts += [str(c) for c in frame.columns] + [str(v) for c in frame.columns if frame[c].dtype == object for v in frame[c]]
    for element in app.multiselect:
        parts += [str(o) for o in element.options]
    return "\n".join(parts)


def appears(needle: str, text: str) -> bool:
    """Latin text as a whole word or phrase ("To" is not in "Total"); Chinese as a substring."""
    if needle.isascii():
        return re.search(rf"(?<![A-Za-z0-9_]){re.escape(needle)}(?![A-Za-z0-9_])", text) is not None
    return needle in text


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("script", [FRESH, SEAFOOD])
def test_no_string_of_another_language_on_the_page(page, script, lang):
    text = visible_text(page(script, lang))
    leaked = sorted(s for s in foreign_strings(lang) if appears(s, text))
    assert not leaked
    assert i18n.t(lang, "page." + script.removeprefix("pages/").removesuffix(".py")) in text


def test_lab_and_product_names_are_translated_not_shown_as_written_in_the_data(page):
    text = visible_text(page(SEAFOOD, "en"))
    assert "Salmon" in text and "三文鱼" not in text
    assert AIRPORT_LAB not in text
    hant = visible_text(page(SEAFOOD, "zh_hant"))
    assert "三文魚" in hant and "三文鱼" not in hant


def test_a_filter_with_no_data_shows_the_empty_state_not_an_error(page):
    app = page(FRESH, "en", ports="SZ_HUANGGANG", categories="live_cattle")  # cattle cross at Wenjindu only
    assert [info.value for info in app.info] == [i18n.t("en", "app.empty")]
    assert plotly_specs(app) == []
