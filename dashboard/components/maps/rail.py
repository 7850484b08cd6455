"""The China–Europe rail route map: Pinghu South (Shenzhen) -> border crossing -> destination,
arcs sized by the chosen measure, places in tooltips."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd
import pydeck as pdk

from dashboard import i18n
from dashboard.components.maps.base import BLUE_RGB, ORANGE_RGB, RED_RGB, WHITE_OUTLINE, View, deck, scaled, tooltip_text
from dashboard.context import PageContext
from loaders.content.reference import display_name, place_by_id

RAIL_VIEW = View(longitude=66.0, latitude=45.0, zoom=2.3, max_zoom=8.0)  # Shenzhen to the Rhine in ~900 px
RAIL_ORIGIN = "SZ_PINGHUSOUTH"
RAIL_MEASURES = ("trains", "teu", "tonnes", "value_cny")
RAIL_UNITS = {"trains": ("trains", 0), "teu": ("teu", 0), "tonnes": ("tonnes", 0), "value_cny": ("cny", 0)}


@dataclass(frozen=True)
class RouteMap:
    deck: pdk.Deck
    table: pd.DataFrame
    missing: tuple[str, ...]  # "name (volume)" of places with no coordinates in the reference
    legend: str
    places: tuple[str, ...] = ()  # every place drawn, named under the map (phones have no hover)


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
        return {
            "position": position,
            "colour": colour,
            "radius": RAIL_VIEW.common(radius),
            "tooltip": tooltip_text(title, lines),
            "name": title,
        }

    origin_row = pd.Series({m: pairs[m].sum() for m in RAIL_MEASURES})
    points = [point(origin, RED_RGB, 7, name(RAIL_ORIGIN), "rail_terminal", origin_row)]
    for frame, column, colour, kind in (
        (crossings, "border_crossing", BLUE_RGB, "border_crossing"),
        (destinations, "destination_city", ORANGE_RGB, "destination"),
    ):
        for code, row in frame.set_index(column).iterrows():
            if (position := _coordinates(str(code))) is not None:
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
    return RouteMap(deck(RAIL_VIEW, layers), table, tuple(missing), legend, tuple(dict.fromkeys(p["name"] for p in points)))
