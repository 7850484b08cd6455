"""Units in the page's language: every unit a published figure is written in ("tonnes per day",
"head per day" …) has its words in each language, so a Chinese page shows 吨/日, not English."""

from __future__ import annotations

import csv

import pytest

from dashboard import i18n, registry
from loaders.paths import DATASETS_DIR

ROWS = list(csv.DictReader((DATASETS_DIR / "reference" / "published_figures.csv").open(encoding="utf-8")))


@pytest.mark.parametrize("lang", ["zh_hans", "zh_hant"])
def test_every_published_unit_has_chinese_words(lang):
    untranslated = sorted(
        {
            row["unit"]
            for row in ROWS
            if row["indicator_id"] not in registry.indicators() and f"unit.{row['unit'].lower()}" not in i18n.strings(lang)
        }
    )
    assert untranslated == []
