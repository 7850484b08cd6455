"""`python -m tools.bench.browser`: how long each page takes in a real browser (light pages).

    python -m tools.bench.browser [--store duckdb:///var/dashboard.duckdb] [--lang zh_hans]
                                  [--phone] [--pages clearance,fresh_produce] [--out bench-results/browser.json]

Starts `streamlit run` on a demo store (the test suite's server helper, tests/browser/conftest.py;
without --store a full-size demo store is built once under var/bench/), opens Debian's Chromium
(/usr/bin/chromium, headless) and, for every page in the app's navigation (the registry, dashboard/pages.py):

- first card: navigation start -> the first card of the page visible (an indicator card, a chart
  card, a map, a tile, a measure or a session: whatever the page shows first below its title);
- fully rendered: navigation start -> Streamlit idle (script not running, no skeleton) with every
  Plotly chart, map and sparkline drawn, and staying so for 0.6 s (a widget bound to the URL can
  start one more run);
- main-thread busy: the sum of the browser's long tasks (> 50 ms) until fully rendered;
- charts drawn and the largest number of points in one chart (bars or markers: x values per trace).

Each page is visited cold (its first visit after the server started: the server's caches are
empty for it) and then warm (same page again). Presenter mode: time from a click on "next" to the
next slide drawn, for every slide of one session's deck. Prints JSON and a markdown table; targets
(the speed targets): first card <= 2 s and fully rendered <= 4 s warm, presenter next slide <= 1 s. The
machine's load average is printed beside the times: on a shared machine read ratios, not seconds.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
from pathlib import Path

from loaders.constants import LANGS
from loaders.paths import REPO_ROOT, VAR_DIR

TARGET_FIRST_CARD_S = 2.0
TARGET_RENDERED_S = 4.0
TARGET_NEXT_SLIDE_S = 1.0
STABLE_MS = 600
TIMEOUT_MS = 180_000
VIEWPORTS = {"desktop": {"width": 1440, "height": 900}, "phone": {"width": 390, "height": 844}}
PRESENTER_SESSION = "KF-2025-09"  # title, 3 indicator slides, 3 measure slides, closing slide

# What counts as a page's first card: its first bordered card, KPI, tile, chart or map.
FIRST_CARD_SELECTOR = ", ".join(
    (
        '[data-testid="stMainBlockContainer"] [data-testid="stMetric"]',
        '[data-testid="stMainBlockContainer"] [data-testid="stPlotlyChart"] .main-svg',
        '[data-testid="stMainBlockContainer"] [data-testid="stDeckGlJsonChart"] canvas',
        '[data-testid="stMainBlockContainer"] [data-testid="stVerticalBlock"][class*="st-key-card"]',
        '[data-testid="stMainBlockContainer"] [data-testid="stExpander"]',
        '[data-testid="stMainBlockContainer"] [data-testid="stDataFrame"]',
        '[data-testid="stMainBlockContainer"] [data-testid="stImage"]',
    )
)

# Long tasks (main thread busy > 50 ms), from navigation on.
LONG_TASKS_INIT = """
window.__longTasks = [];
try {
  new PerformanceObserver(list => { for (const e of list.getEntries()) window.__longTasks.push([e.startTime, e.duration]); })
    .observe({type: 'longtask', buffered: true});
} catch (e) {}
"""

# The first card drawn (it may be below the fold on a page with a long introduction); a page with no
# card at all counts from when its script first finished.
FIRST_CARD_JS = """(selector) => {
    const drawn = el => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
    if ([...document.querySelectorAll(selector)].some(drawn)) return performance.now();
    const app = document.querySelector('[data-testid="stApp"]');
    const finished = app !== null && app.getAttribute('data-test-script-state') === 'notRunning'
        && document.querySelector('[data-testid="stMainBlockContainer"] h1') !== null;
    return finished ? performance.now() : false;
}"""

# Streamlit idle and every chart drawn, held for STABLE_MS; returns when that state began.
RENDERED_JS = """(stableMs) => {
    const app = document.querySelector('[data-testid="stApp"]');
    const drawn = (selector, inner) => [...document.querySelectorAll(selector)].every(c => c.querySelector(inner) !== null);
    const ok = app !== null && app.getAttribute('data-test-script-state') === 'notRunning'
        && document.querySelector('[data-testid="stStatusWidget"]') === null
        && document.querySelector('[data-testid="stAppSkeleton"], [data-testid="stSkeleton"]') === null
        && document.querySelector('[data-testid="stMainBlockContainer"] [data-testid="stElementContainer"]') !== null
        && drawn('[data-testid="stPlotlyChart"]', '.main-svg')
        && drawn('[data-testid="stDeckGlJsonChart"]', 'canvas')
        && drawn('[data-testid="stVegaLiteChart"], [data-testid="stMetricChart"]', 'canvas, svg');
    const now = performance.now();
    if (!ok) { window.__stableSince = null; return false; }
    if (window.__stableSince == null) window.__stableSince = now;
    return now - window.__stableSince >= stableMs ? window.__stableSince : false;
}"""

# Per Plotly chart on the page: traces and the points it draws (x values of bars and markers).
CHART_POINTS_JS = """() => [...document.querySelectorAll('.js-plotly-plot')].map(gd => ({
    traces: (gd.data || []).length,
    points: (gd.data || []).reduce((n, t) => n + ((t.x && t.x.length) || (t.y && t.y.length) || 0), 0),
    periods: Math.max(0, ...(gd.data || []).filter(t => t.type === 'bar' || (t.mode || '').includes('markers') && !t.yaxis)
        .map(t => new Set(Array.from(t.x || []).filter(v => v !== null)).size)),
}))"""


def measure_visit(page, url: str) -> dict:
    """Navigate and time the first card and the fully rendered page (seconds from navigation start)."""
    page.goto(url, wait_until="commit")
    first_card = page.wait_for_function(FIRST_CARD_JS, arg=FIRST_CARD_SELECTOR, timeout=TIMEOUT_MS, polling=50).json_value()
    rendered = page.wait_for_function(RENDERED_JS, arg=STABLE_MS, timeout=TIMEOUT_MS, polling=50).json_value()
    busy = page.evaluate(f"() => (window.__longTasks || []).filter(t => t[0] < {rendered}).reduce((s, t) => s + t[1], 0)")
    charts = page.evaluate(CHART_POINTS_JS)
    return {
        "first_card_s": round(first_card / 1000, 3),
        "rendered_s": round(rendered / 1000, 3),
        "main_thread_busy_s": round(busy / 1000, 3),
        "plotly_charts": len(charts),
        "max_points_per_chart": max((c["points"] for c in charts), default=0),
        "max_periods_per_chart": max((c["periods"] for c in charts), default=0),
    }


def measure_presenter(context, base_url: str, lang: str) -> dict:
    """Click "next" through the deck of PRESENTER_SESSION until it is disabled (the last slide);
    seconds from the click to the next slide drawn."""
    page = context.new_page()
    page.goto(f"{base_url}/?present={PRESENTER_SESSION}&slide=1&lang={lang}", wait_until="commit")
    page.wait_for_function(RENDERED_JS, arg=STABLE_MS, timeout=TIMEOUT_MS, polling=50)
    next_button = page.locator(".st-key-present-next button")
    times = []
    number = 1
    while next_button.is_enabled():
        number += 1
        started = page.evaluate("() => performance.now()")
        next_button.click()
        page.wait_for_url(f"**slide={number}**", timeout=TIMEOUT_MS)
        drawn = page.wait_for_function(RENDERED_JS, arg=STABLE_MS, timeout=TIMEOUT_MS, polling=50).json_value()
        times.append(round((drawn - started) / 1000, 3))
    page.close()
    return {"session": PRESENTER_SESSION, "next_slide_s": times, "max_s": max(times), "median_s": statistics.median(times)}


def nav_paths(page) -> list[str]:
    """The pages the app serves, in its navigation's order (the registry, dashboard/pages.py, as the
    router shows it), read from the page open: "" for the first (served at the site root), then
    each page's URL path."""
    hrefs = page.eval_on_selector_all('[data-testid="stSidebarNav"] a', "links => links.map(a => new URL(a.href).pathname)")
    return [""] + [path for path in (href.strip("/") for href in hrefs[1:]) if path]


