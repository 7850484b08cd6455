"""Training sessions at a given time: which one a link names, its state (upcoming, live, past,
cancelled) and what a viewer can do, filters, and its time and names in the viewer's language.
No Streamlit here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from dashboard import i18n
from dashboard.training.schedule import TZ, Session, names_path
from loaders.content.reference import translated_name

State = Literal["upcoming", "live", "past", "cancelled"]
ActionKind = Literal["register", "watch_live", "watch_replay", "replay_pending", "cancelled"]


def session_by_id(sessions: Iterable[Session], session_id: str | None) -> Session | None:
    return next((s for s in sessions if s.session_id == session_id), None)


# --- state at a given time ---------------------------------------------------------------------


def now_local() -> dt.datetime:
    """The real current time in Beijing time."""
    return dt.datetime.now(TZ)


def state_of(session: Session, now: dt.datetime) -> State:
    """cancelled, else upcoming (now < start), live (start <= now < end) or past (now >= end)."""
    if session.status == "cancelled":
        return "cancelled"
    if now < session.start:
        return "upcoming"
    return "live" if now < session.end else "past"


@dataclass(frozen=True)
class Action:
    kind: ActionKind
    url: str | None  # None: show the action as unavailable


def action_for(session: Session, now: dt.datetime) -> Action:
    """What a viewer can do now: register before, watch live during, watch the replay after."""
    state = state_of(session, now)
    if state == "cancelled":
        return Action("cancelled", None)
    if state == "upcoming":
        return Action("register", session.registration_url)
    if state == "live":
        return Action("watch_live", session.live_url)
    return Action("watch_replay", session.replay_url) if session.replay_url else Action("replay_pending", None)


def is_upcoming(session: Session, now: dt.datetime) -> bool:
    """Not finished yet (upcoming or live now), cancelled ones included."""
    return now < session.end


def filter_sessions(sessions: Iterable[Session], series: Sequence[str] = (), measures: Sequence[int] = ()) -> tuple[Session, ...]:
    """Sessions of any of `series` that cover any of `measures`; an empty choice means all."""
    return tuple(s for s in sessions if (not series or s.series in series) and (not measures or set(s.measures) & set(measures)))


# --- formatting -------------------------------------------------------------------------------


def format_start(start: dt.datetime, lang: str) -> str:
    """2026年12月9日 15:00（北京时间 UTC+8） / 9 Dec 2026, 15:00 (China Standard Time, UTC+8)."""
    local = start.astimezone(TZ)
    return i18n.t(lang, "training.when", date=i18n.format_date(local.date(), lang), time=f"{local:%H:%M}")


def translated(lang: str, kind: str, text: str) -> str:
    """Presenter and platform names are written in Chinese in the schedule; names.yaml beside it
    (else the shipped datasets/training/names.yaml) gives each in the page's language."""
    return translated_name(names_path(), kind, text, lang)
