"""Plotly figures from DataFrames; no streamlit here.

One colour grammar and one font scale for every chart, so that the screen, the projector
(presentation mode, larger type) and the council pack say the same thing the same way. The colours
are Okabe–Ito's, readable by colour-blind viewers.
"""

from __future__ import annotations

import math
import re
import textwrap
from collections.abc import Iterable

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from babel.dates import format_date

from mututrack.i18n import LOCALES, fmt_number, fmt_pct, fmt_rate, language, t
from mututrack.metrics.qvt import WHO5_POOR_INDEX_BELOW

__all__ = ["PALETTE", "STATUS_COLOURS", "GRAMMAR", "FONT_FAMILY", "apply_style", "with_n", "headcount_by_kind", "early_involvement_bars"]
__all__ += [  # involvement, concertation, network, participation, proposals
    "involvement_curve", "group_rate_bars", "charter_timeline", "events_by_month", "shared_events_heatmap",
    "network_graph", "response_rate_bars", "proposals_funnel",
]
__all__ += ["observatory_position"]

# Okabe & Ito (2008), "Color Universal Design": distinguishable with every common colour-vision deficiency.
# The one colour grammar of screen charts, slides and pack: a colour that judges means the same on
# every chart. Blue is good (at or above target, favourable, better), vermilion bad (below target,
# unfavourable, worse), orange a warning (late, "don't know"), grey no judgement (upcoming), light
# grey masked by the anonymity rules; a figure of a wave still open is drawn in pale blue.
GRAMMAR = {"good": "#0072B2", "bad": "#D55E00", "warning": "#E69F00", "neutral": "#8C8C8C", "masked": "#D9D9D9",
           "provisional": "#A9D3EE"}
STATUS_COLOURS = GRAMMAR
# Series that judge nothing (projects, kinds of event, periods, counts) take colours the grammar
# does not use, so that no project looks "good" and no kind of event "bad". The first is the ink of
# a chart with one series.
PALETTE = ["#56B4E9", "#CC79A7", "#009E73", "#000000", "#F0E442", "#882255"]
FONT_FAMILY = "DejaVu Sans, Arial, Helvetica, sans-serif"  # ships with Debian; no web font download
FONT_SIZES = {"normal": 14, "large": 24}
# Layout pixels of a slide's chart: the council pack's chart box (report.pack.CHART_PIXELS). A large
# figure no taller fills the box at full size; a taller one is drawn smaller on the slide.
SLIDE_HEIGHT = 580


def wrap_title(text: str, *, width: int = 70) -> str:
    """A long title broken into lines of at most ``width`` characters (plotly never wraps by itself);
    lines already broken with ``<br>`` are wrapped each on its own."""
    if not text:
        return text
    return "<br>".join(line for part in text.split("<br>") for line in (textwrap.wrap(part, width=width) or [""]))


