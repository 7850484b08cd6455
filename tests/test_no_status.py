"""No status where none can honestly be judged: an indicator with no better direction (a volume
or count the measures serve but do not aim at) shows its change only, grey, on cards, overview
tiles and presenter slides; a baseline quoted as a lower bound ("more than 400") shows as one and
judges nothing."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from dashboard import i18n, registry
from dashboard.assessment import assess, status_of
from dashboard.targets import Target
from tests.apptest_helpers import blocks, elements, run_page
from tests.test_presenter import presenter

AEO = "aeo.enterprises"
# volumes and counts: the measures do not aim at raising or lowering these numbers
NO_DIRECTION = (
    "fresh.tonnes",
    "fresh.batches",
    "fresh.live_animals_head",
    "rail.trains",
    "rail.teu",
    "rail.tonnes",
    "rail.value_cny",
    "tir.trips",
    "combiport.lines",
    "combiport.teu",
    "overseas_warehouse.filings",
    "duty_exemption.auto_approvals",
    "issues.received",
    "issues.resolved",
)


def _block(app, key: str):
    (block,) = [b for b in blocks(app.main) if str(getattr(b.proto, "id", "")).endswith(f"-{key}")]
    return block


def _badges(node) -> list[str]:
    return [m.value for m in elements(node, "markdown") if "-badge[" in m.value]


def test_volumes_and_counts_have_no_better_direction():
    indicators = registry.indicators()
    assert {i for i in NO_DIRECTION if indicators[i].better != "none"} == set()


@pytest.mark.parametrize("indicator_id", NO_DIRECTION)
def test_a_volume_gets_no_status_whatever_it_is_compared_with(indicator_id):
    indicator = registry.indicators()[indicator_id]
    values = pd.DataFrame({"period": pd.to_datetime(["2024-01-01", "2024-02-01"]), "value": [100.0, 500.0]})
    target = Target(indicator_id, 50.0, dt.date(2025, 12, 31), {"en": "x"}, {"en": "x"}, is_demo=False)
    result = assess(indicator, values, baseline=10.0, target=target)
    assert (result.status, result.no_status_reason) == ("none", "no_direction")
    assert result.change == 400.0, "the change is still shown"


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_trains_card_shows_the_change_grey_and_says_change_only(app_env, lang):
    app = run_page("pages/rail_tir.py", lang, **{"from": "2024-01-01", "to": "2025-12-31"})
    assert not app.exception, [e.value for e in app.exception]
    card = _block(app, "card-rail.trains")
    badges = _badges(card)
    assert badges == [f":gray-badge[{i18n.t(lang, 'card.status_no_direction')}]"], badges
    latest = elements(card, "metric")[0]
    assert latest.delta, "the change is shown"
    assert latest.proto.color == latest.proto.MetricColor.GRAY, "grey: neither up nor down is better"
    about = " ".join(m.value for m in elements(card, "markdown"))
    assert i18n.t(lang, "card.no_direction") in about


def test_overview_tiles_of_volumes_carry_no_status_colour(app_env):
    app = run_page("pages/overview.py", "en")
    assert not app.exception, [e.value for e in app.exception]
    checked = 0
    for indicator_id in ("rail.trains", "fresh.tonnes", "tir.trips", "combiport.lines"):
        tile = _block(app, f"tile-{indicator_id.replace('.', '-')}")
        assert _badges(tile) == [f":gray-badge[{i18n.t('en', 'card.status_no_direction')}]"], indicator_id
        (metric,) = elements(tile, "metric")
        assert metric.proto.color == metric.proto.MetricColor.GRAY, indicator_id
        checked += 1
    assert checked == 4


def test_presenter_slide_of_a_volume_carries_no_status_colour(app_env):
    app = presenter("zh_hans", session_id="KF-2025-10", slide="2")  # its first indicator: combination-port lines
    assert not app.exception, [e.value for e in app.exception]
    assert [t.value for t in app.title] == [i18n.pick("zh_hans", registry.indicators()["combiport.lines"].title)]
    status = [b for b in _badges(app.main) if i18n.t("zh_hans", "app.demo_badge") not in b]  # the demo label is orange
    assert status == [f":gray-badge[{i18n.t('zh_hans', 'card.status_no_direction')}]"], status


# --- a baseline quoted as a lower bound ---------------------------------------------------------
def test_aeo_baseline_is_registered_as_the_lower_bound_the_source_gives():
    baseline = registry.indicators()[AEO].baseline
    assert baseline is not None and baseline.value == 400 and baseline.is_lower_bound


@pytest.mark.parametrize("latest", [350.0, 400.0, 450.0])
def test_no_status_is_judged_against_a_lower_bound(latest):
    indicator = registry.indicators()[AEO]
    values = pd.DataFrame({"period": pd.to_datetime(["2024-01-01", "2024-02-01"]), "value": [latest - 1, latest]})
    result = assess(indicator, values, baseline=400.0)
    assert (result.status, result.no_status_reason) == ("none", "lower_bound")


def test_a_target_met_is_still_met_beside_a_lower_bound_baseline():
    indicator = registry.indicators()[AEO]
    assert status_of(indicator, 520.0, 400.0, 500.0, baseline_is_lower_bound=True) == "green"
    assert status_of(indicator, 450.0, 400.0, 500.0, baseline_is_lower_bound=True) == "none", "not 'red': 400 is only a floor"
    exact = dataclasses.replace(indicator, baseline=dataclasses.replace(indicator.baseline, qualifier=None))
    values = pd.DataFrame({"period": pd.to_datetime(["2024-01-01"]), "value": [450.0]})
    assert assess(exact, values, baseline=400.0).status == "better", "an exact baseline is still judged"


@pytest.mark.parametrize(
    ("lang", "baseline"),
    [("zh_hans", "400余家"), ("en", "more than 400 firms"), ("zh_hant", "400餘家")],
)
def test_aeo_card_shows_its_baseline_as_a_lower_bound_and_judges_nothing(app_env, lang, baseline):
    app = run_page("pages/measure.py", lang, measure="13")
    assert not app.exception, [e.value for e in app.exception]
    card = _block(app, f"card-{AEO}")
    metrics = {m.label: m.value for m in elements(card, "metric")}
    assert metrics[i18n.t(lang, "card.baseline")] == baseline
    assert _badges(card) == [f":gray-badge[{i18n.t(lang, 'card.status_lower_bound')}]"]
    captions = [c.value for c in elements(card, "caption")]
    assert i18n.t(lang, "card.lower_bound_note") in captions


def test_every_quoted_baseline_carries_the_qualifier_of_the_published_figure_it_quotes():
    """A registry baseline that quotes a row of published_figures.csv (same id, date and value)
    words it the same way: "more than 400" there is "more than 400" on the card."""
    path = Path(__file__).resolve().parent.parent / "datasets" / "reference" / "published_figures.csv"
    with path.open(encoding="utf-8") as handle:
        published = {(r["indicator_id"], r["period_end"], float(r["value"])): r["qualifier"] or None for r in csv.DictReader(handle)}
    quoted = {
        (i.id, i.baseline.end.isoformat(), i.baseline.value): i.baseline.qualifier
        for i in registry.indicators().values()
        if i.baseline is not None and not i.baseline.from_data
    }
    matched = {key: qualifier for key, qualifier in quoted.items() if key in published}
    assert (AEO, "2023-06-25", 400.0) in matched, "the AEO baseline quotes the published figure"
    assert {key: published[key] for key in matched} == matched


# --- demo values are never judged against a real published baseline ---------------------------------
QUOTED = (
    "processing_trade.groups",
    "processing_trade.enterprises",
    "data_platform.scenarios",
)  # real baselines: 23 groups, 88 firms, 4 scenarios


@pytest.mark.parametrize("indicator_id", QUOTED)
def test_demo_values_are_not_judged_against_a_real_published_baseline(indicator_id):
    indicator = registry.indicators()[indicator_id]
    values = pd.DataFrame({"period": [pd.Timestamp("2025-11-01"), pd.Timestamp("2025-12-01")], "value": [1000.0, 2000.0]})
    demo = assess(indicator, values, indicator.baseline.value, None, is_demo=True)
    assert (demo.status, demo.no_status_reason) == ("none", "demo_vs_published")
    assert demo.baseline == indicator.baseline.value, "the published baseline is still shown, as a fact with its source"
    real = assess(indicator, values, indicator.baseline.value, None, is_demo=False)
    assert real.status == "better", "real data are judged against it"


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_a_demo_card_with_a_published_baseline_says_why_it_judges_nothing(app_env, lang):
    app = run_page("pages/measure.py", lang, measure="5")  # processing trade: 23 groups, 88 firms at the baseline
    assert not app.exception, [e.value for e in app.exception]
    captions = [c.value for c in app.caption]
    assert i18n.t(lang, "card.demo_vs_published_note") in captions
    badges = [m.value for m in app.markdown if "-badge[" in m.value]  # st.badge reaches AppTest as badge Markdown
    assert f":gray-badge[{i18n.t(lang, 'card.status_demo_vs_published')}]" in badges
    assert not any(i18n.t(lang, f"card.status_{status}") in badge for badge in badges for status in ("better", "red", "amber"))
