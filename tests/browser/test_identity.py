"""Page identity in a real browser: every page in every language says its language in `<html lang>`
(zh-Hans / en / zh-Hant, what screen readers and the browser's font choice go by) and has a
`<title>` of its own (browser tabs, bookmarks and WeChat share cards tell pages apart): distinct
across the pages of a language and across the languages of a page. The measure page's title
names the measure; switching the language in the sidebar changes both without a reload.

Pages are opened on a phone (390x844, WeChat's user agent), where most readers share links.
"""

from __future__ import annotations

import re

import pytest

from dashboard import i18n, policies
from dashboard.components.identity import HTML_LANG
from dashboard.pages import PAGES
from tests.browser.helpers import EXISTING_PAGES, FINISHED_JS, RENDER_TIMEOUT_MS, address

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
WECHAT_UA = (
    "Mozilla/5.0 (Linux; Android 13; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 "
    "Mobile Safari/537.36 MicroMessenger/8.0.47.2560(0x28002F37) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN"
)
CJK = re.compile(r"[\u4e00-\u9fff]")
PRESENTER_SESSION = "KF-2025-09"  # a session of the shipped training schedule
DESCRIPTION_JS = "() => document.querySelector('meta[name=\"description\"]')?.getAttribute('content') ?? ''"


@pytest.fixture(scope="module")
def phone_page(browser):
    """One phone tab for the module: identity needs no fresh tab per page, and loads are costly here."""
    context = browser.new_context(viewport=PHONE, user_agent=WECHAT_UA, is_mobile=True, has_touch=True)
    try:
        yield context.new_page()
    finally:
        context.close()


def page_name(spec, lang: str) -> str:
    """What a page's tab title starts with: its name, or for the measure page (its first measure
    when the address names none) that measure's heading."""
    if spec.url_path != "measure":
        return i18n.t(lang, spec.title_key)
    first = policies.measure(min(policies.measures()))
    return i18n.t(lang, "policies.measure_heading", n=first.number, title=i18n.pick(lang, first.title))


def identity_of(page, url: str) -> tuple[str, str, str]:
    """(lang, title, description) once the page's script run has finished."""
    page.goto(url, wait_until="domcontentloaded")
    page.wait_for_function(FINISHED_JS, timeout=RENDER_TIMEOUT_MS)
    page.wait_for_load_state("networkidle")  # a widget bound to the URL may rerun once
    page.wait_for_function(FINISHED_JS, timeout=RENDER_TIMEOUT_MS)
    return page.evaluate("document.documentElement.lang"), page.title(), page.evaluate(DESCRIPTION_JS)


@pytest.fixture(scope="module")
def seen(app_server, phone_page) -> dict[tuple[str, str], tuple[str, str, str]]:
    """(url_path, lang) -> (lang attribute, title, description) for every page in every language."""
    return {
        (spec.url_path, lang): identity_of(phone_page, f"{app_server}/{address(spec)}?lang={lang}")
        for lang in i18n.LANGS
        for spec in EXISTING_PAGES
    }


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_every_page_states_its_language(seen, lang):
    wrong = {path: attribute for (path, page_lang), (attribute, _, _) in seen.items() if page_lang == lang and attribute != HTML_LANG[lang]}
    assert wrong == {}, f"<html lang> should be {HTML_LANG[lang]!r} on every {lang} page"


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_every_page_has_its_own_title_in_its_language(seen, lang):
    titles = {path: title for (path, page_lang), (_, title, _) in seen.items() if page_lang == lang}
    assert all(title.strip() and title != "Streamlit" for title in titles.values()), titles
    assert len(set(titles.values())) == len(titles), f"two {lang} pages share a title: {titles}"
    for spec in EXISTING_PAGES:
        assert titles[spec.url_path].startswith(page_name(spec, lang)), "the tab shows the page's name first"
        assert i18n.t(lang, "app.title") in titles[spec.url_path], "and the app's name after it"


def test_a_page_has_a_different_title_in_each_language(seen):
    for spec in EXISTING_PAGES:
        titles = {lang: seen[spec.url_path, lang][1] for lang in i18n.LANGS}
        assert len(set(titles.values())) == len(i18n.LANGS), f"{spec.url_path}: {titles}"


def test_every_page_has_a_share_description_in_its_language(seen):
    for (path, lang), (_, _, description) in seen.items():
        assert description.strip(), f"{path} ({lang}) has no description meta"
        assert (lang != "en") == bool(CJK.search(description)), f"{path} ({lang}): description in the wrong language: {description!r}"


def test_the_measure_page_is_titled_with_its_measure(app_server, phone_page):
    measure = policies.measure(8)
    measure_spec = next(spec for spec in PAGES if spec.url_path == "measure")
    for lang in i18n.LANGS:
        attribute, title, description = identity_of(phone_page, f"{app_server}/{address(measure_spec)}?measure=8&lang={lang}")
        assert attribute == HTML_LANG[lang]
        assert title.startswith(i18n.t(lang, "policies.measure_heading", n=8, title=i18n.pick(lang, measure.title))), title
        assert description and description[:20] in " ".join(i18n.pick(lang, measure.summary).split()), description


def test_switching_the_language_in_the_page_changes_lang_and_title(app_server, browser):
    """The language switch reruns the page without a reload: lang and title must follow it."""
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    try:
        page = context.new_page()
        spec = EXISTING_PAGES[-1]
        attribute, title, _ = identity_of(page, f"{app_server}/{address(spec)}?lang=zh_hans")
        assert (attribute, title.split(" · ")[0]) == ("zh-Hans", page_name(spec, "zh_hans"))
        page.locator('[data-testid="stSidebar"] button', has_text=i18n.LANG_NAMES["en"]).click()
        page.wait_for_function("() => document.documentElement.lang === 'en'", timeout=RENDER_TIMEOUT_MS)
        page.wait_for_function(FINISHED_JS, timeout=RENDER_TIMEOUT_MS)
        assert page.title().startswith(page_name(spec, "en") + " · ")
    finally:
        context.close()


def test_presenter_mode_has_its_language_and_a_title_of_its_own(app_server, phone_page, seen):
    for lang in ("en", "zh_hant"):
        attribute, title, _ = identity_of(phone_page, f"{app_server}/?present={PRESENTER_SESSION}&slide=1&lang={lang}")
        assert attribute == HTML_LANG[lang]
        assert i18n.t(lang, "app.title") in title
        assert title not in {seen_title for (_, page_lang), (_, seen_title, _) in seen.items() if page_lang == lang}, title
