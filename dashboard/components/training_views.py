"""The training schedule's pieces: the demo notice, the calendar feed button and one card per session."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import streamlit as st

from dashboard import data, i18n, policies, training
from dashboard.context import PageContext
from dashboard.training import Series, Session

STATE_BADGES = {
    "upcoming": ("blue", ":material/event:"),
    "live": ("red", ":material/live_tv:"),
    "past": ("gray", ":material/history:"),
    "cancelled": ("gray", ":material/event_busy:"),
}
ACTION_ICONS = {"register": ":material/how_to_reg:", "watch_live": ":material/live_tv:", "watch_replay": ":material/replay:"}


def load_schedule(ctx: PageContext) -> tuple[Session, ...]:
    """The schedule, or a clear message naming each bad line of the file (never a traceback)."""
    try:
        return training.load_sessions()
    except training.ScheduleError as error:
        st.error(
            ctx.t("training.schedule_invalid", path="datasets/training/sessions.csv")
            + "\n\n"
            + "\n".join(f"- `{p}`" for p in error.problems)
        )
        st.stop()


def schedule_demo_label(ctx: PageContext, sessions: Sequence[Session]) -> None:
    if any(s.is_demo for s in sessions):
        st.warning(f"**{ctx.t('app.demo_badge')}** · {ctx.t('training.demo_notice')}", icon=":material/science:")


def feed_download(ctx: PageContext, sessions: Sequence[Session], now: dt.datetime) -> None:
    """One .ics with every session that has not ended and is not cancelled."""
    chosen = [s for s in sessions if training.is_upcoming(s, now) and s.status != "cancelled"]
    st.download_button(
        ctx.t("training.feed_download", count=len(chosen)),
        training.feed_ics(chosen, ctx.lang, now),
        file_name=f"training_upcoming_{ctx.lang}.ics",
        mime="text/calendar",
        help=ctx.t("training.feed_help"),
        icon=":material/calendar_add_on:",
        disabled=not chosen,
        key="ics-feed",
    )


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
                "pages/measure.py", label=label, query_params={"measure": str(number), "lang": ctx.lang}, icon=":material/description:"
            )


def session_card(ctx: PageContext, session: Session, series: dict[str, Series], now: dt.datetime) -> None:
    """Title, series, time (with its time zone), presenter, platform, measures, the action the state
    allows, a calendar file, presenter mode and the QR code of the session's page."""
    state = training.state_of(session, now)
    page_url = training.session_page_url(session.session_id, ctx.lang)
    with st.container(border=True, key=f"session-{session.session_id}"):
        text, qr = st.columns([5, 1], vertical_alignment="center")
        with text:
            st.subheader(ctx.pick(session.title), anchor=False)
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
                f"{ctx.t('training.presenter')}: {training.translated(ctx.lang, 'presenters', session.presenter)}  \n"
                f"{ctx.t('training.platform')}: {training.translated(ctx.lang, 'platforms', session.platform)}"
            )
            _measure_links(ctx, session)
            with st.container(horizontal=True, gap="small"):
                _action(ctx, session, now)
                st.download_button(
                    ctx.t("training.ics_download"),
                    lambda: training.session_ics(session, ctx.lang, now),
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
        with qr:
            # PNG at its own size: st.image would otherwise re-encode it (JPEG, resampled) and blur the modules
            st.image(
                data.qr_png(page_url, 4),
                caption=ctx.t("training.qr_caption"),
                output_format="PNG",
                alt=ctx.t("training.qr_alt", url=page_url),
            )


def session_list(ctx: PageContext, sessions: Sequence[Session], series: dict[str, Series], now: dt.datetime) -> None:
    if not sessions:
        st.info(ctx.t("training.no_sessions"), icon=":material/filter_alt_off:")
    for session in sessions:
        session_card(ctx, session, series, now)
