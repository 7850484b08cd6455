"""Offline maps with pydeck: a bundled land base map, no tiles, names in tooltips.

The base map is the Natural Earth land GeoJSON bundled in datasets/geo/ (see its README) over a
plain sea colour: land and coastline only, no national boundaries (published maps in China need an
approved base map for borders). Decks are built with `map_provider=None` and pydeck's default
map_style (the "__MAP_STYLE__" sentinel, which Streamlit drops), so the browser asks no tile server
for anything. Beware: an explicit `map_style=None` makes Streamlit load a CARTO style instead.
pydeck's TextLayer cannot draw Chinese, so places are named in tooltips (in the viewer's language)
and in legends, never on the map itself.

Setting (declared here, documented in README.md):

DASHBOARD_BASEMAP_URL
    Default: unset. A raster tile URL template (``{z}/{x}/{y}``) of a base map approved for
    publication, e.g. ``https://tiles.example.gov.cn/{z}/{x}/{y}.png``. When set, the maps draw
    its tiles (over the sea colour) instead of the bundled land, and the browser fetches them from
    that server. When unset, the maps make no request to any other host.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import pandas as pd
import pydeck as pdk
import streamlit as st
from pydeck.bindings.json_tools import default_serialize

from dashboard import data, i18n
from dashboard.components import charts, exports
from dashboard.components.filters import keep_in_url, seed_from_url
from dashboard.context import PageContext
from loaders import settings
from loaders.reference import display_name, place_by_id

BASEMAP_URL_ENV = settings.BASEMAP_URL.name
LAND_FILE = "land_50m_asia_europe.geojson"

SEA_RGB = [214, 231, 243]
LAND_RGB = [240, 240, 236]
COAST_RGB = [150, 160, 172]
# Legend colours are Streamlit's markdown colours (:blue[●], :orange[●], :gray[●]) so the legend matches.
BLUE_RGB = [28, 131, 225]
ORANGE_RGB = [255, 140, 40]
RED_RGB = [200, 40, 40]
GREY_RGB = [128, 132, 149]
# a 1-pixel white ring around points (in common units, see deck())
WHITE_OUTLINE = {
    "stroked": True,
    "get_line_color": [255, 255, 255],
    "line_width_units": "common",
    "get_line_width": 0,
    "line_width_min_pixels": 1,
    "line_width_max_pixels": 1,
}
TOOLTIP_STYLE = {
    "backgroundColor": "white",
    "color": "#262730",
    "fontFamily": charts.FONT_FAMILY,
    "fontSize": "13px",
    "border": "1px solid #d0d4da",
    "padding": "6px 8px",
    "whiteSpace": "pre-line",
}


@dataclass(frozen=True)
class View:
    longitude: float
    latitude: float
    zoom: float
    min_zoom: float = 1.0
    max_zoom: float = 12.0

    def common(self, pixels: float | pd.Series) -> float | pd.Series:
        """`pixels` at the initial zoom in deck.gl's common units (the world is 512 units wide)."""
        return pixels / 2**self.zoom


RAIL_VIEW = View(longitude=66.0, latitude=45.0, zoom=2.3, max_zoom=8.0)  # Shenzhen to the Rhine in ~900 px
PORT_VIEW = View(longitude=114.05, latitude=22.55, zoom=9.0, min_zoom=5.0, max_zoom=12.0)  # Shenzhen's ports in ~600 px


def basemap_url() -> str | None:
    """The approved tile URL template from DASHBOARD_BASEMAP_URL, or None (the default: no tiles)."""
    return settings.BASEMAP_URL.get()


class _CompactDeck(pdk.Deck):
    """pydeck writes indented JSON (2 MB for the land, in pure-Python json); Streamlit hashes and sends
    this string on every rerun, so write it compact (about 350 KB) with the C encoder instead."""

    def to_json(self) -> str:
        return json.dumps(self, sort_keys=True, default=default_serialize, separators=(",", ":"))


def tile_style(url: str) -> str:
    """A MapLibre style with the approved raster tiles over the sea colour, as a data: URL.

    deck.gl's TileLayer needs a JavaScript renderSubLayers callback to draw image tiles, which
    pydeck's JSON cannot carry, and TerrainLayer's loader only runs in a worker script fetched from
    a CDN; Streamlit's base map (MapLibre, bundled with Streamlit) draws raster tiles from a style,
    and a data: URL carries the style without asking any host for it.
    """
    style = {
        "version": 8,
        "sources": {"approved": {"type": "raster", "tiles": [url], "tileSize": 256}},
        "layers": [
            {"id": "sea", "type": "background", "paint": {"background-color": "rgb({},{},{})".format(*SEA_RGB)}},
            {"id": "approved", "type": "raster", "source": "approved"},
        ],
    }
    return "data:application/json;charset=utf-8," + quote(json.dumps(style, separators=(",", ":")), safe="")


