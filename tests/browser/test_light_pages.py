"""Charts a phone can read, in headless Chromium at 390x844.

On the fresh-produce page at a weekly grain over all the data (more than two years of weeks), with
its busiest section open (stacked bars by category and port, a dozen legend entries each):
- no chart draws more periods than charts.MAX_PERIODS (the page draws months instead, and says so);
- every legend sits under its plot, clear of the plot area, the x axis' title, the source line and
  the chart's heading; Plotly's own title (one line, cut at this width) is not drawn;
- no Plotly toolbar shows, even when the chart is tapped or hovered.
At 1440x900 the same charts keep their title and toolbar, and the legend stays clear of both.
Screenshots go to test-artifacts/screenshots/light_<width>.png for a human to look at.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from dashboard import i18n
from dashboard.components import charts
from tests.browser.helpers import CHARTS_FIT_JS, FINISHED_JS, RENDER_TIMEOUT_MS, full_page_screenshot, rerun_and_wait, wait_rendered

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1440, "height": 900}
LANG = "en"

# For each Plotly chart: the boxes of its parts (null when absent or not drawn) and its periods.
CHART_BOXES_JS = """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"] .js-plotly-plot')].map(gd => {
    const box = selector => {
        const el = gd.querySelector(selector);
        if (!el || getComputedStyle(el).display === 'none') return null;
        const r = el.getBoundingClientRect();
        return r.width > 0 && r.height > 0 ? {left: r.left, right: r.right, top: r.top, bottom: r.bottom} : null;
    };
    const card = gd.closest('[data-testid="stVerticalBlock"]');
    const heading = card && card.querySelector('h2, h3');
    const h = heading ? heading.getBoundingClientRect() : null;
    return {
        legend: box('g.legend'),
        plot: box('.draglayer .xy .nsewdrag'),
        xtitle: box('.g-xtitle'),
        xtitleText: (gd.querySelector('.g-xtitle') || {}).textContent || '',
        title: box('.g-gtitle'),
        annotations: [...gd.querySelectorAll('.annotation')].map(a => a.getBoundingClientRect())
            .filter(r => r.width > 0).map(r => ({left: r.left, right: r.right, top: r.top, bottom: r.bottom})),
        heading: h ? {left: h.left, right: h.right, top: h.top, bottom: h.bottom} : null,
        periods: Math.max(0, ...(gd.data || []).filter(t => t.type === 'bar' || !t.yaxis || t.yaxis === 'y')
            .map(t => new Set(Array.from(t.x || []).filter(v => v !== null)).size)),
    };
})"""


def overlap(a: dict | None, b: dict | None, slack: float = 1.0) -> bool:
    """Whether two boxes share more than `slack` pixels in both directions."""
    if a is None or b is None:
        return False
    return (
        min(a["right"], b["right"]) - max(a["left"], b["left"]) > slack and min(a["bottom"], b["bottom"]) - max(a["top"], b["top"]) > slack
    )


def open_volumes(browser, app_server: str, viewport: dict):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.goto(f"{app_server}/fresh_produce?lang={LANG}&grain=week", wait_until="domcontentloaded")
    wait_rendered(page)
    rerun_and_wait(page, page.get_by_role("tab", name=i18n.t(LANG, "fresh.volumes")).click)
    page.wait_for_function(
        "() => document.querySelectorAll('[data-testid=\"stPlotlyChart\"]').length >= 5", timeout=RENDER_TIMEOUT_MS
    )  # the section's five charts replaced the indicator cards
    page.wait_for_function(FINISHED_JS, timeout=RENDER_TIMEOUT_MS)
    return context, page


def shoot(page, viewport: dict) -> None:
    """The whole page: Streamlit scrolls inside its main element, so the window grows to the content
    (same width), then returns to its size."""
    full_page_screenshot(page, SCREENSHOTS / f"light_{viewport['width']}.png", viewport)
    page.set_viewport_size(viewport)
    page.wait_for_function(CHARTS_FIT_JS, timeout=RENDER_TIMEOUT_MS)  # Plotly lays the charts out again


def test_phone_charts_have_few_points_a_legend_below_and_no_toolbar(app_server, browser):
    context, page = open_volumes(browser, app_server, PHONE)
    try:
        shoot(page, PHONE)
        words = {"chosen": i18n.t(LANG, "sections.grain_word.week"), "shown": i18n.t(LANG, "sections.grain_word.month")}
        notice = i18n.t(LANG, "sections.grain_coarsened", count=999_999, limit=charts.MAX_PERIODS, **words).split("999999")[0]
        assert page.get_by_text(notice.strip(), exact=False).count() >= 1, "the page says it draws months instead of weeks"
        by_month = i18n.t(LANG, "sections.axis_by", grain=words["shown"])
        boxes = page.evaluate(CHART_BOXES_JS)
        assert len(boxes) >= 5
        for number, chart in enumerate(boxes):
            assert 0 < chart["periods"] <= charts.MAX_PERIODS, f"chart {number} draws {chart['periods']} periods"
            assert chart["xtitleText"] == by_month, "the axis names the grain drawn"
            assert chart["legend"] is not None, f"chart {number} has several series: its legend shows"
            assert chart["legend"]["top"] >= chart["plot"]["bottom"], f"chart {number}: legend not under the plot"
            for part in ("plot", "xtitle", "heading", "title"):
                assert not overlap(chart["legend"], chart[part]), f"chart {number}: legend overlaps its {part}"
            assert not any(overlap(chart["legend"], note) for note in chart["annotations"]), (
                f"chart {number}: legend covers the source line"
            )
            assert chart["title"] is None, "Plotly's one-line title is not drawn on a phone: the card's heading wraps instead"
        chart = page.locator('[data-testid="stPlotlyChart"]').first
        chart.scroll_into_view_if_needed()
        chart.hover()
        chart.click()
        assert page.locator(".modebar").count() >= 1, "Plotly made its toolbar"
        assert not any(bar.is_visible() for bar in page.locator(".modebar").all()), "no toolbar on a phone"
    finally:
        context.close()


def test_desktop_charts_keep_title_and_toolbar_clear_of_the_legend(app_server, browser):
    context, page = open_volumes(browser, app_server, DESKTOP)
    try:
        shoot(page, DESKTOP)
        boxes = page.evaluate(CHART_BOXES_JS)
        for number, chart in enumerate(boxes):
            assert chart["title"] is not None, f"chart {number} keeps its title on a desktop (and in a saved PNG)"
            assert not overlap(chart["legend"], chart["title"]) and not overlap(chart["legend"], chart["xtitle"])
            assert chart["periods"] <= charts.MAX_PERIODS
        chart = page.locator('[data-testid="stPlotlyChart"]').first
        chart.hover()
        expect(page.locator(".modebar").filter(visible=True).first).to_be_visible()  # the toolbar (PNG download) stays on a desktop
    finally:
        context.close()
