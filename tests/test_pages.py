"""Every page of the registry, in every language, with default filters and with filters from the
URL: it runs without an exception, shows no text of another language, and draws its charts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dashboard import i18n
from dashboard.chinese_script import to_simplified, to_traditional
from dashboard.pages import PAGES
from tests.apptest_helpers import deck_specs, other_sections, plotly_specs, run_page

ROOT = Path(__file__).resolve().parent.parent

# Non-default filters per page (script name -> query params, canonical codes as a shared link has them).
FILTERS: dict[str, dict[str, str | list[str]]] = {
    "overview": {"from": "2024-01-01", "grain": "quarter"},
    "clearance": {"from": "2024-01-01", "to": "2024-06-30", "direction": "import", "split": "is_aeo"},
    "fresh_produce": {"grain": "month", "ports": "SZ_WENJINDU"},
    "seafood_lab": {"grain": "quarter", "from": "2024-01-01"},  # month is this page's default grain
    "rail_tir": {"direction": "inbound"},
    "ports_map": {"from": "2024-01-01"},
    "guide": {"trade": "export", "goods": "fresh_produce", "move": "truck", "where": "elsewhere"},
    "policies": {"q": "AEO"},
    "measure": {"measure": "8"},
    "training": {},
    "about_data": {},
}

# Charts each page must draw on the demo data with default filters (at least this many, over all
# its section tabs: dashboard.components.sections).
MIN_PLOTLY = {"clearance": 9, "fresh_produce": 8, "seafood_lab": 6, "rail_tir": 8, "ports_map": 1, "measure": 1}
MIN_DECK = {"ports_map": 1, "rail_tir": 1}
# Tables (every chart has its table; the about page is tables of contracts, loads and sources).
MIN_TABLES = {"clearance": 9, "about_data": 6 * 3 + 3}
# Pages whose title is their content's (the measure page is titled "Measure 8: ...").
TITLED_BY_CONTENT = {"measure"}

# Which pages exist is checked when the tests are collected: pages are being written while this file
# is, so a page whose script is not there yet is left out here (test_architecture checks that every
# script in PAGES exists, so a missing one still fails the suite).
EXISTING = [spec for spec in PAGES if (ROOT / spec.script).is_file()]


def page_name(spec) -> str:
    """A page's script name (pages/fresh_produce.py -> fresh_produce): the tables below use it."""
    return Path(spec.script).stem


def _variants(name: str) -> list[tuple[str, dict]]:
    filters = FILTERS.get(name, {})
    return [("default", {})] + ([("filtered", filters)] if filters else [])


RUNS = [
    pytest.param(spec, lang, params, id=f"{page_name(spec)}-{lang}-{variant}")
    for spec in EXISTING
    for lang in i18n.LANGS
    for variant, params in _variants(page_name(spec))
]

CJK = re.compile(r"[\u3400-\u9fff]")
# Text quoted as published (the official Chinese text of a measure) sits in a container keyed
# "official-text" and is shown as is in every language; code blocks are commands, not prose.
QUOTED_BLOCK_SUFFIX = "-official-text"
NOT_PROSE = ("code", "plotly_chart", "deck_gl_json_chart", "dataframe", "arrow_data_frame")


def _elements(node):
    """Every element under `node`, skipping quoted blocks."""
    proto = getattr(node, "proto", None)
    if hasattr(node, "children"):
        if str(getattr(proto, "id", "")).endswith(QUOTED_BLOCK_SUFFIX):
            return
        yield node
        for child in node.children.values():
            yield from _elements(child)
    else:
        yield node