def base_layers(land: dict[str, Any], view: View) -> list[pdk.Layer]:
    """Sea, and land with a 1-pixel coastline (none when an approved tile base map is configured)."""
    if basemap_url():
        return []
    return [
        pdk.Layer(
            "SolidPolygonLayer",
            id="sea",
            data=[{"polygon": [[-180, -85], [180, -85], [180, 85], [-180, 85]]}],
            get_polygon="polygon",
            get_fill_color=SEA_RGB,
            pickable=False,
        ),
        pdk.Layer(
            "GeoJsonLayer",
            id="land",
            data=land,
            filled=True,
            stroked=True,
            get_fill_color=LAND_RGB,
            get_line_color=COAST_RGB,
            line_width_units="common",
            get_line_width=view.common(1),
            line_width_min_pixels=1,
            line_width_max_pixels=1,
            pickable=False,
        ),
    ]


def deck(view: View, layers: Sequence[pdk.Layer]) -> pdk.Deck:
    """A deck with the base map under `layers`; every pickable row carries its own `tooltip` text.

    Sizes are in deck.gl's "common" units (View.common) clamped by *_min_pixels / *_max_pixels:
    right at the initial zoom, growing a little when zooming in. Headless Chromium's software
    WebGL (SwiftShader) draws "pixels" and "meters" units as if they were "common" (2**zoom times
    too big: one pixel becomes 500 at zoom 9), so screenshots and browser tests would show
    nonsense; common units draw the same everywhere.
    """
    state = pdk.ViewState(
        longitude=view.longitude, latitude=view.latitude, zoom=view.zoom, min_zoom=view.min_zoom, max_zoom=view.max_zoom, pitch=0, bearing=0
    )
    url = basemap_url()
    return _CompactDeck(
        layers=[*base_layers(data.land_geojson(LAND_FILE), view), *layers],
        initial_view_state=state,
        map_provider=None,
        # Without a configured base map, map_style stays pydeck's "__MAP_STYLE__" sentinel, for which
        # Streamlit draws no base map; an explicit map_style=None would make it load CARTO's instead.
        **({"map_style": tile_style(url)} if url else {}),
        tooltip={"text": "{tooltip}", "style": TOOLTIP_STYLE},
    )


def segmented_ui(key: str, label: str, options: Sequence[str], default: str, format_func) -> str:
    """One of a few options as buttons in the page, kept in the URL as its code (?measure=teu)."""
    seed_from_url(key, list(options), default)
    choice = st.segmented_control(label, list(options), format_func=format_func, key=key, required=True)
    choice = choice if choice in options else default
    keep_in_url(key, choice, default)
    return choice


def size_ui(ctx: PageContext) -> str:
    """What the port circles are sized by: clearance declarations or fresh-produce consignments."""
    return segmented_ui("size", ctx.t("maps.size_by"), list(PORT_MEASURES), "declarations", lambda m: ctx.t(f"maps.{m}"))


def tooltip_text(title: str, lines: Iterable[tuple[str, str]]) -> str:
    """Tooltip text: the name, then one "label: value" per line. Streamlit escapes field values in
    an html tooltip, so the deck's tooltip is plain text (newlines break lines there)."""
    return "\n".join([title, *(f"{label}: {value}" for label, value in lines)])


def scaled(values: pd.Series, largest: float, smallest_px: float, largest_px: float) -> pd.Series:
    """Sizes in pixels growing like the square root of the value (circle areas, not radii, are
    proportional), so big values do not swamp the map. Convert with View.common."""
    if largest <= 0:
        return pd.Series(smallest_px, index=values.index)
    return smallest_px + (largest_px - smallest_px) * (values.clip(lower=0) / largest).map(math.sqrt)


