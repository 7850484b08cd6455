"""The policy content (datasets/policies/) and the training schedule that cites it are complete
and consistent: every measure, in every language, with existing channels and indicators, and
official texts that are verbatim from the seed document."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest
import yaml

from dashboard import i18n, policies, registry
from dashboard.policies import LANGS, POLICIES_DIR
from loaders.paths import DATASETS_DIR

SEED = DATASETS_DIR / "sources" / "seed_measures_2023-07-04.txt"  # vendored; see tests/test_sources.py
SESSIONS = DATASETS_DIR / "training" / "sessions.csv"
MEASURE_FILES = sorted(POLICIES_DIR.glob("measure_*.yaml"))
TEXT_FIELDS = ("title", "summary", "audience", "what_changes")
REQUIRED = (
    "number",
    "area",
    "slug",
    "title",
    "official_text_zh",
    "official_explanation_zh",
    "source",
    "summary",
    "audience",
    "what_changes",
    "how_to",
    "channels",
    "indicators",
    "keywords",
)


def raw(path: Path) -> dict:
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def test_all_fifteen_measures_numbered_one_to_fifteen():
    numbers = [raw(path)["number"] for path in MEASURE_FILES]
    assert sorted(numbers) == list(range(1, 16))
    assert list(policies.measures()) == list(range(1, 16))
    for path in MEASURE_FILES:  # measure_08.yaml holds measure 8
        assert raw(path)["number"] == int(path.stem.split("_")[1]), path.name


def test_four_areas_and_every_measure_in_one():
    assert sorted(policies.areas()) == [1, 2, 3, 4]
    assert {m.area for m in policies.measures().values()} == {1, 2, 3, 4}
    assert sum(len(items) for items in policies.by_area().values()) == 15


@pytest.mark.parametrize("path", MEASURE_FILES, ids=lambda p: p.stem)
def test_every_field_present_and_non_empty_in_all_languages(path):
    document = raw(path)
    missing = [field for field in REQUIRED if field not in document]
    assert not missing, f"{path.name}: missing {missing}"
    for field in TEXT_FIELDS:
        for lang in LANGS:
            assert str(document[field].get(lang) or "").strip(), f"{path.name}: {field}.{lang} empty"
    for index, step in enumerate(document["how_to"]):
        for lang in LANGS:
            assert str(step.get(lang) or "").strip(), f"{path.name}: how_to[{index}].{lang} empty"
    for lang in LANGS:
        words = document["keywords"].get(lang) or []
        assert words and all(str(w).strip() for w in words), f"{path.name}: keywords.{lang} empty"
    assert document["official_text_zh"].strip() and document["official_explanation_zh"].strip()
    assert document["channels"] and document["indicators"]
    source = document["source"]
    assert source["publisher"] == "深圳海关12360"
    assert source["published"] == dt.date(2023, 7, 4)
    assert source["title"].strip()


def test_traditional_chinese_is_not_a_copy_of_simplified():
    """A 繁體 field pasted from the 简体 one would pass the non-empty check; the summaries of all 15
    measures have characters that differ between the scripts."""
    for item in policies.measures().values():
        assert item.summary["zh_hant"] != item.summary["zh_hans"], item.number
        assert item.summary["en"] != item.summary["zh_hans"], item.number


def test_slugs_unique_and_url_safe():
    slugs = [m.slug for m in policies.measures().values()]
    assert len(set(slugs)) == len(slugs)
    assert all(slug.replace("-", "").isalnum() and slug == slug.lower() for slug in slugs)


def test_every_channel_exists_and_every_channel_is_complete():
    known = policies.channels()
    for item in policies.measures().values():
        assert set(item.channels) <= set(known), (item.number, set(item.channels) - set(known))
    for channel in known.values():
        assert channel.kind in policies.CHANNEL_ICONS
        for text in (channel.name, channel.description, channel.contact):
            assert all(text[lang] for lang in LANGS), channel.id


def test_every_indicator_exists_in_the_registry():
    indicators = registry.indicators()
    for item in policies.measures().values():
        assert set(item.indicators) <= set(indicators), (item.number, set(item.indicators) - set(indicators))


def test_official_texts_are_verbatim_from_the_seed_document():
    seed = SEED.read_text(encoding="utf-8")
    for item in policies.measures().values():
        assert item.official_text_zh in seed, f"measure {item.number}: official_text_zh is not verbatim"
        assert item.official_explanation_zh in seed, f"measure {item.number}: official_explanation_zh is not verbatim"


def test_official_text_starts_with_the_official_title():
    """The title is the official one; only its punctuation is made full-width (tests/test_typography.py)."""
    as_published = str.maketrans("，：；（）？！", ",:;()?!")
    for item in policies.measures().values():
        assert item.official_text_zh.startswith(item.title["zh_hans"].translate(as_published)), item.number


def test_traditional_folding_covers_the_content():
    """Every 繁體 character of the content folds to 简体, so a query typed in either script matches."""
    items = policies.measures().values()
    simplified = "".join(
        text
        for m in items
        for text in (m.title["zh_hans"], m.summary["zh_hans"], m.audience["zh_hans"], m.what_changes["zh_hans"], *m.keywords["zh_hans"])
    )
    traditional = "".join(
        text
        for m in items
        for text in (m.title["zh_hant"], m.summary["zh_hant"], m.audience["zh_hant"], m.what_changes["zh_hant"], *m.keywords["zh_hant"])
    )
    unfolded = sorted({c for c in traditional if "\u4e00" <= c <= "\u9fff" and c not in simplified and policies.fold(c) == c})
    assert not unfolded, f"not folded by dashboard.chinese_script: {''.join(unfolded)}"
    for item in items:
        assert policies.fold(item.title["zh_hant"]) == policies.fold(item.title["zh_hans"]), item.number


@pytest.mark.parametrize("lang", LANGS)
def test_every_keyword_finds_its_measure(lang):
    for item in policies.measures().values():
        for word in item.keywords[lang]:
            found = [result.measure.number for result in policies.search(word, lang)]
            assert item.number in found, (lang, word, found)


def test_training_schedule_cites_existing_measures_and_indicators():
    with SESSIONS.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert rows
    indicators = registry.indicators()
    for row in rows:
        cited = [int(n) for n in row["measures"].split(";") if n.strip()]
        assert cited and set(cited) <= set(policies.measures()), (row["session_id"], cited)
        slides = [s for s in row["slides"].split(";") if s.strip()]
        assert set(slides) <= set(indicators), (row["session_id"], set(slides) - set(indicators))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["summary"].pop("en"), "summary.en"),
        (lambda d: d["title"].update(zh_hant="  "), "title.zh_hant"),
        (lambda d: d.update(channels=["no_such_channel"]), "unknown ids"),
        (lambda d: d.update(indicators=["no.such.indicator"]), "unknown ids"),
        (lambda d: d.update(area=9), "area"),
        (lambda d: d["keywords"].update(en=[]), "keywords.en"),
    ],
)
def test_loader_rejects_broken_content_naming_the_field(tmp_path, monkeypatch, change, message):
    for path in POLICIES_DIR.glob("*.yaml"):
        (tmp_path / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    document = raw(tmp_path / "measure_08.yaml")
    change(document)
    (tmp_path / "measure_08.yaml").write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    monkeypatch.setattr(policies.content, "POLICIES_DIR", tmp_path)
    with pytest.raises(policies.PolicyContentError, match=message):
        policies.measures()


def test_interface_strings_have_the_same_keys_in_every_language():
    keys = [{key for key in i18n.strings(lang) if key.startswith("policies.")} for lang in LANGS]
    assert keys[0] and keys[0] == keys[1] == keys[2]
    for lang in LANGS:
        assert all(str(i18n.strings(lang)[key]).strip() for key in keys[0]), lang
        assert {f"policies.kind.{kind}" for kind in policies.CHANNEL_KINDS} <= keys[0]


def test_measures_and_indicators_link_both_ways():
    """A measure page lists the indicators it moves; each indicator card links back to its measures.
    The two lists live in two files (policy content, indicator registry) and must agree."""
    from dashboard import registry
    from dashboard.policies import measures

    from_content = {(m.number, indicator_id) for m in measures().values() for indicator_id in m.indicators}
    from_registry = {(number, i.id) for i in registry.indicators().values() for number in i.measures}
    assert from_content == from_registry
