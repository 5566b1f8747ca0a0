"""Commentaires (HR only): the free-text answers of a wave, for groups of at least 10 respondents,
with their themes above the list."""

import streamlit as st

from mututrack import charts, ui
from mututrack.i18n import fmt_number, t
from mututrack.metrics.themes import MIN_COMMENTS, MIN_GROUPED
from mututrack.views.comment_themes import listed

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
st.header(t("comments.themes.title"))  # a section under the page title (h2)
themes = data["themes"]
if data["themes_level"] == "none":
    st.info(t("comments.themes.too_few", minimum=MIN_COMMENTS))
elif data["themes_level"] == "lexicon":
    st.info(t("comments.themes.lexicon_only", minimum=MIN_GROUPED))
if data["themes_level"] != "none" and themes.empty:
    st.info(t("comments.themes.none_shown", k=data["theme_k"]))
if not themes.empty:
    ui.plot(charts.theme_bars(themes), described=True)
    for row in themes.itertuples(index=False):
        with st.expander(t("comments.themes.expander", label=ui.literal(row.label), count=row.count_label)):
            st.markdown(t("comments.themes.trend", trend=ui.literal(row.trend)))
            st.caption(t("comments.themes.examples"))
            for text in row.examples:
                st.text(text)
if data["themes_hidden"]:
    st.caption(t("comments.themes.hidden", k=data["theme_k"], themes=", ".join(data["themes_hidden"])))
if data["themes_level"] != "none":
    st.caption(t("comments.themes.how"))
names = dict(zip(themes["theme"], themes["label"], strict=True))
theme = st.selectbox(t("comments.themes.filter"), ["", *names], key="comment_theme",
                     format_func=lambda key: names.get(key, t("comments.themes.all")), disabled=not names)
theme = theme if theme in names else None  # a theme of another selection, kept by the widget
by_group, pooled = listed(data, theme)
if theme:
    shown = sum(len(texts) for texts in by_group["comments"]) + len(pooled)
    st.markdown(t("comments.themes.filtered", count=shown, theme=ui.literal(names[theme])))

for row in by_group.itertuples(index=False):
    with st.expander(f"{ui.literal(row.group_label)} ({fmt_number(len(row.comments))})"):
        for text in row.comments:
            st.text(text)
if pooled:
    with st.expander(t("comments.others", count=fmt_number(len(pooled)))):
        for text in pooled:
            st.text(text)
st.caption(t("comments.note", k=data["k"]))
