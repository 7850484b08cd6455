"""The process's memory bound: each cached query keeps at most DASHBOARD_CACHE_ENTRIES results,
dropping the least recently used, so a server seeing many filter combinations or many loads
does not grow without end."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from loaders.paths import REPO_ROOT
from loaders.settings import positive_int

PROBE = """
import pandas as pd
from dashboard import data
from loaders.queries import overview

calls = []
overview.dataset_status = lambda engine: calls.append(1) or pd.DataFrame({"n": [len(calls)]})
data.engine = lambda url, version: None
url = "duckdb:///unused.duckdb"
for version in ("v1", "v2", "v3", "v3", "v1"):
    data.dataset_status(url, version)
print(data.CACHE_ENTRIES, len(calls))
"""


@pytest.mark.parametrize(("entries", "expected_calls"), [("2", 4), ("3", 3)])
def test_a_cached_query_keeps_at_most_the_configured_results(entries, expected_calls):
    """v1, v2, v3, v3, v1: with room for 2, v1 was dropped when v3 came and is computed again;
    with room for 3 it is still there. A repeat of the latest (v3) is always served from the cache."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=REPO_ROOT,
        env={**os.environ, "DASHBOARD_CACHE_ENTRIES": entries},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split()[-2:] == [entries, str(expected_calls)]


@pytest.mark.parametrize("text", ["0", "-5", "many", "2.5"])
def test_a_cache_size_that_is_not_a_positive_whole_number_is_refused_with_its_value(text):
    with pytest.raises(ValueError, match=repr(text).replace(".", r"\.")):
        positive_int(text)
