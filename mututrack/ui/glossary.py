"""The glossary where it helps: a key figure's tooltip is the glossary's definition of its term
(:func:`term_help`), and the Glossaire page links each term to the pages where it appears
(:func:`page_links`)."""

from __future__ import annotations

from collections.abc import Iterable

import streamlit as st

from mututrack import i18n
from mututrack.catalogue import glossary
from mututrack.i18n import t
from mututrack.ui.access import may_open
from mututrack.ui.navigation import PAGE_TITLES, page_path

__all__ = ["term_help", "page_links"]


def term_help(term: str, *more: str) -> str:
    """The tooltip of a figure: the glossary's definition of ``term`` in the UI language, then the
    sentences ``more`` that are about this figure only ("Variation : depuis 7 jours.")."""
    return " ".join([glossary.definition(term, i18n.language()), *more])


def page_links(pages: Iterable[str]) -> None:
    """Links to the ``pages`` where a term appears, those the user's role may open, in one row."""
    allowed = [page for page in pages if may_open(page)]
    if not allowed:
        return
    with st.container(horizontal=True, gap="small", vertical_alignment="center"):
        st.caption(t("glossary.where"), width="content")
        for page in allowed:
            st.page_link(page_path(page), label=t(PAGE_TITLES[page]), icon=":material/arrow_forward:")
