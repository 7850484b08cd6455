"""The 15 measures: content (loading and checking), search, and Markdown escaping, one module each.

`from dashboard import policies` then `policies.measures()`, `policies.search(...)`,
`policies.escape_markdown(...)` keeps working: this package re-exports each module's public names.

May import: the app core modules of dashboard/ and loaders.
"""

from dashboard.policies.content import (
    CHANNEL_ICONS,
    CHANNEL_KINDS,
    LANGS,
    OFFICIAL_HOST_SUFFIXES,
    POLICIES_DIR,
    TEXT_FIELDS,
    Area,
    Channel,
    ContentError,
    Measure,
    PolicyContentError,
    Source,
    Text,
    areas,
    by_area,
    channels,
    measure,
    measures,
    official_url,
    source,
)
from dashboard.policies.markdown import HIGHLIGHT, escape_markdown, highlight
from dashboard.policies.search import Query, SearchResult, fold, search, snippet

__all__ = [
    "CHANNEL_ICONS",
    "CHANNEL_KINDS",
    "HIGHLIGHT",
    "LANGS",
    "OFFICIAL_HOST_SUFFIXES",
    "POLICIES_DIR",
    "TEXT_FIELDS",
    "Area",
    "Channel",
    "ContentError",
    "Measure",
    "PolicyContentError",
    "Query",
    "SearchResult",
    "Source",
    "Text",
    "areas",
    "by_area",
    "channels",
    "escape_markdown",
    "fold",
    "highlight",
    "measure",
    "measures",
    "official_url",
    "search",
    "snippet",
    "source",
]
