"""Names say what a thing is, not when it was built: no references to a tracker that is not in the
repository (an issue or ticket by its number, a numbered point of one), and no use of Streamlit's
internals (their names change between releases without notice)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TEXT_SUFFIXES = {".py", ".yaml", ".yml", ".toml", ".cfg", ".md", ".txt", ".csv", ".json", ".sh", ".ini"}
THIS_FILE = Path(__file__).resolve()
TRACKER = re.compile(
    r"\b(?:issue|issues|ticket)\s*#?\s*\d+|\bpoints?\s+\d+(?:\s*(?:,|and)\s*\d+)*\s+of\s+(?:issue|the issue)", re.IGNORECASE
)
ISSUE_POINT = re.compile(r"\bissue\s+\d+\s*,?\s*points?\s+\d+", re.IGNORECASE)
INTERNALS = re.compile(r"streamlit\.runtime\.(?:pages_manager|scriptrunner|app_session)|\bPagesManager\b")


def tracked_text_files() -> list[Path]:
    listed = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.splitlines()
    files = [ROOT / name for name in listed if (ROOT / name).suffix in TEXT_SUFFIXES or Path(name).name in {"Makefile", "run"}]
    return [path for path in files if path.resolve() != THIS_FILE and path.is_file() and "node_modules" not in path.parts]


def offending_lines(pattern: re.Pattern[str]) -> list[str]:
    found = []
    for path in tracked_text_files():
        if path.parts[-3:-1] == ("datasets", "sources"):  # vendored copies of shared files, kept byte for byte
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), start=1):
            if pattern.search(line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()[:100]}")
    return found


def test_no_code_comment_or_test_refers_to_tracker_issues():
    assert offending_lines(TRACKER) + offending_lines(ISSUE_POINT) == []


def test_no_streamlit_internal_is_used():
    assert offending_lines(INTERNALS) == []


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        # built from pieces, so this file holds no tracker reference of its own
        ("# Light pages (" + "issue" + " 11 point 4): sections", True),
        ('"""' + "Issue" + ' 9: text from data is text."""', True),
        ("see " + "ticket" + " #12", True),
        ("points 5 and 10 " + "of the issue", True),
        ("the 15 measures, point by point", False),
        ("# a key issue for stewards: 3 files", False),
    ],
)
def test_the_check_tells_a_tracker_reference_from_ordinary_words(text, flagged):
    assert bool(TRACKER.search(text) or ISSUE_POINT.search(text)) is flagged


def test_the_internals_check_sees_the_pages_manager_patch():
    assert INTERNALS.search("from streamlit.runtime.pages_manager import PagesManager")
