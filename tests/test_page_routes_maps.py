"""The China–Europe trains and TIR page and the ports map: they run in every language with and
without filters, their maps are offline (no tile provider, no URL of another host unless a base
map is configured), the route arcs carry exactly the volumes rail_summary computes, and tooltips
name places in the viewer's language."""

from __future__ import annotations

import datetime as dt
import json
import re
from urllib.parse import unquote

import pandas as pd
import pytest

from dashboard import i18n
from dashboard.components import maps
from dashboard.context import PageContext
from dashboard.i18n import LANGS
from dashboard.views import rail_tir
from loaders.content import reference
from loaders.contracts.indicator_series import CONFIDENCE
from loaders.queries.clearance import ClearanceFilter, clearance_summary
from loaders.queries.fresh_produce import FreshFilter, fresh_summary
from loaders.queries.rail import RouteFilter, rail_summary
from loaders.store import engines
from tests.apptest_helpers import deck_specs
from tests.apptest_helpers import run_page as run_script

RAIL, PORTS = "pages/rail_tir.py", "pages/ports_map.py"


def run_page(script: str, lang: str = "zh_hans", section: str = "sections.rail_routes", **params):
    """The page as a link opens it; the rail page draws one section tab at a time
    (dashboard.components.sections), and its map is in the routes tab, opened as a click would."""
    return run_script(script, lang, {"section-rail": i18n.t(lang, section)} if script == RAIL else None, **params)


YEAR_2024 = {"from": "2024-01-01", "to": "2024-12-31"}
CASES = [
    (RAIL, {}),
    (RAIL, {"direction": "inbound"}),
    (RAIL, {**YEAR_2024, "measure": "teu", "grain": "quarter"}),
    (PORTS, {}),
    (PORTS, {**YEAR_2024, "size": "consignments"}),
]
URL = re.compile(r"https?://", re.IGNORECASE)
MANZHOULI = {"zh_hans": "满洲里", "en": "Manzhouli", "zh_hant": "滿洲里"}
YANTIAN = {"zh_hans": "盐田港", "en": "Yantian Port", "zh_hant": "鹽田港"}


def layers(app) -> dict[str, dict]:
    (spec,) = deck_specs(app)
    return {layer["id"]: layer for layer in spec["layers"]}


def tooltips(app) -> str:
    return "\n".join(
        row["tooltip"]
        for layer in layers(app).values()
        if isinstance(layer.get("data"), list)
        for row in layer["data"]
        if isinstance(row, dict) and "tooltip" in row
    )


def assert_offline(app) -> None:
    (spec,) = deck_specs(app)
    assert spec.get("mapProvider") is None
    # pydeck's default-style sentinel: Streamlit then draws no base map (with no mapStyle at all, as
    # map_style=None gives, Streamlit loads CARTO's style from basemaps.cartocdn.com)
    assert spec["mapStyle"] == "__MAP_STYLE__"
    assert not URL.search(json.dumps(spec)), "a layer points at another host"
    assert "land" in layers(app) and layers(app)["land"]["@@type"] == "GeoJsonLayer"
    assert layers(app)["land"]["data"]["features"], "the bundled land polygons are embedded"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(("script", "params"), CASES)
def test_page_runs_offline(app_env, monkeypatch, script, params, lang):
    monkeypatch.delenv(maps.BASEMAP_URL_ENV, raising=False)
    app = run_page(script, lang, **params)
    assert not app.exception, [e.value for e in app.exception]
    assert_offline(app)
    captions = " ".join(c.value for c in app.caption)
    assert "Natural Earth" in captions


def test_basemap_setting_draws_the_approved_tiles(app_env, monkeypatch):
    """DASHBOARD_BASEMAP_URL: the maps ask that server (and only it) for raster tiles."""
    template = "https://tiles.example.gov.cn/{z}/{x}/{y}.png"
    monkeypatch.setenv(maps.BASEMAP_URL_ENV, template)
    for script in (RAIL, PORTS):
        app = run_page(script, "en")
        assert not app.exception, [e.value for e in app.exception]
        (spec,) = deck_specs(app)
        assert spec.get("mapProvider") is None
        prefix = "data:application/json;charset=utf-8,"
        assert spec["mapStyle"].startswith(prefix)
        style = json.loads(unquote(spec["mapStyle"].removeprefix(prefix)))
        assert [source["tiles"] for source in style["sources"].values()] == [[template]]
        assert "glyphs" not in style and "sprite" not in style  # nothing else to fetch
        assert "land" not in layers(app)  # the tiles are the base map now
        assert not URL.search(json.dumps(spec["layers"]))
        assert "configured by this deployment" in " ".join(c.value for c in app.caption)


