"""The port map: Shenzhen's ports, crossings and terminal and the GBA combination-port cities,
sized by clearance declarations or fresh-produce consignments in the period."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd
import pydeck as pdk

from dashboard import i18n
from dashboard.components.maps.base import BLUE_RGB, GREY_RGB, WHITE_OUTLINE, View, deck, scaled, tooltip_text
from dashboard.context import PageContext
from loaders.content.reference import display_name, place_by_id

PORT_VIEW = View(longitude=114.05, latitude=22.55, zoom=9.0, min_zoom=5.0, max_zoom=12.0)  # Shenzhen's ports in ~600 px
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
    places: tuple[str, ...] = ()  # every place drawn, named under the map (phones have no hover)


def map_points() -> list[list[dict[str, str]]]:
    """What the map draws: one point per place, except that places sharing a customs code (Shekou,
    Chiwan and Mawan under 5304) are one point for the office, since declarations are counted
    per code, not per place. In reference order."""
    groups: dict[str, list[dict[str, str]]] = {}
    for place in port_places():
        groups.setdefault(place["customs_code"] or place["place_id"], []).append(place)
    return list(groups.values())


def ports_map(ctx: PageContext, declarations: pd.DataFrame, consignments: pd.DataFrame, size_by: str) -> PortMap:
    """Places sized by throughput in the period.

    declarations: clearance_summary(grain=None, by=("customs_code",)) — one row per customs code,
    drawn once per code (map_points: the places that share a code are one office's point).
    consignments: fresh_summary(grain=None, by=("port",)) — one row per port (place id), summed
    over an office's places. Places with no throughput in `size_by` are drawn small and grey.
    """
    by_code = dict(zip(declarations.get("customs_code", []), declarations.get("declarations", []), strict=True))
    by_port = dict(zip(consignments.get("port", []), consignments.get("consignments", []), strict=True))
    rows = []
    for places in map_points():
        first = places[0]
        code = first["customs_code"]
        shared = len(places) > 1
        row: dict[str, Any] = {
            "place_id": "+".join(p["place_id"] for p in places),
            "name": display_name("customs_code", code, ctx.lang) if shared else display_name("place", first["place_id"], ctx.lang),
            "kind": ctx.t(f"maps.kind.{first['kind']}"),
            "customs_code": code,
            "code_name": display_name("customs_code", code, ctx.lang) if code else "",
            "declarations": float(by_code.get(code, 0)) if code else 0.0,
            "consignments": float(sum(by_port.get(p["place_id"], 0) for p in places)),
            "position": [sum(float(p["lon"]) for p in places) / len(places), sum(float(p["lat"]) for p in places) / len(places)],
        }
        lines = [(ctx.t("maps.kind_label"), row["kind"])]
        if shared:
            lines.append((ctx.t("maps.places_of_office"), "、".join(display_name("place", p["place_id"], ctx.lang) for p in places)))
        if code:
            lines.append((ctx.t("maps.customs_code"), f"{code} {row['code_name']}"))
            lines.append((ctx.t("maps.declarations"), i18n.format_value(row["declarations"], "declarations", 0, ctx.lang)))
        if row["consignments"] or first["kind"] == "land_port":
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
    declarations_label = ctx.t("app.label_note", label=ctx.t("maps.declarations"), note=ctx.t("maps.code_total_short"))
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
    return PortMap(deck(PORT_VIEW, layers), table, legend, tuple(table[ctx.t("maps.place")]))
