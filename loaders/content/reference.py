"""Reference data (places, customs codes, countries) and the code vocabularies built from it.

Files live in datasets/reference/; places.csv and published_figures.csv start as copies of the
shared reference and are extended there (a test keeps every shared row present).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

from loaders.constants import LANGS
from loaders.content.reader import ContentError, columns, derive, load_content, mapping
from loaders.paths import DATASETS_DIR

REFERENCE_DIR = DATASETS_DIR / "reference"
NAMES = ("name_zh_hans", "name_zh_hant", "name_en")
SEAFOOD_NAMES_PATH = REFERENCE_DIR / "seafood_names.yaml"


def _rows(rows: Any, file: str, key: str, pattern: str, required: tuple[str, ...]) -> tuple[dict[str, str], ...]:
    """Rows with every required column, a unique key matching `pattern` and a name in each language."""
    seen: set[str] = set()
    checked = columns(rows, (key, *NAMES, *required), file)
    for line, row in enumerate(checked, start=2):
        entry = f"line {line} ({row[key]})"
        if not re.fullmatch(pattern, row[key] or "") or row[key] in seen:
            raise ContentError(file, entry, key, f"{row[key]!r} is empty, malformed or repeated")
        seen.add(row[key])
        for name in NAMES:
            if not (row[name] or "").strip():
                raise ContentError(file, entry, name, "missing or empty")
    return checked


def places_schema(rows: Any, file: str) -> tuple[dict[str, str], ...]:
    checked = _rows(rows, file, "place_id", r"[A-Z0-9_]+", ("kind", "customs_code", "lat", "lon"))
    for line, row in enumerate(checked, start=2):
        for axis, limit in (("lat", 90.0), ("lon", 180.0)):
            try:
                ok = -limit <= float(row[axis]) <= limit
            except ValueError:
                ok = False
            if not ok:
                raise ContentError(file, f"line {line} ({row['place_id']})", axis, f"{row[axis]!r} is not a coordinate")
    return checked


def customs_codes_schema(rows: Any, file: str) -> tuple[dict[str, str], ...]:
    return _rows(rows, file, "customs_code", r"\d{4}", ("place_ids",))


def countries_schema(rows: Any, file: str) -> tuple[dict[str, str], ...]:
    return _rows(rows, file, "iso2", r"[A-Z]{2}", ())


def places() -> tuple[dict[str, str], ...]:
    return load_content(REFERENCE_DIR / "places.csv", places_schema)


def _by_id(rows: tuple[dict[str, str], ...]) -> dict[str, dict[str, str]]:
    return {p["place_id"]: p for p in rows}


def place_by_id() -> dict[str, dict[str, str]]:
    return derive(places(), _by_id)


def customs_codes() -> tuple[dict[str, str], ...]:
    return load_content(REFERENCE_DIR / "customs_codes.csv", customs_codes_schema)


def countries() -> tuple[dict[str, str], ...]:
    return load_content(REFERENCE_DIR / "countries.csv", countries_schema)


def _name_variants(name: str) -> list[str]:
    """A place name as people write it: with or without 口岸/港/海关."""
    out = [name]
    for suffix in ("口岸", "港", "海关", "海關", " Port", " Customs"):
        if name.endswith(suffix):
            out.append(name[: -len(suffix)])
    base = out[-1]
    out += [base + "海关", base + "海關", base + "口岸", base + " Customs", base + " Port"]
    return out


# Chinese names are written with full-width brackets (蛇口（蛇口/赤湾/妈湾）); files bring either width.
_HALF_BRACKETS = str.maketrans({"（": "(", "）": ")"})
_FULL_BRACKETS = str.maketrans({"(": "（", ")": "）"})


def _spellings(*names: str) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for name in names:
        if name:
            for variant in _name_variants(name.strip()):
                for width in (variant, variant.translate(_HALF_BRACKETS), variant.translate(_FULL_BRACKETS)):
                    seen[width] = None
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


def name_tables_schema(document: Any, file: str) -> dict[str, dict[str, dict[str, str]]]:
    """A file of name tables: kind -> {name as the data or schedule write it -> its name in each
    interface language} (datasets/reference/seafood_names.yaml, datasets/training/names.yaml)."""
    tables = mapping(document, file)
    for kind, table in tables.items():
        for written, names in mapping(table, file, kind).items():
            if not isinstance(names, dict) or set(names) != set(LANGS) or not all(isinstance(v, str) and v.strip() for v in names.values()):
                raise ContentError(file, f"{kind} {written}", None, f"expected a name in each of {', '.join(LANGS)}")
    return tables


def translated_name(path: Path, kind: str, written: str, lang: str) -> str:
    """`written` (a lab, product, presenter or platform as the data write it) in `lang`, from the name
    tables in `path`; as written when the table does not list it."""
    names = load_content(path, name_tables_schema).get(kind, {}).get(written)
    return names[lang] if names else written


def seafood_name(kind: str, written: str, lang: str) -> str:
    """A seafood lab's or product's name in `lang` (kind "labs" or "products")."""
    return translated_name(SEAFOOD_NAMES_PATH, kind, written, lang)
