"""One measure for the public: plain-language guide, steps, contacts, the official Chinese text,
and the indicators that track it. Deep link: ?measure=N (1-15), with &lang=... as everywhere."""

import datetime as dt

import streamlit as st

from dashboard import policies, registry
from dashboard.components.card import indicator_card
from dashboard.components.glossary import glossary_row
from dashboard.components.identity import set_identity
from dashboard.components.reading_mode import url_params as reading_params
from dashboard.components.shell import demo_label
from dashboard.context import content_context
from dashboard.periods import Period
from dashboard.policies import escape_markdown, glossary
from dashboard.views import policies as views

# --- title and measure choice -------------------------------------------------------------
ctx = content_context(needs_registry=True)  # the measure's text is files: it shows without the store
choice, back = st.columns([3, 2], vertical_alignment="bottom")
with choice:
    number = views.measure_choice(ctx)
with back:
    st.page_link(
        "pages/policies.py",
        label=ctx.t("policies.back_to_list"),
        icon=":material/arrow_back:",
        query_params={"lang": ctx.lang, **reading_params()},
    )
item = policies.measure(number)
set_identity(
    ctx, ctx.t("policies.measure_heading", n=item.number, title=ctx.pick(item.title)), ctx.pick(item.summary)
)  # tab title, share card
source = item.source
st.title(ctx.t("policies.measure_heading", n=item.number, title=escape_markdown(ctx.pick(item.title))), anchor=False)
st.caption(ctx.t("policies.area", title=escape_markdown(ctx.pick(policies.areas()[item.area].title))))

# --- data ----------------------------------------------------------------------------------
indicators = [registry.indicators()[indicator_id] for indicator_id in item.indicators]


def all_data(dataset: str) -> Period:
    """Every month the store holds for the dataset behind an indicator."""
    first, last = ctx.first_record(dataset), ctx.covered_through(dataset)
    return Period(first or source.published, last or max(first or source.published, dt.date.today()), "month")


# --- plain language -------------------------------------------------------------------------
st.header(ctx.t("policies.summary"), anchor=False)
st.markdown(escape_markdown(ctx.pick(item.summary)))
plain_texts = [ctx.pick(text) for text in (item.summary, item.audience, item.what_changes, *item.how_to)]
glossary_row(
    ctx, glossary.in_texts(plain_texts) + [t for t in glossary.for_page("measure") if t not in glossary.in_texts(plain_texts)], "measure"
)
who, what = st.columns(2)
with who:
    st.header(ctx.t("policies.audience"), anchor=False)
    st.markdown(escape_markdown(ctx.pick(item.audience)))
with what:
    st.header(ctx.t("policies.what_changes"), anchor=False)
    st.markdown(escape_markdown(ctx.pick(item.what_changes)))
st.header(ctx.t("policies.how_to"), anchor=False)
if item.how_to:
    st.markdown("\n".join(f"{step}. {escape_markdown(ctx.pick(text))}" for step, text in enumerate(item.how_to, start=1)))
else:
    st.info(ctx.t("policies.no_steps"), icon=":material/info:")
st.caption(ctx.t("policies.plain_note"))

# --- related measures ---------------------------------------------------------------------------
if item.related:
    st.header(ctx.t("policies.related"), anchor=False)
    views.related_links(ctx, item.related)

# --- contact channels -------------------------------------------------------------------------
st.header(ctx.t("policies.channels"), anchor=False)
views.channel_cards(ctx, [policies.channels()[channel_id] for channel_id in item.channels])

# --- official text (Chinese, as published) ------------------------------------------------------
st.header(ctx.t("policies.official"), anchor=False)
st.caption(ctx.t("policies.official_note"))
with st.container(border=True, key="official-text"):
    st.markdown(f"**{ctx.t('policies.official_text')}**")
    st.markdown(escape_markdown(item.official_text_zh))
    st.markdown(f"**{ctx.t('policies.official_explanation')}**")
    st.markdown(escape_markdown(item.official_explanation_zh))
    st.caption(
        ctx.t(
            "policies.source",
            publisher=escape_markdown(source.publisher),
            title=escape_markdown(source.title),
            date=source.published.isoformat(),
        )
    )

# --- indicators --------------------------------------------------------------------------------
st.header(ctx.t("policies.indicators"), anchor=False)
st.caption(ctx.t("policies.indicators_note"))
demo_notice = st.container()  # with the data, below the official text; filled once the cards know what they show
if ctx.store_problem:
    st.info(ctx.t("errors.cards_no_store", reason=ctx.store_problem), icon=":material/database:")
cards = []
for indicator in [] if ctx.store_problem else indicators:
    link = item.link(indicator.id)
    st.caption(views.link_words(ctx, link))  # outcome narrowed to what the measure covers, or context
    cards.append(indicator_card(ctx, indicator, all_data(indicator.dataset), views.link_filters(link)))
with demo_notice:
    demo_label(ctx, *dict.fromkeys(card.indicator.dataset for card in cards if card.is_demo))
