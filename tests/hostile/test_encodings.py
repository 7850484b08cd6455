"""Encodings are detected, not assumed: a file in another encoding that happens to decode as
GB18030 is refused with one line naming the likely encoding, never stored as garbage."""

from __future__ import annotations

import pytest

from loaders.read.encodings import implausible_for_gbk
from tests.hostile.files import DATASETS, SAMPLES_DIR, sample, stored_keys, with_cell, write
from tests.hostile.test_unreadable import assert_one_line

HOW = "save it as 'CSV UTF-8 (comma delimited)'"


def cesu8_bytes(text: str) -> bytes:
    """CESU-8: each UTF-16 code unit of `text` as UTF-8 bytes (a surrogate pair is six bytes)."""
    units = text.encode("utf-16-le")
    return b"".join(chr(int.from_bytes(units[i : i + 2], "little")).encode("utf-8", "surrogatepass") for i in range(0, len(units), 2))


def test_windows_1252_is_refused_not_read_as_chinese(store_url, tmp_path, cli):
    """Before: Zürich was stored as Z黵ich, exit 0."""
    data = sample("rail_train")
    lines = [with_cell(data.lines[0], 10, lambda _c: "Zürich café"), *data.lines[1:]]
    path = write(tmp_path / "rail.csv", data.header, lines, encoding="cp1252")
    result = cli("load", "rail_train", path, "--db", store_url)
    assert_one_line(result, "rail.csv", "not UTF-8 or GBK/GB18030 text; it looks like a single-byte encoding such as Windows-1252", HOW)
    assert stored_keys(store_url, "rail_train") == []


def test_big5_is_refused_naming_big5(tmp_path, cli):
    """Before: a Big5 file became private-use characters."""
    path = tmp_path / "seafood.csv"
    text = (SAMPLES_DIR / "seafood_lab_zh_gbk.csv").read_bytes().decode("gb18030")
    path.write_bytes(text.replace("鳕", "鱈").replace("检", "檢").encode("big5", errors="replace"))
    result = cli("check", "seafood_lab", path)
    assert_one_line(result, "seafood.csv", "it looks like Big5 (Traditional Chinese, Taiwan or Hong Kong)", HOW, "另存为")


def test_cesu8_is_refused_naming_cesu8(tmp_path, cli):
    data = sample("seafood_lab")
    header = data.header.encode("utf-8")
    line = with_cell(data.lines[0], 1, lambda _c: "冰鲜鳕鱼 🐟").encode("utf-8").replace("🐟".encode(), cesu8_bytes("🐟"))
    path = tmp_path / "seafood.csv"
    path.write_bytes(header + b"\n" + line + b"\n")
    result = cli("check", "seafood_lab", path)
    assert_one_line(result, "seafood.csv", "it looks like CESU-8 (UTF-8 with surrogate pairs", HOW)


@pytest.mark.parametrize("dataset", DATASETS)
def test_every_gbk_sample_still_reads(dataset, tmp_path, cli):
    result = cli("check", dataset, SAMPLES_DIR / f"{dataset}_zh_gbk.csv")
    assert result.code in (0, 3) and "error" not in result.err, result.err
    assert implausible_for_gbk((SAMPLES_DIR / f"{dataset}_zh_gbk.csv").read_bytes().decode("gb18030")) is False


def test_gbk_with_a_few_rare_characters_is_still_gbk():
    common = "深圳海关食品检验检疫技术中心冰鲜鳕鱼" * 3
    assert implausible_for_gbk(common + "镕堃") is False  # names with characters outside GB2312
    assert implausible_for_gbk("Z黵ich") is True
    assert implausible_for_gbk("plain ASCII") is False
