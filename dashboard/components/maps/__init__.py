"""Offline maps with pydeck (see maps.base for the base map and its setting): the rail route map
(maps.rail), the port map (maps.ports) and the card that draws either (maps.map_card). Pages use
the names below."""

from dashboard.components.maps.base import BASEMAP_URL_ENV, basemap_url
from dashboard.components.maps.map_card import map_card, segmented_ui, size_ui
from dashboard.components.maps.ports import PORT_MEASURES, PortMap, map_points, port_places, ports_map
from dashboard.components.maps.rail import RAIL_MEASURES, RouteMap, rail_measure_label, rail_routes

__all__ = [
    "BASEMAP_URL_ENV",
    "PORT_MEASURES",
    "RAIL_MEASURES",
    "PortMap",
    "RouteMap",
    "basemap_url",
    "map_card",
    "map_points",
    "port_places",
    "ports_map",
    "rail_measure_label",
    "rail_routes",
    "segmented_ui",
    "size_ui",
]
