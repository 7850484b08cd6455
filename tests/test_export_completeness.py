"""Every file the clearance page hands out, read alone, says what it is: a CSV names its indicator,
its scope *as filtered* (Huanggang, not the whole district), periods, filters in words, unit,
source in words, coverage, load time and demo flag on every row; a chart saved as PNG carries its
scope, periods and source; no two files of a view share a name, and another period gives another
name. On the small demo store, with the page filtered to one port and one direction."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest

from dashboard import i18n
from tests.apptest_helpers import other_sections, run_page

PAGE = "pages/clearance.py"
FIELDS = ("indicator", "scope", "periods", "filters", "unit", "source", "demo", "covered_through", "loaded_at")
HUANGGANG = {"zh_hans": "皇岗", "en": "Huanggang", "zh_hant": "皇崗"}
IMPORT = {"zh_hans": "进口", "en": "Import", "zh_hant": "進口"}
VIEW = {"ports": "5301", "direction": "import", "from": "2024-01-01", "to": "2025-12-31"}


def _runs(lang: str, **params: str):
    app = run_page(PAGE, lang, **params)
    runs = [app, *other_sections(app, PAGE, lang, **params)]
    assert not any(run.exception for run in runs), [e.value for run in runs for e in run.exception]
    return runs


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_every_csv_of_a_filtered_view_says_what_it_is(app_env, media_files, lang):
    buttons = [button for run in _runs(lang, **VIEW) for button in run.get("download_button")]
    assert len(buttons) >= 8, "four indicator cards, stages by port and by mode, distribution, comparisons, heatmap"
    names = [media_files[button.proto.url].filename for button in buttons]
    filters_seen = set()
    assert len(names) == len(set(names)), f"every file of the view has its own name: {names}"
    for button in buttons:
        file = media_files[button.proto.url]
        frame = pd.read_csv(io.BytesIO(file.content), encoding="utf-8-sig", dtype=str, keep_default_na=False)
        assert not frame.empty, file.filename
        columns = {field: i18n.t(lang, f"exports.csv.{field}") for field in FIELDS}
        for field, column in columns.items():
            assert (frame[column].str.strip() != "").all(), (file.filename, field)
        assert frame[columns["scope"]].str.contains(HUANGGANG[lang]).all(), (file.filename, "the scope as filtered")
        filters = frame[columns["filters"]].iloc[0]
        assert HUANGGANG[lang] in filters and IMPORT[lang] in filters, (file.filename, filters)
        filters_seen.add(filters)
        assert "ports=" not in filters and "customs_codes=" not in filters, (file.filename, filters)
        source = frame[columns["source"]].iloc[0]
        assert source != "clearance" and any(word in source for word in ("报关单", "報關單", "declarations")), (file.filename, source)
        assert "_DEMO_" in file.filename and file.filename.endswith(f"_{lang}.csv")
    assert len(filters_seen) == 1, f"the view's filters are written the same way in every file: {filters_seen}"


def test_another_period_gives_another_file_name(app_env, media_files):
    def names(**params: str) -> set[str]:
        (app,) = _runs("en", **params)[:1]
        return {media_files[button.proto.url].filename for button in app.get("download_button")}

    first = names(**VIEW)
    later = names(**{**VIEW, "from": "2025-01-01"})
    assert first and later and first.isdisjoint(later), "the same view over another period is another file"


@pytest.mark.parametrize("lang", ["zh_hans", "en"])
def test_a_saved_chart_names_its_scope_period_and_source(app_env, lang):
    charts = [chart for run in _runs(lang, **VIEW) for chart in run.get("plotly_chart")]
    assert len(charts) >= 8
    stems = []
    for chart in charts:
        spec = json.loads(chart.proto.spec)
        notes = " ".join(a.get("text", "") for a in spec["layout"].get("annotations", []))
        title = spec["layout"].get("title", {}).get("text", "")
        assert HUANGGANG[lang] in notes, (title, "the scope as filtered, on the image itself")
        assert i18n.t(lang, "exports.csv.periods") in notes and "2024" in notes, (title, notes)
        assert any(word in notes for word in ("报关单", "declarations")), (title, notes)
        stems.append(json.loads(chart.proto.config)["toImageButtonOptions"]["filename"])
    assert len(stems) == len(set(stems)), f"every PNG of the view has its own name: {stems}"


@pytest.mark.parametrize("script", ["pages/ports_map.py", "pages/rail_tir.py", "pages/seafood_lab.py", "pages/fresh_produce.py"])
def test_every_csv_of_every_data_page_fills_every_provenance_field(app_env, media_files, script):
    runs = [app := run_page(script, "en"), *other_sections(app, script, "en")]
    assert not any(run.exception for run in runs), [e.value for run in runs for e in run.exception]
    buttons = [button for run in runs for button in run.get("download_button")]
    assert buttons
    names = [media_files[button.proto.url].filename for button in buttons]
    assert len(names) == len(set(names)), names
    for button in buttons:
        file = media_files[button.proto.url]
        if not file.filename.endswith(".csv") or file.filename.startswith("rail-published"):
            continue  # the published figures' own table: each row names its publisher and link
        frame = pd.read_csv(io.BytesIO(file.content), encoding="utf-8-sig", dtype=str, keep_default_na=False)
        for field in FIELDS:
            column = i18n.t("en", f"exports.csv.{field}")
            assert (frame[column].str.strip() != "").all(), (file.filename, field)