def _visible_text(app) -> str:
    """The text a viewer reads: bodies, labels, help and placeholders of every element and block
    (tab and expander labels too), without quoted official text, code and inline code."""
    parts: list[str] = []
    for root in (app.main, app.sidebar):
        for element in _elements(root):
            if element.type in NOT_PROSE or getattr(element, "proto", None) is None:
                continue
            if element.type == "html" and getattr(element.proto, "unsafe_allow_javascript", False):
                continue  # a script (page identity, dashboard.components.identity), not text anyone reads
            proto = element.proto
            for attribute in ("body", "label", "value", "help", "placeholder"):
                value = getattr(proto, attribute, None)
                if isinstance(value, str):
                    parts.append(value)
            if hasattr(proto, "expandable") and proto.HasField("expandable"):
                parts.append(proto.expandable.label)
            if hasattr(proto, "tab") and proto.HasField("tab"):
                parts.append(proto.tab.label)
    # chart titles, axis titles and series names; table headers
    for spec in plotly_specs(app):
        layout = spec.get("layout", {})
        for axis in ("title", "xaxis", "yaxis"):
            title = layout.get(axis, {}) if axis == "title" else layout.get(axis, {}).get("title", {})
            parts.append(title.get("text", "") if isinstance(title, dict) else str(title))
        parts += [str(trace.get("name", "")) for trace in spec.get("data", [])]
    for table in app.get("dataframe"):
        parts += [str(column) for column in table.value.columns]
    # inline code (`python -m loaders ...`, `datasets/samples/`) is not interface text
    return re.sub(r"`[^`]*`", " ", "\n".join(parts))


def _found(text: str, page: str) -> bool:
    """CJK text as a substring; Latin text as whole words, not inside identifiers such as combiport.lines."""
    if CJK.search(text):
        return text in page
    return re.search(rf"(?<![\w.]){re.escape(text)}(?!\w)", page) is not None


def _texts(lang: str) -> set[str]:
    texts: set[str] = set()
    for value in i18n.strings(lang).values():
        texts.update(value if isinstance(value, tuple) else (value,))
    return texts


def _distinctive(text: str, page_lang: str) -> bool:
    """Long enough to mean something if found on a page in `page_lang`.

    Latin text: a word of 4+ letters. Chinese text on an English page: 3+ characters (shorter ones
    are proper nouns in content, e.g. a WeChat account named 深圳...). Chinese text on a Chinese page:
    2+ characters and written differently in the page's script (a word such as 出口 or 平台 reads the
    same in both and is not a leak)."""
    text = text.strip()
    if not CJK.search(text):
        return len(re.findall(r"[A-Za-z]", text)) >= 4
    count = len(CJK.findall(text))
    if page_lang == "en":
        return count >= 3
    if page_lang == "zh_hant":
        return count >= 2 and to_traditional(text) != text
    return count >= 2 and to_simplified(text) != text


def foreign_texts(lang: str) -> set[str]:
    """Strings of the other languages that this language does not also use."""
    own = {text.strip() for text in _texts(lang)}
    others = {text.strip() for other in i18n.LANGS if other != lang for text in _texts(other)}
    return {text for text in others - own if _distinctive(text, lang)}


def test_foreign_texts_catch_an_untranslated_string():
    """The check below can fail: an English label on a Chinese page is found, a shared unit is not."""
    assert i18n.t("en", "filter.direction") in foreign_texts("zh_hans")
    assert i18n.t("zh_hans", "page.clearance") in foreign_texts("en")
    assert i18n.t("zh_hans", "page.clearance") in foreign_texts("zh_hant")
    assert "TEU" not in foreign_texts("zh_hans")


@pytest.mark.parametrize(("spec", "lang", "params"), RUNS)
def test_page_runs_in_its_language(app_env, spec, lang, params):
    app = run_page(spec.script, lang, **params)
    assert not app.exception, [e.value for e in app.exception]
    assert app.title and app.title[0].value.strip(), "the page has a title"
    if page_name(spec) not in TITLED_BY_CONTENT:
        assert app.title[0].value == i18n.t(lang, spec.title_key)
    runs = [app, *(other_sections(app, spec.script, lang) if not params else [])]  # every section tab, once
    for run in runs:
        assert not run.exception, [e.value for e in run.exception]
        text = _visible_text(run)
        leaked = sorted(t for t in foreign_texts(lang) if _found(t, text))
        assert leaked == [], f"text of another language on the {lang} page"
        assert "Traceback" not in text
    if not params:
        assert sum(len(plotly_specs(run)) for run in runs) >= MIN_PLOTLY.get(page_name(spec), 0)
        assert sum(len(deck_specs(run)) for run in runs) >= MIN_DECK.get(page_name(spec), 0)
        assert sum(len(run.get("dataframe")) for run in runs) >= MIN_TABLES.get(page_name(spec), 0)


def test_every_registry_page_is_covered_by_the_filter_table():
    assert sorted(FILTERS) == sorted(page_name(spec) for spec in PAGES)
