"""Notices several components show: the empty state. Its own module so filters and the page shell
can both use it without importing each other."""

from __future__ import annotations

import streamlit as st

from dashboard.context import PageContext


def empty_state(ctx: PageContext) -> None:
    st.info(ctx.t("app.empty"), icon=":material/filter_alt_off:")
