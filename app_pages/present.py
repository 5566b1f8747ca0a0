"""Mode présentation: one chart and one sentence per slide, large type, one screen high, driven by a
presentation clicker (→ PageDown Space next, ← PageUp back, Home End, B black screen)."""

import html

import streamlit as st

from mututrack import charts, ui
from mututrack.i18n import t
from mututrack.report import slides

POSITION, BLACK = "slide_position", "slide_black"
# Key -> where it goes from (position, last). A clicker sends →/PageDown for "next", ←/PageUp for
# "back"; Space and Home/End are the presentation programs' own keys.
MOVES = {
    "PageDown": lambda here, last: min(here + 1, last),
    "Space": lambda here, last: min(here + 1, last),
    "PageUp": lambda here, last: max(here - 1, 0),
    "Home": lambda here, last: 0,
    "End": lambda here, last: last,
}


def go(target: int) -> None:
    st.session_state[POSITION] = target


def toggle_black() -> None:
    st.session_state[BLACK] = not st.session_state.get(BLACK, False)


ui.presentation_style()
chosen = ui.slide_selection()
if not chosen:
    st.info(t("present.empty"))
    st.stop()

last = len(chosen) - 1
position = min(st.session_state.get(POSITION, 0), last)
previous, counter, following, leave = st.columns([1, 2, 1, 1], vertical_alignment="center")
previous.button(t("present.previous"), disabled=position == 0, width="stretch", shortcut="Left",
                on_click=go, args=(position - 1,))
following.button(t("present.next"), disabled=position == last, width="stretch", type="primary",
                 shortcut="Right", on_click=go, args=(position + 1,), help=t("present.keys_help"))
counter.markdown(f"<p class='mt-counter'>{position + 1} / {len(chosen)}</p>", unsafe_allow_html=True)
leave.link_button(t("present.leave"), "./", width="stretch")
with st.container(key="mt-keys"):  # hidden by PRESENT_CSS: their shortcuts still work
    for key, move in MOVES.items():
        st.button(key, key=f"present-{key}", shortcut=key, on_click=go, args=(move(position, last),))
    st.button("B", key="present-black", shortcut="B", on_click=toggle_black)
if st.session_state.get(BLACK):
    st.markdown("<div class='mt-black'></div>", unsafe_allow_html=True)


@st.fragment(run_every=ui.PRESENT_REFRESH_SECONDS)
@ui.guarded  # rerun on its own, outside the frame's guard
def show(slide_id: str) -> None:
    slide = slides.by_id(slide_id)
    data = ui.view(slide.view)
    # Styled by PRESENT_CSS: the chart takes the height left.
    with st.container(key="mt-slide", height="stretch"):
        ribbon = slides.provisional_ribbon(data)
        if ribbon:
            st.markdown(f"<p class='mt-ribbon'>{html.escape(ribbon)}</p>", unsafe_allow_html=True)
        st.header(slide.title())
        figure = slide.chart(data, charts.PROJECTOR)
        with st.container(key="mt-chart", height="stretch"):
            if figure is None:
                st.info(t("present.no_data"))
            else:
                ui.plot(figure, key=f"slide-{slide_id}", height="stretch", described=False)
        with st.container(key="mt-sentence"):  # the sentence quotes names, so no HTML
            st.markdown(ui.literal(slide.sentence(data)))


show(chosen[position])
