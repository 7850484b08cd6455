"""The presenter deck of a training session: its slides (title, one per indicator, one per
measure, closing), the slide number from the URL, and the contact channels the closing slide
lists (policy content: dashboard/policies.py). No Streamlit here."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from dashboard import policies
from dashboard.training.schedule import Session

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
    """The slide number from the URL, clamped to the deck: 1..count, or 0, the start screen (address
    check and rehearsal), when missing, not a number or below 1."""
    try:
        number = int(raw or 0)
    except ValueError:
        number = 0
    return min(max(number, 0), count)


# --- will it fit? Slides are laid out for a 1280x720 stream; a rehearsal estimates, from the text
# alone, what would wrap badly or not fit, before going live (dashboard/views/rehearsal.py). ---

STREAM_WIDTH_PX, STREAM_HEIGHT_PX = 1280, 720
CONTENT_WIDTH_PX = STREAM_WIDTH_PX - 2 * 40  # the slide's side padding (2.5rem)
FACTS_WIDTH_PX = 360  # the value column of an indicator slide: a third of the width, less the gap
VALUE_FONT_PX = (88, 76, 64, 56)  # the big number's sizes, largest first; the smallest still reads on a phone
UNIT_SCALE = 0.5  # the unit beside it, at half its size
TITLE_FONT_PX, TITLE_LINE_PX = 52, 64
BODY_FONT_PX, BODY_LINE_PX = 26, 39
NOTE_FONT_PX, NOTE_LINE_PX = 21, 32
KICKER_PX, CHART_PX, SLIDE_TOP_PX = 40, 400, 24


def _em(char: str) -> float:
    """A character's width in em, roughly, for the slides' sans-serif fonts (bold, to be safe)."""
    if "\u2e80" <= char <= "\u9fff" or "\uf900" <= char <= "\uffef" or "\u3000" <= char <= "\u303f":
        return 1.0
    if char.isdigit():
        return 0.6
    if char == " ":
        return 0.3
    if char.isupper():
        return 0.72
    if char.isalpha():
        return 0.58
    return 0.4


def text_width_px(text: str, font_px: float) -> float:
    return sum(_em(char) for char in text) * font_px


def lines_needed(text: str, width_px: float, font_px: float) -> int:
    """Lines a wrapping text takes in a box `width_px` wide (word wrap wastes some of each line)."""
    return sum(max(1, -(-int(text_width_px(line, font_px) * 1.1) // int(width_px))) for line in text.splitlines() or [""])


def value_font_px(pieces: tuple[str, ...], width_px: float = FACTS_WIDTH_PX) -> int | None:
    """The largest size at which the big value fits its column without breaking inside a piece: the
    number, then its unit at UNIT_SCALE of the number's size; on one line when it can, else the unit
    under the number. None: it would clip even at the smallest size."""
    number, units = pieces[0], pieces[1:]

    def widths(size: int) -> list[float]:
        return [text_width_px(number, size), *(text_width_px(" " + unit, size * UNIT_SCALE) for unit in units)]

    for size in VALUE_FONT_PX:
        if sum(widths(size)) <= width_px:
            return size
    for size in VALUE_FONT_PX:
        if all(width <= width_px for width in widths(size)):
            return size
    return None


def slide_height_px(
    title: str, body: tuple[str, ...] = (), body_font: tuple[int, int] = (BODY_FONT_PX, BODY_LINE_PX), chart: bool = False
) -> int:
    """The height a slide needs: kicker, title, a chart if any, and its paragraphs."""
    height = SLIDE_TOP_PX + KICKER_PX + lines_needed(title, CONTENT_WIDTH_PX, TITLE_FONT_PX) * TITLE_LINE_PX + 16
    height += CHART_PX if chart else 0
    font, line = body_font
    return height + sum(lines_needed(text, CONTENT_WIDTH_PX, font) * line + 16 for text in body)