def map_card(
    ctx: PageContext,
    title: str,
    chart: pdk.Deck,
    table: pd.DataFrame,
    file_stem: str,
    legend: str,
    notes: Sequence[str] = (),
    beside: bool = True,
    height: int = 520,
) -> None:
    """A map with the table of its numbers (beside it, or in a tab), CSV download, legend, notes and attribution."""
    with st.container(border=True):
        st.subheader(title, anchor=False)
        if beside:
            map_column, table_column = st.columns([3, 2])
        else:
            map_column, table_column = st.tabs([ctx.t("maps.map"), ctx.t("card.table")])
        with map_column:
            st.pydeck_chart(chart, height=height, key=f"map-{file_stem}", alt=f"{title}. {legend}")
        with table_column:
            st.dataframe(table, hide_index=True, width="stretch", height=height - 50 if beside else "auto")
            exports.table_download(ctx, title, table, file_stem, exports.origin(ctx, file_stem))
        st.markdown(legend)
        for note in notes:
            st.caption(note)
        attribution = ctx.t("app.footer_land")
        if basemap_url():
            attribution += " · " + ctx.t("maps.basemap_configured")
        st.caption(attribution)


# --- rail routes -----------------------------------------------------------------------------

RAIL_ORIGIN = "SZ_PINGHUSOUTH"
RAIL_MEASURES = ("trains", "teu", "tonnes", "value_cny")
RAIL_UNITS = {"trains": ("trains", 0), "teu": ("teu", 0), "tonnes": ("tonnes", 0), "value_cny": ("cny", 0)}


@dataclass(frozen=True)
class RouteMap:
    deck: pdk.Deck
    table: pd.DataFrame
    missing: tuple[str, ...]  # "name (volume)" of places with no coordinates in the reference
    legend: str


def rail_measure_label(ctx: PageContext, measure: str) -> str:
    """Column and axis label: "Cargo weight (t)"; trains and TEU are their own units."""
    name = ctx.t(f"rail.measure.{measure}")
    return name if measure in ("trains", "teu") else f"{name} ({ctx.t('unit.' + RAIL_UNITS[measure][0])})"


def _coordinates(place_id: str) -> list[float] | None:
    place = place_by_id().get(place_id)
    if not place or not place.get("lon") or not place.get("lat"):
        return None
    return [float(place["lon"]), float(place["lat"])]


def _objects(values: list[Any], index: pd.Index) -> pd.Series:
    """A column of [lon, lat] lists (or None), kept as Python objects."""
    return pd.Series(values, index=index, dtype=object)


def _volume_lines(ctx: PageContext, row: pd.Series) -> list[tuple[str, str]]:
    return [(ctx.t(f"rail.measure.{m}"), i18n.format_value(float(row[m]), *RAIL_UNITS[m], ctx.lang)) for m in RAIL_MEASURES]


