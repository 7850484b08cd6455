"""Filesystem locations. Imports only loaders/settings.py (which imports nothing from the project), so every layer can use it."""

from __future__ import annotations

from loaders import settings

REPO_ROOT = settings.REPO_ROOT
DATASETS_DIR = REPO_ROOT / "datasets"
SHARED_REFERENCE_DIR = REPO_ROOT.parent / "shared" / "reference"
VAR_DIR = settings.VAR_DIR.get()
DEFAULT_DUCKDB_PATH = VAR_DIR / "dashboard.duckdb"
REJECTS_DIR = VAR_DIR / "rejects"
