"""Filesystem locations. Imports nothing from the project so every layer can use it."""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DATASETS_DIR = REPO_ROOT / "datasets"
SHARED_REFERENCE_DIR = REPO_ROOT.parent / "shared" / "reference"
VAR_DIR = Path(os.environ.get("DASHBOARD_VAR_DIR", REPO_ROOT / "var"))
DEFAULT_DUCKDB_PATH = VAR_DIR / "dashboard.duckdb"
REJECTS_DIR = VAR_DIR / "rejects"
