"""What a number is: the indicator registry (datasets/indicators.yaml) read and checked.

No Streamlit and nothing from dashboard/: the indicator_series loader takes its known ids and
scopes from here. This module checks the registry's own shape; whether a records query names a
dataset, metric and filters that exist is checked by the query catalog
(loaders.queries.catalog.checked_registry), which the app reads the registry through.

`check(document)` returns every problem as "file: indicator <id>: field <name>: reason"; `document()`
raises RegistryError with the first one, so a bad entry stops the app with one line.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from loaders.constants import GRAINS, LANGS, QUALIFIERS
from loaders.content.reader import ContentError, columns, load_content, mapping
from loaders.paths import DATASETS_DIR

REGISTRY_PATH = DATASETS_DIR / "indicators.yaml"
PUBLISHED_PATH = DATASETS_DIR / "reference" / "published_figures.csv"
STOCKS = ("level_at_date", "cumulative_total")  # a level read at a date: comparable at any grain
REQUIRED = (
    "id",
    "title",
    "definition",
    "unit",
    "decimals",
    "better",
    "measures",
    "statistic",
    "scope",
    "period_basis",
    "grains",
    "query",
    "baseline",
    "frequency",
)
OPTIONAL = ("headline", "related", "title_any_scope")
BETTER = ("lower", "higher", "none")
AGGREGATIONS = {"last": STOCKS, "sum": ("total",), "mean": ("mean",)}


class RegistryError(ContentError):
    """A registry entry breaks the schema; the message names file, indicator and field."""


def is_http_url(text: object) -> bool:
    """Only http(s) links are links: javascript:, data:, file: and the like are refused."""
    return isinstance(text, str) and text.strip().lower().startswith(("http://", "https://"))


PUBLISHED_COLUMNS = ("indicator_id", "scope", "period_start", "period_end", "value", "unit", "statistic", "publisher", "source_url")


def published_figures_schema(rows: Any, file: str) -> tuple[dict[str, str], ...]:
    """published_figures.csv: every row a number for a period, with its publisher; a link, when
    given, is http(s). (Ids and scopes are checked against the registry by the indicator_series
    loader, which reads this file into the store.)"""
    checked = columns(rows, PUBLISHED_COLUMNS, file)
    for line, row in enumerate(checked, start=2):
        entry = f"line {line} ({row['indicator_id']})"
        for field in ("indicator_id", "scope", "unit", "statistic", "publisher"):
            if not (row[field] or "").strip():
                raise ContentError(file, entry, field, "missing or empty")
        try:
            float(row["value"])
            start, end = dt.date.fromisoformat(row["period_start"]), dt.date.fromisoformat(row["period_end"])
        except (TypeError, ValueError) as error:
            raise ContentError(file, entry, "value/period_start/period_end", f"expected a number and YYYY-MM-DD dates ({error})") from None
        if end < start:
            raise ContentError(file, entry, "period_end", "ends before period_start")
        if row["source_url"] and not is_http_url(row["source_url"]):
            raise ContentError(file, entry, "source_url", f"{row['source_url']!r} is not an http(s) address")
        if (row.get("qualifier") or "") not in ("", *QUALIFIERS):
            raise ContentError(
                file, entry, "qualifier", f"{row['qualifier']!r} is not one of {', '.join(QUALIFIERS)} (or empty, for an exact figure)"
            )
    return checked


def _source_urls(rows: Any, file: str) -> frozenset[str]:
    return frozenset(row["source_url"] for row in published_figures_schema(rows, file) if is_http_url(row.get("source_url")))


def trusted_urls() -> frozenset[str]:
    """Original publishers' pages of the published figures (reprint sites were removed from it)."""
    return load_content(PUBLISHED_PATH, _source_urls)


def _texts(value: object) -> bool:
    return isinstance(value, dict) and all(isinstance(value.get(lang), str) and value[lang].strip() for lang in LANGS)


