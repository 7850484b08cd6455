"""Shared fixtures. Stores are real: a DuckDB file in a temp folder and a fresh PostgreSQL schema."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from urllib.parse import quote

import pytest
import sqlalchemy as sa

POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
ENGINES = ("duckdb", "postgresql")


def _postgres_schema_url() -> Iterator[str]:
    """A schema of its own per test, dropped afterwards, so tests never see each other's rows."""
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(POSTGRES_URL)
    try:
        with admin.begin() as conn:
            conn.execute(sa.schema.CreateSchema(schema))
    except sa.exc.OperationalError as error:
        admin.dispose()
        # PostgreSQL is part of the product's contract: its absence is a failure, never a skip.
        pytest.fail(f"PostgreSQL not reachable at {POSTGRES_URL}: {error.orig}")
    try:
        yield f"{POSTGRES_URL}?options={quote(f'-csearch_path={schema}')}"
    finally:
        with admin.begin() as conn:
            conn.execute(sa.schema.DropSchema(schema, cascade=True))
        admin.dispose()


@pytest.fixture(params=ENGINES)
def store_url(request, tmp_path) -> Iterator[str]:
    """An empty store on each engine: DuckDB file, then PostgreSQL."""
    if request.param == "duckdb":
        yield f"duckdb:///{tmp_path / 'store.duckdb'}"
    else:
        yield from _postgres_schema_url()


@pytest.fixture
def rejects_dir(tmp_path):
    return tmp_path / "rejects"


@pytest.fixture(scope="session")
def demo_store_url(tmp_path_factory) -> str:
    """A small demo store (same generator and loaders as `make demo`, 5% of the records), built once.

    Pages read DASHBOARD_DB_URL, so tests that run pages point it here.
    """
    from loaders.store.demo import build_demo

    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    url = f"duckdb:///{path}"
    build_demo(url, scale=0.05)
    return url


@pytest.fixture
def app_env(demo_store_url, monkeypatch) -> str:
    """Point the app at the small demo store for AppTest runs."""
    monkeypatch.setenv("DASHBOARD_DB_URL", demo_store_url)
    return demo_store_url


@pytest.fixture
def media_files(monkeypatch):
    """Files (downloads, images) the app hands to the browser in this test's AppTest runs, by URL."""
    from tests.apptest_helpers import record_media_files

    return record_media_files(monkeypatch)
