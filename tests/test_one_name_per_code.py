"""One name per code. A code's names live in the content file that defines the code, in three
languages, and nowhere else: scopes, indicators, statistics and period bases in
datasets/indicators.yaml; places, customs codes and countries in datasets/reference/*.csv; seafood
labs and products in datasets/reference/seafood_names.yaml; presenters and platforms in
datasets/training/names.yaml; series in datasets/training/series.yaml. The interface strings
(datasets/i18n) are only the interface's words: a table there keyed by such codes is a second name
that will drift (it did: the About page called the Wanqu trains a terminal while the cards called
them trains).

Codes that only the code defines (directions, transport modes, confidence grades …: loaders'
vocabularies) have their display names in the interface strings, in exactly one table.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import yaml

from loaders.content import reference, registry_schema
from loaders.content.reader import load_content
from loaders.contracts import vocab
from loaders.contracts.indicator_series import CONFIDENCE
from loaders.paths import DATASETS_DIR

I18N = DATASETS_DIR / "i18n"
MIN_SHARED_KEYS = 2  # one key can be a coincidence (a word that is also a code); two keys are a table…


def is_name_table(keys: set[str], codes: set[str]) -> bool:
    """…when codes are at least half its keys (a page's section with 20 labels, two of which are
    also statistic codes — "median", "p90" as column headings — is not a table of those codes)."""
    shared = keys & codes
    return len(shared) >= MIN_SHARED_KEYS and 2 * len(shared) >= len(keys)


def content_vocabularies() -> dict[str, set[str]]:
    """Codes whose names live in a content file, by what they are."""
    registry = registry_schema.document()
    indicator_ids = {raw["id"] for raw in registry["indicators"]} | {raw["id"] for raw in registry.get("published_only") or []}
    seafood = load_content(reference.SEAFOOD_NAMES_PATH, reference.name_tables_schema)
    training = load_content(DATASETS_DIR / "training" / "names.yaml", reference.name_tables_schema)
    series = yaml.safe_load((DATASETS_DIR / "training" / "series.yaml").read_text(encoding="utf-8"))["series"]
    return {
        "scopes (datasets/indicators.yaml)": set(registry["scopes"]),
        "indicators (datasets/indicators.yaml)": indicator_ids | {i.replace(".", "_") for i in indicator_ids},
        "statistics (datasets/indicators.yaml)": set(registry["statistics"]),
        "period bases (datasets/indicators.yaml)": set(registry["period_bases"]),
        "places (datasets/reference/places.csv)": {p["place_id"] for p in reference.places()},
        "customs codes (datasets/reference/customs_codes.csv)": {c["customs_code"] for c in reference.customs_codes()},
        "countries (datasets/reference/countries.csv)": {c["iso2"] for c in reference.countries()},
        "seafood labs and products (datasets/reference/seafood_names.yaml)": set(seafood["labs"]) | set(seafood["products"]),
        "presenters and platforms (datasets/training/names.yaml)": set(training["presenters"]) | set(training["platforms"]),
        "series (datasets/training/series.yaml)": {s["id"] for s in series},
    }


CODE_VOCABULARIES = {
    "directions": set(vocab.DIRECTION),
    "transport modes": set(vocab.TRANSPORT_MODE),
    "fresh-produce categories": set(vocab.FRESH_CATEGORY),
    "lab results": set(vocab.LAB_RESULT),
    "rail directions": set(vocab.RAIL_DIRECTION),
    "rail services": set(vocab.RAIL_SERVICE),
    "confidence grades": set(CONFIDENCE),
}


def tables(node: Any, path: str = "") -> Iterator[tuple[str, set[str]]]:
    """Every mapping in a strings document, with its dotted path and its keys."""
    if isinstance(node, dict):
        yield path, {str(key) for key in node}
        for key, value in node.items():
            yield from tables(value, f"{path}.{key}" if path else str(key))


def strings_tables() -> list[tuple[str, set[str]]]:
    found = []
    for file in sorted(I18N.glob("*/*.yaml")):
        document = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
        found += [(f"{file.relative_to(I18N)}: {path}", keys) for path, keys in tables(document) if path]
    return found


def named_elsewhere(vocabularies: dict[str, set[str]], found: list[tuple[str, set[str]]]) -> list[str]:
    return [
        f"{where} names {sorted(keys & codes)[:4]} from {what}"
        for where, keys in found
        for what, codes in vocabularies.items()
        if is_name_table(keys, codes)
    ]


def test_no_interface_strings_table_names_codes_that_a_content_file_defines():
    assert named_elsewhere(content_vocabularies(), strings_tables()) == []


@pytest.mark.parametrize("what", sorted(CODE_VOCABULARIES))
def test_each_vocabulary_of_the_code_is_named_by_one_table_per_language(what):
    codes = CODE_VOCABULARIES[what]
    for lang in ("zh_hans", "en", "zh_hant"):
        naming = [where for where, keys in strings_tables() if where.startswith(f"{lang}/") and is_name_table(keys, codes)]
        assert len(naming) <= 1, f"{what} are named in {naming}: keep one table"


def test_the_check_finds_a_second_name_table():
    vocabularies = {"scopes": {"national", "guangdong", "shenzhen"}}
    found = [("en/about.yaml: about_page.scope_name", {"national", "guangdong"}), ("en/core.yaml: grain", {"day", "week"})]
    assert named_elsewhere(vocabularies, found) == ["en/about.yaml: about_page.scope_name names ['guangdong', 'national'] from scopes"]
