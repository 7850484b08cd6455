"""A link reproduces the view: the filters and the language travel in the URL as canonical codes,
and a fresh session opened on that URL shows the same filters and the same numbers."""

from __future__ import annotations

import datetime as dt

import pytest

from dashboard import i18n
from tests.apptest_helpers import run_page

CLEARANCE = "pages/clearance.py"
PARAMS = {
    "from": "2024-01-01",
    "to": "2024-06-30",
    "grain": "quarter",
    "ports": ["5301", "5320"],
    "direction": "import",
    "mode": "road",
    "split": "is_aeo",
}


def filters(app) -> dict:
    """What the sidebar shows, read from the widgets themselves."""
    return {
        "lang": app.button_group(key="lang").value,
        "from": _date_filter(app, "from"),
        "to": _date_filter(app, "to"),
        "grain": app.selectbox(key="grain").value,
        "split": app.selectbox(key="split").value,
        "ports": list(app.multiselect(key="ports").value),
        "direction": list(app.multiselect(key="direction").value),
        "mode": list(app.multiselect(key="mode").value),
    }


def _date_filter(app, key: str):
    """A Chinese page chooses months (tests/test_date_pickers.py), an English one dates."""
    months = [box for box in app.selectbox if box.key == f"{key}_month"]
    return months[0].value if months else app.date_input(key=key).value


def tables(app) -> list[dict]:
    """Every table on the page (each card's table is what its CSV holds)."""
    return [table.value.to_dict(orient="list") for table in app.get("dataframe")]


def url_params(app) -> dict:
    """The query string the browser shows after the run, as a shared link carries it."""
    return {key: value for key, value in app.query_params.items()}


def _as_list(value) -> list[str]:
    return list(value) if isinstance(value, list | tuple) else [value]


EXPECTED = {
    "lang": "en",
    "from": dt.date(2024, 1, 1),
    "to": dt.date(2024, 6, 30),
    "grain": "quarter",
    "split": "is_aeo",
    "ports": ["5301", "5320"],
    "direction": ["import"],
    "mode": ["road"],
}


def test_url_sets_every_filter_and_a_fresh_session_shows_the_same(app_env):
    first = run_page(CLEARANCE, "en", **PARAMS)
    assert not first.exception, [e.value for e in first.exception]
    assert filters(first) == EXPECTED
    assert first.title[0].value == i18n.t("en", "page.clearance")
    assert tables(first), "the filtered page shows its cards"

    second = run_page(CLEARANCE, "en", **PARAMS)  # a new session on the same link
    assert filters(second) == EXPECTED
    assert tables(second) == tables(first)


def test_the_url_keeps_canonical_codes_whatever_the_language(app_env):
    """The URL after the run is the link a viewer copies: codes, not the translated labels."""
    app = run_page(CLEARANCE, "zh_hant", **PARAMS)
    shown = url_params(app)
    assert shown["lang"] == "zh_hant"
    assert shown["direction"] == "import" and shown["split"] == "is_aeo" and shown["grain"] == "quarter"
    assert _as_list(shown["ports"]) == ["5301", "5320"]
    assert shown["from"] == "2024-01-01" and shown["to"] == "2024-06-30"
    assert app.multiselect(key="direction").format_func("import") == i18n.code_label("zh_hant", "direction", "import")


def test_changed_filters_are_written_to_the_url_and_reproduce_the_view(app_env):
    app = run_page(CLEARANCE, "en", **PARAMS)
    app.multiselect(key="direction").set_value(["export"])
    app.selectbox(key="grain").set_value("year")
    app.selectbox(key="split").set_value("none")
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    link = url_params(app)
    assert link["direction"] == "export" and link["grain"] == "year"
    assert "split" not in link, "a default value is left out of the link"

    copy = run_page(CLEARANCE, link.pop("lang"), **link)
    assert filters(copy) == filters(app)
    assert tables(copy) == tables(app)


def test_switching_language_keeps_the_filters(app_env):
    app = run_page(CLEARANCE, "en", **PARAMS)
    before = filters(app)
    app.button_group(key="lang").set_value("zh_hant")
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    assert app.title[0].value == i18n.t("zh_hant", "page.clearance")
    assert filters(app) == before | {"lang": "zh_hant"}
    assert url_params(app)["lang"] == "zh_hant" and url_params(app)["direction"] == "import"


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_language_from_the_url(app_env, lang):
    app = run_page("pages/about_data.py", lang)
    assert app.button_group(key="lang").value == lang
    assert app.title[0].value == i18n.t(lang, "page.about_data")
    assert ("lang" in url_params(app)) == (lang != i18n.DEFAULT_LANG), "the default language is left out of the link"


def test_unknown_values_in_the_url_fall_back_to_the_defaults(app_env):
    app = run_page(CLEARANCE, "fr", direction="sideways", grain="fortnight", split="is_nothing", ports=["9999", "5301"])
    assert not app.exception, [e.value for e in app.exception]
    assert app.button_group(key="lang").value == i18n.DEFAULT_LANG
    assert app.multiselect(key="direction").value == []
    assert app.selectbox(key="grain").value == "month"
    assert app.selectbox(key="split").value == "none"
    assert app.multiselect(key="ports").value == ["5301"], "known codes are kept, unknown ones dropped"
