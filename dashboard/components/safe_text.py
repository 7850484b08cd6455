"""Text from data and content is shown as text: in Plotly charts and in Streamlit Markdown.

Plotly renders a subset of HTML in every piece of text it draws (titles, tick labels, legend
names, hover text, annotations): `<a href>` becomes a clickable link, `<span style>` styled text,
`<br>` a line break. Plotly finds tags before it decodes entities, and draws `&lt;` and `&gt;` as
the characters, so writing `<` and `>` as entities shows any text as written and never as markup.
`&` is left alone, which makes escaping idempotent (a figure can pass through it twice, e.g. once
when built and once when a card draws it) at the cost of a literal "&lt;" in data showing as "<".
`escape_figure()` does that to every text a figure takes from data, and leaves the templates
(`hovertemplate`, `texttemplate`) alone: those are the app's own, written with `%{text}` slots.

Streamlit renders Markdown (and GitHub's autolinks) in st.markdown, headings, captions, badges and
labels. `plain()` makes a text inert (no link, image, autolink, HTML or directive) while leaving
ordinary punctuation as typed; `limited_markdown()` keeps what a description needs (emphasis, lists,
line breaks, links to allowed hosts) and shows images and links to any other host as their text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

import plotly.graph_objects as go

# --- Plotly -----------------------------------------------------------------------------------

# Trace attributes that hold text shown to the viewer (tick labels of category axes come from x/y).
TRACE_TEXT = ("name", "text", "hovertext", "x", "y", "labels", "ids", "legendgrouptitle")


def plotly_text(value: Any) -> Any:
    """A string Plotly shows as text, never as markup (< and > as entities); anything else unchanged."""
    return value.replace("<", "&lt;").replace(">", "&gt;") if isinstance(value, str) else value


def _escaped_sequence(values: Any) -> Any:
    if values is None or isinstance(values, str | bytes | dict):
        return plotly_text(values)
    try:
        items = list(values)
    except TypeError:
        return values
    if not any(isinstance(item, str) and ("<" in item or ">" in item) for item in items):
        return values  # nothing to escape: keep the original object (and its dtype)
    return [plotly_text(item) for item in items]


def _escape_title(node: Any, attribute: str = "title") -> None:
    title = getattr(node, attribute, None)
    if title is not None and isinstance(getattr(title, "text", None), str):
        title.text = plotly_text(title.text)


def escape_figure(figure: go.Figure) -> go.Figure:
    """Every text a figure shows from data, escaped in place: trace names, text, hover text and
    category values, axis and legend titles, tick labels set by hand, annotations. Idempotent."""
    for trace in figure.data:
        for attribute in TRACE_TEXT:
            if attribute not in trace:
                continue
            value = trace[attribute]
            if attribute == "legendgrouptitle":
                _escape_title(trace, "legendgrouptitle")
            elif value is not None:
                trace[attribute] = _escaped_sequence(value)
    layout = figure.layout
    _escape_title(figure.layout)
    _escape_title(layout.legend)
    for name in layout:
        if name.startswith(("xaxis", "yaxis")):
            axis = layout[name]
            _escape_title(axis)
            if axis.ticktext is not None:
                axis.ticktext = _escaped_sequence(axis.ticktext)
    for annotation in layout.annotations:
        annotation.text = plotly_text(annotation.text)
    for shape in layout.shapes:
        label = getattr(shape, "label", None)
        if label is not None and isinstance(label.text, str):
            label.text = plotly_text(label.text)
    return figure


# --- Markdown ---------------------------------------------------------------------------------

# Characters that open a link, image, HTML tag, autolink, code span or Streamlit directive.
_INERT = re.compile(r"([\\`\[\]<>|~$])")
# GitHub's autolink literals (http://, https://, www., a@b.c) are found in the text after Markdown
# is parsed, so a backslash cannot stop them: a WORD JOINER (U+2060, invisible, no line break) can.
JOINER = "\u2060"
_AUTOLINK = re.compile(r"(?i)\b(https?|ftp)(:)(?=//)")
_WWW = re.compile(r"(?i)\b(www)(\.)")
_REFERENCE = re.compile(r"(?m)^ {0,3}\[[^\]\n]+\]:.*$")  # [ref]: https://... definitions
_LINK = re.compile(r"(!?)\[([^\[\]\n]*)\]\(\s*<?([^()\s<>]*)>?(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)")
_HEADING = re.compile(r"(?m)^(\s*)(#)")


def plain(text: str) -> str:
    """Markdown that shows `text` as typed with no link, image, autolink, HTML or directive in it
    (ordinary punctuation stays as it is, so a title reads the same in the page's source)."""
    text = _INERT.sub(r"\\\1", text)
    text = _AUTOLINK.sub(rf"\1\2{JOINER}", text)
    text = _WWW.sub(rf"\1{JOINER}\2", text)
    text = text.replace("@", f"@{JOINER}")
    return _HEADING.sub(r"\1\\\2", text)


def allowed_link(url: str, allowed_hosts: Iterable[str]) -> bool:
    """http(s) to one of `allowed_hosts`, or a path on this site (./x, /x; not //host)."""
    if url.startswith(("./", "../")) or (url.startswith("/") and not url.startswith("//")):
        return True
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and (parts.hostname or "") in {h.lower() for h in allowed_hosts}


def limited_markdown(text: str, allowed_hosts: Iterable[str] = ()) -> str:
    """Content Markdown cut down to what a description needs: emphasis, lists, line breaks and
    links to `allowed_hosts`. An image shows as its alt text; a link elsewhere as its text; raw
    HTML, autolinks and reference definitions show as text."""
    hosts = tuple(allowed_hosts)
    text = _REFERENCE.sub(lambda m: m.group(0).replace("[", "").replace("]", ""), text)
    parts, position = [], 0
    for match in _LINK.finditer(text):
        parts.append(plain(text[position : match.start()]))
        bang, label, url = match.groups()
        if not bang and allowed_link(url, hosts):
            parts.append(f"[{plain(label)}]({url})")
        else:
            parts.append(plain(label))
        position = match.end()
    parts.append(plain(text[position:]))
    return "  \n".join("".join(parts).splitlines())
