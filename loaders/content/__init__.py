"""Content files under datasets/ read and checked: the one content reader (reader), the indicator
registry's schema (registry_schema), reference data (reference) and the calendar of marked dates
(calendar_dates). Nothing here knows datasets or the store.

May import: the shared modules only (loaders.constants, loaders.paths, loaders.settings,
loaders.safe_csv).
"""
