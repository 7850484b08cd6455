"""Filter widgets. Each is bound to a URL query parameter so a copied link reproduces the view,
and returns the viewer's choice as plain values or a small dataclass.

Choices travel in the URL as canonical codes (?lang=en&direction=import&split=is_aeo), never as
the translated labels the widgets show: Streamlit's bind="query-params" writes the formatted
label, so a link would change with the language and ?direction=import would be ignored. Dates
are language-neutral and keep Streamlit's own binding (a date outside the data in the URL is
dropped and the widget starts at its default).

A link whose value the page does not offer (?ports=9999, ?grain=century, ?from=2030-01-01) is not
silently widened to everything: the first run names the values it left out in a notice, in the
page's language, and the address is rewritten without them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

import streamlit as st

from dashboard import i18n
from dashboard.components.notices import empty_state
from dashboard.components.safe_text import plain
from dashboard.context import PageContext, current_language
from dashboard.periods import Period, next_period_start
from loaders.constants import GRAINS


def url_values(key: str) -> list[str]:
    """A query parameter's values, repeated (?a=x&a=y) or comma-separated (?a=x,y)."""
    return [part.strip() for raw in st.query_params.get_all(key) for part in raw.split(",") if part.strip()]


MAX_URL_VALUES = 100  # values of one parameter read from a link; the rest are named as left out
SHOWN_VALUES, SHOWN_CHARACTERS = 5, 40  # a notice names at most this many values, each cut to this length
QUOTES = {"zh_hans": "“”", "zh_hant": "「」", "en": '""'}  # each language's quotation marks (tests/test_typography.py)


def unknown_url_values(key: str, values: Sequence[str]) -> None:
    """Tell the viewer that the link's `values` for `key` are not on offer here and were left out."""
    if not values:
        return
    lang = current_language()
    marks = QUOTES.get(lang, '""')
    start, end = marks[0], marks[1]
    quoted = [f"{start}{plain(value[:SHOWN_CHARACTERS])}{end}" for value in list(dict.fromkeys(values))[:SHOWN_VALUES]]
    joined = ("、" if i18n.is_chinese(lang) else ", ").join(quoted)
    st.warning(i18n.t(lang, "errors.url_unknown", name=plain(key), values=joined), icon=":material/link_off:")


def check_url_choice(key: str, options: Sequence[object]) -> None:
    """For a widget bound with Streamlit's own bind="query-params" (it drops an unknown value by
    itself): on the first run, name the URL's value when it is not one of `options`."""
    if key in st.session_state:
        return
    allowed = {str(option) for option in options}
    unknown_url_values(key, [value for value in st.query_params.get_all(key) if value not in allowed])


def seed_from_url(key: str, options: Sequence[str], default: str | list[str], many: bool = False) -> None:
    """The first time the widget `key` is drawn in a session, start it at the URL's value (canonical
    codes; unknown ones dropped) or `default`. Afterwards the widget's own state rules; it is
    written back each run so that the browser shows it with the current language's label (a
    widget keeps its old label after a language switch otherwise)."""
    if key in st.session_state:
        st.session_state[key] = st.session_state[key]
        return
    values = url_values(key)
    # a list longer than any choice offers (a link of 1,100 ports): the rest is named as left out, like an unknown value
    values, beyond = values[:MAX_URL_VALUES], values[MAX_URL_VALUES:]
    known = [value for value in values if value in options]
    unknown_url_values(key, [value for value in values if value not in options] + beyond)
    if many:
        st.session_state[key] = list(dict.fromkeys(known))
    else:
        st.session_state[key] = known[0] if known else default


def keep_in_url(key: str, value: str | Sequence[str], default: str | Sequence[str]) -> None:
    """Write the widget's value to the URL as canonical codes; a default value is left out."""
    wanted = [value] if isinstance(value, str) else list(value)
    is_default = (value == default) if isinstance(value, str) else list(value) == list(default)
    if is_default:
        if key in st.query_params:
            del st.query_params[key]
    elif st.query_params.get_all(key) != wanted:
        st.query_params[key] = wanted if len(wanted) > 1 else wanted[0]


