"""Thirty everyday searches typed on a phone in WeChat (390x844): the 30 queries of
tests/test_search_everyday.py, a third in each language's page, each typed into the search box (one
page load per language, then a rerun per search); each finds its measures among the first results,
and the address keeps the search, so it can be shared."""

from __future__ import annotations

import pytest

from dashboard import i18n
from tests.browser.helpers import rerun_and_wait, wait_rendered
from tests.browser.test_public_mobile import PHONE, WECHAT_UA
from tests.test_search_everyday import EVERYDAY, TOP

pytestmark = pytest.mark.browser

RESULTS_JS = """() => [...document.querySelectorAll('[class*="st-key-result-"]')]
    .map(el => parseInt(el.className.match(/st-key-result-(\\d+)/)[1], 10))"""


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_everyday_searches_find_their_measures_on_a_phone(app_server, browser, lang):
    queries = EVERYDAY[i18n.LANGS.index(lang) :: len(i18n.LANGS)]
    context = browser.new_context(viewport=PHONE, user_agent=WECHAT_UA, is_mobile=True, has_touch=True)
    page = context.new_page()
    missed = {}
    try:
        page.goto(f"{app_server}/policies?lang={lang}", wait_until="domcontentloaded")
        wait_rendered(page)
        box = page.get_by_role("textbox", name=i18n.t(lang, "policies.search_label"))
        for query, expected in queries:
            box.fill(query)
            rerun_and_wait(page, lambda: box.press("Enter"))
            found = page.evaluate(RESULTS_JS)
            if not expected <= set(found[: max(TOP, len(expected) + 1)]):
                missed[query] = found[:6]
        assert "q=" in page.url
    finally:
        context.close()
    assert missed == {}