def apply_style(fig: go.Figure, *, large: bool = False, height: int | None = None) -> go.Figure:
    """The house style: palette, font, white background, legend under the plot; ``large`` for projection."""
    size = FONT_SIZES["large" if large else "normal"]
    # 55 characters fit a half-width column (two charts side by side) at the normal font size.
    title = wrap_title(fig.layout.title.text or "", width=60 if large else 55)
    fig.update_layout(
        colorway=PALETTE,
        font={"family": FONT_FAMILY, "size": size, "color": "#1A1A1A"},
        paper_bgcolor="white",
        plot_bgcolor="white",
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        # Above the plot and pushing the top margin itself, however many lines the title wraps to:
        # plotly then keeps it clear of the plot, the tick labels and the axis titles.
        title={"text": title, "x": 0, "xanchor": "left", "yref": "paper", "y": 1, "yanchor": "bottom",
               "automargin": True, "pad": {"l": 10, "b": size}},
        # Pinned to the bottom of the figure: plotly adds its height under the tick labels, however tall
        # they are (a legend placed relative to the plot ran into rotated month labels).
        legend={"orientation": "h", "yref": "container", "y": 0, "yanchor": "bottom", "x": 0, "xanchor": "left"},
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


def _scale(large: bool) -> float:
    """How much larger everything is in presentation mode than on screen (the font ratio)."""
    return FONT_SIZES["large"] / FONT_SIZES["normal"] if large else 1.0


# The plot area of a slide on the smallest projector (1366 × 768, presentation mode), in pixels: a
# chart with many rows or columns writes their names and values small enough to fit there.
SLIDE_PLOT = {"height": 380, "width": 900}


def _fitted_size(count: int, *, large: bool, across: bool = False, chars: float = 1.25) -> int:
    """The font size at which ``count`` rows (or columns, ``across``) of ``chars`` ems each fit a slide's
    plot, never above the text's size nor under 11 px; the screen's size off a slide."""
    size = FONT_SIZES["large" if large else "normal"]
    if not large:
        return size
    room = SLIDE_PLOT["width" if across else "height"] / max(count, 1) / chars
    return max(11, min(size, round(room)))


def _note_size(large: bool) -> int:
    """The font size of labels written on the plot (date lines, notes): a little under the text's."""
    return round(0.85 * FONT_SIZES["large" if large else "normal"])


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


# Month steps the date axes may tick at, and how many labels fit across a chart (``mmm yyyy``).
MONTH_STEPS = (1, 2, 3, 4, 6, 12)
MONTH_LABELS = {False: 7, True: 6}


def _month_axis(fig: go.Figure, dates: Iterable[object], *, large: bool, most: int | None = None) -> None:
    """Ticks on the first of the month, ``sept. 2025`` in French (plotly only names months in English),
    every 1 to 12 months so that at ``most`` labels (default: a full-width chart's) fit side by side."""
    known = pd.to_datetime(pd.Series(list(dates)), errors="coerce").dropna()
    if known.empty:
        return
    first, last = known.min().to_period("M"), known.max().to_period("M")
    months = (last - first).n + 1
    step = next((s for s in MONTH_STEPS if math.ceil(months / s) <= (most or MONTH_LABELS[large])), 12)
    ticks = [p.to_timestamp() for p in pd.period_range(first, last + 1, freq="M") if (p.month - 1) % step == 0]
    fig.update_xaxes(tickmode="array", tickvals=ticks,
                     ticktext=[format_date(d, format="MMM yyyy", locale=LOCALES[language()]) for d in ticks])


# -- Overview ---------------------------------------------------------------------------------
def headcount_by_kind(frame: pd.DataFrame, *, large: bool = False) -> go.Figure:
    """Bars of active agents per entity kind (columns ``kind_label``, ``agents``)."""
    fig = go.Figure(
        go.Bar(
            x=frame["agents"],
            y=frame["kind_label"],
            orientation="h",
            marker_color=PALETTE[0],
            text=frame["agents"],
            textposition="auto",
            hovertemplate="%{y} : %{x}<extra></extra>",
        )
    )
    fig.update_layout(title=t("charts.headcount.title"), xaxis_title=t("charts.headcount.x"))
    fig.update_yaxes(autorange="reversed")
    return apply_style(fig, large=large, height=round((120 + 50 * len(frame)) * _scale(large)))


def _bound(frame: pd.DataFrame, value: str) -> pd.Series:
    """``<value>_max``: the most a rate can be when only that bound is published (fewer than k
    people behind it), NaN elsewhere."""
    column = f"{value}_max"
    return frame[column].astype("float64") if column in frame else pd.Series(float("nan"), index=frame.index)


def early_involvement_bars(frame: pd.DataFrame, *, target: float = 0.5, large: bool = False) -> go.Figure:
    """Early-involvement rate per project (columns ``name``, ``early_involvement_rate``, optionally
    ``early_involvement_rate_max``: a bound drawn as its bar, labelled "< x %"), target line."""
    most = _bound(frame, "early_involvement_rate")
    labels = [fmt_rate(r, m)
              for r, m in zip(frame["early_involvement_rate"].astype(float), most, strict=True)]
    rates = frame["early_involvement_rate"].astype(float).fillna(most)
    colours = [GRAMMAR["good"] if r >= target else GRAMMAR["bad"] for r in rates.fillna(0)]
    fig = go.Figure(
        go.Bar(
            x=rates,
            y=frame["name"],
            orientation="h",
            marker_color=colours,
            text=labels,
            textposition="auto",
            customdata=labels,
            hovertemplate="%{y} : %{customdata}<extra></extra>",
            showlegend=False,
        )
    )
    _target_line(fig, target, axis="x")
    fig.update_layout(title=t("charts.early.title"))
    _percent_axis("x", fig, top=1.08)  # room for the "100 %" tick label at the right edge
    fig.update_yaxes(autorange="reversed")
    return apply_style(fig, large=large, height=round((150 + 60 * len(frame)) * _scale(large)))


# -- Involvement, concertation, network, survey participation, proposals ----------------------
CHARTER_COLOURS = {
    "on_time": GRAMMAR["good"],
    "late": GRAMMAR["warning"],
    "overdue": GRAMMAR["bad"],
    "upcoming": GRAMMAR["neutral"],
}
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


def _date_line(fig: go.Figure, when: object, text: str, colour: str, *, large: bool, dash: str = "dash",
               row: int = 0, anchor: str = "left") -> None:
    """A vertical line at a date with its label at the top of the plot, ``row`` rows of labels down,
    on the ``anchor`` side of the line (add_vline's own annotation fails on dates)."""
    size = _note_size(large)
    fig.add_shape(type="line", x0=when, x1=when, y0=0, y1=1, xref="x", yref="paper",
                  line={"color": colour, "dash": dash, "width": 1.5})
    fig.add_annotation(x=when, y=1, yshift=-round(1.6 * size * row), xref="x", yref="paper", text=text,
                       showarrow=False, xanchor=anchor, yanchor="top", font={"color": colour, "size": size},
                       bgcolor="rgba(255,255,255,0.85)")


def _side(when: object, dates: Iterable[object]) -> str:
    """Which side of a date line its label goes: towards the middle, so that it stays on the plot."""
    known = pd.to_datetime(pd.Series(list(dates)), errors="coerce").dropna()
    middle = known.min() + (known.max() - known.min()) / 2 if len(known) else pd.Timestamp(when)
    return "left" if pd.Timestamp(when) <= middle else "right"


def _label_band(rows: int, *, large: bool, height: int) -> float:
    """The share of the plot's height that ``rows`` rows of date labels take at its top (the plot is
    about 60 % of the figure): the data's range is stretched to stay under them."""
    return min(0.5, rows * 1.6 * _note_size(large) / (0.6 * height))


def involvement_curve(curve: pd.DataFrame, projects: pd.DataFrame, *, large: bool = False) -> go.Figure:
    """Cumulative share of in-scope agents involved, one line per project, with its decision (dashed)
    and go-live (dotted) dates (``curve``: ``project_id``, ``date``, ``involvement_share``;
    ``projects``: ``project_id``, ``name``, ``decision_date``, ``go_live_date``).
    """
    fig = go.Figure()
    dates = [*curve["date"], *projects["decision_date"], *projects["go_live_date"]]
    for index, project in enumerate(projects.itertuples(index=False)):
        colour = PALETTE[index % len(PALETTE)]
        points = curve[curve["project_id"] == project.project_id]
        fig.add_trace(go.Scatter(
            x=points["date"], y=points["involvement_share"], mode="lines", line_shape="hv", name=project.name,
            line={"color": colour, "width": 3 * _scale(large)}, customdata=_percent_hover(points["involvement_share"]),
            hovertemplate="%{x|%d/%m/%Y} : %{customdata}<extra>" + str(project.name) + "</extra>",
        ))
        for when, key, dash in ((project.decision_date, "decision", "dash"), (project.go_live_date, "go_live", "dot")):
            if pd.notna(when):
                _date_line(fig, when, t(f"involvement.chart.{key}"), colour, large=large, dash=dash, row=index,
                           anchor=_side(when, dates))
    height = SLIDE_HEIGHT if large else 480
    # No y-axis title: the chart's title says what is counted, and a long axis title ran into it.
    fig.update_layout(title=t("involvement.chart.curve_title"))
    _percent_axis("y", fig, top=1.02 / (1 - _label_band(len(projects), large=large, height=height)))
    _month_axis(fig, dates, large=large)
    return apply_style(fig, large=large, height=height)


def group_rate_bars(
    frame: pd.DataFrame, value: str, *, title: str, target: float | None = None, large: bool = False
) -> go.Figure:
    """Horizontal bars of a rate per group (``group_label``, ``value``, ``suppressed``), in the
    frame's order from the top; below ``target`` in the alert colour, hidden groups greyed out.
    """
    rates = frame[value].astype("float64")
    hidden = frame["suppressed"].astype(bool)
    colours = [
        GRAMMAR["masked"] if h else (GRAMMAR["bad"] if target is not None and r < target else GRAMMAR["good"])
        for r, h in zip(rates.fillna(0), hidden, strict=True)
    ]
    most = _bound(frame, value)
    labels = [t("involvement.hidden") if h else fmt_rate(r, m)
              for r, h, m in zip(rates, hidden, most, strict=True)]
    rates = rates.fillna(most)
    fig = go.Figure(go.Bar(
        x=rates.where(~hidden, 0.02), y=frame["group_label"], orientation="h", marker_color=colours,
        text=labels, textposition="outside", cliponaxis=False, customdata=labels,
        hovertemplate="%{y} : %{customdata}<extra></extra>", showlegend=False,
    ))
    if target is not None:
        _target_line(fig, target, axis="x")
    fig.update_layout(title=title)
    _percent_axis("x", fig, top=1.15)  # room for "100 %" outside its bar
    fig.update_yaxes(autorange="reversed", type="category")
    return apply_style(fig, large=large, height=round((160 + 28 * max(len(frame), 1)) * _scale(large)))


def charter_timeline(steps: pd.DataFrame, *, today: object, large: bool = False) -> go.Figure:
    """The charter's steps, planned (open circle) against actual (filled) date, joined by a line
    coloured on time / late / overdue / upcoming (``steps``: ``project_name``, ``step``,
    ``planned_date``, ``actual_date``, ``status``, ``status_label``); an overdue step runs to today.
    Each project's name heads its steps, one line each.
    """
    fig = go.Figure()
    keys, labels = _charter_rows(steps)
    rows = steps["project_name"].astype(str) + "|" + steps.index.astype(str)
    about = steps["step"].astype(str) + " · " + steps["project_name"].astype(str)
    now = pd.Timestamp(today)
    for status, colour in CHARTER_COLOURS.items():
        chosen = steps["status"] == status
        if chosen.any():
            _charter_status(fig, steps[chosen], rows[chosen], about[chosen], colour, large=large,
                            end=now if status == "overdue" else pd.NaT)
    # The project rows hold no point: an invisible one keeps them on the axis.
    headers = [key for key in keys if key.endswith("|")]
    fig.add_trace(go.Scatter(x=[now] * len(headers), y=headers, mode="markers", marker={"opacity": 0},
                             hoverinfo="skip", showlegend=False))
    dates = [*steps["planned_date"], *steps["actual_date"], now]
    _date_line(fig, now, t("involvement.chart.today"), "#555555", large=large, dash="dot", anchor=_side(now, dates))
    fig.update_layout(title=t("involvement.chart.charter_title"))
    fig.update_yaxes(autorange="reversed", type="category", categoryorder="array", categoryarray=keys,
                     tickmode="array", tickvals=keys, ticktext=labels, tickfont={"size": _fitted_size(len(keys), large=large)})
    _month_axis(fig, dates, large=large, most=4 if large else 6)  # the step names take half the width
    size = FONT_SIZES["large" if large else "normal"]
    row = 1.5 if large else 1.7  # a line of text and a little air; tighter on a slide, which is scaled down
    return apply_style(fig, large=large, height=round(len(keys) * row * size + 8 * size))


def _charter_rows(steps: pd.DataFrame) -> tuple[list[str], list[str]]:
    """The y rows, keys and labels: each project's name in bold, then its steps. One line per row
    (a step with its project under it took two lines, which overlapped once the type grew)."""
    keys, labels = [], []
    for project, part in steps.groupby("project_name", sort=False):
        keys += [f"{project}|", *(f"{project}|{index}" for index in part.index)]
        labels += [f"<b>{project}</b>", *part["step"].astype(str)]
    return keys, labels


def _charter_status(fig: go.Figure, part: pd.DataFrame, rows: pd.Series, about: pd.Series, colour: str, *,
                    large: bool, end: object) -> None:
    """The steps of one status: planned → actual (or ``end``) segments, open and filled markers."""
    stops = pd.to_datetime(part["actual_date"]).fillna(end)
    xs, ys = [], []
    for row, start, stop in zip(rows, pd.to_datetime(part["planned_date"]), stops, strict=True):
        xs += [start, stop if pd.notna(stop) else start, None]
        ys += [row, row, None]
    name = part["status_label"].iloc[0]
    group = str(part["status"].iloc[0])
    fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", line={"color": colour, "width": 4 * _scale(large)}, name=name,
                             legendgroup=group, hoverinfo="skip"))
    for column, symbol, key in (("planned_date", "circle-open", "planned"), ("actual_date", "circle", "actual")):
        fig.add_trace(go.Scatter(
            x=part[column], y=rows, mode="markers", legendgroup=group, showlegend=False, customdata=about,
            marker={"symbol": symbol, "size": 12 * _scale(large), "color": colour, "line": {"width": 2, "color": colour}},
            hovertemplate=t(f"involvement.chart.{key}") + " %{x|%d/%m/%Y}<br>%{customdata}<extra>" + name + "</extra>",
        ))


