"""Entry point and router: page config, language switch, navigation over the page registry;
presenter mode (?present=...) runs pages/present.py alone.

Run with `make run`. Pages live in pages/ and are listed in dashboard/pages.py.
"""

import streamlit as st

from dashboard import i18n
from dashboard.components.shell import language_ui
from dashboard.context import current_language
from dashboard.pages import PAGES
from loaders.paths import DATASETS_DIR

st.set_page_config(page_title=i18n.t(i18n.DEFAULT_LANG, "app.title"), page_icon=str(DATASETS_DIR / "assets" / "favicon.png"), layout="wide")

if "present" in st.query_params:  # presenter mode (?present=<session id>): one chrome-free page, no menu
    title = i18n.t(current_language(), "training.present")
    st.navigation([st.Page("pages/present.py", title=title, default=True)], position="hidden").run()
    st.stop()

lang = language_ui()
sections: dict[str, list] = {}
for index, spec in enumerate(PAGES):
    page = st.Page(spec.script, title=i18n.t(lang, spec.title_key), url_path=spec.url_path, icon=spec.icon, default=index == 0)
    sections.setdefault(i18n.t(lang, spec.section_key), []).append(page)

st.navigation(sections).run()
