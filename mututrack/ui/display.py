"""Showing things the same way on every page: charts, tables, notes, the demo banner, the
projector's layout and the file chooser in the user's language."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from mututrack import charts, i18n
from mututrack.charts import text as chart_text
from mututrack.i18n import t
from mututrack.ui.data import store

__all__ = [
    "ASSETS", "PRESENT_REFRESH_SECONDS", "demo_banner", "is_presenting", "presentation_style", "literal",
    "delta", "plot", "table", "hidden_note", "file_uploader",
]


# The app's own files (its icon): nothing from the network.
ASSETS = Path(__file__).resolve().parent.parent / "assets"


def demo_banner() -> None:
    """The "données de démonstration" banner, shown on every page until real data is imported."""
    if store().is_demo():
        if is_presenting():  # one thin line: the projector's height belongs to the slide
            st.caption(t("ui.demo.banner"))
        else:
            st.info(t("ui.demo.banner"), icon=":material/science:")


# A projected slide picks up another session's import within this delay (seconds; the browser
# journeys shorten it with MUTUTRACK_PRESENT_REFRESH).
PRESENT_REFRESH_SECONDS = float(os.environ.get("MUTUTRACK_PRESENT_REFRESH") or 30)
# The projector's layout: one screen, never a scroll bar, at 1366 × 768 as at 1920 × 1080. The block
# holding the page is exactly the window's height, a column whose chart (``mt-chart``, drawn with
# height="stretch") takes whatever the bar, the title and the sentence leave.
PRESENT_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"], .st-key-mt-keys { display: none !important; }
[data-testid="stMainBlockContainer"] { padding: 0.6rem 1.5rem 0.4rem; max-width: 100%; height: 100vh;
  box-sizing: border-box; }
[data-testid="stMainBlockContainer"] > [data-testid="stVerticalBlock"] { height: 100%; gap: 0.4rem; }
[data-testid="stElementContainer"]:has(> [data-testid="stMarkdown"] style) { display: none; }
[data-testid="stVerticalBlock"]:has(.st-key-mt-chart) > * { flex-shrink: 0; }
/* Every block from the page's down to the chart's grows into the height left (a fragment and each
   container come wrapped in a block of their own). */
[data-testid="stLayoutWrapper"]:has(.st-key-mt-chart), [data-testid="stVerticalBlock"]:has(.st-key-mt-chart),
.st-key-mt-chart { flex: 1 1 0 !important; min-height: 0 !important; }
.st-key-mt-slide { gap: 0.4rem; }
/* Streamlit pulls each markdown block 1rem up into the gap: the title and the sentence would then
   overflow their boxes, and the window. */
.st-key-mt-slide [data-testid="stMarkdownContainer"] { margin-bottom: 0 !important; }
h2 { font-size: 2.4rem !important; color: #000000; padding: 0 !important; line-height: 1.15 !important; }
/* !important: Streamlit's own rule for a markdown <p> outranks a class alone (seen: 16 px) */
.st-key-mt-sentence p { font-size: 2rem !important; line-height: 1.25; color: #000000; margin: 0; }
.mt-counter { font-size: 1.4rem !important; text-align: center; color: #333333; margin: 0; }
.mt-ribbon { background: #E69F00; color: #000000; font-size: 1.5rem; font-weight: 700; padding: 0.2rem 1rem;
  margin: 0; border-radius: 0.3rem; }
.mt-black { position: fixed; inset: 0; background: #000000; z-index: 1000000; }
button p { font-size: 1.3rem !important; }
</style>
"""


def is_presenting() -> bool:
    """True when the URL asks for presentation mode (``?present=1``)."""
    return st.query_params.get("present") == "1"


def presentation_style() -> None:
    """Large type, no sidebar, header or toolbar, one screen high: the projector's layout."""
    st.markdown(PRESENT_CSS, unsafe_allow_html=True)


literal = i18n.literal  # escaping what users brought belongs with the words it is put into


def delta(text: str | None, *, inverse: bool = False) -> dict[str, Any]:
    """``st.metric``'s delta arguments for a change written with the typographic minus ("−3,5"):
    Streamlit reads a fall only from a leading hyphen, so the arrow and its colour are given here
    (a fall is red, or green when ``inverse``: fewer open proposals is good)."""
    if not text:
        return {"delta": None}
    if not text.startswith("\u2212"):
        return {"delta": text, "delta_color": "inverse" if inverse else "normal"}
    return {"delta": text, "delta_color": "green" if inverse else "red", "delta_arrow": "down"}


