"""Unreadable files: a file that cannot be read is one line and exit 2, never a traceback.

Each case is a generated file; the assertions are what a user sees: the exit code, one line on
stderr that names the file, says what is wrong and what to do in English and Chinese, and a store
left as it was.
"""

from __future__ import annotations

import contextlib
import gzip
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from tests.hostile.files import SAMPLES_DIR, sample, stored_keys, write


def assert_one_line(result, name: str, *phrases: str) -> None:
    assert result.code == 2, result.out + result.err
    assert result.err.count("\n") == 1 and result.err.startswith(f"error: {name}: "), result.err
    assert "Traceback" not in result.err
    for phrase in phrases:
        assert phrase in result.err, (phrase, result.err)


@contextlib.contextmanager
def unreadable_to_this_process(path):
    """The file made unreadable: chmod 000, and for root (who reads anyway) an unprivileged
    effective user while the block runs."""
    path.chmod(0)
    dropped = os.geteuid() == 0
    if dropped:
        os.setegid(65534)
        os.seteuid(65534)
    try:
        yield
    finally:
        if dropped:
            os.seteuid(0)
            os.setegid(0)
        path.chmod(0o644)


@pytest.fixture
def open_folder():
    """A folder the unprivileged user can enter (pytest's own are root-only), so the store check that
    runs before parsing passes and the unreadable file is what fails."""
    folder = Path(tempfile.mkdtemp(prefix="unreadable-"))
    folder.chmod(0o777)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def test_a_file_without_read_permission(store_url, open_folder, cli):
    tmp_path = open_folder
    if store_url.startswith("duckdb"):
        store_url = f"duckdb:///{tmp_path / 'store.duckdb'}"
    data = sample("clearance")
    path = write(tmp_path / "export.csv", data.header, data.lines[:5])
    assert cli("check", "clearance", path).code == 0  # readable, and every module the CLI needs is imported
    with unreadable_to_this_process(path):
        result = cli("load", "clearance", path, "--db", store_url)
    assert_one_line(result, "export.csv", "permission denied", "无权读取")
    assert stored_keys(store_url, "clearance") == []


def test_a_directory_is_named_as_a_directory(store_url, tmp_path, cli):
    folder = tmp_path / "exports"
    folder.mkdir()
    result = cli("load", "clearance", folder, "--db", store_url)
    assert_one_line(result, "exports", "is a directory, not a file", "这是文件夹")
    assert "not found" not in result.err
    assert stored_keys(store_url, "clearance") == []


def test_a_missing_file_is_named_as_missing(tmp_path, cli):
    assert_one_line(cli("check", "clearance", tmp_path / "gone.csv"), "gone.csv", "file not found", "找不到")


@pytest.mark.parametrize(("delimiter", "named"), [(";", "semicolons"), ("\t", "tabs")])
def test_a_file_separated_by_semicolons_or_tabs_says_so(store_url, tmp_path, cli, delimiter, named):
    data = sample("seafood_lab")
    lines = [line.replace(",", delimiter) for line in [data.header, *data.lines[:10]]]
    path = write(tmp_path / "lab.csv", lines[0], lines[1:])
    result = cli("load", "seafood_lab", path, "--db", store_url)
    assert_one_line(result, "lab.csv", f"separated by {named}", "分隔")
    assert "no header row" not in result.err
    assert stored_keys(store_url, "seafood_lab") == []


def test_a_cell_over_the_field_limit_near_the_top_is_a_rejected_row(store_url, tmp_path, cli):
    """Before: a traceback from the csv module. Now the row with the 200,000-character cell is
    rejected and the others load, on the fast path and the careful one alike."""
    data = sample("seafood_lab")
    lines = list(data.lines[:10])
    cells = lines[0].split(",")
    cells[1] = "鱼" * 200_000
    lines[0] = ",".join(cells)
    for name, extra in (("fast.csv", []), ("careful.csv", ["S9,多余,列,的,行,太,多,了,啊,啊"])):
        path = write(tmp_path / name, data.header, lines + extra)
        result = cli("check", "seafood_lab", path)
        assert result.code == 3, result.err
        assert result.counts == (10 + len(extra), 9, 1 + len(extra))
        rejects = result.rejects()
        assert rejects.loc[rejects["row"] == 2, "reason_code"].tolist() == ["cell_too_long"]
        assert rejects["value"].str.len().max() < 1_000  # the rejects file shows the start of the cell
        for stale in result.rejects_dir.glob("*.csv"):
            stale.unlink()
    result = cli("load", "seafood_lab", tmp_path / "fast.csv", "--db", store_url)
    assert result.counts == (10, 9, 1)
    assert len(stored_keys(store_url, "seafood_lab")) == 9


def test_a_title_row_over_the_field_limit_does_not_hide_the_header(tmp_path, cli):
    data = sample("seafood_lab")
    path = write(tmp_path / "lab.csv", '"' + "标题" * 100_000 + '"', [data.header, *data.lines[:10]])
    result = cli("check", "seafood_lab", path)
    assert result.code == 0, result.err
    assert result.counts == (10, 10, 0)


