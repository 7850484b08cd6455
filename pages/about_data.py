"""About the data: each dataset's contract and status, the provenance of every load, the published
figures with their sources, and how to load real files."""

import streamlit as st

from dashboard import data
from dashboard.components import contract_view as view
from dashboard.components.shell import page_header
from dashboard.context import page_context
from loaders.datasets import CONTRACTS

# --- title ---------------------------------------------------------------------------
ctx = page_context()
page_header(ctx, "page.about_data", *CONTRACTS)
st.markdown(ctx.t("about_page.intro"))

# --- data ----------------------------------------------------------------------------
history = data.load_history(ctx.url, ctx.version)
published = data.series(ctx.url, ctx.version, (), (), False)

# --- components ----------------------------------------------------------------------
view.status_section(ctx, CONTRACTS)
view.contracts_section(ctx, CONTRACTS)
view.loads_section(ctx, history, CONTRACTS)
view.published_section(ctx, published)
view.how_to_load_section(ctx, CONTRACTS)
