"""Open cases (right-censoring): a declaration still unreleased when the data end is one of the
slowest, so the month it arrived in is provisional until the dataset's maturity window has passed
(datasets/indicators.yaml, maturity). The card's latest value is the latest settled month; the
provisional month is drawn apart (dashed, hollow points) and named with its count of open cases in
the note, the table and the CSV; a share over a target counts an open declaration already older than
the target as over. On DuckDB and PostgreSQL, with a store built for the rule."""

from __future__ import annotations

import datetime as dt
import io

import pandas as pd
import pytest

from dashboard import i18n, registry
from dashboard.components.card_chart import card_figure
from dashboard.models.card_model import card_data, provisional_note, provisional_short, table_csv
from dashboard.periods import Period
from tests.apptest_helpers import run_page
from tests.loaded_store import load_rows

HEADER = [
    "declaration_id", "direction", "transport_mode", "customs_code", "arrival_time", "declaration_time", "release_time",
    "inspected", "aeo", "advance_declaration", "two_step",
]  # fmt: skip
COVERS_THROUGH = dt.date(2025, 12, 31)


def _row(key: str, arrived: str, hours: float | None) -> list[str]:
    start = dt.datetime.fromisoformat(arrived)
    released = "" if hours is None else (start + dt.timedelta(hours=hours)).isoformat(sep=" ", timespec="minutes")
    return [key, "import", "4", "5301", arrived, arrived, released, "N", "N", "N", "N"]


ROWS = [
    # November: released after 1, 2, 3 and 30 hours (one over 24 h); median 2.5 h
    *(_row(f"N{i}", f"2025-11-{3 + i:02d} 08:00", hours) for i, hours in enumerate((1, 2, 3, 30))),
    # December: released after 1, 2, 3 hours; two still open since 20 Dec (past 24 h at the data's
    # end), one since 31 Dec 20:00 (4 h old: not known to be over 24 h)
    *(_row(f"D{i}", f"2025-12-{3 + i:02d} 08:00", hours) for i, hours in enumerate((1, 2, 3))),
    _row("O1", "2025-12-20 09:00", None),
    _row("O2", "2025-12-20 10:00", None),
    _row("O3", "2025-12-31 20:00", None),
]
PERIOD = Period(dt.date(2025, 11, 1), dt.date(2025, 12, 31), "month")


@pytest.fixture
def ctx(store_url, tmp_path, monkeypatch):
    return load_rows(store_url, tmp_path, "clearance", HEADER, ROWS, COVERS_THROUGH, monkeypatch)


def test_the_month_with_open_cases_is_provisional_and_the_card_reads_the_settled_one(ctx):
    card = card_data(ctx("zh_hans"), registry.indicators()["clearance.overall_hours.import"], PERIOD)
    values = card.values.assign(period=pd.to_datetime(card.values["period"]).dt.strftime("%Y-%m"))
    assert values[["period", "provisional", "open_cases"]].values.tolist() == [["2025-11", False, 0], ["2025-12", True, 3]]
    assert card.latest.period == pd.Timestamp("2025-11-01") and card.latest.value == pytest.approx(2.5)
    assert card.assessment.latest == pytest.approx(2.5), "status is judged on the settled month too"


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_the_provisional_month_is_named_with_its_open_cases(ctx, lang):
    card = card_data(ctx(lang), registry.indicators()["clearance.overall_hours.import"], PERIOD)
    note = provisional_note(ctx(lang), card)
    assert i18n.format_period(pd.Timestamp("2025-12-01"), "month", lang) in note and "3" in note
    table = card.table
    assert table[i18n.t(lang, "card.open_cases")].tolist() == [0, 3]
    assert table[i18n.t(lang, "card.provisional")].tolist() == [i18n.t(lang, "card.provisional_no"), i18n.t(lang, "card.provisional_yes")]
    back = pd.read_csv(io.BytesIO(table_csv(table)), encoding="utf-8-sig")
    assert back[i18n.t(lang, "card.open_cases")].tolist() == [0, 3], "the CSV carries the open count"


