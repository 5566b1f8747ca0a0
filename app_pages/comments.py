"""Commentaires (HR only): the free-text answers of a wave, for groups of at least 10 respondents."""

import streamlit as st

from mututrack import ui
from mututrack.i18n import fmt_number, t

ui.require_role("hr")  # the navigation hides this page from other roles; refuse its URL too
ui.page_header(t("comments.title"), t("comments.caption"))
data = ui.view("comments")
if data["wave"] is None:
    st.info(t("qvt.no_wave"))
    st.stop()
if data["cell_hidden"]:
    st.info(t("comments.hidden", k=data["k"]), icon=":material/visibility_off:")
    st.stop()

st.markdown(t("comments.count", total=fmt_number(data["total"]), wave=ui.literal(data["wave"])))
for row in data["comments_by_group"].itertuples(index=False):
    with st.expander(f"{ui.literal(row.group_label)} ({fmt_number(len(row.comments))})"):
        for text in row.comments:
            st.text(text)
if data["comments_pooled"]:
    with st.expander(t("comments.others", count=fmt_number(len(data["comments_pooled"])))):
        for text in data["comments_pooled"]:
            st.text(text)
st.caption(t("comments.note", k=data["k"]))
