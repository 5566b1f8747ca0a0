"""Qualité de vie au travail: WHO-5, dimensions, answers, change adoption, objective clarity, eNPS."""

import streamlit as st

from mututrack import charts, ui
from mututrack.i18n import fmt_number, fmt_pct, t
from mututrack.ui import plans as plan_widgets

ui.require_role("hr", "director", "council")
ui.page_header(t("qvt.title"), t("qvt.caption"))
data = ui.view("qvt")
k = data["k"]
if data["wave"] is None:
    st.info(t("qvt.no_wave"))
    st.stop()

trend = data["trend"]
now = trend[trend["wave"] == data["wave"]].iloc[0]
cols = st.columns(4)
cols[0].metric(t("qvt.kpi.respondents", wave=data["wave"]), fmt_number(now["respondents"]),
               help=ui.term_help("respondents"))
cols[1].metric(
    t("qvt.kpi.who5"),
    fmt_number(now["who5_index_mean"], decimals=1),
    **ui.delta(None if now["who5_change"] != now["who5_change"]
               else fmt_number(now["who5_change"], decimals=1)),
    help=ui.term_help("who5_index"),
)
cols[2].metric(
    t("qvt.kpi.poor"),
    fmt_pct(now["who5_poor_share"]),
    help=ui.term_help("who5_poor_share", t("qvt.kpi.poor_help", low=fmt_pct(now["who5_poor_low"]),
                                             high=fmt_pct(now["who5_poor_high"]))),
)
cols[3].metric(t("qvt.kpi.enps"), fmt_number(now["enps"]), help=ui.term_help("enps"))
if data["provisional"]:
    st.warning(t("publication.provisional", wave=ui.literal(data["wave"]),
                 rate=fmt_pct(data["response_rate"]), k=k), icon=":material/hourglass_top:")
if data["cell_hidden"]:
    st.warning(t("qvt.cell_hidden", k=k), icon=":material/visibility_off:")
elif ui.filters().entity or ui.filters().category or ui.filters().project:
    st.caption(t("publication.aligned", k=k))
for sentence in data["headlines"]:
    st.markdown(sentence)

with ui.focus_point("qvt_who5"):
    left, right = st.columns(2)
    with left:
        ui.plot(charts.who5_trend(trend, k=k), half=True)
    with right:
        ui.plot(charts.who5_poor_share(trend, k=k), half=True)

st.header(t("qvt.heatmap.title"))
by = ui.breakdown_choice("qvt.heatmap", data["heatmaps"], key="qvt_by")
against = st.radio(
    t("qvt.heatmap.against"),
    ["previous", "org"],
    horizontal=True,
    key="qvt_against",
    format_func=lambda a: t(f"qvt.heatmap.against_{a}", previous=data["previous_wave"] or "—"),
)
heat = data["heatmaps"][by]
if heat.empty:
    st.info(t("qvt.no_answers"))
else:
    ui.plot(charts.qvt_heatmap(heat, against=against, k=k))
    st.caption(t("publication.multiple"))

st.header(t("qvt.drivers.title"), help=t("qvt.drivers.help"))
levers = data["drivers"]
st.caption(levers["caption"])
for column, outcome in zip(st.columns(2), ("who5", "enps"), strict=True):
    column.markdown(levers[outcome]["heading"])
    for line in levers[outcome]["lines"]:
        column.markdown(f"- {line}" if levers[outcome]["reason"] is None else line)
    with column:  # a lever to act on: the actions page's form, filled in (HR and the director)
        for lever in levers[outcome]["levers"].itertuples():
            plan_widgets.create_link(t("actions.create_from_lever", lever=ui.literal(lever.label)),
                                     origin="levier", ref=lever.item, indicator=lever.item)

st.header(t("qvt.adoption.title"))
ui.plot(charts.adoption_stages(data["adoption"], k=k))
st.markdown(data["barrier_sentence"])

st.header(t("qvt.clarity.title"))
clarity = data["clarity"]
if clarity["distribution"].empty:
    st.info(t("qvt.hidden", k=k))
else:
    ui.plot(charts.objective_clarity(clarity["distribution"]))
    st.markdown(clarity["sentence"])

st.header(t("qvt.enps.title"))
ui.plot(charts.enps_trend(trend, k=k))

with ui.focus_point("qvt_items"):
    st.header(t("qvt.items.title"))
    ui.plot(charts.item_diverging_bars(data["items"], data["distribution"], k=k))
st.caption(t("qvt.hidden_note", k=k, k2=2 * k))

if ui.role() == "hr":  # the threshold and the publication of waves live on the Settings page
    st.page_link(ui.page_path("settings"), label=t("qvt.rules.title"), icon=":material/settings:")
