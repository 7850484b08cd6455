"""Key corrections: a corrected key field is a new row (the loader cannot tell it from a second
train), so the steward retires the wrong key with `python -m loaders retire`: one transaction, a
retire_log record, the deleted rows saved so loading them back undoes it.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import sqlalchemy as sa

from loaders.contracts.datasets import TABLES
from loaders.paths import DATASETS_DIR, REPO_ROOT
from loaders.store.load import load_file
from loaders.store.tables import retire_log

RAIL = DATASETS_DIR / "samples" / "rail_train_en_utf8.csv"


def cli(*args: str, var: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "loaders", *args],
        cwd=REPO_ROOT,
        env={**os.environ, "DASHBOARD_VAR_DIR": str(var)},
        capture_output=True,
        text=True,
        timeout=120,
    )


def trains(url: str) -> set[tuple[str, dt.datetime]]:
    table = TABLES["rail_train"]
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return set(conn.execute(sa.select(table.c.train_no, table.c.departed_at)).all())
    finally:
        engine.dispose()


def retirements(url: str) -> list[dict]:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(sa.select(retire_log).order_by(retire_log.c.finished_at))]
    finally:
        engine.dispose()


def test_a_corrected_departure_is_a_second_train_until_the_wrong_key_is_retired(store_url, tmp_path, rejects_dir):
    var = tmp_path / "var"
    load_file("rail_train", RAIL, store_url, rejects_dir=rejects_dir)
    header, first = RAIL.read_text(encoding="utf-8").splitlines()[:2]
    cells = first.split(",")
    wrong = (cells[0], dt.datetime.fromisoformat(cells[1]))
    right = (cells[0], wrong[1] + dt.timedelta(minutes=1))
    cells[1] = right[1].isoformat()
    corrected = tmp_path / "corrected.csv"
    corrected.write_text(f"{header}\n{','.join(cells)}\n", encoding="utf-8")

    report = load_file("rail_train", corrected, store_url, rejects_dir=rejects_dir)
    assert (report.rows_new, report.rows_replaced) == (1, 0), "a key correction adds a row (the documented rule)"
    assert {wrong, right} <= trains(store_url) and len(trains(store_url)) == 301

    keys = tmp_path / "wrong_keys.csv"
    keys.write_text(f"车次,发车时间\n{wrong[0]},{wrong[1]:%Y/%m/%d %H:%M}\n", encoding="utf-8")  # the steward's own spelling
    done = cli("retire", "rail_train", str(keys), "--db", store_url, var=var)
    assert done.returncode == 0, done.stderr
    assert "wrong_keys.csv -> rail_train: keys 1, rows deleted 1, not in the store 0" in done.stdout
    after = trains(store_url)
    assert wrong not in after and right in after and len(after) == 300

    [record] = retirements(store_url)
    assert (record["dataset"], record["file_name"], record["keys_read"], record["rows_deleted"]) == ("rail_train", "wrong_keys.csv", 1, 1)
    saved = pd.read_csv(record["retired_file"], encoding="utf-8-sig", dtype=str)
    assert list(saved["train_no"]) == [wrong[0]]
    assert str(var / "retired") in record["retired_file"]

    again = cli("retire", "rail_train", str(keys), "--db", store_url, var=var)
    assert again.returncode == 0 and "rows deleted 0, not in the store 1" in again.stdout, "running it twice is harmless"
    assert len(retirements(store_url)) == 2

    undo = load_file("rail_train", Path(record["retired_file"]), store_url, rejects_dir=rejects_dir)
    assert (undo.rows_rejected, undo.rows_new) == (0, 1) and wrong in trains(store_url), "loading the saved rows back undoes it"


def test_one_unreadable_key_retires_nothing(store_url, tmp_path, rejects_dir):
    load_file("rail_train", RAIL, store_url, rejects_dir=rejects_dir)
    lines = RAIL.read_text(encoding="utf-8").splitlines()
    good = lines[1].split(",")[:2]
    keys = tmp_path / "keys.csv"
    keys.write_text(f"Train number,Departure\n{good[0]},{good[1]}\nX9999,not a time\n", encoding="utf-8")
    done = cli("retire", "rail_train", str(keys), "--db", store_url, var=tmp_path / "var")
    assert done.returncode == 4
    assert "Traceback" not in done.stderr and done.stderr.count("\n") == 1, done.stderr
    assert done.stderr.startswith("refused, nothing written: keys.csv: 1 key(s) rejected")
    assert len(trains(store_url)) == 300
    assert retirements(store_url) == []


def test_a_key_file_without_the_key_columns_is_one_line(store_url, tmp_path, rejects_dir):
    load_file("rail_train", RAIL, store_url, rejects_dir=rejects_dir)
    keys = tmp_path / "keys.csv"
    keys.write_text("Train number,Direction\nX8001,outbound\n", encoding="utf-8")
    done = cli("retire", "rail_train", str(keys), "--db", store_url, var=tmp_path / "var")
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and done.stderr.count("\n") == 1, done.stderr
    assert done.stderr.startswith("error: keys.csv: ") and "车次" in done.stderr, "names the file and the key headers it expects"
    assert len(trains(store_url)) == 300