def _check_baseline(raw: Any, statistic: str, problem: Callable[[str, str], None]) -> None:
    if raw is None:
        return
    if not isinstance(raw, dict):
        problem("baseline", "expected null, {from_data: {start, end}} or {value, date, source}")
        return
    if "from_data" in raw:
        window = raw["from_data"]
        if not (isinstance(window, dict) and isinstance(window.get("start"), dt.date) and isinstance(window.get("end"), dt.date)):
            problem("baseline.from_data", "expected {start: YYYY-MM-DD, end: YYYY-MM-DD}")
        elif (window["end"] - window["start"]).days not in (364, 365):
            problem("baseline.from_data", "the baseline window must be one whole year, so every calendar month has a counterpart")
        return
    if statistic not in STOCKS:
        problem("baseline", f"a quoted value is only comparable for a level at a date ({', '.join(STOCKS)}), not for a {statistic}")
    if not isinstance(raw.get("value"), int | float) or isinstance(raw.get("value"), bool):
        problem("baseline.value", "expected a number")
    if not isinstance(raw.get("date"), dt.date):
        problem("baseline.date", "expected the date the level stood at (YYYY-MM-DD)")
    if raw.get("qualifier") is not None and raw["qualifier"] not in QUALIFIERS:
        problem(
            "baseline.qualifier",
            f"expected one of {', '.join(QUALIFIERS)} (as the source words the value), or no qualifier when it is exact",
        )
    source = raw.get("source")
    if not isinstance(source, dict):
        problem("baseline.source", "expected {producer: {zh_hans, en, zh_hant}, url?, date_accessed}")
        return
    if not _texts(source.get("producer")):
        problem("baseline.source.producer", f"expected texts in {', '.join(LANGS)}")
    if not isinstance(source.get("date_accessed"), dt.date):
        problem("baseline.source.date_accessed", "expected the date the source was read (YYYY-MM-DD)")
    url = source.get("url")
    if url is not None and not (is_http_url(url) and url in trusted_urls()):
        problem("baseline.source.url", "only an http(s) original page listed in datasets/reference/published_figures.csv may be linked")


RECORD_FIELDS = ("dataset", "metric", "filters", "target_hours")


def _check_records(spec: Any, problem: Callable[[str, str], None]) -> None:
    """A records query is a mapping of known fields; whether its dataset, metric and filters exist
    is the query catalog's to say (loaders.queries.catalog.record_query_problems)."""
    if not isinstance(spec, dict):
        problem("query.records", f"expected {{{', '.join(RECORD_FIELDS)}}}")
        return
    for field in sorted(spec.keys() - set(RECORD_FIELDS)):
        problem(f"query.records.{field}", f"unknown field; expected {', '.join(RECORD_FIELDS)}")


def _check_indicator(
    raw: Any, index: int, names: dict[str, set[str]], units: set[str] | None, problems: list[ContentError], file: str
) -> None:
    iid = raw.get("id") if isinstance(raw, dict) else None
    label = f"indicator {iid}" if isinstance(iid, str) else f"indicator #{index + 1}"

    def problem(field: str, reason: str) -> None:
        problems.append(RegistryError(file, label, field, reason))

    if not isinstance(raw, dict):
        problem("*", "expected a mapping")
        return
    for field in REQUIRED:
        if field not in raw:
            problem(field, "missing")
    for field in raw.keys() - set(REQUIRED) - set(OPTIONAL):
        reason = (
            "targets are not part of the registry; set them in the targets file (DASHBOARD_TARGETS_FILE)"
            if field == "target"
            else "unknown field"
        )
        problem(field, reason)
    for field in ("title", "definition", "title_any_scope"):
        if field in raw and not _texts(raw[field]):
            problem(field, f"expected texts in {', '.join(LANGS)}")
    if units is not None and "unit" in raw and raw["unit"] not in units:
        problem("unit", f"{raw['unit']!r} is not a unit of datasets/i18n (unit.*)")
    if "decimals" in raw and not (isinstance(raw["decimals"], int) and 0 <= raw["decimals"] <= 4):
        problem("decimals", "expected a whole number 0-4")
    if "better" in raw and raw["better"] not in BETTER:
        problem("better", f"expected one of {', '.join(BETTER)}")
    if "measures" in raw and not (isinstance(raw["measures"], list) and all(isinstance(m, int) and 1 <= m <= 15 for m in raw["measures"])):
        problem("measures", "expected a list of measure numbers 1-15")
    for field, vocabulary in (("statistic", "statistics"), ("scope", "scopes"), ("period_basis", "period_bases")):
        if field in raw and raw[field] not in names[vocabulary]:
            problem(field, f"{raw[field]!r} is not one of {', '.join(sorted(names[vocabulary]))}")
    grains = raw.get("grains")
    if "grains" in raw and not (isinstance(grains, list) and grains and all(g in GRAINS for g in grains)):
        problem("grains", f"expected a non-empty list of {', '.join(GRAINS)}")
    query = raw.get("query")
    if "query" in raw:
        if not isinstance(query, dict) or len(query.keys() & {"records", "series"}) != 1:
            problem("query", "expected {records: {...}} or {series: {...}}")
        elif "records" in query:
            _check_records(query["records"], problem)
        elif "series" in query:
            spec = query["series"] if isinstance(query["series"], dict) else {}
            if spec.get("scope") != raw.get("scope"):
                problem("query.series.scope", f"must equal the indicator's scope ({raw.get('scope')})")
            aggregation = spec.get("aggregation")
            if aggregation not in AGGREGATIONS:
                problem("query.series.aggregation", f"expected one of {', '.join(AGGREGATIONS)}")
            elif raw.get("statistic") not in AGGREGATIONS[aggregation]:
                problem("query.series.aggregation", f"{aggregation} does not roll up a {raw.get('statistic')}")
            if isinstance(grains, list) and ("day" in grains or "week" in grains):
                problem("grains", "a monthly series is not valid at day or week grain")
    _check_baseline(raw.get("baseline"), raw.get("statistic", ""), problem)


