"""Targets that mean something and say whose they are; baselines that compare like with like.

No target ships: on real data no card shows a target or "target met". An authority's targets file
(DASHBOARD_TARGETS_FILE) puts its value and who set it on the card face. The demo store's demo
targets are stricter than every month of their baseline year and labelled 演示目标（非官方）.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import pandas as pd
import pytest
import yaml

from dashboard import i18n, registry, targets
from dashboard.models.card_model import baseline_span
from loaders.queries.registry_values import indicator_values
from loaders.store.demo import write_csv
from loaders.store.engines import read_engine
from loaders.store.load import LoadRequest, load_files
from tests.apptest_helpers import blocks as _blocks
from tests.apptest_helpers import elements as _elements
from tests.apptest_helpers import page_text, run_page

IMPORT = "clearance.overall_hours.import"
EXPORT = "clearance.overall_hours.export"
CLEARANCE = "pages/clearance.py"


def _cards(app) -> dict[str, object]:
    return {str(b.proto.id).split("-card-")[-1]: b for b in _blocks(app.main) if "-card-" in str(getattr(b.proto, "id", ""))}


def _target_metric(card, lang: str = "zh_hans"):
    labels = {i18n.t(lang, "card.target"), i18n.t(lang, "card.demo_target")}
    (metric,) = [m for m in _elements(card, "metric") if m.label in labels]
    return metric


def _captions(card) -> str:
    return "\n".join(c.value for c in _elements(card, "caption"))


# --- no target by default ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def real_store_url(tmp_path_factory) -> str:
    """Generated clearance records and monthly series loaded as real (not demo) data: what an
    authority's store looks like before it sets any target."""
    from loaders.demo.generator import generate

    folder = tmp_path_factory.mktemp("real")
    frames = generate(scale=0.02)
    url = f"duckdb:///{folder / 'real.duckdb'}"
    requests = [
        LoadRequest(name, write_csv(frames[name], folder / f"{name}.csv"), is_demo=False) for name in ("clearance", "indicator_series")
    ]
    load_files(requests, url, rejects_dir=folder / "rejects")
    return url


def test_with_no_targets_configured_no_card_shows_a_target(real_store_url, monkeypatch):
    monkeypatch.setenv("DASHBOARD_DB_URL", real_store_url)
    monkeypatch.delenv(targets.TARGETS_ENV, raising=False)
    app = run_page(CLEARANCE, "zh_hans")
    assert not app.exception, [e.value for e in app.exception]
    cards = _cards(app)
    assert IMPORT in cards and EXPORT in cards
    for indicator_id, card in cards.items():
        metric = _target_metric(card)
        assert (metric.label, metric.value) == ("目标", "未设目标"), indicator_id
    text = page_text(app)
    for phrase in ("达到目标", "未达目标", "演示目标"):
        assert phrase not in text
    assert "优于基线（未设目标）" in text or "不优于基线" in text, "statuses compare with the baseline instead"


def test_targets_resolve_to_none_on_real_data_and_demo_targets_on_demo_data(monkeypatch):
    monkeypatch.delenv(targets.TARGETS_ENV, raising=False)
    assert targets.target_for(IMPORT, data_is_demo=False) is None
    demo = targets.target_for(IMPORT, data_is_demo=True)
    assert demo is not None and demo.is_demo


# --- an authority's targets file --------------------------------------------------------------


def _targets_file(folder: Path, content: dict) -> Path:
    path = folder / "targets.yaml"
    path.write_text(yaml.safe_dump(content, allow_unicode=True), encoding="utf-8")
    return path


