"""The page registry: the single source of the app's pages, their order, sections and URLs."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageSpec:
    script: str
    title_key: str
    url_path: str
    section_key: str
    icon: str


PAGES: tuple[PageSpec, ...] = (
    PageSpec("pages/overview.py", "page.overview", "overview", "nav.indicators", ":material/dashboard:"),
    PageSpec("pages/clearance.py", "page.clearance", "clearance", "nav.indicators", ":material/timer:"),
    PageSpec("pages/fresh_produce.py", "page.fresh_produce", "fresh_produce", "nav.indicators", ":material/nutrition:"),
    PageSpec("pages/seafood_lab.py", "page.seafood_lab", "seafood_lab", "nav.indicators", ":material/set_meal:"),
    PageSpec("pages/rail_tir.py", "page.rail_tir", "rail_tir", "nav.indicators", ":material/train:"),
    PageSpec("pages/ports_map.py", "page.ports_map", "ports_map", "nav.indicators", ":material/map:"),
    PageSpec("pages/guide.py", "page.guide", "guide", "nav.policies", ":material/explore:"),
    PageSpec("pages/policies.py", "page.policies", "policies", "nav.policies", ":material/gavel:"),
    PageSpec("pages/measure.py", "page.measure", "measure", "nav.policies", ":material/description:"),
    PageSpec("pages/training.py", "page.training", "training", "nav.training", ":material/live_tv:"),
    PageSpec("pages/about_data.py", "page.about_data", "about_data", "nav.about", ":material/database:"),
)