def check(document: Any, path: Path = REGISTRY_PATH, units: set[str] | None = None) -> list[str]:
    """Every schema problem of a registry document, one line each (empty when it is sound)."""
    return [str(problem) for problem in _problems(document, path.name, units)]


def _problems(document: Any, file: str, units: set[str] | None) -> list[ContentError]:
    if not isinstance(document, dict) or not isinstance(document.get("indicators"), list):
        return [RegistryError(file, None, "indicators", "expected a list of indicators")]
    problems: list[ContentError] = []
    names: dict[str, set[str]] = {}
    for vocabulary in ("scopes", "statistics", "period_bases"):
        table = document.get(vocabulary)
        if not isinstance(table, dict) or not all(_texts(v) for v in table.values()):
            problems.append(RegistryError(file, None, vocabulary, f"expected code -> {{{', '.join(LANGS)}}}"))
            table = {}
        names[vocabulary] = set(table)
    maturity = document.get("maturity") or {}
    if not isinstance(maturity, dict) or not all(
        isinstance(v, dict) and set(v) == {"days"} and isinstance(v["days"], int) and not isinstance(v["days"], bool) and v["days"] > 0
        for v in maturity.values()
    ):
        problems.append(RegistryError(file, None, "maturity", "expected dataset -> {days: a whole number of days above 0}"))
    seen: set[object] = set()  # ids as written, malformed ones too
    for index, raw in enumerate(document["indicators"]):
        _check_indicator(raw, index, names, units, problems, file)
        iid = raw.get("id") if isinstance(raw, dict) else None
        if iid in seen:
            problems.append(RegistryError(file, f"indicator {iid}", "id", "listed twice"))
        seen.add(iid)
    for raw in document.get("published_only") or []:
        iid = raw.get("id") if isinstance(raw, dict) else None
        if not isinstance(iid, str) or iid in seen or raw.get("statistic") not in names["statistics"] or not _texts(raw.get("title")):
            problems.append(
                RegistryError(file, f"published_only {iid}", "id/statistic/title", "expected a new id, a known statistic and texts")
            )
        seen.add(iid)
    known = {raw.get("id") for raw in document["indicators"] if isinstance(raw, dict)} | seen
    for raw in document["indicators"]:
        if isinstance(raw, dict):
            for other in raw.get("related") or []:
                if other not in known:
                    problems.append(RegistryError(file, f"indicator {raw.get('id')}", "related", f"unknown id {other!r}"))
    return problems


def _unit_keys(document: Any, file: str) -> frozenset[str]:
    units = mapping(document or {}, file).get("unit") or {}
    return frozenset(mapping(units, file, None, "unit"))


def app_units() -> set[str]:
    """Unit keys the interface can name (unit.* in datasets/i18n/en/*.yaml)."""
    return {unit for strings in sorted((DATASETS_DIR / "i18n" / "en").glob("*.yaml")) for unit in load_content(strings, _unit_keys)}


def raise_first(problems: list[ContentError]) -> None:
    """RegistryError with the first problem on one line, and how many more there are."""
    if problems:
        first = problems[0]
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise RegistryError(first.file, first.entry, first.field, first.reason + more)


def _checked(document: Any, file: str) -> dict[str, Any]:
    raise_first(_problems(document, file, app_units()))
    return mapping(document, file)  # a mapping: _problems says so otherwise


def document(path: Path | None = None) -> dict[str, Any]:
    """The registry, checked (read again when the file changes). RegistryError (one line) on the first problem."""
    path = path or REGISTRY_PATH
    try:
        return load_content(path, _checked)
    except RegistryError:
        raise
    except ContentError as error:
        raise RegistryError(error.file, reason=f"cannot read the indicator registry: {error.detail or error.reason}") from None


def known_indicator_ids() -> tuple[str, ...]:
    """Ids the indicator_series loader accepts: the registry's and the published-only ones."""
    doc = document()
    return tuple(sorted({i["id"] for i in doc["indicators"]} | {i["id"] for i in doc.get("published_only") or []}))


def known_scopes() -> tuple[str, ...]:
    return tuple(sorted(document()["scopes"]))


def maturity_days(dataset: str) -> int | None:
    """How many days after a period ends its duration figures settle (datasets/indicators.yaml,
    maturity); None for a dataset whose figures do not wait on open cases."""
    entry = (document().get("maturity") or {}).get(dataset)
    return int(entry["days"]) if entry else None
