"""Plain words where a term appears: one small button per glossary term, which opens its explanation
on a tap (a popover: no hover needed, so it works on phones and in reading mode)."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from dashboard.context import PageContext
from dashboard.policies.glossary import Term
from dashboard.policies.markdown import escape_markdown


def glossary_row(ctx: PageContext, terms: Sequence[Term], key: str) -> None:
    """'Plain words: [P90] [Median] …', each a tap-to-read explanation; nothing when there are no terms."""
    if not terms:
        return
    with st.container(horizontal=True, gap="small", vertical_alignment="center", key=f"glossary-{key}"):
        st.caption(ctx.t("glossary.label"), width="content")
        for term in terms:
            with st.popover(escape_markdown(ctx.pick(term.term)), icon=":material/help:", width="content"):
                st.markdown(f"**{escape_markdown(ctx.pick(term.term))}**  \n{escape_markdown(ctx.pick(term.explanation))}")
