"""Charte et concertation: the charter's commitments kept on time or not, and the consultation events."""

import streamlit as st

from mututrack import charts, ui
from mututrack.i18n import fmt_date, fmt_number, fmt_pct, fmt_rate, t

ui.page_header(t("involvement.charter.title"), t("involvement.charter.caption"))
data = ui.view("concertation", ui.filters())
shares, steps, events = data["shares"], data["steps"], data["events"]

if steps.empty:
    st.info(t("involvement.charter.no_step"))
else:
    for column, project in zip(st.columns(max(len(shares), 1)), shares.itertuples(index=False), strict=False):
        column.metric(
            ui.literal(project.name),
            fmt_pct(project.charter_on_time_share),
            help=t("involvement.charter.kpi_help", on_time=project.steps_on_time, late=project.steps_late,
                   overdue=project.steps_overdue, upcoming=project.steps_upcoming),
        )
    ui.plot(charts.charter_timeline(steps, today=data["today"]))
    # What to act on first: not done yet, then the longest late.
    behind = steps[steps["status"].isin(["late", "overdue"])]
    behind = behind.assign(_order=behind["status"].map({"overdue": 0, "late": 1}),
                           _delay=behind["delay_days"])
    behind = behind.sort_values(["_order", "_delay"], ascending=[True, False], na_position="last")
    if not behind.empty:
        with ui.focus_point("charter_late_steps"):
            st.header(t("involvement.charter.late_steps"))
            ui.table(
                behind.assign(
                    planned_date=behind["planned_date"].map(fmt_date),
                    actual_date=behind["actual_date"].map(fmt_date),
                    delay_days=behind["delay_days"].map(fmt_number),
                )[["project_name", "step", "planned_date", "actual_date", "status_label", "delay_days"]],
                project_name=t("involvement.col.project"), step=t("involvement.col.step"),
                planned_date=t("involvement.col.planned_date"), actual_date=t("involvement.col.actual_date"),
                status_label=t("involvement.col.status"), delay_days=t("involvement.col.delay_days"),
            )

if not events.empty:
    ui.plot(charts.events_by_month(data["by_month"], data["decisions"]))
    st.header(t("involvement.charter.events"))
    ui.table(
        events.assign(
            date=events["date"].map(fmt_date),
            present=[t("publication.fewer_than", k=data["k"]) if f else fmt_number(p)
                     for p, f in zip(events["present"], events["present_few"], strict=True)],
            participation_rate=[t("involvement.hidden") if h else fmt_rate(r, m)
                                for r, h, m in zip(events["participation_rate"], events["suppressed"],
                                                   events["participation_rate_max"], strict=True)],
        )[["date", "project_name", "kind_label", "title", "phase_label", "invited", "present",
           "participation_rate"]],
        date=t("involvement.col.date"), project_name=t("involvement.col.project"),
        kind_label=t("involvement.col.kind"), title=t("involvement.col.title"),
        phase_label=t("involvement.col.phase"), invited=t("involvement.col.invited"),
        present=t("involvement.col.present"), participation_rate=t("involvement.col.participation_rate"),
    )
    st.caption(t("involvement.hidden_note", k=data["k"]))
