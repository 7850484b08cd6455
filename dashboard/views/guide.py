"""Pieces of the guide for traders: the questions (each kept in the URL as option ids, so a guide can
be shared in WeChat), one card per measure that applies, and what a reader outside Shenzhen is told.
What the guide says comes from datasets/policies/guide.yaml and the measures' own files."""

from __future__ import annotations

import streamlit as st

from dashboard import i18n, policies, registry
from dashboard.components.filters import keep_in_url, unknown_url_values, url_values
from dashboard.components.glossary import glossary_row
from dashboard.components.reading_mode import url_params as reading_params
from dashboard.context import PageContext
from dashboard.policies import Channel, escape_markdown, glossary
from dashboard.policies.guide import Answers, Guide, Match, Question

WIDGET_PREFIX = "guide-"  # widget keys; the URL carries the question's own id (?trade=export)


def _seed(question: Question) -> None:
    """The first run of a session starts each question at the link's answer (unknown ones named and dropped)."""
    key = WIDGET_PREFIX + question.id
    if key in st.session_state:
        return
    known = {option.id for option in question.options}
    wanted = url_values(question.id)
    unknown_url_values(question.id, [value for value in wanted if value not in known])
    chosen = list(dict.fromkeys(value for value in wanted if value in known))
    st.session_state[key] = chosen if question.many else (chosen[0] if chosen else None)


def answers_ui(ctx: PageContext, content: Guide) -> dict[str, tuple[str, ...]]:
    """One row of choices per question; the answers, kept in the URL as option ids."""
    answers: dict[str, tuple[str, ...]] = {}
    for question in content.questions:
        _seed(question)
        labels = {option.id: ctx.pick(option.label) for option in question.options}
        value = st.pills(
            ctx.pick(question.prompt),
            [option.id for option in question.options],
            selection_mode="multi" if question.many else "single",
            format_func=labels.__getitem__,
            key=WIDGET_PREFIX + question.id,
        )
        chosen: tuple[str, ...] = tuple(value) if isinstance(value, list) else ((value,) if value else ())
        keep_in_url(question.id, list(chosen), [])
        answers[question.id] = chosen
    return answers


def channel_line(ctx: PageContext, channel: Channel) -> str:
    """Markdown: the channel's name and how to reach it; a phone line as a tel: link."""
    name = escape_markdown(ctx.pick(channel.name))
    if channel.tel:  # checked to be digits: safe in a link
        return f"{channel.icon} **{name}** · [{ctx.t('policies.call', number=channel.tel)}](tel:{channel.tel})"
    contact = escape_markdown(ctx.pick(channel.contact))
    if channel.url and policies.official_url(channel.url):
        contact += f" [{ctx.t('policies.open_site', host=channel.host)}]({channel.url})"
    return f"{channel.icon} **{name}** · {contact}"


def outside_shenzhen(ctx: PageContext, content: Guide) -> None:
    """For a reader outside Shenzhen: plainly, whom to ask, with only the channels the text names."""
    with st.container(border=True, key="guide-outside"):
        st.subheader(f":material/location_away: {ctx.t('guide.outside_title')}", anchor=False)
        st.markdown(escape_markdown(ctx.pick(content.outside_text)))
        channels = policies.channels()
        st.markdown("\n".join(f"- {channel_line(ctx, channels[channel_id])}" for channel_id in content.outside_channels))


def _reasons(ctx: PageContext, content: Guide, match: Match) -> str:
    comma = "、" if i18n.is_chinese(ctx.lang) else ", "
    return comma.join(ctx.pick(content.question(q).option(o).label) for q, o in match.reasons)


def measure_card(ctx: PageContext, content: Guide, match: Match, answers: Answers) -> None:
    """One measure that applies: what changes for the reader (one sentence, with the official words
    it rests on), the steps, whom to contact, the indicators, and the full measure page."""
    item = policies.measure(match.rule.measure)
    with st.container(border=True, key=f"guide-measure-{item.number}"):
        st.subheader(ctx.t("policies.measure_heading", n=item.number, title=escape_markdown(ctx.pick(item.title))), anchor=False)
        if match.reasons:
            st.caption(ctx.t("guide.why", reasons=escape_markdown(_reasons(ctx, content, match))))
        st.markdown(f"**{ctx.t('guide.for_you')}**  \n{escape_markdown(ctx.pick(match.rule.for_you))}")
        with st.container(key=f"guide-{item.number}-official-text"):  # quoted as published, in Chinese in every language
            st.caption(ctx.t("guide.quote", quote=escape_markdown(match.rule.quote)))
        if match.rule.outside_shenzhen and "elsewhere" in answers.get("where", ()):
            st.info(
                ctx.t("guide.outside_measure", text=escape_markdown(ctx.pick(match.rule.outside_shenzhen))), icon=":material/location_away:"
            )
        st.markdown(f"**{ctx.t('guide.steps')}**")
        if item.how_to:
            st.markdown("\n".join(f"{n}. {escape_markdown(ctx.pick(step))}" for n, step in enumerate(item.how_to, start=1)))
        else:
            st.markdown(ctx.t("guide.no_steps"))
        glossary_row(
            ctx, glossary.in_texts([ctx.pick(match.rule.for_you), *(ctx.pick(step) for step in item.how_to)]), f"guide-{item.number}"
        )
        st.markdown(f"**{ctx.t('guide.channels')}**")
        channels = policies.channels()
        st.markdown("\n".join(f"- {channel_line(ctx, channels[channel_id])}" for channel_id in item.channels))
        titles = ("、" if i18n.is_chinese(ctx.lang) else "; ").join(ctx.pick(registry.indicators()[i].title) for i in item.indicators)
        st.caption(ctx.t("guide.indicators", titles=escape_markdown(titles)))
        st.page_link(
            "pages/measure.py",
            label=ctx.t("guide.open_measure", n=item.number),
            icon=":material/arrow_forward:",
            query_params={"measure": str(item.number), "lang": ctx.lang, **reading_params()},
        )
