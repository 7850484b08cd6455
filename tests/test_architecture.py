"""The shape of the code: imports point one way (pages -> dashboard -> loaders), caching lives in
one module, SQL is never built from f-strings, pages hold no SQL, and every registered page exists."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from dashboard.pages import PAGES

ROOT = Path(__file__).resolve().parent.parent
CACHE_HOME = ROOT / "dashboard" / "data.py"


def _sources(*folders: str) -> list[Path]:
    return sorted(path for folder in folders for path in (ROOT / folder).rglob("*.py") if "__pycache__" not in path.parts)


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def imported_modules(tree: ast.AST) -> set[str]:
    """Top-level package names of every import, including those inside functions."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


FORBIDDEN = {
    "loaders": {"dashboard", "pages", "streamlit", "streamlit_app", "tools"},
    "dashboard": {"pages", "streamlit_app", "tools"},
    "tools": {"dashboard", "pages", "streamlit", "streamlit_app"},  # developer tooling builds on loaders only
}


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_imports_point_one_way(layer):
    wrong = {
        str(path.relative_to(ROOT)): sorted(imported_modules(_tree(path)) & FORBIDDEN[layer])
        for path in _sources(layer)
        if imported_modules(_tree(path)) & FORBIDDEN[layer]
    }
    assert wrong == {}


def test_import_scan_sees_imports_inside_functions():
    tree = ast.parse("def f():\n    import streamlit as st\n    from dashboard.data import engine\n")
    assert imported_modules(tree) == {"streamlit", "dashboard"}


def _cache_uses(tree: ast.AST) -> list[int]:
    lines = []
    for node in ast.walk(tree):
        attribute = isinstance(node, ast.Attribute) and node.attr in {"cache_data", "cache_resource", "cache"}
        imported = isinstance(node, ast.ImportFrom) and node.module == "streamlit" and any(a.name.startswith("cache") for a in node.names)
        if attribute or imported:
            lines.append(node.lineno)
    return lines


def test_streamlit_caching_lives_only_in_dashboard_data():
    paths = [*_sources("pages", "dashboard", "loaders"), ROOT / "streamlit_app.py"]
    elsewhere = {str(path.relative_to(ROOT)): _cache_uses(_tree(path)) for path in paths if path != CACHE_HOME and _cache_uses(_tree(path))}
    assert elsewhere == {}
    assert _cache_uses(_tree(CACHE_HOME)), "dashboard/data.py is where the cache is"


SQL_CALLS = {"text", "exec_driver_sql", "execute", "sql"}  # sql: duckdb.sql(...)


def _compiled_names(tree: ast.AST) -> set[str]:
    """Names assigned from `<statement>.compile(...)`: SQL text written by SQLAlchemy's compiler."""
    return {
        target.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign)
        and isinstance(node.value, ast.Call)
        and isinstance(node.value.func, ast.Attribute)
        and node.value.func.attr == "compile"
        for target in node.targets
        if isinstance(target, ast.Name)
    }


def _safe_piece(value: ast.expr, compiled: set[str]) -> bool:
    """An interpolation that cannot carry a raw value: an identifier quoted by the dialect
    (`preparer.quote(name)`) or SQL compiled by SQLAlchemy from a Core statement."""
    if isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute) and value.func.attr == "quote":
        return True
    return isinstance(value, ast.Name) and value.id in compiled


def _sql_built_from_strings(tree: ast.AST) -> list[int]:
    """Lines where text(...) / exec_driver_sql(...) get SQL built by string formatting: an f-string
    interpolating anything but quoted identifiers or compiled Core SQL, str.format() or %."""
    compiled = _compiled_names(tree)
    bad = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else node.func.id if isinstance(node.func, ast.Name) else ""
        if name not in SQL_CALLS:
            continue
        for argument in [*node.args, *(keyword.value for keyword in node.keywords)]:
            for inner in ast.walk(argument):
                formatted = isinstance(inner, ast.JoinedStr) and any(
                    isinstance(piece, ast.FormattedValue) and not _safe_piece(piece.value, compiled) for piece in inner.values
                )
                formatted |= isinstance(inner, ast.Call) and isinstance(inner.func, ast.Attribute) and inner.func.attr == "format"
                formatted |= (
                    isinstance(inner, ast.BinOp) and isinstance(inner.op, ast.Mod) and isinstance(inner.left, ast.Constant | ast.JoinedStr)
                )
                if formatted:
                    bad.append(node.lineno)
                    break
    return bad


