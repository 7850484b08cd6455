"""One bad sessions.csv row hides that session only, whatever its cells hold; a title typed with line
breaks still gives a working calendar file."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import shutil

import icalendar
import pytest

from dashboard import training
from tests.apptest_helpers import run_page
from tests.test_presenter import presenter

SHIPPED = training.SESSIONS_PATH
NOW = dt.datetime(2026, 1, 5, 9, 0, tzinfo=training.TZ)
# (column, hostile value, reason) of the rows added after the shipped ones
BAD_CELLS = (
    ("measures", "①", "measures"),
    ("measures", "8;٣", "measures"),
    ("duration_minutes", "²", "duration_minutes"),
    ("duration_minutes", "9" * 5000, "duration_minutes"),
    ("duration_minutes", "1441", "duration_minutes"),
    ("start_local", "9999-12-31 23:30", "start_local"),
    ("start_local", "1900-01-01 10:00", "start_local"),
    ("presenter", "x" * 140_000, "row"),
)


def _rows() -> tuple[list[str], list[dict[str, str]]]:
    with SHIPPED.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def _write(folder, header: list[str], rows: list[dict[str, str]]):
    folder.mkdir(parents=True, exist_ok=True)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    (folder / "sessions.csv").write_text(buffer.getvalue(), encoding="utf-8")
    shutil.copy(training.SERIES_PATH, folder / "series.yaml")
    return folder


@pytest.fixture
def hostile_schedule(tmp_path, monkeypatch):
    header, rows = _rows()
    template = rows[-1]
    added = [{**template, "session_id": f"BAD-{i}", column: value} for i, (column, value, _reason) in enumerate(BAD_CELLS)]
    folder = _write(tmp_path / "training", header, rows + added)
    monkeypatch.setenv("DASHBOARD_TRAINING_DIR", str(folder))
    return len(rows)


def test_each_bad_cell_hides_its_session_only(hostile_schedule):
    """Before: ①, ², year 9999 or a 140,000-character cell took down the training page and every deck."""
    shipped = hostile_schedule
    schedule = training.read_schedule()
    assert len(schedule.sessions) == shipped
    assert schedule.rows_read == shipped + len(BAD_CELLS) and schedule.hidden == len(BAD_CELLS)
    found = sorted((p.line, p.reason) for p in schedule.problems)
    assert found == [(shipped + 2 + i, reason) for i, (_c, _v, reason) in enumerate(BAD_CELLS)]
    too_long = next(p for p in schedule.problems if p.reason == "row")
    assert too_long.english == f"line {shipped + 2 + len(BAD_CELLS) - 1}: cannot be read (field larger than field limit (131072))"


def test_the_training_page_and_a_deck_still_show(hostile_schedule):
    app = run_page("pages/training.py", "en", session={"training.now": NOW})
    assert not app.exception
    text = " ".join(w.value for w in app.warning)
    assert f"{len(BAD_CELLS)} session(s) are not shown because their row in" in text
    assert "is not a whole number of minutes from 1 to 1440" in text and "this row cannot be read (field larger than field limit" in text
    good = training.read_schedule().sessions[0].session_id
    deck = presenter("en", good)
    assert not deck.exception and not deck.error


def test_a_title_with_line_breaks_gives_a_calendar_file_with_one_line_titles():
    """Before: a title typed with Alt+Enter made the session's calendar button silently do nothing."""
    session = dataclasses.replace(
        training.read_schedule().sessions[0], title=dict.fromkeys(training.read_schedule().sessions[0].title, "Line one\nline two\r\nthree")
    )
    data = training.session_ics(session, "en", NOW)
    calendar = icalendar.Calendar.from_ical(data)
    (event,) = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]).endswith("Line one line two three")
    name = str(calendar["X-WR-CALNAME"])
    assert name.endswith("Line one line two three") and "\n" not in name, "one line, after the demo mark of a demo schedule"
