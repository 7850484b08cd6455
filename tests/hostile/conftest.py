"""Fixtures of the hostile suite: the real CLI in this process, with its rejects in a temp folder.

Files are generated in code from the committed format samples (datasets/samples); each test
knows how many records it wrote, so "rows read" is checked against a count that owes nothing
to the loader's parser.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from loaders import cli as cli_module
from loaders.read import readers
from loaders.read import validate as validation
from loaders.store import load


@dataclass
class Outcome:
    code: int
    out: str
    err: str
    rejects_dir: Path

    @property
    def counts(self) -> tuple[int, int, int]:
        """(read, accepted, rejected) of the first file in the summary."""
        found = re.search(r"read (\d+), accepted (\d+), rejected (\d+)", self.out)
        assert found, self.out + self.err
        return int(found[1]), int(found[2]), int(found[3])

    def rejects(self, values_as_text: bool = False):
        """The rejects file; `values_as_text`: the value column as written (5.3162E+17 stays text)."""
        import pandas as pd

        files = sorted(self.rejects_dir.glob("*.csv"))
        assert len(files) == 1, files
        types = {"row": "int64", "value": "str"} if values_as_text else {"row": "int64"}
        return pd.read_csv(files[0], encoding="utf-8-sig", dtype=types, keep_default_na=False)


@pytest.fixture
def cli(tmp_path, monkeypatch, capsys):
    """Run `python -m loaders ...` through loaders.cli.main; rejects land in tmp_path/rejects."""
    rejects = tmp_path / "rejects"
    monkeypatch.setattr(cli_module, "load_files", functools.partial(load.load_files, rejects_dir=rejects))
    monkeypatch.setattr(cli_module, "check", functools.partial(load.check, rejects_dir=rejects))

    def run(*args: object) -> Outcome:
        capsys.readouterr()
        code = cli_module.main([str(a) for a in args])
        out, err = capsys.readouterr()
        return Outcome(code, out, err, rejects)

    return run


@pytest.fixture
def small_blocks(monkeypatch):
    """Stream files in 2 KB blocks, so a few hundred rows arrive as many batches."""
    monkeypatch.setattr(validation, "read_batches", functools.partial(readers.read_batches, block_bytes=2048))
