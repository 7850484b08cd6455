"""One rule for "the latest period": the latest period the data cover whole, the same on the
overview, the area page, the measure page and a presenter slide."""

from __future__ import annotations

import datetime as dt
import re
from functools import cache

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import i18n, periods, policies, registry, training
from dashboard.context import PageContext
from dashboard.models.card_model import coverage
from loaders.queries.overview import dataset_status
from loaders.queries.registry_values import indicator_values
from loaders.store import engines
from tests.apptest_helpers import APP, TIMEOUT_SECONDS, run_page
from tests.apptest_helpers import blocks as _blocks
from tests.apptest_helpers import elements as _elements

LANG = "zh_hans"
AREA_PAGES = {
    "clearance": "pages/clearance.py",
    "fresh_produce": "pages/fresh_produce.py",
    "seafood_lab": "pages/seafood_lab.py",
    "rail_train": "pages/rail_tir.py",
    "tir_trip": "pages/rail_tir.py",
}
HEADLINE = [indicator.id for indicator in registry.headline()]


# --- the rule, given dates -> expected dates -------------------------------------------------------
@pytest.mark.parametrize(
    ("covered_through", "grain", "expected_end"),
    [
        (dt.date(2025, 12, 31), "month", dt.date(2025, 12, 31)),  # the last day covered: December is whole
        (dt.date(2025, 12, 30), "month", dt.date(2025, 11, 30)),  # one day short: November is the latest
        (dt.date(2025, 12, 31), "quarter", dt.date(2025, 12, 31)),
        (dt.date(2025, 11, 30), "quarter", dt.date(2025, 9, 30)),
        (dt.date(2025, 12, 31), "year", dt.date(2025, 12, 31)),
        (dt.date(2025, 12, 30), "year", dt.date(2024, 12, 31)),
        (dt.date(2025, 12, 31), "week", dt.date(2025, 12, 28)),  # Wed 31 Dec: the week of 29 Dec is not over
        (dt.date(2025, 12, 28), "week", dt.date(2025, 12, 28)),  # a Sunday ends its week
        (dt.date(2024, 2, 29), "month", dt.date(2024, 2, 29)),  # leap day
        (dt.date(2025, 12, 30), "day", dt.date(2025, 12, 30)),
    ],
)
def test_latest_complete_period_follows_the_data_not_the_clock(covered_through, grain, expected_end):
    start, end = periods.latest_complete_period(covered_through, grain)
    assert end == expected_end
    assert start == periods.period_start(expected_end, grain)
    assert periods.period_end(start, grain) == end


def test_nothing_covered_has_no_latest_period():
    assert periods.latest_complete_period(None, "month") is None


# --- the same latest value, period and change on every page -----------------------------------------


def _block(app: AppTest, key: str):
    matches = [block for block in _blocks(app.main) if str(getattr(block.proto, "id", "")).endswith(f"-{key}")]
    assert len(matches) == 1, f"one block keyed {key}"
    return matches[0]


def _expected(url: str, indicator_id: str, **chosen: tuple[str, ...]) -> tuple[str, str, str, str]:
    """(value, period, previous period, change) straight from the data layer and the rule."""
    indicator = registry.indicators()[indicator_id]
    engine = engines.read_engine(url)
    try:
        ctx = PageContext(LANG, url, "test", dataset_status(engine))
        covered, _ = coverage(ctx, indicator)
        frame = indicator_values(engine, indicator.query, "month", None, periods.latest_complete_end(covered, "month"), **chosen)
    finally:
        engine.dispose()
    if indicator.maturity_days:  # a duration: the latest is the latest month whose cases have all ended
        settled_by = pd.Timestamp(covered - dt.timedelta(days=indicator.maturity_days))
        frame = frame[pd.to_datetime(frame["period"]) + pd.offsets.MonthEnd(0) <= settled_by]
    latest = periods.latest_of(frame[["period", "value"]].dropna())
    return (
        i18n.format_value(latest.value, indicator.unit, indicator.decimals, LANG),
        i18n.format_period(latest.period, "month", LANG),
        i18n.format_period(latest.previous_period, "month", LANG),
        i18n.format_change(latest.change, indicator.unit, indicator.decimals, LANG),
    )


# A dataset whose cards are not in its page's first section tab (dashboard.components.sections).
SECTION_OF = {"tir_trip": ("section-rail", "rail.tir_header")}


@cache
def _run(script: str, section: tuple[str, str] | None = None, **params: str) -> AppTest:
    app = run_page(script, LANG, {section[0]: i18n.t(LANG, section[1])} if section else None, **params)
    assert not app.exception, [e.value for e in app.exception]
    return app


def _card_facts(app: AppTest, indicator_id: str) -> tuple[str, str, str, str]:
    card = _block(app, f"card-{indicator_id}")
    metric = _elements(card, "metric")[0]
    period = metric.label.split(" · ", 1)[1]
    previous = re.sub("^较", "", metric.proto.delta_description)
    return metric.value, period, previous, metric.delta


