"""Training livestreams: the schedule (datasets/training/), each session's state at a given time,
calendar files (RFC 5545), QR codes of session pages and the presenter deck. No Streamlit here.

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

Settings: DASHBOARD_PUBLIC_URL (default http://localhost:8501) is the address people reach the
dashboard at; session pages, QR codes and calendar links are built from it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Literal
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import icalendar
import segno
import yaml

from dashboard import i18n, policies, registry
from loaders.paths import DATASETS_DIR

TRAINING_DIR = DATASETS_DIR / "training"
SESSIONS_PATH = TRAINING_DIR / "sessions.csv"
SERIES_PATH = TRAINING_DIR / "series.yaml"

TZ = ZoneInfo("Asia/Shanghai")
UID_DOMAIN = "sz-trade-dashboard"
PUBLIC_URL_ENV = "DASHBOARD_PUBLIC_URL"
DEFAULT_PUBLIC_URL = "http://localhost:8501"
TRAINING_URL_PATH = "training"

STATUSES = ("scheduled", "done", "cancelled")
COLUMNS = (
    "session_id", "series", "title_zh_hans", "title_en", "title_zh_hant", "start_local", "duration_minutes", "presenter", "platform",
    "live_url", "replay_url", "registration_url", "measures", "slides", "status", "is_demo",
)  # fmt: skip
MEASURE_NUMBERS = range(1, 16)
_ID_PATTERN = re.compile(r"^[A-Za-z0-9_-]+$")
_BOOLEANS = {"true": True, "1": True, "yes": True, "是": True, "false": False, "0": False, "no": False, "否": False}

State = Literal["upcoming", "live", "past", "cancelled"]
ActionKind = Literal["register", "watch_live", "watch_replay", "replay_pending", "cancelled"]


# --- schedule ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Series:
    id: str
    name: dict[str, str]
    description: dict[str, str]
    default_platform: str


@dataclass(frozen=True)
class Session:
    session_id: str
    series: str
    title: dict[str, str]  # zh_hans / en / zh_hant
    start: dt.datetime  # timezone-aware, Asia/Shanghai
    duration_minutes: int
    presenter: str
    platform: str
    live_url: str | None
    replay_url: str | None
    registration_url: str | None
    measures: tuple[int, ...]
    slides: tuple[str, ...]  # indicator ids
    status: str
    is_demo: bool

    @property
    def end(self) -> dt.datetime:
        return self.start + dt.timedelta(minutes=self.duration_minutes)


class ScheduleError(ValueError):
    """The schedule file has rows that break its rules; `problems` lists every one (row, column, reason)."""

    def __init__(self, problems: Sequence[str]):
        self.problems = tuple(problems)
        super().__init__("training schedule is invalid:\n" + "\n".join(self.problems))


def _read_series(path: Path) -> dict[str, Series]:
    with path.open(encoding="utf-8") as handle:
        raw = yaml.safe_load(handle)["series"]
    return {
        item["id"]: Series(item["id"], item["name"], {k: v.strip() for k, v in item["description"].items()}, item["default_platform"])
        for item in raw
    }


@lru_cache(maxsize=4)
def _series_cached(path: str, mtime_ns: int) -> dict[str, Series]:
    return _read_series(Path(path))


def load_series(path: Path | None = None) -> dict[str, Series]:
    """The livestream series by id (re-read when the file changes)."""
    path = path or SERIES_PATH
    return _series_cached(str(path), path.stat().st_mtime_ns)


def _url(value: str, column: str, problems: list[str], where: str) -> str | None:
    if not value:
        return None
    if not value.startswith(("http://", "https://")):
        problems.append(f"{where}, {column}: {value!r} is not an http(s) address")
    return value


def parse_sessions(
    rows: Iterable[dict[str, str]], series_ids: Iterable[str], indicator_ids: Iterable[str] | None = None
) -> tuple[Session, ...]:
    """Validate schedule rows (as csv.DictReader gives them) into sessions sorted by start.

    Raises ScheduleError naming every bad row, column and reason; nothing is half-accepted.
    """
    known_series, known_indicators = set(series_ids), None if indicator_ids is None else set(indicator_ids)
    sessions: list[Session] = []
    problems: list[str] = []
    seen: set[str] = set()
    for line, raw in enumerate(rows, start=2):  # line 1 is the header
        row = {key: (value or "").strip() for key, value in raw.items() if key is not None}
        where = f"line {line}"
        before = len(problems)
        missing = [column for column in COLUMNS if column not in row]
        if missing:
            problems.append(f"{where}: missing columns {missing}")
            continue
        session_id = row["session_id"]
        if not _ID_PATTERN.match(session_id):
            problems.append(f"{where}, session_id: {session_id!r} must be letters, digits, - or _")
        elif session_id in seen:
            problems.append(f"{where}, session_id: {session_id!r} appears twice")
        seen.add(session_id)
        if row["series"] not in known_series:
            problems.append(f"{where}, series: {row['series']!r} is not in series.yaml ({sorted(known_series)})")
        for lang in i18n.LANGS:
            if not row[f"title_{lang}"]:
                problems.append(f"{where}, title_{lang}: empty")
        try:
            start = dt.datetime.strptime(row["start_local"], "%Y-%m-%d %H:%M").replace(tzinfo=TZ)
        except ValueError:
            problems.append(f"{where}, start_local: {row['start_local']!r} is not YYYY-MM-DD HH:MM")
            start = None
        duration = int(row["duration_minutes"]) if row["duration_minutes"].isdigit() else 0
        if duration <= 0:
            problems.append(f"{where}, duration_minutes: {row['duration_minutes']!r} is not a positive whole number")
        measures: list[int] = []
        for part in filter(None, (p.strip() for p in row["measures"].split(";"))):
            if part.isdigit() and int(part) in MEASURE_NUMBERS:
                measures.append(int(part))
            else:
                problems.append(f"{where}, measures: {part!r} is not a measure number 1-15")
        slides = tuple(filter(None, (p.strip() for p in row["slides"].split(";"))))
        if known_indicators is not None:
            problems.extend(
                f"{where}, slides: {s!r} is not an indicator id in indicators.yaml" for s in slides if s not in known_indicators
            )
        if row["status"] not in STATUSES:
            problems.append(f"{where}, status: {row['status']!r} is not one of {STATUSES}")
        is_demo = _BOOLEANS.get(row["is_demo"].lower())
        if is_demo is None:
            problems.append(f"{where}, is_demo: {row['is_demo']!r} is not true or false")
        urls = {column: _url(row[column], column, problems, where) for column in ("live_url", "replay_url", "registration_url")}
        if len(problems) > before or start is None:
            continue
        sessions.append(
            Session(
                session_id=session_id,
                series=row["series"],
                title={lang: row[f"title_{lang}"] for lang in i18n.LANGS},
                start=start,
                duration_minutes=duration,
                presenter=row["presenter"],
                platform=row["platform"],
                measures=tuple(dict.fromkeys(measures)),
                slides=slides,
                status=row["status"],
                is_demo=bool(is_demo),
                **urls,
            )
        )
    if problems:
        raise ScheduleError(problems)
    return tuple(sorted(sessions, key=lambda s: (s.start, s.session_id)))


@lru_cache(maxsize=4)
def _sessions_cached(path: str, mtime_ns: int, series_path: str, series_mtime_ns: int) -> tuple[Session, ...]:
    with Path(path).open(encoding="utf-8-sig", newline="") as handle:
        return parse_sessions(csv.DictReader(handle), _series_cached(series_path, series_mtime_ns), registry.indicators())


def load_sessions(path: Path | None = None, series_path: Path | None = None) -> tuple[Session, ...]:
    """Every session in the schedule, sorted by start (re-read when the file changes).

    Raises ScheduleError when a row breaks the rules in this module's docstring."""
    path, series_path = path or SESSIONS_PATH, series_path or SERIES_PATH
    return _sessions_cached(str(path), path.stat().st_mtime_ns, str(series_path), series_path.stat().st_mtime_ns)


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
    return (os.environ.get(PUBLIC_URL_ENV) or DEFAULT_PUBLIC_URL).rstrip("/")


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