def events_by_month(by_month: pd.DataFrame, decisions: pd.DataFrame, *, large: bool = False) -> go.Figure:
    """Stacked bars of consultation events per month and kind (``month``, ``kind_label``,
    ``events``), with each project's decision date (``decisions``: ``name``, ``decision_date``).
    """
    totals = by_month.groupby(["month", "kind_label"], as_index=False)["events"].sum()
    fig = go.Figure()
    for index, (kind, part) in enumerate(totals.groupby("kind_label", sort=True)):
        fig.add_trace(go.Bar(x=part["month"], y=part["events"], name=kind, marker_color=PALETTE[index % len(PALETTE)],
                             hovertemplate="%{x|%m/%Y} · " + str(kind) + " : %{y}<extra></extra>"))
    dates = [*totals["month"], *decisions["decision_date"]]
    for index, project in enumerate(decisions.itertuples(index=False)):
        _date_line(fig, project.decision_date, t("involvement.chart.decision_of", name=project.name), "#333333",
                   large=large, row=index, anchor=_side(project.decision_date, dates))
    height = SLIDE_HEIGHT if large else 460
    highest = totals.groupby("month")["events"].sum().max() if len(totals) else 1
    fig.update_layout(barmode="stack", title=t("involvement.chart.events_title"), yaxis_title=t("involvement.chart.events_y"))
    fig.update_yaxes(range=[0, 1.05 * highest / (1 - _label_band(len(decisions), large=large, height=height))])
    _month_axis(fig, dates, large=large)
    return apply_style(fig, large=large, height=height)


