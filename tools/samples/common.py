"""What every part of the sample writer shares: where the files go, the seed, the row count, the export month."""

from __future__ import annotations

import datetime as dt
import re

from loaders.paths import DATASETS_DIR

SAMPLES_DIR = DATASETS_DIR / "samples"
SEED = 20240131
ROWS = 300
EXPORT_MONTH = "2024-01"
START = dt.datetime(2023, 7, 1)
MINUTES_IN_HALF_YEAR = 183 * 24 * 60
# Fixed archive timestamps so the XLSX bytes do not change from one run to the next.
XLSX_STAMP = dt.datetime(2024, 1, 31, 9, 0)

Row = dict[str, object]

CJK = re.compile(r"[\u4e00-\u9fff]")
ASCII_ALNUM = re.compile(r"[A-Za-z0-9]")
