"""The store and what writes to it: engines and their checks (engines), the provenance tables
(tables), one writer at a time and its transaction (locks), staging and merging on the natural
key (staging, postgres_bulk), values a column cannot hold (limits), loads (load), retirements
(retire) and the demo store (demo).

May import: loaders.read, loaders.contracts, loaders.content, loaders.demo and the shared modules
(loaders.constants, loaders.paths, loaders.settings, loaders.safe_csv).
"""