def shared_events_heatmap(matrix: pd.DataFrame, order: list[str], *, large: bool = False) -> go.Figure:
    """Entity × entity heatmap of shared events (``name_a``, ``name_b``, ``shared_events``) in ``order``."""
    present = [name for name in order if name in set(matrix["name_a"])]
    grid = matrix.pivot_table(index="name_a", columns="name_b", values="shared_events", aggfunc="sum")
    grid = grid.reindex(index=present, columns=present)
    fig = go.Figure(go.Heatmap(
        z=grid.to_numpy(dtype="float64"), x=present, y=present, colorscale="Blues", hoverongaps=False,
        # Thin, its title along it: in a half-width column a wide colour bar left no room for the cells.
        colorbar={"title": {"text": t("involvement.chart.heatmap_scale"), "side": "right"}, "thickness": 14},
        hovertemplate="%{y} × %{x} : %{z}<extra></extra>",
    ))
    fig.update_layout(title=t("involvement.chart.heatmap_title"))
    # Every entity named (plotly skipped every other row), shortened; the hover gives the full names.
    # Slanted when the columns are wide enough, upright when they are not.
    short = [_short_name(name) for name in present]
    names = {"size": _fitted_size(len(present), large=large)}
    fig.update_xaxes(tickmode="array", tickvals=present, ticktext=short, autotickangles=[-45, -90], tickfont=names)
    fig.update_yaxes(tickmode="array", tickvals=present, ticktext=short, autorange="reversed", tickfont=names)
    size = FONT_SIZES["large" if large else "normal"]
    # A row per entity, plus the title and the slanted names under the plot (24 characters at 45°).
    return apply_style(fig, large=large, height=round((1.6 * max(len(present), 1) + 13) * size))


def network_graph(nodes: pd.DataFrame, matrix: pd.DataFrame, *, large: bool = False) -> go.Figure:
    """The entities as a network (EPCI in the centre, communes on a circle by size), edges as wide
    as the events they shared (``nodes``: ``entity_id``, ``name``, ``kind``, ``agents_present``,
    ``suppressed``; ``matrix``: ``entity_a``, ``entity_b``, ``shared_events``).
    """
    positions = _circular_layout(nodes)
    edges = matrix[(matrix["entity_a"] < matrix["entity_b"]) & matrix["entity_a"].isin(positions.index)
                   & matrix["entity_b"].isin(positions.index)]
    fig = go.Figure()
    if not edges.empty:
        # Four widths, by the share of the busiest link: equal counts always get equal widths.
        widths = np.ceil(4 * edges["shared_events"] / edges["shared_events"].max()).astype(int)
        for bucket, part in edges.groupby(widths):
            xs, ys = [], []
            for a, b in zip(part["entity_a"], part["entity_b"], strict=True):
                xs += [positions.at[a, "x"], positions.at[b, "x"], None]
                ys += [positions.at[a, "y"], positions.at[b, "y"], None]
            fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", hoverinfo="skip", showlegend=False,
                                     line={"width": 1.5 * bucket, "color": "rgba(0,114,178,0.35)"}))
    counts = nodes.set_index("entity_id")["agents_present"].astype("float64").reindex(positions.index)
    sizes = (10 + 30 * (counts / max(counts.max(), 1)) ** 0.5) * _scale(large)
    colours = [PALETTE[1] if kind == "epci" else PALETTE[0] for kind in positions["kind"]]  # kinds, no judgement
    hover = [f"{name} : {t('involvement.hidden') if pd.isna(c) else fmt_number(c)} {t('involvement.chart.agents_present')}"
             for name, c in zip(positions["name"], counts, strict=True)]
    fig.add_trace(go.Scatter(
        x=positions["x"], y=positions["y"], mode="markers+text", text=[_short_name(n) for n in positions["name"]],
        textposition=[_outward(x, y) for x, y in zip(positions["x"], positions["y"], strict=True)],
        textfont={"size": _note_size(large)}, cliponaxis=False,
        marker={"size": sizes.fillna(10 * _scale(large)), "color": colours, "line": {"width": 1, "color": "white"}},
        hovertext=hover, hoverinfo="text", showlegend=False,
    ))
    # Shown in a half-width column: wrapped early, or its end would be cut off.
    fig.update_layout(title=wrap_title(t("involvement.chart.network_title"), width=45))
    # Room around the circle for the names written outwards; plotly widens one range to keep it round.
    fig.update_xaxes(visible=False, range=[-2.1, 2.1])
    fig.update_yaxes(visible=False, range=[-1.3, 1.3], scaleanchor="x")
    return apply_style(fig, large=large, height=SLIDE_HEIGHT if large else 560)


def _outward(x: float, y: float) -> str:
    """Where a node's name goes: beside it, away from the centre (above or under it at the very top
    and bottom), so that neighbours' names do not sit on each other."""
    if abs(x) < 0.15:
        return "top center" if y > 0 else "bottom center"
    return "middle right" if x > 0 else "middle left"


