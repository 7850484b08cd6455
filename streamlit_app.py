"""Entry point: page config and navigation over the page registry. Run with `make run`."""

import streamlit as st

st.set_page_config(page_title="深圳跨境贸易便利化监测看板", layout="wide")

navigation = st.navigation([st.Page("pages/about_data.py", title="关于数据 · About the data", url_path="about-data")])
navigation.run()
