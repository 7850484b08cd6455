"""The app shell: the overview and clearance pages run on demo data in every language."""

import pytest

from dashboard.i18n import LANGS
from tests.apptest_helpers import plotly_specs, run_page


@pytest.mark.parametrize("lang", LANGS)
def test_clearance_page_runs_and_draws_its_charts(app_env, lang):
    app = run_page("pages/clearance.py", lang)
    assert not app.exception, [e.value for e in app.exception]
    titles = [spec["layout"]["title"]["text"] for spec in plotly_specs(app)]
    assert len(titles) >= 9  # 4 indicator cards, 2 stage breakdowns, distribution, 3 comparisons, heatmap
    assert any(trace["type"] == "heatmap" for spec in plotly_specs(app) for trace in spec["data"])
