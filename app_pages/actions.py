"""Plans d'action: what the organisation decided to do about its results, most urgent first, and
how each action's indicator moved since (published figures only). HR and the director create,
edit and delete; the council reads."""

import streamlit as st

from mututrack import auth, exports, plans, ui
from mututrack.filters import Filters
from mututrack.i18n import fmt_number, t
from mututrack.ui import plans as widgets

ui.require_role(*auth.ROLES)
ui.page_header(t("actions.title"), t("actions.caption"), filtered=False)
data = ui.view("actions", Filters())  # an action belongs to the organisation: the filters do not apply
editor = auth.may_change(ui.role(), "action_plans")
ui.feedback(widgets.FEEDBACK)
actions = data["actions"]

if actions.empty:
    st.info(t("actions.empty" if editor else "actions.empty_read"))
else:
    cols = st.columns(3)
    cols[0].metric(t("actions.kpi.open"), fmt_number(data["open"]))
    cols[1].metric(t("actions.kpi.late"), fmt_number(data["late"]))
    cols[2].metric(t("actions.kpi.done"), fmt_number(int((actions["status"] == "fait").sum())))
    late = actions[actions["late"]]
    if late.empty:
        st.success(t("actions.late.none"), icon=":material/event_available:")
    else:
        with st.container(border=True):
            st.error(t("actions.late.title", count=len(late)), icon=":material/alarm:")
            widgets.status_table(late, key="actions_late", editable=editor)
    others = actions[~actions["late"]]
    if not others.empty:
        st.header(t("actions.others.title"))  # a section under the page title (h2)
        widgets.status_table(others, key="actions_others", editable=editor)
    file_name = t("actions.export.file_name")
    st.download_button(t("actions.export"), exports.safe_csv(widgets.exported(actions)), file_name=file_name,
                       mime="text/csv", icon=":material/download:", on_click=ui.log_action,
                       args=("export", file_name))

if not editor:
    st.caption(t("actions.read_only"))
    st.stop()

asked = st.query_params.get("new") == "1"
with st.expander(t("actions.form.new"), icon=":material/add_task:", expanded=asked):
    if asked and st.query_params.get("origin") in plans.ORIGINS:
        st.caption(t("actions.form.prefilled", origin=t(f"actions.origin.{st.query_params['origin']}")))
    widgets.action_form(data, None)
if not actions.empty:
    with st.expander(t("actions.form.edit"), icon=":material/edit:"):
        chosen = st.selectbox(t("actions.form.which"), actions["action_id"].tolist(),
                              format_func=lambda a: f"{a} · {actions.set_index('action_id').at[a, 'title']}")
        widgets.action_form(data, chosen)
        widgets.delete_button(data, chosen)
