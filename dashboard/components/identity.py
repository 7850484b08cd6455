"""Who a page is, for the browser tab, screen readers and share cards: `<html lang>` in the page's
language, a `<title>` of its own per page and language, and a short description.

The router (streamlit_app.py) calls `set_identity` once per run for the page about to run, with the
page's registry title; a page whose subject is finer than its registry entry (the measure page:
"措施8：…") calls it again once it knows the subject: the later call wins.

What Streamlit allows: the title goes through `st.set_page_config` (the frontend sets
document.title). Streamlit serves one static index.html (`<html lang="en">`, `<title>Streamlit</title>`,
no description), so `lang` and the description meta are set by a small script in the page
(`st.html(..., unsafe_allow_javascript=True)`, run in the app's own document, no request
anywhere). A browser, WeChat's in-app "share" and screen readers read the live document and see
them; a link preview that fetches the address without running scripts (a chat app's crawler)
sees Streamlit's static page only: that needs a reverse proxy rewriting index.html, which the app
cannot do.
"""

from __future__ import annotations

import json

import streamlit as st

from dashboard import i18n
from dashboard.context import PageContext

# BCP 47 tags: the script subtag tells a screen reader and the browser's font choice which Chinese.
HTML_LANG = {"zh_hans": "zh-Hans", "en": "en", "zh_hant": "zh-Hant"}
DESCRIPTION_CHARS = 150  # share cards show about two lines

# The element holding the script takes no room: its own style rule hides its container (a
# display:none box makes no gap in Streamlit's flex column). Called twice (router, then page), the
# later script runs last and wins.
_SCRIPT = """<style>[data-testid="stElementContainer"]:has(script[data-page-identity]) {{ display: none; }}</style>
<script data-page-identity>
(() => {{
  const doc = document;
  doc.documentElement.lang = {lang};
  for (const [attribute, name, value] of [["name", "description", {description}], ["property", "og:title", {title}],
                                           ["property", "og:description", {description}]]) {{
    let meta = doc.head.querySelector(`meta[${{attribute}}="${{name}}"]`);
    if (meta === null) {{
      meta = doc.createElement("meta");
      meta.setAttribute(attribute, name);
      doc.head.appendChild(meta);
    }}
    meta.setAttribute("content", value);
  }}
}})();
</script>"""


def _js(text: str) -> str:
    """A JavaScript string literal that cannot end the script element (`</script>`) early."""
    return json.dumps(text).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def document_title(lang: str, page_title: str) -> str:
    """ "通关时间 · 深圳跨境贸易便利化监测看板": the page first, so narrow tabs still tell pages apart."""
    return i18n.t(lang, "identity.title", page=page_title.strip(), app=i18n.t(lang, "app.title"))


def short_description(text: str, limit: int = DESCRIPTION_CHARS) -> str:
    """One line: whitespace folded, cut at `limit` characters with an ellipsis."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def page_description(lang: str, url_path: str) -> str:
    """The registry page's share-card text; the app's subtitle for a page without one of its own."""
    key = f"identity.description.{url_path}"
    return i18n.strings(lang).get(key) or i18n.t(lang, "app.subtitle")


def set_identity(ctx: PageContext | str, page_title: str, description: str = "") -> None:
    """Give this run's page its `<title>` ("<page_title> · <app>"), `<html lang>` and description
    meta (the app's subtitle when `description` is empty). `ctx` is the page's context or its
    language code. Call it again with a finer title to override the router's."""
    lang = ctx.lang if isinstance(ctx, PageContext) else ctx
    title = document_title(lang, page_title)
    st.set_page_config(page_title=title)
    text = short_description(description or i18n.t(lang, "app.subtitle"))
    script = _SCRIPT.format(lang=_js(HTML_LANG.get(lang, "zh-Hans")), title=_js(title), description=_js(text))
    st.html(script, unsafe_allow_javascript=True)
