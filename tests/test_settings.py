"""Settings are declared once (loaders/settings.py): the app reads each through its declaration,
the documentation a deployer reads (.env.example, the README's table) is written from it and kept
current, and no setting exists that is not declared."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

from dashboard import targets, training
from dashboard.components import maps
from dashboard.training import schedule
from loaders import settings
from loaders.store import engines
from tools import settings_doc

ROOT = Path(__file__).resolve().parent.parent
NAME = re.compile(r"\bDASHBOARD_[A-Z_]+\b")


def _sources(*folders: str) -> list[Path]:
    return sorted(p for folder in folders for p in (ROOT / folder).rglob("*.py") if "__pycache__" not in p.parts)


def test_env_example_and_the_settings_table_are_current():
    assert settings_doc.stale() == [], "run: python -m tools.settings_doc"
    readme = (ROOT / "docs" / "running.md").read_text(encoding="utf-8")
    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    for setting in settings.SETTINGS:
        assert f"| `{setting.name}` | {setting.shown_default} | {setting.help} |" in readme
        assert f"# {setting.name}={setting.example}\n" in example


def test_check_names_the_stale_file_and_writing_makes_it_current(tmp_path, monkeypatch):
    readme = tmp_path / "running.md"
    original = (ROOT / "docs" / "running.md").read_text(encoding="utf-8")
    readme.write_text(original.replace("| `DASHBOARD_VAR_DIR` |", "| `DASHBOARD_OLD_DIR` |"), encoding="utf-8")
    env = tmp_path / ".env.example"
    env.write_text("# DASHBOARD_DB_URL=x\n", encoding="utf-8")
    monkeypatch.setattr(settings_doc, "RUNNING_DOC", readme)
    monkeypatch.setattr(settings_doc, "ENV_EXAMPLE", env)
    assert settings_doc.main(["--check"]) == 1
    assert settings_doc.stale() == [env, readme]
    assert settings_doc.main([]) == 0
    assert settings_doc.stale() == []
    assert readme.read_text(encoding="utf-8") == original, "only the table changes; the rest of the document is kept"


def test_every_setting_named_anywhere_is_declared():
    declared = {s.name for s in settings.SETTINGS}
    texts = [p.read_text(encoding="utf-8") for p in _sources("dashboard", "loaders", "pages", "tools")]
    texts += [(ROOT / name).read_text(encoding="utf-8") for name in ("README.md", ".env.example", "Makefile", "streamlit_app.py")]
    texts += [path.read_text(encoding="utf-8") for path in sorted((ROOT / "docs").glob("*.md"))]
    named = {match for text in texts for match in NAME.findall(text)}
    assert named - declared == set()
    assert len(declared) == len(settings.SETTINGS)


def test_only_the_settings_module_reads_the_environment():
    readers = {}
    for path in _sources("dashboard", "loaders", "pages", "tools"):
        if path == ROOT / "loaders" / "settings.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        lines = [n.lineno for n in ast.walk(tree) if isinstance(n, ast.Attribute) and n.attr in {"environ", "getenv"}]
        if lines:
            readers[str(path.relative_to(ROOT))] = lines
    assert readers == {}


# what the app uses when a setting is unset, and when it is set
READERS = {
    "DASHBOARD_DB_URL": engines.database_url,
    "DASHBOARD_PUBLIC_URL": training.public_base_url,
    "DASHBOARD_TRAINING_DIR": schedule.training_dir,
    "DASHBOARD_BASEMAP_URL": maps.basemap_url,
    "DASHBOARD_TARGETS_FILE": targets.configured_path,
}


@pytest.mark.parametrize("name", sorted(READERS))
def test_the_app_uses_the_declared_default_when_unset_or_empty(monkeypatch, name):
    setting = next(s for s in settings.SETTINGS if s.name == name)
    monkeypatch.delenv(name, raising=False)
    unset = READERS[name]()
    monkeypatch.setenv(name, "   ")
    assert READERS[name]() == unset, "an empty value counts as unset"
    expected = setting.default() if callable(setting.default) else setting.default
    assert unset == expected


def test_defaults_are_what_the_documentation_says(monkeypatch):
    for setting in settings.SETTINGS:
        monkeypatch.delenv(setting.name, raising=False)
    assert engines.database_url() == f"duckdb:///{ROOT / 'var' / 'dashboard.duckdb'}"
    assert training.public_base_url() == "http://localhost:8501"
    assert schedule.training_dir() == ROOT / "datasets" / "training"
    assert maps.basemap_url() is None
    assert targets.configured_path() is None


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("DASHBOARD_DB_URL", " postgresql+psycopg://u@h/db ", "postgresql+psycopg://u@h/db"),
        ("DASHBOARD_PUBLIC_URL", "https://dashboard.example.gov.cn/", "https://dashboard.example.gov.cn"),
        ("DASHBOARD_TRAINING_DIR", "/srv/training", Path("/srv/training")),
        ("DASHBOARD_BASEMAP_URL", "https://tiles.example.gov.cn/{z}/{x}/{y}.png", "https://tiles.example.gov.cn/{z}/{x}/{y}.png"),
        ("DASHBOARD_TARGETS_FILE", "/etc/dashboard/targets.yaml", Path("/etc/dashboard/targets.yaml")),
    ],
)
def test_a_set_value_is_used_on_the_next_read(monkeypatch, name, value, expected):
    monkeypatch.setenv(name, value)
    assert READERS[name]() == expected


def test_var_dir_moves_the_embedded_store(tmp_path):
    code = "from loaders import paths; from loaders.store import engines; print(paths.VAR_DIR); print(paths.REJECTS_DIR); print(engines.database_url())"
    env = {"PATH": "/usr/bin:/bin", "DASHBOARD_VAR_DIR": str(tmp_path / "v")}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True).stdout.splitlines()
    assert out == [str(tmp_path / "v"), str(tmp_path / "v" / "rejects"), f"duckdb:///{tmp_path / 'v' / 'dashboard.duckdb'}"]
