"""The lychee exporter's path on a phone inside WeChat (390x844, WeChat's user agent), in each
language: she opens the guide, taps what she does (export, fresh produce, truck via a land port,
elsewhere in the Greater Bay Area), and the link now holds her answers; the guide shows measure 6
then measure 4, each with its steps and numbers to call (tel: links), and tells her plainly that
her local customs office is not Shenzhen Customs; nothing is wider than the screen; axe-core finds
nothing serious or critical; opening the shared link in a fresh browser shows the same guide. One
page load per language, then taps. Screenshots: test-artifacts/public/guide_<lang>_390.png."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from dashboard import i18n, policies
from dashboard.policies import guide
from tests.browser.axe import audit, report
from tests.browser.helpers import full_page_screenshot, rerun_and_wait, wait_rendered
from tests.browser.test_public_mobile import OVERFLOW_JS, PHONE, SHOTS, WECHAT_UA

pytestmark = pytest.mark.browser

HER_ANSWERS = {"trade": "export", "goods": "fresh_produce", "move": "truck", "where": "elsewhere"}
PILLS = '[data-testid="stMainBlockContainer"] [data-testid="stButtonGroup"] button'  # the guide's choices (the language switch is in the sidebar)
CARDS_JS = "() => [...document.querySelectorAll('[class*=\"st-key-guide-measure-\"]')].map(el => el.className.match(/st-key-guide-measure-(\\d+)/)[1])"


def phone_page(browser):
    context = browser.new_context(viewport=PHONE, user_agent=WECHAT_UA, is_mobile=True, has_touch=True)
    return context, context.new_page()


@pytest.mark.parametrize("lang", ["zh_hant", "zh_hans", "en"])
def test_the_lychee_exporter_finds_her_measures_steps_and_numbers_on_a_phone(app_server, browser, axe_script, lang):
    content = guide.guide()
    context, page = phone_page(browser)
    try:
        page.goto(f"{app_server}/guide?lang={lang}", wait_until="domcontentloaded")
        wait_rendered(page)
        for question_id, option_id in HER_ANSWERS.items():
            label = i18n.pick(lang, content.question(question_id).option(option_id).label)
            rerun_and_wait(page, page.locator(PILLS).filter(has=page.get_by_text(label, exact=True)).click)
        query = parse_qs(urlsplit(page.url).query)
        assert {key: query[key] for key in HER_ANSWERS} == {key: [value] for key, value in HER_ANSWERS.items()}, page.url

        assert page.evaluate(CARDS_JS)[:2] == ["6", "4"]
        outside = page.locator(".st-key-guide-outside")
        assert i18n.t(lang, "guide.outside_title") in outside.inner_text()
        for number in (6, 4):
            card = page.locator(f".st-key-guide-measure-{number}")
            text = card.inner_text()
            assert i18n.t(lang, "guide.steps") in text and i18n.t(lang, "guide.channels") in text
            first_step = " ".join(i18n.pick(lang, policies.measure(number).how_to[0]).split())
            assert first_step[:20] in " ".join(text.split()), (number, first_step)
            assert card.locator('a[href="tel:12360"]').count() == 1
        found = page.evaluate(OVERFLOW_JS)
        assert found["document"] <= PHONE["width"] and found["main"] <= PHONE["width"] and not found["wide"], found
        axe = audit(page, axe_script)
        assert not axe["mine"], f"axe-core on the guide ({lang}):\n{report(axe['mine'])}"
        if lang in ("zh_hant", "en"):
            full_page_screenshot(page, SHOTS / f"guide_{lang}_390.png", PHONE)
        shared = page.url
    finally:
        context.close()

    context, page = phone_page(browser)  # the link sent in WeChat, opened by someone else
    try:
        page.goto(shared, wait_until="domcontentloaded")
        wait_rendered(page)
        assert page.evaluate(CARDS_JS)[:2] == ["6", "4"]
        chosen = page.locator(f'{PILLS}[data-selected="true"]')
        assert chosen.count() == len(HER_ANSWERS), [chosen.nth(i).inner_text() for i in range(chosen.count())]
    finally:
        context.close()
