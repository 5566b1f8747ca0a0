"""Paramètres (HR only): the anonymity threshold, the publication of survey waves, the pseudonymisation
key."""

import streamlit as st

from mututrack import keys, ui
from mututrack.i18n import fmt_date, t
from mututrack.publication import suppression as privacy

ui.require_role("hr")
ui.page_header(t("settings.title"), t("settings.caption"), filtered=False)
store = ui.store()

st.header(t("settings.k.title"))
st.caption(t("settings.k.help"))
with st.form("k_threshold"):
    k = st.slider(t("settings.k.label"), min(privacy.K_RANGE), max(privacy.K_RANGE), privacy.threshold(store))
    if st.form_submit_button(t("settings.save")):
        privacy.set_threshold(store, k)
        ui.log_action("setting", f"k_threshold={k}")
        st.success(t("settings.saved"))  # in the form, where the button is

with st.expander(t("settings.rules.title")):
    current = privacy.threshold(store)
    st.markdown(t("settings.rules.body", k=current, k2=2 * current))

st.header(t("settings.waves.title"))
st.caption(t("settings.waves.help"))
waves = ui.view("filters")["wave_table"]
if waves.empty:
    st.info(t("settings.waves.none"))


def publish_now(wave: str) -> ui.Outcome:
    locked = privacy.publish_wave(store, wave)
    ui.log_action("setting", f"publish {wave} k={locked}")
    return "success", t("settings.waves.publish_done", wave=ui.literal(wave), k=locked)


for wave in waves.itertuples(index=False):
    left, right = st.columns([3, 1])
    key = f"publish_{wave.wave}"
    if wave.published:
        left.markdown(t("settings.waves.published", wave=wave.wave, k=wave.k_threshold))
        with left:
            ui.feedback(key)  # the answer to "Publier" shows on the wave's own line
        continue
    left.markdown(t("settings.waves.unpublished", wave=wave.wave, closed=fmt_date(wave.closed_at)))
    right.button(t("settings.waves.publish"), key=key, on_click=ui.ask_first(key))
    ui.confirmation(key, t("settings.waves.publish_title", wave=wave.wave),
                    t("settings.waves.publish_body", k=privacy.threshold(store, wave.wave)),
                    t("settings.waves.publish"), lambda w=wave.wave: publish_now(w))

st.header(t("settings.key.title"))
st.caption(t("settings.key.help"))
key = keys.status(store)
st.markdown(t(f"settings.key.where.{key['source']}", path=key["key_file"]))
if key["state"] in ("ok", "none_yet"):
    st.success(t(f"settings.key.state.{key['state']}"))
else:
    st.error(t(f"settings.key.state.{key['state']}"))
