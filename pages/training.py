"""Training schedule (measure 15): upcoming and past livestreams, calendar files, QR codes, presenter mode.

?session=<id> puts that session first (the QR codes point here). "Now" is the real time in Beijing;
tests inject another through st.session_state["training.now"]. The schedule is a file, so this page
works without the database; a bad row hides its session and says why, for the trainer.
"""

import streamlit as st

from dashboard import policies, training
from dashboard.components.filters import SHOWN_CHARACTERS, choice_ui
from dashboard.components.safe_text import plain
from dashboard.context import content_context
from dashboard.views import training as views

# --- title and filters ---------------------------------------------------------------
ctx = content_context()
st.title(ctx.t("page.training"))
schedule = views.load_schedule(ctx)
sessions = schedule.sessions
views.schedule_demo_label(ctx, sessions)
st.markdown(ctx.t("training.intro"))
series = training.load_series()
chosen_series = choice_ui(ctx, "series", "training.filter_series", list(series), lambda s: ctx.pick(series[s].name))
chosen_measures = choice_ui(
    ctx, "measure", "training.filter_measure", [str(n) for n in training.MEASURE_NUMBERS],
    lambda n: f"{ctx.t('training.measure_number', number=n)} · {ctx.pick(policies.measure(int(n)).title)}",
)  # fmt: skip

# --- data ----------------------------------------------------------------------------
now = st.session_state.get("training.now") or training.now_local()
shown = training.filter_sessions(sessions, chosen_series, tuple(int(n) for n in chosen_measures))
upcoming = [s for s in shown if training.is_upcoming(s, now)]
past = [s for s in reversed(shown) if not training.is_upcoming(s, now)]
focused_id = st.query_params.get("session")
focused = training.session_by_id(sessions, focused_id)

# --- calendar feed, then the session opened by link or QR code ---------------------------
views.feed_download(ctx, shown, now)
views.page_qr(ctx, focused)
if focused_id and focused is None and not views.session_problems(ctx, schedule, focused_id):
    st.warning(ctx.t("training.not_found", session_id=plain(focused_id[:SHOWN_CHARACTERS])))
if focused is not None:
    st.header(ctx.t("training.focused"), anchor=False)
    views.session_card(ctx, focused, series, now)

# --- schedule --------------------------------------------------------------------------
upcoming_tab, past_tab = st.tabs([ctx.t("training.tab_upcoming"), ctx.t("training.tab_past")], key="tab", bind="query-params")
if upcoming_tab.open:
    with upcoming_tab:
        views.session_list(ctx, [s for s in upcoming if s is not focused], series, now, key="upcoming")
if past_tab.open:
    with past_tab:
        views.session_list(ctx, [s for s in past if s is not focused], series, now, key="past")
with st.expander(ctx.t("training.present"), icon=":material/slideshow:"):
    st.markdown(ctx.t("training.deck_help"))
views.schedule_problems(ctx, schedule)
