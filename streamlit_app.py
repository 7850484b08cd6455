"""Entry point and router: page config, navigation over the page registry, language switch;
presenter mode (?present=...) runs pages/present.py alone.

Run with `make run`. Pages live in pages/ and are listed in dashboard/pages.py (the st.Page list:
dashboard/navigation.py). Navigation comes first in every run, before anything slower, so the menu
the browser shows is the app's own from the start.
A store that fails while a page reads it ends that page with one message in its language, not a traceback.
"""

import streamlit as st

from dashboard import i18n, navigation
from dashboard.components import a11y, identity
from dashboard.components.shell import language_ui
from dashboard.context import current_language, store_message
from dashboard.data import StoreError
from loaders.paths import DATASETS_DIR

# The title is each page's own (identity.set_identity, below, once the page is known).
st.set_page_config(page_icon=str(DATASETS_DIR / "assets" / "favicon.png"), layout="wide")

with navigation.routed():
    lang = current_language()
    if "present" in st.query_params:  # presenter mode (?present=<session id>): one chrome-free page, no menu
        title = i18n.t(lang, "training.present")
        current = st.navigation(navigation.presenter_pages(title), position="hidden")
        a11y.a11y_styles()
        identity.set_identity(lang, title, i18n.t(lang, "identity.description.present"))
        try:
            current.run()
        except StoreError as error:
            st.error(store_message(lang, error), icon=":material/database:")
        st.stop()

    app = navigation.app_pages(lang)
    current = st.navigation(app.sections)
    navigation.send_alias_to_root(app, current)
    lang = language_ui()
    a11y.a11y_styles()
    a11y.streamlit_words(lang)
    spec = app.spec_by_url_path[current.url_path]
    try:
        identity.set_identity(lang, i18n.t(lang, spec.title_key), identity.page_description(lang, spec.url_path))
        current.run()
    except StoreError as error:
        st.error(store_message(lang, error), icon=":material/database:")
