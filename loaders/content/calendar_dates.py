"""datasets/calendar.yaml, checked: the dates marked on time charts (events, how each kind is drawn,
comparison windows) and the demo generator's assumptions (Spring Festival dates, typhoon closures).

No Streamlit and nothing from dashboard/: the demo generator (loaders/demo/calendar.py) and the
chart markers (dashboard/markers.py) read the same file through `calendar()`. A broken entry is a
`ContentError` naming the file, the entry and the field.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from loaders.constants import LANGS
from loaders.content.reader import ContentError, load_content, mapping
from loaders.paths import DATASETS_DIR

CALENDAR_PATH = DATASETS_DIR / "calendar.yaml"
KIND_FIELDS = ("colour", "dash", "legend", "label")
DASHES = ("solid", "dot", "dash", "longdash", "dashdot", "longdashdot")


def _texts(raw: Any, file: str, entry: str, field: str, allow_empty: bool = False) -> dict[str, str]:
    if not isinstance(raw, dict) or not all(isinstance(raw.get(lang), str) and (allow_empty or raw[lang].strip()) for lang in LANGS):
        raise ContentError(file, entry, field, f"expected texts in {', '.join(LANGS)}")
    return {lang: raw[lang] for lang in LANGS}


def _date(raw: Any, file: str, entry: str, field: str) -> dt.date:
    if not isinstance(raw, dt.date):
        raise ContentError(file, entry, field, "expected a date (YYYY-MM-DD)")
    return raw


def _list(document: dict[str, Any], key: str, file: str) -> list[Any]:
    values = document.get(key)
    if not isinstance(values, list) or not values:
        raise ContentError(file, None, key, "expected a non-empty list")
    return values


def calendar_schema(raw: Any, file: str) -> dict[str, Any]:
    """The document as read, every field checked (dates are dates, texts in three languages)."""
    document = mapping(raw, file)
    kinds = mapping(document.get("kinds"), file, None, "kinds")
    for name, style in kinds.items():
        style = mapping(style, file, f"kind {name}")
        for field in KIND_FIELDS:
            if field not in style:
                raise ContentError(file, f"kind {name}", field, "missing")
        if style["dash"] not in DASHES:
            raise ContentError(file, f"kind {name}", "dash", f"{style['dash']!r} is not one of {', '.join(DASHES)}")
        _texts(style["legend"], file, f"kind {name}", "legend")
        _texts(style["label"], file, f"kind {name}", "label", allow_empty=True)
    for index, event in enumerate(_list(document, "events", file), start=1):
        event = mapping(event, file, f"event #{index}")
        _date(event.get("date"), file, f"event #{index}", "date")
        if event.get("kind") not in kinds:
            raise ContentError(file, f"event {event['date']}", "kind", f"{event.get('kind')!r} is not one of the kinds above")
        _texts(event.get("name"), file, f"event {event['date']}", "name")
    for name, pair in mapping(document.get("windows"), file, None, "windows").items():
        for key, window in mapping(pair, file, f"window {name}").items():
            window = mapping(window, file, f"window {name}", key)
            start, end = (_date(window.get(edge), file, f"window {name}", f"{key}.{edge}") for edge in ("start", "end"))
            if end < start:
                raise ContentError(file, f"window {name}", f"{key}.end", "ends before it starts")
    festivals = [_date(day, file, f"spring_festivals #{i}", "date") for i, day in enumerate(_list(document, "spring_festivals", file), 1)]
    for event in document["events"]:
        if event["kind"] == "spring_festival" and event["date"] not in festivals:
            raise ContentError(file, f"event {event['date']}", "date", "a spring_festival event must be one of spring_festivals")
    for index, storm in enumerate(_list(document, "demo_typhoon_closures", file), start=1):
        storm = mapping(storm, file, f"demo_typhoon_closures #{index}")
        _date(storm.get("first"), file, f"demo_typhoon_closures #{index}", "first")
        if not isinstance(storm.get("days"), int) or not 1 <= storm["days"] <= 7:
            raise ContentError(file, f"demo_typhoon_closures #{index}", "days", "expected a whole number of days 1-7")
    return document


def calendar() -> dict[str, Any]:
    """datasets/calendar.yaml, checked (read again when it changes)."""
    return load_content(CALENDAR_PATH, calendar_schema)


def spring_festivals() -> tuple[dt.date, ...]:
    return tuple(calendar()["spring_festivals"])


def demo_typhoon_closures() -> tuple[tuple[dt.date, int], ...]:
    """(first day, days) of the closures the demo generator assumes; not a published list."""
    return tuple((storm["first"], storm["days"]) for storm in calendar()["demo_typhoon_closures"])
