"""Loads end to end, on DuckDB and PostgreSQL: sample formats, bad rows, idempotency,
corrections, interruption by SIGKILL and the command line's exit codes.
"""

from __future__ import annotations

import contextlib
import csv
import gzip
import os
import re
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pytest
import sqlalchemy as sa

from loaders.cli import EXIT_REJECTED_ROWS, EXIT_STRICT_REFUSED, EXIT_UNREADABLE, main
from loaders.contracts.clearance import CONTRACT as CLEARANCE
from loaders.contracts.datasets import CONTRACTS, TABLES
from loaders.paths import DATASETS_DIR, REPO_ROOT
from loaders.store.engines import duckdb_path, is_duckdb, read_engine
from loaders.store.load import RejectedRows, file_sha256, load_file
from loaders.store.locks import write_connection
from loaders.store.tables import load_log
from tools import samples

SAMPLES_DIR = DATASETS_DIR / "samples"
BAD_ROWS = SAMPLES_DIR / "clearance_bad_rows.csv"
PUBLISHED_FIGURES = DATASETS_DIR / "reference" / "published_figures.csv"
FORMATS = ("zh_gbk.csv", "en_utf8.csv", "title_row.xlsx")


# ---------------------------------------------------------------- helpers


def stored(url: str, dataset: str, columns: list[str] | None = None, with_load_id: bool = False) -> list[tuple]:
    """The table's rows (all columns unless named; load_id only when asked), sorted by key in Python."""
    table = TABLES[dataset]
    names = columns or [c.name for c in table.columns if with_load_id or c.name != "load_id"]
    key = [names.index(k) for k in CONTRACTS[dataset].key]
    engine = read_engine(url)
    try:
        with engine.connect() as conn:
            rows = [tuple(r) for r in conn.execute(sa.select(*[table.c[n] for n in names]))]
    finally:
        engine.dispose()
    return sorted(rows, key=lambda r: tuple(r[i] for i in key))


def load_log_rows(url: str) -> list[dict]:
    engine = read_engine(url)
    try:
        with engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(sa.select(load_log).order_by(load_log.c.started_at, load_log.c.finished_at))]
    finally:
        engine.dispose()


def empty_table(url: str, dataset: str) -> None:
    with write_connection(url) as conn:
        conn.execute(TABLES[dataset].delete())


def run_cli(*args: str, var_dir: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "loaders", *args],
        cwd=REPO_ROOT,
        env={**os.environ, "DASHBOARD_VAR_DIR": str(var_dir), **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
    )


# ---------------------------------------------------------------- (a) format samples


def test_committed_samples_are_what_tools_samples_writes(tmp_path):
    written = samples.write_samples(tmp_path)
    committed = sorted(p.name for p in SAMPLES_DIR.iterdir())
    assert committed == sorted(p.name for p in written), "rerun `python -m tools.samples`"
    stale = [p.name for p in written if p.read_bytes() != (SAMPLES_DIR / p.name).read_bytes()]
    assert stale == [], "rerun `python -m tools.samples`"


def test_sample_files_hold_what_they_promise():
    for dataset, contract in CONTRACTS.items():
        zh = (SAMPLES_DIR / f"{dataset}_zh_gbk.csv").read_bytes()
        with pytest.raises(UnicodeDecodeError):
            zh.decode("utf-8")  # really GBK, not UTF-8 that happens to be ASCII
        assert zh.decode("gbk").splitlines()[0] == ",".join(f.header_zh for f in contract.fields)
        en = (SAMPLES_DIR / f"{dataset}_en_utf8.csv").read_text(encoding="utf-8")
        assert en.splitlines()[0] == ",".join(f.label_en for f in contract.fields)
        book = openpyxl.load_workbook(SAMPLES_DIR / f"{dataset}_title_row.xlsx", read_only=True)
        rows = list(book.worksheets[0].iter_rows(max_row=4, values_only=True))
        book.close()
        assert rows[0][0] == f"深圳海关 {contract.title_zh} 导出 2024-01"
        assert not any(rows[1])
        assert list(rows[2]) == [f.header_zh for f in contract.fields]
        kinds = {
            type(value).__name__ for f, value in zip(contract.fields, rows[3], strict=True) if f.kind in ("datetime", "date") and value
        }
        assert kinds == {"datetime"}, "dates must be real Excel date cells, not text"


