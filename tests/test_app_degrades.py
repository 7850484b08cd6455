"""The app degrades gracefully: a broken store or setting shows one message in the page's language naming
what is wrong and what to do, never a traceback or SQL, and the pages that need no database (the
training schedule, presenter mode) keep working without it."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from streamlit.testing.v1 import AppTest

from dashboard import i18n, training
from dashboard.components import slides
from dashboard.views.training import PAGE_SIZE
from loaders.queries.clearance import ClearanceFilter, clearance_summary
from loaders.queries.overview import dataset_status
from loaders.store import engines
from tests.apptest_helpers import APP, TIMEOUT_SECONDS, page_text, run_page

NOW = dt.datetime(2026, 12, 9, 15, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
HEADER_BYTES, BLOCK_BYTES = 12_288, 262_144  # DuckDB: three 4 KiB headers, then 256 KiB blocks
MISSING_PG_DATABASE = "postgresql+psycopg://postgres@127.0.0.1:5432/no_such_database_for_this_test"
UNREACHABLE = "postgresql+psycopg://nobody@127.0.0.1:1/none"
TRACEBACK_MARKS = ("Traceback", "SELECT", "sqlalchemy", 'File "')


def _damaged_copy(source: Path, target: Path, block: int) -> str:
    """A copy of the store with 64 bytes overwritten inside data block `block` (its checksum now fails)."""
    shutil.copy(source, target)
    with target.open("r+b") as handle:
        handle.seek(HEADER_BYTES + BLOCK_BYTES * block + 1000)
        handle.write(b"\xff" * 64)
    return f"duckdb:///{target}"


def _reads(url: str) -> tuple[bool, bool]:
    """(the store's status can be read, the clearance records can be read), through the loaders."""
    engine = engines.read_engine(url, pooled=False)
    try:
        try:
            dataset_status(engine)
        except sa.exc.DBAPIError:
            return False, False
        try:
            clearance_summary(engine, "month", (), ClearanceFilter(), None)
        except sa.exc.DBAPIError:
            return True, False
        return True, True
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def damaged_stores(demo_store_url, tmp_path_factory) -> dict[str, str]:
    """Two damaged copies of the demo store: one whose first data block is broken (nothing can be
    read), one where the status reads but a block of clearance records fails its checksum."""
    source = engines.duckdb_path(demo_store_url)
    folder = tmp_path_factory.mktemp("damaged")
    found: dict[str, str] = {}
    blocks = (source.stat().st_size - HEADER_BYTES) // BLOCK_BYTES
    for block in range(blocks):
        url = _damaged_copy(source, folder / f"block{block}.duckdb", block)
        kind = {(False, False): "status", (True, False): "records"}.get(_reads(url))
        if kind and kind not in found:
            found[kind] = url
        if len(found) == 2:
            return found
    pytest.fail(f"no block of {source} breaks both ways: found {sorted(found)}")


def no_traceback(app: AppTest) -> None:
    assert not app.exception, [e.value for e in app.exception]
    shown = page_text(app)
    assert not any(mark in shown for mark in TRACEBACK_MARKS), shown


def _corrupt_message(lang: str) -> str:
    """The message's text before its first placeholder (the file and the driver's line follow)."""
    return i18n.t(lang, "errors.store_corrupt", url="\0", detail="").split("\0")[0]


@pytest.mark.parametrize("lang", i18n.LANGS)
@pytest.mark.parametrize("script", ["pages/overview.py", "pages/clearance.py"])
def test_a_damaged_store_shows_what_is_wrong_not_a_traceback(damaged_stores, monkeypatch, script, lang):
    monkeypatch.setenv(engines.DB_URL_ENV, damaged_stores["status"])
    app = run_page(script, lang)
    no_traceback(app)
    (error,) = [e.value for e in app.error]
    assert error.startswith(_corrupt_message(lang)) and "make demo" in error
    assert "checksum" in error, "the driver's one line says which block failed"


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_a_measure_page_on_a_damaged_store_keeps_its_text_and_says_what_is_wrong(damaged_stores, monkeypatch, lang):
    """The measure's text is files: it stays readable, and the indicators' place says what is wrong with the store."""
    monkeypatch.setenv(engines.DB_URL_ENV, damaged_stores["status"])
    app = run_page("pages/measure.py", lang)
    no_traceback(app)
    assert i18n.t(lang, "policies.official") in [s.value for s in app.header]
    (note,) = [i.value for i in app.info if i.value.startswith(i18n.t(lang, "errors.cards_no_store", reason=""))]
    assert _corrupt_message(lang) in note and "checksum" in note


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_a_damaged_data_block_mid_page_ends_the_page_with_the_message(damaged_stores, monkeypatch, lang):
    """The status reads, then the clearance records fail: the page stops there with one message."""
    monkeypatch.setenv(engines.DB_URL_ENV, damaged_stores["records"])
    app = run_page("pages/clearance.py", lang)
    no_traceback(app)
    assert app.title[0].value == i18n.t(lang, "page.clearance"), "what was drawn before the failure stays"
    (error,) = [e.value for e in app.error]
    assert error.startswith(_corrupt_message(lang))


def test_a_postgresql_database_that_does_not_exist_names_the_setting(monkeypatch):
    monkeypatch.setenv(engines.DB_URL_ENV, MISSING_PG_DATABASE)
    app = run_page("pages/clearance.py", "zh_hans")
    no_traceback(app)
    assert [e.value for e in app.error] == [i18n.t("zh_hans", "app.db_unavailable", url=engines.describe(MISSING_PG_DATABASE))]
    assert "DASHBOARD_DB_URL" in app.error[0].value


def test_a_setting_that_is_not_a_database_address_says_so(monkeypatch):
    monkeypatch.setenv(engines.DB_URL_ENV, "not a url at all")
    app = run_page("pages/overview.py", "en")
    no_traceback(app)
    assert [e.value for e in app.error] == [i18n.t("en", "errors.db_url_invalid")]


def _schedule(lang: str) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=TIMEOUT_SECONDS)
    app.query_params["lang"] = lang
    app.session_state["training.now"] = NOW
    app.switch_page("pages/training.py")
    app.run()
    return app


