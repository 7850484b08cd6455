"""The app's pages as st.navigation takes them, built from the page registry (dashboard.pages).

The router (streamlit_app.py) shows them in the sidebar. The registry's first page is the default,
which Streamlit serves at the site root; its own name (/overview) and /present (presenter mode is
?present=<session id>, at any address) are hidden aliases that the router sends to the root with
the same query, so they answer like / instead of "page not found".

Streamlit keeps a legacy mode for apps with a pages/ folder beside the entry script: until some
script run has called st.navigation, a request runs the pages/ file named by the address on its own,
under a menu of file names. It lasts for the first script run after the server starts. A page that
finds itself run outside the router (`ensure_router`) calls st.navigation, which ends that mode for
the whole server (its documented effect: the pages/ folder is ignored once st.navigation is used),
with the menu hidden, and reruns: the rerun goes through the router.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import streamlit as st

from dashboard import i18n
from dashboard.pages import PAGES, PageSpec

ROOT_ALIASES = (PAGES[0].url_path, "present")
ROUTED_KEY = "navigation.routed"  # session state: the router is running this script run


@dataclass(frozen=True)
class AppPages:
    sections: dict[str, list]  # section title -> its pages (aliases hidden in the first section)
    default: st.Page
    aliases: tuple[st.Page, ...]
    spec_by_url_path: dict[str, PageSpec]  # a page's url_path ("" for the default) -> its registry entry


def app_pages(lang: str) -> AppPages:
    """The registry's pages in `lang`, grouped by section, plus the root's hidden aliases."""
    sections: dict[str, list] = {}
    spec_by_url_path: dict[str, PageSpec] = {}
    default: st.Page | None = None
    for spec in PAGES:
        is_default = spec == PAGES[0]
        page = st.Page(
            spec.script,
            title=i18n.t(lang, spec.title_key),
            url_path="" if is_default else spec.url_path,
            icon=spec.icon,
            default=is_default,
        )
        default = default or page
        sections.setdefault(i18n.t(lang, spec.section_key), []).append(page)
        spec_by_url_path[page.url_path] = spec
    title = i18n.t(lang, PAGES[0].title_key)
    aliases = tuple(st.Page(PAGES[0].script, title=title, url_path=path, visibility="hidden") for path in ROOT_ALIASES)
    next(iter(sections.values())).extend(aliases)
    assert default is not None, "the page registry is never empty"
    return AppPages(sections, default, aliases, spec_by_url_path)


def presenter_pages(title: str) -> list:
    """Presenter mode's one page, at the root and at /present."""
    script = "pages/present.py"
    return [st.Page(script, title=title, url_path="", default=True), st.Page(script, title=title, url_path="present", visibility="hidden")]


def send_alias_to_root(app: AppPages, current: st.Page) -> None:
    """An alias of the root (/overview, /present) reruns as the root, keeping the query (?lang=...)."""
    if any(current is alias for alias in app.aliases):
        st.switch_page(app.default, query_params={key: st.query_params.get_all(key) for key in st.query_params})


@contextmanager
def routed() -> Iterator[None]:
    """Around the router's run of the current page: the page can tell it runs inside the router.
    (Session state, set for this run only, not a context variable: Streamlit runs a page's script in
    a context of its own.)"""
    st.session_state[ROUTED_KEY] = True
    try:
        yield
    finally:
        st.session_state[ROUTED_KEY] = False


def ensure_router() -> None:
    """Run the page through the router. Outside it (the legacy pages/ mode of a fresh server's first
    run), end that mode with the menu hidden and rerun: the rerun goes through the
    router, to the page the address names (st.navigation finds it by the same URL paths as the
    router's; the pages here are placeholders that never run)."""
    if st.session_state.get(ROUTED_KEY):
        return
    paths = ["", *(spec.url_path for spec in PAGES[1:]), *ROOT_ALIASES]
    st.navigation([st.Page(_placeholder, title=path or "/", url_path=path, default=not path) for path in paths], position="hidden")
    st.rerun()


def _placeholder() -> None:
    """Stands in for a page in ensure_router's st.navigation call; never run."""
