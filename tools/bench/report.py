"""The bench's table: each metric against its target and the naive ratio, as markdown."""

from __future__ import annotations

from tools.bench import (
    FILTER_CODE,
    FILTER_YEAR,
    GIB,
    MIB,
    TARGET_AGG_RSS_BYTES,
    TARGET_FILTERED_P95_MS,
    TARGET_FULL_SECONDS,
    TARGET_LOAD_ROWS_PER_S,
    TARGET_RATIO,
)


def _met(value: float | None, target: float, higher_is_better: bool) -> str:
    if value is None:
        return "n/a"
    return "yes" if (value >= target if higher_is_better else value <= target) else "**no**"


def _fmt_s(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def fmt_bytes(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value / GIB:.2f} GiB" if value >= GIB else f"{value / MIB:.0f} MiB"


def _ratio(naive: float | None, ours: float | None) -> float | None:
    return naive / ours if naive and ours else None


def summarise(result: dict) -> tuple[list[dict], str]:
    """Rows of (metric, ours, naive, ratio naive/ours, target, met) and the markdown table."""
    load, full, filtered = result["ours"]["load"], result["ours"]["full_aggregate"], result["ours"]["filtered_aggregate"]
    naive_full = result["naive"].get("full") or {}
    naive_filtered = result["naive"].get("filtered") or {}
    naive_ok = "killed" not in naive_full and bool(naive_full)
    naive_filtered_ok = "killed" not in naive_filtered and bool(naive_filtered)
    rows: list[dict] = []

    def add(metric, ours, naive, ours_text, naive_text, ratio, target_text, met_parts):
        met = "yes" if all(m == "yes" for m in met_parts) else ("n/a" if all(m == "n/a" for m in met_parts) else "**no**")
        rows.append(
            {
                "metric": metric,
                "ours": ours,
                "naive": naive,
                "ratio_naive_over_ours": ratio,
                "target": target_text,
                "met": met.strip("*"),
                "_text": (ours_text, naive_text, "–" if ratio is None else f"{ratio:.1f}x", target_text, met),
            }
        )

    # Load, two ways: against the naive way to fill a database (read_csv + to_sql), and against
    # read_csv alone, which parses the file but neither validates nor stores a row.
    naive_load = result["naive"].get("load") or {}
    naive_load_rps = naive_load.get("rows_per_s")
    ratio = load["rows_per_s"] / naive_load_rps if naive_load_rps else None
    add(
        f"CSV load into the store (rows/s) [naive: read_csv + DataFrame.to_sql, first {naive_load.get('rows', 0):,} rows]",
        load["rows_per_s"],
        naive_load_rps,
        f"{load['rows_per_s'] / 1000:,.0f}k/s ({load['seconds']:.1f} s)",
        "–" if naive_load_rps is None else f"{naive_load_rps / 1000:,.1f}k/s",
        ratio,
        f"≥ {TARGET_LOAD_ROWS_PER_S / 1000:.0f}k/s, ≥ {TARGET_RATIO:.0f}x",
        [_met(load["rows_per_s"], TARGET_LOAD_ROWS_PER_S, True), _met(ratio, TARGET_RATIO, True)],
    )
    naive_rps = naive_full.get("read_rows_per_s") if naive_ok else None
    ratio = load["rows_per_s"] / naive_rps if naive_rps else None
    add(
        "CSV load vs pandas.read_csv alone (naive parses only: no validation, nothing stored)",
        load["rows_per_s"],
        naive_rps,
        f"{load['rows_per_s'] / 1000:,.0f}k/s",
        "–" if naive_rps is None else f"{naive_rps / 1000:,.0f}k/s ({naive_full['read_csv_s']:.1f} s)",
        ratio,
        f"≥ {TARGET_RATIO:.0f}x",
        [_met(ratio, TARGET_RATIO, True)],
    )
    naive_total = naive_full.get("total_s") if naive_ok else None
    ratio = _ratio(naive_total, full["best_s"])
    add(
        "Full aggregate, best of 3 [naive: read_csv + groupby]",
        full["best_s"],
        naive_total,
        _fmt_s(full["best_s"]),
        _fmt_s(naive_total),
        ratio,
        f"≤ {TARGET_FULL_SECONDS:.0f} s, ≥ {TARGET_RATIO:.0f}x",
        [_met(full["best_s"], TARGET_FULL_SECONDS, False), _met(ratio, TARGET_RATIO, True)],
    )
    ratio = _ratio(naive_total, full["first_s"])
    add(
        "Full aggregate, first run (fresh process, store connection open)",
        full["first_s"],
        naive_total,
        _fmt_s(full["first_s"]),
        _fmt_s(naive_total),
        ratio,
        "(info)",
        ["n/a"],
    )
    naive_agg = naive_full.get("aggregate_only_s") if naive_ok else None
    ratio = _ratio(naive_agg, full["best_s"])
    add(
        "Full aggregate vs naive groupby only (frame already in memory)",
        full["best_s"],
        naive_agg,
        _fmt_s(full["best_s"]),
        _fmt_s(naive_agg),
        ratio,
        "(info)",
        ["n/a"],
    )
    naive_p50 = naive_filtered.get("p50_ms") if naive_filtered_ok else None
    ratio = _ratio(naive_p50, filtered["p95_ms"])
    add(
        f"Filtered aggregate p95 ({FILTER_CODE}, {FILTER_YEAR}, by month) [naive: p50 of read_csv+filter+groupby]",
        filtered["p95_ms"],
        naive_p50,
        f"{filtered['p95_ms']:.0f} ms",
        "–" if naive_p50 is None else _fmt_s(naive_p50 / 1000),
        ratio,
        f"≤ {TARGET_FILTERED_P95_MS:.0f} ms, ≥ {TARGET_RATIO:.0f}x",
        [_met(filtered["p95_ms"], TARGET_FILTERED_P95_MS, False), _met(ratio, TARGET_RATIO, True)],
    )
    ratio = _ratio(naive_p50, filtered["p50_ms"])
    add(
        "Filtered aggregate p50",
        filtered["p50_ms"],
        naive_p50,
        f"{filtered['p50_ms']:.0f} ms",
        "–" if naive_p50 is None else _fmt_s(naive_p50 / 1000),
        ratio,
        "(info)",
        ["n/a"],
    )
    held = filtered.get("open_connection_p95_ms")
    if held is not None:
        add(
            "Filtered aggregate p95 on one held connection (the query alone)",
            held,
            None,
            f"{held:.0f} ms (p50 {filtered['open_connection_p50_ms']:.0f} ms)",
            "–",
            None,
            "(info)",
            ["n/a"],
        )
    naive_rss = naive_full.get("peak_rss_bytes") if naive_ok else None
    ratio = _ratio(naive_rss, full["peak_rss_bytes"])
    add(
        "Peak RSS of the full aggregate process [naive: read_csv + groupby process]",
        full["peak_rss_bytes"],
        naive_rss,
        fmt_bytes(full["peak_rss_bytes"]),
        fmt_bytes(naive_rss),
        ratio,
        f"≤ 1 GiB, ≥ {TARGET_RATIO:.0f}x",
        [_met(full["peak_rss_bytes"], TARGET_AGG_RSS_BYTES, False), _met(ratio, TARGET_RATIO, True)],
    )
    # The same peaks less what each process held before its first row (interpreter and libraries:
    # ours pandas + pyarrow + DuckDB + SQLAlchemy and an open store connection, naive pandas + pyarrow).
    ours_added = full["peak_rss_bytes"] - full["baseline_rss_bytes"]
    naive_added = naive_rss - naive_full["baseline_rss_bytes"] if naive_rss and "baseline_rss_bytes" in naive_full else None
    ratio = _ratio(naive_added, ours_added)
    add(
        "Memory the full aggregate adds (peak RSS less the process before its first row: imports, open connection)",
        ours_added,
        naive_added,
        f"{fmt_bytes(ours_added)} (before: {fmt_bytes(full['baseline_rss_bytes'])})",
        "–" if naive_added is None else f"{fmt_bytes(naive_added)} (before: {fmt_bytes(naive_full['baseline_rss_bytes'])})",
        ratio,
        f"≥ {TARGET_RATIO:.0f}x",
        [_met(ratio, TARGET_RATIO, True)],
    )
    add("Peak RSS of the load process", load["peak_rss_bytes"], None, fmt_bytes(load["peak_rss_bytes"]), "–", None, "(info)", ["n/a"])
    floor = result["ours"].get("store_floor")
    if floor:
        arrow, native = floor["arrow_csv_then_insert"], floor["duckdb_read_csv_insert"]
        add(
            "Reference: same table filled with no validation (Arrow CSV + INSERT / DuckDB read_csv + INSERT)",
            arrow["rows_per_s"],
            None,
            f"{arrow['rows_per_s'] / 1000:,.0f}k/s / {native['rows_per_s'] / 1000:,.0f}k/s",
            "–",
            None,
            "(info)",
            ["n/a"],
        )
    header = "| metric | ours | naive | ratio naive/ours | target | met? |\n|---|---|---|---|---|---|\n"
    body = "".join(f"| {row['metric']} | " + " | ".join(row.pop("_text")) + " |\n" for row in rows)
    return rows, header + body
