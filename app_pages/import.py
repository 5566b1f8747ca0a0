"""Importer (HR only): upload, see what was understood, map survey columns, confirm; history and templates."""

import streamlit as st

from mututrack import ingest, ui
from mututrack.i18n import t
from mututrack.ingest import present, templates

ui.require_role("hr")
ui.page_header(t("ingest.page.title"), t("ingest.page.caption"))
store = ui.store()
tab_import, tab_history, tab_templates = st.tabs(
    [t("ingest.page.tab.import"), t("ingest.page.tab.history"), t("ingest.page.tab.templates")]
)


def checked_upload(label: str, key: str) -> tuple[str, bytes] | None:
    """The uploaded file, re-checked on the server (the browser's size limit can be bypassed)."""
    upload = st.file_uploader(label, type=["csv", "txt", "xlsx"], key=key)
    if upload is None:
        return None
    limit = st.get_option("server.maxUploadSize")
    if upload.size > limit * 2**20:
        st.error(t("ingest.page.too_big", size=upload.size // 2**20, limit=limit))
        return None
    return upload.name, upload.getvalue()


def show_problems(result: ingest.ImportResult) -> None:
    st.error(t("ingest.page.problems", count=len(result.problems)))
    ui.table(present.problems_table(result.problems))
    st.download_button(t("ingest.page.report"), ingest.report_csv(result.problems), t("ingest.page.report_file"), "text/csv",
                       on_click=ui.log_action, args=("export", t("ingest.page.report_file")))


with tab_import:
    if "import_done" in st.session_state:
        st.success(st.session_state.pop("import_done"))
    kind = st.selectbox(t("ingest.page.kind"), ["auto", *ingest.kind_names()], key="import_kind",
                        format_func=lambda k: t("ingest.page.kind.auto") if k == "auto" else present.kind_label(k))
    wave = st.text_input(t("ingest.page.wave"), key="import_wave") if kind in ("auto", "responses") else None
    upload = checked_upload(t("ingest.page.upload"), f"import_file_{st.session_state.get('uploads', 0)}")
    if upload:
        name, data = upload
        options = dict(kind=None if kind == "auto" else kind, data=data, file_name=name, wave=wave or None)
        with st.spinner(t("ingest.page.reading", file=ui.literal(name))):  # the file is read in a child process, under limits
            result = ingest.preview(store, mapping=st.session_state.get("import_mapping", {}), **options)
        st.subheader(t("ingest.page.understood"))
        ui.table(present.understood_table(result))
        if not result.understood.sample.empty:
            st.caption(t("ingest.page.first_rows"))
            ui.table(present.sample_table(result))
        chosen = st.session_state.get("import_mapping", {})
        if result.kind == "responses" and (result.understood.unmatched or chosen):
            choices = present.mapping_options(store)
            st.markdown(t("ingest.page.mapping"))
            headers = list(dict.fromkeys([*chosen, *result.understood.unmatched]))  # mapped ones stay listed
            mapping = {h: st.selectbox(ui.literal(h), list(choices), format_func=choices.get, key=f"map_{h}") for h in headers}
            if {h: c for h, c in mapping.items() if c} != chosen:
                st.session_state["import_mapping"] = {h: c for h, c in mapping.items() if c}
                st.rerun()
        if len(result.warnings) > 3:  # a long list reads better as a table than as a stack of boxes
            with st.expander(t("ingest.page.warnings", count=len(result.warnings)), icon=":material/warning:"):
                ui.table(present.problems_table(result.warnings))
        else:
            for warning in result.warnings:
                st.warning(ui.literal(warning.text()))
        if not result.ok:
            show_problems(result)
        elif result.status == "already_imported":
            st.info(t("ingest.page.already", import_id=result.import_id))
        else:
            st.info(t("ingest.page.ready", rows=result.rows, kind=present.kind_label(result.kind)))
            if st.button(t("ingest.page.confirm"), type="primary", icon=":material/upload:"):
                with st.spinner(t("ingest.page.importing")):
                    done = ingest.import_file(store, user=ui.user_name(), role="hr",
                                              mapping=st.session_state.pop("import_mapping", {}), **options)
                if done.ok:
                    st.session_state["import_done"] = t("ingest.page.done", import_id=done.import_id, rows=done.rows, kind=present.kind_label(done.kind))
                    st.session_state["uploads"] = st.session_state.get("uploads", 0) + 1
                    st.rerun()
                show_problems(done)

with tab_history:
    if "history_done" in st.session_state:
        st.success(st.session_state.pop("history_done"))
    history = ingest.history(store)
    if history.empty:
        st.info(t("ingest.page.history.empty"))
    else:
        ui.table(present.history_table(history))
        live = history[history["status"] == "imported"]
        chosen = st.selectbox(t("ingest.page.history.choose"), history["import_id"].tolist(), key="history_pick",
                              format_func=lambda i: f"n° {i} · {history.set_index('import_id').at[i, 'file_name']}")
        try:
            name, content = ingest.original_file(store, chosen)
        except KeyError:  # purged, or the store's key cannot be opened: undo still works below
            st.caption(t("ingest.page.history.unavailable"))
        else:
            st.download_button(t("ingest.page.history.download"), content, name, icon=":material/download:",
                               on_click=ui.log_action, args=("export", name))
        if chosen in live["import_id"].tolist():
            if st.button(t("ingest.page.history.undo"), icon=":material/undo:"):
                undone = ingest.undo(store, chosen, user=ui.user_name(), role="hr")
                st.session_state["history_done"] = t("ingest.page.history.undone", import_id=chosen, rows=undone.rows)
                st.rerun()
            upload = checked_upload(t("ingest.page.history.replace"), f"replace_{chosen}")
            if upload and st.button(t("ingest.page.history.replace_button"), icon=":material/swap_horiz:"):
                with st.spinner(t("ingest.page.importing")):
                    done = ingest.replace(store, chosen, upload[1], upload[0], user=ui.user_name(), role="hr")
                if done.ok:
                    st.session_state["history_done"] = t("ingest.page.history.replaced", old=chosen, import_id=done.import_id, rows=done.rows)
                    st.rerun()
                show_problems(done)

with tab_templates:
    st.caption(t("ingest.page.templates.intro"))
    for number, kind_name in enumerate(ingest.kind_names()):
        left, middle, right = st.columns([3, 1, 1])
        left.write(present.kind_label(kind_name))
        middle.download_button("CSV", templates.csv_bytes(kind_name), f"modele_{kind_name}.csv", "text/csv", key=f"tpl_csv_{number}")
        right.download_button("XLSX", templates.xlsx_bytes(kind_name), f"modele_{kind_name}.xlsx", key=f"tpl_xlsx_{number}")
