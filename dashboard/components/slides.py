"""Presenter mode (放映模式): chrome-free slides in big type for a livestream, next/previous controls
that hide after a few seconds without mouse movement, and an auto-advance timer. The slide number
lives in the URL (?slide=N, 0 the start screen: dashboard/views/rehearsal.py); the timer in
session state. Sized for a 1280x720 stream: numbers never break inside, the big value shrinks to fit
its column, charts show no toolbar and take no focus frame, and the QR code shows its address."""

from __future__ import annotations

import datetime as dt
import html
import time

import streamlit as st

from dashboard import data, i18n, policies, registry, training
from dashboard.components import charts
from dashboard.components.app_address import own_hosts, session_page_url
from dashboard.components.card import card_status_badge
from dashboard.components.card_chart import card_figure
from dashboard.components.exports import image_config, stamp
from dashboard.components.safe_text import limited_markdown, plain
from dashboard.context import PageContext, store_message
from dashboard.models.card_model import CardData, as_of_line, card_data, change_text, period_phrase, source_text
from dashboard.periods import Period
from dashboard.training import Session, Slide

INTERVALS_SECONDS = (10, 20, 30)
RUNNING_KEY = "present.running"  # bool: the auto-advance timer is on
INTERVAL_KEY = "present.interval"  # seconds between slides
SINCE_KEY = "present.since"  # monotonic time of the last slide change
CHART_YEARS = 4  # an indicator slide charts at most the last four years of data

