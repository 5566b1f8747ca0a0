"""The data of the Parcours et compétences page, and the careers figures of the JSON report.

Careers figures are about few people once broken down (one promotion in a team of three points at
someone), so they go through the same entity × category cube suppression as survey figures.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from mututrack.filters import Filters
from mututrack.i18n import t
from mututrack.metrics import careers as metrics
from mututrack.publication import suppression as privacy
from mututrack.store import Store
from mututrack.views.qvt import group_labels

__all__ = ["compute", "report_summary", "FIGURES", "PERIODS"]

DIMS = ["entity_id", "category"]
FIGURES = [
    "training_hours_per_agent_year",
    "career_interview_share",
    "mobility",
    "new_functions",
    "promotions",
]
PERIODS = ("before", "after", "since_start")


def compute(store: Store, filters: Filters, *, today: dt.date | None = None) -> dict[str, Any]:
    """``k``, ``projects`` (id, name, dates), ``summary`` (per project and period, for the filtered
    cell), ``years`` (per project and calendar year), ``breakdowns`` (entity / category → per
    project, before/after the decision and group), all after privacy (``suppressed``)."""
    today = today or dt.date.today()
    k = privacy.threshold(store)
    projects = store.query("careers_projects")
    if filters.project:
        projects = projects[projects["project_id"] == filters.project]
    cube = _cube(store, projects, today=today, k=k)
    cell = {"entity_id": filters.entity, "category": filters.category}
    mine = cube[privacy.at_cell(cube, cell)]
    return {
        "k": k,
        "projects": projects.reset_index(drop=True),
        "summary": _labelled(mine[mine["period"].isin(PERIODS)], projects),
        "years": _labelled(mine[~mine["period"].isin(PERIODS)], projects),
        "breakdowns": {by: _breakdown(store, cube, projects, cell, by) for by in ("entity_id", "category")},
    }


def _cube(store: Store, projects: pd.DataFrame, *, today: dt.date, k: int) -> pd.DataFrame:
    """Careers figures per project, period and cell of the entity × category cube (NA = all)."""
    events = store.query("careers_scope_events")  # only events an agent in scope may have
    in_scope = store.query("in_scope_agents", project=None, entity=None, category=None)
    in_scope = in_scope[in_scope["project_id"].isin(projects["project_id"])].assign(
        entity_id=lambda f: f["entity_id"].fillna(""), category=lambda f: f["category"].fillna("")
    )
    first = store.value("careers_first_date")
    first_year = first.year if first is not None else today.year
    periods = metrics.windows(projects, first_year=min(first_year, today.year), today=today)
    rows = metrics.agent_figures(in_scope, events, periods)
    levels = [[], ["entity_id"], ["category"], DIMS]
    cube = pd.concat(
        [metrics.group_figures(rows, ["project_id", "period", *level]) for level in levels], ignore_index=True
    ).reindex(columns=["project_id", "period", *DIMS, "agents", "days", *FIGURES])
    return privacy.suppress(
        cube, dims=DIMS, count="agents", values=FIGURES, k=k, siblings=["project_id", "period"]
    )


def _labelled(frame: pd.DataFrame, projects: pd.DataFrame) -> pd.DataFrame:
    names = dict(zip(projects["project_id"], projects["name"], strict=True))
    return (
        frame.assign(
            name=frame["project_id"].map(names),
            period_label=[t(f"careers.period.{p}") if p in PERIODS else p for p in frame["period"]],
        )
        .drop(columns=DIMS)
        .reset_index(drop=True)
    )


def _breakdown(
    store: Store, cube: pd.DataFrame, projects: pd.DataFrame, cell: dict, column: str
) -> pd.DataFrame:
    """Groups of ``column`` under the filtered cell, before and after each project's decision."""
    other = next(dim for dim in DIMS if dim != column)
    rows = cube[cube["period"].isin(["before", "after"]) & cube[column].notna()]
    rows = rows[rows[other].isna() if cell[other] is None else rows[other].eq(cell[other])]
    if cell[column] is not None:
        rows = rows[rows[column].eq(cell[column])]
    labels = group_labels(store, column)
    rows = rows.assign(group=rows[column], group_label=rows[column].map(labels).fillna(rows[column]))
    return _labelled(rows, projects).sort_values(
        ["project_id", "group_label", "period"], ascending=[True, True, False], ignore_index=True
    )


def report_summary(store: Store, *, today: dt.date | None = None) -> dict[str, Any]:
    """The JSON report's ``careers``: ``training_hours_per_agent`` (last 365 days, per agent in
    scope of any project) and ``career_interview_share`` (since their project started); null
    when fewer than k agents are in scope."""
    today = today or dt.date.today()
    in_scope = store.query("in_scope_agents", project=None, entity=None, category=None)
    starts = store.query("careers_projects")[["project_id", "start_date"]]
    figures = metrics.overall(in_scope, store.query("careers_events"), starts, today=today)
    if figures["agents"] < privacy.threshold(store):
        return {"training_hours_per_agent": None, "career_interview_share": None}
    return {key: figures[key] for key in ("training_hours_per_agent", "career_interview_share")}
