"""Exports carry their provenance: a CSV read back names indicator, scope, periods, filters, unit,
source, demo flag and as-of on every row; a chart's PNG carries its title, source line and demo
mark; file names say DEMO. On DuckDB and PostgreSQL (the data are loaded into each)."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest

from dashboard import i18n, registry
from loaders.store import engines
from tests.apptest_helpers import other_sections, plotly_specs, run_page
from tests.test_as_of import RAIL, UNDECLARED_COVERAGE, load_rail


@pytest.fixture
def rail_store(store_url, tmp_path, monkeypatch) -> str:
    """A store holding only demo-flagged rail rows ending on 17 March 2024, loaded without declaring
    their coverage, so they cover through 16 March (tests/test_as_of.py)."""
    load_rail(store_url, tmp_path, is_demo=True)
    monkeypatch.setenv(engines.DB_URL_ENV, store_url)
    return store_url


def _read_back(raw: bytes) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig", dtype=str, keep_default_na=False)


def _column(lang: str, name: str) -> str:
    return i18n.t(lang, f"exports.csv.{name}")


@pytest.mark.parametrize("lang", ["zh_hans", "en"])
def test_every_csv_of_demo_data_says_demo_and_names_its_filters(rail_store, media_files, lang):
    app = run_page(RAIL, lang, direction="outbound")
    runs = [app, *other_sections(app, RAIL, lang, direction="outbound")]  # every section tab of the page
    assert not any(run.exception for run in runs), [e.value for run in runs for e in run.exception]
    buttons = [button for run in runs for button in run.get("download_button")]
    assert len(buttons) >= 6, "indicator cards and breakdowns each offer their table"
    for button in buttons:
        raw, name = media_files[button.proto.url].content, media_files[button.proto.url].filename
        frame = _read_back(raw)
        assert not frame.empty, name
        assert set(frame[_column(lang, "demo")]) == {i18n.t(lang, "exports.csv.yes_demo")}, name
        outbound = i18n.t(
            lang, "app.label_value", label=i18n.t(lang, "filter.rail_direction"), value=i18n.t(lang, "code.rail_direction.outbound")
        )
        assert set(frame[_column(lang, "filters")]) == {outbound}, (name, "filters in words, as the page names them")
        assert set(frame[_column(lang, "covered_through")]) == {UNDECLARED_COVERAGE.isoformat()}, name
        for field in ("indicator", "scope", "periods", "source", "loaded_at"):
            assert all(frame[_column(lang, field)] != ""), (name, field)
        assert "_DEMO_" in name and name.endswith(f"_{lang}.csv"), name


def test_an_indicator_csv_names_indicator_unit_and_periods(rail_store, media_files):
    app = run_page(RAIL, "en")
    files = [(media_files[button.proto.url].content, media_files[button.proto.url].filename) for button in app.get("download_button")]
    (raw, name) = next(file for file in files if file[1].startswith("rail.trains_"))
    frame = _read_back(raw)
    assert list(frame["Period"]) == ["Jan 2024", "Feb 2024"], "complete months only: records end on 17 March"
    title = registry.indicators()["rail.trains"].title["en"]
    assert set(frame["indicator"]) == {f"{title} (rail.trains)"}
    assert set(frame["unit"]) == {"trains"} and set(frame["periods"]) == {"Jan 2024 – Feb 2024"}


def test_real_data_are_not_marked_demo(store_url, tmp_path, monkeypatch, media_files):
    load_rail(store_url, tmp_path, is_demo=False)
    monkeypatch.setenv(engines.DB_URL_ENV, store_url)
    app = run_page(RAIL, "en")
    for button in app.get("download_button"):
        raw, name = media_files[button.proto.url].content, media_files[button.proto.url].filename
        assert set(_read_back(raw)["demo data"]) == {"no"} and "DEMO" not in name


def test_chart_png_carries_title_source_and_demo_mark(rail_store):
    app = run_page(RAIL, "zh_hans")
    specs = plotly_specs(app)
    configs = [json.loads(element.proto.config) for element in app.get("plotly_chart")]
    assert specs
    for spec, config in zip(specs, configs, strict=True):
        notes = " ".join(a.get("text", "") for a in spec["layout"].get("annotations", []))
        assert spec["layout"]["title"]["text"], "the title is part of the image"
        assert "来源：" in notes and "数据截至 2024年3月16日" in notes
        assert i18n.t("zh_hans", "exports.demo_mark") in notes
        assert "DEMO" in config["toImageButtonOptions"]["filename"]


@pytest.mark.parametrize(("lang", "prefix"), [("zh_hans", "【演示】"), ("en", "[Demo] "), ("zh_hant", "【演示】")])
def test_calendar_titles_of_demo_sessions_say_demo(lang, prefix):
    import dataclasses
    import datetime as dt

    import icalendar

    from dashboard import training

    session = next(s for s in training.load_sessions() if s.is_demo)
    now = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
    (event,) = icalendar.Calendar.from_ical(training.session_ics(session, lang, now)).walk("VEVENT")
    assert str(event["SUMMARY"]) == prefix + session.title[lang]
    real = dataclasses.replace(session, is_demo=False)
    (event,) = icalendar.Calendar.from_ical(training.session_ics(real, lang, now)).walk("VEVENT")
    assert str(event["SUMMARY"]) == session.title[lang]
