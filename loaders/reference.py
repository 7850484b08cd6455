"""Reference data (places, customs codes, countries) and the code vocabularies built from it.

Files live in datasets/reference/; places.csv and published_figures.csv start as copies of the
shared reference and are extended there (a test keeps every shared row present).
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

from loaders.paths import DATASETS_DIR

REFERENCE_DIR = DATASETS_DIR / "reference"


def _read_csv(name: str) -> list[dict[str, str]]:
    path: Path = REFERENCE_DIR / name
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@cache
def places() -> tuple[dict[str, str], ...]:
    return tuple(_read_csv("places.csv"))


@cache
def place_by_id() -> dict[str, dict[str, str]]:
    return {p["place_id"]: p for p in places()}


@cache
def customs_codes() -> tuple[dict[str, str], ...]:
    return tuple(_read_csv("customs_codes.csv"))


@cache
def countries() -> tuple[dict[str, str], ...]:
    return tuple(_read_csv("countries.csv"))


def _name_variants(name: str) -> list[str]:
    """A place name as people write it: with or without 口岸/港/海关."""
    out = [name]
    for suffix in ("口岸", "港", "海关", "海關", " Port", " Customs"):
        if name.endswith(suffix):
            out.append(name[: -len(suffix)])
    base = out[-1]
    out += [base + "海关", base + "海關", base + "口岸", base + " Customs", base + " Port"]
    return out


def _spellings(*names: str) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for name in names:
        if name:
            for variant in _name_variants(name.strip()):
                seen[variant] = None
    return tuple(seen)


@cache
def customs_code_spellings() -> dict[str, tuple[str, ...]]:
    """4-digit customs code -> the code itself, office names and the names of its ports."""
    out: dict[str, tuple[str, ...]] = {}
    for row in customs_codes():
        names = [row["customs_code"], row["name_zh_hans"], row["name_zh_hant"], row["name_en"]]
        for place_id in row["place_ids"].split(";"):
            place = place_by_id()[place_id]
            names += [place["name_zh_hans"], place["name_zh_hant"], place["name_en"]]
        out[row["customs_code"]] = _spellings(*names)
    return out


def place_spellings(kinds: tuple[str, ...] | None = None, ids_prefix: str = "") -> dict[str, tuple[str, ...]]:
    """place_id -> its id and names in three languages, for places of the given kinds."""
    return {
        p["place_id"]: _spellings(p["place_id"], p["name_zh_hans"], p["name_zh_hant"], p["name_en"])
        for p in places()
        if (kinds is None or p["kind"] in kinds) and p["place_id"].startswith(ids_prefix)
    }


@cache
def country_spellings() -> dict[str, tuple[str, ...]]:
    return {c["iso2"]: (c["iso2"], c["name_zh_hans"], c["name_zh_hant"], c["name_en"]) for c in countries()}


def display_name(kind: str, code: str, lang: str) -> str:
    """The name of a coded value in a language; the code itself when it is not in the reference."""
    column = f"name_{lang}" if lang != "en" else "name_en"
    if kind == "customs_code":
        row = next((r for r in customs_codes() if r["customs_code"] == code), None)
    elif kind == "country":
        row = next((r for r in countries() if r["iso2"] == code), None)
    else:
        row = place_by_id().get(code)
    return row[column] if row else code
