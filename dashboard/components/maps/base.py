"""The base of every map: offline maps with pydeck over a bundled land base map (or an approved
tile base map), no tiles by default, names in tooltips; colours, sizes in common units, tooltips.

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
from pydeck.bindings.json_tools import default_serialize

from dashboard import data
from dashboard.components import charts
from loaders import settings

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
