"""A shared link reopens the section tab that was open (?tab=<code>), with the filters and the grain,
in any language; the first tab is left out of the link, and an unknown tab is named and dropped."""

from __future__ import annotations

import pytest

from dashboard import i18n
from dashboard.components.sections import section_key
from tests.apptest_helpers import run_page

# (page script, section page name, the tab's label key, its code)
TABS = [
    ("pages/clearance.py", "clearance", "sections.clearance_stages", "clearance_stages"),
    ("pages/fresh_produce.py", "fresh", "fresh.speed", "speed"),
    ("pages/seafood_lab.py", "seafood", "seafood.breakdowns", "breakdowns"),
    ("pages/rail_tir.py", "rail", "rail.tir_header", "tir_header"),
]


@pytest.mark.parametrize(("script", "page", "label_key", "code"), TABS, ids=[t[1] for t in TABS])
def test_the_link_opens_its_tab_and_keeps_it(app_env, script, page, label_key, code):
    app = run_page(script, "zh_hant", tab=code, grain="quarter")
    assert not app.exception, [e.value for e in app.exception]
    assert app.session_state[section_key(page)] == i18n.t("zh_hant", label_key)
    assert app.query_params["tab"] == code and app.query_params["grain"] == "quarter"


def test_the_open_tab_goes_into_the_link_and_survives_a_language_switch(app_env):
    app = run_page("pages/clearance.py", "en", session={section_key("clearance"): i18n.t("en", "sections.clearance_compare")})
    assert app.query_params["tab"] == "clearance_compare"
    app.button_group(key="lang").set_value("zh_hans")
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    assert app.session_state[section_key("clearance")] == i18n.t("zh_hans", "sections.clearance_compare")
    assert app.query_params["tab"] == "clearance_compare"


def test_the_first_tab_is_left_out_and_an_unknown_one_is_named(app_env):
    app = run_page("pages/clearance.py", "en", tab="secret")
    assert not app.exception
    assert any("secret" in warning.value for warning in app.warning)
    assert "tab" not in app.query_params
    assert app.session_state[section_key("clearance")] == i18n.t("en", "sections.indicators")
