"""Vue d'ensemble: where the pooling stands, in five minutes."""

import streamlit as st

from mututrack import charts, ui
from mututrack.i18n import fmt_date, fmt_number, fmt_pct, t

ui.page_header(t("overview.title"), t("overview.caption"))
data = ui.view("overview")

wave = data["wave"]
cols = st.columns(4)
cols[0].metric(t("overview.kpi.agents"), fmt_number(data["agents"]))
cols[1].metric(t("overview.kpi.projects"), fmt_number(len(data["projects"])))
if wave:
    cols[2].metric(t("overview.kpi.response_rate", wave=wave["wave"]), fmt_pct(wave.get("response_rate")))
    cols[3].metric(t("overview.kpi.who5", wave=wave["wave"]), fmt_number(wave.get("who5_index_mean"), decimals=1),
                   help=t("overview.kpi.who5_help"))
else:
    cols[2].info(t("overview.no_wave"))

projects = data["projects"]
if projects.empty:
    st.info(t("overview.no_project"))
else:
    ui.plot(charts.early_involvement_bars(projects))
    ui.table(
        projects.assign(
            decision_date=projects["decision_date"].map(fmt_date),
            go_live_date=projects["go_live_date"].map(fmt_date),
            early_involvement_rate=projects["early_involvement_rate"].map(fmt_pct),
        )[["name", "decision_date", "go_live_date", "agents_in_scope", "early_involvement_rate"]],
        name=t("overview.col.project"),
        decision_date=t("overview.col.decision_date"),
        go_live_date=t("overview.col.go_live_date"),
        agents_in_scope=t("overview.col.agents_in_scope"),
        early_involvement_rate=t("overview.col.early_involvement_rate"),
    )

if not data["headcount"].empty:
    ui.plot(charts.headcount_by_kind(data["headcount"]))
