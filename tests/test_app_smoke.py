"""The app shell: the overview and clearance pages run on demo data in every language."""

import pytest

from dashboard.i18n import LANGS
from tests.apptest_helpers import other_sections, plotly_specs, run_page


@pytest.mark.parametrize("lang", LANGS)
def test_clearance_page_runs_and_draws_its_charts(app_env, lang):
    app = run_page("pages/clearance.py", lang)
    runs = [app, *other_sections(app, "pages/clearance.py", lang)]  # the page draws one section tab at a time
    assert not any(run.exception for run in runs), [e.value for run in runs for e in run.exception]
    specs = [spec for run in runs for spec in plotly_specs(run)]
    titles = [spec["layout"]["title"]["text"] for spec in specs]
    assert len(titles) >= 9  # 4 indicator cards, 2 stage breakdowns, distribution, 3 comparisons, heatmap
    assert any(trace["type"] == "heatmap" for spec in specs for trace in spec["data"])
