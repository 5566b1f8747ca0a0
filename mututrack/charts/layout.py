"""The house style applied to a figure, and the pieces of layout that charts share: percent and
month axes, target and date lines, short names, labels of masked figures."""

from __future__ import annotations

import math
import re
import textwrap
from collections.abc import Iterable
from itertools import groupby

import pandas as pd
import plotly.graph_objects as go
from babel.dates import format_date

from mututrack.charts.style import FONT_FAMILY, GRAMMAR, PALETTE, SCREEN, SLIDE_PLOT, TEXT_COLOUR, Style
from mututrack.i18n import LOCALES, fmt_number, fmt_pct, language, t

__all__ = [
    "wrap_title", "narrow_title", "HALF_TITLE_WIDTH", "apply_style", "with_n", "NAME_ABBREVIATIONS",
    "MONTH_STEPS",
]


MARKUP = re.compile(r"</?[a-zA-Z][^>]*>")  # a tag of Plotly's text (<br>, <sup>), not a "< 52" of the words
HALF_TITLE_WIDTH = 38  # characters of a title line when two charts share the page's width


def wrap_title(text: str, *, width: int = 70) -> str:
    """A long title broken into lines of at most ``width`` characters (plotly never wraps by itself);
    lines already broken with ``<br>`` are wrapped each on its own."""
    if not text:
        return text
    return "<br>".join(line for part in text.split("<br>")
                       for line in (textwrap.wrap(part, width=width) or [""]))


def narrow_title(text: str, *, width: int = HALF_TITLE_WIDTH) -> str:
    """A title wrapped again for a chart half the page wide (two charts side by side at 1366 px):
    its plain lines joined and wrapped at ``width``, a line with markup (the ``n = …`` under it) kept."""
    lines: list[str] = []
    for marked, group in groupby((text or "").split("<br>"), key=lambda line: bool(MARKUP.search(line))):
        parts = list(group)
        lines.extend(parts if marked else textwrap.wrap(" ".join(parts), width=width))
    return "<br>".join(lines)


def apply_style(fig: go.Figure, *, style: Style = SCREEN, height: int | None = None) -> go.Figure:
    """The house style: palette, font, white background, legend under the plot; type and title
    width of the ``style``'s medium."""
    size = style.font_size
    title = wrap_title(fig.layout.title.text or "", width=style.title_width)
    fig.update_layout(
        colorway=PALETTE,
        font={"family": FONT_FAMILY, "size": size, "color": TEXT_COLOUR},
        paper_bgcolor="white",
        plot_bgcolor="white",
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        # Above the plot and pushing the top margin itself, however many lines the title wraps to:
        # plotly then keeps it clear of the plot, the tick labels and the axis titles.
        title={"text": title, "x": 0, "xanchor": "left", "yref": "paper", "y": 1, "yanchor": "bottom",
               "automargin": True, "pad": {"l": 10, "b": size}},
        # Pinned to the bottom of the figure: plotly adds its height under the tick labels, however tall
        # they are (a legend placed relative to the plot ran into rotated month labels).
        legend={"orientation": "h", "yref": "container", "y": 0, "yanchor": "bottom", "x": 0,
                "xanchor": "left"},
        separators=t("charts.separators"),
    )
    fig.update_xaxes(showgrid=False, linecolor="#BBBBBB", automargin=True)
    fig.update_yaxes(gridcolor="#E5E5E5", zeroline=False, automargin=True)
    if height:
        fig.update_layout(height=height)
    return fig


def with_n(fig: go.Figure, n: str | None) -> go.Figure:
    """``fig`` with how many people or things it counts (``n = 234 répondants``) after its title,
    on the title's last line when it fits, on a line of its own when it does not."""
    if not n:
        return fig
    title = fig.layout.title.text or ""
    lines = title.split("<br>")
    width = max(max((len(line) for line in lines), default=0), 55)
    last = f"{lines[-1]} · {n}" if lines[-1] and len(lines[-1]) + len(n) + 3 <= width else None
    fig.update_layout(title_text="<br>".join([*lines[:-1], last] if last else [*lines, n]) if title else n)
    return fig


def _fitted_size(count: int, *, style: Style, across: bool = False, chars: float = 1.25) -> int:
    """The font size at which ``count`` rows (or columns, ``across``) of ``chars`` ems each fit a slide's
    plot, never above the text's size nor under 11 px; the text's size off a slide."""
    if not style.slide:
        return style.font_size
    room = SLIDE_PLOT["width" if across else "height"] / max(count, 1) / chars
    return max(11, min(style.font_size, round(room)))


def _percent_axis(axis: str, fig: go.Figure, *, top: float = 1.0) -> None:
    """A 0–100 % axis whose ticks read ``20 %`` in French: plotly's ``.0%`` format glues the sign on."""
    ticks = [i / 5 for i in range(6)]
    update = fig.update_xaxes if axis == "x" else fig.update_yaxes
    update(range=[0, top], tickmode="array", tickvals=ticks, ticktext=[fmt_pct(v) for v in ticks])


def _percent_hover(values: Iterable[float]) -> list[str]:
    """Each value as a French or English percentage, for hover labels (``customdata``)."""
    return [fmt_pct(v) for v in values]


def _target_line(fig: go.Figure, target: float, *, axis: str, name: str | None = None) -> None:
    """A dashed target line across the plot, named in the legend (``objectif 50 %`` unless ``name``
    says otherwise): a label on the plot sat on the bars."""
    line = {"dash": "dash", "color": "#555555", "width": 2}
    (fig.add_vline if axis == "x" else fig.add_hline)(target, line=line)
    fig.add_trace(go.Scatter(x=[None], y=[None], mode="lines", line=line, hoverinfo="skip",
                             name=name or t("charts.early.target", target=fmt_pct(target))))


