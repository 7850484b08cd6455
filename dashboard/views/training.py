"""The training schedule's pieces: the demo notice, the calendar feed button, one card per session,
and what is wrong with the schedule file, for the trainer, in the page's language.

Every text from the schedule is shown as text (safe_text.plain): a title or presenter written as
Markdown or HTML renders no image or link. A session's description keeps the Markdown it needs
(emphasis, lists, links to this dashboard) and shows images and outside links as their text."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from typing import Literal
from urllib.parse import urlencode

import streamlit as st

from dashboard import data, i18n, policies, training
from dashboard.components.app_address import base_url, own_hosts, session_calendar, session_page_url
from dashboard.components.reading_mode import url_params as reading_params
from dashboard.components.safe_text import limited_markdown, plain
from dashboard.context import PageContext
from dashboard.training import Problem, Schedule, Series, Session

STATE_BADGES: dict[str, tuple[Literal["blue", "red", "gray"], str]] = {
    "upcoming": ("blue", ":material/event:"),
    "live": ("red", ":material/live_tv:"),
    "past": ("gray", ":material/history:"),
    "cancelled": ("gray", ":material/event_busy:"),
}
ACTION_ICONS = {"register": ":material/how_to_reg:", "watch_live": ":material/live_tv:", "watch_replay": ":material/replay:"}


PAGE_SIZE = 10  # session cards per page of the schedule


def problem_text(ctx: PageContext, problem: Problem) -> str:
    """One broken rule in the page's language: line, column, reason (cell values shown as text)."""
    values = {"value": plain(problem.value), **{k: plain(v) for k, v in problem.params.items()}}
    reason = ctx.t(f"errors.schedule.reason.{problem.reason}", **values)
    if problem.line is None:
        return reason
    if not problem.column:
        return ctx.t("errors.schedule.row_no_column", line=problem.line, reason=reason)
    return ctx.t("errors.schedule.row", line=problem.line, column=problem.column, reason=reason)


def _bullets(ctx: PageContext, problems: tuple[Problem, ...]) -> str:
    return "\n".join(f"- {problem_text(ctx, p)}" for p in problems)


def load_schedule(ctx: PageContext, stop_when_unreadable: bool = True) -> Schedule:
    """The schedule's good sessions. A file that cannot be read at all shows why (and stops the page
    when `stop_when_unreadable`); bad rows only hide their sessions (see schedule_problems)."""
    schedule = training.read_schedule()
    if schedule.unreadable:
        st.error(ctx.t("errors.schedule.file_problem", reason=problem_text(ctx, schedule.unreadable)), icon=":material/event_busy:")
        if stop_when_unreadable:
            st.stop()
    return schedule


def schedule_problems(ctx: PageContext, schedule: Schedule) -> None:
    """For the trainer: which rows are hidden and why, and what is wrong with series.yaml."""
    series_problems = tuple(p for p in schedule.file_problems if p.reason.startswith("series_"))
    if series_problems:
        st.warning(_bullets(ctx, series_problems), icon=":material/warning:")
    rows = tuple(p for p in schedule.problems if p.line is not None)
    if rows:
        path = plain(training.schedule_file_name())
        st.warning(
            ctx.t("errors.schedule.rows_hidden", count=schedule.hidden, path=path) + "\n\n" + _bullets(ctx, rows), icon=":material/warning:"
        )


def session_problems(ctx: PageContext, schedule: Schedule, session_id: str) -> bool:
    """Why the session is missing, when its row breaks a rule (True when there was something to say)."""
    problems = schedule.problems_of(session_id) if session_id else ()
    if problems:
        heading = ctx.t("errors.schedule.session_hidden", session_id=plain(session_id), path=plain(training.schedule_file_name()))
        st.error(heading + "\n\n" + _bullets(ctx, problems), icon=":material/event_busy:")
    return bool(problems)


def schedule_demo_label(ctx: PageContext, sessions: Sequence[Session]) -> None:
    if any(s.is_demo for s in sessions):
        st.warning(f"**{ctx.t('app.demo_badge')}** · {ctx.t('training.demo_notice')}", icon=":material/science:")


def feed_download(ctx: PageContext, sessions: Sequence[Session], now: dt.datetime) -> None:
    """One .ics with the next sessions that have not ended and are not cancelled, built when clicked."""
    chosen = training.feed_sessions(sessions, now)
    address = base_url()  # read while the page runs: a click is served outside the run, where the request is gone
    st.download_button(
        ctx.t("training.feed_download", count=len(chosen)),
        lambda: training.feed_ics(chosen, ctx.lang, now, address),
        file_name=training.feed_file_name(chosen, ctx.lang),
        mime="text/calendar",
        help=ctx.t("training.feed_help"),
        icon=":material/calendar_add_on:",
        disabled=not chosen,
        key="ics-feed",
        on_click="ignore",
    )
    if len(chosen) == training.FEED_MAX_SESSIONS:
        st.caption(ctx.t("training.feed_capped", count=training.FEED_MAX_SESSIONS))


def _action(ctx: PageContext, session: Session, now: dt.datetime) -> None:
    action = training.action_for(session, now)
    if action.kind in ("cancelled", "replay_pending") or action.url is None:
        missing = {"register": "register_closed", "watch_live": "live_link_missing"}.get(action.kind, action.kind)
        st.button(ctx.t(f"training.action.{missing}"), disabled=True, key=f"action-{session.session_id}")
        return
    st.link_button(ctx.t(f"training.action.{action.kind}"), action.url, type="primary", icon=ACTION_ICONS[action.kind])


