"""Pieces of the measure page: the measure selector (number and title) and the contact channels
(phone lines as tel: links, official portals as links to the authorities' own sites)."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from dashboard import i18n, policies
from dashboard.components.filters import keep_in_url, unknown_url_values, url_values
from dashboard.components.reading_mode import url_params as reading_params
from dashboard.context import PageContext
from dashboard.policies import Channel, escape_markdown
from dashboard.policies.content import IndicatorLink

MEASURE_PARAM = "measure"  # ?measure=8
MEASURE_KEY = "measure-choice"  # widget key: the training page's measure filter uses "measure"


def measure_label(ctx: PageContext, number: int) -> str:
    """ "8 · 推进减免税快速审核" — what the selector shows for a measure."""
    return f"{number} · {ctx.pick(policies.measure(number).title)}"


def measure_choice(ctx: PageContext) -> int:
    """The measure selector, started at ?measure=N (an unknown number is named and dropped) and
    kept in the URL as the number, whatever the language."""
    numbers = list(policies.measures())
    if MEASURE_KEY not in st.session_state:
        wanted = url_values(MEASURE_PARAM)
        known = [int(value) for value in wanted if value.isdigit() and int(value) in numbers]
        unknown_url_values(MEASURE_PARAM, [value for value in wanted if not (value.isdigit() and int(value) in numbers)])
        st.session_state[MEASURE_KEY] = known[0] if known else numbers[0]
    number = st.selectbox(ctx.t("policies.select_measure"), numbers, format_func=lambda n: measure_label(ctx, n), key=MEASURE_KEY)
    keep_in_url(MEASURE_PARAM, str(number), str(numbers[0]))
    return number


def related_links(ctx: PageContext, numbers: Sequence[int]) -> None:
    """Links to the measures a reader of this one should also see, keeping language and reading mode."""
    for number in numbers:
        st.page_link(
            "pages/measure.py",
            label=ctx.t("policies.measure_heading", n=number, title=escape_markdown(ctx.pick(policies.measure(number).title))),
            icon=":material/link:",
            query_params={MEASURE_PARAM: str(number), "lang": ctx.lang, **reading_params()},
        )


def guide_link(lang: str, label_key: str, **answers: str) -> None:
    """The guide for traders ("which measures apply to me?"), in the reader's language, with any answers given."""
    st.page_link(
        "pages/guide.py",
        label=i18n.t(lang, label_key),
        icon=":material/explore:",
        query_params={**answers, "lang": lang, **reading_params()},
    )


def channel_cards(ctx: PageContext, channels: Sequence[Channel]) -> None:
    """One card per channel, two to a row (one on phones): name, kind, how to reach it, what it is for."""
    columns = st.columns(2)
    for index, channel in enumerate(channels):
        with columns[index % 2], st.container(border=True, key=f"channel-{channel.id}"):
            st.markdown(f"{channel.icon} **{escape_markdown(ctx.pick(channel.name))}** · {ctx.t('policies.kind.' + channel.kind)}")
            contact = escape_markdown(ctx.pick(channel.contact))
            if channel.tel:  # a number checked to be digits: safe in a link
                contact = f"[:material/call: {ctx.t('policies.call', number=channel.tel)}](tel:{channel.tel})"
            colon = "：" if i18n.is_chinese(ctx.lang) else ": "
            st.markdown(f"**{ctx.t('policies.contact')}**{colon}{contact}")
            if channel.url and policies.official_url(channel.url):
                st.markdown(f"[:material/open_in_new: {ctx.t('policies.open_site', host=channel.host)}]({channel.url})")
            st.caption(escape_markdown(ctx.pick(channel.description)))


def link_filters(link: IndicatorLink) -> dict[str, tuple[str, ...]]:
    """The filters that make the indicator this measure's own, as a card's chosen filters."""
    return dict(link.filters)


def link_words(ctx: PageContext, link: IndicatorLink) -> str:
    """What the card below shows for this measure: an outcome narrowed to what the measure covers
    (its filters in words), an outcome as it stands, or context."""
    if link.role == "context":
        return ctx.t("policies.role_context")
    if not link.filters:
        return ctx.t("policies.role_outcome")
    words = " · ".join(i18n.code_label(ctx.lang, FILTER_CODES.get(key, key), code) for key, codes in link.filters for code in codes)
    return ctx.t("policies.role_outcome_narrowed", scope=words)


# a filter key -> the code table its values are named in (datasets/i18n, code.*)
FILTER_CODES = {"modes": "transport_mode", "directions": "direction"}
