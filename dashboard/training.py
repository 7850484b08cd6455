"""Training livestreams: the schedule (datasets/training/, read by dashboard.schedule), each
session's state at a given time, calendar files (RFC 5545), QR codes of session pages and the
presenter deck. No Streamlit here.

The schedule is content, not code: a trainer adds a row to datasets/training/sessions.csv and the
schedule page, its calendar files and its presenter deck follow. Columns:

    session_id        letters, digits, - and _; unique; used in URLs, file names and calendar UIDs
    series            an id from datasets/training/series.yaml
    title_zh_hans, title_en, title_zh_hant
    start_local       YYYY-MM-DD HH:MM, Beijing time (Asia/Shanghai, UTC+8)
    duration_minutes  whole minutes, > 0
    presenter, platform
    live_url, replay_url, registration_url   http(s) addresses or empty
    measures          measure numbers 1-15 covered, separated by ;   -> one policy slide each
    slides            indicator ids from datasets/indicators.yaml, separated by ;   -> one chart slide each
    status            scheduled | done | cancelled
    is_demo           true | false
    description_zh_hans, description_en, description_zh_hant   optional; Markdown limited to emphasis,
                      lists and links to this dashboard (images and links elsewhere show as text)

A row that breaks a rule hides that session only (dashboard.schedule.read_schedule lists why); GBK
files and rows of empty cells, as Excel leaves them, are read as they are meant.

Settings: DASHBOARD_PUBLIC_URL (default http://localhost:8501) is the address people reach the
dashboard at; session pages, QR codes and calendar links are built from it. DASHBOARD_TRAINING_DIR
(default datasets/training) is the folder holding sessions.csv and series.yaml.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Literal
from urllib.parse import urlencode, urlsplit

import icalendar
import segno

from dashboard import i18n, policies
from dashboard.schedule import (  # noqa: F401  (re-exported: the schedule's names, where callers have always found them)
    COLUMNS,
    MEASURE_NUMBERS,
    SERIES_PATH,
    SESSIONS_PATH,
    STATUSES,
    TRAINING_DIR,
    TZ,
    Problem,
    Schedule,
    ScheduleError,
    Series,
    Session,
    load_series,
    load_sessions,
    parse_sessions,
    read_schedule,
    sessions_path,
)
from loaders import settings

UID_DOMAIN = "sz-trade-dashboard"
PUBLIC_URL_ENV = settings.PUBLIC_URL.name
DEFAULT_PUBLIC_URL = settings.PUBLIC_URL.default
TRAINING_URL_PATH = "training"

State = Literal["upcoming", "live", "past", "cancelled"]
ActionKind = Literal["register", "watch_live", "watch_replay", "replay_pending", "cancelled"]


# --- schedule ------------------------------------------------------------------------------


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
    """Presenter and platform names are written in Chinese in the schedule; known ones are translated."""
    return i18n.strings(lang).get(f"training.{kind}.{text}", text)


# --- addresses and QR codes -------------------------------------------------------------------------


def public_base_url() -> str:
    """The dashboard's public address (setting DASHBOARD_PUBLIC_URL), without a trailing slash."""
    return settings.PUBLIC_URL.get().rstrip("/")


def allowed_link_hosts() -> tuple[str, ...]:
    """Hosts a description in the schedule may link to: this dashboard's own (DASHBOARD_PUBLIC_URL)."""
    host = urlsplit(public_base_url()).hostname
    return (host,) if host else ()


def schedule_file_name() -> str:
    """The schedule file as trainers know it, for messages: datasets/training/sessions.csv, or the
    full path when DASHBOARD_TRAINING_DIR points elsewhere."""
    path = sessions_path()
    return "datasets/training/sessions.csv" if path == SESSIONS_PATH else str(path)


def session_page_url(session_id: str, lang: str, base_url: str | None = None) -> str:
    """The session's page on this dashboard: <base>/training?session=<id>&lang=<lang>."""
    return f"{(base_url or public_base_url()).rstrip('/')}/{TRAINING_URL_PATH}?{urlencode({'session': session_id, 'lang': lang})}"


def presenter_path(session_id: str, lang: str, slide: int = 1) -> str:
    """Relative link to presenter mode (the app's root with ?present=...), so it works behind any host or
    base path. The root, because the router's only page in presenter mode is its default page."""
    return f"./?{urlencode({'present': session_id, 'slide': slide, 'lang': lang})}"


def schedule_path(session_id: str, lang: str) -> str:
    """Relative link from presenter mode back to the session on the schedule page."""
    return f"./{TRAINING_URL_PATH}?{urlencode({'session': session_id, 'lang': lang})}"


def qr_code(url: str) -> segno.QRCode:
    """A QR code of `url`, made locally (no web service); medium error correction survives a video stream."""
    return segno.make(url, error="m", micro=False)


