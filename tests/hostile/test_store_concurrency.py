"""Two loads at once with overlapping keys: no error, and both loads' corrections land in the order
the loads committed (PostgreSQL: an advisory lock per schema; DuckDB: the file lock).
"""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

import sqlalchemy as sa

from loaders.contracts.datasets import TABLES
from loaders.paths import DATASETS_DIR
from loaders.store.load import load_file
from loaders.store.tables import load_log

SAMPLE = DATASETS_DIR / "samples" / "rail_train_en_utf8.csv"
TEU_COLUMN = 7


def with_teu(tmp_path: Path, name: str, rows: range, teu: int, extra_trains: int = 0) -> Path:
    """The sample's rows `rows` (1-based data rows) with TEU set to `teu`, plus new trains."""
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    out = [lines[0]]
    for number in rows:
        cells = lines[number].split(",")
        cells[TEU_COLUMN] = str(teu)
        out.append(",".join(cells))
    for index in range(extra_trains):  # new keys both loads add: the case that raised UniqueViolation
        cells = lines[1].split(",")
        cells[0], cells[TEU_COLUMN] = f"N{index:04d}", str(teu)
        out.append(",".join(cells))
    path = tmp_path / name
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return path


def stored_teu(url: str) -> dict[tuple[str, dt.datetime], float]:
    table = TABLES["rail_train"]
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return {(no, at): teu for no, at, teu in conn.execute(sa.select(table.c.train_no, table.c.departed_at, table.c.teu))}
    finally:
        engine.dispose()


def key(cells: list[str]) -> tuple[str, dt.datetime]:
    return cells[0], dt.datetime.fromisoformat(cells[1])


def finished_order(url: str) -> list[str]:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return list(conn.execute(sa.select(load_log.c.file_name).order_by(load_log.c.finished_at)).scalars())
    finally:
        engine.dispose()


def test_two_overlapping_loads_at_once_both_land_in_order(store_url, tmp_path, rejects_dir):
    load_file("rail_train", SAMPLE, store_url, rejects_dir=rejects_dir)
    first = with_teu(tmp_path, "a.csv", range(1, 201), 11, extra_trains=50)  # trains 1-200 corrected to 11 TEU
    second = with_teu(tmp_path, "b.csv", range(101, 301), 22, extra_trains=50)  # trains 101-300 corrected to 22 TEU
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    train = {number: key(lines[number].split(",")) for number in range(1, 301)}

    errors: list[BaseException] = []
    reports = {}
    start = threading.Barrier(2)

    def run(path: Path) -> None:
        try:
            start.wait()
            reports[path.name] = load_file("rail_train", path, store_url, rejects_dir=rejects_dir)
        except BaseException as error:  # noqa: BLE001 - the test reports any failure of either load
            errors.append(error)

    threads = [threading.Thread(target=run, args=(path,)) for path in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert errors == [], errors
    assert set(reports) == {"a.csv", "b.csv"}

    order = finished_order(store_url)[1:]
    assert sorted(order) == ["a.csv", "b.csv"]
    last = 11 if order[-1] == "a.csv" else 22
    teu = stored_teu(store_url)
    assert len(teu) == 300 + 50, "the 50 new trains both loads bring are stored once"
    assert all(teu[train[n]] == 11 for n in range(1, 101)), "only the first load corrected trains 1-100"
    assert all(teu[train[n]] == 22 for n in range(201, 301)), "only the second load corrected trains 201-300"
    assert all(teu[train[n]] == last for n in range(101, 201)), "the overlap holds the load that committed last"
    assert all(teu[(f"N{i:04d}", train[1][1])] == last for i in range(50))
    earlier, later = reports[order[0]], reports[order[-1]]
    assert (earlier.rows_new, earlier.rows_replaced) == (50, 200)
    assert (later.rows_new, later.rows_replaced) == (0, 250), "the later load merged on top of the earlier one"
