"""Content says only what the seed document says: the measures were published on 2023-07-04 (not
"in force"); the training series' frequency and format are the authority's to fill in; demo
seafood origins follow China's suspension of Japanese aquatic products from 2023-08-24."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pandas as pd
import pytest
import yaml

from dashboard import markers, training
from loaders.demo.generator import generate

ROOT = Path(__file__).resolve().parent.parent
CONTENT = [*sorted((ROOT / "datasets" / "i18n").rglob("*.yaml")), *sorted((ROOT / "datasets" / "policies").glob("*.yaml"))]
CONTENT += [ROOT / "datasets" / "calendar.yaml", ROOT / "datasets" / "training" / "series.yaml"]
IN_FORCE = re.compile(r"in force|took effect|take effect|措施实施|措施實施|实施之日|實施之日", re.IGNORECASE)


@pytest.mark.parametrize("path", CONTENT, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_content_says_the_measures_are_in_force(path):
    text = path.read_text(encoding="utf-8")
    assert not IN_FORCE.search(text), f"{path.name}: the seed gives the publication time (2023-07-04 23:14), not a date in force"


def test_the_measures_marker_says_published():
    kinds = yaml.safe_load((ROOT / "datasets" / "calendar.yaml").read_text(encoding="utf-8"))["kinds"]
    assert kinds["measures"]["legend"]["en"] == "Measures published (4 Jul 2023)"
    assert kinds["measures"]["legend"]["zh_hans"] == "措施发布（2023年7月4日）"
    assert any(event.date == dt.date(2023, 7, 4) for event in markers.events())


def test_training_series_make_no_claims_the_seed_does_not():
    for series in training.load_series().values():
        description = series.description
        assert "monthly" not in description["en"].lower() and "in person" not in description["en"]
        assert "月度" not in description["zh_hans"] and "線上線下" not in description["zh_hant"]
        assert "待海关填写" in description["zh_hans"] and "for Shenzhen Customs to fill in" in description["en"]
        assert "待海關填寫" in description["zh_hant"]


@pytest.fixture(scope="module")
def seafood() -> pd.DataFrame:
    return generate(seed=20230704, scale=0.05)["seafood_lab"]


def test_demo_seafood_from_japan_stops_on_24_august_2023(seafood):
    japan = seafood[seafood["origin_country"] == "JP"]
    assert not japan.empty, "Japanese origins appear before the suspension"
    assert japan["sampled_at"].max() < pd.Timestamp("2023-08-24")
    after = seafood[seafood["sampled_at"] >= pd.Timestamp("2023-08-24")]
    assert set(after[after["product"] == "海胆"]["origin_country"]) <= {"CL", "CA"}, "other origins take Japan's place"


# Claims our own words made beyond the measures' text: measure 6 only explores (探索) checks at
# distribution hubs; measure 7 supports building (支持…建设) the airport lab; measure 14 promises
# a mechanism, not an outcome. 陆路通 is Lùlùtōng in pinyin.
OVERSTATEMENTS = re.compile(
    r"moves quality checks|Quality checks move to|质量管控前移到集散地，口岸通关更快|不会石沉大海|不會石沉大海|does not get lost|Ludutong"
    r"|an on-site lab at Shenzhen Airport's international cargo terminal plus|supports an on-site testing laboratory",
    re.IGNORECASE,
)


@pytest.mark.parametrize("path", [*CONTENT, ROOT / "datasets" / "training" / "sessions.csv"], ids=lambda p: str(p.relative_to(ROOT)))
def test_our_words_say_no_more_than_the_measures_text(path):
    found = OVERSTATEMENTS.findall(path.read_text(encoding="utf-8"))
    assert found == [], f"{path.name}: {found}"


def test_measure_6_says_the_hub_checks_are_explored_in_every_language():
    measure = yaml.safe_load((ROOT / "datasets" / "policies" / "measure_06.yaml").read_text(encoding="utf-8"))
    assert "探索" in measure["what_changes"]["zh_hans"] and "探索" in measure["what_changes"]["zh_hant"]
    assert "exploring" in measure["what_changes"]["en"]
