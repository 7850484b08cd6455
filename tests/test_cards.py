"""Numbers on the pages are the data layer's numbers; a card's CSV is its table; empty filters and
a missing or unreachable database give clear messages, never a traceback."""

from __future__ import annotations

import codecs
import datetime as dt
import io
from pathlib import Path

import pandas as pd
import pytest

from dashboard import i18n, registry
from dashboard.context import PageContext
from dashboard.models.card_model import card_data, table_csv
from dashboard.pages import PAGES
from dashboard.periods import Period
from loaders.content.reference import customs_codes
from loaders.queries.clearance import ClearanceFilter, clearance_summary
from loaders.queries.overview import dataset_status
from loaders.store import engines
from tests.apptest_helpers import blocks as _blocks
from tests.apptest_helpers import elements as _elements
from tests.apptest_helpers import other_sections, run_page

ROOT = Path(__file__).resolve().parent.parent
CLEARANCE = "pages/clearance.py"
START, END = dt.date(2024, 1, 1), dt.date(2024, 6, 30)
PORTS = ("5301", "5320")
IMPORT_CARD = "clearance.overall_hours.import"


@pytest.fixture
def engine(demo_store_url):
    engine = engines.read_engine(demo_store_url)
    yield engine
    engine.dispose()


def card_block(app, indicator_id: str):
    """The container an indicator card draws into (st.container(key="card-<id>"))."""
    suffix = f"-card-{indicator_id}"
    matches = [block for block in _blocks(app.main) if str(getattr(block.proto, "id", "")).endswith(suffix)]
    assert len(matches) == 1, f"one card for {indicator_id}"
    return matches[0]


# --- numbers on the page = aggregates from the data layer -----------------------------------------
@pytest.mark.parametrize("lang", i18n.LANGS)
def test_import_card_shows_the_median_the_data_layer_computes(app_env, engine, lang):
    app = run_page(CLEARANCE, lang, **{"from": START.isoformat(), "to": END.isoformat(), "ports": list(PORTS)})
    assert not app.exception, [e.value for e in app.exception]
    indicator = registry.indicators()[IMPORT_CARD]
    expected = clearance_summary(engine, "month", (), ClearanceFilter(start=START, end=END, customs_codes=PORTS, directions=("import",)))
    assert not expected.empty, "the fixture period has import declarations at these ports"

    card = card_block(app, IMPORT_CARD)
    (table,) = _elements(card, "dataframe")
    shown = table.value
    assert list(shown.iloc[:, 0]) == [i18n.format_period(p, "month", lang) for p in expected["period"]]
    assert list(shown.iloc[:, 1]) == list(expected["overall_hours_median"].round(indicator.decimals))

    latest = _elements(card, "metric")[0]
    assert latest.value == i18n.format_value(float(expected["overall_hours_median"].iloc[-1]), indicator.unit, indicator.decimals, lang)


def test_every_card_on_the_page_follows_the_port_filter(app_env, engine):
    """Filtering to other ports changes the import card to those ports' medians (not a cached view)."""
    params = {"from": START.isoformat(), "to": END.isoformat()}
    other = ("5345",)
    app = run_page(CLEARANCE, "en", **params, ports=list(other))
    expected = clearance_summary(engine, "month", (), ClearanceFilter(start=START, end=END, customs_codes=other, directions=("import",)))
    (table,) = _elements(card_block(app, IMPORT_CARD), "dataframe")
    assert list(table.value.iloc[:, 1]) == list(expected["overall_hours_median"].round(1))


# --- CSV = table ----------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", i18n.LANGS)
def test_card_csv_is_the_card_table(demo_store_url, engine, lang):
    """card_data + table_csv, the two functions the card's download button is built from."""
    ctx = PageContext(lang, demo_store_url, "test", dataset_status(engine))
    card = card_data(ctx, registry.indicators()[IMPORT_CARD], Period(START, END, "month"), {"customs_codes": PORTS})
    assert not card.table.empty
    raw = table_csv(card.table)
    assert raw.startswith(codecs.BOM_UTF8), "Excel needs the BOM to read Chinese headers"
    back = pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig", dtype={card.table.columns[0]: str})
    pd.testing.assert_frame_equal(back, card.table, check_dtype=False)
    assert card.file_name.endswith(f"_{lang}.csv") and "5301-5320" in card.file_name and "20240101-20240630" in card.file_name


def _csv_frame(raw: bytes) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig", dtype=str, keep_default_na=False)


def _as_text(frame: pd.DataFrame) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(frame.to_csv(index=False)), dtype=str, keep_default_na=False)


def test_every_download_on_the_page_holds_the_table_beside_it(app_env, media_files):
    params = {"from": START.isoformat(), "to": END.isoformat(), "ports": list(PORTS)}
    app = run_page(CLEARANCE, "zh_hans", **params)
    runs = [app, *other_sections(app, CLEARANCE, "zh_hans", **params)]  # each section tab of the page opened in turn
    pairs = [(run.get("dataframe"), run.get("download_button")) for run in runs]
    assert all(len(tables) == len(buttons) for tables, buttons in pairs), "every chart card has a table and a CSV of it"
    tables, buttons = [t for ts, _ in pairs for t in ts], [b for _, bs in pairs for b in bs]
    assert len(tables) >= 9
    for table, button in zip(tables, buttons, strict=True):
        raw = media_files[button.proto.url].content
        assert raw.startswith(codecs.BOM_UTF8)
        shown = _as_text(table.value.reset_index(drop=True))
        # the table's columns first, then its provenance (indicator, filters, demo flag...: tests/test_exports.py)
        pd.testing.assert_frame_equal(_csv_frame(raw).iloc[:, : shown.shape[1]], shown)


