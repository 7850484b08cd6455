"""Entry point and router: page config, language switch, navigation over the page registry;
presenter mode (?present=...) runs pages/present.py alone.

Run with `make run`. Pages live in pages/ and are listed in dashboard/pages.py.
A store that fails while a page reads it ends that page with one message in its language, not a traceback.
"""

import streamlit as st

from dashboard import i18n
from dashboard.components import a11y, identity
from dashboard.components.shell import language_ui
from dashboard.context import current_language, store_message
from dashboard.data import StoreError
from dashboard.pages import PAGES
from loaders.paths import DATASETS_DIR

# The title is each page's own (identity.set_identity, below, once the page is known).
st.set_page_config(page_icon=str(DATASETS_DIR / "assets" / "favicon.png"), layout="wide")

if "present" in st.query_params:  # presenter mode (?present=<session id>): one chrome-free page, no menu
    title = i18n.t(current_language(), "training.present")
    a11y.a11y_styles()
    identity.set_identity(current_language(), title, i18n.t(current_language(), "identity.description.present"))
    try:
        st.navigation([st.Page("pages/present.py", title=title, default=True)], position="hidden").run()
    except StoreError as error:
        st.error(store_message(current_language(), error), icon=":material/database:")
    st.stop()

lang = language_ui()
a11y.a11y_styles()
sections: dict[str, list] = {}
specs = {}
for index, spec in enumerate(PAGES):
    page = st.Page(spec.script, title=i18n.t(lang, spec.title_key), url_path=spec.url_path, icon=spec.icon, default=index == 0)
    sections.setdefault(i18n.t(lang, spec.section_key), []).append(page)
    specs[page.url_path] = spec

try:
    current = st.navigation(sections)
    spec = specs.get(current.url_path, PAGES[0])
    identity.set_identity(lang, i18n.t(lang, spec.title_key), identity.page_description(lang, spec.url_path))
    current.run()
except StoreError as error:
    st.error(store_message(lang, error), icon=":material/database:")
