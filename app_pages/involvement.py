"""Implication précoce: were the agents in scope involved before the decision, and who was left out."""

import streamlit as st

from mututrack import charts, ui
from mututrack.i18n import fmt_number, fmt_rate, t
from mututrack.views.involvement import DIMENSIONS

ui.page_header(t("involvement.title"), t("involvement.caption"))
data = ui.view("involvement", ui.filters())
projects = data["projects"]
if projects.empty:
    st.info(t("involvement.no_project"))
    st.stop()

def involved(count: object, few: bool) -> str:
    """A count of agents involved early, "fewer than k" when it is under k (never shown)."""
    return t("publication.fewer_than", k=data["k"]) if few else fmt_number(count)


def early_rate(rate: object, most: object) -> str:
    """An early-involvement rate, or "< x %" when only its bound is published."""
    return fmt_rate(rate, most)


with ui.focus_point("involvement_rates"):  # a decision close with too few agents involved
    for column, project in zip(st.columns(len(projects)), projects.itertuples(index=False), strict=True):
        hidden = t("involvement.kpi.hidden", k=data["k"]) if project.suppressed else None
        column.metric(
            ui.literal(project.name),
            early_rate(project.early_involvement_rate, project.early_involvement_rate_max),
            help=hidden or t("involvement.kpi.rate_help",
                             early=involved(project.agents_involved_early, project.involved_few),
                             scope=fmt_number(project.agents_in_scope)),
        )
        column.metric(t("involvement.kpi.lead_label"),
                      t("involvement.kpi.lead", days=fmt_number(project.median_lead_days)),
                      help=hidden or t("involvement.kpi.lead_help"))

if not data["curve"].empty:
    ui.plot(charts.involvement_curve(data["curve"], projects[~projects["suppressed"]]))

dimension = st.radio(
    t("involvement.dimension.label"), list(DIMENSIONS), horizontal=True, key="involvement_by",
    format_func=lambda d: t(f"involvement.dimension.{d}"),
)
groups = data["breakdowns"][dimension]
st.header(t("involvement.breakdown.title", dimension=t(f"involvement.dimension.{dimension}").lower()))
for project in projects.itertuples(index=False):
    rows = groups[groups["project_id"] == project.project_id]
    if rows.empty:
        continue
    ui.plot(charts.group_rate_bars(rows, "early_involvement_rate", title=project.name, target=data["target"]),
            key=f"inv_{project.project_id}")
    with st.expander(t("involvement.details", name=ui.literal(project.name))):
        ui.table(
            rows.assign(
                agents_involved_early=[involved(c, f) for c, f in zip(rows["agents_involved_early"],
                                                                     rows["involved_few"], strict=True)],
                early_involvement_rate=[early_rate(r, m) for r, m in zip(rows["early_involvement_rate"],
                                                                          rows["early_involvement_rate_max"],
                                                                          strict=True)],
                median_lead_days=rows["median_lead_days"].map(fmt_number),
            )[["group_label", "agents_in_scope", "agents_involved_early", "early_involvement_rate",
               "median_lead_days"]],
            group_label=t("involvement.col.group"),
            agents_in_scope=t("involvement.col.agents_in_scope"),
            agents_involved_early=t("involvement.col.agents_involved_early"),
            early_involvement_rate=t("involvement.col.early_involvement_rate"),
            median_lead_days=t("involvement.col.median_lead_days"),
        )
st.caption(t("involvement.hidden_note", k=data["k"]))