# Hide every piece of app chrome; type sized for a 1280x720 stream watched on a phone.
CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stSidebarNav"],
header, [data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"],
[data-testid="stStatusWidget"], footer { display: none !important; }
[data-testid="stMainBlockContainer"] { padding: 1.25rem 2.5rem 5rem; max-width: 100%; }
.st-key-slide h1 { font-size: 3.25rem; line-height: 1.2; padding: 0.25rem 0 0.5rem; }
.st-key-slide p, .st-key-slide li { font-size: 1.6rem; line-height: 1.5; }
.st-key-slide .slide-kicker p { font-size: 1.5rem; color: #1f5aa6; font-weight: 600; margin: 0; }
.st-key-slide .slide-value { font-size: 5.5rem; font-weight: 700; line-height: 1.05; color: #1f2937; }
.st-key-slide .slide-value span, .st-key-slide .slide-phone, .st-key-slide .slide-change { white-space: nowrap; }
.st-key-slide h1 { overflow-wrap: anywhere; }
.st-key-slide .slide-value .slide-unit { font-size: 0.5em; font-weight: 600; }
.st-key-slide .slide-qr-address p { font-size: 1.1rem; color: #333; overflow-wrap: anywhere; margin: 0; }
.st-key-slide [data-testid="stPlotlyChart"], .st-key-slide [data-testid="stPlotlyChart"] *:focus,
.st-key-slide [data-testid="stPlotlyChart"]:focus-within { outline: none !important; box-shadow: none !important; }
.st-key-slide .slide-note p { font-size: 1.3rem; color: #444; }
.st-key-slide .slide-phone { font-size: 2.6rem; font-weight: 700; }
.st-key-slide .stMarkdownBadge { font-size: 1.25rem !important; }
.st-key-present-controls { position: fixed; left: 0; right: 0; bottom: 0; z-index: 99; background: #fff;
  border-top: 1px solid #ddd; padding: 0.5rem 2.5rem; transition: opacity 0.4s; }
body.present-idle .st-key-present-controls:not(:focus-within) { opacity: 0; pointer-events: none; }
body.present-idle { cursor: none; }
.st-key-present-idle { position: absolute; width: 1px; height: 1px; overflow: hidden; opacity: 0; }
</style>
"""


# Hides the controls (and the pointer) after IDLE_MS without mouse movement, touch or key press; any
# of them brings the controls back. Runs in the app's page (the component's iframe is same-origin),
# once per tab, so it survives the reruns that move between slides.
IDLE_MS = 3000
IDLE_SCRIPT = """
<script>
(function () {
  const page = window.parent;
  if (page.__presentIdle) { page.__presentIdle.wake(); return; }
  const body = page.document.body;
  let timer = null;
  const wake = () => {
    body.classList.remove("present-idle");
    page.clearTimeout(timer);
    timer = page.setTimeout(() => body.classList.add("present-idle"), IDLE_MS);
  };
  ["mousemove", "mousedown", "touchstart", "keydown"].forEach((name) => page.document.addEventListener(name, wake, {passive: true}));
  page.__presentIdle = {wake};
  wake();
})();
</script>
""".replace("IDLE_MS", str(IDLE_MS))


def hide_chrome() -> None:
    st.html(CSS)


def hide_idle_controls() -> None:
    with st.container(key="present-idle"):  # out of the layout and out of the tab order
        st.iframe(IDLE_SCRIPT, height=1, tab_index=-1)


def _text(text: str) -> str:
    """Content inside the slides' own HTML: neither a tag nor Markdown (link, image) from it renders."""
    return plain(html.escape(text))


def labelled(ctx: PageContext, label_key: str, value: str) -> str:
    """ "主讲：…" / "Presenter: …": the label's colon is the language's own."""
    return ctx.t("training.label_value", label=ctx.t(label_key), value=value)


def _kicker(text: str) -> None:
    st.markdown(f'<div class="slide-kicker">\n\n{_text(text)}\n\n</div>', unsafe_allow_html=True)


def _note(text: str) -> None:
    st.markdown(f'<div class="slide-note">\n\n{_text(text)}\n\n</div>', unsafe_allow_html=True)


def _demo_badge(ctx: PageContext) -> None:
    st.badge(ctx.t("app.demo_badge"), color="orange", icon=":material/science:")


def title_slide(ctx: PageContext, session: Session) -> None:
    series = training.load_series().get(session.series)
    _kicker(ctx.pick(series.name) if series else session.series)
    st.title(plain(ctx.pick(session.title)), anchor=False)
    duration = i18n.format_value(session.duration_minutes, "minutes", 0, ctx.lang)
    st.markdown(f":material/schedule: **{training.format_start(session.start, ctx.lang)}** · {duration}")
    st.markdown(
        labelled(ctx, "training.presenter", plain(training.translated(ctx.lang, "presenters", session.presenter)))
        + "  \n"
        + labelled(ctx, "training.platform", plain(training.translated(ctx.lang, "platforms", session.platform)))
    )
    measures = " · ".join(ctx.t("training.measure_number", number=m) for m in session.measures)
    _note(labelled(ctx, "training.measures", measures))
    if session.is_demo:
        _demo_badge(ctx)


def _period(ctx: PageContext, dataset: str) -> Period | None:
    first, last = ctx.first_record(dataset), ctx.covered_through(dataset)
    if first is None or last is None:
        return None
    return Period(max(first, last.replace(year=last.year - CHART_YEARS) + dt.timedelta(days=1)), last, "month")


def _slide_figure(ctx: PageContext, figure, period: Period):
    """The card's chart made for a slide: no title (the slide has it), fewer ticks, the unit above the axis."""
    unit = figure.layout.yaxis.title.text  # CJK units turn sideways on a vertical axis title: put it above the axis
    figure.update_yaxes(title_text=None, automargin=True)
    # above the plot, starting at its left edge: anchored to the right of x=0 it ran off the figure and was cut
    figure.add_annotation(text=unit, xref="paper", yref="paper", x=0, y=1.0, xanchor="left", yanchor="bottom", yshift=4, showarrow=False)
    figure.update_xaxes(nticks=6, tickangle=0, automargin=True)
    figure.update_layout(title_text="", height=380, margin={"t": 44})
    return charts.legend_below(figure)  # its legend placed again for the slide's height


def indicator_card(ctx: PageContext, indicator_id: str) -> tuple[CardData | None, Period | None, str | None]:
    """The card an indicator slide shows, its period, and why there is none: a reason the database
    cannot be read, "no_data", or "empty_chart" (rows but no value to plot)."""
    indicator = registry.indicators()[indicator_id]
    if ctx.store_problem:  # a deck without its database still runs: this slide says why it has no chart
        return None, None, ctx.store_problem
    period = _period(ctx, indicator.dataset)
    try:
        card = card_data(ctx, indicator, period) if period else None
    except data.StoreError as error:
        return None, None, store_message(ctx.lang, error)
    if card is None or card.values.empty:
        return None, period, "no_data"
    if card.values["value"].isna().all():
        return None, period, "empty_chart"
    return card, period, None


def value_pieces(ctx: PageContext, card: CardData, unit: str, decimals: int) -> tuple[str, ...]:
    """The big value as pieces that must not break inside: the number and its unit."""
    if unit == "share":
        return (i18n.format_value(card.latest.value, unit, decimals, ctx.lang),)
    return (i18n.format_number(card.latest.value, decimals, ctx.lang), ctx.t(f"unit.{unit}"))


def _big_value(ctx: PageContext, pieces: tuple[str, ...]) -> None:
    size = training.value_font_px(pieces) or training.VALUE_FONT_PX[-1]
    gap = " " if ctx.lang == "en" else ""
    spans = f"<span>{_text(pieces[0])}</span>" + "".join(f'{gap}<span class="slide-unit">{_text(piece)}</span>' for piece in pieces[1:])
    st.markdown(f'<div class="slide-value" style="font-size: {size}px">{spans}</div>', unsafe_allow_html=True)


def indicator_slide(ctx: PageContext, indicator_id: str) -> None:
    """One indicator, big: latest value, status, one-line definition, demo label, chart."""
    indicator = registry.indicators()[indicator_id]
    _kicker(labelled(ctx, "training.measures", " · ".join(ctx.t("training.measure_number", number=m) for m in indicator.measures)))
    st.title(ctx.pick(indicator.title), anchor=False)
    card, period, problem = indicator_card(ctx, indicator_id)
    if problem in ("no_data", "empty_chart"):
        st.info(ctx.t("present.no_data"))
        return
    if card is None or period is None:
        st.info(ctx.t("errors.slide_no_store", reason=problem), icon=":material/database:")
        return
    latest = card.latest
    facts, chart = st.columns([1, 2], gap="large")
    with facts:
        _note(ctx.t("present.latest") + (f" · {period_phrase(ctx, card)}" if latest.period is not None else ""))
        _big_value(ctx, value_pieces(ctx, card, indicator.unit, indicator.decimals))
        change = change_text(card, ctx.lang)
        if change:
            st.markdown(f'<div class="slide-note slide-change">\n\n{_text(change)}\n\n</div>', unsafe_allow_html=True)
        with st.container(horizontal=True, gap="small"):
            card_status_badge(ctx, card)
            if card.is_demo:
                _demo_badge(ctx)
        _note(as_of_line(ctx, card))
    with chart:
        figure = _slide_figure(ctx, card_figure(ctx, card, period, big=True), period)
        figure = stamp(ctx, figure, source_text(ctx, indicator), card.covered_through, card.is_demo)
        # no toolbar, no hover or drag: a click on a live stream changes nothing and draws no frame
        config = {**image_config(card.file_name.removesuffix(".csv"), False, ctx.lang), "displayModeBar": False, "staticPlot": True}
        st.plotly_chart(figure, config=config, theme=None, key=f"slide-chart-{indicator.id}")  # keep the big fonts
    _note(labelled(ctx, "present.definition", ctx.pick(indicator.definition)))


def measure_slide(ctx: PageContext, number: int) -> None:
    content = policies.measure(number)
    _kicker(ctx.t("present.measure", number=number))
    st.title(ctx.pick(content.title), anchor=False)
    st.markdown(limited_markdown(ctx.pick(content.summary), own_hosts()))


def closing_slide(ctx: PageContext, session: Session) -> None:
    """The QR code of the session's page and whom to ask."""
    _kicker(ctx.pick(session.title))
    st.title(ctx.t("present.scan"), anchor=False)
    page_url = session_page_url(session.session_id, ctx.lang)
    qr, contacts = st.columns([2, 3], gap="large", vertical_alignment="top")
    with qr:
        st.image(data.qr_png(page_url, 8), output_format="PNG", alt=ctx.t("training.qr_alt", url=page_url))
        st.html(f'<div class="slide-qr-address"><p>{html.escape(page_url)}</p></div>')  # the address, as text, under its code
    with contacts:
        st.header(ctx.t("present.contacts"), anchor=False)
        for channel in training.contact_channels(session)[:6]:
            if channel.kind == "phone":
                st.markdown(
                    f'<span class="slide-phone">{_text(ctx.pick(channel.contact))}</span> {_text(ctx.pick(channel.name))}',
                    unsafe_allow_html=True,
                )
            else:
                st.markdown(f"**{plain(ctx.pick(channel.name))}**")


def show(ctx: PageContext, session: Session, slide: Slide) -> None:
    with st.container(key="slide"):
        if slide.kind == "title":
            title_slide(ctx, session)
        elif slide.kind == "indicator":
            indicator_slide(ctx, str(slide.ref))
        elif slide.kind == "measure":
            measure_slide(ctx, int(slide.ref or 0))
        else:
            closing_slide(ctx, session)


# --- controls and timer ----------------------------------------------------------------------


def go(number: int) -> None:
    st.query_params["slide"] = str(number)
    st.session_state[SINCE_KEY] = time.monotonic()


def _toggle_timer() -> None:
    st.session_state[RUNNING_KEY] = not st.session_state.get(RUNNING_KEY, False)
    st.session_state[SINCE_KEY] = time.monotonic()


def controls(ctx: PageContext, session: Session, index: int, total: int) -> None:
    """Previous / next (also ← / → keys), slide counter, timer interval and start/pause, help."""
    running = st.session_state.get(RUNNING_KEY, False)
    with st.container(horizontal=True, gap="small", vertical_alignment="center", key="present-controls"):
        st.button(
            ctx.t("present.previous"),
            icon=":material/arrow_back:",
            on_click=go,
            args=(index - 1,),
            disabled=index <= 1,
            shortcut="left",
            key="present-previous",
        )
        st.markdown(ctx.t("present.slide_of", number=index, total=total), width="content")
        st.button(
            ctx.t("present.next"),
            icon=":material/arrow_forward:",
            on_click=go,
            args=(index + 1,),
            disabled=index >= total,
            shortcut="right",
            type="primary",
            key="present-next",
        )
        st.space("medium")
        st.segmented_control(
            ctx.t("present.timer"), INTERVALS_SECONDS, default=20, required=True, key=INTERVAL_KEY, label_visibility="collapsed",
            format_func=lambda s: ctx.t("present.interval", seconds=s),
        )  # fmt: skip
        st.button(
            ctx.t("present.pause_timer") if running else ctx.t("present.start_timer"),
            icon=":material/pause:" if running else ":material/play_arrow:", on_click=_toggle_timer, key="present-timer",
        )  # fmt: skip
        with st.popover(ctx.t("present.help"), icon=":material/help:"):
            st.markdown(ctx.t("present.keys"))
            st.markdown(ctx.t("training.deck_help"))
            st.button(ctx.t("present.back_to_start"), on_click=go, args=(0,), icon=":material/checklist:", key="present-to-start")
            st.link_button(ctx.t("present.back"), training.schedule_path(session.session_id, ctx.lang), icon=":material/arrow_back:")


def _tick(index: int, total: int, seconds: int) -> None:
    """Runs every `seconds` while the timer is on: move to the next slide (after the last, the first)."""
    now = time.monotonic()
    since = st.session_state.setdefault(SINCE_KEY, now)
    if now - since >= seconds - 0.5:
        go(index % total + 1)
        st.rerun(scope="app")


def auto_advance(index: int, total: int) -> None:
    if not st.session_state.get(RUNNING_KEY, False):
        return
    seconds = int(st.session_state.get(INTERVAL_KEY) or 20)
    st.fragment(_tick, run_every=seconds)(index, total, seconds)