def test_the_chart_draws_the_provisional_month_apart(ctx):
    context = ctx("en")
    card = card_data(context, registry.indicators()["clearance.overall_hours.import"], PERIOD)
    figure = card_figure(context, card, PERIOD).to_plotly_json()
    (provisional,) = [trace for trace in figure["data"] if trace.get("name") == i18n.t("en", "card.provisional_series")]
    assert provisional["line"]["dash"] == "dash" and provisional["marker"]["symbol"] == "circle-open"
    assert [pd.Timestamp(x).strftime("%Y-%m") for x in provisional["x"]] == ["2025-11", "2025-12"], "joined to the last settled point"
    settled = figure["data"][0]  # the line itself, drawn first
    assert [pd.Timestamp(x).strftime("%Y-%m") for x in settled["x"]] == ["2025-11"]


def test_share_over_target_counts_the_open_declarations_known_to_be_over(ctx):
    """December: 3 released, none over 24 h; 2 open for 11 days (over); 1 open for 4 h (unknown):
    2 of 5 known. Read over released ones only it would be 0 %."""
    card = card_data(ctx("en"), registry.indicators()["clearance.share_over_target"], PERIOD)
    assert card.values["value"].tolist() == pytest.approx([1 / 4, 2 / 5])
    assert card.values["provisional"].tolist() == [False, True]
    assert card.latest.value == pytest.approx(1 / 4)


def test_indicators_that_wait_on_no_open_case_are_never_provisional(ctx):
    card = card_data(ctx("en"), registry.indicators()["clearance.advance_declaration_share"], PERIOD)
    assert "provisional" not in card.values and provisional_note(ctx("en"), card) == ""


def test_a_viewer_who_asks_for_it_sees_the_provisional_month_as_the_latest_labelled_so(ctx):
    median = registry.indicators()["clearance.overall_hours.import"]
    asked = card_data(ctx("en"), median, PERIOD, provisional_latest=True)
    assert asked.latest.period == pd.Timestamp("2025-12-01") and asked.latest.value == pytest.approx(2.0)
    assert asked.latest_is_provisional and asked.assessment.latest == pytest.approx(2.0), "read and judged on the month asked for"
    assert not card_data(ctx("en"), median, PERIOD).latest_is_provisional, "by default the settled month"
    shown_note, default_note = provisional_note(ctx("en"), asked), provisional_note(ctx("en"), card_data(ctx("en"), median, PERIOD))
    assert "as chosen" in shown_note and "latest settled period is shown" in default_note, "the note says which period the card reads"


@pytest.mark.parametrize("lang", ["zh_hans", "en"])
def test_the_switch_is_in_the_page_and_the_link(ctx, lang):
    ctx(lang)  # loads the store and points the page at it
    label = i18n.t(lang, "card.actual") + " · " + i18n.format_period(pd.Timestamp("2025-12-01"), "month", lang)
    shown = run_page("pages/clearance.py", lang, provisional="yes", **{"from": "2025-11-01"})
    assert not shown.exception, [e.value for e in shown.exception]
    assert shown.toggle(key="provisional_toggle").value is True
    assert label + " · " + i18n.t(lang, "card.provisional_yes") in [m.label for m in shown.metric]
    default = run_page("pages/clearance.py", lang, **{"from": "2025-11-01"})
    assert not any(m.label.startswith(label) for m in default.metric), "the settled November is the latest by default"


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_a_tile_says_why_its_latest_is_a_period_earlier(ctx, lang):
    """On the overview, a duration's tile names the provisional period it does not read yet."""
    card = card_data(ctx(lang), registry.indicators()["clearance.overall_hours.import"], PERIOD)
    line = provisional_short(ctx(lang), card)
    assert i18n.format_period(pd.Timestamp("2025-12-01"), "month", lang) in line and "3" in line
    asked = card_data(ctx(lang), registry.indicators()["clearance.overall_hours.import"], PERIOD, provisional_latest=True)
    assert provisional_short(ctx(lang), asked) == "", "nothing to explain when the provisional period is the one shown"