@pytest.mark.parametrize("url", [UNREACHABLE, MISSING_PG_DATABASE, "damaged", "not a url at all"])
def test_training_schedule_works_with_the_database_down(monkeypatch, damaged_stores, url):
    monkeypatch.setenv(engines.DB_URL_ENV, damaged_stores["status"] if url == "damaged" else url)
    app = _schedule("en")
    no_traceback(app)
    assert not app.error and not [w for w in app.warning if "database" in w.value.lower()]
    upcoming = [s for s in training.load_sessions() if training.is_upcoming(s, NOW)]
    assert [h.value for h in app.header] == [s.title["en"] for s in upcoming][:PAGE_SIZE]  # the first page


def test_a_presenter_deck_runs_without_the_database_and_its_chart_slide_says_why(monkeypatch):
    monkeypatch.setenv(engines.DB_URL_ENV, UNREACHABLE)
    session = training.session_by_id(training.load_sessions(), "KF-2025-09")  # slide 2 is an indicator
    titles = []
    for number in (1, 2, len(training.deck(session))):
        app = AppTest.from_file(APP, default_timeout=TIMEOUT_SECONDS)
        app.query_params.update({"lang": "zh_hans", "present": session.session_id, "slide": str(number)})
        app.run()
        no_traceback(app)
        assert not app.error
        titles.append(app.title[0].value)
        if number == 2:
            (info,) = [i.value for i in app.info]
            reason = i18n.t("zh_hans", "app.db_unavailable", url=engines.describe(UNREACHABLE))
            assert info == i18n.t("zh_hans", "errors.slide_no_store", reason=reason)
            assert not app.get("plotly_chart")
        assert app.button(key="present-next") is not None and slides.RUNNING_KEY not in app.session_state
    assert titles[0] == session.title["zh_hans"] and titles[-1] == i18n.t("zh_hans", "present.scan")


@pytest.mark.parametrize("url", [MISSING_PG_DATABASE, UNREACHABLE])
def test_a_measure_page_shows_its_text_with_the_database_down_and_says_why_it_has_no_indicators(monkeypatch, url):
    """The official text, steps and contacts are files: a citizen reads them even when the store is down."""
    monkeypatch.setenv(engines.DB_URL_ENV, url)
    app = run_page("pages/measure.py", "zh_hans", measure="8")
    no_traceback(app)
    assert not app.error, [e.value for e in app.error]
    assert any("8" in t.value for t in app.title), "the measure's title"
    assert i18n.t("zh_hans", "policies.official") in [s.value for s in app.header], "the official text is there"
    notes = [i.value for i in app.info]
    assert any(n.startswith(i18n.t("zh_hans", "errors.cards_no_store", reason="")) for n in notes), notes
