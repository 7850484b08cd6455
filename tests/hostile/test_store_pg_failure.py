"""PostgreSQL only (DuckDB has no server to lose): a load waits for another writer's lock, and a
connection the server drops mid-load is one line and exit 2 with nothing written.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from loaders.contracts.datasets import TABLES
from loaders.paths import DATASETS_DIR, REPO_ROOT
from loaders.store.load import load_file
from loaders.store.locks import postgres_writer_lock
from loaders.store.tables import load_log
from tests.conftest import _postgres_schema_url

SAMPLE = DATASETS_DIR / "samples" / "rail_train_en_utf8.csv"
OTHER = DATASETS_DIR / "samples" / "rail_train_zh_gbk.csv"


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A PostgreSQL schema of its own (the store_url fixture's PostgreSQL half)."""
    yield from _postgres_schema_url()


def backends(monitor: sa.Engine, application_name: str) -> list[tuple[int, str | None]]:
    with monitor.connect() as conn:
        query = sa.text("SELECT pid, wait_event_type FROM pg_stat_activity WHERE application_name = :name")
        return [tuple(r) for r in conn.execute(query, {"name": application_name})]


def test_a_load_waits_for_the_writer_and_a_dropped_connection_is_one_line(pg_url, tmp_path, rejects_dir):
    load_file("rail_train", SAMPLE, pg_url, rejects_dir=rejects_dir)
    application_name = f"waiting-load-{uuid.uuid4().hex[:8]}"
    holder = sa.create_engine(pg_url)
    monitor = sa.create_engine(pg_url, isolation_level="AUTOCOMMIT")
    try:
        with holder.begin() as writer:
            postgres_writer_lock(writer)  # another load is writing
            proc = subprocess.Popen(
                [sys.executable, "-m", "loaders", "load", "rail_train", str(OTHER), "--db", pg_url],
                cwd=REPO_ROOT,
                env={**os.environ, "DASHBOARD_VAR_DIR": str(tmp_path / "var"), "PGAPPNAME": application_name},
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            try:
                deadline = time.monotonic() + 120
                while not any(wait == "Lock" for _, wait in backends(monitor, application_name)):
                    assert proc.poll() is None, proc.communicate()
                    assert time.monotonic() < deadline, "the load never reached the writer lock"
                    time.sleep(0.05)
                with monitor.connect() as conn:  # the server drops the waiting load's connection
                    for pid, _ in backends(monitor, application_name):
                        conn.execute(sa.text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
                out, err = proc.communicate(timeout=120)
            finally:
                if proc.poll() is None:
                    proc.kill()
                    proc.wait()
    finally:
        holder.dispose()
        monitor.dispose()
    assert proc.returncode == 2, err
    assert "Traceback" not in err and err.count("\n") == 1, err
    assert err.startswith("error: store postgresql+psycopg://") and "nothing was written" in err
    engine = sa.create_engine(pg_url)
    try:
        with engine.connect() as conn:
            assert conn.execute(sa.select(sa.func.count()).select_from(TABLES["rail_train"])).scalar_one() == 300
            assert conn.execute(sa.select(load_log.c.file_name)).scalars().all() == [SAMPLE.name], "the dropped load left no trace"
    finally:
        engine.dispose()
