"""What a number is: the registry's schema check, the indicator_series loader's known ids, scopes and
links, and like-for-like references (a published figure of another scope or statistic is never on
a chart's axis; it is listed in the "published figures" panel with its scope in words)."""

from __future__ import annotations

import base64
import copy
import csv
import datetime as dt
import json
from pathlib import Path

import numpy as np
import pytest
import yaml

from dashboard import i18n, registry
from loaders.content import registry_schema
from loaders.queries.indicator_series import indicator_series
from loaders.store.engines import read_engine
from loaders.store.load import LoadRequest, load_files
from tests.apptest_helpers import blocks as _blocks
from tests.apptest_helpers import elements as _elements
from tests.apptest_helpers import run_page

# --- the registry's schema --------------------------------------------------------------------


def _document() -> dict:
    with registry_schema.REGISTRY_PATH.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def test_every_shipped_entry_passes_the_schema_check():
    assert registry_schema.check(_document(), units=registry_schema.app_units()) == []


def test_every_indicator_says_what_it_is():
    for indicator in registry.indicators().values():
        assert indicator.statistic in registry.names("statistics"), indicator.id
        assert indicator.scope in registry.names("scopes"), indicator.id
        assert indicator.period_basis in registry.names("period_bases"), indicator.id
        assert indicator.grains, indicator.id
        for lang in i18n.LANGS:
            assert registry.names("scopes")[indicator.scope][lang].strip()


IMPORT = "clearance.overall_hours.import"
TRAINS = "rail.trains"
AEO = "aeo.enterprises"
COMBIPORT_TEU = "combiport.teu"


def _break(indicator_id: str, change) -> list[str]:
    document = copy.deepcopy(_document())
    entry = next(raw for raw in document["indicators"] if raw["id"] == indicator_id)
    change(entry)
    return registry_schema.check(document, units=registry_schema.app_units())


@pytest.mark.parametrize(
    ("indicator_id", "field", "change", "reason"),
    [
        (IMPORT, "statistic", lambda e: e.update(statistic="average"), "is not one of"),
        (IMPORT, "scope", lambda e: e.update(scope="mars"), "is not one of"),
        (IMPORT, "period_basis", lambda e: e.pop("period_basis"), "missing"),
        (IMPORT, "grains", lambda e: e.update(grains=["hour"]), "expected a non-empty list"),
        (IMPORT, "unit", lambda e: e.update(unit="furlongs"), "is not a unit"),
        (IMPORT, "title", lambda e: e["title"].pop("zh_hant"), "expected texts"),
        (IMPORT, "target", lambda e: e.update(target={"value": 1, "date": dt.date(2025, 1, 1)}), "targets file"),
        (IMPORT, "related", lambda e: e.update(related=["no.such.id"]), "unknown id"),
        (TRAINS, "baseline", lambda e: e.update(baseline={"value": 188, "date": dt.date(2023, 12, 31), "source": {}}), "level at a date"),
        (AEO, "baseline.source.url", lambda e: e["baseline"]["source"].update(url="javascript:alert(1)"), "http(s) original"),
        (AEO, "baseline.source.url", lambda e: e["baseline"]["source"].update(url="http://reprint.example/aeo"), "http(s) original"),
        (AEO, "baseline.source.date_accessed", lambda e: e["baseline"]["source"].pop("date_accessed"), "date the source was read"),
        (COMBIPORT_TEU, "query.series.scope", lambda e: e["query"]["series"].update(scope="national"), "must equal"),
        (COMBIPORT_TEU, "query.series.aggregation", lambda e: e["query"]["series"].update(aggregation="last"), "does not roll up"),
        (COMBIPORT_TEU, "grains", lambda e: e.update(grains=["week", "month"]), "not valid at day or week"),
    ],
)
def test_a_broken_entry_is_named_by_file_indicator_and_field(indicator_id, field, change, reason):
    problems = _break(indicator_id, change)
    assert problems, "the broken entry passed the check"
    assert problems[0].startswith(f"indicators.yaml: indicator {indicator_id}: field {field}: "), problems
    assert reason in problems[0]


def test_a_broken_registry_file_stops_with_one_line(tmp_path):
    document = _document()
    document["indicators"][0]["statistic"] = "average"
    path = tmp_path / "indicators.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    with pytest.raises(registry_schema.RegistryError) as raised:
        registry_schema.document(path)
    message = str(raised.value)
    assert "\n" not in message
    assert message.startswith(f"indicators.yaml: indicator {IMPORT}: field statistic: 'average' is not one of")


# --- the indicator_series loader: known ids and scopes, http(s) links only ------------------------

HEADER = ["indicator_id", "scope", "period_start", "period_end", "value", "unit", "source", "source_url", "confidence", "note"]


