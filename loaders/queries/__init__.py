"""Aggregate queries. Each runs in the database and returns a small pandas frame of results.

Every function states its grain. Periods group on Shenzhen local calendar days; `grain` is one
of day, week (ISO, Monday start), month, quarter, year, or None for one total over the filter.

May import: loaders.store, loaders.contracts, loaders.content and the shared modules
(loaders.constants, loaders.paths, loaders.settings, loaders.safe_csv).
"""
