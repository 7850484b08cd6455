"""Many viewers: N concurrent headless Chromium sessions against one `streamlit run` on a demo store.

    python -m tools.bench.concurrency --sessions 20 [--pages overview,clearance] [--store URL]
                                      [--base-url http://127.0.0.1:8501] [--out bench-results/concurrency.json]

1. Starts one server (tests/browser/conftest.py's `streamlit_server`, the browser tests' own) on
   `--store`, or on a small demo store built once under var/bench/ (5% of `make demo`); with
   `--base-url` it measures a server already running instead.
2. Warms the server (each page visited once, so the caches shared by every session are filled: what
   a server that has been up for a while gives), then times one session alone on each page.
3. Opens N browser contexts at once (separate sessions: cookies, websocket, Streamlit session state);
   each visits the pages in turn. Time to render = navigation -> Streamlit finished (the script ran to
   its end, no running indicator, no skeleton, the main area has content), as the browser tests wait.
4. Reports per page p50/p95/max over the sessions, the single-session time and the ratio p95/single
   (the issue's target: <= 3x at 20 sessions), and every error: a page exception drawn by
   Streamlit, an uncaught script error in the page, a server answer >= 500, a render that timed out.
   JSON (--out) and a markdown table (stdout), with the CPU load average beside the times.

Chromium is the system one (/usr/bin/chromium), never a downloaded build; no request leaves the app.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import json
import os
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

from loaders.paths import REPO_ROOT, VAR_DIR

RENDER_TIMEOUT_S = 180.0
DEFAULT_PAGES = ("overview", "clearance")
POLL_MS = 100


def page_address(name: str) -> str:
    """A page's URL path, as the browser tests address it (the registry's first page is the site root)."""
    from tests.browser.helpers import PAGES, address

    spec = next((s for s in PAGES if s.url_path == name), None)
    if spec is None:
        raise SystemExit(f"unknown page {name!r}; known: {', '.join(s.url_path for s in PAGES)}")
    return address(spec)


def demo_store(path: Path | None = None) -> str:
    """A small demo store (5% of `make demo`), built once and reused."""
    path = path or VAR_DIR / "bench" / "concurrency-demo.duckdb"
    url = f"duckdb:///{path}"
    if not path.is_file():
        from loaders.store.demo import build_demo

        path.parent.mkdir(parents=True, exist_ok=True)
        build_demo(url, scale=0.05)
    return url


@contextlib.contextmanager
def server(store_url: str) -> Iterator[str]:
    """One `streamlit run streamlit_app.py` on the store, as the browser tests start it."""
    from tests.browser.conftest import ARTIFACTS, streamlit_server

    with streamlit_server(store_url, ARTIFACTS / "concurrency-server.log") as base_url:
        yield base_url


def _finished_js() -> str:
    from tests.browser.helpers import FINISHED_JS

    return FINISHED_JS


async def _visit(context, base_url: str, page_name: str, timeout_s: float) -> dict:
    """Open one page in `context`; its time to render and what went wrong."""
    page = await context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(f"script error: {error}"))
    page.on("response", lambda response: errors.append(f"HTTP {response.status} {response.url}") if response.status >= 500 else None)
    started = time.perf_counter()
    seconds = None
    try:
        await page.goto(f"{base_url}/{page_address(page_name)}", wait_until="commit", timeout=timeout_s * 1000)
        await page.wait_for_function(_finished_js(), polling=POLL_MS, timeout=timeout_s * 1000)
        seconds = time.perf_counter() - started
        shown = await page.locator('[data-testid="stException"]').count()
        if shown:
            errors.append(f"{shown} exception(s) drawn on the page")
    except Exception as error:  # a timeout or a closed page: counted, the other sessions go on
        errors.append(f"{type(error).__name__}: {str(error).splitlines()[0][:200]}")
    finally:
        await page.close()
    return {"page": page_name, "seconds": seconds, "errors": errors}


async def _session(browser, base_url: str, pages: list[str], timeout_s: float) -> list[dict]:
    context = await browser.new_context(viewport={"width": 1400, "height": 900})
    try:
        return [await _visit(context, base_url, name, timeout_s) for name in pages]
    finally:
        await context.close()


async def _measure(base_url: str, sessions: int, pages: list[str], timeout_s: float, warm: bool) -> dict:
    from playwright.async_api import async_playwright

    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            if warm:
                await _session(browser, base_url, pages, timeout_s)
            load_before_single = os.getloadavg()
            single = await _session(browser, base_url, pages, timeout_s)
            load_before = os.getloadavg()
            started = time.perf_counter()
            visits = await asyncio.gather(*[_session(browser, base_url, pages, timeout_s) for _ in range(sessions)])
            wall = time.perf_counter() - started
            load_after = os.getloadavg()
        finally:
            await browser.close()
    return {
        "single": single,
        "visits": [visit for session in visits for visit in session],
        "wall_seconds": wall,
        "load_average_single": load_before_single,
        "load_average_before": load_before,
        "load_average_after": load_after,
    }


def summarise(measured: dict, sessions: int, pages: list[str]) -> dict:
    """Per page: p50/p95/max over the sessions' renders, the single-session time, p95/single, errors."""
    rows = []
    for name in pages:
        times = [v["seconds"] for v in measured["visits"] if v["page"] == name and v["seconds"] is not None]
        single = next((v["seconds"] for v in measured["single"] if v["page"] == name), None)
        errors = [e for v in measured["visits"] + measured["single"] if v["page"] == name for e in v["errors"]]
        p95 = float(np.percentile(times, 95)) if times else None
        rows.append(
            {
                "page": name,
                "renders": len(times),
                "p50_s": float(np.percentile(times, 50)) if times else None,
                "p95_s": p95,
                "max_s": max(times) if times else None,
                "single_s": single,
                "p95_over_single": p95 / single if p95 and single else None,
                "errors": errors,
            }
        )
    return {"sessions": sessions, "pages": rows, "errors": sum(len(r["errors"]) for r in rows)}