def rail_routes(ctx: PageContext, pairs: pd.DataFrame, measure: str) -> RouteMap:
    """Routes origin (Pinghu South, Shenzhen) -> border crossing -> destination.

    pairs: rail_summary(grain=None, by=("border_crossing", "destination_city")) — one row per
    crossing x destination with trains, teu, tonnes, value_cny. Arc widths follow `measure`.
    Destinations or crossings with no coordinates in the reference are not drawn; they are returned
    in `missing` for the caption, and the domestic leg still counts their trains.
    """
    name = lambda code: display_name("place", code, ctx.lang)  # noqa: E731
    origin = _coordinates(RAIL_ORIGIN)
    crossings = pairs.groupby("border_crossing", as_index=False)[list(RAIL_MEASURES)].sum()
    destinations = pairs.groupby("destination_city", as_index=False)[list(RAIL_MEASURES)].sum()
    largest = float(crossings[measure].max()) if not crossings.empty else 0.0

    domestic = crossings.assign(
        source=_objects([origin] * len(crossings), crossings.index),
        target=_objects([_coordinates(c) for c in crossings["border_crossing"]], crossings.index),
    )
    domestic = domestic[domestic["target"].notna()]
    domestic = domestic.assign(
        width=RAIL_VIEW.common(scaled(domestic[measure], largest, 1.5, 12)),
        tooltip=[
            tooltip_text(f"{name(RAIL_ORIGIN)} → {name(c)}", _volume_lines(ctx, r))
            for c, (_, r) in zip(domestic["border_crossing"], domestic.iterrows(), strict=True)
        ],
    )
    abroad = pairs.assign(
        source=_objects([_coordinates(c) for c in pairs["border_crossing"]], pairs.index),
        target=_objects([_coordinates(d) for d in pairs["destination_city"]], pairs.index),
    )
    abroad = abroad[abroad["source"].notna() & abroad["target"].notna()]
    abroad = abroad.assign(
        width=RAIL_VIEW.common(scaled(abroad[measure], largest, 1.5, 12)),
        tooltip=[
            tooltip_text(f"{name(c)} → {name(d)}", _volume_lines(ctx, r))
            for c, d, (_, r) in zip(abroad["border_crossing"], abroad["destination_city"], abroad.iterrows(), strict=True)
        ],
    )

    def point(position, colour, radius: float, title: str, kind: str, row: pd.Series) -> dict:
        lines = [(ctx.t("maps.kind_label"), ctx.t(f"maps.kind.{kind}")), *_volume_lines(ctx, row)]
        return {"position": position, "colour": colour, "radius": RAIL_VIEW.common(radius), "tooltip": tooltip_text(title, lines)}

    origin_row = pd.Series({m: pairs[m].sum() for m in RAIL_MEASURES})
    points = [point(origin, RED_RGB, 7, name(RAIL_ORIGIN), "rail_terminal", origin_row)]
    for frame, column, colour, kind in (
        (crossings, "border_crossing", BLUE_RGB, "border_crossing"),
        (destinations, "destination_city", ORANGE_RGB, "destination"),
    ):
        for code, row in frame.set_index(column).iterrows():
            if (position := _coordinates(code)) is not None:
                points.append(point(position, colour, 6, name(code), kind, row))

    columns = ["border_crossing", "destination_city", *RAIL_MEASURES, "width", "tooltip"]
    arc = {
        "get_source_position": "source",
        "get_target_position": "target",
        "get_width": "width",
        "width_units": "common",
        "width_min_pixels": 1,
        "width_max_pixels": 40,
        "great_circle": True,
        "get_height": 0,  # flat: great circles on the map, not arcs rising off it
        "pickable": True,
        "auto_highlight": True,
    }
    layers = [
        pdk.Layer(
            "ArcLayer",
            id="rail-domestic",
            data=domestic[["border_crossing", *RAIL_MEASURES, "source", "target", "width", "tooltip"]].to_dict("records"),
            get_source_color=[*RED_RGB, 200],
            get_target_color=[*BLUE_RGB, 220],
            **arc,
        ),
        pdk.Layer(
            "ArcLayer",
            id="rail-routes",
            data=abroad[[*columns[:2], "source", "target", *columns[2:]]].to_dict("records"),
            get_source_color=[*BLUE_RGB, 220],
            get_target_color=[*ORANGE_RGB, 230],
            **arc,
        ),
        pdk.Layer(
            "ScatterplotLayer",
            id="rail-places",
            data=points,
            get_position="position",
            get_fill_color="colour",
            get_radius="radius",
            radius_units="common",
            radius_min_pixels=4,
            radius_max_pixels=14,
            **WHITE_OUTLINE,
            pickable=True,
        ),
    ]

    missing = [
        f"{name(code)} ({i18n.format_value(float(value), *RAIL_UNITS[measure], ctx.lang)})"
        for frame, column in ((crossings, "border_crossing"), (destinations, "destination_city"))
        for code, value in zip(frame[column], frame[measure], strict=True)
        if _coordinates(code) is None
    ]
    table = pd.DataFrame(
        {
            ctx.t("rail.crossing"): [name(c) for c in pairs["border_crossing"]],
            ctx.t("rail.destination"): [name(d) for d in pairs["destination_city"]],
            **{rail_measure_label(ctx, m): pairs[m].round(0) for m in RAIL_MEASURES},
        }
    ).sort_values(rail_measure_label(ctx, measure), ascending=False)
    legend = ctx.t("maps.rail_legend", measure=ctx.t(f"rail.measure.{measure}"))
    return RouteMap(deck(RAIL_VIEW, layers), table, tuple(missing), legend)


# --- ports -----------------------------------------------------------------------------------

PORT_PLACE_PREFIXES = ("SZ_", "GD_")  # Shenzhen ports, crossings, terminal; GBA combination-port cities
PORT_MEASURES = {"declarations": "declarations", "consignments": "consignments"}


def port_places() -> list[dict[str, str]]:
    """Every Shenzhen port, crossing and terminal and every Guangdong combination-port city in the reference."""
    return [p for p in place_by_id().values() if p["place_id"].startswith(PORT_PLACE_PREFIXES)]