def test_no_sql_is_built_from_formatted_strings_in_loaders():
    wrong = {
        str(path.relative_to(ROOT)): _sql_built_from_strings(_tree(path))
        for path in _sources("loaders", "dashboard", "tools")
        if _sql_built_from_strings(_tree(path))
    }
    assert wrong == {}


@pytest.mark.parametrize(
    ("source", "flagged"),
    [
        ('sa.text(f"select * from {table}")', True),
        ('conn.exec_driver_sql("delete from {}".format(name))', True),
        ('text("select %s" % value)', True),
        ('sa.text("select * from t where id = :id").bindparams(id=1)', False),
        ('conn.exec_driver_sql("CHECKPOINT")', False),
        ('conn.exec_driver_sql(f"DROP VIEW {preparer.quote(name)}")', False),
        ('sql = statement.compile(dialect=d)\nconn.exec_driver_sql(f"CREATE VIEW v AS {sql}")', False),
        ('conn.exec_driver_sql(f"DROP VIEW {preparer.quote(name)} WHERE x = {value}")', True),
        ("con.execute(f\"INSERT INTO t SELECT * FROM read_csv('{path}')\")", True),
        ('con.execute("SELECT count(*) FROM t WHERE id = ?", [value])', False),
    ],
)
def test_formatted_sql_check_catches_each_form(source, flagged):
    assert bool(_sql_built_from_strings(ast.parse(source))) is flagged


@pytest.mark.parametrize("path", _sources("pages"), ids=lambda path: path.name)
def test_pages_hold_no_sql(path):
    text = path.read_text(encoding="utf-8")
    assert "sqlalchemy" not in imported_modules(_tree(path))
    assert "import sqlalchemy" not in text
    assert "select(" not in text
    assert "duckdb" not in imported_modules(_tree(path)) and "psycopg" not in imported_modules(_tree(path))


@pytest.mark.parametrize("spec", PAGES, ids=lambda spec: spec.url_path)
def test_every_registered_page_script_exists(spec):
    assert (ROOT / spec.script).is_file()


def test_page_registry_has_unique_urls_and_scripts():
    assert len({spec.url_path for spec in PAGES}) == len(PAGES)
    assert len({spec.script for spec in PAGES}) == len(PAGES)


def _process_caches(tree: ast.AST) -> list[str]:
    """Names of functions decorated with functools' caches (cache, lru_cache) or Streamlit's."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef):
            for decorator in node.decorator_list:
                target = decorator.func if isinstance(decorator, ast.Call) else decorator
                name = target.attr if isinstance(target, ast.Attribute) else target.id if isinstance(target, ast.Name) else ""
                if name in {"cache", "lru_cache", "cache_data", "cache_resource", "cached_query"}:
                    found.append(node.name)
    return found


def test_every_cache_in_the_app_is_listed_in_the_cache_homes_docstring():
    listed = ast.get_docstring(_tree(CACHE_HOME)) or ""
    unlisted = []
    for path in [*_sources("dashboard", "loaders")]:
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        if _process_caches(_tree(path)) and path != CACHE_HOME and module not in listed:
            unlisted.append(module)
    assert unlisted == [], "add these modules' caches (key, expiry) to dashboard/data.py's docstring"


def test_store_queries_share_one_cached_query_decorator():
    tree = _tree(CACHE_HOME)
    direct = [
        node.name
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef)
        and node.name != "qr_png"
        and any("cache_data" in ast.unparse(decorator) for decorator in node.decorator_list)
    ]
    assert direct == [], "store queries are declared with @cached_query"
