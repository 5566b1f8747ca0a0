"""The only library module that imports streamlit: the store, cached views, filters and shared bits.

Pages call :func:`view` for their data (cached on the store's ``data_version()``, the filters and the
language, so an import is seen by every session at its next run) and the small helpers below to
render it the same way everywhere.
"""

from __future__ import annotations

import importlib
import json
import os
import threading
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from mututrack import i18n
from mututrack.filters import Filters
from mututrack.i18n import t
from mututrack.store import Store, default_db_path, open_store
from mututrack.views import VIEWS

__all__ = [
    "store",
    "ensure_data",
    "view",
    "filters",
    "sidebar",
    "role",
    "page_header",
    "plot",
    "table",
    "hidden_note",
    "demo_banner",
    "ALL",
]

ALL = "tous"  # the "no filter" option; its value never reaches the URL (it is the default)
ROLES = ("hr", "director", "council")
_first_start = threading.Lock()


def store() -> Store:
    """The process-wide store of ``MUTUTRACK_DB`` (one read-write connection per process)."""
    return open_store(default_db_path())


def ensure_data() -> None:
    """On the very first start, fill an empty store with the small demo territory, with progress."""
    if not store().is_empty():
        return
    with _first_start:
        if not store().is_empty():
            return
        from mututrack import demo

        bar = st.progress(0.0, text=t("ui.demo.creating"))
        demo.generate(store(), scale="small", progress=lambda step, done: bar.progress(min(done, 1.0), text=step))
        bar.empty()


@st.cache_data(show_spinner=False, max_entries=1024)
def _cached_view(name: str, db_path: str, version: int, filters_key: str, lang: str) -> dict[str, Any]:
    i18n.set_language(lang)
    module = importlib.import_module(VIEWS[name])
    return module.compute(store(), Filters(**json.loads(filters_key)))


def view(name: str, chosen: Filters | None = None) -> dict[str, Any]:
    """The data of the view ``name`` for the filters, computed once per data version and language."""
    current = store()
    chosen = chosen or filters()
    return _cached_view(name, current.path, current.data_version(), chosen.key(), i18n.language())


def filters() -> Filters:
    """The filters chosen in the sidebar (kept in the URL, so a link reproduces the view)."""
    picked = {name: st.session_state.get(name, ALL) for name in ("project", "entity", "category", "wave")}
    return Filters(**{k: (None if v in (None, ALL) else v) for k, v in picked.items()})


def _select(name: str, options: dict[str, str], label: str, all_label: str) -> None:
    choices = [ALL, *options]
    st.selectbox(
        label,
        choices,
        key=name,
        format_func=lambda value: all_label if value == ALL else options.get(value, value),
        bind="query-params",
    )


def sidebar() -> None:
    """The language switch and the shared filters, in the sidebar, each bound to the URL."""
    with st.sidebar:
        st.selectbox(
            "Langue / Language",
            list(i18n.LANGUAGES),
            key="lang",
            format_func={"fr": "Français", "en": "English"}.get,
            bind="query-params",
        )
        i18n.set_language(st.session_state.get("lang", "fr"))
        options = view("filters", Filters())
        st.subheader(t("ui.filters.title"))
        _select("project", options["projects"], t("ui.filters.project"), t("ui.filters.all_projects"))
        _select("entity", options["entities"], t("ui.filters.entity"), t("ui.filters.all_entities"))
        _select("category", options["categories"], t("ui.filters.category"), t("ui.filters.all_categories"))
        _select("wave", options["waves"], t("ui.filters.wave"), t("ui.filters.latest_wave"))


def role() -> str:
    """The role of the current user: ``hr``, ``director`` or ``council``.

    On one office machine with no identity provider it comes from ``MUTUTRACK_ROLE`` (default
    ``hr``, the person who installed the tool).
    """
    chosen = os.environ.get("MUTUTRACK_ROLE", "hr")
    return chosen if chosen in ROLES else "council"


def demo_banner() -> None:
    """The "données de démonstration" banner, shown on every page until real data is imported."""
    if store().is_demo():
        st.info(t("ui.demo.banner"), icon=":material/science:")


def page_header(title: str, caption: str) -> None:
    """A page title and the one line that says what the page measures."""
    st.title(title)
    st.caption(caption)


def plot(fig: go.Figure, *, key: str | None = None) -> None:
    """A chart with its own fonts and palette (Streamlit's theme would override them)."""
    st.plotly_chart(fig, theme=None, key=key, config={"displaylogo": False})


def table(frame: pd.DataFrame, **column_config: Any) -> None:
    """A read-only table without the row index."""
    st.dataframe(frame, hide_index=True, column_config=column_config or None)


def hidden_note(k: int = 5) -> None:
    """The reminder that groups under the anonymity threshold are masked, and why."""
    st.caption(t("ui.privacy.hidden_note", k=k))
