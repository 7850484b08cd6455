"""Text alternatives of charts (dashboard.components.a11y.chart_summary): a screen reader hears the
chart's name and what its line shows, in the page's language, before the chart."""

from __future__ import annotations

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.components import a11y
from dashboard.context import PageContext

SERIES = pd.DataFrame({"period": pd.to_datetime(["2024-03-01", "2024-01-01", "2024-02-01"]), "value": [5.25, 9.0, 4.0]})


def context(lang: str) -> PageContext:
    return PageContext(lang=lang, url="", version="", status=pd.DataFrame())


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "Chart: Clearance time. 3 periods from Jan 2024 to Mar 2024; latest 5.2 h (Mar 2024); lowest 4.0 h, highest 9.0 h."),
        ("zh_hans", "图表：Clearance time。2024年1月至2024年3月共3期；最新5.2小时（2024年3月）；最低4.0小时，最高9.0小时。"),
    ],
)
def test_a_series_is_summarised_by_span_latest_low_and_high(lang, expected):
    text = a11y.chart_summary(context(lang), "Clearance time", SERIES, unit="hours", decimals=1, grain="month")
    assert text == expected


def test_shares_read_as_percentages():
    frame = pd.DataFrame({"period": pd.to_datetime(["2024-01-01"]), "value": [0.875]})
    assert "87.5%" in a11y.chart_summary(context("en"), "Within target", frame, unit="share", decimals=1, grain="month")


def test_another_frame_is_summarised_by_its_rows_and_the_table_tab():
    frame = pd.DataFrame({"port": ["A", "B"], "hours": [1.0, 2.0]})
    assert a11y.chart_summary(context("en"), "By port", frame) == "Chart: By port. 2 rows of data; the Table tab lists every number."
    assert "No data" in a11y.chart_summary(context("en"), "By port", frame.iloc[0:0])


def _summary_app() -> None:
    import pandas as pd

    from dashboard.components import a11y
    from dashboard.context import PageContext

    frame = pd.DataFrame({"period": pd.to_datetime(["2024-01-01"]), "value": [1.0]})
    a11y.chart_summary(PageContext("en", "", "", pd.DataFrame()), "<script>alert(1)</script>", frame, unit="hours")


def test_the_summary_is_hidden_text_and_escapes_its_title():
    app = AppTest.from_function(_summary_app).run()
    assert not app.exception
    (body,) = [element.proto.body for element in app.get("html")]
    assert body.startswith(f'<p class="{a11y.SR_ONLY}"') and "&lt;script&gt;" in body and "<script>" not in body
