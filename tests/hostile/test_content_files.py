"""Settings and content files: whatever a malformed file or value holds, one line and no traceback."""

from __future__ import annotations

import logging

import pytest

from dashboard import targets
from loaders import settings
from tests.apptest_helpers import run_page

HEAD = "set_by: 深圳海关\ndocument: 深关〔2026〕12号\ntargets:\n"
ENTRY = "  - {indicator: clearance.overall_hours.import, value: 2.0, date: 2026-12-31}\n"

BROKEN_TARGETS = {
    "a date that does not exist": (
        HEAD + ENTRY.replace("2026-12-31", "2026-02-30"),
        "targets.yaml: not valid YAML (day is out of range for month)",
    ),
    "an indicator given as a list": (
        HEAD + ENTRY.replace("clearance.overall_hours.import", "[clearance, overall]"),
        "targets.yaml: targets[1]: field indicator: ['clearance', 'overall'] is not an indicator of datasets/indicators.yaml",
    ),
    "5,000-deep nesting": (
        HEAD + "  - {indicator: clearance.overall_hours.import, value: " + "[" * 5000 + "]" * 5000 + ", date: 2026-12-31}\n",
        "targets.yaml: not valid YAML (while increasing flow level)",
    ),
    "set_by as a deep mapping": (
        "set_by: " + "{a: " * 5000 + "1" + "}" * 5000 + "\ndocument: x\ntargets:\n" + ENTRY,
        "targets.yaml: not valid YAML (while increasing flow level)",
    ),
}


@pytest.mark.parametrize("case", list(BROKEN_TARGETS))
def test_a_malformed_targets_file_is_one_line(tmp_path, monkeypatch, case):
    """Before: ValueError, TypeError or RecursionError tracebacks on every page."""
    text, message = BROKEN_TARGETS[case]
    path = tmp_path / "targets.yaml"
    path.write_text(text, encoding="utf-8")
    monkeypatch.setenv(targets.TARGETS_ENV, str(path))
    with pytest.raises(targets.TargetsError) as raised:
        targets.authority_targets()
    shown = str(raised.value)
    assert shown.startswith(message) and "\n" not in shown and len(shown) < 600, shown


def test_a_date_that_does_not_exist_stops_the_page_with_one_line(app_env, tmp_path, monkeypatch):
    path = tmp_path / "targets.yaml"
    path.write_text(BROKEN_TARGETS["a date that does not exist"][0], encoding="utf-8")
    monkeypatch.setenv(targets.TARGETS_ENV, str(path))
    app = run_page("pages/clearance.py", "en")
    assert not app.exception
    (error,) = app.error
    assert "targets.yaml: not valid YAML (day is out of range for month)" in error.value


@pytest.mark.parametrize("text", ["abc", "-1", "0", "1e3", "\x1b[2J"])
def test_a_cache_size_that_is_no_positive_number_falls_back_to_the_default_with_one_line(monkeypatch, caplog, text):
    """Before: DASHBOARD_CACHE_ENTRIES=abc or -1 was a traceback on every page."""
    monkeypatch.setenv("DASHBOARD_CACHE_ENTRIES", text)
    with caplog.at_level(logging.WARNING, logger="loaders.settings"):
        assert settings.CACHE_ENTRIES.get() == 256
    (record,) = caplog.records
    assert record.getMessage() == (
        f"DASHBOARD_CACHE_ENTRIES: expected a whole number of 1 or more, got {text.strip()!r}; using the default 256"
    )


def test_a_store_url_that_cannot_be_read_is_not_replaced_by_a_default(monkeypatch):
    """Guessing a store would show other data: settings that name data keep raising."""
    assert settings.DB_URL.default_when_invalid is False and settings.TARGETS_FILE.default_when_invalid is False