def run(store_url: str, lang: str, viewport: str, only: list[str] | None) -> dict:
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, streamlit_server

    result: dict = {"store": store_url, "lang": lang, "viewport": VIEWPORTS[viewport], "pages": {}, "load_average_before": os.getloadavg()}
    with streamlit_server(store_url, ARTIFACTS / "bench-browser-server.log") as base_url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(viewport=VIEWPORTS[viewport])
        context.add_init_script(LONG_TASKS_INIT)
        page = context.new_page()
        paths = [""]  # the first page (site root) first; the others are read from its navigation
        for visit in ("cold", "warm"):
            for path in paths:  # grows while the first page is measured
                name = path or "overview"
                numbers = measure_visit(page, f"{base_url}/{path}?lang={lang}")
                if paths == [""]:
                    paths += nav_paths(page)[1:]
                if only and name not in only:
                    continue
                numbers["load_average_1m"] = round(os.getloadavg()[0], 2)
                result["pages"].setdefault(name, {})[visit] = numbers
                print(f"{visit:4} {name:14} {json.dumps(numbers)}", file=sys.stderr, flush=True)
        result["presenter"] = measure_presenter(context, base_url, lang)
        browser.close()
    result["load_average_after"] = os.getloadavg()
    return result


def markdown(result: dict) -> str:
    def mark(value: float, target: float) -> str:
        return f"{value:.2f}" + ("" if value <= target else " ✗")

    lines = [
        f"Chromium {result['viewport']['width']}x{result['viewport']['height']}, lang {result['lang']}, store {result['store']}; "
        f"load average before {result['load_average_before'][0]:.2f}, after {result['load_average_after'][0]:.2f} (2 cores)",
        "",
        "| page | first card cold (s) | rendered cold (s) | first card warm (s) ≤ 2 | rendered warm (s) ≤ 4 "
        "| main thread busy warm (s) | charts | max points/chart | load 1m |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for name, visits in result["pages"].items():
        cold, warm = visits["cold"], visits["warm"]
        lines.append(
            f"| {name} | {cold['first_card_s']:.2f} | {cold['rendered_s']:.2f} | {mark(warm['first_card_s'], TARGET_FIRST_CARD_S)} "
            f"| {mark(warm['rendered_s'], TARGET_RENDERED_S)} | {warm['main_thread_busy_s']:.2f} | {warm['plotly_charts']} "
            f"| {warm['max_points_per_chart']} | {warm['load_average_1m']} |"
        )
    presenter = result["presenter"]
    lines += [
        "",
        f"Presenter ({presenter['session']}): next slide max {mark(presenter['max_s'], TARGET_NEXT_SLIDE_S)} s, "
        f"median {presenter['median_s']:.2f} s (≤ 1 s); each: {presenter['next_slide_s']}",
    ]
    return "\n".join(lines)


def section(bench, results: dict) -> str:
    """`make bench`'s browser section: every page's first card and full render in Chromium, cold and
    warm, on the full demo store, and presenter next-slide time (skipped with the browser sessions: --sessions 0)."""
    if not bench.sessions:
        return ""
    bench.log("Chromium page timings on the demo store (1440x900, zh_hans)")
    results.update(run(demo_store(), "zh_hans", "desktop", None))
    return "### Pages in Chromium (demo store)\n\n" + markdown(results)


def demo_store() -> str:
    """A full-size demo store under var/bench/ (built once; the app's own var/dashboard.duckdb is left alone)."""
    from loaders.store.demo import build_demo

    path = VAR_DIR / "bench" / "browser-demo.duckdb"
    url = f"duckdb:///{path}"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        build_demo(url)
    return url


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.bench.browser", description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", help="store URL (default: a full-size demo store under var/bench/)")
    parser.add_argument("--lang", default="zh_hans", choices=LANGS)
    parser.add_argument("--phone", action="store_true", help="390x844 instead of 1440x900")
    parser.add_argument("--pages", help="comma-separated url paths (default: every page)")
    parser.add_argument("--out", type=Path, help="write the JSON here too")
    args = parser.parse_args(argv)
    os.chdir(REPO_ROOT)
    result = run(args.store or demo_store(), args.lang, "phone" if args.phone else "desktop", args.pages.split(",") if args.pages else None)
    text = json.dumps(result, ensure_ascii=False, indent=2)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text, encoding="utf-8")
    print(text)
    print(markdown(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