def test_a_configured_target_shows_its_value_and_who_set_it(app_env, tmp_path, monkeypatch):
    path = _targets_file(
        tmp_path,
        {
            "set_by": {"zh_hans": "深圳海关", "en": "Shenzhen Customs", "zh_hant": "深圳海關"},
            "document": "深关〔2026〕12号",
            "targets": [{"indicator": IMPORT, "value": 1.5, "date": dt.date(2026, 12, 31)}],
        },
    )
    monkeypatch.setenv(targets.TARGETS_ENV, str(path))
    app = run_page(CLEARANCE, "zh_hans")
    assert not app.exception, [e.value for e in app.exception]
    cards = _cards(app)
    metric = _target_metric(cards[IMPORT])
    assert (metric.label, metric.value) == ("目标", i18n.format_value(1.5, "hours", 1, "zh_hans"))
    captions = _captions(cards[IMPORT])
    assert "深圳海关" in captions and "深关〔2026〕12号" in captions and "2026年12月31日" in captions
    # the authority's file replaces the demo targets: an indicator it leaves out has none
    assert _target_metric(cards[EXPORT]).value == "未设目标"
    assert "演示目标" not in page_text(app)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ({"targets": "none"}, "targets.yaml: field targets: expected a list"),
        (
            {"set_by": "深圳海关", "document": "x", "targets": [{"indicator": "no.such", "value": 1, "date": dt.date(2026, 1, 1)}]},
            "targets.yaml: targets[1]: field indicator: 'no.such' is not an indicator",
        ),
        (
            {"set_by": "深圳海关", "document": "x", "targets": [{"indicator": IMPORT, "value": "fast", "date": dt.date(2026, 1, 1)}]},
            f"targets.yaml: target {IMPORT}: field value: expected a number",
        ),
        (
            {"set_by": "深圳海关", "document": "x", "targets": [{"indicator": IMPORT, "value": 2}]},
            f"targets.yaml: target {IMPORT}: field date",
        ),
        (
            {"document": "x", "targets": [{"indicator": IMPORT, "value": 2, "date": dt.date(2026, 1, 1)}]},
            f"targets.yaml: target {IMPORT}: field set_by",
        ),
        (
            {"set_by": "深圳海关", "targets": [{"indicator": IMPORT, "value": 2, "date": dt.date(2026, 1, 1)}]},
            f"targets.yaml: target {IMPORT}: field document",
        ),
        (
            {
                "set_by": "深圳海关",
                "document": "x",
                "targets": [{"indicator": "training.sessions", "value": 20, "date": dt.date(2026, 1, 1)}],
            },
            "target training.sessions: field indicator: a total depends on the period",
        ),
        (
            {"set_by": "深圳海关", "document": "x", "targets": [{"indicator": "fresh.batches", "value": 9, "date": dt.date(2026, 1, 1)}]},
            "no better direction",
        ),
    ],
)
def test_a_broken_targets_file_names_file_target_and_field(tmp_path, content, message):
    path = _targets_file(tmp_path, content)
    with pytest.raises(targets.TargetsError) as raised:
        targets.parse(yaml.safe_load(path.read_text(encoding="utf-8")), path)
    assert message in str(raised.value) and "\n" not in str(raised.value)


def test_a_missing_targets_file_is_one_line_naming_the_setting(monkeypatch):
    missing = Path(tempfile.gettempdir()) / "no-such-dir" / "targets.yaml"
    monkeypatch.setenv(targets.TARGETS_ENV, str(missing))
    with pytest.raises(targets.TargetsError, match=r"^DASHBOARD_TARGETS_FILE=.*targets.yaml: cannot read the targets file"):
        targets.target_for(IMPORT, data_is_demo=False)


def test_a_broken_targets_file_stops_the_page_with_one_line(app_env, tmp_path, monkeypatch):
    path = _targets_file(
        tmp_path, {"set_by": "深圳海关", "document": "x", "targets": [{"indicator": IMPORT, "value": "fast", "date": dt.date(2026, 1, 1)}]}
    )
    monkeypatch.setenv(targets.TARGETS_ENV, str(path))
    app = run_page(CLEARANCE, "en")
    assert not app.exception
    (error,) = app.error
    assert "targets.yaml: target clearance.overall_hours.import: field value" in error.value


# --- the demo store's demo targets ------------------------------------------------------------


def test_every_demo_target_is_stricter_than_every_month_of_its_baseline(demo_store_url):
    engine = read_engine(demo_store_url)
    demo = targets.demo_targets()
    assert demo, "the demo store ships demo targets"
    for indicator_id, target in demo.items():
        assert target.is_demo
        indicator = registry.indicators()[indicator_id]
        base = indicator.baseline
        if base.from_data:
            baseline = indicator_values(engine, indicator.query, "month", base.start, base.end)["value"].dropna()
            assert len(baseline) == 12, f"{indicator_id}: a baseline month is missing"
        else:
            baseline = pd.Series([base.value])
        if indicator.better == "lower":
            assert target.value < baseline.min(), f"{indicator_id}: demo target {target.value} is not below its baseline {baseline.min()}"
        else:
            assert target.value > baseline.max(), f"{indicator_id}: demo target {target.value} is not above its baseline {baseline.max()}"


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_demo_targets_are_labelled_on_the_card_face_and_badge(app_env, monkeypatch, lang):
    monkeypatch.delenv(targets.TARGETS_ENV, raising=False)
    app = run_page(CLEARANCE, lang)
    assert not app.exception, [e.value for e in app.exception]
    card = _cards(app)[IMPORT]
    metric = _target_metric(card, lang)
    assert metric.label == i18n.t(lang, "card.demo_target")
    assert "演示目标（非官方）" in metric.label or "Demo target (not official)" in metric.label or "演示目標（非官方）" in metric.label
    text = page_text(app)
    assert i18n.t(lang, "card.status_green") not in text and i18n.t(lang, "card.status_amber") not in text, "a plain 'target met'"
    badges = [i18n.t(lang, "card.status_green_demo"), i18n.t(lang, "card.status_amber_demo")]
    assert any(badge in text for badge in badges)


