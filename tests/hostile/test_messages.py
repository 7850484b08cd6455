"""Messages that are right: what the CLI prints cannot be rewritten by the file it reads, reason
counts hold every reason, a failed write names its file and leaves nothing behind, and a file that
is no regular file is refused before anything reads it."""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys

import pytest

from loaders.paths import REPO_ROOT
from tests.hostile.files import sample, stored_keys, with_cell, write


def test_terminal_escapes_in_a_header_and_a_file_name_are_shown_escaped(tmp_path, cli):
    """Before: ESC sequences in a header cell rewrote "rejected 1" as "rejected 0" on screen."""
    data = sample("rail_train")
    header = data.header + ",\x1b[1A\x1b[2Krejected 0"
    lines = [line + ",x" for line in data.lines[:2]]
    lines[0] = with_cell(lines[0], 7, lambda _c: "many")
    path = write(tmp_path / "rail\x1b[31m.csv", header, lines)
    result = cli("check", "rail_train", path)
    assert result.code == 3
    assert "\x1b" not in result.out and "\x1b" not in result.err
    assert result.out.startswith("rail\\x1b[31m.csv -> rail_train: read 2, accepted 1, rejected 1;")
    assert "columns not in the contract (ignored): \\x1b[1A\\x1b[2Krejected 0" in result.out


def test_an_unreadable_file_named_with_control_characters_is_one_escaped_line(tmp_path, cli):
    path = tmp_path / "bad\rname\x1b[2J.csv"
    path.write_bytes(b"")
    result = cli("check", "rail_train", path)
    assert result.code == 2
    assert result.err == "error: bad\\rname\\x1b[2J.csv: the file is empty: export the data again / 文件为空：请重新导出数据\n"


def test_reason_counts_hold_every_reason_with_a_key_too_long(store_url, tmp_path, cli):
    """Before: key_too_long was left out of the counts when other reasons were there too."""
    data = sample("rail_train")
    lines = [with_cell(data.lines[0], 0, lambda _c: "X" * 3000), with_cell(data.lines[1], 7, lambda _c: "many"), *data.lines[2:4]]
    result = cli("load", "rail_train", write(tmp_path / "rail.csv", data.header, lines), "--db", store_url)
    assert result.code == 3 and result.counts == (4, 2, 2)
    assert "rejected by reason: bad_number 1, key_too_long 1" in result.out
    assert sorted(result.rejects()["reason_code"]) == ["bad_number", "key_too_long"]
    assert stored_keys(store_url, "rail_train") == sorted(k[0] for k in data.keys[2:4])


def _limit_file_size() -> None:
    """In the child: files may grow to 4 KB (writes past it fail with EFBIG, as on a full disk)."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))


def test_a_failed_write_names_its_file_and_leaves_nothing(tmp_path):
    """Before: "error: : No space left on device; nothing was written", and a partial rejects file."""
    data = sample("rail_train")
    lines = [with_cell(line, 7, lambda _c: "many") for line in data.lines[:200]]
    path = write(tmp_path / "rail.csv", data.header, lines)
    var = tmp_path / "var"
    done = subprocess.run(
        [sys.executable, "-m", "loaders", "check", "rail_train", str(path)],
        cwd=REPO_ROOT,
        env={**os.environ, "DASHBOARD_VAR_DIR": str(var)},
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=_limit_file_size,
    )
    assert done.returncode == 2, done.stdout + done.stderr
    assert list((var / "rejects").glob("*")) == []
    assert done.stderr.startswith(f"error: {var / 'rejects'}/rail_train-") and done.stderr.endswith(
        ": File too large; nothing was written\n"
    )
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("kind", ["fifo", "device", "link to a device"])
def test_a_file_that_is_not_a_regular_file_is_refused_before_it_is_read(tmp_path, kind):
    """Before: load and check on a FIFO or /dev/zero never returned (the file was hashed first)."""
    path = tmp_path / "rail.csv"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "link to a device":
        path.symlink_to("/dev/zero")
    else:
        path = tmp_path / "zero.csv"
        path.symlink_to("/dev/zero")
        path = path.resolve()
    for command in ("check", "load"):
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "loaders",
                command,
                "rail_train",
                str(path),
                *(["--db", f"duckdb:///{tmp_path / 's.duckdb'}"] if command == "load" else []),
            ],
            cwd=REPO_ROOT,
            env={**os.environ, "DASHBOARD_VAR_DIR": str(tmp_path / "var")},
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 2, done.stderr
        assert done.stderr == (
            f"error: {path.name}: not a regular file ({path}): copy the data into a file first / 不是普通文件：请先将数据保存为文件\n"
        )