# --- empty filters --------------------------------------------------------------------------------
def _port_without_rows(engine, start: dt.date, end: dt.date) -> str:
    present = set(clearance_summary(engine, None, ("customs_code",), ClearanceFilter(start=start, end=end))["customs_code"])
    empty = [row["customs_code"] for row in customs_codes() if row["customs_code"] not in present]
    assert empty, "the demo data leaves some customs office without declarations"
    return empty[0]


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_a_port_without_declarations_shows_the_empty_state(app_env, engine, lang):
    start, end = dt.date(2024, 1, 1), dt.date(2024, 1, 31)
    port = _port_without_rows(engine, start, end)
    app = run_page(CLEARANCE, lang, **{"from": start.isoformat(), "to": end.isoformat(), "ports": port})
    assert not app.exception, [e.value for e in app.exception]
    assert app.multiselect(key="ports").value == [port]
    assert i18n.t(lang, "app.empty") in [info.value for info in app.info]
    assert app.get("plotly_chart") == [] and app.get("dataframe") == []


def test_dates_outside_the_data_never_break_the_page(app_env, engine):
    """A link with a date past the data (?from=2030-01-01): Streamlit does not accept a value
    outside the widget's range, so the page falls back to a date within the data and draws."""
    status = dataset_status(engine).set_index("dataset").loc["clearance"]
    first, last = status["first"].date(), status["last"].date()
    app = run_page(CLEARANCE, "en", **{"from": "2030-01-01", "to": "2031-12-31"})
    assert not app.exception, [e.value for e in app.exception]
    start, end = app.date_input(key="from").value, app.date_input(key="to").value
    assert first <= start <= end <= last
    assert app.get("plotly_chart"), "the page shows the data it has"


# --- the store is missing or unreachable ----------------------------------------------------------
DB_PAGES = [spec for spec in PAGES if "page_context(" in (ROOT / spec.script).read_text(encoding="utf-8")]
UNREACHABLE = "postgresql+psycopg://nobody@127.0.0.1:1/none"


@pytest.mark.parametrize("spec", DB_PAGES, ids=lambda spec: spec.url_path)
def test_unreachable_database_names_the_setting(monkeypatch, spec):
    monkeypatch.setenv(engines.DB_URL_ENV, UNREACHABLE)
    app = run_page(spec.script, "en")
    assert not app.exception, [e.value for e in app.exception]
    errors = [error.value for error in app.error]
    assert errors == [i18n.t("en", "app.db_unavailable", url=engines.describe(UNREACHABLE))]
    assert "DASHBOARD_DB_URL" in errors[0]


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_unreachable_database_message_in_every_language(monkeypatch, lang):
    monkeypatch.setenv(engines.DB_URL_ENV, UNREACHABLE)
    app = run_page(CLEARANCE, lang)
    assert not app.exception
    assert [error.value for error in app.error] == [i18n.t(lang, "app.db_unavailable", url=engines.describe(UNREACHABLE))]


@pytest.mark.parametrize("spec", DB_PAGES, ids=lambda spec: spec.url_path)
def test_missing_duckdb_file_says_there_is_no_database_yet(monkeypatch, tmp_path, spec):
    path = tmp_path / "not-built.duckdb"
    url = f"duckdb:///{path}"
    monkeypatch.setenv(engines.DB_URL_ENV, url)
    app = run_page(spec.script, "zh_hans")
    assert not app.exception, [e.value for e in app.exception]
    assert [warning.value for warning in app.warning] == [i18n.t("zh_hans", "app.store_missing", url=engines.describe(url))]
    assert not path.exists(), "showing a page never creates the database"


@pytest.mark.parametrize(
    ("better", "latest", "baseline", "target", "status"),
    [
        ("lower", 5.0, 10.0, 6.0, "green"),  # target met
        ("lower", 7.0, 10.0, 6.0, "amber"),  # better than baseline, short of target
        ("lower", 7.0, 10.0, None, "better"),  # better than baseline, no target to miss
        ("lower", 11.0, 10.0, None, "red"),
        ("higher", 11.0, 10.0, None, "better"),
        ("higher", 9.0, 10.0, 12.0, "red"),
        ("none", 9.0, 10.0, 12.0, "none"),  # no direction, no judgement
        ("lower", 9.0, None, None, "none"),  # nothing to compare with
    ],
)
def test_status_compares_latest_with_baseline_and_target(better, latest, baseline, target, status):
    import dataclasses

    from dashboard import registry
    from dashboard.assessment import status_of

    indicator = dataclasses.replace(registry.indicators()["clearance.overall_hours.import"], better=better)
    assert status_of(indicator, latest, baseline, target) == status
