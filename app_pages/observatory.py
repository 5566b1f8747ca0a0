"""Observatoire: a territory's exported figures against the distribution across territories."""

import streamlit as st

from mututrack import charts, observatory, ui
from mututrack.i18n import fmt_number, t

ui.page_header(t("observatory.title"), t("observatory.caption"), filtered=False)
folder = ui.observatory_folder()
try:
    frame = ui.observatory_positions(folder)
except ValueError as error:
    st.error(t("observatory.error"))
    st.caption(ui.literal(str(error)))
    st.stop()

profiles = observatory.profiles(frame)
left, middle, right = st.columns(3)
territory = left.selectbox(t("observatory.territory"), profiles["territory"].tolist(),
                           key="observatory_territory")
waves = sorted(frame.loc[frame["territory"] == territory, "wave"].unique())
wave = middle.selectbox(t("observatory.wave"), waves, index=len(waves) - 1, key="observatory_wave")
peers = right.radio(t("observatory.peers"), list(observatory.PEERS), key="observatory_peers",
                    format_func=lambda p: t(f"observatory.peers.{p}"), horizontal=True)
data = observatory.page(frame, territory, wave, peers)
profile = data["profile"]
st.caption(t("observatory.profile", territories=len(profiles), territory=ui.literal(territory),
             size=t(f"observatory.size.{profile['size_band']}"),
             kind=t(f"observatory.kind.{profile['pooling_kind']}"),
             communes=fmt_number(profile["member_communes"])))


if not data["measures"]:
    st.info(t("observatory.no_peer"))
columns = st.columns(2)
for position, block in enumerate(data["measures"]):
    with columns[position % 2]:
        title = t(f"observatory.measure.{block['measure']}")
        ui.plot(charts.observatory_position(block["points"], title=title, percent=block["percent"]),
                key=f"observatory_{block['measure']}", half=True)
ui.table(
    observatory.display_table(data["table"]),
    measure=t("observatory.col.measure"), value=t("observatory.col.value"), n=t("observatory.col.n"),
    territories=t("observatory.col.territories"), median=t("observatory.col.median"),
    quartiles=t("observatory.col.quartiles"), position=t("observatory.col.position"),
)
st.caption(t("observatory.note"))
