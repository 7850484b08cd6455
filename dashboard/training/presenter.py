"""The presenter deck of a training session: its slides (title, one per indicator, one per
measure, closing), the slide number from the URL, and the contact channels the closing slide
lists (policy content: dashboard/policies.py). No Streamlit here."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from dashboard import policies
from dashboard.schedule import Session

HOTLINES = ("hotline_12360", "hotline_95198")


def contact_channels(session: Session) -> tuple[policies.Channel, ...]:
    """The two hotlines, then the other channels the session's measures name, each once."""
    ids = dict.fromkeys([*HOTLINES, *(c for m in session.measures for c in policies.measure(m).channels)])
    known = policies.channels()
    return tuple(known[i] for i in ids if i in known)


@dataclass(frozen=True)
class Slide:
    kind: Literal["title", "indicator", "measure", "closing"]
    ref: str | int | None = None  # indicator id or measure number


def deck(session: Session) -> tuple[Slide, ...]:
    """Title, one slide per indicator in `slides`, one per measure in `measures`, then QR and contacts."""
    return (
        Slide("title"),
        *(Slide("indicator", indicator_id) for indicator_id in session.slides),
        *(Slide("measure", number) for number in session.measures),
        Slide("closing"),
    )


def slide_index(raw: str | None, count: int) -> int:
    """The 1-based slide number from the URL, clamped to the deck (1 when missing or not a number)."""
    try:
        number = int(raw or 1)
    except ValueError:
        number = 1
    return min(max(number, 1), count)
