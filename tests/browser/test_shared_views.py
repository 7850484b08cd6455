"""Links that keep their promise: 20 views generated from the pages' section tabs, grains, filters
and languages, each opened as a shared link is, in a fresh browser (a new context: no cookies, no
session), show the tab, grain and language the link names, and the address still carries them."""

from __future__ import annotations

import itertools

import pytest

from dashboard import i18n
from dashboard.components.sections import tab_code
from tests.browser.helpers import open_and_wait

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}
# page URL path -> its section tabs' label keys (as the page script passes them to section_tabs)
SECTIONS = {
    "clearance": ("sections.indicators", "sections.clearance_stages", "sections.clearance_compare"),
    "fresh_produce": ("sections.indicators", "fresh.volumes", "fresh.speed"),
    "seafood_lab": ("sections.indicators", "seafood.stages", "seafood.breakdowns"),
    "rail_tir": ("rail.trains_header", "sections.rail_routes", "rail.tir_header", "rail.published_header"),
}
GRAINS = ("month", "quarter", "year")
VIEWS = 20


def generated_views() -> list[tuple[str, str, str, str]]:
    """(page, tab label key, grain, language): every page and tab, cycling through grains and languages."""
    pairs = [(page, key) for page, keys in SECTIONS.items() for key in keys]
    langs, grains = itertools.cycle(i18n.LANGS), itertools.cycle(GRAINS)
    return [(page, key, next(grains), next(langs)) for page, key in itertools.islice(itertools.cycle(pairs), VIEWS)]


def test_twenty_shared_views_reopen_with_the_same_tab_grain_and_language(app_server, browser):
    problems = []
    for page_path, label_key, grain, lang in generated_views():
        code = tab_code(label_key)
        link = f"{app_server}/{page_path}?lang={lang}&grain={grain}&tab={code}"
        context = browser.new_context(viewport=DESKTOP)  # a fresh browser: what the link alone brings
        page = context.new_page()
        try:
            open_and_wait(page, link, page_path)
            shown = {
                "tab": page.locator('[data-testid="stMainBlockContainer"] [role="tab"][aria-selected="true"]').first.inner_text().strip(),
                "grain": page.get_by_role("combobox", name=i18n.t(lang, "filter.grain")).input_value(),
                "title": page.locator("h1").first.inner_text().strip(),
            }
            wanted_tab = i18n.t(lang, label_key)
            first_tab = code == tab_code(SECTIONS[page_path][0])  # a default is left out of the address
            kept = (f"tab={code}" in page.url) != first_tab and (f"lang={lang}" in page.url) != (lang == i18n.DEFAULT_LANG)
            if shown["tab"] != wanted_tab or shown["grain"] != i18n.t(lang, f"grain.{grain}") or not kept:
                problems.append(f"{link}: shows tab {shown['tab']!r}, grain {shown['grain']!r}; address now {page.url}")
            assert shown["title"] == i18n.t(lang, f"page.{page_path}")
        finally:
            context.close()
    assert problems == []