def _circular_layout(nodes: pd.DataFrame) -> pd.DataFrame:
    """``x``, ``y`` per entity: EPCIs near the centre, the others on the unit circle, largest first."""
    ordered = nodes.sort_values("population", ascending=False, na_position="last").set_index("entity_id")
    centre = ordered[ordered["kind"] == "epci"]
    ring = ordered[ordered["kind"] != "epci"]
    angles = np.linspace(0, 2 * np.pi, num=max(len(ring), 1), endpoint=False)[: len(ring)] + np.pi / 2
    inner = np.linspace(0, 2 * np.pi, num=max(len(centre), 1), endpoint=False)[: len(centre)]
    radius = 0.0 if len(centre) == 1 else 0.25
    return pd.concat([
        centre[["name", "kind"]].assign(x=radius * np.cos(inner), y=radius * np.sin(inner)),
        ring[["name", "kind"]].assign(x=np.cos(angles), y=np.sin(angles)),
    ])


def response_rate_bars(waves: pd.DataFrame, *, target: float, large: bool = False) -> go.Figure:
    """Response rate per wave (``wave``, ``response_rate``, ``open``) with the target line; the
    open wave in a lighter shade.
    """
    rates = waves["response_rate"].astype("float64")
    colours = [GRAMMAR["provisional"] if is_open else (GRAMMAR["bad"] if r < target else GRAMMAR["good"])
               for r, is_open in zip(rates.fillna(0), waves["open"], strict=True)]
    fig = go.Figure(go.Bar(x=waves["wave"], y=rates, marker_color=colours, text=[fmt_pct(r) for r in rates],
                           textposition="outside", cliponaxis=False, customdata=_percent_hover(rates),
                           hovertemplate="%{x} : %{customdata}<extra></extra>", showlegend=False))
    _target_line(fig, target, axis="y")
    fig.update_layout(title=t("involvement.chart.waves_title"))
    _percent_axis("y", fig, top=1.12)  # room for "100 %" over its bar
    fig.update_xaxes(type="category")
    return apply_style(fig, large=large, height=SLIDE_HEIGHT if large else 400)


def proposals_funnel(funnel: pd.DataFrame, *, large: bool = False) -> go.Figure:
    """The proposals that reached each stage (``stage_label``, ``proposals``), as a funnel."""
    first = max(int(funnel["proposals"].iloc[0]), 1) if len(funnel) else 1
    text = [f"{fmt_number(n)}<br>{fmt_pct(n / first)}" for n in funnel["proposals"]]
    fig = go.Figure(go.Funnel(y=funnel["stage_label"], x=funnel["proposals"], text=text, textinfo="text",
                              marker={"color": PALETTE[0]}, hoverinfo="skip"))  # counts: one ink
    fig.update_layout(title=t("involvement.chart.funnel_title"))
    return apply_style(fig, large=large, height=SLIDE_HEIGHT if large else 400)


# -- Quality of working life, careers (the QVT area) -----------------------------------------
__all__ += [
    "who5_trend", "who5_poor_share", "enps_trend", "qvt_heatmap", "item_diverging_bars", "adoption_stages",
    "objective_clarity", "careers_bars",
]
# Diverging scale for changes: vermilion (worse) - white - blue (better), both Okabe-Ito colours.
CHANGE_SCALE = [[0.0, GRAMMAR["bad"]], [0.5, "#FFFFFF"], [1.0, GRAMMAR["good"]]]
# Answer shades from the least to the most favourable, centred on the neutral grey.
ANSWER_SHADES = {
    "likert5": {1: GRAMMAR["bad"], 2: "#F0A97A", 3: "#CFCFCF", 4: "#8CC3E8", 5: GRAMMAR["good"]},
    "who5": {0: GRAMMAR["bad"], 1: "#E8875A", 2: "#F4C3A2", 3: "#A9D3EE", 4: "#56A5D6", 5: GRAMMAR["good"]},
}


def _signed(value: float, *, decimals: int = 1, suffix: str = "") -> str:
    """``+3,2`` / ``−1,5`` with the locale's decimal sign; a dash when missing."""
    if value is None or pd.isna(value):
        return "—"
    sign = "+" if value > 0 else ("−" if value < 0 else "±")
    return f"{sign}{fmt_number(abs(value), decimals=decimals)}{suffix}"


def _hidden_text(k: int) -> str:
    return t("qvt.hidden", k=k)


def _wrapped_ticks(axis: str, fig: go.Figure, labels: Iterable[object], *, width: int) -> None:
    """Every category named (plotly skips some when they crowd), with the usual abbreviations and
    wrapped at ``width`` characters; the hover keeps the category's own one-line name."""
    values = list(labels)
    update = fig.update_xaxes if axis == "x" else fig.update_yaxes
    update(tickmode="array", tickvals=values,
           ticktext=[wrap_title(_short_name(v, width=3 * width), width=width) for v in values])


def who5_trend(trend: pd.DataFrame, *, k: int, large: bool = False) -> go.Figure:
    """WHO-5 index (0–100) per wave, each change labelled with its size and marked ``*`` only when
    its test is significant; a masked wave says so instead of dropping to zero (``trend`` from
    ``views.qvt``)."""
    shown = trend[~trend["suppressed"] & trend["who5_index_mean"].notna()]
    labels = [
        fmt_number(v, decimals=1) + ("" if pd.isna(c) else f"<br>{_signed(c)}{' *' if s else ''}")
        for v, c, s in zip(shown["who5_index_mean"], shown["who5_change"], shown["who5_significant"], strict=True)
    ]
    fig = go.Figure(go.Scatter(
        x=shown["wave"], y=shown["who5_index_mean"], mode="lines+markers+text", text=labels,
        textposition="top center", cliponaxis=False, line={"color": PALETTE[0], "width": 3 * _scale(large)},
        marker={"size": 10 * _scale(large)}, showlegend=False, hovertemplate="%{x} : %{y:.1f}<extra></extra>",
    ))
    _mark_hidden_waves(fig, trend.loc[trend["suppressed"] | trend["who5_index_mean"].isna(), "wave"], k=k,
                       large=large)
    _target_line(fig, WHO5_POOR_INDEX_BELOW, axis="y", name=t("qvt.chart.who5_cutoff", index=WHO5_POOR_INDEX_BELOW))
    # No y-axis title: the title names the index and its range; a long axis title ran into it.
    fig.update_layout(title=wrap_title(t("qvt.chart.who5_title"), width=55))  # a half-width column
    fig.update_yaxes(range=[0, 105])
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=list(trend["wave"]))
    return apply_style(fig, large=large, height=SLIDE_HEIGHT if large else 400)


