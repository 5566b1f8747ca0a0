"""Mise en réseau: do staff of the EPCI and of the communes meet at the events of a project."""

import streamlit as st

from mututrack import charts, ui
from mututrack.i18n import fmt_number, fmt_pct, t

ui.page_header(t("involvement.network.title"), t("involvement.network.caption"))
data = ui.view("network", ui.filters())
shares, nodes = data["shares"], data["nodes"]
if shares.empty:
    st.info(t("involvement.no_project"))
    st.stop()

for project in shares.itertuples(index=False):
    left, right = st.columns(2)
    left.metric(
        t("involvement.network.kpi", name=project.name),
        fmt_pct(project.cross_entity_share),
        help=t("involvement.kpi.hidden", k=data["k"]) if project.suppressed else t("involvement.network.kpi_help", met=fmt_number(project.agents_cross_entity),
                                               scope=fmt_number(project.agents_in_scope)),
    )
    right.metric(
        t("involvement.network.small_kpi", name=project.name),
        fmt_pct(project.small_commune_epci_share),
        help=t("involvement.network.small_help", population=fmt_number(data["small_commune_population"])),
    )

by_entity = data["by_entity"]
for project in shares.itertuples(index=False):
    rows = by_entity[by_entity["project_id"] == project.project_id]
    if not rows.empty:
        ui.plot(charts.group_rate_bars(rows, "cross_entity_share", title=t("involvement.network.by_entity", project=project.name)),
                key=f"net_{project.project_id}")

if nodes.empty:
    st.info(t("involvement.network.no_event"))
else:
    heatmap, graph = st.columns(2)
    with heatmap:
        ui.plot(charts.shared_events_heatmap(data["matrix"], nodes["name"].tolist()))
    with graph:
        ui.plot(charts.network_graph(nodes, data["matrix"]))
    st.caption(t("involvement.network.events_note"))
st.caption(t("involvement.hidden_note", k=data["k"]))
