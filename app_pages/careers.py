"""Parcours et compétences: training, career interviews, mobility, new functions and promotions of
the agents in scope of each project, before and after its decision."""

import streamlit as st

from mututrack import charts, ui
from mututrack.i18n import fmt_number, fmt_pct, t

ui.require_role("hr", "director", "council")
ui.page_header(t("careers.title"), t("careers.caption"))
data = ui.view("careers")
k = data["k"]
projects = data["projects"]
if projects.empty or data["summary"].empty:
    st.info(t("careers.no_project"))
    st.stop()

summary = data["summary"].assign(group_label=lambda f: f["name"])
around = summary[summary["period"].isin(["before", "after"])]
left, right = st.columns(2)
with left:
    ui.plot(
        charts.careers_bars(around, "training_hours_per_agent_year", title=t("careers.chart.training"), k=k),
        half=True,
    )
with right:
    ui.plot(
        charts.careers_bars(
            around, "career_interview_share", title=t("careers.chart.interviews"), percent=True, k=k
        ),
        half=True,
    )

FORMATS = {
    "training_hours_per_agent_year": lambda v: fmt_number(v, decimals=1),
    "career_interview_share": fmt_pct,
    "mobility": fmt_number,
    "new_functions": fmt_number,
    "promotions": fmt_number,
    "agents": fmt_number,
}
COLUMNS = {"period_label": t("careers.col.period"), **{c: t(f"careers.col.{c}") for c in FORMATS}}


def formatted(frame, first: dict):
    shown = frame.assign(**{c: frame[c].astype(float).map(f) for c, f in FORMATS.items()})
    hidden = frame["suppressed"].astype(bool)
    shown.loc[hidden, list(FORMATS)] = t("qvt.hidden", k=k)
    return shown[[*first, *COLUMNS]].rename(columns={**first, **COLUMNS})


st.header(t("careers.summary.title"))
ui.table(formatted(summary, {"name": t("careers.col.project")}))

st.header(t("careers.breakdown.title"))
by = ui.breakdown_choice("careers.breakdown", data["breakdowns"], key="careers_by")
names = dict(zip(projects["project_id"], projects["name"], strict=True))
project = st.selectbox(
    t("careers.breakdown.project"), list(names), format_func=names.get, key="careers_project"
)
groups = data["breakdowns"][by]
groups = groups[groups["project_id"] == project]
if groups.empty:
    st.info(t("careers.breakdown.none"))
else:
    ui.plot(
        charts.careers_bars(groups, "training_hours_per_agent_year", title=t("careers.chart.training"), k=k)
    )
    ui.table(formatted(groups, {"group_label": t("careers.col.group")}))

st.header(t("careers.years.title"))
ui.table(formatted(data["years"], {"name": t("careers.col.project")}))
st.caption(t("careers.note", k=k))