def _tile_facts(app: AppTest, indicator_id: str) -> tuple[str, str, str, str]:
    tile = _block(app, "tile-" + indicator_id.replace(".", "-"))
    metric = _elements(tile, "metric")[0]
    phrase = _elements(tile, "caption")[0].value  # "2025年11月 · 较2025年10月"
    period, previous = phrase.split(" · 较")
    return metric.value, period, previous, metric.delta


def _slide_facts(app: AppTest) -> tuple[str, str, str, str]:
    texts = [m.value for m in app.get("markdown")]
    # the number and its unit are spans that never break inside (dashboard/components/slides.py)
    value = next(
        re.sub(r"<[^>]+>", "", re.search(r'slide-value"[^>]*>(.*?)</div>', t).group(1)) for t in texts if 'class="slide-value"' in t
    )
    change = next(re.search(r"\n\n(.+)\n\n", t).group(1) for t in texts if "slide-change" in t)
    note = next(re.search(r"\n\n(.+)\n\n", t).group(1) for t in texts if i18n.t(LANG, "present.latest") + " · " in t)
    period, previous = note.split(" · ", 1)[1].split(" · 较")
    return value, period, previous, change


def _slide(indicator_id: str) -> tuple[str, int] | None:
    for session in training.load_sessions():
        if indicator_id in session.slides:
            return session.session_id, 2 + session.slides.index(indicator_id)
    return None


@pytest.mark.parametrize("indicator_id", HEADLINE)
def test_latest_value_period_and_change_agree_on_every_page(app_env, indicator_id):
    indicator = registry.indicators()[indicator_id]
    expected = _expected(app_env, indicator_id)
    seen = {"overview": _tile_facts(_run("pages/overview.py"), indicator_id)}
    if indicator.dataset in AREA_PAGES:
        seen["area page"] = _card_facts(_run(AREA_PAGES[indicator.dataset], SECTION_OF.get(indicator.dataset)), indicator_id)
    narrowed = {}  # a measure that shows the indicator narrowed to what it covers (measure 2: air) agrees with that view
    for number in indicator.measures:
        facts = _card_facts(_run("pages/measure.py", measure=str(number)), indicator_id)
        filters = dict(policies.measures()[number].link(indicator_id).filters)
        if filters:
            narrowed[f"measure {number} {filters}"] = (facts, _expected(app_env, indicator_id, **filters))
        else:
            seen[f"measure {number}"] = facts
    assert all(facts == want for facts, want in narrowed.values()), narrowed
    where = _slide(indicator_id)
    if where is not None:
        app = AppTest.from_file(APP, default_timeout=TIMEOUT_SECONDS)
        app.query_params.update({"lang": LANG, "present": where[0], "slide": str(where[1])})
        app.run()
        assert not app.exception, [e.value for e in app.exception]
        seen[f"slide {where}"] = _slide_facts(app)
    assert len(seen) >= 2
    assert seen == dict.fromkeys(seen, expected), pd.DataFrame(seen, index=["value", "period", "previous", "change"]).to_string()


def test_the_rail_trains_end_in_the_month_the_data_are_declared_to_cover(app_env):
    """The demo's last train leaves on 30 Dec 2025, and the demo declares its data cover every day
    to 31 Dec: December is whole, so every page shows December compared with November — coverage is
    what the load declared, never the last event (which would hide the busiest quarter)."""
    value, period, previous, _ = _expected(app_env, "rail.trains")
    assert (period, previous) == ("2025年12月", "2025年11月")
    assert _tile_facts(_run("pages/overview.py"), "rail.trains")[1:3] == (period, previous)
    assert _slide("rail.trains") is not None, "a shipped session has a rail.trains slide"


def test_largest_moves_name_both_periods_and_shares_move_in_points(app_env):
    app = _run("pages/overview.py")
    (moves,) = [m.value for m in app.markdown if m.value.startswith("- :") and "→" in m.value]
    lines = moves.splitlines()
    assert lines
    for line in lines:
        assert re.search(r"（\d{4}年\d{1,2}月 · 较\d{4}年\d{1,2}月）", line), line
    shares = [i for i in registry.indicators().values() if i.unit == "share"]
    for line in lines:
        if any(i18n.pick(LANG, i.title) + "（" in line for i in shares):
            assert line.rstrip().endswith("个百分点）"), line
    assert any("（2025年12月 · 较2025年11月）" in line for line in lines), "the demo covers December whole"


def test_tile_arrows_follow_the_sign_of_the_change(app_env):
    """A fall shows a down arrow: the change text starts with an ASCII minus, which st.metric reads."""
    app = _run("pages/overview.py")
    directions = set()
    for indicator_id in HEADLINE:
        metric = _elements(_block(app, "tile-" + indicator_id.replace(".", "-")), "metric")[0]
        direction = type(metric.proto).MetricDirection.Name(metric.proto.direction)
        directions.add(direction)
        expected = "DOWN" if metric.delta.startswith("-") else ("UP" if metric.delta.startswith("+") else "NONE")  # ±0: no arrow
        assert direction == expected, (indicator_id, metric.delta, direction)
    assert "DOWN" in directions, "the demo has falls to show"
