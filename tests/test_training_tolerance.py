"""The training schedule survives what Excel and people do to it. A GBK file and rows of
empty cells read as meant; a bad row hides its own session only, with the reason for the trainer in
the page's language; a series without a description is fine; Markdown in a description renders no
image and no link to another host. Files are written in code into a DASHBOARD_TRAINING_DIR."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml
from streamlit.testing.v1 import AppTest

from dashboard import i18n, training
from dashboard.training.schedule import read_schedule
from dashboard.views.training import PAGE_SIZE
from tests.apptest_helpers import APP, TIMEOUT_SECONDS

NOW = dt.datetime(2026, 12, 9, 15, 30, tzinfo=ZoneInfo("Asia/Shanghai"))  # SS-2026-12-A is live
LIVE = "SS-2026-12-A"


def shipped_rows() -> list[dict[str, str]]:
    with training.SESSIONS_PATH.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def csv_text(rows: list[dict[str, str]], columns: list[str] | None = None) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns or list(rows[0]), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


@pytest.fixture
def training_dir(tmp_path, monkeypatch) -> Path:
    """An empty schedule folder the app reads instead of datasets/training (series.yaml copied in)."""
    (tmp_path / "series.yaml").write_bytes(training.SERIES_PATH.read_bytes())
    monkeypatch.setenv("DASHBOARD_TRAINING_DIR", str(tmp_path))
    return tmp_path


def schedule_page(lang: str, **params: str) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=TIMEOUT_SECONDS)
    app.query_params["lang"] = lang
    for key, value in params.items():
        app.query_params[key] = value
    app.session_state["training.now"] = NOW
    app.switch_page("pages/training.py")
    app.run()
    return app


def deck(lang: str, session_id: str, slide: int = 1) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=TIMEOUT_SECONDS)
    app.query_params.update({"lang": lang, "present": session_id, "slide": str(slide)})
    app.run()
    return app


def upcoming_titles(sessions, lang: str) -> list[str]:
    """The titles of the first page of upcoming sessions, as the page lists them."""
    return [s.title[lang] for s in sessions if training.is_upcoming(s, NOW)][:PAGE_SIZE]


# --- reading the file ---------------------------------------------------------------------------------


def test_a_gbk_file_from_excel_reads_like_the_utf8_one(training_dir):
    (training_dir / "sessions.csv").write_bytes(csv_text(shipped_rows()).encode("gbk"))
    schedule = read_schedule()
    assert schedule.problems == ()
    assert schedule.sessions == training.load_sessions(training.SESSIONS_PATH, training.SERIES_PATH)
    assert any("海关" in s.presenter for s in schedule.sessions)


def test_rows_of_empty_cells_are_not_sessions(training_dir):
    rows = shipped_rows()
    blank = dict.fromkeys(rows[0], "")
    (training_dir / "sessions.csv").write_text(
        csv_text([rows[0], blank, *rows[1:5], blank, blank, *rows[5:]]) + ",,,\r\n\r\n", encoding="utf-8-sig"
    )
    schedule = read_schedule()
    assert schedule.problems == () and len(schedule.sessions) == len(rows) == schedule.rows_read


def test_what_excel_does_to_dates_and_booleans_is_read_as_meant(training_dir):
    rows = shipped_rows()
    row = next(r for r in rows if r["session_id"] == LIVE)
    row.update(start_local="2026/12/9 15:00", is_demo="TRUE")
    (training_dir / "sessions.csv").write_text(csv_text(rows), encoding="utf-8")
    session = training.session_by_id(read_schedule().sessions, LIVE)
    assert session.start == dt.datetime(2026, 12, 9, 15, 0, tzinfo=ZoneInfo("Asia/Shanghai")) and session.is_demo


def test_a_bad_row_hides_only_its_session_with_line_and_reason(training_dir):
    rows = shipped_rows()
    rows[2]["measures"] = "8;99"  # file line 4
    rows[5]["start_local"] = "next Tuesday"  # file line 7
    (training_dir / "sessions.csv").write_text(csv_text(rows), encoding="utf-8")
    schedule = read_schedule()
    assert {s.session_id for s in schedule.sessions} == {r["session_id"] for r in rows} - {rows[2]["session_id"], rows[5]["session_id"]}
    assert [(p.line, p.column, p.reason, p.value) for p in schedule.problems] == [
        (4, "measures", "measures", "99"),
        (7, "start_local", "start_local", "next Tuesday"),
    ]
    assert schedule.hidden == 2 and schedule.problems_of(rows[2]["session_id"])[0].line == 4
    assert schedule.rows_read == len(rows) == len(schedule.sessions) + schedule.hidden


def test_a_series_without_description_or_name_still_reads(training_dir):
    series = yaml.safe_load(training.SERIES_PATH.read_text(encoding="utf-8"))
    del series["series"][0]["description"]
    del series["series"][1]["name"]
    (training_dir / "series.yaml").write_text(yaml.safe_dump(series, allow_unicode=True), encoding="utf-8")
    (training_dir / "sessions.csv").write_bytes(training.SESSIONS_PATH.read_bytes())
    schedule = read_schedule()
    assert schedule.problems == () and len(schedule.sessions) == len(shipped_rows())
    loaded = training.load_series()
    assert loaded[series["series"][0]["id"]].description == {}
    assert loaded[series["series"][1]["id"]].name["en"] == series["series"][1]["id"]


# --- the page and the decks -------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_schedule_page_reads_a_gbk_file_with_blank_rows(training_dir, lang):
    rows = shipped_rows()
    blank = dict.fromkeys(rows[0], "")
    (training_dir / "sessions.csv").write_bytes(csv_text([*rows[:3], blank, *rows[3:], blank]).encode("gb18030"))
    app = schedule_page(lang)
    assert not app.exception and not app.error and not [w for w in app.warning if "sessions.csv" in w.value]
    sessions = training.load_sessions(training.SESSIONS_PATH, training.SERIES_PATH)
    assert [h.value for h in app.header] == upcoming_titles(sessions, lang)


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_a_bad_row_is_named_for_the_trainer_in_the_page_language_and_the_rest_shows(training_dir, lang):
    rows = shipped_rows()
    bad = next(i for i, r in enumerate(rows) if r["session_id"] == "KF-2026-12")  # an upcoming session
    rows[bad]["duration_minutes"] = "一小时"
    (training_dir / "sessions.csv").write_text(csv_text(rows), encoding="utf-8")
    app = schedule_page(lang)
    assert not app.exception and not app.error
    sessions = training.load_sessions(training.SESSIONS_PATH, training.SERIES_PATH)
    assert [h.value for h in app.header] == upcoming_titles([s for s in sessions if s.session_id != "KF-2026-12"], lang)
    reason = i18n.t(lang, "errors.schedule.reason.duration_minutes", value="一小时")
    line = i18n.t(lang, "errors.schedule.row", line=bad + 2, column="duration_minutes", reason=reason)
    (notice,) = [w.value for w in app.warning if line in w.value]
    assert notice.startswith(i18n.t(lang, "errors.schedule.rows_hidden", count=1, path=training.schedule_file_name()))
    focused = schedule_page(lang, session="KF-2026-12")  # the QR code of the hidden session says why
    assert line in focused.error[0].value


def test_a_row_of_empty_cells_and_a_bad_row_leave_the_live_deck_running(training_dir):
    rows = shipped_rows()
    rows[0]["status"] = "postponed"
    blank = dict.fromkeys(rows[0], "")
    (training_dir / "sessions.csv").write_text(csv_text([rows[0], blank, *rows[1:]]), encoding="utf-8")
    live = training.session_by_id(training.load_sessions(training.SESSIONS_PATH), LIVE)
    for number in range(1, len(training.deck(live)) + 1):
        app = deck("zh_hans", LIVE, number)
        assert not app.exception and not app.error, number
    assert app.title[0].value == i18n.t("zh_hans", "present.scan")


def test_an_unreadable_schedule_file_says_what_to_do_in_the_page_language(training_dir):
    (training_dir / "sessions.csv").write_bytes(b"session_id,series\r\n\xff\xfe\xfa\xfb,\x81\r\n")
    app = schedule_page("zh_hant")
    assert not app.exception
    reason = i18n.t("zh_hant", "errors.schedule.reason.file_encoding", value="", path="sessions.csv")
    assert [e.value for e in app.error] == [i18n.t("zh_hant", "errors.schedule.file_problem", reason=reason)]
    (training_dir / "sessions.csv").unlink()
    gone = deck("en", LIVE)
    assert not gone.exception and "sessions.csv" in gone.error[0].value and "DASHBOARD_TRAINING_DIR" in gone.error[0].value


def test_a_series_without_description_crashes_neither_the_page_nor_a_deck(training_dir):
    series = yaml.safe_load(training.SERIES_PATH.read_text(encoding="utf-8"))
    for item in series["series"]:
        del item["description"]
    (training_dir / "series.yaml").write_text(yaml.safe_dump(series, allow_unicode=True), encoding="utf-8")
    (training_dir / "sessions.csv").write_bytes(training.SESSIONS_PATH.read_bytes())
    page, first = schedule_page("en"), deck("en", LIVE)
    assert not page.exception and not page.error and page.header
    assert (
        not first.exception
        and not first.error
        and first.title[0].value == training.session_by_id(training.load_sessions(), LIVE).title["en"]
    )


# --- Markdown in the schedule ---------------------------------------------------------------------------

HOSTILE_DESCRIPTION = (
    "**Bring** your questions. ![tracker](https://tracker.example.org/pixel.png) "
    "[register here](https://phish.example.org/login) <img src=https://example.org/x.png> "
    "see https://example.org/raw and [the schedule](/training)"
)


# What would render as a link, image or HTML in (GitHub-flavoured) Markdown: an unescaped "](" not to a
# path on this site, an unescaped "<" opening a tag or autolink, a bare address GitHub autolinks.
LIVE_MARKUP = re.compile(r"(?<!\\)\]\((?!/)|(?<!\\)<[A-Za-z/]|https?://|(?<![\\\w])www\.")


def test_markdown_images_and_outside_links_in_a_description_do_not_render(training_dir):
    rows = shipped_rows()
    for row in rows:
        row.update(description_zh_hans=HOSTILE_DESCRIPTION, description_en=HOSTILE_DESCRIPTION, description_zh_hant=HOSTILE_DESCRIPTION)
    live = next(r for r in rows if r["session_id"] == LIVE)
    live["presenter"] = "![x](https://example.org/p.png)"
    live["title_en"] = "Live [now](https://example.org/t)"
    (training_dir / "sessions.csv").write_text(csv_text(rows), encoding="utf-8")
    app = schedule_page("en", session=LIVE)
    assert not app.exception and not app.error
    bodies = [m.value for m in app.markdown] + [h.value for h in app.header]
    shown = "\n".join(bodies)
    assert "**Bring** your questions." in shown, "the Markdown a description needs still works"
    assert "[the schedule](/training)" in shown, "links within the dashboard stay links"
    assert LIVE_MARKUP.findall(shown) == []
    assert LIVE_MARKUP.findall(HOSTILE_DESCRIPTION), "the pattern sees what it is looking for"
    assert "tracker register here" in shown, "an image shows as its alt text, an outside link as its text"
    assert any(h.value == "Live \\[now\\](https:\u2060//example.org/t)" for h in app.header)
