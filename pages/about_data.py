"""About the data, for the public: where the numbers come from in plain words, each dataset's status
and the published figures with their sources. The operator details (contracts, the provenance of
every load with file hashes, the commands that load real files) sit behind an expander titled for
data stewards, until an internal side exists."""

import streamlit as st

from dashboard import data
from dashboard.components.shell import page_header
from dashboard.context import page_context
from dashboard.views import about_data as view
from loaders.contracts.datasets import CONTRACTS

# --- title ---------------------------------------------------------------------------
ctx = page_context()
page_header(ctx, "page.about_data", *CONTRACTS)
st.markdown(ctx.t("about_page.plain_intro"))

# --- data ----------------------------------------------------------------------------
history = data.load_history(ctx.url, ctx.version)
published = data.series(ctx.url, ctx.version, (), (), False)

# --- components ----------------------------------------------------------------------
view.status_section(ctx, CONTRACTS)
view.published_section(ctx, published)
view.data_contact_section(ctx)
with st.expander(ctx.t("about_page.operators"), icon=":material/admin_panel_settings:"):
    st.markdown(ctx.t("about_page.intro"))
    view.contracts_section(ctx, CONTRACTS)
    view.loads_section(ctx, history, CONTRACTS)
    view.how_to_load_section(ctx, CONTRACTS)
