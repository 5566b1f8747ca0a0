"""Participation aux enquêtes: response rates per wave and per group against the roster, live while a
wave is open."""

import streamlit as st

from mututrack import charts, ui
from mututrack.i18n import fmt_number, fmt_pct, t
from mututrack.views.involvement import DIMENSIONS

REFRESH_SECONDS = 30

ui.page_header(t("involvement.participation.title"), t("involvement.participation.caption"))
chosen = ui.filters()


@st.fragment(run_every=REFRESH_SECONDS if ui.view("participation", chosen)["open_wave"] else None)
@ui.guarded  # rerun on its own, outside the frame's guard
def live() -> None:
    data = ui.view("participation", chosen)
    waves = data["waves"]
    if waves.empty:
        st.info(t("involvement.participation.no_wave"))
        return
    if data["open_wave"]:
        st.info(t("involvement.participation.open", wave=ui.literal(data["open_wave"])),
                icon=":material/autorenew:")
    wave = waves[waves["wave"] == (chosen.wave or waves["wave"].iloc[-1])].iloc[0]
    st.metric(
        t("involvement.participation.kpi", wave=ui.literal(wave["wave"])), fmt_pct(wave["response_rate"]),
        help=t("involvement.participation.kpi_help", respondents=wave["respondents_label"],
               active=fmt_number(wave["agents_active"])),
    )
    ui.plot(charts.response_rate_bars(waves, target=data["target"]))
    dimension = st.radio(
        t("involvement.dimension.label"), list(DIMENSIONS), horizontal=True, key="participation_by",
        format_func=lambda d: t(f"involvement.dimension.{d}"),
    )
    groups = data["groups"][dimension]
    groups = groups[groups["wave"] == wave["wave"]]
    title = t("involvement.participation.groups_title", wave=wave["wave"],
              dimension=t(f"involvement.dimension.{dimension}").lower())
    with ui.focus_point("participation_groups"):
        ui.plot(charts.group_rate_bars(groups, "response_rate", title=title, target=data["target"]))
        below = groups.loc[groups["below_target"], "group_label"].tolist()
        if below:
            st.warning(t("involvement.participation.below", groups=", ".join(map(ui.literal, below))),
                       icon=":material/flag:")
        else:
            st.success(t("involvement.participation.all_above"))
        ui.table(
            groups.assign(response_rate=groups["response_rate"].map(fmt_pct),
                          respondents=groups["respondents_label"])[
                ["group_label", "respondents", "agents_active", "response_rate", "below_target"]],
            group_label=t("involvement.col.group"), respondents=t("involvement.col.respondents"),
            agents_active=t("involvement.col.agents_active"),
            response_rate=t("involvement.col.response_rate"),
            below_target=t("involvement.col.below_target"),
        )
    st.caption(t("involvement.hidden_note", k=data["k"]))


live()
