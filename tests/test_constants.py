"""Names once: the metrics and filters a records query of datasets/indicators.yaml may name are
listed (loaders/queries/catalog.py) and match what the aggregates return on both engines; a
registry entry naming an unknown metric or filter key stops the app at start-up with one line
naming file, indicator and field; a filter key a query does not take is an error, never a filter
that silently does nothing."""

from __future__ import annotations

import ast
import copy
import datetime as dt
from pathlib import Path

import pytest
import yaml

from dashboard import i18n, policies, registry
from dashboard.components import filters
from loaders import constants
from loaders.content import registry_schema
from loaders.paths import DATASETS_DIR
from loaders.queries import common
from loaders.queries.catalog import RECORD_QUERIES, UnknownFilter, checked_registry, record_query_problems
from loaders.queries.registry_values import indicator_values, record_filters
from loaders.store.engines import read_engine
from loaders.store.load import LoadRequest, load_files

SAMPLES = DATASETS_DIR / "samples"
IMPORT = "clearance.overall_hours.import"
SHARE = "clearance.share_over_target"
TRAINS = "rail.trains"


@pytest.fixture
def sample_store(store_url, tmp_path):
    """The shipped English samples of every record dataset, loaded into each engine."""
    requests = [LoadRequest(name, SAMPLES / f"{name}_en_utf8.csv") for name in RECORD_QUERIES]
    load_files(requests, url=store_url, rejects_dir=tmp_path / "rejects")
    engine = read_engine(store_url, pooled=False)
    yield engine
    engine.dispose()


def test_listed_metrics_are_the_columns_each_aggregate_returns(sample_store):
    for dataset, query in RECORD_QUERIES.items():
        extra = {"target_hours": 24} if query.target_metrics else {}
        frame = query.function(sample_store, grain="month", **extra)
        assert not frame.empty, dataset
        assert set(frame.columns) - {"period"} == set(query.metrics + query.target_metrics), dataset
        if query.target_metrics:
            plain = query.function(sample_store, grain="month")
            assert set(plain.columns) - {"period"} == set(query.metrics), dataset


def test_every_registry_indicator_of_records_runs_on_the_samples(sample_store):
    for indicator in registry.indicators().values():
        if "records" in indicator.query:
            frame = indicator_values(sample_store, indicator.query, "month")
            durations = ["open_cases"] if indicator.maturity_days else []  # a duration says how many cases are still open
            assert list(frame.columns) == ["period", "value", *durations], indicator.id
            assert not frame.empty, indicator.id


def test_an_unknown_filter_key_is_refused_not_dropped(sample_store):
    query = registry.indicators()[IMPORT].query
    with pytest.raises(UnknownFilter, match=r"clearance: no filter 'custom_codes'; its filters are customs_codes"):
        indicator_values(sample_store, query, "month", custom_codes=("5301",))
    # the spelled-right key filters (an empty choice means every office)
    everything = indicator_values(sample_store, query, "month", customs_codes=())
    assert not everything.empty
    nothing = indicator_values(sample_store, query, "month", customs_codes=("no-such-office",))
    assert nothing.empty


def test_a_fixed_filter_with_a_typo_is_refused():
    with pytest.raises(UnknownFilter, match="'direction'"):
        record_filters("rail_train", None, None, {"direction": ["outbound"]})
    chosen = record_filters("tir_trip", dt.date(2024, 1, 1), None, None, destination_countries=("DE",), directions=())
    assert chosen.destination_countries == ("DE",) and chosen.directions == ()


def _document() -> dict:
    with registry_schema.REGISTRY_PATH.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _break(indicator_id: str, change) -> list[str]:
    document = copy.deepcopy(_document())
    change(next(raw for raw in document["indicators"] if raw["id"] == indicator_id)["query"]["records"])
    shape = registry_schema.check(document, units=registry_schema.app_units())
    return shape + [str(problem) for problem in record_query_problems(document, "indicators.yaml")]