def engine_for(url: str):
    return engines.read_engine(url)


@pytest.mark.parametrize(
    ("params", "filters"),
    [
        ({}, RouteFilter()),
        ({"direction": "inbound", **YEAR_2024}, RouteFilter(start=dt.date(2024, 1, 1), end=dt.date(2024, 12, 31), directions=("inbound",))),
        ({"country": "RU", "measure": "teu"}, RouteFilter(destination_countries=("RU",))),
    ],
)
def test_route_arcs_carry_rail_summary_volumes(app_env, params, filters):
    app = run_page(RAIL, "en", **params)
    assert not app.exception, [e.value for e in app.exception]
    expected = rail_summary(engine_for(app_env), None, ("border_crossing", "destination_city"), filters)
    assert not expected.empty
    found = layers(app)
    arcs = pd.DataFrame(found["rail-routes"]["data"])
    assert found["rail-routes"]["@@type"] == "ArcLayer"
    key = ["border_crossing", "destination_city"]
    merged = expected.merge(arcs, on=key, how="outer", suffixes=("_sql", "_map"), indicator=True)
    assert (merged["_merge"] == "both").all(), merged[merged["_merge"] != "both"][key]
    for measure in ("trains", "teu", "tonnes", "value_cny"):
        assert merged[f"{measure}_map"].tolist() == pytest.approx(merged[f"{measure}_sql"].tolist())
    # Shenzhen -> crossing legs carry every train through the crossing
    legs = pd.DataFrame(found["rail-domestic"]["data"]).set_index("border_crossing")["trains"].sort_index()
    assert legs.to_dict() == expected.groupby("border_crossing")["trains"].sum().sort_index().to_dict()
    # wider arcs for bigger volumes of the measure shown
    measure = params.get("measure", "trains")
    ordered = arcs.sort_values(measure)
    assert ordered["width"].is_monotonic_increasing


@pytest.mark.parametrize("lang", LANGS)
def test_tooltips_name_places_in_the_viewers_language(app_env, lang):
    rail = tooltips(run_page(RAIL, lang))
    assert MANZHOULI[lang] in rail
    assert all(name not in rail for other, name in MANZHOULI.items() if other != lang and name != MANZHOULI[lang])
    ports = tooltips(run_page(PORTS, lang))
    assert YANTIAN[lang] in ports
    assert all(name not in ports for other, name in YANTIAN.items() if other != lang and name != YANTIAN[lang])


def test_port_points_are_sized_by_throughput_of_their_customs_code_once_per_office(app_env):
    app = run_page(PORTS, "en", **YEAR_2024)
    assert not app.exception, [e.value for e in app.exception]
    period = ClearanceFilter(start=dt.date(2024, 1, 1), end=dt.date(2024, 12, 31))
    by_code = clearance_summary(engine_for(app_env), None, ("customs_code",), period).set_index("customs_code")["declarations"]
    found = layers(app)
    active = pd.DataFrame(found["ports-throughput"]["data"])
    quiet = pd.DataFrame(found["places-without-throughput"]["data"])
    assert set(active["customs_code"]) == set(by_code.index)
    assert active["customs_code"].is_unique, "one point per customs code: a code's declarations are drawn once"
    for code, declarations in zip(active["customs_code"], active["declarations"], strict=True):
        assert declarations == by_code[code]
    assert active["declarations"].sum() == by_code.sum(), "the map's points add up to the district's declarations"
    # Shekou, Chiwan and Mawan share 5304: one point for the office, named for it, between its three places
    (office,) = active[active["customs_code"] == "5304"].to_dict("records")
    assert office["place_id"] == "SZ_SHEKOU+SZ_CHIWAN+SZ_MAWAN" and office["name"].startswith("Shekou")
    assert "Chiwan" in office["tooltip"] and "Mawan" in office["tooltip"]
    # cities and the rail terminal have no throughput: small, grey, still on the map
    assert {"GD_GUANGZHOU", "GD_DONGGUAN", "SZ_PINGHUSOUTH"} <= set(quiet["place_id"])
    quiet_layer = found["places-without-throughput"]
    assert quiet_layer["radiusMinPixels"] == quiet_layer["radiusMaxPixels"] == 4  # a fixed small size
    assert set(active["place_id"]).isdisjoint(quiet["place_id"])
    assert active.sort_values("declarations")["radius"].is_monotonic_increasing
    every_place = {p["place_id"] for p in maps.port_places()}
    drawn = {place for point in [*active["place_id"], *quiet["place_id"]] for place in point.split("+")}
    assert drawn == every_place


