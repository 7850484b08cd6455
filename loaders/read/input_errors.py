"""The errors a reader raises, and the one-line, two-language message of an unreadable file.

`UnreadableFile` is what the CLI turns into one line and exit code 2: the file, what is wrong
and what to do, in English and then in Chinese. No module here imports anything of the project.
"""

from __future__ import annotations

import re

# C0 and C1 control characters, DEL, and the bidirectional controls that reorder what a terminal shows.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """`text` safe to print on a terminal: a control character (ESC of a colour or cursor escape, a
    line break in a file name) is shown as its Python escape, so it cannot rewrite what is on screen."""
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


class UnreadableFile(Exception):
    """The file as a whole cannot be read; the message is one line naming the file."""


class IrregularFile(Exception):
    """A streamed file proved irregular (ragged rows, quoted line breaks, a stray quote, not
    UTF-8) after its first batches: the caller starts over with read_file, the careful path."""


def unreadable(name: str, reason_en: str, reason_zh: str) -> UnreadableFile:
    """`name: reason_en / reason_zh` on one line (line breaks in quoted text are flattened)."""
    text = f"{printable(name)}: {reason_en} / {reason_zh}"
    return UnreadableFile(printable(" ".join(text.splitlines())))
