"""CSV files the project writes (rejects, downloads) cannot run as spreadsheet formulas (OWASP CSV injection)."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from loaders.paths import DATASETS_DIR
from loaders.safe_csv import csv_bytes


@pytest.mark.parametrize("payload", ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tx", "\rx", '=HYPERLINK("http://x","y")'])
def test_formula_prefixes_come_back_as_quoted_text(payload):
    frame = pd.DataFrame({payload: [payload, "Yantian 盐田"], "value": [-1.5, 2.0]})
    back = pd.read_csv(io.BytesIO(csv_bytes(frame)), encoding="utf-8-sig", keep_default_na=False)
    assert list(back.columns) == ["'" + payload, "value"], "a column name is a cell too"
    assert back.iloc[:, 0].tolist() == ["'" + payload, "Yantian 盐田"]
    assert back["value"].tolist() == [-1.5, 2.0], "negative numbers are data, not formulas"


def test_rejects_file_of_a_load_neutralises_a_formula_value(tmp_path):
    from loaders.store.load import LoadRequest, load_files

    sample = (DATASETS_DIR / "samples" / "fresh_produce_en_utf8.csv").read_text(encoding="utf-8").splitlines()
    header, first = sample[0], sample[1].split(",")
    first[4] = "=cmd|' /C calc'!A0"  # the category: not an accepted value, so it lands in the rejects file
    source = tmp_path / "fresh.csv"
    source.write_text(header + "\n" + ",".join(first) + "\n", encoding="utf-8")
    reports = load_files([LoadRequest("fresh_produce", source)], f"duckdb:///{tmp_path / 's.duckdb'}", rejects_dir=tmp_path / "rejects")
    rejects = list((tmp_path / "rejects").glob("*.csv"))
    assert reports[0].rows_rejected >= 1 and rejects
    text = rejects[0].read_text(encoding="utf-8-sig")
    assert "'=cmd" in text and ",=cmd" not in text
