"""Reference data: the shared reference rows stay present unchanged, and customs codes are sound.

The shared rows are compared through the vendored copies in datasets/sources/ (checked against
their SHA-256 in tests/test_sources.py, and against ../shared whenever it is beside the repo), so
these guards run in every clone and never skip."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from loaders.paths import DATASETS_DIR

SHARED_REFERENCE = DATASETS_DIR / "sources" / "shared_reference"
REFERENCE = DATASETS_DIR / "reference"


def read_rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


@pytest.mark.parametrize("name", ["places.csv", "published_figures.csv"])
def test_every_shared_reference_row_is_present_unchanged(name):
    shared_columns, shared = read_rows(SHARED_REFERENCE / name)
    ours_columns, ours = read_rows(REFERENCE / name)
    assert shared, f"{name}: the shared file has no rows"
    missing_columns = [c for c in shared_columns if c not in ours_columns]
    assert missing_columns == [], f"datasets/reference/{name} dropped columns {missing_columns}"
    present = {tuple(row[c] for c in shared_columns) for row in ours}
    absent = [row for row in shared if tuple(row[c] for c in shared_columns) not in present]
    assert absent == [], f"datasets/reference/{name}: {len(absent)} shared row(s) missing or changed, first: {absent[:1]}"


def test_place_ids_are_unique():
    _, places = read_rows(REFERENCE / "places.csv")
    ids = [p["place_id"] for p in places]
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})


def test_customs_codes_are_four_digits_and_name_existing_places():
    _, codes = read_rows(REFERENCE / "customs_codes.csv")
    _, places = read_rows(REFERENCE / "places.csv")
    place_by_id = {p["place_id"]: p for p in places}
    assert codes
    bad_codes = [row["customs_code"] for row in codes if not re.fullmatch(r"\d{4}", row["customs_code"])]
    assert bad_codes == []
    listed = [row["customs_code"] for row in codes]
    assert len(listed) == len(set(listed)), "a customs code is listed twice"
    unknown = [(row["customs_code"], pid) for row in codes for pid in row["place_ids"].split(";") if pid not in place_by_id]
    assert unknown == [], f"place_ids not in places.csv: {unknown}"
    mismatched = [
        (row["customs_code"], pid, place_by_id[pid]["customs_code"])
        for row in codes
        for pid in row["place_ids"].split(";")
        if place_by_id[pid]["customs_code"] != row["customs_code"]
    ]
    assert mismatched == [], f"places listed under a customs code that places.csv gives them differently: {mismatched}"


def test_every_customs_code_of_a_place_is_in_customs_codes():
    _, codes = read_rows(REFERENCE / "customs_codes.csv")
    _, places = read_rows(REFERENCE / "places.csv")
    known = {row["customs_code"] for row in codes}
    orphans = [(p["place_id"], p["customs_code"]) for p in places if p["customs_code"] and p["customs_code"] not in known]
    assert orphans == []