def _mark_hidden_waves(fig: go.Figure, waves: Iterable[object], *, k: int, large: bool) -> None:
    """A grey label up the middle of each masked wave (or stage): never an empty spot that reads as zero."""
    for wave in waves:
        fig.add_annotation(x=wave, y=0.5, yref="paper", text=_hidden_text(k), showarrow=False, textangle=-90,
                           font={"color": "#595959", "size": _note_size(large)},
                           bgcolor=GRAMMAR["masked"])


def who5_poor_share(trend: pd.DataFrame, *, k: int, large: bool = False) -> go.Figure:
    """Share of poor well-being (WHO-5 index < 52, raw < 13) per wave with its Wilson 95 % interval."""
    hidden = trend["suppressed"] | trend["who5_poor_share"].isna()
    share = trend["who5_poor_share"].astype(float).where(~hidden)
    low, high = trend["who5_poor_low"].where(~hidden), trend["who5_poor_high"].where(~hidden)
    about = [f"{fmt_pct(s)} ({fmt_pct(lo)} – {fmt_pct(hi)})"
             for s, lo, hi in zip(share, low, high, strict=True)]
    fig = go.Figure(go.Bar(
        x=trend["wave"], y=share, marker_color=PALETTE[0],  # a share, judged by its number and its star
        error_y={"type": "data", "symmetric": False, "array": high - share, "arrayminus": share - low,
                 "color": "#333333", "thickness": 1.5 * _scale(large), "width": 6 * _scale(large)},
        customdata=about, hovertemplate="%{x} : %{customdata}<extra></extra>", showlegend=False,
    ))
    # Each share written above its interval: inside the bar it sat on the error bar.
    labels = [fmt_pct(v) + (" *" if significant else "") if pd.notna(v) else ""
              for v, significant in zip(share, trend["who5_poor_significant"].fillna(False), strict=True)]
    fig.add_trace(go.Scatter(x=trend["wave"], y=high, mode="text", text=labels,
                             textposition="top center", cliponaxis=False, hoverinfo="skip", showlegend=False))
    _mark_hidden_waves(fig, trend.loc[hidden, "wave"], k=k, large=large)
    fig.update_layout(title=wrap_title(t("qvt.chart.poor_title", index=WHO5_POOR_INDEX_BELOW), width=55))  # a half-width column
    _percent_axis("y", fig, top=1.1)  # room for a label over a high interval
    fig.update_xaxes(type="category")
    return apply_style(fig, large=large, height=SLIDE_HEIGHT if large else 400)


def enps_trend(trend: pd.DataFrame, *, k: int, large: bool = False) -> go.Figure:
    """eNPS (−100..100) per wave, negative in the alert colour."""
    hidden = trend["suppressed"] | trend["enps"].isna()
    values = trend["enps"].astype(float).where(~hidden)
    fig = go.Figure(go.Bar(
        x=trend["wave"], y=values, text=[_signed(v, decimals=0) for v in values], textposition="outside",
        marker_color=[GRAMMAR["bad"] if v < 0 else GRAMMAR["good"] for v in values.fillna(0)],
        cliponaxis=False, hovertemplate="%{x} : %{y:.0f}<extra></extra>",
    ))
    _mark_hidden_waves(fig, trend.loc[hidden, "wave"], k=k, large=large)
    fig.update_layout(title=t("qvt.chart.enps_title"), showlegend=False)
    fig.update_yaxes(range=[-100, 100])
    fig.update_xaxes(type="category")
    # The zero line after the house style, which turns zero lines off.
    return apply_style(fig, large=large, height=SLIDE_HEIGHT if large else 340).update_yaxes(
        zeroline=True, zerolinecolor="#555555")


# A heatmap row's height, and the room for the title and the measure names, in lines of type: one
# line of text per cell on a slide (where up to 17 entities must fit), two on screen.
HEAT_LINES = {False: (2.7, 11), True: (1.25, 8)}


def qvt_heatmap(frame: pd.DataFrame, *, against: str, k: int, large: bool = False) -> go.Figure:
    """Groups × measures coloured by the change ``against`` ``"previous"`` wave or ``"org"``; each
    cell shows its score (0–100) and the change, ``*`` when significant; masked cells are grey
    and say so (``frame``: one breakdown of ``views.qvt`` heatmaps)."""
    rows = list(dict.fromkeys(frame["group_label"]))
    # Narrow enough to stand upright under their column on a slide; slanted on a narrow screen.
    names = [wrap_title(str(m), width=13 if large else 18) for m in frame["measure_label"]]
    frame = frame.assign(measure_label=names)
    columns = list(dict.fromkeys(names))
    index = pd.MultiIndex.from_frame(frame[["group_label", "measure_label"]])

    def grid(values: Iterable[object]) -> pd.DataFrame:
        return pd.Series(list(values), index=index).unstack().reindex(index=rows, columns=columns)

    cells = list(zip(frame["suppressed"], frame["score"], frame[f"change_{against}"],
                     frame[f"significant_{against}"], strict=True))
    hidden = grid(frame["suppressed"].astype(float))
    grey = [[0, GRAMMAR["masked"]], [1, GRAMMAR["masked"]]]
    fig = go.Figure([
        go.Heatmap(z=hidden.where(hidden == 1), x=columns, y=rows, colorscale=grey, showscale=False,
                   hoverinfo="skip"),
        go.Heatmap(z=grid(frame[f"change_{against}"].astype(float)), x=columns, y=rows,
                   text=grid(_heat_label(*cell, large=large) for cell in cells).fillna(""), texttemplate="%{text}",
                   # A slide's cell holds "−13,5 *": about four ems wide.
                   textfont={"size": min(_note_size(large), _fitted_size(len(columns), large=large, across=True, chars=4))},
                   customdata=grid(_heat_hover(*cell, k=k) for cell in cells),
                   zmid=0, zmin=-15, zmax=15, colorscale=CHANGE_SCALE,
                   # Along the bar: above it, the title ran into the top tick.
                   colorbar={"title": {"text": t("qvt.chart.heat_points"), "side": "right"},
                             "thickness": round(14 * _scale(large))},
                   hovertemplate="%{y} · %{x}<br>%{customdata}<extra></extra>"),
    ])
    fig.update_layout(title=t(f"qvt.chart.heat_title_{against}{'_slide' if large else ''}"))
    # Every group named, shortened (the hover keeps the full name); measure names upright when they fit.
    fig.update_yaxes(autorange="reversed", type="category", tickmode="array", tickvals=rows,
                     ticktext=[_short_name(r) for r in rows])
    fig.update_xaxes(type="category", tickfont={"size": _note_size(large)}, autotickangles=[0, -35, -90])
    row, room = HEAT_LINES[large]
    height = round((row * max(len(rows), 1) + room) * FONT_SIZES["large" if large else "normal"])
    return apply_style(fig, large=large, height=max(height, SLIDE_HEIGHT) if large else height)


