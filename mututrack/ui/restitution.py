"""The council pack page's section that builds the agents' results document of a chosen wave (HTML
and PDF, :mod:`mututrack.report.restitution_html`) and offers both files, for HR and the director
(not a director scoped to some entities: the document speaks for the whole organisation and shows
every employer the publication shows)."""

from __future__ import annotations

import streamlit as st

from mututrack.i18n import language, t
from mututrack.publication import suppression as privacy
from mututrack.report import render, restitution, restitution_html
from mututrack.ui.access import log_action, role, scope
from mututrack.ui.data import filters, store
from mututrack.ui.errors import unexpected_error

__all__ = ["ROLES", "section"]

ROLES = ("hr", "director")  # those who give results back to the agents; the council reads the pack
STATE = "restitution_files"


def section() -> None:
    """The wave choice, the build button (with its progress) and the two downloads."""
    if role() not in ROLES or scope():
        return
    st.header(t("restitution.page.title"))  # a section under the page's title (h2)
    st.caption(t("restitution.page.caption", k=privacy.threshold(store())))
    every = dict(restitution.waves(store()))
    if not every:
        st.info(t("restitution.page.no_wave"))
        return
    chosen = filters().wave if filters().wave in every else restitution.default_wave(store())
    wave = st.selectbox(
        t("restitution.page.wave"), list(every), index=list(every).index(chosen), key="restitution_wave",
        format_func=lambda w: t("restitution.page.provisional", wave=w) if every[w] else w,
    )
    if st.button(t("restitution.page.build"), icon=":material/description:", key="restitution_build"):
        _build(wave)
    ready = st.session_state.get(STATE)
    if ready and ready["wave"] == wave and ready["lang"] == language():
        _downloads(ready)


def _build(wave: str) -> None:
    bar = st.progress(0.0, text=t("restitution.page.building"))
    try:
        doc, page, pdf = restitution_html.documents(
            store(), wave=wave, progress=lambda step, done: bar.progress(min(done, 1.0), text=step)
        )
    except render.BrowserMissingError as error:
        bar.empty()
        st.error(str(error))
        return
    except (render.RenderError, restitution_html.PdfError) as error:  # details name files: log only
        bar.empty()
        unexpected_error(error, message="ui.error.render")
        return
    bar.empty()
    st.session_state[STATE] = {"wave": doc.wave, "lang": language(), "html": page.encode("utf-8"), "pdf": pdf}


def _downloads(ready: dict) -> None:
    st.success(t("restitution.page.built", wave=ready["wave"]))
    stem = restitution_html.file_stem(ready["wave"])
    kinds = (
        ("html", "text/html", "restitution.page.html"),
        ("pdf", "application/pdf", "restitution.page.pdf"),
    )
    for column, (suffix, mime, label) in zip(st.columns(len(kinds)), kinds, strict=True):
        column.download_button(
            t(label), ready[suffix], file_name=f"{stem}.{suffix}", mime=mime, width="stretch",
            key=f"restitution_{suffix}", on_click=log_action, args=("export", f"{stem}.{suffix}"),
        )
