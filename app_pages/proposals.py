"""Propositions des agents: proposals followed to a decision, and the "vous avez dit, nous avons fait"
table."""

import streamlit as st

from mututrack import charts, ui
from mututrack.i18n import fmt_date, fmt_number, fmt_pct, t
from mututrack.ui import plans as plan_widgets
from mututrack.ui import proposals as proposal_widgets

ui.page_header(t("involvement.proposals.title"), t("involvement.proposals.caption"))
data = ui.view("proposals", ui.filters())
figures = data["summary"]
if data["hidden"]:
    st.info(t("involvement.proposals.hidden", k=data["k"]))
    st.stop()
if figures["total"] == 0:
    st.info(t("involvement.proposals.none"))
    st.stop()

cols = st.columns(4)
cols[0].metric(t("involvement.proposals.kpi.total"), fmt_number(figures["total"]))
cols[1].metric(t("involvement.proposals.kpi.adoption"), fmt_pct(figures["adoption_rate"]),
               help=t("involvement.proposals.kpi.adoption_help"))
cols[2].metric(t("involvement.proposals.kpi.median"),
               t("involvement.kpi.lead", days=fmt_number(figures["median_days_to_decision"])))
cols[3].metric(t("involvement.proposals.kpi.waiting"), fmt_number(figures["open_over_60_days"]))

funnel, themes = st.columns([3, 2])
with funnel:
    ui.plot(charts.proposals_funnel(data["funnel"]))
    st.caption(t("involvement.proposals.by_status", **{s: fmt_number(figures[s]) for s in data["statuses"]}))
with themes:
    st.header(t("involvement.proposals.by_theme"))
    ui.table(data["by_theme"], theme=t("involvement.col.theme"), proposals=t("involvement.col.proposals"),
             adopted=t("involvement.col.adopted"), open=t("involvement.col.open"))

st.header(t("involvement.proposals.you_said"))
said = data["you_said"]
ui.table(
    said.assign(date=said["date"].map(fmt_date), decision_date=said["decision_date"].map(fmt_date))[
        ["theme", "date", "status_label", "decision_date", "answer"]],
    theme=t("involvement.col.theme"), date=t("involvement.col.submitted"),
    status_label=t("involvement.col.status"), decision_date=t("involvement.col.decision_date"),
    answer=st.column_config.TextColumn(t("involvement.col.answer"), width="large"),
)

waiting, picked = data["waiting"], None
with ui.focus_point("proposals_waiting"):
    st.header(t("proposals.waiting.title"))
    if waiting.empty:
        st.success(t("proposals.waiting.none"), icon=":material/task_alt:")
    else:
        late = int(waiting["late"].sum())
        st.caption(t("proposals.waiting.caption", count=late) if late else t("proposals.waiting.calm"))
        # the most urgent first; the employer and service are not shown (in a small service they
        # would point at the author), the text only to HR and the directors
        picked = proposal_widgets.waiting_list(waiting)
# the proposal read above: the actions page's form, filled in with it (HR and the director)
if picked is not None:
    plan_widgets.create_link(t("actions.create_from_proposal"), origin="proposition",
                             ref=picked["proposal_id"], title=picked["theme"])
