"""The guide for traders ("which measures apply to me?"): the measures that apply to a reader's
answers, most relevant first; the content file's schema (every sentence rests on a quote found in
the measure's text); and the page as a reader meets it, with the answers kept in the link."""

from __future__ import annotations

import copy
import re

import pytest
import yaml

from dashboard import i18n, policies
from dashboard.i18n import LANGS
from dashboard.policies import guide
from dashboard.policies.content import ContentError
from tests.apptest_helpers import page_text, run_page

LYCHEE_EXPORTER = {"trade": ("export",), "goods": ("fresh_produce",), "move": ("truck",), "where": ("elsewhere",), "aeo": ("no",)}


def numbers(answers) -> list[int]:
    return [match.rule.measure for match in guide.matches(answers)]


def test_a_lychee_exporter_trucking_from_dongguan_gets_fresh_food_then_lulutong():
    found = numbers(LYCHEE_EXPORTER)
    assert found[:2] == [6, 4]
    assert 12 in found  # the local customs office inspects at the company's premises
    assert not {7, 8, 11, 2, 3} & set(found), "import seafood, duty exemption, TIR, air and sea do not concern her"
    assert found.index(14) > found.index(12), "the measures for everyone come after the ones for her"


def test_an_answer_rules_a_measure_out_only_when_it_contradicts_the_rule():
    assert 7 in numbers({"goods": ("chilled_seafood",)}), "unanswered trade: the seafood import measure still shows"
    assert 7 not in numbers({"goods": ("chilled_seafood",), "trade": ("export",)})
    assert numbers({"trade": ("import",), "goods": ("chilled_seafood",)})[0] == 7
    assert 6 not in numbers({"trade": ("import",), "goods": ("fresh_produce",)})


def test_both_directions_stand_for_import_and_export():
    both = numbers({"trade": ("both",), "goods": ("fresh_produce", "chilled_seafood")})
    assert {6, 7} <= set(both)


def test_nothing_answered_lists_nothing_and_the_reasons_name_the_answers():
    assert guide.matches({}) == []
    top = guide.matches(LYCHEE_EXPORTER)[0]
    assert ("goods", "fresh_produce") in top.reasons and ("trade", "export") in top.reasons


def test_every_sentence_rests_on_the_measure_text_and_every_measure_has_one_per_language():
    content = guide.guide()
    for rule in content.rules:
        item = policies.measure(rule.measure)
        assert "".join(rule.quote.split()) in "".join((item.official_text_zh + item.official_explanation_zh).split())
        assert all(rule.for_you[lang].strip() for lang in LANGS)


# --- the schema names file, entry and field ------------------------------------------------------


def document() -> dict:
    return yaml.safe_load(guide.GUIDE_PATH.read_text(encoding="utf-8"))


def schema_error(edit) -> str:
    changed = copy.deepcopy(document())
    edit(changed)
    with pytest.raises(ContentError) as error:
        guide.guide_schema(changed, "guide.yaml")
    return str(error.value)


def test_a_quote_the_text_does_not_hold_is_refused():
    message = schema_error(lambda d: d["measures"][0].update(quote="海关承诺所有荔枝一小时通关"))
    assert message.startswith("guide.yaml: measure 6: field quote:") and "word for word" in message


def test_unknown_questions_options_measures_and_channels_are_refused():
    assert "field when.cargo" in schema_error(lambda d: d["measures"][0]["when"].update(cargo=["x"]))
    assert "field when.goods" in schema_error(lambda d: d["measures"][0]["when"].update(goods=["durian"]))
    assert "field measure" in schema_error(lambda d: d["measures"][0].update(measure=16))
    assert "field channels" in schema_error(lambda d: d["outside_shenzhen"].update(channels=["dongguan_office"]))
    assert "field for_you.zh_hant" in schema_error(lambda d: d["measures"][0]["for_you"].pop("zh_hant"))
    assert "listed twice" in schema_error(lambda d: d["measures"].append(copy.deepcopy(d["measures"][0])))


# --- the page ---------------------------------------------------------------------------------------


def card_order(app) -> list[int]:
    return [int(m.group(1)) for block in app.main.children.values() for m in [re.search(r"guide-measure-(\d+)", str(block.proto.id))] if m]


@pytest.mark.parametrize("lang", LANGS)
def test_the_lychee_exporters_link_opens_her_guide_with_steps_and_numbers_to_call(app_env, lang):
    app = run_page("pages/guide.py", lang, trade="export", goods="fresh_produce", move="truck", where="elsewhere")
    assert not app.exception
    assert app.title[0].value == i18n.t(lang, "page.guide")
    measure_links = [
        re.search(r"measure=(\d+)", link.proto.query_string).group(1) for link in app.get("page_link") if link.proto.page == "measure"
    ]
    assert measure_links[:2] == ["6", "4"]
    text = page_text(app)
    assert i18n.t(lang, "guide.outside_title") in text  # said plainly: her local customs office is not Shenzhen Customs
    assert "(tel:12360)" in text and "(tel:95198)" in text
    lulutong = policies.measure(4)
    assert policies.escape_markdown(i18n.pick(lang, lulutong.how_to[0])) in text  # measure 4's steps are on the guide
    assert policies.escape_markdown(i18n.pick(lang, guide.guide().rules[0].for_you)) in text
    assert app.query_params["goods"] == "fresh_produce" and app.query_params["where"] == "elsewhere"


def test_an_answer_chosen_on_the_page_goes_into_the_link(app_env):
    app = run_page("pages/guide.py", "en", session={"guide-trade": "import", "guide-goods": ["chilled_seafood"]})
    assert not app.exception
    assert app.query_params["trade"] == "import" and app.query_params["goods"] == "chilled_seafood"
    assert [link.proto.query_string for link in app.get("page_link") if link.proto.page == "measure"][0].startswith("measure=7")


def test_no_answer_asks_for_one_and_a_wrong_value_in_the_link_is_named(app_env):
    app = run_page("pages/guide.py", "zh_hant", trade="smuggle")
    assert not app.exception
    assert any("smuggle" in warning.value for warning in app.warning)
    assert app.info[0].value == i18n.t("zh_hant", "guide.start")
    assert "trade" not in app.query_params
