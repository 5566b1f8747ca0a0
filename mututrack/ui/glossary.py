"""The glossary where it helps: a key figure's tooltip is the glossary's definition of its term
(:func:`term_help`), and the Glossaire page links each term to the pages where it appears
(:func:`page_links`)."""

from __future__ import annotations

from collections.abc import Iterable

import streamlit as st

from mututrack import auth, i18n
from mututrack.catalogue import glossary
from mututrack.i18n import t
from mututrack.ui.access import role
from mututrack.ui.navigation import page_path

__all__ = ["PAGE_TITLES", "term_help", "page_links"]

# Page -> the i18n key of its title, as dashboard.PAGES names it (a test keeps the two the same).
PAGE_TITLES = {
    "overview": "nav.overview",
    "present": "nav.present",
    "involvement": "involvement.nav.involvement",
    "concertation": "involvement.nav.concertation",
    "network": "involvement.nav.network",
    "proposals": "involvement.nav.proposals",
    "participation": "involvement.nav.participation",
    "qvt": "qvt.nav.qvt",
    "careers": "qvt.nav.careers",
    "comments": "qvt.nav.comments",
    "pack": "nav.pack",
    "actions": "nav.actions",
    "import": "ingest.nav.import",
    "audit": "nav.audit",
    "settings": "nav.settings",
    "glossary": "nav.glossary",
}


def term_help(term: str, *more: str) -> str:
    """The tooltip of a figure: the glossary's definition of ``term`` in the UI language, then the
    sentences ``more`` that are about this figure only ("Variation : depuis 7 jours.")."""
    return " ".join([glossary.definition(term, i18n.language()), *more])


def page_links(pages: Iterable[str]) -> None:
    """Links to the ``pages`` where a term appears, those the user's role may open, in one row."""
    allowed = [page for page in pages if auth.allowed(role(), page)]
    if not allowed:
        return
    with st.container(horizontal=True, gap="small", vertical_alignment="center"):
        st.caption(t("glossary.where"), width="content")
        for page in allowed:
            st.page_link(page_path(page), label=t(PAGE_TITLES[page]), icon=":material/arrow_forward:")
