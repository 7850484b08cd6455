"""Filter widgets. Each is bound to a URL query parameter so a copied link reproduces the view,
and returns the viewer's choice as plain values or a small dataclass."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import streamlit as st

from dashboard import i18n
from dashboard.context import PageContext

GRAINS = ("day", "week", "month", "quarter", "year")


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date
    grain: str

    def slug(self) -> str:
        return f"{self.start:%Y%m%d}-{self.end:%Y%m%d}-{self.grain}"


def period_ui(ctx: PageContext, first: dt.date, last: dt.date, default_grain: str = "month", grains: Sequence[str] = GRAINS) -> Period:
    """Date range and time grain in the sidebar; defaults to all the data there is."""
    sidebar = st.sidebar
    sidebar.subheader(ctx.t("filter.period"))
    start = sidebar.date_input(ctx.t("filter.from"), value=first, min_value=first, max_value=last, key="from", bind="query-params")
    end = sidebar.date_input(ctx.t("filter.to"), value=last, min_value=first, max_value=last, key="to", bind="query-params")
    grain = sidebar.selectbox(
        ctx.t("filter.grain"), list(grains), index=list(grains).index(default_grain), format_func=lambda g: ctx.t(f"grain.{g}"), key="grain", bind="query-params"
    )
    start, end = (start or first), (end or last)
    if start > end:
        start, end = end, start
    return Period(start, end, grain)


def choice_ui(ctx: PageContext, key: str, label_key: str, options: Sequence[str], format_func: Callable[[str], str]) -> tuple[str, ...]:
    """A multi-select in the sidebar; nothing selected means all."""
    chosen = st.sidebar.multiselect(
        ctx.t(label_key), list(options), format_func=format_func, key=key, bind="query-params", placeholder=ctx.t("filter.all")
    )
    return tuple(chosen)


def split_ui(ctx: PageContext, options: Sequence[str]) -> str | None:
    """One dimension to compare by (e.g. AEO vs non-AEO), or none."""
    choice = st.sidebar.selectbox(
        ctx.t("filter.split"),
        ["none", *options],
        format_func=lambda o: ctx.t("filter.split_none") if o == "none" else i18n.code_label(ctx.lang, "flag", o),
        key="split",
        bind="query-params",
    )
    return None if choice == "none" else choice
