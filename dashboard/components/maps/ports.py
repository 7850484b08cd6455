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
        row: dict[str, Any] = {
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
