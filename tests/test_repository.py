"""The repository works in any clone: no committed symlinks (an absolute link dangles or loops elsewhere)."""

from __future__ import annotations

import subprocess

from loaders.paths import REPO_ROOT


def test_no_symlinks_are_committed():
    listing = subprocess.run(["git", "ls-files", "-s"], cwd=REPO_ROOT, capture_output=True, text=True, check=True).stdout
    links = [line.split("\t", 1)[1] for line in listing.splitlines() if line.startswith("120000 ")]
    assert links == [], f"committed symlinks: {links}"
