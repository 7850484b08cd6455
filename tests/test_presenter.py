"""The training schedule page and presenter mode, run through the real router with AppTest on the
small demo store: every language, every slide of a session, next/previous, the timer, and the files
(calendar, QR code) the page hands out."""

from __future__ import annotations

import datetime as dt
import io
import time
from zoneinfo import ZoneInfo

import icalendar
import pytest
from PIL import Image
from streamlit.testing.v1 import AppTest

from dashboard import i18n, policies, training
from dashboard.components import slides
from dashboard.components.safe_text import JOINER
from dashboard.views.training import PAGE_SIZE
from tests.apptest_helpers import APP, TIMEOUT_SECONDS, page_text

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2026, 12, 9, 15, 30, tzinfo=SHANGHAI)  # SS-2026-12-A is live (15:00-16:00)
SESSION = "KF-2025-09"  # 3 indicator slides, 3 measures: 8 slides


def schedule(lang: str, now: dt.datetime = NOW, **params: str) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=TIMEOUT_SECONDS)
    app.query_params["lang"] = lang
    for key, value in params.items():
        app.query_params[key] = value
    app.session_state["training.now"] = now
    app.switch_page("pages/training.py")
    app.run()
    return app


def presenter(lang: str, session_id: str = SESSION, slide: str | None = "1", url: str | None = None) -> AppTest:
    """Presenter mode as a browser at `url` (st.context.url) opens it; slide None: no ?slide at all."""
    app = AppTest.from_file(APP, default_timeout=TIMEOUT_SECONDS)
    app.query_params.update({"lang": lang, "present": session_id, **({"slide": slide} if slide is not None else {})})
    if url:
        app.context = {"url": url}
    app.run()
    return app


def slide_param(app: AppTest) -> str:
    value = app.query_params["slide"]
    return value[0] if isinstance(value, list) else value


def no_exception(app: AppTest) -> None:
    assert not app.exception, [e.value for e in app.exception]


# --- schedule page -----------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_schedule_lists_upcoming_sessions_in_the_viewers_language(app_env, lang):
    app = schedule(lang)
    no_exception(app)
    upcoming = [s for s in training.load_sessions() if training.is_upcoming(s, NOW)]
    assert [h.value for h in app.header] == [s.title[lang] for s in upcoming[:PAGE_SIZE]]  # the first page
    assert any(i18n.t(lang, "training.demo_notice") in w.value for w in app.warning)
    text = page_text(app)
    assert i18n.t(lang, "training.when", date=i18n.format_date(dt.date(2026, 12, 15), lang), time="10:00") in text
    if lang == "en":
        assert "深圳海关" not in text  # presenters and platforms are translated too


def test_state_aware_actions(app_env):
    app = schedule("en")
    by_label = {b.proto.label: b.proto.url for b in app.get("link_button")}
    assert by_label["Watch live"] == "https://training.example.invalid/SS-2026-12-A/live"
    registers = [b.proto.url for b in app.get("link_button") if b.proto.label == "Register"]
    assert "https://training.example.invalid/KF-2026-12/register" in registers
    assert any(b.label == "This session is cancelled" and b.disabled for b in app.button)  # SS-2027-01-B
    presents = [b.proto.url for b in app.get("link_button") if b.proto.label == "Presenter mode"]
    assert "./?present=SS-2026-12-A&slide=0&lang=en" in presents  # the start screen: address check and rehearsal


