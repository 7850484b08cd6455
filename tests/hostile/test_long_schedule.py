"""A schedule of 20,000 sessions: the page draws one page of cards, the calendar feed holds the next
FEED_MAX_SESSIONS sessions and is built only when asked for (timings: `make bench`)."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest

from dashboard import i18n, training
from dashboard.views.training import PAGE_SIZE
from tests.apptest_helpers import run_page
from tools.bench.training import write_schedule

SESSIONS = 20_000
NOW = dt.datetime(2026, 1, 5, 9, 0, tzinfo=training.TZ)


@pytest.fixture(scope="module")
def long_schedule(tmp_path_factory):
    folder = write_schedule(tmp_path_factory.mktemp("long") / "training", SESSIONS, dt.datetime(2026, 1, 1, 9, 0))
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DASHBOARD_TRAINING_DIR", str(folder))
        yield folder


def test_the_page_draws_one_page_of_sessions(long_schedule):
    """Before: 20,000 sessions left /training undrawn after 400 s."""
    app = run_page("pages/training.py", "en", session={"training.now": NOW})
    assert not app.exception
    upcoming = [s for s in training.read_schedule().sessions if training.is_upcoming(s, NOW)]
    assert len(app.header) == PAGE_SIZE
    assert f"Sessions 1–{PAGE_SIZE} of {len(upcoming)}" in [c.value for c in app.caption]
    app.selectbox(key="upcoming-page").set_value(3).run()
    assert [h.value for h in app.header] == [s.title["en"] for s in upcoming[2 * PAGE_SIZE : 3 * PAGE_SIZE]]


def test_the_feed_holds_the_next_sessions_and_says_so(long_schedule):
    """Before: the calendar feed alone took 128 s."""
    app = run_page("pages/training.py", "en", session={"training.now": NOW})
    (feed,) = [b for b in app.get("download_button") if b.proto.id.endswith("ics-feed")]
    assert f"{training.FEED_MAX_SESSIONS} upcoming sessions" in feed.proto.label
    assert i18n.t("en", "training.feed_capped", count=training.FEED_MAX_SESSIONS) in [c.value for c in app.caption]
    calendar = icalendar.Calendar.from_ical(training.feed_ics(training.read_schedule().sessions, "en", NOW))
    upcoming = [s for s in training.read_schedule().sessions if training.is_upcoming(s, NOW)]
    assert [e.uid for e in calendar.events] == [training.uid(s) for s in upcoming[: training.FEED_MAX_SESSIONS]]
