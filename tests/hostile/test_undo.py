"""Undo: loading a retired file back stores the very values that were retired, on every column
type of every dataset; and a retirement is a new store version, so the app shows it at once."""

from __future__ import annotations

import pandas as pd
import pytest
import sqlalchemy as sa

from dashboard import data as store_data
from loaders.contracts.datasets import CONTRACTS, TABLES
from loaders.store.engines import read_engine
from loaders.store.load import load_file
from loaders.store.retire import retire_keys
from tests.hostile.files import DATASETS, sample, with_cell, write

# Text a spreadsheet would run as a formula, and a leading quote that is part of the value.
FORMULA_LIKE = ("-海关总署", "=1+1", "+86 755", "@home", "'quoted", 'say "hi", twice\nnext line')
# A free-text column of each dataset that is neither key nor code (column index in the English sample).
TEXT_COLUMN = {"seafood_lab": 3, "indicator_series": 6}


def _rows(url: str, dataset: str) -> list[tuple]:
    table = TABLES[dataset]
    columns = [c for c in table.columns if c.name != "load_id"]
    engine = read_engine(url)
    try:
        with engine.connect() as conn:
            return [tuple(r) for r in conn.execute(sa.select(*columns).order_by(*[table.c[k] for k in CONTRACTS[dataset].key]))]
    finally:
        engine.dispose()


def _with_hostile_text(dataset: str) -> tuple[str, list[str]]:
    data = sample(dataset)
    column = TEXT_COLUMN.get(dataset)
    if column is None:
        return data.header, data.lines
    lines = [
        with_cell(line, column, lambda _c, v=value: '"' + v.replace('"', '""') + '"')
        for line, value in zip(data.lines, FORMULA_LIKE, strict=False)
    ]
    return data.header, lines + data.lines[len(lines) :]


@pytest.mark.parametrize("dataset", DATASETS)
def test_loading_a_retired_file_back_stores_identical_values(store_url, tmp_path, rejects_dir, dataset):
    """Before: -海关总署 came back as '-海关总署 (the rejects file's formula guard leaked into the data)."""
    header, lines = _with_hostile_text(dataset)
    source = write(tmp_path / f"{dataset}.csv", header, lines)
    loaded = load_file(dataset, source, store_url, rejects_dir=rejects_dir)
    assert loaded.rows_rejected == 0, loaded.reasons
    before = _rows(store_url, dataset)
    assert len(before) == len(lines)
    if dataset in TEXT_COLUMN:
        stored = {v for row in before for v in row if isinstance(v, str)}
        assert set(FORMULA_LIKE) <= stored
    report = retire_keys(dataset, source, store_url, retired_dir=tmp_path / "retired", rejects_dir=rejects_dir)
    assert report.rows_deleted == len(lines) and _rows(store_url, dataset) == []
    assert report.retired_file is not None
    again = load_file(dataset, report.retired_file, store_url, rejects_dir=rejects_dir)
    assert (again.rows_rejected, again.rows_new) == (0, len(lines))
    assert _rows(store_url, dataset) == before


def test_the_retired_file_keeps_values_as_they_are(store_url, tmp_path, rejects_dir):
    header, lines = _with_hostile_text("seafood_lab")
    source = write(tmp_path / "seafood.csv", header, lines)
    load_file("seafood_lab", source, store_url, rejects_dir=rejects_dir)
    report = retire_keys("seafood_lab", source, store_url, retired_dir=tmp_path / "retired", rejects_dir=rejects_dir)
    assert report.retired_file is not None
    written = pd.read_csv(report.retired_file, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert sorted(written["lab"])[: len(FORMULA_LIKE)] == sorted(FORMULA_LIKE)


def test_a_retirement_is_a_new_store_version(store_url, tmp_path, rejects_dir):
    """Before: the PostgreSQL app showed retired rows until the next load or the 10-minute cache expiry."""
    data = sample("rail_train")
    source = write(tmp_path / "rail.csv", data.header, data.lines)
    load_file("rail_train", source, store_url, rejects_dir=rejects_dir)
    loaded = store_data.store_version(store_url)
    assert store_data.store_version(store_url) == loaded  # the same store, the same version
    wrong = write(tmp_path / "wrong.csv", data.header, data.lines[:1])
    retire_keys("rail_train", wrong, store_url, retired_dir=tmp_path / "retired", rejects_dir=rejects_dir)
    retired = store_data.store_version(store_url)
    assert retired != loaded
    assert store_data.store_version(store_url) == retired
