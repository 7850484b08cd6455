"""An over-long filter list in a link gets the same notice as an unknown value: the values past
MAX_URL_VALUES are named as left out, never dropped in silence."""

from __future__ import annotations

from dashboard.components.filters import MAX_URL_VALUES
from tests.apptest_helpers import run_page
from tests.test_url_notices import notice


def test_values_past_the_limit_are_named_as_left_out(app_env):
    """Before: 1,100 ports= values were silently ignored."""
    values = ["SZ_WENJINDU"] * MAX_URL_VALUES + ["SZ_HUANGGANG"] * 1_000
    app = run_page("pages/fresh_produce.py", "en", ports=",".join(values))
    assert not app.exception
    assert notice("en", "ports", "SZ_HUANGGANG") in [w.value for w in app.warning]
    assert app.multiselect(key="ports").value == ["SZ_WENJINDU"]


def test_a_list_within_the_limit_brings_no_notice(app_env):
    app = run_page("pages/fresh_produce.py", "en", ports=",".join(["SZ_WENJINDU"] * MAX_URL_VALUES))
    assert not app.exception and not [w for w in app.warning if "ports" in w.value]
