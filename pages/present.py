"""Presenter mode (放映模式) for livestreams: ?present=<session id>&slide=N, run by the router as the
only page. Slide 0 (also a link without ?slide) is the start screen: where the QR code points, a
warning when that is a loopback address, and a rehearsal check of every slide.

The deck is built from the session's row in datasets/training/sessions.csv (no code): a title slide,
one chart slide per indicator id in `slides`, one policy slide per measure in `measures`, and a
closing slide with the QR code of the session's page and the contact channels. A bad row elsewhere in
the file leaves this deck alone; without the database only the chart slides say they cannot show data.
"""

import streamlit as st

from dashboard import training
from dashboard.components import slides
from dashboard.components.filters import SHOWN_CHARACTERS
from dashboard.components.safe_text import plain
from dashboard.context import content_context
from dashboard.views import rehearsal
from dashboard.views import training as training_views

# --- title and session ----------------------------------------------------------------
ctx = content_context()
slides.hide_chrome()
session_id = st.query_params.get("present", "")
schedule = training_views.load_schedule(ctx, stop_when_unreadable=False)
session = training.session_by_id(schedule.sessions, session_id)

# --- empty state -------------------------------------------------------------------------
if session is None:
    if not schedule.unreadable and not training_views.session_problems(ctx, schedule, session_id):
        st.error(ctx.t("present.not_found", session_id=plain(session_id[:SHOWN_CHARACTERS])))
    st.link_button(ctx.t("present.back"), f"./{training.TRAINING_URL_PATH}?lang={ctx.lang}", icon=":material/arrow_back:")
    st.stop()

# --- data: the deck and where we are in it ------------------------------------------------
deck = training.deck(session)
index = training.slide_index(st.query_params.get("slide"), len(deck))
if st.query_params.get("slide") != str(index):
    st.query_params["slide"] = str(index)

# --- start screen (address check, rehearsal), or the slide, its controls and the timer ---------------
if index == 0:
    rehearsal.start_screen(ctx, session, deck)
    st.stop()
slides.show(ctx, session, deck[index - 1])
slides.controls(ctx, session, index, len(deck))
slides.hide_idle_controls()
slides.auto_advance(index, len(deck))
