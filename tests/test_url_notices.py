"""A link with filter values the page does not offer: the first run names the values it left out, in the page's language (and as
text: a value is the link's, anyone's), and the address is rewritten without them."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import i18n
from tests.apptest_helpers import APP, TIMEOUT_SECONDS, run_page


def notice(lang: str, name: str, *values: str) -> str:
    start, end = {"zh_hans": "“”", "zh_hant": "「」"}.get(lang, '""')
    joined = ("、" if i18n.is_chinese(lang) else ", ").join(f"{start}{v}{end}" for v in values)
    return i18n.t(lang, "errors.url_unknown", name=name, values=joined)


def url(app: AppTest) -> dict[str, str | list[str]]:
    return {key: value for key, value in app.query_params.items()}


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_unknown_ports_and_grain_are_named_and_removed_from_the_url(app_env, lang):
    app = run_page("pages/fresh_produce.py", lang, ports="9999", grain="century")
    assert not app.exception
    warnings = [w.value for w in app.warning]
    assert notice(lang, "ports", "9999") in warnings and notice(lang, "grain", "century") in warnings
    assert "ports" not in app.query_params and "grain" not in app.query_params
    assert app.selectbox(key="grain").value == "month", "the page's default grain (month: the same latest period as on every page)"


def test_known_values_are_kept_and_only_the_unknown_one_is_named(app_env):
    app = run_page("pages/fresh_produce.py", "en", ports=["SZ_WENJINDU", "9999"])
    assert not app.exception
    assert notice("en", "ports", "9999") in [w.value for w in app.warning]
    assert app.multiselect(key="ports").value == ["SZ_WENJINDU"]
    assert url(app)["ports"] in ("SZ_WENJINDU", ["SZ_WENJINDU"])


def test_known_values_bring_no_notice(app_env):
    app = run_page("pages/fresh_produce.py", "en", ports="SZ_WENJINDU", grain="quarter")
    assert not app.exception
    assert not [w.value for w in app.warning if "The link asked for" in w.value]


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_an_unknown_measure_number_is_named_on_the_measure_page(app_env, lang):
    app = run_page("pages/measure.py", lang, measure="99")
    assert not app.exception
    assert notice(lang, "measure", "99") in [w.value for w in app.warning]
    assert "measure" not in app.query_params


def test_an_unknown_measure_on_the_training_page_is_named_and_the_schedule_is_not_narrowed(app_env):
    app = AppTest.from_file(APP, default_timeout=TIMEOUT_SECONDS)
    app.query_params.update({"lang": "zh_hans", "measure": "99", "series": "no_such_series"})
    app.session_state["training.now"] = dt.datetime(2026, 12, 9, 15, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
    app.switch_page("pages/training.py")
    app.run()
    assert not app.exception
    warnings = [w.value for w in app.warning]
    assert notice("zh_hans", "measure", "99") in warnings and notice("zh_hans", "series", "no_such_series") in warnings
    assert "measure" not in app.query_params and "series" not in app.query_params


def test_dates_outside_the_data_or_not_dates_are_named(app_env):
    app = run_page("pages/clearance.py", "en", **{"from": "2030-01-01", "to": "yesterday"})
    assert not app.exception
    warnings = [w.value for w in app.warning]
    assert notice("en", "from", "2030-01-01") in warnings and notice("en", "to", "yesterday") in warnings


def test_a_value_in_the_link_is_shown_as_text_not_markdown(app_env):
    hostile = "![x](https://example.org/x.png)"
    app = run_page("pages/fresh_produce.py", "en", ports=hostile)
    assert not app.exception
    (shown,) = [w.value for w in app.warning if "The link asked for" in w.value]
    assert "](" not in shown.replace("\\](", "") and "\\[x\\]" in shown
