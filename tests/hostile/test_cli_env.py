"""A broken environment is one line and exit 2, never a traceback: a bad --db, a database server
that is down or a database that does not exist (found before the file is parsed), a store that is
missing or damaged. Symlinked stores are written through the link.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import sqlalchemy as sa

from loaders.cli import EXIT_UNREADABLE, main
from loaders.contracts.datasets import TABLES
from loaders.paths import DATASETS_DIR, REPO_ROOT
from loaders.store.load import load_file
from tests.conftest import POSTGRES_URL

SAMPLE = DATASETS_DIR / "samples" / "clearance_en_utf8.csv"
DOWN = "postgresql+psycopg://postgres@127.0.0.1:1/test"  # port 1: nothing listens there
NO_DATABASE = POSTGRES_URL.rsplit("/", 1)[0] + "/no_such_database_for_tests"


def one_line_error(capsys) -> str:
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err + captured.out
    assert captured.err.count("\n") == 1 and captured.err.startswith("error: "), captured.err
    return captured.err


def count_rows(url: str, dataset: str) -> int:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(sa.select(sa.func.count()).select_from(TABLES[dataset])).scalar_one()
    finally:
        engine.dispose()


def _garbage_csv(path: Path) -> Path:
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + np.random.default_rng(1).bytes(2048))
    return path


BAD_DB = {
    "empty duckdb path": ("duckdb:///", "names no file"),
    "memory duckdb": ("duckdb:///:memory:", "names no file"),
    "not a URL": ("not a url", "not a database URL"),
    "no driver": ("mysql://user@host/db", "no driver for it"),
    "server down": (DOWN, "cannot connect"),
    "database missing": (NO_DATABASE, 'database "no_such_database_for_tests" does not exist'),
}


@pytest.mark.parametrize(("url", "reason"), list(BAD_DB.values()), ids=list(BAD_DB))
def test_a_store_that_cannot_be_used_is_named_before_the_file_is_parsed(tmp_path, capsys, url, reason):
    """The file is garbage: had it been parsed first, the error would be about the file."""
    garbage = _garbage_csv(tmp_path / "garbage.csv")
    code = main(["load", "clearance", str(garbage), "--db", url])
    err = one_line_error(capsys)
    assert code == EXIT_UNREADABLE == 2
    assert reason in err and "store " in err and "garbage.csv" not in err, err
    assert not (tmp_path / "rejects").exists()


@pytest.mark.parametrize("command", [["status"], ["demo", "--scale", "0.01"], ["retire", "clearance", str(SAMPLE)]], ids=str)
def test_every_command_that_uses_the_store_names_a_bad_db(capsys, command):
    code = main([*command, "--db", "duckdb:///"])
    err = one_line_error(capsys)
    assert code == 2 and err == "error: store 'duckdb:///': names no file; use duckdb:///path/to/file.duckdb\n"


def test_a_bad_store_setting_is_named(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("DASHBOARD_DB_URL", DOWN)
    code = main(["load", "clearance", str(SAMPLE)])
    err = one_line_error(capsys)
    assert code == 2 and err.startswith(f"error: store (from DASHBOARD_DB_URL) {DOWN}: cannot connect"), err


def test_a_directory_as_duckdb_store_is_refused_and_left_alone(tmp_path, capsys):
    folder = tmp_path / "a_folder"
    folder.mkdir()
    (folder / "keep.txt").write_text("mine")
    code = main(["load", "clearance", str(SAMPLE), "--db", f"duckdb:///{folder}"])
    err = one_line_error(capsys)
    assert code == 2 and "is a directory" in err and str(folder / "dashboard.duckdb") in err
    assert sorted(p.name for p in folder.iterdir()) == ["keep.txt"]


def test_status_on_a_missing_store_says_so(store_url, tmp_path, capsys):
    """DuckDB: no file (and none is created). PostgreSQL: a database without the dashboard's tables."""
    url = f"duckdb:///{tmp_path / 'none.duckdb'}" if store_url.startswith("duckdb") else store_url
    code = main(["status", "--db", url])
    err = one_line_error(capsys)
    assert code == 2
    assert ("no store at" in err) if url.startswith("duckdb") else ("holds no dashboard tables" in err), err
    assert "python -m loaders demo" in err
    assert not (tmp_path / "none.duckdb").exists()


def test_status_of_a_loaded_store_lists_the_datasets(store_url, capsys, rejects_dir):
    load_file("clearance", SAMPLE, store_url, rejects_dir=rejects_dir)
    assert main(["status", "--db", store_url]) == 0
    out = capsys.readouterr().out
    assert "clearance" in out and "300" in out


@pytest.mark.parametrize("command", ["status", "load", "demo"])
def test_a_damaged_duckdb_store_is_one_line_and_kept_for_rescue(tmp_path, capsys, command):
    store = tmp_path / "store.duckdb"
    damaged = np.random.default_rng(2).bytes(8192)
    store.write_bytes(damaged)
    args = {
        "status": ["status"],
        "load": ["load", "clearance", str(SAMPLE)],
        "demo": ["demo", "--scale", "0.01", "--replace-real"],
    }[command]
    code = main([*args, "--db", f"duckdb:///{store}"])
    err = one_line_error(capsys)
    assert code == 2 and "not a readable DuckDB database" in err and "move it aside" in err, err
    assert store.read_bytes() == damaged, "the damaged file is left as it was"


def test_the_database_going_away_is_one_line_in_a_subprocess(tmp_path):
    """The same through the real entry point (`python -m loaders`), as a steward runs it."""
    proc = subprocess.run(
        [sys.executable, "-m", "loaders", "load", "clearance", str(SAMPLE), "--db", DOWN],
        cwd=REPO_ROOT,
        env={**os.environ, "DASHBOARD_VAR_DIR": str(tmp_path / "var")},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and proc.stderr.count("\n") == 1, proc.stderr
    assert proc.stderr.startswith("error: store postgresql+psycopg://postgres@127.0.0.1:1/test: cannot connect")


def test_a_symlinked_duckdb_store_is_written_through_the_link(tmp_path, rejects_dir):
    """The link stays a link and the real file gets the rows (replaced atomically beside itself)."""
    real = tmp_path / "data" / "real.duckdb"
    real.parent.mkdir()
    load_file("clearance", SAMPLE, f"duckdb:///{real}", rejects_dir=rejects_dir)
    link = tmp_path / "var" / "dashboard.duckdb"
    link.parent.mkdir()
    link.symlink_to(real)
    url = f"duckdb:///{link}"

    other = tmp_path / "other.csv"
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    other.write_text("\n".join([lines[0], *[line.replace("2023", "2024", 1) for line in lines[1:]]]) + "\n", encoding="utf-8")
    report = load_file("clearance", other, url, rejects_dir=rejects_dir)

    assert link.is_symlink() and link.resolve() == real.resolve()
    assert report.rows_new == 300, "every declaration number changed"
    assert count_rows(f"duckdb:///{real}", "clearance") == 600
    assert sorted(p.name for p in link.parent.iterdir()) == ["dashboard.duckdb"], "nothing lands beside the link"