def markdown(summary: dict, measured: dict) -> str:
    def s(value: float | None) -> str:
        return "–" if value is None else f"{value:.2f} s"

    load = measured["load_average_after"][0]
    lines = [
        "| page | sessions | renders | p50 | p95 | max | one session alone | p95 / alone (target ≤ 3x) | errors | CPU load (1 min) |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in summary["pages"]:
        ratio = "–" if row["p95_over_single"] is None else f"{row['p95_over_single']:.1f}x"
        lines.append(
            f"| {row['page']} | {summary['sessions']} | {row['renders']} | {s(row['p50_s'])} | {s(row['p95_s'])} | {s(row['max_s'])} "
            f"| {s(row['single_s'])} | {ratio} | {len(row['errors'])} | {load:.1f} |"
        )
    return "\n".join(lines) + "\n"


def run(
    sessions: int, pages: list[str], base_url: str | None = None, store_url: str | None = None, timeout_s: float = RENDER_TIMEOUT_S
) -> dict:
    """Measure N concurrent sessions; returns {"summary", "measured", "table_markdown", ...}."""
    for name in pages:
        page_address(name)  # an unknown page stops here, before any server starts
    with contextlib.ExitStack() as stack:
        if base_url is None:
            base_url = stack.enter_context(server(store_url or demo_store()))
        # in a thread of its own: the caller may already run an event loop (Playwright's sync API does)
        with ThreadPoolExecutor(1) as pool:
            measured = pool.submit(asyncio.run, _measure(base_url, sessions, pages, timeout_s, warm=True)).result()
    summary = summarise(measured, sessions, pages)
    return {
        "benchmark": "concurrency",
        "timestamp": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "cores": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "summary": summary,
        "measured": measured,
        "table_markdown": markdown(summary, measured),
    }


def section(bench, results: dict) -> str:
    """`make bench`'s concurrency section: bench.sessions sessions on the default pages (0: skipped)."""
    if not bench.sessions:
        return ""
    bench.log(f"{bench.sessions} concurrent Chromium sessions on {', '.join(DEFAULT_PAGES)} (demo store)")
    results.update(run(bench.sessions, list(DEFAULT_PAGES)))
    return f"### {bench.sessions} concurrent sessions on the demo store\n\n" + results["table_markdown"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.bench.concurrency", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=20, help="concurrent browser sessions (default 20)")
    parser.add_argument(
        "--pages", default=",".join(DEFAULT_PAGES), help=f"pages each session opens, in turn (default {','.join(DEFAULT_PAGES)})"
    )
    parser.add_argument("--store", help="store URL to serve (default: a small demo store under var/bench/)")
    parser.add_argument("--base-url", help="measure a server already running at this address instead of starting one")
    parser.add_argument("--timeout", type=float, default=RENDER_TIMEOUT_S, help="seconds before a render counts as an error")
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "bench-results" / "concurrency.json")
    args = parser.parse_args(argv)
    result = run(args.sessions, [p.strip() for p in args.pages.split(",") if p.strip()], args.base_url, args.store, args.timeout)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\n## {args.sessions} concurrent sessions\n")
    print(result["table_markdown"])
    for row in result["summary"]["pages"]:
        for error in row["errors"][:10]:
            print(f"error on {row['page']}: {error}")
    print(f"results: {args.out}")
    return 1 if result["summary"]["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