def test_past_tab_offers_replays(app_env):
    app = schedule("en", tab="Past sessions")
    no_exception(app)
    past = [s for s in reversed(training.load_sessions()) if not training.is_upcoming(s, NOW)]
    first_page = past[:PAGE_SIZE]  # a page at a time, most recent first
    assert [h.value for h in app.header] == [s.title["en"] for s in first_page]
    assert past[0].session_id == "GQ-2026-12-A"
    assert f"Sessions 1–{PAGE_SIZE} of {len(past)}" in [c.value for c in app.caption]
    replays = [b.proto.url for b in app.get("link_button") if b.proto.label == "Watch the replay"]
    assert len(replays) == sum(1 for s in first_page if s.status != "cancelled" and s.replay_url)
    kf = next(i for i, s in enumerate(past) if s.session_id == "KF-2025-09")
    app.selectbox(key="past-page").set_value(kf // PAGE_SIZE + 1).run()
    no_exception(app)
    assert past[kf].title["en"] in [h.value for h in app.header]
    replays = [b.proto.url for b in app.get("link_button") if b.proto.label == "Watch the replay"]
    assert "https://training.example.invalid/KF-2025-09/replay" in replays


def test_filters_by_series_and_measure_from_the_url(app_env):
    app = schedule("en", series="kouan_forum", measure="8")
    no_exception(app)
    expected = [s for s in training.filter_sessions(training.load_sessions(), ("kouan_forum",), (8,)) if training.is_upcoming(s, NOW)]
    assert expected and [h.value for h in app.header] == [s.title["en"] for s in expected]


def test_feed_download_is_a_calendar_of_the_upcoming_sessions(app_env, media_files):
    """The file is built when the button is clicked (a long schedule costs the page nothing), from the
    sessions the label counts."""
    app = schedule("en")
    (feed,) = [b for b in app.get("download_button") if b.proto.id.endswith("ics-feed")]
    upcoming = [s for s in training.load_sessions() if training.is_upcoming(s, NOW) and s.status != "cancelled"]
    assert f"{len(upcoming)} upcoming sessions" in feed.proto.label
    assert feed.proto.deferred_file_id and not feed.proto.url  # built on demand
    calendar = icalendar.Calendar.from_ical(training.feed_ics(training.load_sessions(), "en", NOW))
    assert {event.uid for event in calendar.events} == {training.uid(s) for s in upcoming}
    assert all(str(event.start.tzinfo) == "Asia/Shanghai" for event in calendar.events)


def test_session_link_puts_that_session_first_with_its_qr_code(app_env, media_files):
    app = schedule("zh_hant", session="KF-2026-12")
    no_exception(app)
    assert [h.value for h in app.header][:2] == [i18n.t("zh_hant", "training.focused"), "集成電路與新型顯示產業減免稅政策"]
    first_image = app.get("image")[0]
    png = media_files[first_image.value[0]].content
    expected = training.qr_png("http://localhost:8501/training?session=KF-2026-12&lang=zh_hant", 4)
    assert Image.open(io.BytesIO(png)).convert("1").tobytes() == Image.open(io.BytesIO(expected)).convert("1").tobytes()


def test_unknown_session_link_warns_and_still_shows_the_schedule(app_env):
    app = schedule("en", session="NOPE")
    no_exception(app)
    assert any("NOPE" in w.value for w in app.warning)
    assert app.header


# --- presenter mode ------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_every_slide_runs_and_next_previous_move_the_slide_in_the_url(app_env, lang):
    app = presenter(lang)
    session = training.session_by_id(training.load_sessions(), SESSION)
    deck = training.deck(session)
    titles = []
    for number in range(1, len(deck) + 1):
        no_exception(app)
        assert slide_param(app) == str(number)
        assert len(app.title) == 1
        titles.append(app.title[0].value)
        if deck[number - 1].kind == "indicator":
            assert app.get("plotly_chart"), f"slide {number} has no chart"
        if number < len(deck):
            app.button(key="present-next").click().run()
    assert titles[0] == session.title[lang]
    assert titles[4] == i18n.pick(lang, policies.measure(1).title)
    assert titles[-1] == i18n.t(lang, "present.scan")
    assert app.button(key="present-next").disabled
    assert app.get("image"), "the closing slide shows the QR code"
    app.button(key="present-previous").click().run()
    assert slide_param(app) == str(len(deck) - 1)


def test_presenter_mode_has_no_sidebar_or_page_menu(app_env):
    app = presenter("en", slide="2")
    no_exception(app)
    assert len(app.sidebar.children) == 0
    assert i18n.t("en", "app.language") not in page_text(app)


def test_slide_number_out_of_range_is_clamped(app_env):
    app = presenter("en", slide="99")
    no_exception(app)
    assert slide_param(app) == "8"
    assert app.title[0].value == i18n.t("en", "present.scan")


def test_unknown_session_shows_an_error_not_a_traceback(app_env):
    app = presenter("en", session_id="NOPE")
    no_exception(app)
    assert "NOPE" in app.error[0].value


def test_timer_advances_after_its_interval_and_wraps_to_the_first_slide(app_env):
    app = presenter("en", slide="7")
    app.button(key="present-timer").click().run()
    assert app.session_state[slides.RUNNING_KEY] is True
    assert app.button(key="present-timer").label == "Pause auto-advance"
    app.session_state[slides.SINCE_KEY] = time.monotonic() - 60  # the interval has passed
    app.run()
    assert slide_param(app) == "8"
    app.session_state[slides.SINCE_KEY] = time.monotonic() - 60
    app.run()
    assert slide_param(app) == "1"
    app.button(key="present-timer").click().run()
    assert app.session_state[slides.RUNNING_KEY] is False
    app.session_state[slides.SINCE_KEY] = time.monotonic() - 60
    app.run()
    assert slide_param(app) == "1"  # paused: stays put


def test_a_broken_schedule_row_names_the_bad_line_and_hides_only_that_session(app_env, tmp_path, monkeypatch):
    """A bad row hides its own session only; the schedule and every other deck keep working."""
    lines = training.SESSIONS_PATH.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace(",guanqi_live,", ",no_such_series,", 1)  # file line 2
    (tmp_path / "sessions.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "series.yaml").write_bytes(training.SERIES_PATH.read_bytes())
    monkeypatch.setenv("DASHBOARD_TRAINING_DIR", str(tmp_path))
    page = schedule("en")
    no_exception(page)
    assert any('Line 2, column series: "no_such_series" is not a series' in w.value for w in page.warning)
    deck = presenter("en")  # another session's deck runs as before
    no_exception(deck)
    assert (
        not deck.error
        and deck.title[0].value == training.session_by_id(training.load_sessions(training.SESSIONS_PATH), SESSION).title["en"]
    )
    hidden = presenter("en", lines[1].split(",", 1)[0])
    no_exception(hidden)
    assert "Line 2, column series" in hidden.error[0].value


# --- the address in QR codes and calendar links, the start screen and its rehearsal -------------------

LAN = "http://192.168.10.20:8501"


@pytest.mark.parametrize(
    ("setting", "reached", "expected"),
    [
        ("https://dash.example.gov.cn/", "http://192.168.10.20:8501", "https://dash.example.gov.cn"),  # the setting wins
        (None, "http://192.168.10.20:8501/", "http://192.168.10.20:8501"),  # else where the browser reached the app
        (None, "https://intra.example/dashboard", "https://intra.example/dashboard"),  # with its base path
        (None, None, "http://localhost:8501"),  # else the default
        (None, "javascript:alert(1)", "http://localhost:8501"),  # not an http(s) address: ignored
    ],
)
def test_the_address_handed_out_is_the_setting_else_the_browsers(monkeypatch, setting, reached, expected):
    if setting:
        monkeypatch.setenv(training.PUBLIC_URL_ENV, setting)
    else:
        monkeypatch.delenv(training.PUBLIC_URL_ENV, raising=False)
    assert training.choose_base_url(reached) == expected


@pytest.mark.parametrize(
    ("url", "loopback"),
    [
        ("http://localhost:8501", True),
        ("http://127.0.0.1:8501/x", True),
        ("http://127.8.9.1", True),
        ("http://[::1]:8501", True),
        ("http://0.0.0.0:8501", True),
        ("http://app.localhost", True),
        ("http://192.168.10.20:8501", False),
        ("https://dash.example.gov.cn", False),
        ("http://localhost.example.com", False),
    ],
)
def test_loopback_addresses_are_recognised(url, loopback):
    assert training.is_loopback(url) is loopback


def test_a_link_without_a_slide_opens_the_start_screen_and_start_goes_to_slide_1(app_env, monkeypatch):
    monkeypatch.delenv(training.PUBLIC_URL_ENV, raising=False)
    app = presenter("en", slide=None, url=f"{LAN}/")
    no_exception(app)
    assert slide_param(app) == "0"
    text = page_text(app)
    assert i18n.t("en", "present.start_title") in text and i18n.t("en", "present.rehearsal") in text
    assert f"`{LAN}`" in text and not app.warning  # the address the browser used; not a loopback one
    assert "present-next" not in [b.key for b in app.button]  # no slide controls before the show starts
    app.button(key="present-start-button").click().run()
    assert slide_param(app) == "1"
    assert app.title[0].value == training.session_by_id(training.load_sessions(), SESSION).title["en"]


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_the_start_screen_warns_in_the_page_language_when_the_address_is_loopback(app_env, monkeypatch, lang):
    monkeypatch.delenv(training.PUBLIC_URL_ENV, raising=False)
    app = presenter(lang, slide="0", url="http://localhost:8501/")
    no_exception(app)
    warning = i18n.t(lang, "present.loopback", host="localhost", setting=training.PUBLIC_URL_ENV)
    assert [w.value for w in app.warning][:1] == [warning]
    # and the rehearsal names the closing slide, whose QR code nobody could open
    closing = len(training.deck(training.session_by_id(training.load_sessions(), SESSION)))
    problem = i18n.t(lang, "present.slide_label", number=closing, title=i18n.t(lang, "present.scan"))
    assert any(problem in w.value and "http://localhost:8501" in w.value.replace(JOINER, "") for w in app.warning[1:])


def test_the_setting_overrides_the_browsers_address_on_the_start_screen_and_in_the_qr_code(app_env, monkeypatch, media_files):
    monkeypatch.setenv(training.PUBLIC_URL_ENV, "https://dash.example.gov.cn/")
    app = presenter("en", slide="0", url="http://localhost:8501/")
    no_exception(app)
    assert not app.warning and "`https://dash.example.gov.cn`" in page_text(app)
    assert i18n.t("en", "present.rehearsal_ok", total=8) in [s.value for s in app.success]
    closing = presenter("en", slide="8", url="http://localhost:8501/")
    expected = "https://dash.example.gov.cn/training?session=KF-2025-09&lang=en"
    png = media_files[closing.get("image")[0].value[0]].content
    assert Image.open(io.BytesIO(png)).convert("1").tobytes() == Image.open(io.BytesIO(training.qr_png(expected, 8))).convert("1").tobytes()
    assert any(expected.replace("&", "&amp;") in h.proto.body for h in closing.get("html"))  # the address, as text, under the code


def test_without_the_setting_the_qr_code_encodes_the_browsers_address(app_env, monkeypatch, media_files):
    monkeypatch.delenv(training.PUBLIC_URL_ENV, raising=False)
    closing = presenter("zh_hans", slide="8", url=f"{LAN}/")
    expected = f"{LAN}/training?session=KF-2025-09&lang=zh_hans"
    png = media_files[closing.get("image")[0].value[0]].content
    assert Image.open(io.BytesIO(png)).convert("1").tobytes() == Image.open(io.BytesIO(training.qr_png(expected, 8))).convert("1").tobytes()
    page = schedule("en", session="KF-2026-12")  # the schedule page's QR code and calendar follow the same rule
    assert "http://localhost:8501/training?session=KF-2026-12&lang=en" in page.get("image")[0].proto.imgs[0].caption


def _deck_file(tmp_path, monkeypatch, **changes: str) -> str:
    """A schedule holding one changed copy of SESSION's row; returns its session id."""
    import csv

    with training.SESSIONS_PATH.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    row = {**next(r for r in rows if r["session_id"] == SESSION), **changes, "session_id": "REHEARSE-1"}
    with (tmp_path / "sessions.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows([*rows, row])
    (tmp_path / "series.yaml").write_bytes(training.SERIES_PATH.read_bytes())
    monkeypatch.setenv("DASHBOARD_TRAINING_DIR", str(tmp_path))
    return "REHEARSE-1"


def test_rehearsal_lists_every_slide_with_a_problem(app_env, tmp_path, monkeypatch):
    monkeypatch.setenv(training.PUBLIC_URL_ENV, "https://dash.example.gov.cn")
    long_title = "A very long session title that goes on and on " * 12
    session_id = _deck_file(tmp_path, monkeypatch, title_en=long_title.strip())
    app = presenter("en", session_id, slide="0")
    no_exception(app)
    (found,) = [w.value for w in app.warning]
    assert found.startswith(i18n.t("en", "present.rehearsal_found", count=1, total=8))
    assert "Slide 1 (" in found and "too much content" in found and "Slide 2 (" not in found


def test_rehearsal_names_chart_slides_without_their_database(tmp_path, monkeypatch):
    monkeypatch.setenv("DASHBOARD_DB_URL", f"duckdb:///{tmp_path / 'missing.duckdb'}")
    monkeypatch.setenv(training.PUBLIC_URL_ENV, "https://dash.example.gov.cn")
    app = presenter("zh_hans", slide="0")
    no_exception(app)
    (found,) = [w.value for w in app.warning]
    assert found.startswith(i18n.t("zh_hans", "present.rehearsal_found", count=3, total=8))
    assert all(f"第 {n} 页" in found for n in (2, 3, 4)) and "第 5 页" not in found


@pytest.mark.parametrize(
    ("pieces", "fits"),
    [
        (("344", "declarations"), True),
        (("97.4", "小时"), True),
        (("9.6亿", "标箱"), True),
        (("1,234.5", "declarations per hour per port office"), False),
    ],
)
def test_the_big_value_shrinks_to_fit_and_reports_what_cannot(pieces, fits):
    size = training.value_font_px(pieces)
    assert (size is not None) is fits
    if fits:
        assert training.text_width_px(pieces[0], size) <= training.FACTS_WIDTH_PX
        assert training.text_width_px(pieces[1], size * training.UNIT_SCALE) <= training.FACTS_WIDTH_PX