@pytest.mark.parametrize("dataset", list(CONTRACTS))
def test_three_sample_formats_load_identical_store_contents(store_url, rejects_dir, dataset):
    contents = {}
    for fmt in FORMATS:
        empty_table(store_url, dataset)
        report = load_file(dataset, SAMPLES_DIR / f"{dataset}_{fmt}", store_url, rejects_dir=rejects_dir)
        assert (report.rows_read, report.rows_accepted, report.rows_rejected, report.rows_new) == (samples.ROWS,) * 2 + (0, samples.ROWS), (
            report.summary()
        )
        contents[fmt] = stored(store_url, dataset)
    assert contents["en_utf8.csv"] == contents["zh_gbk.csv"]
    assert contents["title_row.xlsx"] == contents["zh_gbk.csv"]
    # ... and what they hold is the rows tools/samples meant, value for value
    fields = [f.name for f in CONTRACTS[dataset].fields]
    key = [fields.index(k) for k in CONTRACTS[dataset].key]
    expected = sorted((tuple(row[name] for name in fields) for row in samples.sample_rows(dataset)), key=lambda r: tuple(r[i] for i in key))
    assert stored(store_url, dataset, fields) == expected


# ---------------------------------------------------------------- (b) bad rows, idempotency, corrections

# (row as a spreadsheet shows it, column, reason_code): one per way the clearance contract rejects a row
EXPECTED_REJECTS = {
    (4, "direction", "missing"),
    (5, "declared_at", "bad_datetime"),
    (6, "hs_chapter", "bad_number"),
    (7, "is_inspected", "bad_bool"),
    (8, "transport_mode", "unknown_code"),
    (9, "hs_chapter", "out_of_range"),
    (10, "exited_at", "implausible_date"),
    (11, "released_at", "release_before_arrival"),
    (12, "released_at", "release_before_declaration"),
    (13, "exited_at", "exit_before_release"),
    (14, "exited_at", "exit_without_release"),
    (15, "declared_at", "declaration_too_early"),
    (16, "released_at", "clearance_too_long"),
    (17, "declaration_id", "duplicate_key"),
    (18, "declaration_id", "duplicate_key"),
    (19, "*", "malformed_row"),
}
GOOD_IDS = ["530120231000000001", "530120231000000002", "530120231000000019", "530120231000000020", "530120231000000021"]
REJECTS_COLUMNS = ["file", "row", "column", "value", "reason_code", "reason_en", "reason_zh"]


def bad_file_cells() -> dict[int, dict[str, str]]:
    """Row number -> {canonical column: cell text} of the bad-rows file."""
    by_header = {f.header_zh: f.name for f in CLEARANCE.fields}
    with BAD_ROWS.open(encoding="utf-8", newline="") as handle:
        header, *lines = list(csv.reader(handle))
    return {number: {by_header[h]: cell for h, cell in zip(header, line, strict=False)} for number, line in enumerate(lines, start=2)}


def test_bad_rows_file_covers_every_rejection_of_the_contract():
    codes = {code for _, _, code in EXPECTED_REJECTS}
    assert {rule.code for rule in CLEARANCE.rules} <= codes
    kinds = {
        "missing",
        "bad_datetime",
        "bad_number",
        "bad_bool",
        "unknown_code",
        "out_of_range",
        "implausible_date",
        "duplicate_key",
        "malformed_row",
    }
    assert kinds <= codes