def _write(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


def test_loader_rejects_unknown_ids_scopes_and_non_http_links(store_url, tmp_path, rejects_dir):
    good = ["aeo.enterprises", "shenzhen_customs_district", "2024-01-01", "2024-01-31", "410", "enterprises", "Shenzhen Customs"]
    rows = [
        good + ["https://www.example.gov.cn/aeo", "H", ""],
        ["aeo.firms", *good[1:], "", "H", ""],  # unknown id
        [good[0], "shenzhen_city", *good[2:], "", "H", ""],  # unknown scope
        [good[0], good[1], "2024-02-01", "2024-02-29", *good[4:], "javascript:alert(1)", "H", ""],
        [good[0], good[1], "2024-03-01", "2024-03-31", *good[4:], "data:text/html,hi", "H", ""],
        [good[0], good[1], "2024-04-01", "2024-04-30", *good[4:], "HTTP://WWW.EXAMPLE.GOV.CN/A", "H", ""],
    ]
    path = _write(tmp_path / "series.csv", rows)
    (report,) = load_files([LoadRequest("indicator_series", path)], store_url, rejects_dir=rejects_dir)
    assert (report.rows_read, report.rows_accepted, report.rows_rejected) == (6, 2, 4)
    assert report.reasons == {"unknown_indicator": 1, "unknown_scope": 1, "link_not_http": 2}
    with report.rejects_file.open(encoding="utf-8-sig", newline="") as handle:
        rejects = list(csv.DictReader(handle))
    by_column = {row["column"]: row for row in rejects}
    assert "known: " in by_column["indicator_id"]["reason_en"] and "aeo.enterprises" in by_column["indicator_id"]["reason_en"]
    assert "combiport.teu" in by_column["indicator_id"]["reason_zh"]
    assert "shenzhen_customs_district" in by_column["scope"]["reason_en"] and "national" in by_column["scope"]["reason_en"]
    assert {row["value"] for row in rejects if row["column"] == "source_url"} == {"javascript:alert(1)", "data:text/html,hi"}
    stored = indicator_series(read_engine(store_url))
    assert sorted(stored["period_start"].dt.month) == [1, 4]


def test_every_published_figure_loads_and_links_only_http():
    with (registry_schema.DATASETS_DIR / "reference" / "published_figures.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    known_ids, known_scopes = set(registry_schema.known_indicator_ids()), set(registry_schema.known_scopes())
    assert {r["indicator_id"] for r in rows} <= known_ids
    assert {r["scope"] for r in rows} <= known_scopes
    assert all(registry_schema.is_http_url(r["source_url"]) for r in rows if r["source_url"])
    assert all(r["source_url"] == "" for r in rows if "not linked" in r["publisher"])


# --- like-for-like references on the cards' charts -------------------------------------------------


def _card(app, indicator_id: str):
    (block,) = [b for b in _blocks(app.main) if str(getattr(b.proto, "id", "")).endswith(f"-card-{indicator_id}")]
    return block


def _numbers(encoded) -> list[float]:
    """A Plotly array as JSON: a list, or {dtype, bdata} (base64 of the packed numbers)."""
    if isinstance(encoded, dict):
        return np.frombuffer(base64.b64decode(encoded["bdata"]), dtype=np.dtype(encoded["dtype"])).astype(float).tolist()
    return [float(v) for v in encoded or [] if v is not None]


def _chart_values(spec: dict) -> list[float]:
    """Every y value and reference-line level on a Plotly spec."""
    values = [v for trace in spec["data"] for v in _numbers(trace.get("y"))]
    return values + [float(shape["y0"]) for shape in spec["layout"].get("shapes", [])]


def _panel(card):
    tables = _elements(card, "table")
    assert len(tables) == 1, "the card lists the published figures it does not draw"
    return tables[0].value


@pytest.mark.parametrize("lang", ["zh_hans", "en"])
def test_demo_trains_card_draws_no_published_figure_and_lists_every_scope_in_the_panel(app_env, lang):
    """On the demo store the trains line is demo data: even the like-for-like Shenzhen 2023 total
    (same scope, a whole year) stays off it, listed in the panel with a line saying why."""
    app = run_page("pages/rail_tir.py", lang, **{"from": "2021-01-01", "to": "2025-12-31", "grain": "year"})
    assert not app.exception, [e.value for e in app.exception]
    card = _card(app, TRAINS)
    (chart,) = _elements(card, "plotly_chart")
    spec = json.loads(chart.proto.spec)
    values = _chart_values(spec)
    assert 16145.0 not in values and 909.0 not in values and 385.0 not in values, "another scope's figure is on the axis"
    assert 188.0 not in values, "the real Shenzhen 2023 total is not drawn on the demo line"
    assert max(values) < 400, "the axis is set by our own line, not by national totals"
    assert not [trace for trace in spec["data"] if trace.get("mode") == "markers"]
    panel = _panel(card)
    scopes = panel[i18n.t(lang, "published_panel.col_scope")]
    shenzhen, national, gba = (i18n.pick(lang, registry.names("scopes")[s]) for s in ("shenzhen_wanqu", "national", "greater_bay_area"))
    assert {shenzhen, national, gba} <= set(scopes)
    assert "188" in panel[scopes == shenzhen][i18n.t(lang, "published_panel.col_value")].tolist()
    periods = panel[i18n.t(lang, "published_panel.col_period")].tolist()
    assert any("2023" in p and ("11" in p or "Nov" in p) for p in periods), "the national Jan-Nov 2023 figure shows its whole period"
    words = [e.value for e in _elements(card, "markdown")] + [e.value for e in _elements(card, "caption")]
    assert any(i18n.t(lang, "published_panel.demo_note") in w for w in words), "the panel says why nothing is drawn"


def test_import_median_card_carries_no_national_mean_and_lists_it_with_its_statistic(app_env):
    app = run_page("pages/clearance.py", "zh_hans", **{"from": "2022-01-01", "to": "2023-12-31", "grain": "year"})
    assert not app.exception, [e.value for e in app.exception]
    card = _card(app, IMPORT)
    (chart,) = _elements(card, "plotly_chart")
    spec = json.loads(chart.proto.spec)
    assert 32.02 not in _chart_values(spec)
    assert max(_chart_values(spec)) < 10, "a Shenzhen median of a few hours keeps its own axis"
    assert not [trace for trace in spec["data"] if trace.get("mode") == "markers"]
    panel = _panel(card)
    national = panel[panel["范围"] == "全国"]
    assert "32.02" in set(national["数值"]) and set(national["统计量"]) == {"平均值"}
    assert set(national["单位"]) == {"小时"}
    assert "2022年12月1日至2022年12月31日" in set(national["期间"])


def test_published_trains_chart_draws_whole_years_only(app_env):
    """The national Jan-Nov 2023 total (16,145) is not drawn as a 2023 bar beside whole years; the
    table beside it still lists it with its period."""
    app = run_page("pages/rail_tir.py", "en", {"section-rail": i18n.t("en", "rail.published_header")})  # its tab
    assert not app.exception, [e.value for e in app.exception]
    (block,) = [
        b
        for b in _blocks(app.main)
        if any(getattr(c, "type", None) == "plotly_chart" and "chart-rail-published" in str(c.proto.id) for c in b.children.values())
    ]
    (chart,) = [c for c in _elements(block, "plotly_chart") if "chart-rail-published" in str(c.proto.id)]
    values = _chart_values(json.loads(chart.proto.spec))
    assert 16145.0 not in values and 12406.0 in values


def test_the_panel_names_other_scopes_figures_without_our_scope_in_the_name(app_env):
    app = run_page("pages/rail_tir.py", "zh_hans", **{"from": "2021-01-01", "to": "2025-12-31", "grain": "year"})
    panel = _panel(_card(app, TRAINS))
    national = panel[panel["范围"] == "全国"]
    assert set(national["指标"]) == {"中欧班列开行列数"}, "a national figure is not called a GBA Express (湾区号) figure"


def test_every_publisher_has_a_name_in_each_language():
    with (registry_schema.DATASETS_DIR / "reference" / "published_figures.csv").open(encoding="utf-8") as handle:
        publishers = {row["publisher"] for row in csv.DictReader(handle)}
    for publisher in publishers:
        names = registry.publisher_name(publisher)
        assert names["en"].strip(), publisher
        assert names["zh_hans"] != publisher and names["zh_hant"] != publisher, f"{publisher} is not translated"
    assert registry.publisher_name("Some new paper") == dict.fromkeys(i18n.LANGS, "Some new paper")


def test_every_published_figure_has_the_statistic_the_registry_gives_its_indicator():
    """The shared file says what each figure is (`statistic`); the registry says what its indicator id
    measures. They must agree, or a figure would be set beside a number of another kind."""
    document = registry_schema.document()
    declared = {entry["id"]: entry["statistic"] for entry in [*document["indicators"], *document["published_only"]]}
    same = {"total_over_period": "total"}  # the shared file's word for the registry's "total"
    with (registry_schema.DATASETS_DIR / "reference" / "published_figures.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert rows
    wrong = [(r["indicator_id"], r["statistic"], declared.get(r["indicator_id"])) for r in rows
             if same.get(r["statistic"], r["statistic"]) != declared.get(r["indicator_id"])]  # fmt: skip
    assert wrong == []
