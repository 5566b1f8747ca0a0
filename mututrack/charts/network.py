"""Charts of the links between entities: events they shared, as a grid and as a network."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from mututrack.charts.layout import _fitted_size, _short_name, apply_style, wrap_title
from mututrack.charts.style import PALETTE, SCREEN, Style
from mututrack.i18n import fmt_number, t

__all__ = ["shared_events_heatmap", "network_graph"]


def shared_events_heatmap(matrix: pd.DataFrame, order: list[str], *, style: Style = SCREEN) -> go.Figure:
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
    names = {"size": _fitted_size(len(present), style=style)}
    fig.update_xaxes(tickmode="array", tickvals=present, ticktext=short, autotickangles=[-45, -90],
                     tickfont=names)
    fig.update_yaxes(tickmode="array", tickvals=present, ticktext=short, autorange="reversed", tickfont=names)
    size = style.font_size
    # A row per entity, plus the title and the slanted names under the plot (24 characters at 45°).
    return apply_style(fig, style=style, height=round((1.6 * max(len(present), 1) + 13) * size))


def network_graph(nodes: pd.DataFrame, matrix: pd.DataFrame, *, style: Style = SCREEN) -> go.Figure:
    """The entities as a network (EPCI in the centre, communes on a circle by size), edges as wide
    as the events they shared (``nodes``: ``entity_id``, ``name``, ``kind``, ``agents_present``,
    ``suppressed``; ``matrix``: ``entity_a``, ``entity_b``, ``shared_events``).
    """
    positions = _circular_layout(nodes)
    edges = matrix[(matrix["entity_a"] < matrix["entity_b"]) & matrix["entity_a"].isin(positions.index)
                   & matrix["entity_b"].isin(positions.index)]
    fig = go.Figure()
    if not edges.empty:
        _add_edges(fig, edges, positions)
    counts = nodes.set_index("entity_id")["agents_present"].astype("float64").reindex(positions.index)
    sizes = (10 + 30 * (counts / max(counts.max(), 1)) ** 0.5) * style.scale
    # Kinds of entity, no judgement.
    colours = [PALETTE[1] if kind == "epci" else PALETTE[0] for kind in positions["kind"]]
    present = t("involvement.chart.agents_present")
    hover = [f"{name} : {t('involvement.hidden') if pd.isna(c) else fmt_number(c)} {present}"
             for name, c in zip(positions["name"], counts, strict=True)]
    fig.add_trace(go.Scatter(
        x=positions["x"], y=positions["y"], mode="markers+text",
        text=[_short_name(n) for n in positions["name"]],
        textposition=[_outward(x, y) for x, y in zip(positions["x"], positions["y"], strict=True)],
        textfont={"size": style.note_size}, cliponaxis=False,
        marker={"size": sizes.fillna(10 * style.scale), "color": colours,
                "line": {"width": 1, "color": "white"}},
        hovertext=hover, hoverinfo="text", showlegend=False,
    ))
    # Shown in a half-width column: wrapped early, or its end would be cut off.
    fig.update_layout(title=wrap_title(t("involvement.chart.network_title"), width=45))
    # Room around the circle for the names written outwards; plotly widens one range to keep it round.
    fig.update_xaxes(visible=False, range=[-2.1, 2.1])
    fig.update_yaxes(visible=False, range=[-1.3, 1.3], scaleanchor="x")
    return apply_style(fig, style=style, height=style.height(560))


def _add_edges(fig: go.Figure, edges: pd.DataFrame, positions: pd.DataFrame) -> None:
    """The links, in four widths by the share of the busiest link: equal counts always get equal widths."""
    widths = np.ceil(4 * edges["shared_events"] / edges["shared_events"].max()).astype(int)
    for bucket, part in edges.groupby(widths):
        xs, ys = [], []
        for a, b in zip(part["entity_a"], part["entity_b"], strict=True):
            xs += [positions.at[a, "x"], positions.at[b, "x"], None]
            ys += [positions.at[a, "y"], positions.at[b, "y"], None]
        fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", hoverinfo="skip", showlegend=False,
                                 line={"width": 1.5 * bucket, "color": "rgba(0,114,178,0.35)"}))


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