def test_overview_tiles_label_demo_targets_in_their_badges(app_env, monkeypatch):
    monkeypatch.delenv(targets.TARGETS_ENV, raising=False)
    app = run_page("pages/overview.py", "zh_hans")
    assert not app.exception, [e.value for e in app.exception]
    badges = [m.value for m in app.markdown if "-badge[" in m.value]
    assert badges, "the tiles show status badges"
    assert not [b for b in badges if "达到目标" in b or "未达目标" in b], "a tile says 'target met' of a demo target"
    assert any("演示目标（非官方）" in b for b in badges)


# --- baselines: the same calendar months of the baseline year --------------------------------


@pytest.mark.parametrize(
    ("grain", "latest", "expected"),
    [
        ("month", "2025-10-01", ("2022-10-01", "2022-10-31")),
        ("month", "2025-03-01", ("2023-03-01", "2023-03-31")),
        ("month", "2024-02-01", ("2023-02-01", "2023-02-28")),
        ("quarter", "2025-01-01", ("2023-01-01", "2023-03-31")),
        ("quarter", "2024-07-01", ("2022-07-01", "2022-09-30")),
        ("week", "2025-10-06", ("2022-10-06", "2022-10-12")),
        ("day", "2024-02-29", ("2023-02-28", "2023-02-28")),
        ("year", "2025-01-01", ("2022-07-01", "2023-06-30")),
    ],
)
def test_a_period_is_compared_with_the_same_calendar_days_of_the_baseline_year(grain, latest, expected):
    span = baseline_span(registry.indicators()[IMPORT], grain, pd.Timestamp(latest))
    assert span == (dt.date.fromisoformat(expected[0]), dt.date.fromisoformat(expected[1]))


def test_a_card_shows_one_baseline_on_its_face_and_in_its_definition(app_env, monkeypatch):
    """The trains card used to say 无基线 on its face and 188 列 in its definition tab."""
    monkeypatch.delenv(targets.TARGETS_ENV, raising=False)
    app = run_page("pages/rail_tir.py", "zh_hans", **{"from": "2024-01-01", "to": "2024-12-31", "grain": "month"})
    assert not app.exception, [e.value for e in app.exception]
    card = _cards(app)["rail.trains"]
    (metric,) = [m for m in _elements(card, "metric") if m.label == "基线"]
    assert metric.value != "无基线"
    about = "\n".join(m.value for m in _elements(card, "markdown"))
    assert f"：{metric.value}。" in about, "the definition tab quotes the same baseline as the face"
    assert "2023年12月1日至2023年12月31日" not in _captions(card) and "2022年12月1日至2022年12月31日" in _captions(card)


def test_the_targets_setting_is_documented_in_the_settings_table_and_env_example():
    root = Path(__file__).resolve().parent.parent
    running = (root / "docs" / "running.md").read_text(encoding="utf-8")
    assert f"| `{targets.TARGETS_ENV}` |" in running, "the settings table (docs/running.md) lists the targets file"
    assert f"# {targets.TARGETS_ENV}=" in (root / ".env.example").read_text(encoding="utf-8")


def test_a_presenter_slide_labels_its_demo_target(app_env, monkeypatch):
    """A livestream slide of an indicator with a demo target never says a plain 'target met'."""
    from streamlit.testing.v1 import AppTest

    from dashboard import training
    from tests.apptest_helpers import APP, TIMEOUT_SECONDS

    monkeypatch.delenv(targets.TARGETS_ENV, raising=False)
    session, number = next(
        (s, i + 1)
        for s in training.load_sessions()
        for i, slide in enumerate(training.deck(s))
        if slide.kind == "indicator" and slide.ref == IMPORT
    )
    app = AppTest.from_file(APP, default_timeout=TIMEOUT_SECONDS)
    app.query_params.update({"lang": "zh_hans", "present": session.session_id, "slide": str(number)})
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    badges = [m.value for m in app.markdown if "-badge[" in m.value]
    assert any("演示目标（非官方）" in b for b in badges), badges
    assert not [b for b in badges if "达到目标" in b or "未达目标" in b]
