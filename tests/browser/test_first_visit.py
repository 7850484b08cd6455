"""The router owns every address, from the first visit after a restart on.

Streamlit has a legacy mode for apps with a pages/ folder beside the entry script (this app has one):
the first script run on a fresh server runs the pages/ file the address names, on its own, under a
menu of file names ("streamlit app", "rail tir"), until something calls st.navigation. The app ends
that mode in its first st.navigation call, before a page shows anything (dashboard/navigation.py).

A fresh `streamlit run` of its own per address, so that the visit is the server's very first:
- the page that shows is the app's, under the app's own menu in the address's language, with the
  page marked; no page content ever shows under a file-name menu, and once the app's menu is there
  the file-name menu never comes back;
- /overview (the default page's own name) and /present (presenter mode lives at ?present=<session>)
  answer like /: the overview at the site root with the same query, never "page not found".
The same holds on the shared, warm server.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from dashboard import i18n
from dashboard.navigation import ROOT_ALIASES
from dashboard.pages import PAGES
from tests.browser.conftest import ARTIFACTS, streamlit_server
from tests.browser.helpers import EXISTING_PAGES, ROOT, assert_router_shows, open_and_wait

pytestmark = pytest.mark.browser

# The menu Streamlit's legacy mode shows: the entry script and every pages/ file, named after the file.
FILE_NAME_MENU = {"streamlit app"} | {path.stem.replace("_", " ") for path in (ROOT / "pages").glob("*.py")}
NOT_FOUND = ("Page not found", "does not seem to exist")

# From the first byte of the document on: every change of the sidebar menu's labels, with whether
# the main area showed anything at that moment.
RECORD_MENUS_JS = """
window.__menus = [];
const record = () => {
    // a link's last line is its label (an icon, when there is one, comes first)
    const labels = [...document.querySelectorAll('[data-testid="stSidebarNavLink"]')]
        .map(link => link.innerText.trim().split('\\n').pop().trim());
    const content = document.querySelector('[data-testid="stMainBlockContainer"] [data-testid="stElementContainer"]') !== null;
    const key = JSON.stringify([labels, content]);
    if (window.__lastMenu !== key) { window.__lastMenu = key; window.__menus.push({labels, content}); }
};
new MutationObserver(record).observe(document, {subtree: true, childList: true, characterData: true, attributes: true});
"""

SUB_PAGE = next(spec for spec in EXISTING_PAGES if spec != PAGES[0] and Path(spec.script).stem == spec.url_path)
FIRST_VISITS = [(alias, "zh_hans", PAGES[0]) for alias in ROOT_ALIASES] + [(SUB_PAGE.url_path, "en", SUB_PAGE)]


def app_menu(lang: str) -> set[str]:
    return {i18n.t(lang, spec.title_key) for spec in PAGES}


def check_menus(menus: list[dict], lang: str) -> None:
    """No page content under a file-name menu; it never returns once the app's menu showed; the last
    menu is the app's, in `lang`."""
    file_names = [menu for menu in menus if FILE_NAME_MENU & set(menu["labels"])]
    assert not [menu for menu in file_names if menu["content"]], f"page content under Streamlit's file-name menu: {file_names}"
    first_app_menu = next((index for index, menu in enumerate(menus) if app_menu(lang) & set(menu["labels"])), None)
    assert first_app_menu is not None, f"the app's menu in {lang} never showed: {menus[-3:]}"
    assert not [menu for menu in menus[first_app_menu:] if FILE_NAME_MENU & set(menu["labels"])], "the file-name menu came back"
    assert set(menus[-1]["labels"]) == app_menu(lang), menus[-1]


def check_answers_like(page, spec, lang: str, path: str) -> None:
    body = page.locator("body").inner_text()
    assert not [text for text in NOT_FOUND if text in body], f"/{path} answered 'page not found'"
    assert not page.locator('[data-testid="stException"]').all_inner_texts()
    address = urlsplit(page.url)
    if spec == PAGES[0]:
        assert address.path == "/", f"/{path} should answer at the site root, not {page.url}"
    kept = None if lang == i18n.DEFAULT_LANG else [lang]  # the default language leaves the address
    assert parse_qs(address.query).get("lang") == kept, f"the query is kept: {page.url}"
    assert_router_shows(page, spec, lang)


@pytest.mark.parametrize(("path", "lang", "spec"), FIRST_VISITS, ids=[path for path, _, _ in FIRST_VISITS])
def test_the_first_visit_after_a_restart_meets_the_router(browser_prerequisites, demo_store_url, browser, path, lang, spec):
    with streamlit_server(demo_store_url, ARTIFACTS / f"browser-server-first-visit-{path}.log") as fresh_server:
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        try:
            page = context.new_page()
            page.add_init_script(RECORD_MENUS_JS)
            open_and_wait(page, f"{fresh_server}/{path}?lang={lang}", path)
            check_menus(page.evaluate("window.__menus"), lang)
            check_answers_like(page, spec, lang, path)
        finally:
            context.close()


@pytest.mark.parametrize("path", ROOT_ALIASES)
def test_the_root_aliases_answer_like_the_root_on_a_warm_server(app_server, browser, path):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    try:
        page = context.new_page()
        open_and_wait(page, f"{app_server}/{path}?lang=en", path)
        check_answers_like(page, PAGES[0], "en", path)
    finally:
        context.close()
