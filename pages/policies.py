"""The 15 measures for the public: search in any language, browse by area, open a measure.

Policy content is static (datasets/policies/), so this page reads no database: it works even
where the store is missing. Search is bound to ?q= so a search can be shared as a link.
"""

from functools import partial

import streamlit as st

from dashboard import i18n, policies
from dashboard.components import reading_mode
from dashboard.components.reading_mode import url_params as reading_params
from dashboard.context import current_language
from dashboard.policies import escape_markdown
from dashboard.policies.search import place_notes
from dashboard.views import policies as views

# --- title and search box --------------------------------------------------------------
lang = current_language()
t = partial(i18n.t, lang)
source = policies.source()
st.title(t("page.policies"))
st.caption(
    t(
        "policies.source",
        publisher=escape_markdown(source.publisher),
        title=escape_markdown(source.title),
        date=source.published.isoformat(),
    )
)
st.markdown(t("policies.intro"))
views.guide_link(lang, "guide.try_guide")
query = st.text_input(
    t("policies.search_label"),
    key="q",
    bind="query-params",
    placeholder=t("policies.search_placeholder"),
    help=None if reading_mode.is_on() else t("policies.search_help"),
    icon=":material/search:",
)
if reading_mode.is_on():  # no tooltips in reading mode: the help is text
    st.caption(t("policies.search_help"))
query = (query or "").strip()

# --- data ------------------------------------------------------------------------------
results = policies.search(query, lang) if query else []


def measure_link(item: policies.Measure) -> None:
    label = t("policies.measure_heading", n=item.number, title=escape_markdown(i18n.pick(lang, item.title)))
    st.page_link(
        "pages/measure.py",
        label=label,
        icon=":material/description:",
        query_params={"measure": item.number, "lang": lang, **reading_params()},
    )


# --- search results ----------------------------------------------------------------------
if query:
    st.header(t("policies.results", query=escape_markdown(query), count=len(results)), anchor=False)
    for word in place_notes(query):  # a city outside Shenzhen: say whose customs office it is
        st.info(t("guide.outside_search", word=escape_markdown(word)), icon=":material/location_away:")
        views.guide_link(lang, "page.guide", where="elsewhere")
    if not results:
        st.info(t("policies.no_results", query=escape_markdown(query)), icon=":material/search_off:")
        views.guide_link(lang, "guide.try_guide")
    for result in results:
        with st.container(border=True, key=f"result-{result.measure.number}"):
            st.markdown(f"**{t('policies.measure_n', n=result.measure.number)}** · {result.title}")
            st.markdown(result.snippet)
            st.caption(
                t("policies.matched_via", word=escape_markdown(result.via))
                if result.field == "related"
                else t("policies.matched_in", field=t(f"policies.field.{result.field}"))
            )
            st.page_link(
                "pages/measure.py",
                label=t("policies.open_measure"),
                icon=":material/arrow_forward:",
                query_params={"measure": result.measure.number, "lang": lang, **reading_params()},
            )

# --- browse by area ----------------------------------------------------------------------
st.header(t("policies.browse"), anchor=False)
for area_id, items in policies.by_area().items():
    area = policies.areas()[area_id]
    label = (
        t("policies.area_heading", n=area_id, title=escape_markdown(i18n.pick(lang, area.title)))
        + f" · {t('policies.measure_count', count=len(items))}"
    )
    with st.expander(label, expanded=not query):
        for item in items:
            with st.container(border=True):
                measure_link(item)
                st.markdown(escape_markdown(i18n.pick(lang, item.summary)))
st.caption(t("policies.plain_note"))
