"""Mise en réseau: do staff of the EPCI and of the communes meet at the events of a project."""

import streamlit as st

from mututrack import charts, ui
from mututrack.i18n import fmt_number, fmt_pct, t
from mututrack.views.involvement import DIMENSIONS

ui.page_header(t("involvement.network.title"), t("involvement.network.caption"))
data = ui.view("network", ui.filters())
shares, nodes = data["shares"], data["nodes"]
if shares.empty:
    st.info(t("involvement.no_project"))
    st.stop()

for column, project in zip(st.columns(len(shares)), shares.itertuples(index=False), strict=True):
    column.metric(
        ui.literal(project.name),
        fmt_pct(project.cross_entity_share),
        help=t("involvement.kpi.hidden", k=data["k"]) if project.suppressed else t(
            "involvement.network.kpi_help", met=fmt_number(project.agents_cross_entity),
            scope=fmt_number(project.agents_in_scope)
        ),
    )
    column.metric(
        t("involvement.network.small_kpi"),
        fmt_pct(project.small_commune_epci_share),
        help=t("involvement.network.small_help", population=fmt_number(data["small_commune_population"])),
    )

dimension = st.radio(
    t("involvement.dimension.label"), list(DIMENSIONS), index=list(DIMENSIONS).index("size_band"),
    horizontal=True, key="network_by", format_func=lambda d: t(f"involvement.dimension.{d}"),
)
groups = data["breakdowns"][dimension]
st.header(t("involvement.network.by_group", dimension=t(f"involvement.dimension.{dimension}").lower()))
for project in shares.itertuples(index=False):
    rows = groups[groups["project_id"] == project.project_id]
    if not rows.empty:
        ui.plot(charts.group_rate_bars(rows, "cross_entity_share", title=project.name),
                key=f"net_{project.project_id}")

if nodes.empty:
    st.info(t("involvement.network.no_event"))
else:
    heatmap, graph = st.columns(2)
    with heatmap:
        ui.plot(charts.shared_events_heatmap(data["matrix"], nodes["name"].tolist()), half=True)
    with graph:
        ui.plot(charts.network_graph(nodes, data["matrix"]), half=True)
    st.caption(t("involvement.network.events_note"))
st.caption(t("involvement.hidden_note", k=data["k"]))
