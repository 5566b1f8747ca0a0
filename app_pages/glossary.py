"""Glossaire: every term the pages use, its plain-language definition and the pages where it appears."""

import streamlit as st

from mututrack import ui
from mututrack.catalogue import glossary
from mututrack.i18n import language, literal, t
from mututrack.ui.glossary import page_links

ui.page_header(t("glossary.title"), t("glossary.caption"), filtered=False)


@st.fragment
def terms() -> None:
    """The search box and the terms it finds: typing reruns this part of the page only."""
    query = st.text_input(t("glossary.search"), key="glossary_search", type="search", live=True,
                          placeholder=t("glossary.search_placeholder"), help=t("glossary.search_help"))
    asked, total = (query or "").strip(), len(glossary.terms())
    found = glossary.entries(language(), asked)
    if found.empty:
        st.info(t("glossary.none", query=literal(asked), total=total), icon=":material/search_off:")
        return
    st.caption(t("glossary.found", count=len(found), total=total, query=literal(asked)) if asked
               else t("glossary.count", count=len(found)))
    for letter, group in found.groupby("letter", sort=False):
        st.header(letter)  # h2 under the page's h1 title; each term an h3 under its letter
        for entry in group.itertuples():
            st.subheader(entry.name, anchor=entry.term)
            st.markdown(literal(entry.definition))
            st.caption(t("glossary.other_language", name=literal(entry.other_name)))
            page_links(entry.pages)


terms()
