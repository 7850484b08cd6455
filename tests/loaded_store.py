"""A store loaded from rows written for one test, and the page context that reads it, as the pages
do (DASHBOARD_DB_URL points at it)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path

from dashboard.context import PageContext
from loaders.queries.overview import dataset_status
from loaders.store import engines
from loaders.store.load import LoadRequest, load_files
from tests.csv_files import write_csv


def load_rows(
    store_url: str,
    folder: Path,
    dataset: str,
    header: Sequence[str],
    rows: Sequence[Sequence[object]],
    covers_through: dt.date,
    monkeypatch,
) -> Callable[[str], PageContext]:
    """Load `rows` into `dataset` declaring `covers_through`; return lang -> the pages' context."""
    path = write_csv(folder / f"{dataset}.csv", header, rows)
    (report,) = load_files([LoadRequest(dataset, path, covers_through=covers_through)], store_url, rejects_dir=folder / "rejects")
    assert report.rows_accepted == len(rows)
    monkeypatch.setenv(engines.DB_URL_ENV, store_url)
    engine = engines.read_engine(store_url)
    try:
        status = dataset_status(engine)
    finally:
        engine.dispose()
    return lambda lang: PageContext(lang, store_url, f"{dataset}-{folder.name}", status)
