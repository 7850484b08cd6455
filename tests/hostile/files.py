"""Hostile files made from the committed format samples, with what a correct reader must report."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from loaders.contracts.datasets import CONTRACTS, TABLES
from loaders.paths import DATASETS_DIR
from loaders.store.engines import exists, read_engine

SAMPLES_DIR = DATASETS_DIR / "samples"
DATASETS = tuple(CONTRACTS)


@dataclass(frozen=True)
class Sample:
    """A dataset's English UTF-8 sample: header line, data lines and each line's key."""

    dataset: str
    header: str
    lines: list[str]
    keys: list[tuple[str, ...]]


def sample(dataset: str) -> Sample:
    text = (SAMPLES_DIR / f"{dataset}_en_utf8.csv").read_text(encoding="utf-8")
    header, *lines = text.splitlines()
    names = next(csv.reader([header]))
    contract = CONTRACTS[dataset]
    positions = [names.index(contract.field(k).label_en) for k in contract.key]
    keys = [tuple(cells[p] for p in positions) for cells in csv.reader(io.StringIO("\n".join(lines)))]
    return Sample(dataset, header, lines, keys)


def with_cell(line: str, column: int, change) -> str:
    """`line` with cell `column` (negative from the end) replaced by change(cell)."""
    cells = next(csv.reader([line]))
    cells[column] = change(cells[column])
    return ",".join(cells)


def write(path: Path, header: str, lines: list[str], encoding: str = "utf-8", newline: str = "\n") -> Path:
    path.write_bytes((newline.join([header, *lines]) + newline).encode(encoding))
    return path


def stored_keys(url: str, dataset: str) -> list[str]:
    """The first key column of every stored row, as text, sorted (a multiset: rail trains share numbers)."""
    if not exists(url):
        return []
    column = TABLES[dataset].c[CONTRACTS[dataset].key[0]]
    engine = read_engine(url)
    try:
        with engine.connect() as conn:
            return sorted(str(v) for v in conn.execute(sa.select(column)).scalars())
    finally:
        engine.dispose()


def expected_keys(sample: Sample, kept: list[int]) -> list[str]:
    """The first key column of the sample lines at `kept` (indexes), sorted."""
    return sorted(sample.keys[i][0] for i in kept)
