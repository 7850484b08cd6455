"""Text from data and content is shown as text. Plotly draws a subset of HTML in every
label (`<a href>` is a clickable link, `<span style>` styled text), Streamlit draws Markdown; a
store whose text fields hold markup must show that markup as characters, in charts and in CSV
downloads (formula prefixes neutralised)."""

from __future__ import annotations

import ast
import csv
import io
import re
import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from dashboard import i18n
from dashboard.components import charts
from dashboard.components.safe_text import JOINER, allowed_link, escape_figure, limited_markdown, plain, plotly_text
from loaders.store import engines
from tests.apptest_helpers import other_sections, plotly_specs, run_page

ROOT = Path(__file__).resolve().parent.parent
LINK = '<a href="http://example.org">x</a>'
IMAGE = "<img src=http://example.org/x.png>"
STYLED = '<span style="color:red">red</span>'
FORMULA = '=HYPERLINK("http://example.org","x")'
TAG = re.compile(r"<\s*/?\s*(a|img|b|i|span|br|sup|sub|em|s|u)\b", re.IGNORECASE)  # what Plotly would draw as markup


def strings(value) -> list[str]:
    """Every string anywhere in a Plotly spec."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for item in value.values() for s in strings(item)]
    if isinstance(value, list):
        return [s for item in value for s in strings(item)]
    return []


# --- Plotly ------------------------------------------------------------------------------------------


def test_plotly_text_writes_markup_as_entities_and_is_idempotent():
    assert plotly_text(LINK) == '&lt;a href="http://example.org"&gt;x&lt;/a&gt;'
    assert plotly_text(plotly_text(LINK)) == plotly_text(LINK)
    assert plotly_text("Shenzhen & Hong Kong") == "Shenzhen & Hong Kong" and plotly_text(3.5) == 3.5


def test_a_chart_of_hostile_categories_shows_them_as_text_everywhere():
    frame = pd.DataFrame({"place": [LINK, IMAGE, "深圳"], "trips": [3, 2, 1], "group": [STYLED, "ok", "ok"]})
    figure = charts.bar_chart(frame, "place", "trips", f"Trips to {LINK}", "place", "trips", colour_by="group")
    figure.add_scatter(x=frame["place"], y=frame["trips"], name=IMAGE, text=[LINK, IMAGE, "x"])  # added after the builder
    figure.add_annotation(text=STYLED)
    spec = charts.localise_dates(figure, chinese=True).to_plotly_json()  # what every card calls before drawing
    found = [s for s in strings(spec) if TAG.search(s)]
    assert found == []
    categories = [set(trace["x"]) for trace in spec["data"]]
    assert set().union(*categories) == {plotly_text(LINK), plotly_text(IMAGE), "深圳"}, "one category per place, bars and markers alike"
    assert spec["layout"]["title"]["text"] == f"Trips to {plotly_text(LINK)}"


def test_escaping_leaves_the_apps_own_templates_and_numbers_alone():
    frame = pd.DataFrame({"x": pd.to_datetime(["2024-01-01", "2024-02-01"]), "y": [1.0, 2.0]})
    points = pd.DataFrame({"x": frame["x"], "y": frame["y"], "text": [LINK, "ok"]})
    figure = escape_figure(charts.line_chart(frame, "x", "y", "t", "x", "y", points=points, points_label="published"))
    published = figure.data[-1]
    assert published.hovertemplate == "%{text}<extra></extra>"
    assert list(published.text) == [plotly_text(LINK), "ok"] and list(figure.data[0].y) == [1.0, 2.0]


# --- Markdown ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Plain title: part 2", "Plain title: part 2"),
        ("![x](https://example.org/p.png)", f"!\\[x\\](https:{JOINER}//example.org/p.png)"),
        ("[click](http://example.org)", f"\\[click\\](http:{JOINER}//example.org)"),
        ("<img src=x onerror=alert(1)>", "\\<img src=x onerror=alert(1)\\>"),
        ("see www.example.org or https://example.org", f"see www{JOINER}.example.org or https:{JOINER}//example.org"),
        ("# heading", "\\# heading"),
        (":red[alarm] and $x$", ":red\\[alarm\\] and \\$x\\$"),
        ("mail a@example.org", f"mail a@{JOINER}example.org"),
    ],
)
def test_plain_text_in_markdown_renders_nothing(text, shown):
    assert plain(text) == shown


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("**bold** and _it_", "**bold** and _it_"),
        ("![alt text](https://example.org/p.png)", "alt text"),
        ("[outside](https://example.org/x)", "outside"),
        ('[titled](https://example.org/x "t")', "titled"),
        ("[home](http://localhost:8501/training)", "[home](http://localhost:8501/training)"),
        ("[page](/measure?measure=8)", "[page](/measure?measure=8)"),
        ("[sneaky](//example.org/x)", "sneaky"),
        ("[js](javascript:alert(1))", "\\[js\\](javascript:alert(1))"),
        ("[ref][1]\n\n[1]: https://example.org", f"\\[ref\\]\\[1\\]  \n  \n1: https:{JOINER}//example.org"),
        ("line one\nline two", "line one  \nline two"),
    ],
)
def test_limited_markdown_keeps_emphasis_and_local_links_only(text, shown):
    assert limited_markdown(text, ("localhost",)) == shown


def test_only_http_links_to_allowed_hosts_or_local_paths_are_allowed():
    assert allowed_link("https://dash.example.gov.cn/x", ["dash.example.gov.cn"])
    assert not allowed_link("https://evil.example/x", ["dash.example.gov.cn"])
    assert not allowed_link("ftp://dash.example.gov.cn/x", ["dash.example.gov.cn"])
    assert allowed_link("./training", []) and not allowed_link("//evil.example/x", [])


# --- the pages, on a store whose text fields hold markup ------------------------------------------------------

HOSTILE_UPDATES = (
    ("seafood_lab", "lab", LINK),
    ("seafood_lab", "origin_country", IMAGE),
    ("rail_train", "destination_city", LINK),
    ("rail_train", "border_crossing", STYLED),
    ("tir_trip", "destination_city", IMAGE),
    ("fresh_produce", "category", STYLED),
    ("fresh_produce", "port", LINK),
    ("clearance", "customs_code", FORMULA),
    ("clearance", "customs_code", LINK),  # the next code: the first is the formula now
)


def hostile_copy(source: Path, target: Path) -> Path:
    """The demo store with one value of each text column above replaced by markup (all its rows)."""
    shutil.copy(source, target)
    with duckdb.connect(str(target)) as conn:
        for table, column, value in HOSTILE_UPDATES:
            sql = f'SELECT min("{column}") FROM "{table}" WHERE "{column}" NOT IN (?, ?, ?, ?)'  # noqa: S608 (names from this file)
            first = conn.execute(sql, [LINK, IMAGE, STYLED, FORMULA]).fetchone()[0]
            conn.execute(f'UPDATE "{table}" SET "{column}" = ? WHERE "{column}" = ?', [value, first])  # noqa: S608
    return target


@pytest.fixture(scope="module")
def hostile_store(demo_store_url, tmp_path_factory) -> str:
    path = hostile_copy(engines.duckdb_path(demo_store_url), tmp_path_factory.mktemp("hostile") / "hostile.duckdb")
    return f"duckdb:///{path}"


@pytest.mark.parametrize("script", ["pages/clearance.py", "pages/fresh_produce.py", "pages/seafood_lab.py", "pages/rail_tir.py"])
def test_no_chart_carries_markup_from_the_data(hostile_store, monkeypatch, script):
    monkeypatch.setenv(engines.DB_URL_ENV, hostile_store)
    app = run_page(script, "en")
    runs = [app, *other_sections(app, script, "en")]  # every section tab of the page
    assert not any(run.exception for run in runs), [e.value for run in runs for e in run.exception]
    shown = [s for run in runs for spec in plotly_specs(run) for s in strings(spec)]
    assert [s for s in shown if TAG.search(s)] == []
    assert any("&lt;" in s for s in shown), "the hostile values are on the charts, as text"


def test_every_csv_download_of_a_page_neutralises_formulas(hostile_store, monkeypatch, media_files):
    monkeypatch.setenv(engines.DB_URL_ENV, hostile_store)
    app = run_page("pages/clearance.py", "en", split="none")
    assert not app.exception
    assert not any(run.exception for run in other_sections(app, "pages/clearance.py", "en", split="none"))  # their downloads too
    downloads = [file.content for file in media_files.values() if file.mimetype == "text/csv"]
    cells = [cell for data in downloads for row in csv.reader(io.StringIO(data.decode("utf-8-sig"))) for cell in row]
    assert downloads and not [c for c in cells if c.startswith(("=", "+", "@"))]
    assert [c for c in cells if c.startswith("'=HYPERLINK")], "the formula is in a download, as text"


def _download_calls(path: Path) -> list[ast.Call]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [n for n in ast.walk(tree) if isinstance(n, ast.Call) and getattr(n.func, "attr", "") == "download_button"]


def test_every_csv_download_button_goes_through_the_safe_writer():
    """A CSV handed to the browser is made by loaders.safe_csv (card.table_csv, card.card_csv and models.provenance.provenance_csv wrap it)."""
    unsafe = []
    for path in sorted([*(ROOT / "dashboard").rglob("*.py"), *(ROOT / "pages").glob("*.py")]):
        for call in _download_calls(path):
            mime = next((k.value.value for k in call.keywords if k.arg == "mime" and isinstance(k.value, ast.Constant)), None)
            data = call.args[1] if len(call.args) > 1 else next((k.value for k in call.keywords if k.arg == "data"), None)
            maker = getattr(getattr(data, "func", None), "id", None) or getattr(getattr(data, "func", None), "attr", None)
            if mime == "text/csv" and maker not in ("table_csv", "csv_bytes", "card_csv", "provenance_csv"):
                unsafe.append(f"{path.relative_to(ROOT)}:{call.lineno}")
    assert unsafe == []


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://example.org/x", "www.example.org"])
def test_a_channel_url_in_policy_content_must_be_http(tmp_path, monkeypatch, url):
    import yaml

    from dashboard import policies

    for path in policies.POLICIES_DIR.glob("*.yaml"):
        (tmp_path / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    document = yaml.safe_load((tmp_path / "channels.yaml").read_text(encoding="utf-8"))
    document["channels"][0]["url"] = url
    (tmp_path / "channels.yaml").write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    monkeypatch.setattr(policies.content, "POLICIES_DIR", tmp_path)
    with pytest.raises(policies.PolicyContentError, match=r"channels.yaml: channel [\w-]+: field url"):
        policies.channels()


def test_a_place_name_from_the_data_in_the_not_on_the_map_note_is_text(hostile_store, tmp_path, monkeypatch):
    """A destination with no coordinates is named in a Markdown caption: a Markdown link in its name stays text."""
    path = tmp_path / "markdown.duckdb"
    shutil.copy(engines.duckdb_path(hostile_store), path)
    with duckdb.connect(str(path)) as conn:
        conn.execute("UPDATE rail_train SET destination_city = ? WHERE destination_city = ?", ["[x](http://example.org)", LINK])
    monkeypatch.setenv(engines.DB_URL_ENV, f"duckdb:///{path}")
    app = run_page("pages/rail_tir.py", "en", {"section-rail": i18n.t("en", "sections.rail_routes")})  # the map's tab
    assert not app.exception, [e.value for e in app.exception]
    notes = [c.value for c in app.caption if "Not on the map" in c.value]
    assert notes, "the destination has no coordinates, so the note names it"
    assert "[x](http://example.org)" not in notes[0] and f"\\[x\\](http:{JOINER}//example.org)" in notes[0]


def test_the_published_figures_table_shows_text_from_data_as_text_and_links_by_host():
    """st.table renders Markdown in every cell: a publisher named with a Markdown link stays text, and
    an original source shows as a short link named by its host (a long address cannot overflow the card)."""
    from dashboard.components.published_panel import inert_table, source_link

    table = inert_table(
        pd.DataFrame({"publisher": ["[x](http://example.org) <img src=y>"], "link": [source_link("https://hkcd.com/a/(b)/c.html")]}),
        keep=("link",),
    )
    assert table["publisher"].tolist() == [plain("[x](http://example.org) <img src=y>")]
    assert "\\[x\\]" in table["publisher"].iloc[0], "the brackets are escaped, so no link is drawn"
    assert table["link"].tolist() == ["[hkcd.com](https://hkcd.com/a/%28b%29/c.html)"]
    assert source_link("javascript:alert(1)") is None and source_link(None) is None
