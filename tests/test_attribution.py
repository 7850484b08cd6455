"""Attribution: an indicator shown as a measure's outcome is narrowed to what the measure covers.
Measures 2 (air), 3 (sea) and 4 (road, 陆路通) each showed the same all-mode, whole-district import
clearance median as "how the measure is progressing"; now each shows its own mode, and the broad
measures (10, 12) show the district's figures as context, labelled so."""

from __future__ import annotations

import datetime as dt

import pytest

from dashboard import i18n, policies, registry
from dashboard.context import PageContext
from dashboard.models.card_model import card_data
from dashboard.periods import Period
from dashboard.views.policies import link_words
from loaders.queries.overview import dataset_status
from loaders.store import engines
from tests.apptest_helpers import run_page

OWN_MODE = {2: "air", 3: "sea", 4: "road"}


@pytest.mark.parametrize(("number", "mode"), sorted(OWN_MODE.items()))
def test_clearance_outcomes_of_the_mode_measures_are_narrowed_to_their_mode(number, mode):
    item = policies.measures()[number]
    clearance = [item.link(i) for i in item.indicators if registry.indicators()[i].dataset == "clearance"]
    assert clearance, number
    assert all(link.role == "outcome" and dict(link.filters) == {"modes": (mode,)} for link in clearance), clearance


def test_no_district_wide_clearance_figure_is_any_measures_outcome():
    for item in policies.measures().values():
        for indicator_id in item.indicators:
            link = item.link(indicator_id)
            if registry.indicators()[indicator_id].dataset == "clearance" and link.role == "outcome":
                assert link.filters, f"measure {item.number}: {indicator_id} is an outcome without the filters that make it its own"


@pytest.mark.parametrize("number", [10, 12])
def test_the_broad_logistics_measures_show_clearance_as_context(number):
    item = policies.measures()[number]
    roles = {item.link(i).role for i in item.indicators if registry.indicators()[i].dataset == "clearance"}
    assert roles == {"context"}


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_the_measure_page_says_what_each_card_is_for_this_measure(app_env, lang):
    app = run_page("pages/measure.py", lang, measure="2")
    captions = [c.value for c in app.caption]
    air = i18n.code_label(lang, "transport_mode", "air")
    narrowed = i18n.t(lang, "policies.role_outcome_narrowed", scope=air)
    assert captions.count(narrowed) == len(policies.measures()[2].indicators), captions
    context = run_page("pages/measure.py", lang, measure="12")
    assert i18n.t(lang, "policies.role_context") in [c.value for c in context.caption]


def test_each_mode_measure_shows_its_own_number_and_the_district_one_is_context(app_env):
    label = i18n.t("en", "card.actual")

    def first_value(number: str) -> str:
        return next(m.value for m in run_page("pages/measure.py", "en", measure=number).metric if m.label.startswith(label))

    sea, air, district = first_value("3"), first_value("2"), first_value("12")
    assert len({sea, air, district}) == 3, (sea, air, district)


def test_link_words_name_the_mode_in_the_page_language():
    link = policies.measures()[4].link("clearance.overall_hours.import")
    import pandas as pd

    from dashboard.context import PageContext

    ctx = PageContext("zh_hans", "", "", pd.DataFrame())
    assert link_words(ctx, link) == "成效指标，限于本措施涉及的范围：" + i18n.code_label("zh_hans", "transport_mode", "road") + "。"


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_a_district_target_is_not_judged_on_a_measures_narrowed_view(app_env, lang):
    """The demo target of the import median is set for the whole district: measure 2's air-only
    card shows no target status and says why; the clearance page's unfiltered card keeps it."""
    app = run_page("pages/measure.py", lang, measure="2")
    captions = [c.value for c in app.caption]
    assert i18n.t(lang, "card.target_other_scope") in captions
    engine = engines.read_engine(app_env)
    try:
        ctx = PageContext(lang, app_env, "target-scope", dataset_status(engine))
    finally:
        engine.dispose()
    indicator = registry.indicators()["clearance.overall_hours.import"]
    period = Period(dt.date(2025, 1, 1), dt.date(2025, 12, 31), "month")
    whole = card_data(ctx, indicator, period)
    air = card_data(ctx, indicator, period, {"modes": ("air",)})
    assert whole.target is not None and not whole.target_withheld, "the demo target applies to the district's own figure"
    assert air.target is None and air.target_withheld and air.assessment.target is None