def period_ui(ctx: PageContext, first: dt.date, last: dt.date, default_grain: str = "month", grains: Sequence[str] = GRAINS) -> Period:
    """Date range and time grain in the sidebar; defaults to all the data there is."""
    sidebar = st.sidebar
    sidebar.header(ctx.t("filter.period"))
    _check_url_dates(first, last)
    if i18n.is_chinese(ctx.lang):  # Streamlit's calendar names months and weekdays only in English
        start, end = month_range_ui(ctx, first, last)
    else:
        start = sidebar.date_input(ctx.t("filter.from"), value=first, min_value=first, max_value=last, key="from", bind="query-params")
        end = sidebar.date_input(ctx.t("filter.to"), value=last, min_value=first, max_value=last, key="to", bind="query-params")
    seed_from_url("grain", list(grains), default_grain)
    grain = sidebar.selectbox(ctx.t("filter.grain"), list(grains), format_func=lambda g: ctx.t(f"grain.{g}"), key="grain")
    keep_in_url("grain", grain, default_grain)
    start, end = (start or first), (end or last)
    if start > end:
        start, end = end, start
    st.session_state[CHOSEN_PERIOD_KEY] = Period(start, end, grain)  # what exports name (chosen_period)
    return Period(start, end, grain).whole()


CHOSEN_PERIOD_KEY = "period-chosen"


def chosen_period() -> Period | None:
    """The dates and grain the viewer chose on this run (date pickers or, on Chinese pages, months); None on pages without them."""
    chosen = st.session_state.get(CHOSEN_PERIOD_KEY)
    return chosen if isinstance(chosen, Period) else None


def _url_date(key: str, first: dt.date, last: dt.date) -> dt.date | None:
    try:
        value = dt.date.fromisoformat(st.query_params.get(key, ""))
    except ValueError:
        return None
    return value if first <= value <= last else None


def _month_ends(first: dt.date, last: dt.date) -> tuple[list[dt.date], list[dt.date]]:
    """The months the data cover: each one's first and last day, clamped to the data."""
    starts, month = [], first.replace(day=1)
    while month <= last:
        starts.append(month)
        month = next_period_start(month, "month")
    ends = [min(next_period_start(m, "month") - dt.timedelta(days=1), last) for m in starts]
    return [max(m, first) for m in starts], ends


def month_range_ui(ctx: PageContext, first: dt.date, last: dt.date) -> tuple[dt.date, dt.date]:
    """From and to as months written the page's way (2024年6月), for Chinese pages. The link keeps
    ISO dates (?from=2024-06-01&to=2024-12-31, the data's ends left out); a link's exact day is kept
    while its month stays chosen."""
    starts, ends = _month_ends(first, last)
    chosen = []
    for key, options, default in (("from", starts, first), ("to", ends, last)):
        url = _url_date(key, first, last)
        widget = f"{key}_month"
        if widget not in st.session_state:
            st.session_state[widget] = (
                next((o for o in options if (o.year, o.month) == (url.year, url.month)), default)
                if url
                else options[0 if key == "from" else -1]
            )
        month = st.sidebar.selectbox(
            ctx.t(f"filter.{key}"), options, format_func=lambda d: i18n.format_period(d, "month", ctx.lang), key=widget
        )
        value = url if url and (url.year, url.month) == (month.year, month.month) else month
        keep_in_url(key, value.isoformat(), default.isoformat())
        chosen.append(value)
    return chosen[0], chosen[1]


def _check_url_dates(first: dt.date, last: dt.date) -> None:
    """Dates in the link that are not dates, or fall outside the data, are named (Streamlit drops them)."""
    for key in ("from", "to"):
        if key in st.session_state:
            continue
        for raw in st.query_params.get_all(key):
            try:
                inside = first <= dt.date.fromisoformat(raw) <= last
            except ValueError:
                inside = False
            if not inside:
                unknown_url_values(key, [raw])


