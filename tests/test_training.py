"""The training schedule: loading and validation, session states at their boundaries, calendar files
(parsed back with icalendar), the session-page URL and its QR code, and the presenter deck."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import replace
from zoneinfo import ZoneInfo

import icalendar
import pytest
import segno
from PIL import Image

from dashboard import i18n, registry, training

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2026, 12, 9, 15, 30, tzinfo=SHANGHAI)  # during SS-2026-12-A (15:00-16:00)


def csv_rows() -> list[dict[str, str]]:
    """The schedule file read independently of the code under test."""
    with training.SESSIONS_PATH.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def make_session(**changes) -> training.Session:
    base = training.Session(
        session_id="T-1",
        series="guanqi_live",
        title={"zh_hans": "测试场次", "en": "Test session", "zh_hant": "測試場次"},
        start=dt.datetime(2026, 12, 9, 15, 0, tzinfo=SHANGHAI),
        duration_minutes=60,
        presenter="深圳海关关税处业务专家",
        platform="微信视频号",
        live_url="https://example.invalid/live",
        replay_url="https://example.invalid/replay",
        registration_url="https://example.invalid/register",
        measures=(8, 13),
        slides=("duty_exemption.auto_approvals",),
        status="scheduled",
        is_demo=True,
    )
    return replace(base, **changes)


def parse_ics(data: bytes) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(data)


# --- loading and validation -----------------------------------------------------------------


def test_shipped_schedule_loads_every_row_with_beijing_times():
    sessions = training.load_sessions()
    rows = csv_rows()
    assert len(sessions) == len(rows)
    assert {s.session_id for s in sessions} == {r["session_id"] for r in rows}
    assert all(s.start.tzinfo == SHANGHAI and s.start.utcoffset() == dt.timedelta(hours=8) for s in sessions)
    assert [s.start for s in sessions] == sorted(s.start for s in sessions)


def test_every_presenter_and_platform_in_the_schedule_has_an_english_name():
    for session in training.load_sessions():
        for kind, text in (("presenters", session.presenter), ("platforms", session.platform)):
            assert training.translated("en", kind, text) != text, (
                f"{session.session_id}: add {text} under {kind} in datasets/training/names.yaml"
            )


def good_row(**changes) -> dict[str, str]:
    row = {
        "session_id": "X-1", "series": "kouan_forum", "title_zh_hans": "标题", "title_en": "Title", "title_zh_hant": "標題",
        "start_local": "2026-12-09 15:00", "duration_minutes": "60", "presenter": "p", "platform": "微信视频号",
        "live_url": "", "replay_url": "", "registration_url": "https://example.invalid/r", "measures": "8;13",
        "slides": "aeo.enterprises", "status": "scheduled", "is_demo": "true",
    }  # fmt: skip
    return row | changes


@pytest.mark.parametrize(
    ("changes", "column"),
    [
        ({"series": "no_such_series"}, "series"),
        ({"start_local": "2026/12/09 3pm"}, "start_local"),
        ({"duration_minutes": "0"}, "duration_minutes"),
        ({"duration_minutes": "sixty"}, "duration_minutes"),
        ({"measures": "8;16"}, "measures"),
        ({"slides": "aeo.enterprises;no.such.indicator"}, "slides"),
        ({"status": "postponed"}, "status"),
        ({"is_demo": "maybe"}, "is_demo"),
        ({"live_url": "training.example.invalid/live"}, "live_url"),
        ({"session_id": "X 1"}, "session_id"),
        ({"title_en": ""}, "title_en"),
    ],
)
def test_a_bad_row_is_refused_naming_its_line_and_column(changes, column):
    with pytest.raises(training.ScheduleError) as error:
        training.parse_sessions([good_row(), good_row(**({"session_id": "X-2"} | changes))], training.load_series(), registry.indicators())
    assert len(error.value.problems) == 1
    assert error.value.problems[0].startswith(f"line 3, {column}")


def test_a_duplicate_session_id_is_refused():
    with pytest.raises(training.ScheduleError, match="appears twice"):
        training.parse_sessions([good_row(), good_row()], training.load_series(), registry.indicators())


def test_a_good_row_parses_to_a_session():
    (session,) = training.parse_sessions([good_row()], training.load_series(), registry.indicators())
    assert session.start == dt.datetime(2026, 12, 9, 15, 0, tzinfo=SHANGHAI)
    assert session.end == dt.datetime(2026, 12, 9, 16, 0, tzinfo=SHANGHAI)
    assert (session.measures, session.slides, session.live_url, session.is_demo) == ((8, 13), ("aeo.enterprises",), None, True)


# --- state relative to now ----------------------------------------------------------------------

START = dt.datetime(2026, 12, 9, 15, 0, tzinfo=SHANGHAI)
END = START + dt.timedelta(minutes=60)
SECOND = dt.timedelta(seconds=1)


@pytest.mark.parametrize(
    ("changes", "now", "state", "action", "url"),
    [
        ({}, START - dt.timedelta(days=3), "upcoming", "register", "https://example.invalid/register"),
        ({}, START - SECOND, "upcoming", "register", "https://example.invalid/register"),
        ({"registration_url": None}, START - SECOND, "upcoming", "register", None),
        ({}, START, "live", "watch_live", "https://example.invalid/live"),
        ({}, END - SECOND, "live", "watch_live", "https://example.invalid/live"),
        ({}, END, "past", "watch_replay", "https://example.invalid/replay"),
        ({"replay_url": None}, END, "past", "replay_pending", None),
        ({"status": "cancelled"}, START - SECOND, "cancelled", "cancelled", None),
        ({"status": "cancelled"}, START, "cancelled", "cancelled", None),
        ({"status": "cancelled"}, END, "cancelled", "cancelled", None),
        # the same instant written in UTC: 07:00Z is 15:00 in Beijing
        ({}, dt.datetime(2026, 12, 9, 7, 0, tzinfo=dt.UTC), "live", "watch_live", "https://example.invalid/live"),
        ({}, dt.datetime(2026, 12, 9, 6, 59, 59, tzinfo=dt.UTC), "upcoming", "register", "https://example.invalid/register"),
    ],
)
def test_state_and_action_at_the_boundaries(changes, now, state, action, url):
    session = make_session(**changes)
    assert training.state_of(session, now) == state
    assert training.action_for(session, now) == training.Action(action, url)


def test_filter_by_series_and_measure():
    sessions = training.load_sessions()
    by_series = training.filter_sessions(sessions, series=("kouan_forum",))
    assert by_series and all(s.series == "kouan_forum" for s in by_series)
    by_measure = training.filter_sessions(sessions, measures=(7,))
    assert {s.session_id for s in by_measure} == {r["session_id"] for r in csv_rows() if "7" in r["measures"].split(";")}
    both = training.filter_sessions(sessions, series=("kouan_forum",), measures=(7,))
    assert {s.session_id for s in both} == {s.session_id for s in by_measure if s.series == "kouan_forum"}
    assert training.filter_sessions(sessions) == sessions


# --- calendar files --------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_each_session_ics_matches_the_schedule_file(lang):
    sessions = {s.session_id: s for s in training.load_sessions()}
    for row in csv_rows():
        calendar = parse_ics(training.session_ics(sessions[row["session_id"]], lang, NOW))
        (event,) = calendar.events
        expected_start = dt.datetime.strptime(row["start_local"], "%Y-%m-%d %H:%M").replace(tzinfo=SHANGHAI)
        assert event.start == expected_start and str(event.start.tzinfo) == "Asia/Shanghai"
        assert event.end - event.start == dt.timedelta(minutes=int(row["duration_minutes"]))
        assert event.uid == f"{row['session_id']}@sz-trade-dashboard"
        assert event.stamp == NOW.astimezone(dt.UTC)
        assert event["SUMMARY"].endswith(row[f"title_{lang}"])
        assert event["URL"] == f"http://localhost:8501/training?session={row['session_id']}&lang={lang}"
        assert event["STATUS"] == ("CANCELLED" if row["status"] == "cancelled" else "CONFIRMED")
        assert [tz.tz_name for tz in calendar.timezones] == ["Asia/Shanghai"] and not calendar.get_missing_tzids()


def test_ics_text_is_rfc5545_with_tzid_and_describes_the_session():
    session = training.session_by_id(training.load_sessions(), "GQ-2026-12-B")
    text = training.session_ics(session, "en", NOW).decode()
    assert "DTSTART;TZID=Asia/Shanghai:20261215T100000" in text
    assert "DTEND;TZID=Asia/Shanghai:20261215T110000" in text
    assert "BEGIN:VTIMEZONE" in text and text.index("BEGIN:VTIMEZONE") < text.index("BEGIN:VEVENT")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))  # folded lines
    event = parse_ics(text.encode()).events[0]
    description = str(event["DESCRIPTION"])
    assert 'Measure 8 Expand the "duty exemption fast review + ERP link" pilot' in description
    assert "Measure 13" in description
    assert "https://training.example.invalid/GQ-2026-12-B/register" in description
    assert "Demo data" in description
    assert event["LOCATION"] == "WeChat Channels"


def test_uid_is_stable_across_exports_and_languages():
    session = training.load_sessions()[0]
    later = NOW + dt.timedelta(days=30)
    uids = {parse_ics(training.session_ics(session, lang, when)).events[0].uid for lang in i18n.LANGS for when in (NOW, later)}
    assert uids == {f"{session.session_id}@sz-trade-dashboard"}


def test_feed_holds_exactly_the_sessions_not_ended_and_not_cancelled_at_now():
    feed = parse_ics(training.feed_ics(training.load_sessions(), "zh_hans", NOW))
    expected = set()
    for row in csv_rows():
        start = dt.datetime.strptime(row["start_local"], "%Y-%m-%d %H:%M").replace(tzinfo=SHANGHAI)
        if start + dt.timedelta(minutes=int(row["duration_minutes"])) > NOW and row["status"] != "cancelled":
            expected.add(f"{row['session_id']}@sz-trade-dashboard")
    uids = {event.uid for event in feed.events}
    assert uids == expected
    assert "SS-2026-12-A@sz-trade-dashboard" in uids  # live now: still worth having in a calendar
    assert "GQ-2026-12-A@sz-trade-dashboard" not in uids  # 1 Dec: over
    assert "SS-2027-01-B@sz-trade-dashboard" not in uids  # cancelled
    assert len(feed.timezones) == 1


def test_feed_is_empty_but_valid_when_nothing_is_upcoming():
    feed = parse_ics(training.feed_ics(training.load_sessions(), "en", dt.datetime(2030, 1, 1, tzinfo=SHANGHAI)))
    assert feed.events == [] and feed["VERSION"] == "2.0"


# --- addresses and QR codes ----------------------------------------------------------------------


def test_session_page_url_uses_the_public_url_setting(monkeypatch):
    monkeypatch.delenv(training.PUBLIC_URL_ENV, raising=False)
    assert training.session_page_url("KF-2026-12", "en") == "http://localhost:8501/training?session=KF-2026-12&lang=en"
    monkeypatch.setenv(training.PUBLIC_URL_ENV, "https://dashboard.example.gov.cn/sz/")
    assert (
        training.session_page_url("KF-2026-12", "zh_hant") == "https://dashboard.example.gov.cn/sz/training?session=KF-2026-12&lang=zh_hant"
    )


def test_presenter_link_is_relative_and_opens_slide_one():
    assert training.presenter_path("KF-2026-12", "en") == "./?present=KF-2026-12&slide=0&lang=en"  # the start screen


def qr_pixels(png: bytes) -> bytes:
    return Image.open(io.BytesIO(png)).convert("1").tobytes()


def test_qr_png_encodes_the_page_url():
    url = "http://localhost:8501/training?session=KF-2026-12&lang=en"
    png = training.qr_png(url)
    assert png.startswith(b"\x89PNG")
    reference = io.BytesIO()
    segno.make(url, error="m", micro=False).save(reference, kind="png", scale=8, border=4)
    assert qr_pixels(png) == qr_pixels(reference.getvalue())
    other = io.BytesIO()
    segno.make(url.replace("lang=en", "lang=zh_hans"), error="m", micro=False).save(other, kind="png", scale=8, border=4)
    assert qr_pixels(png) != qr_pixels(other.getvalue())


# --- formatting and the presenter deck ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("zh_hans", "2026年12月9日 15:00（北京时间 UTC+8）"),
        ("en", "9 Dec 2026, 15:00 (China Standard Time, UTC+8)"),
        ("zh_hant", "2026年12月9日 15:00（北京時間 UTC+8）"),
    ],
)
def test_start_is_shown_in_beijing_time_with_the_zone_stated(lang, expected):
    assert training.format_start(START, lang) == expected
    assert training.format_start(START.astimezone(dt.UTC), lang) == expected


def test_deck_follows_the_slides_and_measures_columns():
    session = training.session_by_id(training.load_sessions(), "KF-2025-09")
    kinds = [(slide.kind, slide.ref) for slide in training.deck(session)]
    assert kinds == [
        ("title", None),
        ("indicator", "data_platform.scenarios"),
        ("indicator", "clearance.overall_hours.import"),
        ("indicator", "training.sessions"),
        ("measure", 1),
        ("measure", 12),
        ("measure", 15),
        ("closing", None),
    ]


# 0 is the start screen (address check and rehearsal), where a link without a slide number lands
@pytest.mark.parametrize(("raw", "expected"), [(None, 0), ("", 0), ("3", 3), ("0", 0), ("-2", 0), ("99", 8), ("two", 0), ("1", 1)])
def test_slide_index_from_the_url_is_clamped_to_the_deck(raw, expected):
    assert training.slide_index(raw, 8) == expected


def test_closing_slide_contacts_start_with_the_hotlines():
    session = training.session_by_id(training.load_sessions(), "GQ-2026-12-B")
    ids = [channel.id for channel in training.contact_channels(session)]
    assert ids[:2] == ["hotline_12360", "hotline_95198"]
    assert "china_single_window" in ids and len(ids) == len(set(ids))


def test_training_strings_have_the_same_keys_in_every_language():
    keys = [{k for k in i18n.strings(lang) if k.startswith(("training.", "present."))} for lang in i18n.LANGS]
    assert keys[0] and keys[0] == keys[1] == keys[2]
