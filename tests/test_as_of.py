"""As-of means data coverage: "数据截至" is the last day the data cover, "更新于" the load time.
Given a store whose records end on a known date, on DuckDB and on PostgreSQL."""

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


def load_rail(url: str, folder: Path, is_demo: bool) -> None:
    path = folder / "rail.csv"
    rail_rows().to_csv(path, index=False)
    (report,) = load_files([LoadRequest("rail_train", path, is_demo=is_demo)], url, rejects_dir=folder / "rejects")
    assert report.rows_rejected == 0 and report.rows_accepted == len(rail_rows())


def loaded_at(url: str) -> dt.datetime:
    engine = engines.read_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(sa.select(sa.func.max(tables.load_log.c.finished_at))).scalar()
    finally:
        engine.dispose()


@pytest.fixture
def rail_store(store_url, tmp_path, monkeypatch) -> str:
    """A store holding only the rail rows above (demo-flagged), which the pages read."""
    load_rail(store_url, tmp_path, is_demo=True)
    monkeypatch.setenv(engines.DB_URL_ENV, store_url)
    return store_url


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_as_of_line_is_the_last_day_the_data_cover(rail_store, lang):
    app = run_page(RAIL, lang)
    assert not app.exception, [e.value for e in app.exception]
    covered = i18n.t(lang, "as_of.covered_through", date=i18n.format_date(LAST_DEPARTURE, lang))
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
