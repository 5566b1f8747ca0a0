"""The store and the data pages show: cached views for the sidebar's filters, the slides chosen
for meetings, the observatory's positions.

Pages call :func:`view` for their data (cached on the store's ``data_version()``, the filters and the
language, so an import is seen by every session at its next run).
"""

from __future__ import annotations

import dataclasses
import json
import os
import sys
import threading
from typing import Any

import pandas as pd
import streamlit as st

from mututrack import i18n
from mututrack.filters import Filters
from mututrack.i18n import t
from mututrack.store import Store, default_db_path, open_store
from mututrack.ui.access import may_open, scope
from mututrack.views import stored

__all__ = [
    "ALL", "store", "ensure_data", "prepare_pages", "view", "filters", "slide_selection",
    "observatory_folder", "observatory_positions",
]


ALL = "tous"  # the "no filter" option; its value never reaches the URL (it is the default)


_first_start = threading.Lock()


def store() -> Store:
    """The process-wide store of ``MUTUTRACK_DB`` (one read-write connection per process)."""
    return open_store(default_db_path())


def ensure_data() -> None:
    """On the very first start, fill an empty store with the small demo territory, with progress.

    Not once an organisation's own file was imported, even if every import was undone since: their
    pages then say what to import, rather than showing a fictitious territory as if it were theirs.
    """
    if not _first_start_pending():
        return
    with _first_start:
        if not _first_start_pending():
            return
        from mututrack import demo

        bar = st.progress(0.0, text=t("ui.demo.creating"))
        demo.generate(store(), scale="small",
                      progress=lambda step, done: bar.progress(min(done, 1.0), text=step))
        prepare_pages(bar)
        bar.empty()


def prepare_pages(bar: Any = None) -> None:
    """After a write (the demo, an import, an undo): compute and keep every page's default view in
    the store (:mod:`mututrack.views.stored`), with progress on ``bar`` (an ``st.progress``), so
    that every user's first visit opens at once."""
    shown = bar if bar is not None else st.progress(0.0, text=t("ui.pages.preparing", page="…"))

    def progress(view: str, done: float) -> None:
        shown.progress(min(done, 1.0), text=t("ui.pages.preparing", page=view))

    stored.warm(store(), langs=[i18n.language()], progress=progress)
    # Comments are never kept in the store (docs/privacy.md): their page, themes included, is
    # computed here into this process's cache, so that HR's first visit after a write opens at once.
    # A session that may not open that page (a director's, the council's) would compute it for nothing.
    if may_open("comments"):
        progress("comments", 1.0)
        view("comments", Filters())
    else:
        progress("…", 1.0)
    if bar is None:
        shown.empty()


def _first_start_pending() -> bool:
    return store().is_empty() and not store().holds_real_data()


@st.cache_data(show_spinner=False, max_entries=1024)
def _cached_view(name: str, db_path: str, version: int, filters_key: str, lang: str) -> dict[str, Any]:
    # kept in the store too (views/stored.py): the first visit after a restart reads it back
    return stored.compute(store(), name, Filters(**json.loads(filters_key)), lang)


def view(name: str, chosen: Filters | None = None) -> dict[str, Any]:
    """The data of the view ``name`` for the filters, computed once per data version and language.

    Always within the current user's scope (:func:`mututrack.ui.access.scope`), whatever the page
    passes: a scoped director never gets another entity's detail (:mod:`mututrack.views.scoping`).
    """
    current = store()
    chosen = dataclasses.replace(chosen or filters(), scope=scope())
    return _cached_view(name, current.path, current.data_version(), chosen.key(), i18n.language())


def filters() -> Filters:
    """The filters chosen in the sidebar (kept in the URL, so a link reproduces the view), within
    the current user's scope."""
    picked = {name: st.session_state.get(name, ALL) for name in ("project", "entity", "category", "wave")}
    return Filters(**{k: (None if v in (None, ALL) else v) for k, v in picked.items()}, scope=scope())


def slide_selection() -> list[str]:
    """The slides chosen for meetings (remembered in the store), in order; every slide by default."""
    from mututrack.report import slides

    return slides.stored_selection(store())


def observatory_folder() -> str | None:
    """The folder of territories' exports when the app runs as the observatory
    (``streamlit run dashboard.py -- --observatory DIR``, or ``MUTUTRACK_OBSERVATORY``), else None."""
    args = sys.argv[1:]
    if "--observatory" in args[:-1]:
        return args[args.index("--observatory") + 1]
    return os.environ.get("MUTUTRACK_OBSERVATORY") or None


@st.cache_data(show_spinner=False, max_entries=4)
def _observatory_positions(folder: str, files: tuple[tuple[str, int], ...]) -> pd.DataFrame:
    from mututrack import observatory

    return observatory.positions(folder)


def observatory_positions(folder: str) -> pd.DataFrame:
    """:func:`mututrack.observatory.positions`, read again when a territory exports anew."""
    from mututrack import observatory

    return _observatory_positions(folder, observatory.signature(folder))