def data_period_ui(ctx: PageContext, datasets: Sequence[str], default_grain: str = "month", grains: Sequence[str] = GRAINS) -> Period:
    """period_ui over the dates the given datasets cover; a page with no data stops with the
    empty-state message instead of drawing filters over nothing."""
    firsts = [d for d in (ctx.first_record(name) for name in datasets) if d]
    lasts = [d for d in (ctx.covered_through(name) for name in datasets) if d]
    if not firsts:
        empty_state(ctx)
        st.stop()
    return period_ui(ctx, min(firsts), max(lasts), default_grain, grains)


WORDS_KEY = "filters-in-words"
SCOPE_KEYS = ("ports", "lab")  # the page filters that narrow the places or labs a view covers: its scope


def say_filter(key: str, label: str, words: Sequence[str]) -> None:
    """Keep what the filter `key` chose this run in words (its label, its values as the widget
    shows them), for the files the page offers (exports.table_download)."""
    st.session_state.setdefault(WORDS_KEY, {})[key] = (label, tuple(words))


def view_filters(ctx: PageContext) -> tuple[str, str]:
    """(places or labs the view is narrowed to, every filter) in words, as this run's widgets
    chose them; a filter left at its default is not in the URL and not named."""
    said = {key: value for key, value in st.session_state.get(WORDS_KEY, {}).items() if key in st.query_params and value[1]}
    joiner, separator = ("、", "；") if i18n.is_chinese(ctx.lang) else (", ", "; ")
    places = joiner.join(word for key in SCOPE_KEYS if key in said for word in said[key][1])
    every = separator.join(ctx.t("app.label_value", label=label, value=joiner.join(words)) for label, words in said.values())
    return places, every or ctx.t("exports.csv.no_filters")


def choice_ui(ctx: PageContext, key: str, label_key: str, options: Sequence[str], format_func: Callable[[str], str]) -> tuple[str, ...]:
    """A multi-select in the sidebar; nothing selected means all."""
    seed_from_url(key, list(options), [], many=True)
    chosen = st.sidebar.multiselect(ctx.t(label_key), list(options), format_func=format_func, key=key, placeholder=ctx.t("filter.all"))
    keep_in_url(key, chosen, [])
    say_filter(key, ctx.t(label_key), [format_func(value) for value in chosen])
    return tuple(chosen)


def provisional_ui(ctx: PageContext) -> bool:
    """Whether the cards read a provisional period (cases still open) as their latest; off by
    default: a duration's latest is its latest settled period. In the URL as ?provisional=yes."""
    seed_from_url("provisional", ["yes", "no"], "no")
    if "provisional_toggle" not in st.session_state:
        st.session_state["provisional_toggle"] = st.session_state["provisional"] == "yes"
    shown = st.sidebar.toggle(ctx.t("filter.provisional_latest"), key="provisional_toggle", help=ctx.t("filter.provisional_help"))
    st.session_state["provisional"] = "yes" if shown else "no"
    keep_in_url("provisional", st.session_state["provisional"], "no")
    return shown


def split_ui(ctx: PageContext, options: Sequence[str]) -> str | None:
    """One dimension to compare by (e.g. AEO vs non-AEO), or none."""
    seed_from_url("split", ["none", *options], "none")
    choice = st.sidebar.selectbox(
        ctx.t("filter.split"),
        ["none", *options],
        format_func=lambda o: ctx.t("filter.split_none") if o == "none" else i18n.code_label(ctx.lang, "flag", o),
        key="split",
    )
    keep_in_url("split", choice, "none")
    say_filter("split", ctx.t("filter.split"), [] if choice == "none" else [i18n.code_label(ctx.lang, "flag", choice)])
    return None if choice == "none" else choice
