"""Dates marked on time charts (datasets/calendar.yaml): the day the measures were published, Spring
Festival, and — over demo data only — the typhoon closure days the demo generator assumed.

No Streamlit here, and no component: the page context (a type only) gives the language and whether
a dataset holds demo rows; charts draw the Markers this module makes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from dashboard import i18n
from loaders.content import calendar_dates

if TYPE_CHECKING:  # only the type: the context's module draws with Streamlit
    from dashboard.context import PageContext


@dataclass(frozen=True)
class Marker:
    """A date marked on a time chart by a vertical line: a policy start, a holiday, a closure
    (drawn by dashboard.components.date_markers.add_markers)."""

    date: dt.date
    group: str  # legend entry, one per kind of date (e.g. "Spring Festival")
    hover: str  # what this line is, in full, shown on hover
    colour: str = "#555555"
    dash: str = "dash"
    label: str = ""  # short text written at the top of the line; "" for none


@dataclass(frozen=True)
class Event:
    date: dt.date
    kind: str
    name: dict[str, str]


@dataclass(frozen=True)
class Window:
    start: dt.date
    end: dt.date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def _document() -> dict[str, Any]:
    return calendar_dates.calendar()


def kinds() -> dict[str, dict[str, Any]]:
    return _document()["kinds"]


def events() -> tuple[Event, ...]:
    return tuple(Event(raw["date"], raw["kind"], raw["name"]) for raw in _document()["events"])


def windows(name: str) -> dict[str, Window]:
    """Named comparison windows, e.g. {"before": Window, "after": Window}."""
    return {key: Window(raw["start"], raw["end"]) for key, raw in _document()["windows"][name].items()}


def demo_typhoon_closures() -> tuple[tuple[dt.date, int], ...]:
    """(first day, days) of the closures the demo generator assumed; not a published list."""
    return calendar_dates.demo_typhoon_closures()


def _marker(ctx: PageContext, kind: str, date: dt.date, hover: str) -> Marker:
    style = kinds()[kind]
    return Marker(date, ctx.pick(style["legend"]), hover, style["colour"], style["dash"], ctx.pick(style["label"]))


def chart_markers(ctx: PageContext, start: dt.date, end: dt.date, *datasets: str) -> list[Marker]:
    """Markers within [start, end]: published dates always, demo typhoon closures only when one of
    `datasets` holds demo rows (they explain dips in the demo data, not in real data)."""
    out = [
        _marker(ctx, event.kind, event.date, f"{ctx.pick(event.name)} · {i18n.format_date(event.date, ctx.lang)}")
        for event in events()
        if start <= event.date <= end
    ]
    if any(ctx.is_demo(name) for name in datasets):
        style = kinds()["typhoon_demo"]
        for first, days in demo_typhoon_closures():
            if start <= first <= end:
                detail = ctx.pick(style["detail"]).format(date=i18n.format_date(first, ctx.lang), days=days)
                out.append(_marker(ctx, "typhoon_demo", first, f"{ctx.pick(style['legend'])} · {detail}"))
    return out
