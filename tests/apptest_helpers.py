"""Running the real app script with AppTest: a page, a language and query parameters."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest
from streamlit.util import calc_hash

from dashboard.pages import PAGES

APP = str(Path(__file__).resolve().parent.parent / "streamlit_app.py")
TIMEOUT_SECONDS = 180  # these machines are slow; a cold page can take several seconds


def run_page(script: str, lang: str = "zh_hans", session: dict | None = None, **params: str | list[str]) -> AppTest:
    """Run `script` (e.g. "pages/clearance.py") through the router with ?lang=...&params, as a
    browser opening /<url_path>?lang=...&params does.

    AppTest.switch_page() before a first run names the page by its file name, which st.navigation
    does not know whenever a URL path differs from the file name: the router then silently showed
    the default page. A first run of the default page to learn the registry would cost a full
    overview run per test and would consume the URL's filters. So the first (and only) run is
    pointed at the page the way st.navigation names it: st.Page's script hash is the hash of its
    URL path. (test_pages checks each page's title, so a change in that rule cannot go unnoticed.)

    `session` presets session state, as the viewer's earlier clicks would have (e.g. which of a
    page's section tabs is open: dashboard.components.sections).
    """
    spec = next((spec for spec in PAGES if spec.script == script), None)
    if spec is None:
        raise ValueError(f"{script} is not in dashboard.pages.PAGES")
    app = AppTest.from_file(APP, default_timeout=TIMEOUT_SECONDS)
    app.query_params["lang"] = lang
    for key, value in params.items():
        app.query_params[key] = value
    app._page_hash = calc_hash("" if spec == PAGES[0] else spec.url_path)  # what the router registers the page under
    for key, value in (session or {}).items():
        app.session_state[key] = value
    app.run()
    return app


def plotly_specs(app: AppTest) -> list[dict]:
    """The Plotly figures on the page, as JSON specs."""
    return [json.loads(element.proto.spec) for element in app.get("plotly_chart")]


def deck_specs(app: AppTest) -> list[dict]:
    return [json.loads(element.proto.json) for element in app.get("deck_gl_json_chart")]


def page_text(app: AppTest) -> str:
    """Every piece of visible text the page produced, to scan for untranslated strings."""
    parts: list[str] = []
    for kind in (
        "title",
        "header",
        "subheader",
        "markdown",
        "caption",
        "info",
        "warning",
        "error",
        "metric",
        "tab",
        "button",
        "selectbox",
        "multiselect",
    ):
        for element in app.get(kind):
            proto = element.proto
            for attribute in ("body", "label", "value", "help"):
                value = getattr(proto, attribute, None)
                if isinstance(value, str):
                    parts.append(value)
    return "\n".join(parts)


def blocks(node):
    """Every block under an AppTest node (containers, columns, tabs), depth first."""
    if hasattr(node, "children"):
        yield node
        for child in node.children.values():
            yield from blocks(child)


def elements(node, kind: str) -> list:
    """Every element of a kind ("table", "plotly_chart", ...) under an AppTest node."""
    found = []
    for child in getattr(node, "children", {}).values():
        if getattr(child, "type", None) == kind:
            found.append(child)
        found += elements(child, kind)
    return found


def other_sections(app: AppTest, script: str, lang: str = "zh_hans", **params: str | list[str]) -> list[AppTest]:
    """Runs of the page with each of its other section tabs open, as clicks on them would
    (dashboard.components.sections: a page draws one section at a time). [] for a page without."""
    state = app.session_state.to_dict()
    key = next((k for k in state if str(k).startswith("section-")), None)
    if key is None:
        return []
    tab_groups = (b for b in blocks(app.main) if any(getattr(c, "type", "") == "tab" for c in b.children.values()))
    labels = [c.label for c in next(tab_groups).children.values()]
    return [run_page(script, lang, {key: label}, **params) for label in labels if label != state[key]]


@dataclass(frozen=True)
class MediaFile:
    """A file the app handed to the browser: a download, an image."""

    content: bytes
    mimetype: str
    filename: str  # the download's file name; "" for an image


def record_media_files(monkeypatch) -> dict[str, MediaFile]:
    """Every file the app hands to the browser during AppTest runs, by the URL its element carries
    (a download button's `proto.url`, an image's `value`).

    AppTest runs on a mock runtime whose in-memory media store is dropped after the run, and its
    elements expose only the URL; so the store's `load_and_get_id` is wrapped to keep a copy of each
    file as the page registers it. Streamlit has no public API for a file's bytes in AppTest."""
    files: dict[str, MediaFile] = {}
    original = MemoryMediaFileStorage.load_and_get_id

    def keep(self, path_or_data, mimetype, kind, filename=None):
        file_id = original(self, path_or_data, mimetype, kind, filename)
        files[self.get_url(file_id)] = MediaFile(self.get_file(file_id).content, mimetype, filename or "")
        return file_id

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", keep)
    return files