def test_ports_sized_by_fresh_produce_consignments(app_env):
    app = run_page(PORTS, "zh_hant", size="consignments")
    assert not app.exception, [e.value for e in app.exception]
    expected = fresh_summary(engine_for(app_env), None, ("port",), FreshFilter()).set_index("port")["consignments"]
    active = pd.DataFrame(layers(app)["ports-throughput"]["data"]).set_index("place_id")["consignments"]
    assert active.sort_index().to_dict() == expected.sort_index().to_dict()
    table = next(df.value for df in app.dataframe if "供港鮮活產品批次" in df.value.columns)
    assert len(table) == len(maps.map_points())


def test_published_figures_are_shown_apart_with_source_and_confidence(app_env):
    app = run_page(RAIL, "en", section="rail.published_header")
    table = next(df.value for df in app.dataframe if "Confidence" in df.value.columns)
    national = table[(table["Scope"] == "National") & (table["Figure"] == "China–Europe trains")]
    assert len(national) >= 3 and national["Source"].str.len().gt(0).all()
    assert set(table["Confidence"]) <= {"High", "Medium", "Low", "—"}
    # scope and indicator names are the registry's (datasets/indicators.yaml), the same as on the cards
    assert {"GBA Express trains from Shenzhen", "Greater Bay Area"} <= set(table["Scope"])
    assert "TIR operations" in set(table["Figure"])


def test_destinations_without_coordinates_are_listed_not_dropped(app_env):
    """A destination the reference does not know is left off the map but named with its volume."""
    ctx = PageContext("en", app_env, "test", pd.DataFrame(columns=["dataset", "demo_rows", "as_of", "first", "last"]))
    pairs = pd.DataFrame(
        {
            "border_crossing": ["BX_MANZHOULI", "BX_MANZHOULI", "BX_HORGOS"],
            "destination_city": ["DEST_MOSCOW", "NOWHERE_CITY", "DEST_ALMATY"],
            "trains": [10, 4, 6],
            "teu": [1000.0, 400.0, 600.0],
            "tonnes": [5000.0, 2000.0, 3000.0],
            "value_cny": [1e8, 4e7, 6e7],
        }
    )
    routes = maps.rail_routes(ctx, pairs, "trains")
    spec = json.loads(routes.deck.to_json())
    found = {layer["id"]: layer for layer in spec["layers"]}
    assert [r["destination_city"] for r in found["rail-routes"]["data"]] == ["DEST_MOSCOW", "DEST_ALMATY"]
    assert {r["border_crossing"]: r["trains"] for r in found["rail-domestic"]["data"]} == {"BX_MANZHOULI": 14, "BX_HORGOS": 6}
    assert routes.missing == ("NOWHERE_CITY (4 trains)",)
    assert "NOWHERE_CITY" in set(routes.table["Destination"])


@pytest.mark.parametrize("lang", LANGS)
def test_keys_built_from_codes_exist(lang):
    """The f-string keys of these pages (test_i18n only scans literal keys)."""
    table = i18n.strings(lang)
    keys = [f"rail.measure.{m}" for m in maps.RAIL_MEASURES]
    keys += [f"rail.tir_measure.{m}" for m, _, _ in rail_tir.TIR_MEASURES] + [unit for _, unit, _ in rail_tir.TIR_MEASURES]
    keys += [f"rail.by_{d}" for d in ("border_crossing", "destination_city")] + [
        f"rail.tir_by_{d}" for d in ("exit_port", "destination_city")
    ]
    keys += [f"code.confidence.{c}" for c in CONFIDENCE]
    keys += [f"maps.kind.{kind}" for kind in {p["kind"] for p in reference.places()}] + [f"maps.{m}" for m in maps.PORT_MEASURES]
    assert [key for key in keys if key not in table] == []


@pytest.mark.parametrize("lang", LANGS)
def test_map_places_are_named_under_the_map_without_hovering(app_env, lang):
    """A phone has no hover: every place a map draws is also named in a visible line under it."""
    prefix = i18n.t(lang, "maps.places_on_map", places="").rstrip()

    def place_lines(app) -> list[str]:
        return [c.value for c in app.caption if c.value.startswith(prefix)]

    (rail_line,) = place_lines(run_page(RAIL, lang))
    assert MANZHOULI[lang] in rail_line
    (ports_line,) = place_lines(run_page(PORTS, lang))
    assert YANTIAN[lang] in ports_line