def _heat_label(hidden: bool, score: float, delta: float, significant: bool, *, large: bool) -> str:
    """A cell's text: the score and the change, or "masked"; on a slide, where twenty columns share the
    width, the change only (the score is in the hover and on the QVT page)."""
    if hidden:
        return t("qvt.chart.hidden_short")
    star = " *" if significant else ""
    return f"{_signed(delta)}{star}" if large else f"{fmt_number(score, decimals=0)}<br>{_signed(delta)}{star}"


def _heat_hover(hidden: bool, score: float, delta: float, significant: bool, *, k: int) -> str:
    if hidden:
        return _hidden_text(k)
    return f"{fmt_number(score, decimals=0)} ({_signed(delta)}{' *' if significant else ''})"


def item_diverging_bars(items: pd.DataFrame, distribution: pd.DataFrame, *, k: int, large: bool = False) -> go.Figure:
    """Every WHO-5 and Likert item's raw answers as diverging bars: unfavourable answers left of 0,
    favourable right, the neutral answer split across 0; a masked item says so (``items`` and
    ``distribution`` from ``views.qvt``)."""
    from mututrack.catalogue import scales

    shown = items[items["scale"].isin(list(ANSWER_SHADES))]
    shown = shown.assign(question=[_item_question(row) for row in shown.itertuples()])
    # Two lines at most, the hover holding the whole question: on one line they left the bars no room.
    shown = shown.assign(label=[wrap_title(q, width=50 if large else 60) for q in shown["question"]])
    names = scales().assign(value=lambda f: pd.to_numeric(f["value"], errors="coerce"))
    fig = go.Figure()
    for scale in dict.fromkeys(shown["scale"]):
        shades, rows = ANSWER_SHADES[scale], shown[shown["scale"] == scale]
        middle = (min(shades) + max(shades)) / 2
        # Closest to the middle first: plotly stacks each side in trace order, outwards from 0.
        for value in sorted(shades, key=lambda v: (abs(v - middle), v)):
            name = names.loc[(names["scale"] == scale) & (names["value"] == value), f"label_{language()}"]
            _add_answer_traces(fig, rows, distribution, value, middle, shades[value],
                               name.iloc[0] if len(name) else str(value), scale=scale)
    for label in shown.loc[shown["suppressed"], "label"]:
        fig.add_annotation(x=0, y=label, text=_hidden_text(k), showarrow=False, bgcolor=GRAMMAR["masked"],
                           font={"color": "#404040", "size": _note_size(large)})
    # A legend column per scale under its name, least to most favourable: the eleven answers in a row
    # became one tall column once the type grew. A click hides one answer, not its whole scale.
    fig.update_layout(title=t("qvt.chart.items_title"), barmode="relative",
                      legend={"traceorder": "grouped", "groupclick": "toggleitem"})
    ticks = [-1, -0.5, 0, 0.5, 1]
    # A little past 100 % each way: at the very edge plotly dropped the right-hand "100 %".
    fig.update_xaxes(range=[-1.06, 1.06], tickvals=ticks, ticktext=[fmt_pct(abs(v)) for v in ticks],
                     zeroline=True, zerolinecolor="#555555")
    fig.update_yaxes(autorange="reversed", type="category", categoryorder="array", categoryarray=list(shown["label"]),
                     tickmode="array", tickvals=list(shown["label"]))  # every question named
    lines = max((label.count("<br>") + 1 for label in shown["label"]), default=1)
    size = FONT_SIZES["large" if large else "normal"]
    # Every row as tall as the longest label, plus a gap; then the title, the ticks and six legend rows.
    return apply_style(fig, large=large, height=round(((1.2 * lines + 0.4) * max(len(shown), 1) + 13) * size))


def _item_question(row) -> str:
    """The question without its lead-in (``Au cours des deux dernières semaines : ``), capitalised."""
    text = str(row.text).split(" : ", 1)[-1]
    return text[:1].upper() + text[1:] + (" " + t("qvt.chart.reverse") if row.reverse else "")


def _add_answer_traces(fig, rows, distribution, value, middle, colour, name, *, scale: str) -> None:
    """One answer value: below the middle it goes left (negative), the neutral answer half each way."""
    share = rows["code"].map(distribution[distribution["value"] == value].set_index("question_code")["share"])
    share = share.fillna(0.0).where(~rows["suppressed"])
    about = np.column_stack([_percent_hover(share), rows["question"]])
    sides = [share / 2, -share / 2] if value == middle else [share if value > middle else -share]
    for index, x in enumerate(sides):
        fig.add_trace(go.Bar(
            x=x, y=rows["label"], orientation="h", marker_color=colour, name=name, showlegend=index == 0,
            legendgroup=scale, legendgrouptitle={"text": t(f"qvt.chart.scale_{scale}")}, legendrank=value,
            customdata=about,
            hovertemplate=f"%{{customdata[1]}}<br>{name} : %{{customdata[0]}}<extra></extra>",
        ))


