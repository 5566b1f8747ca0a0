"""Importer (HR only): upload, see what was understood, map survey columns, confirm; history and templates."""

import streamlit as st

from mututrack import ingest, ui
from mututrack.i18n import t
from mututrack.ingest import display, samples, templates

ui.require_role("hr")
ui.page_header(t("ingest.page.title"), t("ingest.page.caption"), filtered=False)
store = ui.store()
# key + on_change: the open tab is kept across reruns, so an answer shows in the tab its button is in
tab_import, tab_history, tab_templates = st.tabs(
    [t("ingest.page.tab.import"), t("ingest.page.tab.history"), t("ingest.page.tab.templates")],
    key="import_tab", on_change="rerun",
)


def checked_upload(label: str, key: str) -> tuple[str, bytes] | None:
    """The uploaded file, re-checked on the server (the browser's size limit can be bypassed)."""
    upload = ui.file_uploader(label, key=key, types=["csv", "txt", "xlsx"])
    if upload is None:
        return None
    limit = st.get_option("server.maxUploadSize")
    if upload.size > limit * 2**20:
        st.error(t("ingest.page.too_big", size=upload.size // 2**20, limit=limit))
        return None
    return upload.name, upload.getvalue()


def show_problems(problems: list[ingest.Problem]) -> None:
    st.error(t("ingest.page.problems", count=len(problems)))
    ui.table(display.problems_table(problems))
    st.download_button(
        t("ingest.page.report"),
        ingest.report_csv(problems),
        t("ingest.page.report_file"),
        "text/csv",
        on_click=ui.log_action,
        args=("export", t("ingest.page.report_file")),
    )


def import_now(options: dict) -> ui.Outcome | None:
    """Import the previewed file (after a dated copy of the store when it replaces the demo); a
    refused file keeps its problems for the page to list, in place of an outcome."""
    backup = store.backup() if store.is_demo() else None
    done = ingest.import_file(
        store, user=ui.user_name(), role="hr", mapping=st.session_state.pop("import_mapping", {}), **options
    )
    if not done.ok:
        st.session_state["import_problems"] = done.problems
        return None
    st.session_state["uploads"] = st.session_state.get("uploads", 0) + 1  # a fresh file chooser
    ui.prepare_pages()  # every page's first visit after this import opens at once
    message = t(
        "ingest.page.done", import_id=done.import_id, rows=done.rows, kind=display.kind_label(done.kind)
    )
    return "success", message + (
        f"  \n{t('ingest.page.demo.backup', path=ui.literal(backup))}" if backup else ""
    )


def confirm_import(options: dict) -> None:
    """The import button: straight away, or after a dialog when the import replaces the demo territory."""
    if not store.is_demo():
        if st.button(t("ingest.page.confirm"), type="primary", icon=":material/upload:"):
            with st.spinner(t("ingest.page.importing")):
                ui.keep_feedback("import", import_now(options))
            st.rerun()
        return
    st.button(
        t("ingest.page.confirm"), type="primary", icon=":material/upload:", on_click=ui.ask_first("import")
    )
    ui.confirmation(
        "import",
        t("ingest.page.demo.title"),
        t("ingest.page.demo.body", what=display.demo_removal(store)),
        t("ingest.page.demo.confirm"),
        lambda: import_now(options),
    )


with tab_import:
    kind = st.selectbox(
        t("ingest.page.kind"),
        ["auto", *ingest.kind_names()],
        key="import_kind",
        format_func=lambda k: t("ingest.page.kind.auto") if k == "auto" else display.kind_label(k),
    )
    wave = st.text_input(t("ingest.page.wave"), key="import_wave") if kind in ("auto", "responses") else None
    upload = checked_upload(t("ingest.page.upload"), f"import_file_{st.session_state.get('uploads', 0)}")
    if not upload:
        ui.feedback("import")  # a done import empties the file chooser: its answer shows there
    else:
        name, data = upload
        options = dict(kind=None if kind == "auto" else kind, data=data, file_name=name, wave=wave or None)
        # the file is read in a child process, under limits
        with st.spinner(t("ingest.page.reading", file=ui.literal(name))):
            result = ingest.preview(store, mapping=st.session_state.get("import_mapping", {}), **options)
        st.header(t("ingest.page.understood"))
        ui.table(display.understood_table(result))
        if not result.understood.sample.empty:
            st.caption(t("ingest.page.first_rows"))
            ui.table(display.sample_table(result))
        chosen = st.session_state.get("import_mapping", {})
        if result.kind == "responses" and (result.understood.unmatched or chosen):
            choices = display.mapping_options(store)
            st.markdown(t("ingest.page.mapping"))
            headers = list(dict.fromkeys([*chosen, *result.understood.unmatched]))  # mapped ones stay listed
            mapping = {
                h: st.selectbox(ui.literal(h), list(choices), format_func=choices.get, key=f"map_{h}")
                for h in headers
            }
            if {h: c for h, c in mapping.items() if c} != chosen:
                st.session_state["import_mapping"] = {h: c for h, c in mapping.items() if c}
                st.rerun()
        if len(result.warnings) > 3:  # a long list reads better as a table than as a stack of boxes
            with st.expander(
                t("ingest.page.warnings", count=len(result.warnings)), icon=":material/warning:"
            ):
                ui.table(display.problems_table(result.warnings))
        else:
            for warning in result.warnings:
                st.warning(ui.literal(warning.text()))
        if not result.ok:
            show_problems(result.problems)
        elif result.status == "already_imported":
            st.info(t("ingest.page.already", import_id=result.import_id))
        else:
            st.info(t("ingest.page.ready", rows=result.rows, kind=display.kind_label(result.kind)))
            confirm_import(options)
            ui.feedback("import")
            if "import_problems" in st.session_state:
                show_problems(st.session_state.pop("import_problems"))

def undo_button(chosen: int, row) -> None:
    """Undo an import, after a dialog that says what goes."""
    st.button(t("ingest.page.history.undo"), icon=":material/undo:", on_click=ui.ask_first("undo"))
    ui.confirmation(
        "undo",
        t("ingest.page.history.undo_title", import_id=chosen),
        t(
            "ingest.page.history.undo_body",
            rows=row.rows,
            file=ui.literal(row.file_name),
            kind=display.kind_label(row.kind),
        ),
        t("ingest.page.history.undo"),
        lambda: undo_now(chosen),
    )
    ui.feedback("undo")


def undo_now(chosen: int) -> ui.Outcome:
    undone = ingest.undo(store, chosen, user=ui.user_name(), role="hr")
    ui.prepare_pages()
    return "success", t("ingest.page.history.undone", import_id=chosen, rows=undone.rows)


def replace_button(chosen: int, row) -> None:
    """Replace an import by a corrected file, after a dialog; a refused file lists its problems here."""
    upload = checked_upload(
        t("ingest.page.history.replace"), f"replace_{chosen}_{st.session_state.get('uploads', 0)}"
    )
    if upload:
        st.button(
            t("ingest.page.history.replace_button"),
            icon=":material/swap_horiz:",
            on_click=ui.ask_first("replace"),
        )
        ui.confirmation(
            "replace",
            t("ingest.page.history.replace_title", import_id=chosen),
            t(
                "ingest.page.history.replace_body",
                import_id=chosen,
                file=ui.literal(row.file_name),
                rows=row.rows,
                new=ui.literal(upload[0]),
            ),
            t("ingest.page.history.replace_button"),
            lambda: replace_now(chosen, upload),
        )
    ui.feedback("replace")
    if "replace_problems" in st.session_state:
        show_problems(st.session_state.pop("replace_problems"))


def replace_now(chosen: int, upload: tuple[str, bytes]) -> ui.Outcome | None:
    done = ingest.replace(store, chosen, upload[1], upload[0], user=ui.user_name(), role="hr")
    if not done.ok:
        st.session_state["replace_problems"] = done.problems
        return None
    st.session_state["uploads"] = st.session_state.get("uploads", 0) + 1
    ui.prepare_pages()
    return "success", t("ingest.page.history.replaced", old=chosen, import_id=done.import_id, rows=done.rows)


with tab_history:
    history = ingest.history(store)
    if history.empty:
        st.info(t("ingest.page.history.empty"))
    else:
        ui.table(display.history_table(history))
        by_id = history.set_index("import_id")
        chosen = st.selectbox(
            t("ingest.page.history.choose"),
            history["import_id"].tolist(),
            key="history_pick",
            format_func=lambda i: f"n° {i} · {by_id.at[i, 'file_name']}",
        )
        try:
            name, content = ingest.original_file(store, chosen)
        except KeyError:  # purged, or the store's key cannot be opened: undo still works below
            st.caption(t("ingest.page.history.unavailable"))
        else:
            st.download_button(t("ingest.page.history.download"), content, name, icon=":material/download:",
                               on_click=ui.log_action, args=("export", name))
        row = history[history["import_id"] == chosen].iloc[0]
        if row.status == "imported":
            undo_button(chosen, row)
            replace_button(chosen, row)
        else:  # the import just undone or replaced: its answer stays where its button was
            ui.feedback("undo")
            ui.feedback("replace")

with tab_templates:
    st.caption(t("ingest.page.templates.intro"))
    for number, kind_name in enumerate(ingest.kind_names()):
        left, middle, right = st.columns([3, 1, 1])
        left.write(display.kind_label(kind_name))
        middle.download_button(
            "CSV",
            templates.csv_bytes(kind_name),
            f"modele_{kind_name}.csv",
            "text/csv",
            key=f"tpl_csv_{number}",
        )
        right.download_button(
            "XLSX", templates.xlsx_bytes(kind_name), f"modele_{kind_name}.xlsx", key=f"tpl_xlsx_{number}"
        )
    st.caption(t("ingest.page.samples.intro"))
    # built on click
    st.download_button(t("ingest.page.samples.download"), samples.zip_bytes, t("ingest.page.samples.file"),
                       "application/zip", icon=":material/folder_zip:")