def _measure_links(ctx: PageContext, session: Session) -> None:
    st.caption(ctx.t("training.measures"))
    with st.container(horizontal=True, gap="small"):
        for number in session.measures:
            label = f"{ctx.t('training.measure_number', number=number)} · {ctx.pick(policies.measure(number).title)}"
            st.page_link(
                "pages/measure.py",
                label=label,
                query_params={"measure": str(number), "lang": ctx.lang, **reading_params()},
                icon=":material/description:",
            )


def session_card(ctx: PageContext, session: Session, series: dict[str, Series], now: dt.datetime) -> None:
    """Title, series, time (with its time zone), presenter, platform, measures, the action the state
    allows, a calendar file, presenter mode and the QR code of the session's page."""
    state = training.state_of(session, now)
    page_url = session_page_url(session.session_id, ctx.lang)
    with st.container(border=True, key=f"session-{session.session_id}"):
        text, qr = st.columns([5, 1], vertical_alignment="center")
        with text:
            st.header(plain(ctx.pick(session.title)), anchor=False)
            with st.container(horizontal=True, gap="small"):
                colour, icon = STATE_BADGES[state]
                st.badge(ctx.t(f"training.state.{state}"), color=colour, icon=icon)
                st.badge(ctx.pick(series[session.series].name) if session.series in series else session.series, color="violet")
                if session.is_demo:
                    st.badge(ctx.t("app.demo_badge"), color="orange", icon=":material/science:")
            duration = i18n.format_value(session.duration_minutes, "minutes", 0, ctx.lang)
            st.markdown(
                f":material/schedule: **{training.format_start(session.start, ctx.lang)}** · {ctx.t('training.duration')} {duration}"
            )
            st.markdown(
                ctx.t(
                    "training.label_value",
                    label=ctx.t("training.presenter"),
                    value=plain(training.translated(ctx.lang, "presenters", session.presenter)),
                )
                + "  \n"
                + ctx.t(
                    "training.label_value",
                    label=ctx.t("training.platform"),
                    value=plain(training.translated(ctx.lang, "platforms", session.platform)),
                )
            )
            if session.description:
                st.markdown(limited_markdown(ctx.pick(session.description), own_hosts()))
            _measure_links(ctx, session)
            with st.container(horizontal=True, gap="small"):
                _action(ctx, session, now)
                st.download_button(
                    ctx.t("training.ics_download"),
                    session_calendar(session, ctx.lang, now),  # built on click, with the address of this run
                    file_name=training.ics_file_name(session, ctx.lang),
                    mime="text/calendar",
                    help=ctx.t("training.ics_help"),
                    icon=":material/calendar_add_on:",
                    key=f"ics-{session.session_id}",
                    on_click="ignore",
                )
                st.link_button(
                    ctx.t("training.present"),
                    training.presenter_path(session.session_id, ctx.lang),
                    help=ctx.t("training.present_help"),
                    icon=":material/slideshow:",
                )
        # one QR code per session on wide screens; a phone shows the page's own instead (page_qr)
        with qr, st.container(key=f"desktop-only-qr-{session.session_id}"):
            qr_image(ctx, page_url, ctx.t("training.qr_caption_url", url=page_url))


def qr_image(ctx: PageContext, url: str, caption: str) -> None:
    # PNG at its own size: st.image would otherwise re-encode it (JPEG, resampled) and blur the modules
    st.image(data.qr_png(url, 4), caption=caption, output_format="PNG", alt=ctx.t("training.qr_alt", url=url))


def page_qr(ctx: PageContext, focused: Session | None) -> None:
    """Phones only (CSS): one QR code, of this page (the focused session's when a link opened one),
    behind a control, instead of one per session, to show to someone else's phone."""
    if focused is not None:
        url = session_page_url(focused.session_id, ctx.lang)
    else:
        url = f"{base_url()}/{training.TRAINING_URL_PATH}?{urlencode({'lang': ctx.lang})}"
    with st.container(key="phone-only-page-qr"), st.expander(ctx.t("training.page_qr"), icon=":material/qr_code_2:"):
        qr_image(ctx, url, ctx.t("training.page_qr_caption", url=url))


def session_list(ctx: PageContext, sessions: Sequence[Session], series: dict[str, Series], now: dt.datetime, key: str = "sessions") -> None:
    """The sessions, PAGE_SIZE at a time (a schedule of thousands draws one page, not thousands of cards)."""
    if not sessions:
        st.info(ctx.t("training.no_sessions"), icon=":material/filter_alt_off:")
        return
    pages = math.ceil(len(sessions) / PAGE_SIZE)
    page = 1
    if pages > 1:
        # a select, not a number input: its +/- buttons carry English names Streamlit does not translate
        page = st.selectbox(ctx.t("training.page_number", pages=pages), range(1, pages + 1), key=f"{key}-page")
    first = (page - 1) * PAGE_SIZE
    shown = sessions[first : first + PAGE_SIZE]
    for session in shown:
        session_card(ctx, session, series, now)
    if pages > 1:
        st.caption(ctx.t("training.showing", first=first + 1, last=first + len(shown), total=len(sessions)))
