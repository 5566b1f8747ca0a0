"""Charts of the quality of working life survey: WHO-5, eNPS, the change heatmap, every item's
answers, the stages of change adoption and the clarity of the project's objective."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from mututrack.charts.layout import (
    _fitted_size,
    _hidden_text,
    _mark_hidden_waves,
    _percent_axis,
    _percent_hover,
    _short_name,
    _signed,
    _target_line,
    _wrapped_ticks,
    apply_style,
    wrap_title,
)
from mututrack.charts.style import ANSWER_SHADES, CHANGE_SCALE, GRAMMAR, PALETTE, SCREEN, SLIDE_HEIGHT, Style
from mututrack.i18n import fmt_number, fmt_pct, language, t
from mututrack.metrics.qvt import WHO5_POOR_INDEX_BELOW

__all__ = [
    "who5_trend", "who5_poor_share", "enps_trend", "qvt_heatmap", "item_diverging_bars", "adoption_stages",
    "objective_clarity",
]


def who5_trend(trend: pd.DataFrame, *, k: int, style: Style = SCREEN) -> go.Figure:
    """WHO-5 index (0–100) per wave, each change labelled with its size and marked ``*`` only when
    its test is significant; a masked wave says so instead of dropping to zero (``trend`` from
    ``views.qvt``)."""
    shown = trend[~trend["suppressed"] & trend["who5_index_mean"].notna()]
    labels = [
        fmt_number(v, decimals=1) + ("" if pd.isna(c) else f"<br>{_signed(c)}{' *' if s else ''}")
        for v, c, s in zip(shown["who5_index_mean"], shown["who5_change"], shown["who5_significant"],
                           strict=True)
    ]
    fig = go.Figure(go.Scatter(
        x=shown["wave"], y=shown["who5_index_mean"], mode="lines+markers+text", text=labels,
        textposition="top center", cliponaxis=False, line={"color": PALETTE[0], "width": 3 * style.scale},
        marker={"size": 10 * style.scale}, showlegend=False, hovertemplate="%{x} : %{y:.1f}<extra></extra>",
    ))
    _mark_hidden_waves(fig, trend.loc[trend["suppressed"] | trend["who5_index_mean"].isna(), "wave"], k=k,
                       style=style)
    _target_line(fig, WHO5_POOR_INDEX_BELOW, axis="y",
                 name=t("qvt.chart.who5_cutoff", index=WHO5_POOR_INDEX_BELOW))
    # No y-axis title: the title names the index and its range; a long axis title ran into it.
    fig.update_layout(title=wrap_title(t("qvt.chart.who5_title"), width=55))  # a half-width column
    fig.update_yaxes(range=[0, 105])
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=list(trend["wave"]))
    return apply_style(fig, style=style, height=style.height(400))


def who5_poor_share(trend: pd.DataFrame, *, k: int, style: Style = SCREEN) -> go.Figure:
    """Share of poor well-being (WHO-5 index < 52, raw < 13) per wave with its Wilson 95 % interval."""
    hidden = trend["suppressed"] | trend["who5_poor_share"].isna()
    share = trend["who5_poor_share"].astype(float).where(~hidden)
    low, high = trend["who5_poor_low"].where(~hidden), trend["who5_poor_high"].where(~hidden)
    about = [f"{fmt_pct(s)} ({fmt_pct(lo)} – {fmt_pct(hi)})"
             for s, lo, hi in zip(share, low, high, strict=True)]
    fig = go.Figure(go.Bar(
        x=trend["wave"], y=share, marker_color=PALETTE[0],  # a share, judged by its number and its star
        error_y={"type": "data", "symmetric": False, "array": high - share, "arrayminus": share - low,
                 "color": "#333333", "thickness": 1.5 * style.scale, "width": 6 * style.scale},
        customdata=about, hovertemplate="%{x} : %{customdata}<extra></extra>", showlegend=False,
    ))
    # Each share written above its interval: inside the bar it sat on the error bar.
    labels = [fmt_pct(v) + (" *" if significant else "") if pd.notna(v) else ""
              for v, significant in zip(share, trend["who5_poor_significant"].fillna(False), strict=True)]
    fig.add_trace(go.Scatter(x=trend["wave"], y=high, mode="text", text=labels,
                             textposition="top center", cliponaxis=False, hoverinfo="skip", showlegend=False))
    _mark_hidden_waves(fig, trend.loc[hidden, "wave"], k=k, style=style)
    title = t("qvt.chart.poor_title", index=WHO5_POOR_INDEX_BELOW)
    fig.update_layout(title=wrap_title(title, width=55))  # a half-width column
    _percent_axis("y", fig, top=1.1)  # room for a label over a high interval
    fig.update_xaxes(type="category")
    return apply_style(fig, style=style, height=style.height(400))


def enps_trend(trend: pd.DataFrame, *, k: int, style: Style = SCREEN) -> go.Figure:
    """eNPS (−100..100) per wave, negative in the alert colour."""
    hidden = trend["suppressed"] | trend["enps"].isna()
    values = trend["enps"].astype(float).where(~hidden)
    fig = go.Figure(go.Bar(
        x=trend["wave"], y=values, text=[_signed(v, decimals=0) for v in values], textposition="outside",
        marker_color=[GRAMMAR["bad"] if v < 0 else GRAMMAR["good"] for v in values.fillna(0)],
        cliponaxis=False, hovertemplate="%{x} : %{y:.0f}<extra></extra>",
    ))
    _mark_hidden_waves(fig, trend.loc[hidden, "wave"], k=k, style=style)
    fig.update_layout(title=t("qvt.chart.enps_title"), showlegend=False)
    fig.update_yaxes(range=[-100, 100])
    fig.update_xaxes(type="category")
    # The zero line after the house style, which turns zero lines off.
    return apply_style(fig, style=style, height=style.height(340)).update_yaxes(
        zeroline=True, zerolinecolor="#555555")


def qvt_heatmap(frame: pd.DataFrame, *, against: str, k: int, style: Style = SCREEN) -> go.Figure:
    """Groups × measures coloured by the change ``against`` ``"previous"`` wave or ``"org"``; each
    cell shows its score (0–100) and the change, ``*`` when significant; masked cells are grey
    and say so (``frame``: one breakdown of ``views.qvt`` heatmaps)."""
    rows = list(dict.fromkeys(frame["group_label"]))
    # Narrow enough to stand upright under their column on a slide; slanted on a narrow screen.
    names = [wrap_title(str(m), width=style.measure_width) for m in frame["measure_label"]]
    frame = frame.assign(measure_label=names)
    columns = list(dict.fromkeys(names))
    index = pd.MultiIndex.from_frame(frame[["group_label", "measure_label"]])

    def grid(values: Iterable[object]) -> pd.DataFrame:
        return pd.Series(list(values), index=index).unstack().reindex(index=rows, columns=columns)

    cells = list(zip(frame["suppressed"], frame["score"], frame[f"change_{against}"],
                     frame[f"significant_{against}"], strict=True))
    hidden = grid(frame["suppressed"].astype(float))
    grey = [[0, GRAMMAR["masked"]], [1, GRAMMAR["masked"]]]
    # A slide's cell holds "−13,5 *": about four ems wide.
    cell_size = min(style.note_size, _fitted_size(len(columns), style=style, across=True, chars=4))
    fig = go.Figure([
        go.Heatmap(z=hidden.where(hidden == 1), x=columns, y=rows, colorscale=grey, showscale=False,
                   hoverinfo="skip"),
        go.Heatmap(z=grid(frame[f"change_{against}"].astype(float)), x=columns, y=rows,
                   text=grid(_heat_label(*cell, style=style) for cell in cells).fillna(""),
                   texttemplate="%{text}", textfont={"size": cell_size},
                   customdata=grid(_heat_hover(*cell, k=k) for cell in cells),
                   zmid=0, zmin=-15, zmax=15, colorscale=CHANGE_SCALE,
                   # Along the bar: above it, the title ran into the top tick.
                   colorbar={"title": {"text": t("qvt.chart.heat_points"), "side": "right"},
                             "thickness": round(14 * style.scale)},
                   hovertemplate="%{y} · %{x}<br>%{customdata}<extra></extra>"),
    ])
    fig.update_layout(title=t(f"qvt.chart.heat_title_{against}{'_slide' if style.slide else ''}"))
    # Every group named, shortened (the hover keeps the full name); measure names upright when they fit.
    fig.update_yaxes(autorange="reversed", type="category", tickmode="array", tickvals=rows,
                     ticktext=[_short_name(r) for r in rows])
    fig.update_xaxes(type="category", tickfont={"size": style.note_size}, autotickangles=[0, -35, -90])
    row, room = style.heat_lines
    height = round((row * max(len(rows), 1) + room) * style.font_size)
    return apply_style(fig, style=style, height=max(height, SLIDE_HEIGHT) if style.slide else height)


def _heat_label(hidden: bool, score: float, delta: float, significant: bool, *, style: Style) -> str:
    """A cell's text: the score and the change, or "masked"; on a slide, where twenty columns share the
    width, the change only (the score is in the hover and on the QVT page)."""
    if hidden:
        return t("qvt.chart.hidden_short")
    star = " *" if significant else ""
    if style.slide:
        return f"{_signed(delta)}{star}"
    return f"{fmt_number(score, decimals=0)}<br>{_signed(delta)}{star}"


def _heat_hover(hidden: bool, score: float, delta: float, significant: bool, *, k: int) -> str:
    if hidden:
        return _hidden_text(k)
    return f"{fmt_number(score, decimals=0)} ({_signed(delta)}{' *' if significant else ''})"


def item_diverging_bars(items: pd.DataFrame, distribution: pd.DataFrame, *, k: int,
                        style: Style = SCREEN) -> go.Figure:
    """Every WHO-5 and Likert item's raw answers as diverging bars: unfavourable answers left of 0,
    favourable right, the neutral answer split across 0; a masked item says so (``items`` and
    ``distribution`` from ``views.qvt``)."""
    from mututrack.catalogue import scales

    shown = items[items["scale"].isin(list(ANSWER_SHADES))]
    shown = shown.assign(question=[_item_question(row) for row in shown.itertuples()])
    # Two lines at most, the hover holding the whole question: on one line they left the bars no room.
    shown = shown.assign(label=[wrap_title(q, width=style.question_width) for q in shown["question"]])
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
                           font={"color": "#404040", "size": style.note_size})
    # A legend column per scale under its name, least to most favourable: the eleven answers in a row
    # became one tall column once the type grew. A click hides one answer, not its whole scale.
    fig.update_layout(title=t("qvt.chart.items_title"), barmode="relative",
                      legend={"traceorder": "grouped", "groupclick": "toggleitem"})
    ticks = [-1, -0.5, 0, 0.5, 1]
    # A little past 100 % each way: at the very edge plotly dropped the right-hand "100 %".
    fig.update_xaxes(range=[-1.06, 1.06], tickvals=ticks, ticktext=[fmt_pct(abs(v)) for v in ticks],
                     zeroline=True, zerolinecolor="#555555")
    fig.update_yaxes(autorange="reversed", type="category", categoryorder="array",
                     categoryarray=list(shown["label"]),
                     tickmode="array", tickvals=list(shown["label"]))  # every question named
    lines = max((label.count("<br>") + 1 for label in shown["label"]), default=1)
    size = style.font_size
    # Every row as tall as the longest label, plus a gap; then the title, the ticks and six legend rows.
    return apply_style(fig, style=style, height=round(((1.2 * lines + 0.4) * max(len(shown), 1) + 13) * size))


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


def adoption_stages(adoption: pd.DataFrame, *, k: int, style: Style = SCREEN) -> go.Figure:
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
    _mark_hidden_waves(fig, adoption.loc[means.isna(), "stage_label"], k=k, style=style)
    _target_line(fig, 3, axis="y", name=t("qvt.chart.barrier_line"))
    barrier = f"<br><span style='color:{GRAMMAR['bad']}'><b>{t('qvt.chart.barrier')}</b></span>"
    fig.update_xaxes(type="category", tickmode="array", tickvals=list(adoption["stage_label"]), ticktext=[
        wrap_title(str(s), width=style.stage_width) + (barrier if b else "")  # upright on a slide
        for s, b in zip(adoption["stage_label"], adoption["barrier"], strict=True)])
    fig.update_layout(title=t("qvt.chart.adoption_title"))
    fig.update_yaxes(range=[1, 5.4])
    return apply_style(fig, style=style, height=style.height(400))


def objective_clarity(distribution: pd.DataFrame, *, style: Style = SCREEN) -> go.Figure:
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
    return apply_style(fig, style=style,
                       height=round((120 + 50 * max(len(distribution), 1)) * style.scale))