def qr_png(url: str, scale: int = 8) -> bytes:
    buffer = io.BytesIO()
    qr_code(url).save(buffer, kind="png", scale=scale, border=4, dark="#000000", light="#ffffff")
    return buffer.getvalue()


# --- contact channels (policy content: dashboard/policies.py) ----------------------------------------

HOTLINES = ("hotline_12360", "hotline_95198")


def contact_channels(session: Session) -> tuple[policies.Channel, ...]:
    """The two hotlines, then the other channels the session's measures name, each once."""
    ids = dict.fromkeys([*HOTLINES, *(c for m in session.measures for c in policies.measure(m).channels)])
    known = policies.channels()
    return tuple(known[i] for i in ids if i in known)


# --- calendar files (RFC 5545) ---------------------------------------------------------------------


def uid(session: Session) -> str:
    """Stable per session, so re-importing a file updates the event instead of duplicating it."""
    return f"{session.session_id}@{UID_DOMAIN}"


def _description(session: Session, lang: str, base_url: str | None) -> str:
    t = lambda key, **values: i18n.t(lang, f"training.{key}", **values)  # noqa: E731
    series = load_series().get(session.series)
    lines = [
        f"{t('series')}: {i18n.pick(lang, series.name) if series else session.series}",
        f"{t('presenter')}: {translated(lang, 'presenters', session.presenter)}",
        f"{t('platform')}: {translated(lang, 'platforms', session.platform)}",
        f"{t('measures')}:",
        *(f"  {t('measure_number', number=m)} {i18n.pick(lang, policies.measure(m).title)}" for m in session.measures),
    ]
    for key, url in (("registration_url", session.registration_url), ("live_url", session.live_url), ("replay_url", session.replay_url)):
        if url:
            lines.append(f"{t(key)}: {url}")
    lines.append(f"{t('session_page')}: {session_page_url(session.session_id, lang, base_url)}")
    if session.is_demo:
        lines.append(t("ics_demo"))
    return "\n".join(lines)


def event(session: Session, lang: str, stamp: dt.datetime, base_url: str | None = None) -> icalendar.Event:
    """One VEVENT: times in Asia/Shanghai (TZID), SUMMARY in the viewer's language, LOCATION = platform."""
    summary = i18n.pick(lang, session.title)
    if session.status == "cancelled":
        summary = f"{i18n.t(lang, 'training.cancelled_prefix')}{summary}"
    if session.is_demo:  # the title is what a calendar shows and forwards: it says demo
        summary = f"{i18n.t(lang, 'numbers.ics_demo_prefix')}{summary}"
    return icalendar.Event.new(
        uid=uid(session),
        stamp=stamp.astimezone(dt.UTC),
        start=session.start,
        end=session.end,
        summary=summary,
        description=_description(session, lang, base_url),
        location=translated(lang, "platforms", session.platform),
        url=session_page_url(session.session_id, lang, base_url),
        status="CANCELLED" if session.status == "cancelled" else "CONFIRMED",
    )


@cache
def _vtimezone() -> icalendar.Timezone:
    """VTIMEZONE for Asia/Shanghai, built once (icalendar takes ~40 ms per build); valid 2000-2040."""
    return icalendar.Timezone.from_tzid(TZ.key, first_date=dt.date(2000, 1, 1), last_date=dt.date(2040, 1, 1))


def _calendar(sessions: Sequence[Session], lang: str, stamp: dt.datetime, name: str, calendar_uid: str, base_url: str | None) -> bytes:
    calendar = icalendar.Calendar.new(prodid=f"-//{UID_DOMAIN}//training//{lang}", name=name, uid=calendar_uid, method="PUBLISH")
    for session in sessions:
        calendar.add_component(event(session, lang, stamp, base_url))
    if sessions:
        calendar.subcomponents.insert(0, _vtimezone())
    return calendar.to_ical()


def session_ics(session: Session, lang: str, now: dt.datetime, base_url: str | None = None) -> bytes:
    """A calendar file with the one session (DTSTAMP = now)."""
    return _calendar([session], lang, now, i18n.pick(lang, session.title), f"{session.session_id}-calendar@{UID_DOMAIN}", base_url)


def feed_ics(sessions: Iterable[Session], lang: str, now: dt.datetime, base_url: str | None = None) -> bytes:
    """A calendar file with every session not finished at `now` and not cancelled."""
    chosen = [s for s in sessions if is_upcoming(s, now) and s.status != "cancelled"]
    return _calendar(chosen, lang, now, i18n.t(lang, "training.feed_name"), f"training-feed-{lang}@{UID_DOMAIN}", base_url)


def ics_file_name(session: Session, lang: str) -> str:
    return f"{session.session_id}_{lang}.ics"


# --- presenter deck ---------------------------------------------------------------------------------


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
