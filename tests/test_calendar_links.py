"""Calendar files as the audience gets them: a feed or session file of demo sessions says 演示/Demo in
the calendar's name (X-WR-CALNAME, what calendar apps show) and in the file name; the links into the
dashboard a file carries are the ones the presenter's rehearsal check lists and checks."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from zoneinfo import ZoneInfo

import icalendar
import pytest

from dashboard import i18n, training
from dashboard.views.rehearsal import link_problem

NOW = dt.datetime(2025, 1, 1, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))  # before every shipped session
BASE = "http://192.168.1.20:8501"


@pytest.fixture(scope="module")
def sessions() -> list[training.Session]:
    return list(training.load_sessions())


@pytest.mark.parametrize(("lang", "word"), [("zh_hans", "演示"), ("zh_hant", "演示"), ("en", "Demo")])
def test_a_demo_feed_says_demo_in_its_name_and_file_name(sessions, lang, word):
    assert all(s.is_demo for s in sessions), "the shipped schedule is the demo schedule"
    feed = icalendar.Calendar.from_ical(training.feed_ics(sessions, lang, NOW, BASE))
    assert word in str(feed["X-WR-CALNAME"]) and i18n.t(lang, "training.feed_name") in str(feed["X-WR-CALNAME"])
    assert training.feed_file_name(sessions, lang).startswith(word)
    one = icalendar.Calendar.from_ical(training.session_ics(sessions[0], lang, NOW, BASE))
    assert word in str(one["X-WR-CALNAME"]) and training.ics_file_name(sessions[0], lang).startswith(word)


def test_real_sessions_are_not_called_demo(sessions):
    real = [replace(s, is_demo=False) for s in sessions]
    feed = icalendar.Calendar.from_ical(training.feed_ics(real, "en", NOW, BASE))
    assert str(feed["X-WR-CALNAME"]) == i18n.t("en", "training.feed_name")
    assert training.feed_file_name(real, "en") == "training_upcoming_en.ics"
    assert training.ics_file_name(real[0], "en") == f"{real[0].session_id}_en.ics"


def test_the_links_a_calendar_file_carries_are_the_session_pages_at_the_address_given(sessions):
    session = next(s for s in sessions if s.registration_url)  # a link elsewhere, which is not the dashboard's
    links = training.dashboard_links(training.session_ics(session, "en", NOW, BASE))
    assert links == [f"{BASE}/training?session={session.session_id}&lang=en"]


def test_the_rehearsal_tells_a_link_to_another_address_and_a_loopback_one():
    assert link_problem(f"{BASE}/training?session=x", BASE) is None
    assert link_problem("http://localhost:8501/training?session=x", BASE) == "loopback"
    assert link_problem("http://192.168.1.21:8501/training?session=x", BASE) == "link_elsewhere"
    assert link_problem("http://192.168.1.20:85010/training", BASE) == "link_elsewhere"
