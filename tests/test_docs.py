"""The documentation a maintainer reads: split by reader under docs/, the command line reference
written from the code and current, every relative link landing on a file, and the README only the
two commands and a map that reaches every document."""

from __future__ import annotations

import re
from pathlib import Path

from tools import cli_doc

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")


def test_the_command_line_reference_is_written_from_the_current_help():
    assert cli_doc.main(["--check"]) == 0, "run: python -m tools.cli_doc"
    reference = (DOCS / "cli.md").read_text(encoding="utf-8")
    for command in cli_doc.COMMANDS:
        assert f"## python -m loaders {command}" in reference
        assert f"usage: python -m loaders {command}" in reference


def test_the_check_sees_a_stale_reference(tmp_path, monkeypatch):
    stale = tmp_path / "cli.md"
    stale.write_text("# Command line reference\n", encoding="utf-8")
    monkeypatch.setattr(cli_doc, "CLI_DOC", stale)
    monkeypatch.setattr(cli_doc, "REPO_ROOT", tmp_path)
    assert cli_doc.main(["--check"]) == 1
    assert cli_doc.main([]) == 0
    assert cli_doc.main(["--check"]) == 0


def test_every_relative_link_in_the_docs_lands_on_a_file():
    broken = []
    for document in [ROOT / "README.md", *sorted(DOCS.glob("*.md"))]:
        for target in LINK.findall(document.read_text(encoding="utf-8")):
            if not target.startswith(("http://", "https://", "mailto:", "tel:")) and not (document.parent / target).exists():
                broken.append(f"{document.relative_to(ROOT)} -> {target}")
    assert broken == []


def test_the_readme_is_the_two_commands_and_a_map_to_every_document():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make run" in readme and "make test" in readme
    linked = {Path(target).name for target in LINK.findall(readme)}
    assert {path.name for path in DOCS.glob("*.md") if path.name != "README.md"} <= linked
    assert len(readme.splitlines()) <= 60, "details belong in docs/, by reader"
