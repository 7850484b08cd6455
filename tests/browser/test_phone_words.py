"""A phone that reads like a phone, on the public guide pages: at 360 and 390 px, in normal and
large-text mode, nothing is wider than the screen; the menu button says "菜单"/"選單" next to its
icon and is named so for screen readers, and large-text mode enlarges the menu too; a Chinese page
shows no English interface words, neither as text nor as aria-label, title or placeholder (proper
names and addresses on an allow-list); and a table becomes stacked cards. One page load per case.
Screenshot: test-artifacts/public/stacked_table_zh_hans_390.png."""

from __future__ import annotations

import pytest

from dashboard import i18n
from tests.browser.helpers import wait_rendered
from tests.browser.test_public_mobile import OVERFLOW_JS, WECHAT_UA

pytestmark = pytest.mark.browser

GUIDE = "guide?trade=export&goods=fresh_produce&move=truck&where=elsewhere"
# (page and query, language, width, large text)
CASES = [
    (GUIDE, "zh_hans", 360, True),
    (GUIDE, "zh_hant", 390, False),
    ("policies?q=荔枝", "zh_hant", 360, True),
    ("policies?q=東莞", "zh_hans", 390, False),
]
# Latin words a Chinese page may show: names of systems, standards and units as the measures write them, and addresses.
# The language switch names English in English.
ALLOWED = {"aeo", "tir", "erp", "trs", "app", "p90", "wechat", "lulutong", "url", "http", "https", "www", "gov", "singlewindow",
           "customs", "shenzhen", "online", "cn", "carnet", "authorized", "economic", "operator", "english",
           "csv", "png", "utc", "teu", "natural", "earth"}  # fmt: skip
# A card's source line names the dashboard's own table (本看板数据库：clearance): a code, as the About page lists it.
DATASET_CODES = {"clearance", "fresh_produce", "seafood_lab", "rail_train", "tir_trip"}
MENU_FONT_JS = """() => parseFloat(getComputedStyle(document.querySelector('[data-testid="stSidebarNav"] a span')).fontSize)"""
ENGLISH_JS = r"""() => {
    const words = new Set();
    // addresses, file names and codes (a token with ".", "/", "_", ":" or "@") are not words
    const add = (text, where) => text.split(/[\s，。：；（）、·]+/).filter(token => !/[./_:@=?&]/.test(token))
        .forEach(token => (token.match(/[A-Za-z][A-Za-z0-9]{2,}/g) || []).forEach(w => words.add(`${w} (${where})`)));
    const visible = el => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const parent = node.parentElement;
        // icons are ligatures hidden from screen readers (aria-hidden, translate="no"), not words
        if (!parent || parent.closest('script, style, code, [aria-hidden="true"], [translate="no"]') || !visible(parent)) continue;
        add(node.textContent, 'text');
    }
    for (const el of document.querySelectorAll('[aria-label], [title], [placeholder]')) {
        if (!el.closest('[data-testid="stIconMaterial"]')) {
            for (const attribute of ['aria-label', 'title', 'placeholder']) add(el.getAttribute(attribute) || '', attribute);
        }
    }
    return [...words];
}"""


@pytest.mark.parametrize(
    ("path", "lang", "width", "large"), CASES, ids=[f"{c[0].split('?')[0]}-{c[1]}-{c[2]}-{'large' if c[3] else 'normal'}" for c in CASES]
)
def test_public_guide_pages_read_like_a_phone(app_server, browser, path, lang, width, large):
    context = browser.new_context(viewport={"width": width, "height": 800}, user_agent=WECHAT_UA, is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        page.goto(f"{app_server}/{path}&lang={lang}" + ("&read=large" if large else ""), wait_until="domcontentloaded")
        wait_rendered(page)
        found = page.evaluate(OVERFLOW_JS)
        assert found["document"] <= width and found["main"] <= width and not found["wide"], found

        menu = page.locator('[data-testid="stExpandSidebarButton"]')
        words = i18n.t(lang, "a11y.streamlit.menu_open")
        page.wait_for_function(
            "label => document.querySelector('[data-testid=\"stExpandSidebarButton\"]').getAttribute('aria-label') === label", arg=words
        )
        assert menu.evaluate("el => getComputedStyle(el, '::after').content") == f'"{words}"', "the menu button shows its name"

        menu_px = page.evaluate(MENU_FONT_JS)
        assert (menu_px >= 19) == large, f"the menu's type in {'large-text' if large else 'normal'} mode: {menu_px}px"

        english = sorted(w for w in page.evaluate(ENGLISH_JS) if w.split(" (")[0].lower() not in ALLOWED)
        assert english == [], f"English on a {lang} page: {english[:15]}"
    finally:
        context.close()


STACKED_JS = """() => [...document.querySelectorAll('[data-testid="stTable"] table')].map(table => ({
    header_shown: table.querySelector('thead').getBoundingClientRect().height > 1,
    rows: [...table.querySelectorAll('tbody tr')].map(row => ({
        right: row.getBoundingClientRect().right,
        labels: [...row.children].map(cell => cell.getAttribute('data-label') || ''),
        label_shown: getComputedStyle(row.children[0], '::before').content,
    })),
    names: [...table.querySelectorAll('thead th')].map(th => th.textContent.trim()),
}))"""


def test_a_table_becomes_stacked_cards_on_a_phone(app_server, browser):
    """The published-figures table under a card: one card per row, each value under its column's name."""
    from tests.browser.test_public_mobile import SHOTS

    context = browser.new_context(viewport={"width": 390, "height": 844}, user_agent=WECHAT_UA, is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        page.goto(f"{app_server}/clearance?lang=zh_hans", wait_until="domcontentloaded")
        wait_rendered(page)
        tables = page.evaluate(STACKED_JS)
        assert tables, "the clearance page shows a published-figures table"
        for table in tables:
            assert not table["header_shown"]
            for row in table["rows"]:
                assert row["right"] <= 390 and row["labels"] == table["names"], row
                assert row["label_shown"] == f'"{table["names"][0]}"'
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.locator('[data-testid="stTable"]').first.screenshot(path=str(SHOTS / "stacked_table_zh_hans_390.png"))
    finally:
        context.close()


OTHER_PUBLIC = ["", "measure?measure=6", "training", "about_data", "clearance"]  # the guide and search pages: above


@pytest.mark.parametrize("path", OTHER_PUBLIC, ids=["overview", "measure", "training", "about", "clearance"])
def test_the_other_public_pages_fit_360_px_in_large_text_mode_and_speak_chinese(app_server, browser, path):
    """The About page's operator details name file formats and databases (DuckDB, GBK …): its words are not scanned."""
    context = browser.new_context(viewport={"width": 360, "height": 800}, user_agent=WECHAT_UA, is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        page.goto(f"{app_server}/{path}{'&' if '?' in path else '?'}lang=zh_hant&read=large", wait_until="domcontentloaded")
        wait_rendered(page)
        found = page.evaluate(OVERFLOW_JS)
        assert found["document"] <= 360 and found["main"] <= 360 and not found["wide"], found
        if path != "about_data":
            english = sorted(w for w in page.evaluate(ENGLISH_JS) if w.split(" (")[0].lower() not in ALLOWED | DATASET_CODES)
            assert english == [], f"English on a zh_hant page: {english[:15]}"
    finally:
        context.close()
