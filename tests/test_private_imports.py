"""Modules talk through public names: no module imports another module's private (_name) function or constant."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = ("dashboard", "loaders", "tools", "pages")


def private_imports(source: str) -> list[str]:
    tree = ast.parse(source)
    return [
        f"{node.module}.{alias.name}"
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] in {"dashboard", "loaders", "tools"}
        for alias in node.names
        if alias.name.startswith("_")
    ]


def test_no_module_imports_a_private_name_of_another():
    found = {
        str(path.relative_to(ROOT)): private_imports(path.read_text(encoding="utf-8"))
        for folder in FOLDERS
        for path in sorted((ROOT / folder).rglob("*.py"))
        if private_imports(path.read_text(encoding="utf-8"))
    }
    assert found == {}


def test_the_check_sees_a_private_import():
    assert private_imports("from dashboard.components.card import _chart, card_data\n") == ["dashboard.components.card._chart"]
    assert private_imports("from pandas import _libs\n") == []
