"""Plain words: the glossary's terms as tap-to-read explanations (popovers) where they appear, in the
page's language: an indicator page lists the terms its cards use, a measure page and the guide those
their text uses; the content file names file, entry and field when an entry is broken."""

from __future__ import annotations

import pytest

from dashboard import i18n
from dashboard.policies import escape_markdown, glossary
from dashboard.policies.content import ContentError
from tests.apptest_helpers import run_page

REQUIRED = {"p90", "median", "baseline", "provisional", "aeo", "trs", "two_step", "advance_declaration"}


def popovers(app) -> dict[str, str]:
    """label -> the explanation inside, for every popover on the page."""
    found: dict[str, str] = {}

    def walk(node) -> None:
        proto = getattr(node, "proto", None)
        if getattr(node, "type", None) == "popover":
            found[proto.popover.label] = " ".join(child.value for child in node.children.values() if hasattr(child, "value"))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(app.main)
    return found


def test_the_glossary_explains_the_terms_people_stumble_on_in_three_languages():
    terms = {term.id: term for term in glossary.terms()}
    assert set(terms) >= REQUIRED
    for term in terms.values():
        assert all(term.explanation[lang] and term.term[lang] for lang in i18n.LANGS)


def test_a_term_is_found_in_either_script_and_in_english():
    assert [t.id for t in glossary.in_texts(["企業可申請成為AEO，適用兩步申報"])] == ["aeo", "two_step"]
    assert "advance_declaration" in [t.id for t in glossary.in_texts(["Goods may be declared in advance"])]


def test_a_broken_entry_is_named():
    with pytest.raises(ContentError, match=r"glossary.yaml: term p90: field explanation.en"):
        glossary.glossary_schema({"terms": [{"id": "p90", "term": {"zh_hans": "a", "en": "b", "zh_hant": "c"}, "matches": ["P90"],
                                              "explanation": {"zh_hans": "x", "zh_hant": "y"}}]}, "glossary.yaml")  # fmt: skip
    with pytest.raises(ContentError, match="field pages"):
        glossary.glossary_schema({"terms": [{"id": "x", "matches": ["x"], "pages": ["nowhere"]}]}, "glossary.yaml")


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_the_clearance_page_explains_p90_median_and_trs_on_a_tap(app_env, lang):
    shown = popovers(run_page("pages/clearance.py", lang))
    for term_id in ("p90", "median", "baseline", "trs", "two_step", "advance_declaration"):
        term = next(t for t in glossary.terms() if t.id == term_id)
        label = escape_markdown(i18n.pick(lang, term.term))  # labels and text are Markdown
        assert label in shown and escape_markdown(i18n.pick(lang, term.explanation)) in shown[label], term_id


def test_a_measure_page_explains_the_terms_of_its_text(app_env):
    shown = popovers(run_page("pages/measure.py", "zh_hant", measure="13"))
    assert "AEO（高級認證企業）" in shown and "世界海關組織" in shown["AEO（高級認證企業）"]
