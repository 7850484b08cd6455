"""DuckDB and PostgreSQL side by side on the same N declarations, each step in a fresh process:
load rows/s, one extra day loaded into the N-row store (with whatever the load refreshes), full
aggregate best of 3, filtered aggregate p50/p95, each page's data time cold (tools/bench/pages.py),
peak RSS; the 1-minute CPU load average beside every time (a shared machine inflates wall times).

DuckDB reuses the clearance measurements above it (same file, same store); PostgreSQL loads into a
schema of its own (`bench_<random>`, dropped afterwards) at --pg-url.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator
from urllib.parse import quote

from tools.bench.report import fmt_bytes

DEFAULT_PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"  # the test server; --pg-url for another
DAYS_IN_DATA = 1461  # 2022-2025: the synthetic file's span
EXTRA_DAY = "2026-01-01"
TARGETS = {
    "load_rows_per_s": {"duckdb": 500_000, "postgresql": 150_000},
    "extra_day_s": 5.0,
    "full_s": 0.5,
    "filtered_p95_ms": 30.0,
    "page_s": 0.3,
}


@contextlib.contextmanager
def pg_schema(base_url: str) -> Iterator[str]:
    """A fresh schema at `base_url`; yields a URL whose search_path is that schema, drops it after."""
    import sqlalchemy as sa

    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(base_url, poolclass=sa.pool.NullPool)
    with admin.begin() as conn:
        conn.execute(sa.schema.CreateSchema(schema))
    try:
        separator = "&" if "?" in base_url else "?"
        yield f"{base_url}{separator}options={quote(f'-csearch_path={schema}')}"
    finally:
        with admin.begin() as conn:
            conn.execute(sa.schema.DropSchema(schema, cascade=True))
        admin.dispose()


def _steps(bench, name: str, url: str, reuse: dict | None) -> dict:
    """One engine's measurements (reuse: DuckDB's load/full/filtered already measured on this store)."""
    out: dict = {}
    run, log = bench.run_worker, bench.log
    if reuse:
        out.update(reuse)
    else:
        log(f"{name}: load {bench.rows:,} rows (subprocess)")
        out["load"] = run(["--worker", "load", "--csv", str(bench.csv), "--db", url, "--rejects", str(bench.workdir / "rejects")])
        log(f"  {out['load']['rows_per_s']:,.0f} rows/s")
        log(f"{name}: full aggregate x3 (subprocess)")
        out["full_aggregate"] = run(["--worker", "full", "--db", url])
        log(f"{name}: filtered aggregate x{bench.repeat} (subprocess)")
        out["filtered_aggregate"] = run(["--worker", "filtered", "--db", url, "--repeat", str(bench.repeat)])
    log(f"{name}: each page's queries, cold (subprocess)")
    out["pages"] = run(["--worker", "pages", "--db", url])
    log(f"{name}: load one extra day ({bench.day_rows:,} rows) into the {bench.rows:,}-row store (subprocess)")
    out["extra_day"] = run(["--worker", "load", "--csv", str(bench.day_csv), "--db", url, "--rejects", str(bench.workdir / "rejects")])
    log(f"  {out['extra_day']['seconds']:.2f} s")
    bench.save()
    return out


def section(bench, results: dict) -> str:
    """Run every engine in bench.engines into `results` (by engine); returns the markdown table."""
    from tools.bench.synthetic import generate_day_csv

    bench.day_rows = max(1, bench.rows // DAYS_IN_DATA)
    bench.day_csv = generate_day_csv(bench.workdir / f"day-{EXTRA_DAY}-{bench.day_rows}.csv", EXTRA_DAY, bench.day_rows, bench.rows)
    for name in bench.engines:
        if name == "duckdb":
            ours = bench.result["ours"]
            reuse = {k: ours[k] for k in ("load", "full_aggregate", "filtered_aggregate")}
            results[name] = _steps(bench, name, bench.duckdb_url, reuse)
        else:
            with pg_schema(bench.pg_url) as url:
                results[name] = _steps(bench, name, url, None)
    return table(results, bench.rows)


def _with_load(text: str, load_average) -> str:
    return f"{text} (load {load_average[0]:.1f})" if load_average else text


def _s(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def table(results: dict, rows: int) -> str:
    """metric | one column per engine | target; CPU load average beside each time."""
    engines = list(results)
    lines = [f"| N = {rows:,} | " + " | ".join(engines) + " | target |", "|---" * (len(engines) + 2) + "|"]

    def row(metric: str, cell, target: str) -> None:
        lines.append(f"| {metric} | " + " | ".join(cell(results[e], e) for e in engines) + f" | {target} |")

    row(
        "load (rows/s)",
        lambda r, e: _with_load(f"{r['load']['rows_per_s'] / 1000:,.0f}k/s ({r['load']['seconds']:.1f} s)", r["load"].get("load_average")),
        ", ".join(f"{e} ≥ {TARGETS['load_rows_per_s'][e] / 1000:.0f}k/s" for e in engines if e in TARGETS["load_rows_per_s"]),
    )
    row(
        "load CPU seconds (loader process)",
        lambda r, e: f"{r['load']['cpu_seconds']:.1f} s",
        "(info)",
    )
    row(
        "one extra day loaded into the N-row store",
        lambda r, e: _with_load(
            f"{_s(r['extra_day']['seconds'])} ({r['extra_day']['rows_read']:,} rows)", r["extra_day"].get("load_average")
        ),
        f"≤ {TARGETS['extra_day_s']:.0f} s",
    )
    row(
        "full aggregate, best of 3 (month × office × direction × mode, median, P90)",
        lambda r, e: _with_load(_s(r["full_aggregate"]["best_s"]), r["full_aggregate"].get("load_average")),
        f"≤ {TARGETS['full_s']} s",
    )
    row(
        "filtered aggregate p50 / p95",
        lambda r, e: _with_load(
            f"{r['filtered_aggregate']['p50_ms']:.0f} / {r['filtered_aggregate']['p95_ms']:.0f} ms",
            r["filtered_aggregate"].get("load_average"),
        ),
        f"p95 ≤ {TARGETS['filtered_p95_ms']:.0f} ms",
    )
    for page in next(iter(results.values()))["pages"]["pages"]:
        row(
            f"page data time, cold: {page}",
            lambda r, e, page=page: _with_load(_s(r["pages"]["pages"][page]["total_s"]), r["pages"]["pages"][page]["load_average"]),
            f"≤ {TARGETS['page_s'] * 1000:.0f} ms",
        )
    row(
        "peak RSS: load / full aggregate / pages",
        lambda r, e: " / ".join(fmt_bytes(r[k]["peak_rss_bytes"]) for k in ("load", "full_aggregate", "pages")),
        "(info)",
    )
    return "\n".join(lines) + "\n"
