"""Rooms by job: every subpackage of loaders/ and dashboard/ opens with a docstring that says what
lives there and, in a "May import:" paragraph, which other rooms it may import; this test holds
each room to what its docstring says (imports inside functions count too).

The shared modules at the top of loaders/ (constants, paths, settings, safe_csv, the package itself)
may be imported from anywhere; the app core modules at the top of dashboard/ (context, data, i18n,
registry, periods …) and all of loaders/ may be imported by every dashboard room.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ROOMS = {
    "loaders": ("read", "contracts", "store", "content", "queries", "demo"),
    "dashboard": ("components", "models", "views", "training", "policies"),
}
LOADERS_SHARED = {"constants", "paths", "settings", "safe_csv", "LOADER_VERSION"}  # loaders.<name>, for every room


def imported_names(tree: ast.AST) -> set[str]:
    """Dotted names of everything imported anywhere in the module: `import a.b` gives a.b, `from a
    import b` gives a.b (a module or a name in a: room_of treats them alike)."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def room_of(module: str) -> str | None:
    """The room a dotted module name lives in: loaders.read, dashboard.views …, or None for a
    top-level module of loaders/ or dashboard/."""
    parts = module.split(".")
    if len(parts) >= 2 and parts[0] in ROOMS and parts[1] in ROOMS[parts[0]]:
        return f"{parts[0]}.{parts[1]}"
    return None


def declared(room: str) -> set[str]:
    """The rooms named in the "May import:" paragraph of the room's docstring."""
    doc = ast.get_docstring(ast.parse((ROOT / room.replace(".", "/") / "__init__.py").read_text(encoding="utf-8"))) or ""
    paragraph = next((p for p in doc.split("\n\n") if p.startswith("May import:")), "")
    return {name for name in re.findall(r"\b(?:loaders|dashboard)\.[a-z_]+", paragraph) if room_of(name)}


def allowed(room: str, target: str) -> bool:
    target_room = room_of(target)
    if target_room == room:
        return True
    top = target.split(".")[0]
    if top == "dashboard" and target_room is None:
        return room.startswith("dashboard.")  # the app core modules
    if top == "loaders" and room.startswith("dashboard."):
        return True
    if top == "loaders" and target_room is None:
        return target.split(".")[1] in LOADERS_SHARED
    return target_room in declared(room)


def wrong_imports(room: str) -> dict[str, list[str]]:
    folder = ROOT / room.replace(".", "/")
    found: dict[str, list[str]] = {}
    for path in sorted(folder.rglob("*.py")):
        names = imported_names(ast.parse(path.read_text(encoding="utf-8")))
        bad = sorted(n for n in names if n.split(".")[0] in ROOMS and not allowed(room, n))
        if bad:
            found[str(path.relative_to(ROOT))] = bad
    return found


ALL_ROOMS = [f"{top}.{room}" for top, rooms in ROOMS.items() for room in rooms]


@pytest.mark.parametrize("room", ALL_ROOMS)
def test_each_room_opens_with_what_lives_there_and_what_it_may_import(room):
    doc = ast.get_docstring(ast.parse((ROOT / room.replace(".", "/") / "__init__.py").read_text(encoding="utf-8"))) or ""
    assert len(doc.split("\n\n")[0]) > 40, f"{room}: say what lives here"
    assert "May import:" in doc, f"{room}: say which rooms it may import"


@pytest.mark.parametrize("room", ALL_ROOMS)
def test_each_room_imports_only_what_its_docstring_allows(room):
    assert wrong_imports(room) == {}


def test_the_rooms_are_every_subpackage():
    found = {f"{path.parent.parent.name}.{path.parent.name}" for top in ROOMS for path in (ROOT / top).glob("*/__init__.py")}
    assert found == set(ALL_ROOMS)


def test_the_check_catches_an_import_a_room_does_not_declare():
    assert not allowed("loaders.content", "loaders.queries.catalog")
    assert not allowed("loaders.contracts", "loaders.store.engines")
    assert not allowed("dashboard.models", "dashboard.components.card")
    assert allowed("loaders.store", "loaders.read.readers")
    assert allowed("dashboard.views", "dashboard.components.card")
    assert allowed("loaders.read", "loaders.paths.DATASETS_DIR")
    assert not allowed("loaders.read", "loaders.cli.EXIT_UNREADABLE")
