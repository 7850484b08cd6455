"""Values a PostgreSQL column cannot hold (a NUL character in text, a key too long for the key index)
become rejected rows with reasons, on both engines alike, instead of crashing the load halfway.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import sqlalchemy as sa

from loaders.contracts.datasets import TABLES
from loaders.paths import DATASETS_DIR, REPO_ROOT
from loaders.store.limits import KEY_BYTES_MAX
from loaders.store.load import load_file

RAIL = DATASETS_DIR / "samples" / "rail_train_en_utf8.csv"
SERIES = DATASETS_DIR / "samples" / "indicator_series_en_utf8.csv"


def rows_of(url: str, dataset: str, column: str) -> list:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return sorted(conn.execute(sa.select(TABLES[dataset].c[column])).scalars(), key=str)
    finally:
        engine.dispose()


def hostile_rail(tmp_path: Path) -> tuple[Path, str, str]:
    """The rail sample with a NUL inside a destination city not in the reference, which is kept as
    written (row 3), and a 3,000-character train number (row 5). (A NUL in a key is a character
    outside the key alphabet: refused before it reaches the store's limits.)"""
    lines = RAIL.read_text(encoding="utf-8").splitlines()
    nul_train, long_train = "DEST_NEW\x00CITY", "X" * 3000
    cells = lines[2].split(",")
    cells[5] = nul_train
    lines[2] = ",".join(cells)
    lines[4] = long_train + lines[4][lines[4].index(",") :]
    path = tmp_path / "rail_hostile.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path, nul_train, long_train


def test_nul_bytes_and_overlong_keys_are_rejected_with_reasons(store_url, tmp_path, rejects_dir):
    path, nul_train, long_train = hostile_rail(tmp_path)
    report = load_file("rail_train", path, store_url, rejects_dir=rejects_dir)

    assert (report.rows_read, report.rows_accepted, report.rows_rejected) == (300, 298, 2)
    assert report.rows_read == report.rows_accepted + report.rows_rejected
    assert report.reasons == {"nul_character": 1, "key_too_long": 1}
    trains = rows_of(store_url, "rail_train", "train_no")
    assert len(trains) == 298 and long_train not in trains
    assert not any("\x00" in t for t in rows_of(store_url, "rail_train", "destination_city"))

    rejects = pd.read_csv(report.rejects_file, encoding="utf-8-sig", dtype=str)
    by_code = {row.reason_code: row for row in rejects.itertuples()}
    assert by_code["nul_character"].row == "3" and by_code["nul_character"].column == "destination_city"
    assert by_code["nul_character"].value == "DEST_NEW\\0CITY"
    assert "NUL" in by_code["nul_character"].reason_en and "空字符" in by_code["nul_character"].reason_zh
    assert by_code["key_too_long"].row == "5" and by_code["key_too_long"].column == "train_no"
    assert "3000 bytes" in by_code["key_too_long"].reason_en and f"{KEY_BYTES_MAX}字节" in by_code["key_too_long"].reason_zh


def test_a_nul_in_a_non_key_text_column_is_rejected_too(store_url, tmp_path, rejects_dir):
    lines = SERIES.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace("合成数据，仅示格式", "合成\x00数据")
    path = tmp_path / "series.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = load_file("indicator_series", path, store_url, rejects_dir=rejects_dir)
    assert report.rows_rejected == 1 and report.reasons == {"nul_character": 1}
    assert report.rows_accepted == report.rows_read - 1
    assert not any(note and "\x00" in note for note in rows_of(store_url, "indicator_series", "note"))


def test_the_cli_loads_the_rest_and_exits_3(store_url, tmp_path):
    path, _, _ = hostile_rail(tmp_path)
    proc = subprocess.run(
        [sys.executable, "-m", "loaders", "load", "rail_train", str(path), "--db", store_url],
        cwd=REPO_ROOT,
        env={**os.environ, "DASHBOARD_VAR_DIR": str(tmp_path / "var")},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 3, proc.stderr
    assert "Traceback" not in proc.stderr
    assert "read 300, accepted 298, rejected 2" in proc.stdout
    assert "key_too_long 1" in proc.stdout and "nul_character 1" in proc.stdout
