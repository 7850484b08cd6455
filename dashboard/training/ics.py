"""Calendar files of training sessions (RFC 5545): one session or the feed of upcoming ones, times
in Asia/Shanghai with its VTIMEZONE, a stable UID per session. No Streamlit here."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from functools import cache

import icalendar

from dashboard import i18n, policies
from dashboard.training.links import TRAINING_URL_PATH, session_page_url
from dashboard.training.schedule import TZ, Session, load_series
from dashboard.training.sessions import is_upcoming, translated

UID_DOMAIN = "sz-trade-dashboard"
# A feed holds at most the next this-many sessions (about a year of livestreams): a calendar app
# imports it in a moment, and building it stays well under a second however long the schedule is.
FEED_MAX_SESSIONS = 200


def one_line(text: str) -> str:
    """A title typed with line breaks (Excel's Alt+Enter) as one line: a calendar's name and an
    event's summary are one line in every calendar app, and icalendar refuses a raw line break in some."""
    return " ".join(text.split())


def uid(session: Session) -> str:
    """Stable per session, so re-importing a file updates the event instead of duplicating it."""
    return f"{session.session_id}@{UID_DOMAIN}"


class _Words:
    """The labels, series, measure titles and names one calendar file repeats in every event, each
    looked up once per file: i18n.t checks its files for changes on every call."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.series = load_series()
        self._labels: dict[str, str] = {}
        self._names: dict[tuple[str, str], str] = {}

    def t(self, key: str, **values: object) -> str:
        cache_key = key + repr(sorted(values.items()))
        if cache_key not in self._labels:
            self._labels[cache_key] = i18n.t(self.lang, f"training.{key}", **values)
        return self._labels[cache_key]

    def name(self, kind: str, text: str) -> str:
        if (kind, text) not in self._names:
            self._names[(kind, text)] = translated(self.lang, kind, text)
        return self._names[(kind, text)]

    def measure(self, number: int) -> str:
        key = f"measure-title-{number}"
        if key not in self._labels:
            self._labels[key] = f"{self.t('measure_number', number=number)} {i18n.pick(self.lang, policies.measure(number).title)}"
        return self._labels[key]


def _description(session: Session, words: _Words, base_url: str | None) -> str:
    t, lang = words.t, words.lang
    series = words.series.get(session.series)
    lines = [
        f"{t('series')}: {i18n.pick(lang, series.name) if series else session.series}",
        f"{t('presenter')}: {words.name('presenters', session.presenter)}",
        f"{t('platform')}: {words.name('platforms', session.platform)}",
        f"{t('measures')}:",
        *(f"  {words.measure(m)}" for m in session.measures),
    ]
    for key, url in (("registration_url", session.registration_url), ("live_url", session.live_url), ("replay_url", session.replay_url)):
        if url:
            lines.append(f"{t(key)}: {url}")
    lines.append(f"{t('session_page')}: {session_page_url(session.session_id, lang, base_url)}")
    if session.is_demo:
        lines.append(t("ics_demo"))
    return "\n".join(lines)


def event(session: Session, lang: str, stamp: dt.datetime, base_url: str | None = None, words: _Words | None = None) -> icalendar.Event:
    """One VEVENT: times in Asia/Shanghai (TZID), SUMMARY in the viewer's language, LOCATION = platform."""
    words = words or _Words(lang)
    summary = one_line(i18n.pick(lang, session.title))
    if session.status == "cancelled":
        summary = f"{i18n.t(lang, 'training.cancelled_prefix')}{summary}"
    if session.is_demo:  # the title is what a calendar shows and forwards: it says demo
        summary = f"{i18n.t(lang, 'exports.ics_demo_prefix')}{summary}"
    return icalendar.Event.new(
        uid=uid(session),
        stamp=stamp.astimezone(dt.UTC),
        start=session.start,
        end=session.end,
        summary=summary,
        description=_description(session, words, base_url),
        location=words.name("platforms", session.platform),
        url=session_page_url(session.session_id, lang, base_url),
        status=icalendar.enums.STATUS.CANCELLED if session.status == "cancelled" else icalendar.enums.STATUS.CONFIRMED,
    )


@cache
def _vtimezone() -> icalendar.Timezone:
    """VTIMEZONE for Asia/Shanghai, built once (icalendar takes ~40 ms per build); valid 2000-2040."""
    return icalendar.Timezone.from_tzid(TZ.key, first_date=dt.date(2000, 1, 1), last_date=dt.date(2040, 1, 1))


def _calendar(sessions: Sequence[Session], lang: str, stamp: dt.datetime, name: str, calendar_uid: str, base_url: str | None) -> bytes:
    calendar = icalendar.Calendar.new(prodid=f"-//{UID_DOMAIN}//training//{lang}", name=name, uid=calendar_uid, method="PUBLISH")
    words = _Words(lang)
    for session in sessions:
        calendar.add_component(event(session, lang, stamp, base_url, words))
    if sessions:
        calendar.subcomponents.insert(0, _vtimezone())
    return calendar.to_ical()


def _demo_prefix(sessions: Iterable[Session], lang: str) -> str:
    """ "【演示】" / "[Demo] " when any session is demo data: a calendar's name is what apps show and forward."""
    return i18n.t(lang, "exports.ics_demo_prefix") if any(s.is_demo for s in sessions) else ""


def session_ics(session: Session, lang: str, now: dt.datetime, base_url: str | None = None) -> bytes:
    """A calendar file with the one session (DTSTAMP = now)."""
    name = _demo_prefix([session], lang) + one_line(i18n.pick(lang, session.title))
    return _calendar([session], lang, now, name, f"{session.session_id}-calendar@{UID_DOMAIN}", base_url)


def feed_sessions(sessions: Iterable[Session], now: dt.datetime) -> list[Session]:
    """The sessions a feed holds: not finished at `now`, not cancelled, the next FEED_MAX_SESSIONS of them."""
    return [s for s in sessions if is_upcoming(s, now) and s.status != "cancelled"][:FEED_MAX_SESSIONS]


def feed_ics(sessions: Iterable[Session], lang: str, now: dt.datetime, base_url: str | None = None) -> bytes:
    """A calendar file with the next FEED_MAX_SESSIONS sessions not finished at `now` and not
    cancelled; named demo when any is."""
    chosen = feed_sessions(sessions, now)
    name = _demo_prefix(chosen, lang) + i18n.t(lang, "training.feed_name")
    return _calendar(chosen, lang, now, name, f"training-feed-{lang}@{UID_DOMAIN}", base_url)


def _file_prefix(sessions: Iterable[Session], lang: str) -> str:
    return i18n.t(lang, "training.demo_file_prefix") if any(s.is_demo for s in sessions) else ""


def ics_file_name(session: Session, lang: str) -> str:
    """ "KF-2025-09_en.ics"; a demo session's file says so ("Demo_KF-2025-09_en.ics", "演示_…")."""
    return f"{_file_prefix([session], lang)}{session.session_id}_{lang}.ics"


def feed_file_name(sessions: Iterable[Session], lang: str) -> str:
    """ "training_upcoming_en.ics"; a feed of demo sessions says so ("Demo_training_upcoming_en.ics", "演示_…")."""
    return f"{_file_prefix(sessions, lang)}training_upcoming_{lang}.ics"


_URL = re.compile(r"https?://[^\s]+")


def dashboard_links(ics: bytes) -> list[str]:
    """The links into this dashboard a calendar file carries: each event's URL and the session pages
    its description names (registration and livestream links go elsewhere on purpose)."""
    found: list[str] = []
    for event in icalendar.Calendar.from_ical(ics).walk("VEVENT"):
        if event.get("URL"):
            found.append(str(event["URL"]))
        found += [url for url in _URL.findall(str(event.get("DESCRIPTION", ""))) if f"/{TRAINING_URL_PATH}?" in url]
    return list(dict.fromkeys(found))
