"""Mode présentation: one chart and one sentence per slide, large type, for councils and the CST."""

import streamlit as st

from mututrack import ui
from mututrack.i18n import t
from mututrack.report import slides

ui.presentation_style()
chosen = ui.slide_selection()
if not chosen:
    st.info(t("present.empty"))
    st.stop()

position = min(st.session_state.get("slide_position", 0), len(chosen) - 1)
previous, counter, following, leave = st.columns([1, 2, 1, 1])
if previous.button(t("present.previous"), disabled=position == 0, width="stretch"):
    position -= 1
if following.button(t("present.next"), disabled=position == len(chosen) - 1, width="stretch", type="primary"):
    position += 1
st.session_state["slide_position"] = position
counter.markdown(f"<p class='mt-counter'>{position + 1} / {len(chosen)}</p>", unsafe_allow_html=True)
leave.link_button(t("present.leave"), "./", width="stretch")


@st.fragment(run_every=ui.PRESENT_REFRESH_SECONDS)
@ui.guarded  # rerun on its own, outside the frame's guard
def show(slide_id: str) -> None:
    slide = slides.by_id(slide_id)
    data = ui.view(slide.view)
    st.header(slide.title())
    figure = slide.figure(data, True)
    if figure is None:
        st.info(t("present.no_data"))
    else:
        ui.plot(figure, key=f"slide-{slide_id}")
    with st.container(key="mt-sentence"):  # styled by PRESENT_CSS; the sentence quotes names, so no HTML
        st.markdown(ui.literal(slide.statement(data)))


show(chosen[position])
