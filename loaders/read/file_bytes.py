"""A file's bytes as a reader may trust them: the path checked, gzip unpacked within limits,
the text decoded in one encoding, and its physical lines counted apart from any CSV parser.

Limits: a gzip file may unpack to at most MAX_UNPACKED_BYTES, and past BOMB_FLOOR_BYTES to no
more than BOMB_RATIO times its packed size (real exports pack 5-15 times; a file of one row
repeated packs a thousand times and more).
"""

from __future__ import annotations

import codecs
import zlib
from pathlib import Path
from typing import TYPE_CHECKING

from loaders.read.encodings import CESU8, implausible_for_gbk, looks_like_text, other_encoding
from loaders.read.input_errors import UnreadableFile, unreadable

if TYPE_CHECKING:
    import pyarrow as pa

GZIP_MAGIC = b"\x1f\x8b"
MAX_UNPACKED_BYTES = 8 << 30
BOMB_FLOOR_BYTES = 64 << 20
BOMB_RATIO = 200
_PIECE = 1 << 24


def _denied(path: Path) -> UnreadableFile:
    return unreadable(
        path.name,
        f"cannot be opened: permission denied ({path}); ask for read access or copy the file to a folder you can read",
        "无权读取该文件：请申请读取权限，或将文件复制到有权限的文件夹",
    )


def check_path(path: Path) -> None:
    """Raise UnreadableFile unless `path` is a regular file this process may read."""
    try:
        path.stat()
    except PermissionError:  # a folder on the way may not be entered
        raise _denied(path) from None
    except OSError:
        pass  # not there: said below
    if path.is_dir():
        raise unreadable(
            path.name,
            f"is a directory, not a file ({path}): give the path of a CSV or XLSX file in it",
            "这是文件夹，不是文件：请指定其中的 CSV 或 XLSX 文件",
        )
    if not path.exists():
        raise unreadable(path.name, f"file not found ({path}): check the path and the file name", "找不到该文件：请检查路径和文件名")
    if not path.is_file():
        raise unreadable(path.name, f"not a regular file ({path}): copy the data into a file first", "不是普通文件：请先将数据保存为文件")
    try:
        with open(path, "rb"):
            pass
    except PermissionError:
        raise _denied(path) from None
    except OSError as error:
        raise unreadable(
            path.name, f"cannot be opened ({error.strerror}): check the file", f"无法打开该文件（{error.strerror}）：请检查文件"
        ) from None


def unpack_limit(packed_bytes: int) -> int:
    return min(MAX_UNPACKED_BYTES, max(BOMB_FLOOR_BYTES, BOMB_RATIO * packed_bytes))


def bomb(name: str, limit: int) -> UnreadableFile:
    return unreadable(
        name,
        f"unpacks to more than {limit / 2**20:,.0f} MB, far more than its packed size allows for an export "
        "(a 'gzip bomb' or one row repeated): unpack and inspect it, or split it into smaller files",
        f"解压后超过 {limit / 2**20:,.0f} MB，压缩比异常（疑似压缩炸弹或大量重复行）：请解压检查，或拆分为较小的文件",
    )


def damaged_gzip(name: str, detail: str) -> UnreadableFile:
    return unreadable(
        name,
        f"damaged gzip file ({detail}): compress the original export again",
        f"gzip 压缩文件已损坏（{detail}）：请重新压缩原始导出文件",
    )


def gunzip(data: bytes, name: str) -> bytes:
    """Every gzip member of `data`, unpacked, refusing past unpack_limit(len(data))."""
    limit = unpack_limit(len(data))
    out = bytearray()
    rest = data
    try:
        while rest:
            unpacker = zlib.decompressobj(wbits=31)
            pending = rest
            while not unpacker.eof:
                piece = unpacker.decompress(pending, _PIECE)
                out += piece
                if len(out) > limit:
                    raise bomb(name, limit)
                pending = unpacker.unconsumed_tail
                if not pending and not piece and not unpacker.eof:
                    raise damaged_gzip(name, "the file ends before the compressed data does")
            rest = unpacker.unused_data
            if rest and not rest.startswith(GZIP_MAGIC):
                if rest.strip(b"\x00"):
                    raise damaged_gzip(name, f"{len(rest)} bytes that are not gzip data follow the compressed data")
                break  # zero padding after the last member, as some tools write
    except zlib.error as error:
        raise damaged_gzip(name, str(error)) from None
    return bytes(out)


def read_bytes(path: Path) -> bytes:
    check_path(path)
    data = path.read_bytes()
    return gunzip(data, path.name) if data[:2] == GZIP_MAGIC else data


class LineCounter:
    """Counts physical lines (ended by LF, CR or CRLF, as Arrow and the csv module end them)
    in bytes fed to it piece by piece; `lines` includes a last line without a line end.

    `carriage=False` counts LF only (one pass instead of three: a stream's check). A file with
    lone CRs then counts fewer lines than Arrow reads rows, which sends it to the careful path,
    where the full count applies: it costs time, never a row."""

    def __init__(self, carriage: bool = True) -> None:
        self.breaks = 0
        self.size = 0
        self.carriage = carriage
        self._last = b""

    def feed(self, piece: bytes) -> None:
        if not piece:
            return
        breaks = piece.count(b"\n")
        carriage = piece.count(b"\r") if self.carriage else 0
        if carriage:
            breaks += carriage - piece.count(b"\r\n")
            if self._last == b"\r" and piece[:1] == b"\n":
                breaks -= 1  # a CRLF split between two pieces: its CR was counted already
        self.breaks += breaks
        self.size += len(piece)
        self._last = piece[-1:]

    @property
    def lines(self) -> int:
        return self.breaks + (1 if self.size and self._last not in (b"\n", b"\r") else 0)


