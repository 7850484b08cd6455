"""Date filters in the page's language. Streamlit 1.67's st.date_input has no locale option (only
`format`, digits and separators): its calendar names months and weekdays in English. Chinese pages
therefore choose months by name (2024年1月 … 2024年6月); the link keeps ISO dates either way, so
the same link gives the same period in every language, and a link's exact day is kept."""

from __future__ import annotations

import datetime as dt

import pytest

from dashboard import i18n
from tests.apptest_helpers import run_page

CLEARANCE = "pages/clearance.py"


def url(app) -> dict:
    return {key: value for key, value in app.query_params.items()}


@pytest.mark.parametrize("lang", ["zh_hans", "zh_hant"])
def test_chinese_pages_choose_months_written_in_chinese(app_env, lang):
    app = run_page(CLEARANCE, lang, **{"from": "2024-01-01", "to": "2024-06-30"})
    assert not app.exception, [e.value for e in app.exception]
    assert not app.get("date_input"), "no English calendar on a Chinese page"
    start, end = app.selectbox(key="from_month"), app.selectbox(key="to_month")
    assert (start.value, end.value) == (dt.date(2024, 1, 1), dt.date(2024, 6, 30))
    assert start.label == i18n.t(lang, "filter.from") and end.label == i18n.t(lang, "filter.to")
    assert start.format_func(start.value) == "2024年1月" and end.format_func(end.value) == "2024年6月"
    assert all(option.endswith("月") and option[:4].isdigit() for option in start.options + end.options)

    end.set_value(dt.date(2024, 3, 31)).run()
    assert url(app)["to"] == "2024-03-31" and url(app)["from"] == "2024-01-01"


def test_a_links_exact_day_is_kept_while_its_month_is_chosen(app_env):
    app = run_page(CLEARANCE, "zh_hans", **{"from": "2024-01-15", "to": "2024-06-30"})
    assert app.selectbox(key="from_month").format_func(app.selectbox(key="from_month").value) == "2024年1月"
    assert url(app)["from"] == "2024-01-15"
    app.selectbox(key="from_month").set_value(dt.date(2024, 2, 1)).run()
    assert url(app)["from"] == "2024-02-01"


def test_english_pages_keep_the_date_picker(app_env):
    app = run_page(CLEARANCE, "en", **{"from": "2024-01-15"})
    assert app.date_input(key="from").value == dt.date(2024, 1, 15)
    assert not [box for box in app.selectbox if box.key == "from_month"]
