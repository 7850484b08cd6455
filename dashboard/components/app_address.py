"""The address people should use to reach this dashboard, as the page knows it.

DASHBOARD_PUBLIC_URL when set; else the address the browser reached the app at (st.context.url,
which Streamlit 1.67 takes from the browser's location, without the query; or the Host header),
cut back to the app's root; else the default. `base_url()` is the one function every link, QR code
and calendar file takes its address from (dashboard.training.links holds the rules, without
Streamlit). It reads the request, so it must be called during the script run: a download built on
demand (`session_calendar`) takes the address when it is drawn, not when it is clicked, when the
request is long gone and only the default (localhost) would be left."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from urllib.parse import urlsplit, urlunsplit

import streamlit as st

from dashboard import training
from dashboard.pages import PAGES
from dashboard.training import Session

PRESENT_URL_PATH = "present"  # pages/present.py, the only page in presenter mode


def reached_base_url() -> str | None:
    """The app's root as the browser reached it (scheme, host, port and any base path), or None."""
    url = None
    try:
        url = st.context.url
        if not url:
            host = st.context.headers.get("Host")
            scheme = st.context.headers.get("X-Forwarded-Proto", "http")
            url = f"{scheme}://{host}/" if host else None
    except Exception:  # outside a session (bare script): no browser, no address
        return None
    if not url:
        return None
    parts = urlsplit(url)
    path = parts.path.rstrip("/")
    head, _, last = path.rpartition("/")
    if last in {spec.url_path for spec in PAGES} | {PRESENT_URL_PATH}:
        path = head
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def base_url() -> str:
    """The address to hand out in links and QR codes (see the module's docstring)."""
    return training.choose_base_url(reached_base_url())


def own_hosts() -> tuple[str, ...]:
    """Hosts a session's description may link to: this dashboard's, as reached and as set."""
    reached = urlsplit(base_url()).hostname
    return tuple(dict.fromkeys([*([reached] if reached else []), *training.allowed_link_hosts()]))


def session_page_url(session_id: str, lang: str) -> str:
    """The session's page, as its QR codes and links carry it."""
    return training.session_page_url(session_id, lang, base_url())


def session_calendar(session: Session, lang: str, now: dt.datetime) -> Callable[[], bytes]:
    """The session's calendar file, built when asked for (a download's data), with the address taken
    now, during the script run. The training page's download and the rehearsal check both use it."""
    address = base_url()
    return lambda: training.session_ics(session, lang, now, address)
