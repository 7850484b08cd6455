"""Page identity without a browser: every page of the registry has a title and a share-card
description in all three languages, distinct between pages and between languages, and the script
that sets `<html lang>` and the description cannot be broken out of by the text it carries.
(tests/browser/test_identity.py checks what a browser then shows.)"""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import i18n
from dashboard.components import identity
from dashboard.pages import PAGES

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_every_page_has_a_title_in_every_language(lang):
    names = {spec.url_path: i18n.t(lang, spec.title_key) for spec in PAGES}
    assert all(name.strip() and name != spec.title_key for spec, name in zip(PAGES, names.values(), strict=True)), names
    titles = [identity.document_title(lang, name) for name in names.values()]
    assert len(set(titles)) == len(PAGES), f"two pages would share a tab title in {lang}: {titles}"
    assert all(title.startswith(name) and i18n.t(lang, "app.title") in title for name, title in zip(names.values(), titles, strict=True))


def test_a_page_is_titled_differently_in_each_language():
    for spec in PAGES:
        titles = {identity.document_title(lang, i18n.t(lang, spec.title_key)) for lang in i18n.LANGS}
        assert len(titles) == len(i18n.LANGS), spec.url_path


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_every_page_has_its_own_share_description(lang):
    table = i18n.strings(lang)
    keys = [f"identity.description.{spec.url_path}" for spec in PAGES] + ["identity.description.present"]
    assert [key for key in keys if key not in table] == []
    descriptions = [identity.page_description(lang, spec.url_path) for spec in PAGES]
    assert len(set(descriptions)) == len(PAGES)
    assert all(len(text) <= identity.DESCRIPTION_CHARS and (lang != "en") == bool(CJK.search(text)) for text in descriptions)


def test_html_lang_is_a_bcp47_tag_per_language():
    assert identity.HTML_LANG == {"zh_hans": "zh-Hans", "en": "en", "zh_hant": "zh-Hant"}
    assert set(identity.HTML_LANG) == set(i18n.LANGS)


def test_a_long_description_is_cut_to_one_line():
    text = identity.short_description("  第一行\n第二行  " + "字" * 400)
    assert text.startswith("第一行 第二行") and len(text) == identity.DESCRIPTION_CHARS and text.endswith("…")
    assert identity.short_description("Short.") == "Short."


def _identity_app(title: str, description: str) -> None:
    from dashboard.components.identity import set_identity

    set_identity("en", title, description)


def test_the_identity_script_cannot_be_ended_by_its_text():
    """A title or description holding `</script>` (content files are edited by people) stays a string."""
    hostile = '</script><script>window.pwned = 1</script> "quotes" & <b>'
    app = AppTest.from_function(_identity_app, args=(hostile, hostile)).run()
    assert not app.exception
    bodies = [element.proto.body for element in app.get("html")]
    script = next(body for body in bodies if "data-page-identity" in body)
    assert script.lower().count("</script>") == 1 and "<script>window" not in script.lower()
    assert script.count("<b>") == 0 and '"en"' in script
