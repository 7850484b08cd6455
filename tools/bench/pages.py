"""Each page's data time: the loaders.queries calls one render of a page makes, called directly on a
fresh engine (cold: no Streamlit cache, a new connection pool), summed.

The lists mirror the pages' data sections at their default view over one year of the bench's data
(pages/clearance.py with its four cards as dashboard/models/card_model.py reads them, and
pages/ports_map.py); the bench store holds clearance declarations only, so the pages built on other
datasets are not timed here. When a page's queries change, change its list here.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable

START, END = dt.date(2025, 1, 1), dt.date(2025, 12, 31)
CLEARANCE_CARDS = (
    "clearance.overall_hours.import",
    "clearance.overall_hours.export",
    "clearance.overall_hours_p90.import",
    "clearance.share_over_target",
)


def page_calls() -> dict[str, list[tuple[str, Callable]]]:
    """Page -> [(what, call(engine))], in the order a render makes them."""
    from loaders.content import registry_schema
    from loaders.queries import clearance, fresh_produce, indicator_series, overview, registry_values

    period = clearance.ClearanceFilter(start=START, end=END)
    context = [("dataset_status (every page's context)", overview.dataset_status)]
    registry = {raw["id"]: raw for raw in registry_schema.document()["indicators"]}  # the app's registry file, as it reads it
    cards = []
    for indicator_id in CLEARANCE_CARDS:
        query, ids = registry[indicator_id]["query"], (indicator_id, *(registry[indicator_id].get("related") or ()))
        cards += [
            (f"card {indicator_id}: monthly values", lambda e, q=query: registry_values.indicator_values(e, q, "month", START, END)),
            (f"card {indicator_id}: baseline", lambda e, q=query: registry_values.indicator_values(e, q, None, START, END)),
            (f"card {indicator_id}: published figures", lambda e, ids=ids: indicator_series.indicator_series(e, ids, (), is_demo=False)),
        ]
    flags = ("is_aeo", "is_inspected", "is_advance_declaration")
    return {
        "clearance": [
            *context,
            ("summary by customs_code", lambda e: clearance.clearance_summary(e, None, ("customs_code",), period)),
            ("summary by transport_mode", lambda e: clearance.clearance_summary(e, None, ("transport_mode",), period)),
            ("overall hours histogram", lambda e: clearance.overall_hours_histogram(e, 2.0, period)),
            ("release heatmap", lambda e: clearance.release_heatmap(e, period)),
            *cards,
            *[
                (f"summary by direction x {f}", lambda e, f=f: clearance.clearance_summary(e, None, ("direction", f), period))
                for f in flags
            ],
        ],
        "ports_map": [
            *context,
            ("declarations by customs_code", lambda e: clearance.clearance_summary(e, None, ("customs_code",), period)),
            (
                "consignments by port",
                lambda e: fresh_produce.fresh_summary(e, None, ("port",), fresh_produce.FreshFilter(start=START, end=END)),
            ),
        ],
    }


def worker_pages(url: str) -> dict:
    """Every page's queries on a fresh engine each, timed one by one and in total."""
    from loaders.store.engines import read_engine
    from tools.bench.probes import peaks

    pages = {}
    for page, calls in page_calls().items():
        engine = read_engine(url)
        try:
            times = {}
            started = time.perf_counter()
            for what, call in calls:
                t = time.perf_counter()
                call(engine)
                times[what] = time.perf_counter() - t
            pages[page] = {"total_s": time.perf_counter() - started, "calls_s": times, "load_average": os.getloadavg()}
        finally:
            engine.dispose()
    return {"pages": pages, **peaks()}
