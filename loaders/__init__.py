"""Data layer of the dashboard: contracts, readers, validation, store, loads and aggregates.

Nothing here imports Streamlit; every function that touches the database takes an engine.
"""

LOADER_VERSION = "0.1.0"
