"""Telling GBK text from other encodings that happen to decode as GB18030.

GB18030 decodes almost any byte string: a Windows-1252 `Zürich` becomes `Z黵ich`, a Big5 file
becomes private-use characters and rare ideographs. A Chinese export in GBK is made of the
characters GB2312 holds (the 6,763 common hanzi, full-width punctuation and letters); a file in
which a quarter of the non-ASCII characters fall outside them, or any falls in the private-use
area, was written in another encoding. It is refused, naming the encoding a detector
(charset-normalizer) finds most likely and saying how to save it again.
"""

from __future__ import annotations

import re

import numpy as np

from loaders.read.input_errors import UnreadableFile, unreadable

# Above this share of non-ASCII characters outside GB2312's common rows, GBK text is implausible.
MAX_UNLIKELY_SHARE = 0.25
_SLICE = 1 << 23  # characters checked at a time
# A UTF-16 surrogate written as three UTF-8 bytes: CESU-8 (Java's and Oracle's "modified UTF-8").
CESU8 = re.compile(rb"\xed[\xa0-\xbf][\x80-\xbf]")
_FAMILIES = (
    (("big5", "cp950"), "Big5 (Traditional Chinese, Taiwan or Hong Kong)"),
    (("shift_jis", "cp932", "euc_jp", "iso2022_jp"), "a Japanese encoding (Shift-JIS or EUC-JP)"),
    (("euc_kr", "cp949", "johab"), "a Korean encoding (EUC-KR)"),
    (("utf_16", "utf_32"), "UTF-16 or UTF-32"),
)


def _gb2312_common() -> np.ndarray:
    """True for the code points GB2312 holds in its punctuation, full-width and hanzi rows (A1-A3, B0-F7)."""
    table = np.zeros(0x10000, dtype=bool)
    for lead in (*range(0xA1, 0xA4), *range(0xB0, 0xF8)):
        for trail in range(0xA1, 0xFF):
            try:
                table[ord(bytes((lead, trail)).decode("gb2312"))] = True
            except UnicodeDecodeError:
                continue
    return table


_LIKELY = _gb2312_common()  # 8,836 two-byte decodes, a few milliseconds at import


def implausible_for_gbk(text: str) -> bool:
    """Whether GB18030-decoded `text` holds private-use characters, or too many outside GB2312's common rows."""
    table = _LIKELY
    other = unlikely = 0
    for start in range(0, len(text), _SLICE):
        points = np.frombuffer(text[start : start + _SLICE].encode("utf-32-le"), dtype=np.uint32)
        wide = points[points >= 0x80]
        if not len(wide):
            continue
        private = ((wide >= 0xE000) & (wide <= 0xF8FF)) | (wide >= 0xF0000)
        if private.any():
            return True
        other += len(wide)
        unlikely += int((~table[np.minimum(wide, 0xFFFF)] | (wide > 0xFFFF)).sum())
    return other > 0 and unlikely > MAX_UNLIKELY_SHARE * other


def looks_like_text(data: bytes) -> bool:
    """No NUL and hardly any other control bytes in the first megabyte: text, not a binary file."""
    head = data[: 1 << 20]
    controls = sum(head.count(bytes((b,))) for b in (*range(0, 9), 11, 12, *range(14, 32)))
    return b"\x00" not in head and controls <= len(head) // 1000


def likely_encoding(data: bytes) -> str:
    """What the bytes most likely are, in words a steward can act on."""
    if CESU8.search(data):
        return "CESU-8 (UTF-8 with surrogate pairs, as Java and Oracle write it)"
    from charset_normalizer import from_bytes  # only a refused file pays for the import

    best = from_bytes(data[: 1 << 20]).best()
    name = (best.encoding if best else "").lower()
    for prefixes, words in _FAMILIES:
        if name.startswith(prefixes):
            return words
    detected = f"; detector: {name}" if name else ""
    return f"a single-byte encoding such as Windows-1252 (Western European{detected})"


def other_encoding(name: str, data: bytes) -> UnreadableFile:
    found = likely_encoding(data)
    return unreadable(
        name,
        f"not UTF-8 or GBK/GB18030 text; it looks like {found}: open it in Excel or a text editor "
        "and save it as 'CSV UTF-8 (comma delimited)'",
        f"不是 UTF-8 或 GBK/GB18030 文本，看起来是 {found}：请用 Excel 或文本编辑器打开，另存为“CSV UTF-8（逗号分隔）”",
    )