def count_lines(data: bytes) -> int:
    counter = LineCounter()
    counter.feed(data)
    return counter.lines


class CountingStream:
    """A read-only file object over an Arrow input stream that counts the lines passing through
    it, keeps the last one, and refuses to deliver more than `limit` bytes (the unpacked size of
    a gzip file)."""

    def __init__(self, source: pa.NativeFile, name: str, limit: int) -> None:
        self.source, self.name, self.limit = source, name, limit
        self.counter = LineCounter(carriage=False)
        self.last_line = b""  # the last line with text: an odd number of quotes there is a quote left open
        self._ended = True  # the bytes so far end with a line end
        self.closed = False
        self.failure: UnreadableFile | None = None  # kept: Arrow re-raises errors of read() as its own

    def read(self, size: int = -1) -> bytes:
        try:
            piece = self.source.read(size if size is not None and size >= 0 else None)
        except OSError as error:  # a damaged gzip stream
            self.failure = damaged_gzip(self.name, str(error))
            raise self.failure from None
        self.counter.feed(piece)
        self._keep_last_line(piece)
        if self.counter.size > self.limit:
            self.failure = bomb(self.name, self.limit)
            raise self.failure
        return piece

    def _keep_last_line(self, piece: bytes) -> None:
        end = len(piece)
        while end and piece[end - 1] in (10, 13):  # without copying the piece
            end -= 1
        if end:
            start = piece.rfind(b"\n", 0, end) + 1
            self.last_line = self.last_line + piece[:end] if start == 0 and not self._ended else piece[start:end]
            self._ended = end < len(piece)
        elif piece:
            self._ended = True

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False

    def tell(self) -> int:
        return self.counter.size

    def close(self) -> None:
        self.closed = True


def _mixed(name: str, line: int, found: str, rest: str) -> UnreadableFile:
    return unreadable(
        name,
        f"mixes encodings: line {line} is {found} while the rest is {rest}, so its Chinese would be garbled; "
        "save the whole file again in one encoding (UTF-8)",
        f"文件混用了多种编码：第{line}行是 {found}，其余为 {rest}，中文会变成乱码；请将整个文件另存为同一种编码（UTF-8）",
    )


def _utf8_line(line: bytes) -> bool:
    """Valid UTF-8 with a character of three bytes or more (all of CJK): GBK text almost never is."""
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return any(ord(c) >= 0x800 for c in text)


def decode(data: bytes, name: str) -> tuple[str, str]:
    """(text, encoding) of a file that is not valid UTF-8 as a whole: GBK/GB18030, refusing a
    file in which some non-ASCII lines are valid UTF-8 (a UTF-8 row appended to a GBK export),
    and one whose characters say it is in another encoding (Windows-1252, Big5, CESU-8)."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise unreadable(
            name,
            "is UTF-16 text (Excel's 'Unicode text'): save it as 'CSV UTF-8 (comma delimited)' instead",
            "这是 UTF-16 文本（Excel 的“Unicode 文本”）：请改为另存为“CSV UTF-8（逗号分隔）”",
        )
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
        except UnicodeDecodeError as error:
            raise unreadable(
                name,
                f"starts with a UTF-8 byte-order mark but is not UTF-8 (byte {error.start + 3}): "
                "it mixes encodings; save the whole file again as UTF-8",
                f"文件以 UTF-8 标记开头但内容不是 UTF-8（第{error.start + 3}字节）：请将整个文件另存为 UTF-8",
            ) from None
    utf8_line = other_line = 0
    for number, line in enumerate(data.splitlines(), start=1):
        if line.isascii():
            continue
        if _utf8_line(line):
            utf8_line = utf8_line or number
        else:
            other_line = other_line or number
        if utf8_line and other_line:
            if utf8_line > other_line:
                raise _mixed(name, utf8_line, "UTF-8", "GBK/GB18030")
            raise _mixed(name, other_line, "GBK/GB18030", "UTF-8")
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError as error:
        if error.start >= len(data) - 4:
            raise unreadable(
                name,
                f"ends in the middle of a character (byte {error.start}): the file was cut short; copy or export it again",
                f"文件在一个字符中间结束（第{error.start}字节）：文件不完整，请重新复制或导出",
            ) from None
        if CESU8.search(data) or looks_like_text(data):
            raise other_encoding(name, data) from None
        raise unreadable(
            name,
            f"not UTF-8 or GBK/GB18030 text (byte {error.start}): is it a CSV file? Export it again as CSV (UTF-8)",
            f"不是 UTF-8 或 GBK/GB18030 文本（第{error.start}字节）：请确认是 CSV 文件，并重新导出为 UTF-8 编码的 CSV",
        ) from None
    if implausible_for_gbk(text):  # decodes, but into characters no Chinese export holds (Z黵ich)
        raise other_encoding(name, data)
    return text, "gb18030"


def utf8_body(data: bytes) -> tuple[bytes, str] | None:
    """(text bytes without BOM, encoding) when `data` is valid UTF-8, without decoding it to a str.

    A BOM file that is not valid UTF-8 is left to decode() to report."""
    body, encoding = (data[3:], "utf-8-sig") if data.startswith(b"\xef\xbb\xbf") else (data, "utf-8")
    if body.isascii():
        return body, encoding
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    view = memoryview(body)
    try:
        for start in range(0, len(body), _PIECE):  # validated in slices: no second copy of the file as a str
            decoder.decode(view[start : start + _PIECE])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return None
    return body, encoding
