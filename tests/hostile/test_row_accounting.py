"""Row accounting: one stray double quote must not make rows vanish.

Before: a quote opening a cell and never closed swallowed the rest of its 16 MB block (or of a
small file) into one cell, and the load said it had read fewer rows, exit 0. Now the line with
the quote is rejected (reason unbalanced_quote, its row number) and every other record is read
on its own: rows read = records written = accepted + rejected, for every dataset, file size,
position of the bad line, column of the quote, encoding and packing.
"""

from __future__ import annotations

import functools
import gzip

import pytest

from loaders.read import readers
from loaders.read import validate as validation
from loaders.store.engines import read_engine
from loaders.store.load import load_log
from tests.hostile.files import DATASETS, expected_keys, sample, stored_keys, with_cell, write

SIZES = (1, 12, 300)
WHERE = {"first": lambda n: 0, "middle": lambda n: n // 2, "last": lambda n: n - 1}
COLUMNS = {"first cell": 0, "a middle cell": 3, "last cell": -1}


def _stray_quote(cell: str) -> str:
    return '"' + cell


@pytest.mark.parametrize("column", list(COLUMNS))
@pytest.mark.parametrize("where", list(WHERE))
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("dataset", DATASETS)
def test_a_stray_quote_rejects_its_own_row_and_no_other(tmp_path, cli, small_blocks, dataset, size, where, column):
    data = sample(dataset)
    lines = data.lines[:size]
    bad = WHERE[where](size)
    lines[bad] = with_cell(lines[bad], COLUMNS[column], _stray_quote)
    path = write(tmp_path / f"{dataset}.csv", data.header, lines)

    result = cli("check", dataset, path)

    assert result.code == 3, result.out + result.err
    assert result.counts == (size, size - 1, 1)
    rejects = result.rejects()
    assert rejects[["row", "column", "reason_code"]].to_dict("records") == [
        {"row": bad + 2, "column": "*", "reason_code": "unbalanced_quote"}
    ]
    assert "quote" in rejects["reason_en"][0] and "引号" in rejects["reason_zh"][0]


def _clearance_lines(count: int) -> tuple[str, list[str], list[str]]:
    data = sample("clearance")
    lines, keys = [], []
    for i in range(count):
        key = f"5316{i:014d}"
        lines.append(with_cell(data.lines[i % len(data.lines)], 0, lambda _c, key=key: key))
        keys.append(key)
    return data.header, lines, keys


@pytest.mark.parametrize("careful", ["whole", "in batches"])
@pytest.mark.parametrize("packing", ["plain", "gzip"])
def test_a_stray_quote_deep_in_a_streamed_file_loses_nothing(store_url, tmp_path, cli, monkeypatch, packing, careful):
    """The issue's case scaled down: 20,000 rows streamed in 64 KB blocks, a quote at row 15,000;
    read again carefully either whole or, as a file over CAREFUL_WHOLE_BYTES is, 3,000 rows at a time."""
    monkeypatch.setattr(validation, "read_batches", functools.partial(readers.read_batches, block_bytes=1 << 16))
    if careful == "in batches":
        monkeypatch.setattr(readers, "CAREFUL_WHOLE_BYTES", 0)
        monkeypatch.setattr(readers, "CAREFUL_BATCH_ROWS", 3_000)
        seen = []
        careful_batches = readers.read_careful_batches

        def spy(path, contract):
            for batch in careful_batches(path, contract):
                seen.append(batch.row_count)
                yield batch

        monkeypatch.setattr(validation, "read_careful_batches", spy)
    header, lines, keys = _clearance_lines(20_000)
    lines[15_000] = with_cell(lines[15_000], 1, _stray_quote)
    path = write(tmp_path / "clearance.csv", header, lines)
    if packing == "gzip":
        path = path.with_suffix(".csv.gz")
        path.write_bytes(gzip.compress((tmp_path / "clearance.csv").read_bytes()))

    result = cli("load", "clearance", path, "--db", store_url)

    assert result.code == 3, result.err
    assert result.counts == (20_000, 19_999, 1)
    assert result.rejects()[["row", "reason_code"]].to_dict("records") == [{"row": 15_002, "reason_code": "unbalanced_quote"}]
    assert stored_keys(store_url, "clearance") == sorted(keys[:15_000] + keys[15_001:])
    engine = read_engine(store_url)
    try:
        with engine.connect() as conn:
            logged = conn.execute(load_log.select()).mappings().one()
    finally:
        engine.dispose()
    assert (logged["rows_read"], logged["rows_accepted"], logged["rows_rejected"]) == (20_000, 19_999, 1)
    if careful == "in batches":
        assert len(seen) == 7 and sum(seen) == 20_000


@pytest.mark.parametrize("dataset", ["rail_train", "tir_trip"])
@pytest.mark.parametrize("where", list(WHERE))
def test_a_stray_quote_before_properly_quoted_cells_in_a_gbk_file(store_url, tmp_path, cli, dataset, where):
    """GBK samples quote their amounts ("1,234.5"): the stray quote must not pair with those."""
    from tests.hostile.files import SAMPLES_DIR

    raw = (SAMPLES_DIR / f"{dataset}_zh_gbk.csv").read_bytes().decode("gb18030")
    header, *lines = raw.splitlines()
    assert any('"' in line for line in lines)  # the hostile part: real quotes further down
    bad = WHERE[where](len(lines))
    lines[bad] = lines[bad].replace(",", ',"', 1)
    path = write(tmp_path / f"{dataset}.csv", header, lines, encoding="gbk", newline="\r\n")

    result = cli("load", dataset, path, "--db", store_url)

    assert result.code == 3, result.err
    assert result.counts == (len(lines), len(lines) - 1, 1)
    assert result.rejects()["reason_code"].tolist() == ["unbalanced_quote"]
    assert len(stored_keys(store_url, dataset)) == len(lines) - 1


def test_a_real_line_break_in_a_quoted_cell_stays_one_row_beside_a_stray_quote(store_url, tmp_path, cli):
    data = sample("seafood_lab")
    lines = list(data.lines[:40])
    lines[5] = with_cell(lines[5], 1, lambda c: '"冰鲜\n鳕鱼"')
    lines[30] = with_cell(lines[30], 2, _stray_quote)
    path = write(tmp_path / "lab.csv", data.header, lines)

    result = cli("load", "seafood_lab", path, "--db", store_url)

    assert result.code == 3, result.err
    assert result.counts == (40, 39, 1)
    assert result.rejects()[["row", "reason_code"]].to_dict("records") == [{"row": 32, "reason_code": "unbalanced_quote"}]
    assert stored_keys(store_url, "seafood_lab") == expected_keys(data, [i for i in range(40) if i != 30])


def test_a_quote_left_open_on_the_last_line_is_rejected_not_read_as_text(tmp_path, cli):
    """Without a line after it, the quote swallows nothing; it is still not a value to keep."""
    data = sample("seafood_lab")
    lines = list(data.lines[:5])
    lines[-1] = with_cell(lines[-1], 1, _stray_quote)
    for newline_at_end in (True, False):
        path = tmp_path / f"lab_{newline_at_end}.csv"
        text = "\n".join([data.header, *lines]) + ("\n" if newline_at_end else "")
        path.write_text(text, encoding="utf-8")
        result = cli("check", "seafood_lab", path)
        assert result.code == 3 and result.counts == (5, 4, 1), (newline_at_end, result.out)