def document_language() -> None:
    """Set ``<html lang>`` to the UI language: Streamlit's page says ``en`` whatever the content, and
    a screen reader would read the French pages with English pronunciation (RGAA 8.3, WCAG 3.1.1).
    The language is one of :data:`mututrack.i18n.LANGUAGES`, never text from a user."""
    lang = i18n.language()
    if lang in i18n.LANGUAGES:
        st.html(f"<script>window.parent.document.documentElement.lang = '{lang}';"
                f"document.documentElement.lang = '{lang}';</script>", unsafe_allow_javascript=True)


def plot(
    fig: go.Figure,
    *,
    key: str | None = None,
    height: int | str = "content",
    described: bool = True,
    half: bool = False,
) -> None:
    """A chart with its own fonts and palette (Streamlit's theme would override them); ``height``
    "stretch" fills its container (a projected slide), whatever the figure's own height.

    ``described``: its text alternative under it (RGAA 1.3): one sentence saying what it shows, and
    its data as a table in a folded section, both read from the figure (:mod:`mututrack.charts.text`).
    Presentation mode leaves them out: a slide is one screen high, and its sentence is its caption.
    ``half``: the chart shares the page's width with another, its title wrapped narrower (at 1366 px
    a title wrapped for the whole width runs off a half-width chart).
    """
    if half:
        fig.update_layout(title_text=charts.narrow_title(fig.layout.title.text or ""))
    st.plotly_chart(fig, theme=None, key=key, height=height, config={"displaylogo": False})
    if described:
        data = chart_text.chart_data(fig)
        st.caption(chart_text.chart_sentence(fig, data))
        if not data.empty:
            columns = ["series", "label", "shown"] if data["series"].nunique() > 1 else ["label", "shown"]
            names = {"series": t("charts.text.series_column"), "label": t("charts.text.label_column"),
                     "shown": t("charts.text.value_column")}
            with st.expander(t("charts.text.data")):
                table(data[columns].rename(columns=names))


def table(frame: pd.DataFrame, **column_config: Any) -> None:
    """A read-only table without the row index."""
    st.dataframe(frame, hide_index=True, column_config=column_config or None)


def hidden_note(k: int = 5) -> None:
    """The reminder that groups under the anonymity threshold are masked, and why."""
    st.caption(t("ui.privacy.hidden_note", k=k))


# -- the file chooser in the user's language -----------------------------------------------------
# st.file_uploader's own words are English in Streamlit 1.67 ("Upload", "200MB per file", "Drag and
# drop a file here"; streamlit/streamlit#13500 asks for a parameter). They are hidden and replaced by CSS
# (``content``), sent with the page (nothing fetched). The test ids are Streamlit 1.67's; the drag
# overlay has none: it is the dropzone's only child div without one. A browser test checks the result.
UPLOAD_CSS = """
[data-testid="stFileUploaderDropzone"] [data-testid="stBaseButton-secondary"]
  [data-testid="stMarkdownContainer"] p {{ font-size: 0; }}
[data-testid="stFileUploaderDropzone"] [data-testid="stBaseButton-secondary"]
  [data-testid="stMarkdownContainer"] p::after {{ content: {browse}; font-size: 0.875rem; }}
[data-testid="stFileUploaderDropzoneInstructions"] span {{ font-size: 0; }}
[data-testid="stFileUploaderDropzoneInstructions"] span::after {{ content: {instructions};
  font-size: 0.875rem; }}
[data-testid="stFileUploaderDropzone"] > div:not([data-testid]) > span {{ font-size: 0; }}
[data-testid="stFileUploaderDropzone"] > div:not([data-testid]) > span::after {{ content: {drop};
  font-size: 0.875rem; }}
[data-testid="stFileChip"] [role="alert"] {{ font-size: 0; }}
[data-testid="stFileChip"] [role="alert"]::after {{ content: {refused}; font-size: 0.875rem; }}
"""


def file_uploader(label: str, *, key: str, types: list[str]) -> Any:
    """``st.file_uploader`` for one file of ``types``, its own words in the user's language."""
    limit = st.get_option("server.maxUploadSize")
    shown = ", ".join(kind.upper() for kind in types)
    words = {
        "browse": t("ui.upload.browse"), "drop": t("ui.upload.drop"),
        "instructions": t("ui.upload.instructions", limit=limit, types=shown),
        "refused": t("ui.upload.refused", limit=limit, types=shown),
    }
    css = UPLOAD_CSS.format(**{name: _css_string(text) for name, text in words.items()})
    st.html("<style>" + css + "</style>")
    return st.file_uploader(label, type=types, key=key)


def _css_string(text: str) -> str:
    """``text`` as a CSS string literal (quotes and backslashes escaped; no markup can follow)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ").replace("\n", " ") + '"'
