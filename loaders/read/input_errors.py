"""The errors a reader raises, and the one-line, two-language message of an unreadable file.

`UnreadableFile` is what the CLI turns into one line and exit code 2: the file, what is wrong
and what to do, in English and then in Chinese. No module here imports anything of the project.
"""

from __future__ import annotations


class UnreadableFile(Exception):
    """The file as a whole cannot be read; the message is one line naming the file."""


class IrregularFile(Exception):
    """A streamed file proved irregular (ragged rows, quoted line breaks, a stray quote, not
    UTF-8) after its first batches: the caller starts over with read_file, the careful path."""


def unreadable(name: str, reason_en: str, reason_zh: str) -> UnreadableFile:
    """`name: reason_en / reason_zh` on one line (line breaks in quoted text are flattened)."""
    text = f"{name}: {reason_en} / {reason_zh}"
    return UnreadableFile(" ".join(text.splitlines()))
