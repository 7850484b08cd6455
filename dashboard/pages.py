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
    PageSpec("pages/about_data.py", "page.about_data", "about-data", "nav.about", ":material/database:"),
)
