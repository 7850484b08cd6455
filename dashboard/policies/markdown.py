"""Markdown that shows content literally: escaping, and highlighting matched spans. No Streamlit here."""

from __future__ import annotations

import re

# Every ASCII character Markdown or Streamlit's extensions give meaning to: emphasis, links, code,
# headings, lists, tables, HTML, :colour[...] and :material/icons:, $math$, ~strike~.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~:$=^&\"'])")
HIGHLIGHT = ":orange-background[{}]"


def _escape(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text.replace("\n", " "))


def escape_markdown(text: str) -> str:
    """Text that st.markdown shows literally: every special character backslash-escaped, runs of
    whitespace (newlines too) as one space."""
    return _escape(" ".join(text.split()))


def highlight(text: str, spans: list[tuple[int, int]]) -> str:
    """Markdown for `text` with each (start, end) span highlighted; all content escaped."""
    parts, position = [], 0
    for start, end in merge(spans):
        parts += [_escape(text[position:start]), HIGHLIGHT.format(_escape(text[start:end]))]
        position = end
    parts.append(_escape(text[position:]))
    return "".join(parts)


def merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping or touching spans joined, in order."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