def adoption_stages(adoption: pd.DataFrame, *, k: int, large: bool = False) -> go.Figure:
    """The five stages of change adoption (mean 1–5, in order) with the line at 3; the barrier point
    (first stage at or below 3) in the alert colour and named under its stage."""
    means = adoption["mean"].astype(float)
    colours = [GRAMMAR["bad"] if b else GRAMMAR["good"] for b in adoption["barrier"]]
    fig = go.Figure(go.Bar(x=adoption["stage_label"], y=means, marker_color=colours, showlegend=False,
                           hovertemplate="%{x} : %{y:.2f}<extra></extra>"))
    # Each mean over its bar on a white ground: bar text sat on the line at 3 when the mean was close to it.
    for stage, mean in zip(adoption["stage_label"], means, strict=True):
        if pd.notna(mean):
            fig.add_annotation(x=stage, y=mean, text=fmt_number(mean, decimals=2), showarrow=False,
                               yanchor="bottom", yshift=2, bgcolor="rgba(255,255,255,0.85)")
    _mark_hidden_waves(fig, adoption.loc[means.isna(), "stage_label"], k=k, large=large)
    _target_line(fig, 3, axis="y", name=t("qvt.chart.barrier_line"))
    barrier = f"<br><span style='color:{GRAMMAR['bad']}'><b>{t('qvt.chart.barrier')}</b></span>"
    fig.update_xaxes(type="category", tickmode="array", tickvals=list(adoption["stage_label"]), ticktext=[
        wrap_title(str(s), width=12 if large else 40) + (barrier if b else "")  # upright on a slide
        for s, b in zip(adoption["stage_label"], adoption["barrier"], strict=True)])
    fig.update_layout(title=t("qvt.chart.adoption_title"))
    fig.update_yaxes(range=[1, 5.4])
    return apply_style(fig, large=large, height=SLIDE_HEIGHT if large else 400)


def objective_clarity(distribution: pd.DataFrame, *, large: bool = False) -> go.Figure:
    """Share of each perceived objective; the project's declared one in blue, "don't know" in orange."""
    colours = [GRAMMAR["good"] if d else (GRAMMAR["warning"] if o == "ne_sait_pas" else GRAMMAR["neutral"])
               for o, d in zip(distribution["objective"], distribution["declared"], strict=True)]
    fig = go.Figure(go.Bar(
        x=distribution["share"], y=distribution["label"], orientation="h", marker_color=colours,
        text=[fmt_pct(s) for s in distribution["share"]], textposition="outside", cliponaxis=False,
        customdata=_percent_hover(distribution["share"]), hovertemplate="%{y} : %{customdata}<extra></extra>",
    ))
    fig.update_layout(title=t("qvt.chart.clarity_title"), showlegend=False)
    _percent_axis("x", fig, top=1.1)  # room for "100 %" outside its bar
    fig.update_yaxes(autorange="reversed", type="category")
    _wrapped_ticks("y", fig, distribution["label"], width=30)
    return apply_style(fig, large=large, height=round((120 + 50 * max(len(distribution), 1)) * _scale(large)))


def careers_bars(frame: pd.DataFrame, value: str, *, title: str, percent: bool = False, k: int,
                 large: bool = False) -> go.Figure:
    """A careers figure per group, before and after the decision (``group_label``, ``period_label``,
    ``value``, ``suppressed``); masked groups are labelled, not drawn as zero."""
    fig = go.Figure()
    shown = frame[value].astype(float).where(~frame["suppressed"].astype(bool))
    for index, (period, part) in enumerate(frame.assign(shown=shown).groupby("period_label", sort=False)):
        values = part["shown"]
        labels = [_hidden_text(k) if pd.isna(v) else (fmt_pct(v) if percent else fmt_number(v, decimals=1))
                  for v in values]
        fig.add_trace(go.Bar(
            x=values.fillna(0), y=part["group_label"], orientation="h", name=str(period),
            marker_color=[GRAMMAR["masked"] if pd.isna(v) else PALETTE[index % len(PALETTE)] for v in values],
            text=labels, textposition="outside", cliponaxis=False, customdata=labels,
            hovertemplate=f"%{{y}} · {period} : %{{customdata}}<extra></extra>",
        ))
    fig.update_layout(title=wrap_title(title, width=55), barmode="group")  # often in a half-width column
    if percent:
        _percent_axis("x", fig, top=1.15)  # room for "100 %" outside its bar
    else:
        fig.update_xaxes(range=[0, 1.15 * max(shown.max(), 1) if shown.notna().any() else 1])
    fig.update_yaxes(autorange="reversed", type="category")
    groups = list(dict.fromkeys(frame["group_label"]))
    _wrapped_ticks("y", fig, groups, width=24)
    return apply_style(fig, large=large, height=round((140 + 46 * max(len(groups), 1)) * _scale(large)))


def observatory_position(points: pd.DataFrame, *, title: str, percent: bool, large: bool = False) -> go.Figure:
    """One measure across comparable territories (``territory``, ``value``, ``chosen``): their
    distribution as a box with every territory a dot, the chosen territory larger and in colour."""
    values = points["value"].astype("float64")
    text = [fmt_pct(v) if percent else fmt_number(v, decimals=1) for v in values]
    fig = go.Figure(go.Box(
        x=values, y=[""] * len(points), orientation="h", boxpoints="all", jitter=0.4, pointpos=0,
        marker={"color": STATUS_COLOURS["neutral"], "size": 7}, line={"color": PALETTE[0]},
        fillcolor="rgba(0, 114, 178, 0.12)", name=t("observatory.chart.others"), customdata=text,
        text=points["territory"], hovertemplate="%{text} : %{customdata}<extra></extra>", hoveron="points",
    ))
    mine = points["chosen"].to_numpy(dtype=bool)
    chosen = points.loc[mine, "territory"]
    fig.add_trace(go.Scatter(
        x=values[mine], y=[""] * int(mine.sum()), mode="markers+text", name=str(chosen.iloc[0]) if len(chosen) else "",
        marker={"color": PALETTE[3], "size": 16 * _scale(large), "symbol": "diamond", "line": {"color": "white", "width": 1}},
        text=[label for label, is_mine in zip(text, mine, strict=True) if is_mine], textposition="top center",
        hovertemplate="%{x}<extra>%{fullData.name}</extra>",
    ))
    fig.update_layout(title=title, showlegend=True)
    if percent:
        _percent_axis("x", fig, top=max(1.0, float(values.max() or 0)))
    return apply_style(fig, large=large, height=SLIDE_HEIGHT if large else 260)