def test_each_bad_row_is_reported_with_row_column_value_and_reason(store_url, rejects_dir):
    report = load_file("clearance", BAD_ROWS, store_url, rejects_dir=rejects_dir)
    assert (report.rows_read, report.rows_accepted, report.rows_rejected) == (21, 5, 16)
    assert report.rows_accepted + report.rows_rejected == report.rows_read
    assert report.rejects_file is not None and report.rejects_file.parent == rejects_dir

    rejects = pd.read_csv(report.rejects_file, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert list(rejects.columns) == REJECTS_COLUMNS
    assert set(rejects["file"]) == {"clearance_bad_rows.csv"}
    assert {(int(r.row), r.column, r.reason_code) for r in rejects.itertuples()} == EXPECTED_REJECTS
    cells = bad_file_cells()
    for r in rejects.itertuples():
        assert r.reason_en.strip() and re.search(r"[\u4e00-\u9fff]", r.reason_zh), r
        if r.column != "*":
            assert r.value == cells[int(r.row)][r.column], f"row {r.row}: the value shown must be the cell as written"
    assert sorted(report.reasons.items()) == sorted(pd.Series([c for _, _, c in EXPECTED_REJECTS]).value_counts().items())
    assert [row[0] for row in stored(store_url, "clearance")] == GOOD_IDS


def test_loading_the_same_file_twice_changes_nothing(store_url, rejects_dir):
    first = load_file("clearance", BAD_ROWS, store_url, rejects_dir=rejects_dir)
    before = stored(store_url, "clearance", with_load_id=True)
    second = load_file("clearance", BAD_ROWS, store_url, rejects_dir=rejects_dir)
    assert stored(store_url, "clearance", with_load_id=True) == before
    assert (first.rows_new, first.rows_replaced, first.rows_unchanged) == (5, 0, 0)
    assert (second.rows_new, second.rows_replaced, second.rows_unchanged) == (0, 0, 5)

    log = load_log_rows(store_url)
    assert [entry["load_id"] for entry in log] == [first.load_id, second.load_id]
    sha256 = file_sha256(BAD_ROWS)
    for entry, new in zip(log, (5, 0), strict=True):
        assert entry["dataset"] == "clearance" and entry["file_name"] == "clearance_bad_rows.csv"
        assert entry["sha256"] == sha256
        assert (entry["rows_read"], entry["rows_accepted"], entry["rows_rejected"]) == (21, 5, 16)
        assert (entry["rows_new"], entry["rows_replaced"], entry["rows_unchanged"]) == (new, 0, 5 - new)
        assert entry["is_demo"] is False and entry["finished_at"] >= entry["started_at"]


def write_corrected(tmp_path: Path) -> Path:
    """The bad-rows file with row 2 changed (inspected 否 -> 是) and row 8's unknown mode 9 fixed to 4."""
    with BAD_ROWS.open(encoding="utf-8", newline="") as handle:
        lines = list(csv.reader(handle))
    header = lines[0]
    lines[1][header.index("是否查验")] = "是"
    lines[7][header.index("运输方式")] = "4"
    path = tmp_path / "clearance_corrected.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(lines)
    return path


def test_corrected_row_replaces_the_old_one(store_url, rejects_dir, tmp_path):
    first = load_file("clearance", BAD_ROWS, store_url, rejects_dir=rejects_dir)
    report = load_file("clearance", write_corrected(tmp_path), store_url, rejects_dir=rejects_dir)
    assert (report.rows_read, report.rows_accepted, report.rows_rejected) == (21, 6, 15)
    assert (report.rows_new, report.rows_replaced, report.rows_unchanged) == (1, 1, 4)
    rows = {r[0]: r for r in stored(store_url, "clearance", ["declaration_id", "is_inspected", "transport_mode", "load_id"])}
    assert sorted(rows) == sorted([*GOOD_IDS, "530120231000000007"])
    assert rows["530120231000000001"][1:] == (True, "road", report.load_id)
    assert rows["530120231000000007"][1:] == (False, "road", report.load_id)
    assert rows["530120231000000002"][3] == first.load_id  # untouched rows keep the load that wrote them


def test_strict_load_with_rejected_rows_writes_nothing(store_url, rejects_dir, tmp_path):
    load_file("clearance", BAD_ROWS, store_url, rejects_dir=rejects_dir)
    before = stored(store_url, "clearance", with_load_id=True)
    with pytest.raises(RejectedRows, match="clearance_corrected.csv: 15 row"):
        load_file("clearance", write_corrected(tmp_path), store_url, strict=True, rejects_dir=rejects_dir)
    assert stored(store_url, "clearance", with_load_id=True) == before
    assert len(load_log_rows(store_url)) == 1


# ---------------------------------------------------------------- (c) a load killed midway

BIG_ROWS = 150_000
PREVIOUS_ROWS = 1_000


def write_clearance_files(tmp_path: Path) -> tuple[Path, Path, Path]:
    """previous.csv (1,000 rows), big.csv (150,000 rows, the first 1,000 changed) and next.csv (big's first 2,000)."""
    rng = np.random.default_rng(20230704)
    n = BIG_ROWS
    minute = np.timedelta64(1, "m")
    arrived = np.datetime64("2023-07-01T00:00", "m") + rng.integers(0, 180 * 24 * 60, n) * minute
    declared = arrived + rng.integers(10, 24 * 60, n) * minute
    released = declared + rng.integers(10, 48 * 60, n) * minute
    is_aeo = rng.random(n) < 0.3
    numbers = pa.array(np.arange(n)).cast(pa.string())
    table = pa.table(
        {
            "Declaration number": pc.binary_join_element_wise("53012023", pc.utf8_lpad(numbers, 10, "0"), ""),
            "Direction": pa.array(np.where(rng.random(n) < 0.55, "import", "export")),
            "Transport mode": pa.array(np.full(n, "road")),
            "Customs code": pa.array(rng.choice(["5301", "5320", "5345", "5354"], n)),
            "Arrival time": pa.array(arrived.astype("datetime64[s]")),
            "Declaration time": pa.array(declared.astype("datetime64[s]")),
            "Release time": pa.array(released.astype("datetime64[s]")),
            "Inspected": pa.array(rng.random(n) < 0.08),
            "AEO firm": pa.array(is_aeo),
            "Advance declaration": pa.array(np.zeros(n, dtype=bool)),
            "Two-step declaration": pa.array(rng.random(n) < 0.15),
        }
    )
    previous, big, following = tmp_path / "previous.csv", tmp_path / "big.csv", tmp_path / "next.csv"
    pacsv.write_csv(table.slice(0, PREVIOUS_ROWS), previous)
    changed = table.set_column(table.schema.get_field_index("AEO firm"), "AEO firm", pa.array(~is_aeo))
    pacsv.write_csv(changed, big)
    pacsv.write_csv(changed.slice(0, 2 * PREVIOUS_ROWS), following)
    return previous, big, following


def wait_for(proc: subprocess.Popen, condition: Callable[[], bool], stderr: Path, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        if proc.poll() is not None:
            pytest.fail(f"the load ended (exit {proc.returncode}) before it could be interrupted: {stderr.read_text()[-2000:]}")
        time.sleep(0.002)
    pytest.fail("timed out waiting for the load to reach its write phase")


def postgres_backends(engine: sa.Engine, application_name: str) -> list[tuple[str, bool]]:
    """(query, in a transaction) of the loader's server connections, found by application_name."""
    statement = sa.text("SELECT query, xact_start IS NOT NULL FROM pg_stat_activity WHERE application_name = :name")
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(statement, {"name": application_name})]


def test_load_killed_midway_leaves_the_previous_data_served(store_url, rejects_dir, tmp_path):
    """Killed while it writes rows (DuckDB: into the next snapshot; PostgreSQL: into the table itself,
    after the staging COPY), the load leaves exactly the previous rows served, and the next load works."""
    previous, big, following = write_clearance_files(tmp_path)
    load_file("clearance", previous, store_url, rejects_dir=rejects_dir)
    before = stored(store_url, "clearance", with_load_id=True)
    assert len(before) == PREVIOUS_ROWS

    application_name = f"killed-load-{uuid.uuid4().hex[:8]}"
    monitor = sa.create_engine(store_url, isolation_level="AUTOCOMMIT")
    stderr = tmp_path / "stderr.txt"
    with stderr.open("w") as err:
        proc = subprocess.Popen(
            [sys.executable, "-m", "loaders", "load", "clearance", str(big), "--db", store_url],
            cwd=REPO_ROOT,
            env={**os.environ, "DASHBOARD_VAR_DIR": str(tmp_path / "var"), "PGAPPNAME": application_name},
            stdout=subprocess.DEVNULL,
            stderr=err,
        )
    try:
        if is_duckdb(store_url):
            store = duckdb_path(store_url)
            snapshot = store.with_name(f"{store.name}.next-{proc.pid}")
            size = store.stat().st_size

            def writing_rows() -> bool:
                # the copy of the store is complete and growing, or its WAL exists
                with contextlib.suppress(FileNotFoundError):
                    return snapshot.stat().st_size > size or snapshot.with_name(snapshot.name + ".wal").exists()
                return False
        else:

            def writing_rows() -> bool:
                # past the staging COPY: merging into the real table (INSERT ... ON CONFLICT, or DELETE + INSERT)
                return any(
                    in_transaction and re.search(r"(DELETE FROM|INSERT INTO) clearance\b", query)
                    for query, in_transaction in postgres_backends(monitor, application_name)
                )

        wait_for(proc, writing_rows, stderr)
        assert proc.poll() is None, "the load finished before the kill"
        proc.send_signal(signal.SIGKILL)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL

    try:
        if is_duckdb(store_url):
            assert snapshot.exists(), "the half-built snapshot is left aside, never swapped in"
        else:
            deadline = time.monotonic() + 30
            while postgres_backends(monitor, application_name) and time.monotonic() < deadline:
                time.sleep(0.05)
            assert postgres_backends(monitor, application_name) == [], "the server rolled back and closed the killed connection"
    finally:
        monitor.dispose()

    assert stored(store_url, "clearance", with_load_id=True) == before
    assert len(load_log_rows(store_url)) == 1

    report = load_file("clearance", following, store_url, rejects_dir=rejects_dir)
    assert (report.rows_new, report.rows_replaced, report.rows_rejected) == (PREVIOUS_ROWS, PREVIOUS_ROWS, 0)
    assert len(stored(store_url, "clearance")) == 2 * PREVIOUS_ROWS
    if is_duckdb(store_url):
        assert list(store.parent.glob("*.next-*")) == [], "the next load clears the stale snapshot"


def test_a_pooled_reader_keeps_its_snapshot_and_a_new_reader_sees_the_load(tmp_path, rejects_dir):
    """The app holds pooled read connections: a load must neither disturb them mid-page nor hide
    from the engine made for the new store version."""
    url = f"duckdb:///{tmp_path / 'store.duckdb'}"
    load_file("clearance", BAD_ROWS, url, rejects_dir=rejects_dir)
    count = sa.select(sa.func.count()).select_from(TABLES["clearance"])
    before = read_engine(url)
    with before.connect() as conn:  # the connection goes back to the pool, attached to this file
        assert conn.execute(count).scalar_one() == len(GOOD_IDS)
    empty_table(url, "clearance")
    after = read_engine(url)
    try:
        with before.connect() as conn:
            assert conn.execute(count).scalar_one() == len(GOOD_IDS), "the old engine keeps the snapshot it opened"
        with after.connect() as conn:
            assert conn.execute(count).scalar_one() == 0, "a new engine sees the finished load"
    finally:
        before.dispose()
        after.dispose()


# ---------------------------------------------------------------- (d) the command line


def _garbage(path: Path) -> None:
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + np.random.default_rng(0).bytes(4096))


