"""The presenter's start screen (?slide=0), sized to fit a 1280x720 stream with "start" at the top
(→ starts too): a cancelled session says so first; where the QR codes and calendar links point (with
a warning, in the page's language and in plain words, when that address is a loopback one no
audience can open); each link the audience gets, built by the same functions the pages build it
with and checked against that address; and a rehearsal check (彩排检查) that lists every slide of the deck with a problem before going live:
no database, no data, an empty chart, a big value that would not fit its column, a slide taller
than the 720-pixel stream. Everything is computed on the server from the data and the text lengths
(dashboard.training.presenter holds the layout estimates)."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

import streamlit as st

from dashboard import policies, registry, training
from dashboard.components import slides
from dashboard.components.app_address import base_url, reached_base_url, session_calendar, session_page_url
from dashboard.components.safe_text import plain
from dashboard.context import PageContext
from dashboard.training import Session, Slide
from loaders import settings


@dataclass(frozen=True)
class SlideProblem:
    number: int  # 1-based slide number
    title: str
    kind: str  # no_store | no_data | empty_chart | value_clips | too_tall | loopback
    detail: str = ""


def _title(ctx: PageContext, session: Session, slide: Slide) -> str:
    if slide.kind == "title":
        return ctx.pick(session.title)
    if slide.kind == "indicator":
        return ctx.pick(registry.indicators()[str(slide.ref)].title)
    if slide.kind == "measure":
        return ctx.pick(policies.measure(int(slide.ref or 0)).title)
    return ctx.t("present.scan")


def _height(ctx: PageContext, session: Session, slide: Slide, title: str) -> int:
    if slide.kind == "indicator":
        definition = ctx.pick(registry.indicators()[str(slide.ref)].definition)
        note = (slides.labelled(ctx, "present.definition", definition),)
        return training.slide_height_px(title, note, (training.NOTE_FONT_PX, training.NOTE_LINE_PX), chart=True)
    if slide.kind == "measure":
        return training.slide_height_px(title, (ctx.pick(policies.measure(int(slide.ref or 0)).summary),))
    if slide.kind == "title":
        return training.slide_height_px(title, ("·", "·", "·"))
    return training.slide_height_px(title, ("·",), chart=True)  # the QR code is about a chart's height


def slide_problems(ctx: PageContext, session: Session, deck: tuple[Slide, ...], address: str) -> list[SlideProblem]:
    """Every problem of every slide, in slide order (an empty list: ready to go live)."""
    found: list[SlideProblem] = []
    for number, slide in enumerate(deck, start=1):
        title = _title(ctx, session, slide)

        def add(kind: str, detail: str = "", number: int = number, title: str = title) -> None:
            found.append(SlideProblem(number, title, kind, detail))

        if slide.kind == "indicator":
            indicator = registry.indicators()[str(slide.ref)]
            card, _, problem = slides.indicator_card(ctx, indicator.id)
            if problem in ("no_data", "empty_chart"):
                add(problem)
            elif card is None:
                add("no_store", problem or "")
            else:
                pieces = slides.value_pieces(ctx, card, indicator.unit, indicator.decimals)
                if training.value_font_px(pieces) is None:
                    add("value_clips", "".join(pieces))
        if slide.kind == "closing" and training.is_loopback(address):
            add("loopback", address)
        height = _height(ctx, session, slide, title)
        if height > training.STREAM_HEIGHT_PX:
            add("too_tall", str(height))
    return found


def address_notice(ctx: PageContext, address: str) -> None:
    """Where the QR codes and calendar links point (and why that address), and a warning when it is
    a loopback address nobody else can open."""
    problem = settings.PUBLIC_URL.problem()
    source = "setting" if settings.PUBLIC_URL.is_set() and not problem else "browser" if reached_base_url() else "default"
    if problem:  # set, but not an address anyone can open: said as it is, not as a loopback address
        st.error(ctx.t("present.address_invalid", setting=settings.PUBLIC_URL.name, problem=plain(problem)), icon=":material/link_off:")
    st.markdown(ctx.t(f"present.address_{source}", url=f"`{address}`", setting=f"`{settings.PUBLIC_URL.name}`"))
    if training.is_loopback(address):
        host = urlsplit(address).hostname or address
        st.warning(ctx.t("present.loopback", host=host, setting=settings.PUBLIC_URL.name), icon=":material/wifi_off:")


def audience_links(ctx: PageContext, session: Session) -> list[tuple[str, str]]:
    """(what, url) for every link into this dashboard the audience gets for the session: the QR
    code's page and the calendar file's links, each built by the function its page builds it with."""
    links = [("link_qr", session_page_url(session.session_id, ctx.lang))]
    calendar = session_calendar(session, ctx.lang, training.now_local())()
    return links + [("link_calendar", url) for url in training.dashboard_links(calendar)]


def link_problem(url: str, address: str) -> str | None:
    """Why the audience could not use `url`: it is a loopback address, or it leaves the address shown."""
    if training.is_loopback(url):
        return "loopback"
    return None if url.startswith(address.rstrip("/") + "/") else "link_elsewhere"


# The start screen fits the 1280x720 stream: the session's title slide below "start" is a preview, in smaller type.
START_CSS = """<style>
.st-key-present-start h2 { font-size: 1.6rem; padding: 0; }
.st-key-present-start p, .st-key-present-start li { font-size: 1rem; margin-bottom: 0.2rem; }
.st-key-present-start [data-testid="stAlert"] p { font-size: 0.95rem; }
.st-key-present-start ul { margin-bottom: 0; }
.st-key-slide.present-preview h1, .st-key-present-preview .st-key-slide h1 { font-size: 1.75rem; padding: 0.25rem 0; }
.st-key-present-preview .st-key-slide p, .st-key-present-preview .st-key-slide li,
.st-key-present-preview .st-key-slide .slide-kicker p, .st-key-present-preview .st-key-slide .slide-note p { font-size: 1rem; }
</style>"""


def start_screen(ctx: PageContext, session: Session, deck: tuple[Slide, ...]) -> None:
    """ "Start" first (the button and →), then a cancelled session's warning, the address check, the
    links the audience gets, the rehearsal, and the title slide as a preview."""
    address = base_url()
    st.html(START_CSS)
    with st.container(key="present-start", border=True):
        with st.container(horizontal=True, vertical_alignment="center", gap="medium"):
            st.header(ctx.t("present.start_title"), anchor=False, width="content")
            st.button(
                ctx.t("present.start"),
                icon=":material/play_arrow:",
                type="primary",
                on_click=slides.go,
                args=(1,),
                shortcut="right",
                key="present-start-button",
            )
            st.caption(ctx.t("present.start_keys"), width="content")
        if session.status == "cancelled":
            st.error(ctx.t("present.cancelled"), icon=":material/event_busy:")
        address_notice(ctx, address)
        links = audience_links(ctx, session)
        st.markdown(
            f"**{ctx.t('present.links')}**\n"
            + "\n".join(
                f"- {':material/close:' if link_problem(url, address) else ':material/check:'} {ctx.t(f'present.{what}', url=f'`{url}`')}"
                for what, url in links
            )
        )
        # a link that leaves the address shown (a loopback address is the warning above and the closing slide's problem)
        bad_links = [url for _, url in links if link_problem(url, address) == "link_elsewhere"]
        if bad_links:
            st.warning(
                "\n".join(f"- {ctx.t('present.problem.link_elsewhere', detail=plain(url))}" for url in bad_links),
                icon=":material/link_off:",
            )
        st.markdown(f"**{ctx.t('present.rehearsal')}**")
        problems = slide_problems(ctx, session, deck, address)
        if not problems:
            st.success(ctx.t("present.rehearsal_ok", total=len(deck)), icon=":material/check_circle:")
        else:
            slides_with_problems = len({p.number for p in problems})
            lines = [
                "- "
                + ctx.t("present.slide_label", number=p.number, title=p.title)
                + ctx.t(f"present.problem.{p.kind}", detail=plain(p.detail))
                for p in problems
            ]
            st.warning(ctx.t("present.rehearsal_found", count=slides_with_problems, total=len(deck)) + "\n\n" + "\n".join(lines))
    with st.container(key="present-preview"), st.container(key="slide"):
        slides.title_slide(ctx, session)
