"""Vue d'ensemble: the director's five minutes: key figures, alerts, what changed this week."""

import json

import streamlit as st

from mututrack import charts, ui
from mututrack.i18n import fmt_date, fmt_number, fmt_pct, fmt_rate, t
from mututrack.ui import plans as plan_widgets
from mututrack.views.overview import change_text as points

ui.page_header(t("overview.title"), t("overview.caption"))
data = ui.view("overview")
kpis, wave = data["kpis"], data["wave"]


cols = st.columns(5)
early, charter = kpis["early_involvement_rate"], kpis["charter_on_time_share"]
proposals = kpis["open_proposals"]
cols[0].metric(t("overview.kpi.early"), fmt_pct(early["value"]),
               **ui.delta(points(early["value"], early["week"], percent=True)),
               help=ui.term_help("early_involvement_rate", t("overview.kpi.week_help")))
cols[1].metric(t("overview.kpi.charter"), fmt_pct(charter["value"]),
               **ui.delta(points(charter["value"], charter["week"], percent=True)),
               help=ui.term_help("charter_on_time_share", t("overview.kpi.week_help")))
cols[2].metric(t("overview.kpi.open_proposals"), fmt_number(proposals["value"]),
               **ui.delta(points(proposals["value"], proposals["week"], percent=False), inverse=True),
               help=ui.term_help("proposal", t("overview.kpi.week_help")))
if wave:
    rate, who5, shown = kpis["response_rate"], kpis["who5_index_mean"], ui.literal(wave["wave"])
    # An open wave's rate climbs until it closes: comparing it with a closed wave would mislead.
    rate_change = None if wave["open"] else points(rate["value"], rate["previous_wave"], percent=True)
    cols[3].metric(t("overview.kpi.response_rate", wave=shown), fmt_pct(rate["value"]),
                   **ui.delta(rate_change),
                   help=ui.term_help("response_rate", t("overview.kpi.wave_open_help" if wave["open"]
                                                        else "overview.kpi.wave_help")))
    cols[4].metric(t("overview.kpi.who5", wave=shown), fmt_number(who5["value"], decimals=1),
                   **ui.delta(points(who5["value"], who5["previous_wave"], percent=False)),
                   help=ui.term_help("who5_index", t("overview.kpi.wave_help")))
    if wave["open"]:
        st.caption(t("overview.wave_open", wave=shown, closes=fmt_date(wave.get("closed_at"))))
else:
    cols[3].info(t("overview.no_wave"))

st.header(t("overview.summary.title"))
st.write(data["summary"])

st.header(t("overview.alerts.title"))
if data["alerts"].empty:
    st.success(t("overview.alerts.none"))
for alert, text in zip(data["alerts"].to_dict(orient="records"), data["alert_texts"], strict=True):
    icon = ":material/error:" if alert["severity"] == "high" else ":material/warning:"
    colour = "red" if alert["severity"] == "high" else "orange"  # icons, not emoji: no emoji font offline
    with st.container(border=True):
        # The icon is hidden from screen readers (Streamlit's aria-hidden): a word says the severity.
        severity = f"<span class='mt-sr-only'>{t('focus.severity.' + alert['severity'])}</span>"
        st.markdown(f":{colour}[{icon}]{severity} {text}", unsafe_allow_html=True)  # text: ui.literal'd
        ui.alert_link(alert, icon=icon)  # named after its page and filters; lands on what explains it
        plan_widgets.create_link(t("actions.create_link", place=ui.alert_place(alert)),
                                 **plan_widgets.from_alert(alert))

projects = data["projects"]
if projects.empty:
    st.info(t("overview.no_project"))
else:
    ui.plot(charts.early_involvement_bars(projects, target=data["thresholds"]["early_min"]))
    ui.table(
        projects.assign(
            decision_date=projects["decision_date"].map(fmt_date),
            go_live_date=projects["go_live_date"].map(fmt_date),
            early_involvement_rate=[fmt_rate(r, m) for r, m in
                                    zip(projects["early_involvement_rate"],
                                        projects["early_involvement_rate_max"], strict=True)],
            early_week_ago=projects["early_week_ago"].map(fmt_pct),
        )[["name", "decision_date", "go_live_date", "agents_in_scope", "early_involvement_rate",
           "early_week_ago"]],
        name=t("overview.col.project"), decision_date=t("overview.col.decision_date"),
        go_live_date=t("overview.col.go_live_date"), agents_in_scope=t("overview.col.agents_in_scope"),
        early_involvement_rate=t("overview.col.early_involvement_rate"),
        early_week_ago=t("overview.col.early_week_ago"),
    )
if not data["headcount"].empty:
    ui.plot(charts.headcount_by_kind(data["headcount"]))

if ui.role() in ("hr", "director"):
    with st.expander(t("overview.thresholds.title"), icon=":material/tune:"), st.form("alert_thresholds"):
        limits = data["thresholds"]
        chosen = {
            "decision_days": st.number_input(t("overview.thresholds.decision_days"), 1, 365,
                                             int(limits["decision_days"])),
            "early_min": st.slider(t("overview.thresholds.early_min"), 0.0, 1.0,
                                   float(limits["early_min"]), 0.05),
            "response_min": st.slider(t("overview.thresholds.response_min"), 0.0, 1.0,
                                      float(limits["response_min"]), 0.05),
            "proposal_days": st.number_input(t("overview.thresholds.proposal_days"), 1, 365,
                                             int(limits["proposal_days"])),
            "drop_min": st.number_input(t("overview.thresholds.drop_min"), 0, 50, int(limits["drop_min"])),
        }
        if st.form_submit_button(t("overview.thresholds.save")):
            ui.save_setting("alert_thresholds", json.dumps(chosen))
            st.toast(t("overview.thresholds.saved"))
            st.rerun()