# Month steps the date axes may tick at.
MONTH_STEPS = (1, 2, 3, 4, 6, 12)


def _month_axis(fig: go.Figure, dates: Iterable[object], *, style: Style, most: int | None = None) -> None:
    """Ticks on the first of the month, ``sept. 2025`` in French (plotly only names months in English),
    every 1 to 12 months so that at ``most`` labels (default: a full-width chart's) fit side by side."""
    known = pd.to_datetime(pd.Series(list(dates)), errors="coerce").dropna()
    if known.empty:
        return
    first, last = known.min().to_period("M"), known.max().to_period("M")
    months = (last - first).n + 1
    step = next((s for s in MONTH_STEPS if math.ceil(months / s) <= (most or style.month_labels)), 12)
    ticks = [p.to_timestamp() for p in pd.period_range(first, last + 1, freq="M")
             if (p.month - 1) % step == 0]
    fig.update_xaxes(tickmode="array", tickvals=ticks,
                     ticktext=[format_date(d, format="MMM yyyy", locale=LOCALES[language()]) for d in ticks])


def _bound(frame: pd.DataFrame, value: str) -> pd.Series:
    """``<value>_max``: the most a rate can be when only that bound is published (fewer than k
    people behind it), NaN elsewhere."""
    column = f"{value}_max"
    return frame[column].astype("float64") if column in frame else pd.Series(float("nan"), index=frame.index)


# The usual short forms of French public employers' names, for tick labels (the hover keeps the
# full name). Patterns are matched whatever the case and the apostrophe.
NAME_ABBREVIATIONS = (
    (r"communauté d['’]agglomération", "CA"),
    (r"communauté de communes", "CC"),
    (r"communauté urbaine", "CU"),
    (r"centre intercommunal d['’]action sociale", "CIAS"),
    (r"centre communal d['’]action sociale", "CCAS"),
    (r"syndicat intercommunal", "SI"),
    (r"\bsainte-", "Ste-"),
    (r"\bsaint-", "St-"),
)


def _short_name(name: object, *, width: int = 24) -> str:
    """An entity's name short enough for a tick label: the usual abbreviations, then cut with "…"."""
    short = str(name)
    for pattern, abbreviation in NAME_ABBREVIATIONS:
        short = re.sub(pattern, abbreviation, short, flags=re.IGNORECASE)
    return short if len(short) <= width else short[: width - 1].rstrip() + "…"


def _wrapped_ticks(axis: str, fig: go.Figure, labels: Iterable[object], *, width: int) -> None:
    """Every category named (plotly skips some when they crowd), with the usual abbreviations and
    wrapped at ``width`` characters; the hover keeps the category's own one-line name."""
    values = list(labels)
    update = fig.update_xaxes if axis == "x" else fig.update_yaxes
    update(tickmode="array", tickvals=values,
           ticktext=[wrap_title(_short_name(v, width=3 * width), width=width) for v in values])


def _date_line(fig: go.Figure, when: object, text: str, colour: str, *, style: Style, dash: str = "dash",
               row: int = 0, anchor: str = "left") -> None:
    """A vertical line at a date with its label at the top of the plot, ``row`` rows of labels down,
    on the ``anchor`` side of the line (add_vline's own annotation fails on dates).

    The label is framed in the line's colour and written in the text's: a palette colour as text
    (sky blue, yellow) falls far under the 4.5:1 contrast small text needs on white (RGAA 3.2)."""
    size = style.note_size
    fig.add_shape(type="line", x0=when, x1=when, y0=0, y1=1, xref="x", yref="paper",
                  line={"color": colour, "dash": dash, "width": 1.5})
    fig.add_annotation(x=when, y=1, yshift=-round(1.6 * size * row), xref="x", yref="paper", text=text,
                       showarrow=False, xanchor=anchor, yanchor="top",
                       font={"color": TEXT_COLOUR, "size": size},
                       bgcolor="rgba(255,255,255,0.85)", bordercolor=colour, borderwidth=1.5)


def _side(when: object, dates: Iterable[object]) -> str:
    """Which side of a date line its label goes: towards the middle, so that it stays on the plot."""
    known = pd.to_datetime(pd.Series(list(dates)), errors="coerce").dropna()
    middle = known.min() + (known.max() - known.min()) / 2 if len(known) else pd.Timestamp(when)
    return "left" if pd.Timestamp(when) <= middle else "right"


def _label_band(rows: int, *, style: Style, height: int) -> float:
    """The share of the plot's height that ``rows`` rows of date labels take at its top (the plot is
    about 60 % of the figure): the data's range is stretched to stay under them."""
    return min(0.5, rows * 1.6 * style.note_size / (0.6 * height))


def _signed(value: float, *, decimals: int = 1, suffix: str = "") -> str:
    """``+3,2`` / ``−1,5`` with the locale's decimal sign; a dash when missing."""
    if value is None or pd.isna(value):
        return "—"
    sign = "+" if value > 0 else ("−" if value < 0 else "±")
    return f"{sign}{fmt_number(abs(value), decimals=decimals)}{suffix}"


def _hidden_text(k: int) -> str:
    return t("qvt.hidden", k=k)


def _mark_hidden_waves(fig: go.Figure, waves: Iterable[object], *, k: int, style: Style) -> None:
    """A grey label up the middle of each masked wave (or stage): never an empty spot that reads as zero."""
    for wave in waves:
        fig.add_annotation(x=wave, y=0.5, yref="paper", text=_hidden_text(k), showarrow=False, textangle=-90,
                           font={"color": "#595959", "size": style.note_size},
                           bgcolor=GRAMMAR["masked"])
