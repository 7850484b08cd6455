"""`python -m loaders demo` never touches real data unless told to (`--replace-real`), on both
engines; the published figures the demo brings itself do not count as real; it takes the writer lock.
"""

from __future__ import annotations

import threading

import sqlalchemy as sa

from loaders.cli import EXIT_REFUSED, main
from loaders.contracts.datasets import TABLES
from loaders.paths import DATASETS_DIR
from loaders.store.load import load_file
from loaders.store.locks import _writer_lock
from loaders.store.tables import load_log

RAIL = DATASETS_DIR / "samples" / "rail_train_en_utf8.csv"
PUBLISHED_FIGURES = DATASETS_DIR / "reference" / "published_figures.csv"
SMALL = ["--scale", "0.01"]


def counts(url: str) -> dict[str, tuple[int, int]]:
    """(real rows, demo rows) per table; load_log as (real loads, demo loads)."""
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            found = {}
            for name, table in [*TABLES.items(), ("load_log", load_log)]:
                demo = sa.func.coalesce(sa.func.sum(sa.case((table.c.is_demo, 1), else_=0)), 0)
                total, demo_rows = conn.execute(sa.select(sa.func.count(), demo).select_from(table)).one()
                found[name] = (int(total) - int(demo_rows), int(demo_rows))
            return found
    finally:
        engine.dispose()


def demo(url: str, *extra: str) -> int:
    return main(["demo", "--db", url, *SMALL, *extra])


def test_demo_refuses_a_store_holding_real_rows_and_names_what_it_would_delete(store_url, capsys, rejects_dir):
    load_file("rail_train", RAIL, store_url, rejects_dir=rejects_dir)
    before = counts(store_url)

    code = demo(store_url)
    captured = capsys.readouterr()
    assert code == EXIT_REFUSED == 4
    assert "Traceback" not in captured.err and captured.err.count("\n") == 1, captured.err
    assert "rail_train 300 rows" in captured.err and "1 load(s) in the history" in captured.err
    assert "--replace-real" in captured.err
    assert counts(store_url) == before, "nothing written: the real rows and their history are all there"
    assert before["rail_train"] == (300, 0)


def test_replace_real_deletes_the_real_rows_and_builds_the_demo(store_url, capsys, rejects_dir):
    load_file("rail_train", RAIL, store_url, rejects_dir=rejects_dir)
    assert demo(store_url, "--replace-real") == 0
    after = counts(store_url)
    assert after["rail_train"][0] == 0 and after["rail_train"][1] > 0, "only demo trains remain"
    assert after["clearance"][0] == 0 and after["clearance"][1] > 0
    assert after["load_log"][0] == 1, "the one real load left is the demo's own published figures"


def test_rebuilding_a_demo_store_is_not_refused_and_replaces_the_old_demo(store_url, capsys, tmp_path):
    """The published figures the demo loads are real (non-demo) rows, but they are the demo's own."""
    assert demo(store_url) == 0
    assert demo(store_url, "--seed", "7") == 0, capsys.readouterr().err
    fresh = f"duckdb:///{tmp_path / 'fresh.duckdb'}"
    assert demo(fresh, "--seed", "7") == 0
    rebuilt = counts(store_url)
    assert rebuilt == counts(fresh), "a rebuild holds exactly what a fresh build holds (seed 20230704's rows are gone)"
    assert rebuilt["load_log"] == (1, 6), "one history: the six demo files and the published figures"


def test_a_stewards_own_load_of_published_figures_is_protected(store_url, capsys, tmp_path, rejects_dir):
    assert demo(store_url) == 0
    lines = PUBLISHED_FIGURES.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    value = header.index("value")
    cells = lines[1].split(",")
    cells[value] = str(float(cells[value]) + 1)
    corrected = tmp_path / "figures_corrected.csv"
    corrected.write_text("\n".join([lines[0], ",".join(cells)]) + "\n", encoding="utf-8")
    load_file("indicator_series", corrected, store_url, rejects_dir=rejects_dir)
    capsys.readouterr()

    assert demo(store_url) == EXIT_REFUSED
    err = capsys.readouterr().err
    assert "indicator_series 1 rows" in err and "1 load(s) in the history" in err, err


def test_if_missing_builds_a_fresh_store_then_leaves_any_store_alone(tmp_path, capsys, rejects_dir):
    """What `make run` does on a fresh clone and on every later start."""
    url = f"duckdb:///{tmp_path / 'var' / 'dashboard.duckdb'}"
    assert demo(url, "--if-missing") == 0
    assert "demo store built" in capsys.readouterr().out
    load_file("rail_train", RAIL, url, rejects_dir=rejects_dir)
    before = counts(url)
    assert demo(url, "--if-missing") == 0
    assert "demo store present" in capsys.readouterr().out
    assert counts(url) == before


def test_the_demo_build_waits_for_the_writer_lock(tmp_path):
    """A load holding the DuckDB writer lock is never overtaken by a demo swapping in its file."""
    path = tmp_path / "store.duckdb"
    url = f"duckdb:///{path}"
    results: list[int] = []
    with _writer_lock(path):
        builder = threading.Thread(target=lambda: results.append(demo(url)))
        builder.start()
        builder.join(timeout=3)
        assert builder.is_alive() and not path.exists(), "the demo waits while the lock is held"
    builder.join(timeout=300)
    assert results == [0] and path.is_file()
