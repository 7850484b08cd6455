"""No import cycles in the app's own code (dashboard/, loaders/, tools/, pages/, streamlit_app.py).

Every import counts, at module level and inside functions (a function-level import is how a cycle
gets hidden, not broken). A cycle is a strongly connected group of modules; each is named with
the imports that close it, so the message says where to cut.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = ("dashboard", "loaders", "tools", "pages")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _sources() -> dict[str, Path]:
    paths = [path for folder in FOLDERS for path in (ROOT / folder).rglob("*.py") if "__pycache__" not in path.parts]
    return {_module_name(path): path for path in [*paths, ROOT / "streamlit_app.py"]}


def _resolve(name: str, known: set[str]) -> str | None:
    """The known module `name` refers to: itself, else its nearest known parent package."""
    while name:
        if name in known:
            return name
        name = name.rpartition(".")[0]
    return None


def _targets(node: ast.AST, module: str, is_package: bool, known: set[str]) -> set[str]:
    if isinstance(node, ast.Import):
        return {target for alias in node.names if (target := _resolve(alias.name, known))}
    if not isinstance(node, ast.ImportFrom):
        return set()
    if node.level:  # relative: from the module's package, one level up per extra dot
        package = module if is_package else module.rpartition(".")[0]
        for _ in range(node.level - 1):
            package = package.rpartition(".")[0]
        base = f"{package}.{node.module}" if node.module else package
    else:
        base = node.module or ""
    out = set()
    for alias in node.names:  # `from a import b`: module a.b when it is one, else the module a
        target = _resolve(f"{base}.{alias.name}", known) if f"{base}.{alias.name}" in known else _resolve(base, known)
        if target:
            out.add(target)
    return out


def import_graph(sources: dict[str, Path] | None = None) -> dict[str, set[str]]:
    """module -> the app modules it imports anywhere in its body (self-references dropped)."""
    sources = sources or _sources()
    known = set(sources)
    graph: dict[str, set[str]] = {}
    for module, path in sources.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        is_package = path.name == "__init__.py"
        edges = set().union(*(_targets(node, module, is_package, known) for node in ast.walk(tree)))
        graph[module] = edges - {module}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan), each sorted, largest first."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(graph.get(node, ())):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found, key=lambda group: (-len(group), group))


def test_the_app_has_no_import_cycle():
    graph = import_graph()
    assert {"dashboard.components.filters", "dashboard.components.shell", "loaders.content.reader", "pages.overview"} <= set(graph)
    found = cycles(graph)
    described = [" ; ".join(f"{m} -> {sorted(graph[m] & set(group))}" for m in group) for group in found]
    assert found == [], described


def test_the_scan_finds_a_cycle_hidden_in_a_function(tmp_path):
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("", encoding="utf-8")
    (tmp_path / "pkg" / "a.py").write_text("from pkg.b import thing\n", encoding="utf-8")
    (tmp_path / "pkg" / "b.py").write_text("def thing():\n    from . import a\n    return a\n", encoding="utf-8")
    (tmp_path / "pkg" / "c.py").write_text("import pkg.a\n", encoding="utf-8")
    sources = {
        name: tmp_path / "pkg" / file for name, file in (("pkg", "__init__.py"), ("pkg.a", "a.py"), ("pkg.b", "b.py"), ("pkg.c", "c.py"))
    }
    graph = import_graph(sources)
    assert graph["pkg.b"] == {"pkg.a"} and graph["pkg.c"] == {"pkg.a"}
    assert cycles(graph) == [["pkg.a", "pkg.b"]]
