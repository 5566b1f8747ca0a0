"""Dossier du conseil: choose the slides (remembered for presentation mode), build and download the pack."""

import datetime as dt
import json
import time

import streamlit as st

from mututrack import auth, ui
from mututrack.i18n import fmt_number, t
from mututrack.publication import suppression as privacy
from mututrack.report import pack, slides
from mututrack.report.render import BrowserMissingError, RenderError
from mututrack.ui.restitution import section as restitution_section

LABELS = {
    "pptx": "pack.page.pptx",
    "pdf": "pack.page.pdf",
    "png.zip": "pack.page.png",
    "csv.zip": "pack.page.csv",
}

ui.page_header(t("pack.page.title"), t("pack.page.caption"))
titles = {slide.slide_id: slide.title() for slide in slides.SLIDES}
stored = ui.slide_selection()
editable = auth.may_change(ui.role(), pack.SETTING)  # shared by every user: the council only reads it
chosen = st.multiselect(
    t("pack.page.choose"),
    list(titles),
    default=stored,
    format_func=titles.get,
    help=t("pack.page.choose_help" if editable else "pack.page.choose_read_only"),
    disabled=not editable,
)
if editable and chosen != stored:
    ui.save_setting(pack.SETTING, json.dumps(chosen))  # presentation mode reads the same list
    st.session_state.pop("pack_files", None)

if not chosen:
    st.info(t("pack.page.none_selected"))
elif st.button(t("pack.page.build"), type="primary", icon=":material/slideshow:"):
    bar = st.progress(0.0)
    started = time.perf_counter()
    try:
        built = pack.build(
            ui.store(),
            selection=chosen,
            filters=ui.filters(),
            progress=lambda step, done: bar.progress(min(done, 1.0), text=step),
        )
    except BrowserMissingError as error:
        bar.empty()
        st.error(str(error))
        st.stop()
    except RenderError as error:  # its detail may name the browser's files and process: for the log only
        bar.empty()
        ui.unexpected_error(error, message="ui.error.render")
        st.stop()
    files = {suffix: writer(built) for suffix, (writer, _) in pack.DOWNLOADS.items()}
    bar.empty()
    skipped = [titles[s] for s in chosen if s not in {slide.slide_id for slide in built.slides}]
    seconds = fmt_number(time.perf_counter() - started, decimals=1)
    st.session_state["pack_files"] = {
        "files": files,
        "charts": len(built.slides),
        "seconds": seconds,
        "skipped": skipped,
    }

ready = st.session_state.get("pack_files")
if ready and chosen:
    st.success(t("pack.page.built", charts=ready["charts"], seconds=ready["seconds"]))
    if ready["skipped"]:
        st.caption(t("pack.page.skipped", titles=", ".join(ready["skipped"])))
    stem = f"{t('pack.page.file')}-{dt.date.today():%Y-%m-%d}"
    for column, (suffix, (_, mime)) in zip(
        st.columns(len(pack.DOWNLOADS)), pack.DOWNLOADS.items(), strict=True
    ):
        column.download_button(
            t(LABELS[suffix]),
            ready["files"][suffix],
            file_name=f"{stem}.{suffix}",
            mime=mime,
            help=t("pack.page.csv_help") if suffix == "csv.zip" else None,
            width="stretch",
            on_click=ui.log_action,
            args=("export", f"{stem}.{suffix}"),
        )
ui.hidden_note(privacy.threshold(ui.store()))
restitution_section()  # the agents' results document, for HR and the director