def _gzip_truncated(path: Path) -> None:
    data = gzip.compress((SAMPLES_DIR / "clearance_en_utf8.csv").read_bytes())
    path.write_bytes(data[: len(data) // 2])


def _gzip_corrupted(path: Path) -> None:
    data = bytearray(gzip.compress((SAMPLES_DIR / "clearance_en_utf8.csv").read_bytes()))
    data[12] ^= 0xFF  # inside the deflate stream: zlib itself complains
    path.write_bytes(bytes(data))


UNREADABLE = {
    "missing": ("gone.csv", lambda p: None, "file not found"),
    "empty": ("empty.csv", lambda p: p.write_bytes(b""), "the file is empty"),
    "blank lines only": ("blank.csv", lambda p: p.write_bytes(b"\r\n \r\n"), "the file is empty"),
    "binary garbage": ("garbage.csv", _garbage, "not UTF-8 or GBK/GB18030 text"),
    "truncated gzip": ("cut.csv.gz", _gzip_truncated, "damaged gzip file"),
    "corrupted gzip": ("flipped.csv.gz", _gzip_corrupted, "damaged gzip file"),
    "wrong header": ("other.csv", lambda p: p.write_text("a,b,c\n1,2,3\n"), "no header row found"),
    "required column missing": (
        "short.csv",
        lambda p: p.write_text("报关单号,进出口\n1,进口\n"),
        "required column(s) missing: 运输方式 (transport_mode)",
    ),
    "damaged xlsx": ("book.xlsx", _garbage, "not a readable XLSX workbook"),
}


@pytest.mark.parametrize(("name", "make", "reason"), list(UNREADABLE.values()), ids=list(UNREADABLE))
def test_unreadable_file_exits_2_with_one_line_naming_the_file(tmp_path, capsys, name, make, reason):
    path = tmp_path / name
    make(path)
    store = tmp_path / "store.duckdb"
    code = main(["load", "clearance", str(path), "--db", f"duckdb:///{store}"])
    err = capsys.readouterr().err
    assert code == EXIT_UNREADABLE == 2
    assert err.count("\n") == 1 and err.startswith(f"error: {name}: "), err
    assert reason in err
    assert not store.exists(), "nothing is written when a file cannot be read"


def test_cli_exit_codes(store_url, tmp_path):
    var = tmp_path / "var"
    clean = run_cli("load", "clearance", str(SAMPLES_DIR / "clearance_en_utf8.csv"), "--db", store_url, var_dir=var)
    assert clean.returncode == 0, clean.stderr
    assert "read 300, accepted 300, rejected 0" in clean.stdout

    rejected = run_cli("load", "clearance", str(BAD_ROWS), "--db", store_url, var_dir=var)
    assert rejected.returncode == EXIT_REJECTED_ROWS == 3, rejected.stderr
    assert "read 21, accepted 5, rejected 16" in rejected.stdout
    assert len(list((var / "rejects").glob("clearance-*.csv"))) == 1

    before = stored(store_url, "clearance", with_load_id=True)
    strict = run_cli("load", "clearance", str(write_corrected(tmp_path)), "--strict", "--db", store_url, var_dir=var)
    assert strict.returncode == EXIT_STRICT_REFUSED == 4
    assert stored(store_url, "clearance", with_load_id=True) == before

    garbage = tmp_path / "export.csv"
    _garbage(garbage)
    unreadable = run_cli("load", "clearance", str(garbage), "--db", store_url, var_dir=var)
    assert unreadable.returncode == 2
    assert unreadable.stderr.count("\n") == 1 and "export.csv" in unreadable.stderr, unreadable.stderr
    assert stored(store_url, "clearance", with_load_id=True) == before


def test_published_figures_load_into_indicator_series(store_url, tmp_path):
    result = run_cli("load", "indicator_series", str(PUBLISHED_FIGURES), "--db", store_url, var_dir=tmp_path / "var")
    assert result.returncode == 0, result.stdout + result.stderr
    with PUBLISHED_FIGURES.open(encoding="utf-8", newline="") as handle:
        figures = list(csv.DictReader(handle))
    assert f"read {len(figures)}, accepted {len(figures)}, rejected 0" in result.stdout
    rows = stored(store_url, "indicator_series", ["indicator_id", "scope", "period_start", "period_end", "value", "source", "source_url"])
    in_file = sorted(
        (f["indicator_id"], f["scope"], f["period_start"], f["period_end"], float(f["value"]), f["publisher"], f["source_url"] or None)
        for f in figures
    )
    assert sorted((r[0], r[1], r[2].isoformat(), r[3].isoformat(), *r[4:]) for r in rows) == in_file