@pytest.mark.parametrize(
    ("indicator_id", "field", "change", "reason"),
    [
        (IMPORT, "query.records.metric", lambda q: q.update(metric="overall_hours_medain"), "is not a metric of clearance"),
        (IMPORT, "query.records.metric", lambda q: q.update(metric="share_over_target"), "needs target_hours"),
        (IMPORT, "query.records.dataset", lambda q: q.update(dataset="clearances"), "is not one of clearance"),
        (IMPORT, "query.records.filters.direction", lambda q: q["filters"].update(direction=["export"]), "not a filter of clearance"),
        (IMPORT, "query.records.filters.directions", lambda q: q["filters"].update(directions="import"), "non-empty list of codes"),
        (IMPORT, "query.records.filters.is_aeo", lambda q: q["filters"].update(is_aeo="yes"), "true or false"),
        (IMPORT, "query.records.target_hours", lambda q: q.update(target_hours=24), "share_over_target of clearance takes a target"),
        (IMPORT, "query.records.filter", lambda q: q.update(filter={}), "unknown field"),
        (SHARE, "query.records.target_hours", lambda q: q.update(target_hours=-1), "above 0"),
        (TRAINS, "query.records.metric", lambda q: q.update(metric="trips"), "is not a metric of rail_train"),
        (TRAINS, "query.records.target_hours", lambda q: q.update(target_hours=24), "no metric of rail_train takes a target, not trains"),
    ],
)
def test_a_broken_records_query_is_named_by_file_indicator_and_field(indicator_id, field, change, reason):
    problems = _break(indicator_id, change)
    assert problems, "the broken entry passed the check"
    assert problems[0].startswith(f"indicators.yaml: indicator {indicator_id}: field {field}: "), problems
    assert reason in problems[0]


def test_an_unknown_metric_stops_the_registry_at_start_up_with_one_line(tmp_path):
    document = _document()
    document["indicators"][0]["query"]["records"]["metric"] = "overall_hours_medain"
    path = tmp_path / "indicators.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    with pytest.raises(registry_schema.RegistryError) as raised:
        checked_registry(path)
    message = str(raised.value)
    assert "\n" not in message
    assert message.startswith(f"indicators.yaml: indicator {IMPORT}: field query.records.metric: 'overall_hours_medain' is not a metric")


# --- languages, grains and clearance stages: defined once, named in every language ----------------

ROOT = Path(__file__).resolve().parent.parent
SHARED = {"LANGS": constants.LANGS, "GRAINS": constants.GRAINS, "CLEARANCE_STAGES": constants.CLEARANCE_STAGES}


def _copies(path: Path) -> list[str]:
    """Tuples or lists in a module spelling out one of the shared constants (in any order)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Tuple | ast.List) and node.elts and all(isinstance(e, ast.Constant) for e in node.elts):
            values = sorted(str(e.value) for e in node.elts)
            found += [f"{name} at line {node.lineno}" for name, shared in SHARED.items() if values == sorted(shared)]
    return found


def test_languages_grains_and_stages_are_spelled_out_only_in_the_constants_module():
    modules = [p for folder in ("dashboard", "loaders", "pages", "tools") for p in (ROOT / folder).rglob("*.py")]
    copies = {str(p.relative_to(ROOT)): _copies(p) for p in [*modules, ROOT / "streamlit_app.py"] if p != ROOT / "loaders" / "constants.py"}
    assert {path: found for path, found in copies.items() if found} == {}


def test_every_module_that_names_them_uses_the_one_definition():
    assert i18n.LANGS is policies.LANGS is registry.LANGS is registry_schema.LANGS is constants.LANGS
    assert filters.GRAINS is common.GRAINS is registry_schema.GRAINS is constants.GRAINS
    assert ("overall_hours", *constants.CLEARANCE_STAGES) == constants.CLEARANCE_DURATIONS


@pytest.mark.parametrize("lang", constants.LANGS)
def test_every_grain_and_stage_has_a_label_in_each_language(lang):
    strings = i18n.strings(lang)
    assert (DATASETS_DIR / "i18n" / lang).is_dir()
    for grain in constants.GRAINS:
        assert strings.get(f"grain.{grain}", "").strip(), grain
    labels = [strings.get(f"clearance.stage_{stage.removesuffix('_hours')}", "").strip() for stage in constants.CLEARANCE_STAGES]
    assert all(labels) and len(set(labels)) == len(labels), labels