def _gzip_bomb(path, header: str, line: str, megabytes: int, encoding: str) -> None:
    """`megabytes` MB of one row repeated, as concatenated gzip members (a valid gzip stream)."""
    row = (line + "\n").encode(encoding)
    member = gzip.compress(row * ((1 << 20) // len(row)), 9)
    path.write_bytes(gzip.compress((header + "\n").encode(encoding)) + member * megabytes)


@pytest.mark.parametrize("encoding", ["utf-8", "gbk"])
def test_a_gzip_bomb_is_refused_before_it_fills_memory(store_url, tmp_path, cli, encoding):
    """UTF-8 streams and GBK is unpacked whole: both stop at the same limit."""
    raw = (SAMPLES_DIR / ("clearance_en_utf8.csv" if encoding == "utf-8" else "clearance_zh_gbk.csv")).read_bytes()
    header, line = raw.decode("gb18030").splitlines()[:2]
    path = tmp_path / "export.csv.gz"
    _gzip_bomb(path, header, line, 80, encoding)
    assert path.stat().st_size < 1 << 20
    result = cli("load", "clearance", path, "--db", store_url)
    assert_one_line(result, "export.csv.gz", "unpacks to more than 64 MB", "压缩炸弹")
    assert stored_keys(store_url, "clearance") == []


@pytest.mark.parametrize(("base", "appended", "named"), [("gbk", "utf-8", "line 12 is UTF-8"), ("utf-8", "gbk", "line 12 is GBK")])
def test_a_file_that_mixes_encodings_is_refused_naming_the_line(store_url, tmp_path, cli, base, appended, named):
    """Before: a GBK export with a UTF-8 row appended loaded with that row garbled."""
    raw = (SAMPLES_DIR / "seafood_lab_zh_gbk.csv").read_bytes().decode("gb18030")
    header, *lines = raw.splitlines()
    path = tmp_path / "lab.csv"
    body = "\r\n".join([header, *lines[:10]]) + "\r\n"
    path.write_bytes(body.encode(base) + (lines[10] + "\r\n").encode(appended))
    result = cli("load", "seafood_lab", path, "--db", store_url)
    assert_one_line(result, "lab.csv", "mixes encodings", named, "编码")
    assert stored_keys(store_url, "seafood_lab") == []


def test_full_width_header_letters_match_their_columns(store_url, tmp_path, cli):
    """`ＡＥＯ企业` typed with a Chinese input method is the AEO column, not a missing one."""
    raw = (SAMPLES_DIR / "clearance_zh_gbk.csv").read_bytes().decode("gb18030")
    header, *lines = raw.splitlines()
    assert "AEO企业" in header
    wide = header.replace("AEO企业", "ＡＥＯ企业").replace("(", "（").replace(")", "）")
    path = write(tmp_path / "报关单.csv", wide, lines[:20], encoding="gbk")
    result = cli("load", "clearance", path, "--db", store_url)
    assert result.code == 0, result.err
    assert result.counts == (20, 20, 0)
    assert len(stored_keys(store_url, "clearance")) == 20


def test_an_xlsx_zip_bomb_is_refused_before_it_is_opened(store_url, tmp_path, cli):
    import zipfile

    import openpyxl

    data = sample("seafood_lab")
    path = tmp_path / "lab.xlsx"
    book = openpyxl.Workbook()
    for line in [data.header, *data.lines[:3]]:
        book.active.append(line.split(","))
    book.save(path)
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/padding.bin", bytes(80 << 20))
    assert path.stat().st_size < 1 << 20
    result = cli("load", "seafood_lab", path, "--db", store_url)
    assert_one_line(result, "lab.xlsx", "unpacks to more than 64 MB", "压缩炸弹")
    assert stored_keys(store_url, "seafood_lab") == []


def test_an_old_xls_workbook_is_named_as_one(tmp_path, cli):
    path = tmp_path / "lab.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 40)
    assert_one_line(cli("check", "seafood_lab", path), "lab.xls", "old Excel .xls workbook", ".xlsx")


def _gbk_cut_in_a_character(path) -> None:
    raw = (SAMPLES_DIR / "seafood_lab_zh_gbk.csv").read_bytes()
    path.write_bytes(raw[: raw.index("鳕".encode("gbk"), 2000) + 1])


CARELESS_FILES = {
    "a byte-order mark and nothing else": ("lab.csv", lambda p: p.write_bytes(b"\xef\xbb\xbf"), "the file is empty"),
    "a gzip of nothing": ("lab.csv.gz", lambda p: p.write_bytes(gzip.compress(b"")), "the file is empty"),
    "bytes after the gzip data": (
        "lab.csv.gz",
        lambda p: p.write_bytes(gzip.compress("样品编号,品名\n".encode()) + b"garbage"),
        "not gzip data follow",
    ),
    "Excel's 'Unicode text' (UTF-16)": ("lab.csv", lambda p: p.write_text("样品编号\t品名\n", encoding="utf-16"), "UTF-16"),
    "a GBK file cut inside a character": ("lab.csv", _gbk_cut_in_a_character, "cut short"),
}


@pytest.mark.parametrize(("name", "make", "phrase"), list(CARELESS_FILES.values()), ids=list(CARELESS_FILES))
def test_careless_files_get_one_line_that_says_what_happened(tmp_path, cli, name, make, phrase):
    path = tmp_path / name
    make(path)
    assert_one_line(cli("check", "seafood_lab", path), name, phrase)
