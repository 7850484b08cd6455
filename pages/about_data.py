"""About the data: what each dataset holds, how current it is, and whether it is demo data."""

import streamlit as st

from dashboard import data

st.title("关于数据 · About the data")

url = data.current_url()
version = data.store_version(url)
status = data.dataset_status(url, version)

if status["demo_rows"].gt(0).any():
    st.warning("演示数据 / Demo data: rows marked demo are synthetic, generated for demonstration.")

status = status.assign(status=status.apply(lambda r: "demo" if r["demo_rows"] == r["rows"] and r["rows"] else ("mixed" if r["demo_rows"] else "real"), axis=1))
st.dataframe(status, hide_index=True, width="stretch")

st.subheader("加载记录 · Loads (provenance)")
st.dataframe(data.load_history(url, version), hide_index=True, width="stretch")
