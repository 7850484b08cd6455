"""The guide for traders: "which measures apply to me?". The reader picks what they do (import or
export, goods, transport, where the company is, AEO) and gets the measures that apply, most
relevant first, each with one plain sentence from its text, the steps, whom to call and its
indicators. The answers live in the URL (?trade=export&goods=fresh_produce&move=truck&where=elsewhere),
so a guide can be shared. Content only (datasets/policies/guide.yaml): it works without the store.
"""

import streamlit as st

from dashboard.components.reading_mode import url_params as reading_params
from dashboard.context import content_context
from dashboard.policies import guide
from dashboard.views import guide as views

# --- title and questions --------------------------------------------------------------
ctx = content_context(needs_registry=True)
content = guide.guide()
st.title(ctx.t("page.guide"), anchor=False)
st.markdown(ctx.t("guide.intro"))
answers = views.answers_ui(ctx, content)
st.caption(f":material/share: {ctx.t('guide.share_note')}")

# --- data ------------------------------------------------------------------------------
found = guide.matches(answers, content)

# --- empty state -------------------------------------------------------------------------
if not any(answers.values()):
    st.info(ctx.t("guide.start"), icon=":material/touch_app:")
    st.stop()

# --- measures that apply, and whom to ask outside Shenzhen ---------------------------------
if "elsewhere" in answers.get("where", ()):
    views.outside_shenzhen(ctx, content)
st.header(ctx.t("guide.results", count=len(found)), anchor=False)
if not found:
    st.info(ctx.t("guide.none"), icon=":material/search_off:")
for match in found:
    views.measure_card(ctx, content, match, answers)
st.page_link("pages/policies.py", label=ctx.t("guide.browse"), icon=":material/list:", query_params={"lang": ctx.lang, **reading_params()})
