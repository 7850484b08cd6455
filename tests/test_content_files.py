"""Every content file goes through one loader (loaders/content/reader.py) with a declared schema: every
shipped file passes it, a broken entry is one line naming file, entry and field, and an edited
file shows on the next read without a restart."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from dashboard import i18n, policies, registry, targets
from dashboard.policies import content as policy_content
from dashboard.policies import glossary, guide, synonyms
from dashboard.training.schedule import series_schema
from loaders.content import calendar_dates, reference, registry_schema
from loaders.content.reader import ContentError, load_content
from loaders.paths import DATASETS_DIR

# Under datasets/ but not content the app reads as it is: loader input samples (tests/test_readers.py
# and tests/hostile/ read them as files to load), vendored copies of the shared facts (checked by
# their SHA-256 in tests/test_sources.py) and map outlines (GeoJSON).
NOT_CONTENT = ("samples", "sources", "geo", "assets")


def _sessions_schema(rows, file):
    from dashboard.training import schedule

    sessions, problems = schedule.check_rows(rows, schedule.load_series(), registry.indicators())
    if problems:
        first = problems[0]
        raise ContentError(file, f"line {first.line} ({first.session_id})", first.column, first.english)
    return sessions


def _series_schema(document, file):
    series, problems = series_schema(document, file)
    if problems:
        raise ContentError(file, None, "series", str(problems[0]))
    return series


SCHEMAS = {
    "calendar.yaml": calendar_dates.calendar_schema,
    "indicators.yaml": registry_schema._checked,
    "i18n/*/*.yaml": i18n.strings_schema,
    "policies/areas.yaml": policy_content.areas_schema,
    "policies/channels.yaml": policy_content.channels_schema,
    "policies/glossary.yaml": glossary.glossary_schema,
    "policies/guide.yaml": guide.guide_schema,
    "policies/search_terms.yaml": synonyms.terms_schema,
    "policies/measure_*.yaml": policy_content.measure_schema,
    "reference/places.csv": reference.places_schema,
    "reference/customs_codes.csv": reference.customs_codes_schema,
    "reference/countries.csv": reference.countries_schema,
    "reference/published_figures.csv": registry_schema.published_figures_schema,
    "reference/publishers.yaml": registry.publishers_schema,
    "reference/seafood_names.yaml": reference.name_tables_schema,
    "targets/*.yaml": targets._demo_schema,
    "training/names.yaml": reference.name_tables_schema,
    "training/series.yaml": _series_schema,
    "training/sessions.csv": _sessions_schema,
}


def _content_files() -> list[Path]:
    return sorted(
        path
        for path in DATASETS_DIR.rglob("*")
        if path.suffix in (".yaml", ".yml", ".csv") and path.relative_to(DATASETS_DIR).parts[0] not in NOT_CONTENT
    )


def _schema_of(path: Path):
    matches = [schema for pattern, schema in SCHEMAS.items() if path.relative_to(DATASETS_DIR).match(pattern)]
    assert len(matches) == 1, f"{path.relative_to(DATASETS_DIR)}: declare its schema in SCHEMAS (found {len(matches)})"
    return matches[0]


@pytest.mark.parametrize("path", _content_files(), ids=lambda p: str(p.relative_to(DATASETS_DIR)))
def test_every_shipped_content_file_passes_its_schema(path):
    value = load_content(path, _schema_of(path))
    assert value is not None and (not hasattr(value, "__len__") or len(value) > 0), path


def test_the_schemas_cover_every_kind_of_content_file():
    """A new content file without a declared schema fails the test above; this one checks that
    each declared schema still matches a shipped file (no stale entries)."""
    files = [str(path.relative_to(DATASETS_DIR)) for path in _content_files()]
    assert len(files) >= 50
    for pattern in SCHEMAS:
        assert any(Path(name).match(pattern) for name in files), pattern


# --- a broken entry: one line naming file, entry and field -------------------------------------


def _copy(tmp_path: Path, relative: str) -> Path:
    target = tmp_path / Path(relative).name
    shutil.copy(DATASETS_DIR / relative, target)
    return target


def _edit_yaml(path: Path, change) -> None:
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(document)
    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")


BROKEN_YAML = [
    ("policies/measure_08.yaml", lambda d: d["summary"].pop("en"), "measure 8", "summary.en"),
    ("policies/channels.yaml", lambda d: d["channels"][1].update(kind="fax"), "channel ", "kind"),
    ("indicators.yaml", lambda d: d["indicators"][2].update(decimals=9), "indicator ", "decimals"),
    ("calendar.yaml", lambda d: d["events"][1].update(kind="eclipse"), "event 2022-02-01", "kind"),
    ("calendar.yaml", lambda d: d["demo_typhoon_closures"][0].update(days=0), "demo_typhoon_closures #1", "days"),
    ("reference/publishers.yaml", lambda d: next(iter(d.values())).pop("zh_hant"), "publisher China News", "zh_hant"),
    ("targets/demo.yaml", lambda d: d["targets"][0].update(value="soon"), "target ", "value"),
    ("i18n/en/core.yaml", lambda d: d.update(broken={"key": [{"not": "text"}]}), "key broken.key", "value"),
]


@pytest.mark.parametrize(("relative", "change", "entry", "field"), BROKEN_YAML, ids=[f"{r}:{f}" for r, _, _, f in BROKEN_YAML])
def test_a_broken_entry_names_file_entry_and_field(tmp_path, relative, change, entry, field):
    path = _copy(tmp_path, relative)
    _edit_yaml(path, change)
    with pytest.raises(ContentError) as raised:
        load_content(path, _schema_of(DATASETS_DIR / relative))
    error, message = raised.value, str(raised.value)
    assert error.file == path.name and error.field == field and error.entry.startswith(entry), (error.file, error.entry, error.field)
    assert message.startswith(f"{path.name}: {error.entry}: field {field}: ") and "\n" not in message


@pytest.mark.parametrize(
    ("relative", "before", "after", "entry", "field"),
    [
        ("reference/places.csv", ",22.5230,114.0690,", ",22.5230,east,", "line 2 (SZ_HUANGGANG)", "lon"),
        ("reference/countries.csv", "CN,中国,中國,China", "CN,中国,中國,", "line 2 (CN)", "name_en"),
        ("reference/published_figures.csv", ",97.39,hours,", ",97.39,,", "line 2 (clearance.overall_hours_mean.import)", "unit"),
    ],
)
def test_a_broken_csv_row_names_file_line_and_column(tmp_path, relative, before, after, entry, field):
    path = _copy(tmp_path, relative)
    text = path.read_text(encoding="utf-8")
    assert before in text
    path.write_text(text.replace(before, after, 1), encoding="utf-8")
    with pytest.raises(ContentError, match="^" + re.escape(f"{path.name}: {entry}: field {field}: ")):
        load_content(path, _schema_of(DATASETS_DIR / relative))


def test_a_file_that_is_not_valid_yaml_or_missing_is_one_line(tmp_path):
    path = tmp_path / "calendar.yaml"
    path.write_text("kinds: [unclosed\n", encoding="utf-8")
    with pytest.raises(ContentError, match=r"^calendar.yaml: not valid YAML \(") as raised:
        load_content(path, calendar_dates.calendar_schema)
    assert raised.value.cause == "syntax" and "\n" not in str(raised.value)
    with pytest.raises(ContentError, match=r"^nothing.yaml: cannot read the file \(No such file or directory\)"):
        load_content(tmp_path / "nothing.yaml", calendar_dates.calendar_schema)


# --- an edited file shows on the next read, no restart -------------------------------------------


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_editing_the_indicator_registry_shows_without_a_restart(tmp_path, monkeypatch):
    path = _copy(tmp_path, "indicators.yaml")
    monkeypatch.setattr(registry_schema, "REGISTRY_PATH", path)
    indicator = next(iter(registry.indicators().values()))
    old = indicator.title["en"]
    assert registry.indicators()[indicator.id].title["en"] == old
    _edit_yaml(path, lambda d: d["indicators"][0]["title"].update(en="Renamed by a steward"))
    assert registry.indicators()[indicator.id].title["en"] == "Renamed by a steward"
    assert registry.title_of(indicator.id)["en"] == "Renamed by a steward"


def test_editing_a_measure_shows_in_its_page_data_and_in_search_without_a_restart(tmp_path, monkeypatch):
    for source in (DATASETS_DIR / "policies").glob("*.yaml"):
        shutil.copy(source, tmp_path / source.name)
    monkeypatch.setattr(policy_content, "POLICIES_DIR", tmp_path)
    assert not policies.search("zeppelin", lang="en")
    before = policies.measure(8).summary["en"]
    _edit_yaml(tmp_path / "measure_08.yaml", lambda d: d["summary"].update(en="Goods now arrive by zeppelin."))
    assert policies.measure(8).summary["en"] == "Goods now arrive by zeppelin." != before
    assert [result.measure.number for result in policies.search("zeppelin", lang="en")] == [8]


def test_editing_interface_strings_shows_without_a_restart(tmp_path, monkeypatch):
    shutil.copytree(DATASETS_DIR / "i18n", tmp_path / "i18n")
    monkeypatch.setattr(i18n, "STRINGS_DIR", tmp_path / "i18n")
    old = i18n.t("en", "app.title")
    _edit_yaml(tmp_path / "i18n" / "en" / "core.yaml", lambda d: d["app"].update(title="Freshly edited"))
    assert i18n.t("en", "app.title") == "Freshly edited" != old
    assert i18n.t("zh_hans", "app.title") != "Freshly edited"


def test_editing_the_calendar_moves_the_chart_markers_without_a_restart(tmp_path, monkeypatch):
    path = _copy(tmp_path, "calendar.yaml")
    monkeypatch.setattr(calendar_dates, "CALENDAR_PATH", path)
    assert calendar_dates.demo_typhoon_closures()[0][1] == 1
    _edit_yaml(path, lambda d: d["demo_typhoon_closures"][0].update(days=3))
    assert calendar_dates.demo_typhoon_closures()[0][1] == 3


@pytest.mark.parametrize(("written", "is_demo"), [("TRUE", True), ("√", True), ("是", True), ("否", False), ("n", False), ("maybe", None)])
def test_the_schedule_reads_yes_and_no_as_every_loader_does(written, is_demo):
    from dashboard.training import schedule

    rows = load_content(DATASETS_DIR / "training" / "sessions.csv", _rows_only)
    row = {**rows[0], "is_demo": written}
    sessions, problems = schedule.check_rows([row], None, None)
    if is_demo is None:
        assert [p.column for p in problems] == ["is_demo"] and not sessions
    else:
        assert not problems and sessions[0].is_demo is is_demo


def _rows_only(rows, file):
    return rows
