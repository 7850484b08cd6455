"""One job per module: no module in dashboard/, loaders/ or tools/ over 400 lines; no module that
draws with Streamlit also reads files; and a module that says it has no Streamlit imports neither
Streamlit nor a component (checked in a fresh interpreter, as the app would import it)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MAX_LINES = 400
PACKAGES = ("dashboard", "loaders", "tools")


def _modules(*folders: str) -> list[Path]:
    return sorted(p for folder in folders for p in (ROOT / folder).rglob("*.py") if "__pycache__" not in p.parts)


def _name(path: Path) -> str:
    return str(path.relative_to(ROOT))


def _lines(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def test_no_module_is_over_400_lines():
    over = {_name(p): _lines(p) for p in _modules(*PACKAGES) if _lines(p) > MAX_LINES}
    assert over == {}, f"split these along their seams (one job per module, under {MAX_LINES} lines)"


# --- Streamlit apart from file parsing ---------------------------------------------------------------
READ_METHODS = {"open", "read_text", "read_bytes"}  # open(...), path.open(), path.read_text(), path.read_bytes()
READ_MODULES = {"json": {"load"}, "yaml": {"safe_load", "load"}, "pd": {"read_csv", "read_excel", "read_json"}}


def file_reads(tree: ast.AST) -> list[int]:
    """Lines that read a file: open(), Path.open/read_text/read_bytes, json.load, yaml.(safe_)load,
    pandas' readers and anything of the csv module."""
    lines = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name) and func.id == "open":
            lines.append(node.lineno)
        elif isinstance(func, ast.Attribute):
            owner = func.value.id if isinstance(func.value, ast.Name) else None
            if func.attr in READ_METHODS or owner == "csv" or func.attr in READ_MODULES.get(owner or "", set()):
                lines.append(node.lineno)
    return lines


def imports_streamlit(tree: ast.AST) -> bool:
    return any(
        (isinstance(node, ast.Import) and any(a.name.split(".")[0] == "streamlit" for a in node.names))
        or (isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "streamlit")
        for node in ast.walk(tree)
    )


def test_the_file_read_scan_finds_reads_and_ignores_text():
    source = (
        "import csv, json\nwith open(p) as f: rows = list(csv.reader(f))\ntext = path.read_text()\n"
        "data = json.load(f)\nlabel = ctx.t('exports.csv.no_filters')\n"
    )
    assert sorted(file_reads(ast.parse(source))) == [2, 2, 3, 4]


def test_no_module_that_draws_with_streamlit_reads_files():
    """Files are read by plain functions (loaders/, dashboard content modules); a module that draws
    receives what they read (dashboard.data caches it)."""
    mixed = {}
    for path in _modules("dashboard", "pages"):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        if imports_streamlit(tree) and file_reads(tree):
            mixed[_name(path)] = file_reads(tree)
    assert mixed == {}


# --- "No Streamlit here" holds -----------------------------------------------------------------------
def _says_no_streamlit(path: Path) -> bool:
    docstring = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
    return "no streamlit" in docstring.lower()


NO_STREAMLIT = [_name(p).removesuffix(".py").replace("/", ".") for p in _modules("dashboard") if _says_no_streamlit(p)]


def test_modules_that_say_they_have_no_streamlit_are_found():
    assert {"dashboard.markers", "dashboard.i18n", "dashboard.chinese_script"} <= set(NO_STREAMLIT)


@pytest.mark.parametrize("module", NO_STREAMLIT)
def test_a_module_without_streamlit_imports_neither_streamlit_nor_components(module):
    probe = (
        f"import sys, {module}\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'streamlit' or m.startswith('dashboard.components'))[:5])"
    )
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=120, check=True)
    assert done.stdout.strip() == "[]", f"{module} says it has no Streamlit but pulls in {done.stdout.strip()}"
