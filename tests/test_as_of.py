"""As-of means data coverage: "数据截至" is the last day the data cover, "更新于" the load time.
The coverage is what the load declared (`--covers-through`), else the last whole day in the file;
never the last event alone. Given a store whose records end on a known date, on DuckDB and on
PostgreSQL."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa

from dashboard import i18n
from loaders.store import engines, tables
from loaders.store.load import LoadRequest, load_files
from tests.apptest_helpers import run_page

LAST_DEPARTURE = dt.datetime(2024, 3, 17, 21, 40)
RAIL = "pages/rail_tir.py"


def rail_rows() -> pd.DataFrame:
    """Three trains a month from 1 January to 17 March 2024, outbound and inbound alternating."""
    days = [dt.datetime(2024, month, day, 9, 0) for month in (1, 2, 3) for day in (1, 12, 19) if (month, day) != (3, 19)]
    departures = [*days, LAST_DEPARTURE]
    return pd.DataFrame(
        {
            "Train number": [f"X9{index:03d}" for index in range(len(departures))],
            "Departure": [d.isoformat(timespec="minutes") for d in departures],
            "Direction": ["outbound" if index % 2 == 0 else "inbound" for index in range(len(departures))],
            "Origin station": "SZ_PINGHUSOUTH",
            "Border crossing": "BX_DULATA",
            "Destination city": "DEST_WARSAW",
            "Destination country": "PL",
            "TEU": 50,
            "Weight (t)": 400.5,
            "Value (CNY)": 30_000_000,
            "Service": "regular",
        }
    )


def load_rail(url: str, folder: Path, is_demo: bool, covers_through: dt.date | None = None) -> None:
    path = folder / "rail.csv"
    rail_rows().to_csv(path, index=False)
    request = LoadRequest("rail_train", path, is_demo=is_demo, covers_through=covers_through)
    (report,) = load_files([request], url, rejects_dir=folder / "rejects")
    assert report.rows_rejected == 0 and report.rows_accepted == len(rail_rows())


def loaded_at(url: str) -> dt.datetime:
    engine = engines.read_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(sa.select(sa.func.max(tables.load_log.c.finished_at))).scalar()
    finally:
        engine.dispose()


# the file's last whole day: its last train left on 17 March, and the export may have been cut that day
UNDECLARED_COVERAGE = dt.date(2024, 3, 16)


@pytest.fixture
def rail_store(store_url, tmp_path, monkeypatch) -> str:
    """A store holding only the rail rows above (demo-flagged, coverage not declared), which the pages read."""
    load_rail(store_url, tmp_path, is_demo=True)
    monkeypatch.setenv(engines.DB_URL_ENV, store_url)
    return store_url


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_as_of_line_is_the_last_day_the_data_cover(rail_store, lang):
    app = run_page(RAIL, lang)
    assert not app.exception, [e.value for e in app.exception]
    covered = i18n.t(lang, "as_of.covered_through", date=i18n.format_date(UNDECLARED_COVERAGE, lang))
    updated = i18n.t(lang, "as_of.loaded_at", date=i18n.format_date(loaded_at(rail_store), lang))
    header = [m.value for m in app.markdown if covered in m.value]
    assert header, "the page says what the data cover, prominently"
    captions = [c.value for c in app.caption]
    assert any(updated in c for c in captions), "and, separately and smaller, when they were loaded"
    assert not any(updated in h for h in header)
    card_lines = [c for c in captions if covered in c]
    assert len(card_lines) >= 4 and all(updated in c for c in card_lines), "every rail card states both"


def test_a_month_the_data_do_not_cover_whole_is_not_the_latest(rail_store):
    """Records end on 17 March: the rail cards show February (vs January), never a half March."""
    app = run_page(RAIL, "en")
    trains = next(m for m in app.metric if m.label.startswith(i18n.t("en", "card.actual")))
    assert trains.label.endswith("Feb 2024") and trains.value == "3 trains"
    assert trains.proto.delta_description == "vs Jan 2024" and trains.delta == "±0 trains"


def test_a_declared_coverage_completes_the_quarter_whose_last_event_came_early(store_url, tmp_path, monkeypatch):
    """The last train left on 17 March; the steward declares the export covers all of March: March
    and the first quarter are complete, and the page says the data cover up to 31 March."""
    load_rail(store_url, tmp_path, is_demo=True, covers_through=dt.date(2024, 3, 31))
    monkeypatch.setenv(engines.DB_URL_ENV, store_url)
    app = run_page(RAIL, "en")
    covered = i18n.t("en", "as_of.covered_through", date=i18n.format_date(dt.date(2024, 3, 31), "en"))
    assert any(covered in m.value for m in app.markdown)
    trains = next(m for m in app.metric if m.label.startswith(i18n.t("en", "card.actual")))
    assert trains.label.endswith("Mar 2024") and trains.value == "3 trains"
    quarter = run_page(RAIL, "en", grain="quarter")
    trains = next(m for m in quarter.metric if m.label.startswith(i18n.t("en", "card.actual")))
    assert trains.label.endswith(i18n.format_period(pd.Timestamp("2024-01-01"), "quarter", "en")), trains.label
    assert trains.value == "9 trains"


def test_a_later_correction_file_never_shrinks_the_coverage(store_url, tmp_path):
    """Coverage is the latest any load declared: reloading an older, shorter file keeps it."""
    load_rail(store_url, tmp_path, is_demo=True, covers_through=dt.date(2024, 3, 31))
    load_rail(store_url, tmp_path, is_demo=True)  # undeclared: 16 March
    engine = engines.read_engine(store_url)
    try:
        from loaders.queries.overview import dataset_status

        status = dataset_status(engine).set_index("dataset")
    finally:
        engine.dispose()
    assert status.loc["rail_train", "covered_through"].date() == dt.date(2024, 3, 31)


def test_the_load_summary_says_how_the_coverage_was_decided(store_url, tmp_path, capsys):
    path = tmp_path / "rail.csv"
    rail_rows().to_csv(path, index=False)
    from loaders.cli import main

    assert main(["load", "rail_train", str(path), "--db", store_url]) == 0
    assert (
        "data cover through 2024-03-16 (the last whole day in the file; declare another with --covers-through DATE)"
        in capsys.readouterr().out
    )
    assert main(["load", "rail_train", str(path), "--db", store_url, "--covers-through", "2024-03-31"]) == 0
    assert "data cover through 2024-03-31 (as declared)" in capsys.readouterr().out
    with pytest.raises(SystemExit) as refused:
        main(["load", "rail_train", str(path), "--db", store_url, "--covers-through", "31/03/2024"])
    assert refused.value.code == 2
    assert "'31/03/2024' is not a date like 2025-12-31" in capsys.readouterr().err
