"""The vendored shared facts (datasets/sources/) are the files they claim to be.

Every copy matches the SHA-256 in datasets/sources/manifest.yaml, so an edit by hand is caught; and
when the shared folder is beside the repository (a developer's machine, CI), each copy must equal its
origin, so a change to the shared facts fails here until the repository takes it (re-copy the file and
update its sha256 in the manifest).
"""

from __future__ import annotations

import hashlib

import pytest
import yaml

from loaders.paths import DATASETS_DIR, REPO_ROOT

SOURCES = DATASETS_DIR / "sources"
MANIFEST = yaml.safe_load((SOURCES / "manifest.yaml").read_text(encoding="utf-8"))["files"]
IDS = [entry["path"] for entry in MANIFEST]


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.mark.parametrize("entry", MANIFEST, ids=IDS)
def test_vendored_copy_matches_its_recorded_sha256(entry):
    data = (SOURCES / entry["path"]).read_bytes()
    assert data, f"datasets/sources/{entry['path']} is empty"
    assert sha256(data) == entry["sha256"], f"datasets/sources/{entry['path']} was edited: it no longer matches manifest.yaml"


@pytest.mark.parametrize("entry", MANIFEST, ids=IDS)
def test_vendored_copy_equals_the_shared_file_when_it_is_beside_the_repo(entry):
    origin = REPO_ROOT.parent / entry["origin"]
    if not origin.parent.is_dir():
        # A clone on its own: the vendored copy (checked above) is the reference. Developers and CI have shared/.
        pytest.skip(f"{origin.parent} is not beside this clone; the vendored copy was checked against its sha256")
    assert origin.exists(), f"{entry['origin']} is gone from the shared folder; update datasets/sources/manifest.yaml"
    assert sha256(origin.read_bytes()) == entry["sha256"], (
        f"{entry['origin']} changed: copy it to datasets/sources/{entry['path']}, update its sha256 in manifest.yaml, "
        "and take the new rows into datasets/"
    )