@dataclass(frozen=True)
class PortMap:
    deck: pdk.Deck
    table: pd.DataFrame
    legend: str


def ports_map(ctx: PageContext, declarations: pd.DataFrame, consignments: pd.DataFrame, size_by: str) -> PortMap:
    """Places sized by throughput in the period.

    declarations: clearance_summary(grain=None, by=("customs_code",)) — one row per customs code;
    every place of a code shows the code's total (Shekou, Chiwan and Mawan share 5304).
    consignments: fresh_summary(grain=None, by=("port",)) — one row per port (place id).
    Places with no throughput in `size_by` are drawn small and grey.
    """
    by_code = dict(zip(declarations.get("customs_code", []), declarations.get("declarations", []), strict=True))
    by_port = dict(zip(consignments.get("port", []), consignments.get("consignments", []), strict=True))
    sharing = pd.Series([p["customs_code"] for p in place_by_id().values() if p["customs_code"]]).value_counts().to_dict()
    rows = []
    for place in port_places():
        code = place["customs_code"]
        row = {
            "place_id": place["place_id"],
            "name": display_name("place", place["place_id"], ctx.lang),
            "kind": ctx.t(f"maps.kind.{place['kind']}"),
            "customs_code": code,
            "code_name": display_name("customs_code", code, ctx.lang) if code else "",
            "declarations": float(by_code.get(code, 0)) if code else 0.0,
            "consignments": float(by_port.get(place["place_id"], 0)),
            "shared_by": int(sharing.get(code, 0)) if code else 0,
            "position": [float(place["lon"]), float(place["lat"])],
        }
        lines = [(ctx.t("maps.kind_label"), row["kind"])]
        if code:
            lines.append((ctx.t("maps.customs_code"), f"{code} {row['code_name']}"))
            declared = i18n.format_value(row["declarations"], "declarations", 0, ctx.lang)
            lines.append(
                (
                    ctx.t("maps.declarations"),
                    declared + (" " + ctx.t("maps.code_total", n=row["shared_by"]) if row["shared_by"] > 1 else ""),
                )
            )
        if row["consignments"] or place["kind"] == "land_port":
            lines.append((ctx.t("maps.consignments"), i18n.format_value(row["consignments"], "consignments", 0, ctx.lang)))
        row["tooltip"] = tooltip_text(row["name"], lines)
        rows.append(row)
    frame = pd.DataFrame(rows)
    active = frame[frame[size_by] > 0].sort_values(size_by, ascending=False)
    quiet = frame[frame[size_by] <= 0]
    active = active.assign(
        radius=PORT_VIEW.common(scaled(active[size_by], float(active[size_by].max()) if not active.empty else 0.0, 5, 20))
    )
    columns = ["place_id", "name", "kind", "customs_code", "declarations", "consignments", "position", "tooltip"]
    common = {"get_position": "position", "radius_units": "common", **WHITE_OUTLINE, "pickable": True, "auto_highlight": True}
    layers = [
        pdk.Layer(
            "ScatterplotLayer",
            id="places-without-throughput",
            data=quiet[columns].to_dict("records"),
            get_fill_color=[*GREY_RGB, 200],
            get_radius=PORT_VIEW.common(4),
            radius_min_pixels=4,
            radius_max_pixels=4,
            **common,
        ),
        pdk.Layer(
            "ScatterplotLayer",
            id="ports-throughput",
            data=active[[*columns, "radius"]].to_dict("records"),
            get_fill_color=[*BLUE_RGB, 170],
            get_radius="radius",
            radius_min_pixels=4,
            radius_max_pixels=60,
            **common,
        ),
    ]
    declarations_label = f"{ctx.t('maps.declarations')} ({ctx.t('maps.code_total_short')})"
    table = (
        frame.sort_values([size_by, "declarations", "consignments"], ascending=False)
        .assign(customs_code=lambda f: f["customs_code"].where(f["customs_code"] != "", "—"))[
            ["name", "declarations", "consignments", "customs_code", "kind"]
        ]
        .rename(
            columns={
                "name": ctx.t("maps.place"),
                "kind": ctx.t("maps.kind_label"),
                "customs_code": ctx.t("maps.customs_code"),
                "declarations": declarations_label,
                "consignments": ctx.t("maps.consignments"),
            }
        )
    )
    legend = ctx.t("maps.ports_legend", measure=ctx.t(f"maps.{size_by}"))
    return PortMap(deck(PORT_VIEW, layers), table, legend)
