"""The bundled geography (datasets/geo/, see its README): Natural Earth land as GeoJSON, read from
the file. No Streamlit here; dashboard.data keeps what this reads once per process."""

from __future__ import annotations

import json
from typing import Any

from loaders.paths import DATASETS_DIR

GEO_DIR = DATASETS_DIR / "geo"


def read_geojson(file_name: str) -> dict[str, Any]:
    """One GeoJSON file of datasets/geo/ as a dict."""
    with (GEO_DIR / file_name).open(encoding="utf-8") as handle:
        return json.load(handle)
