"""The data of the "Implication précoce" page, and the per-project summary the Overview and the
JSON report show.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from mututrack.filters import Filters
from mututrack.metrics import charter, involvement, network
from mututrack.store import Store

__all__ = ["project_summary", "SUMMARY_COLUMNS"]

SUMMARY_COLUMNS = [
    "project_id",
    "name",
    "decision_date",
    "go_live_date",
    "agents_in_scope",
    "early_involvement_rate",
    "median_lead_days",
    "charter_on_time_share",
    "cross_entity_share",
]


def project_summary(store: Store, filters: Filters | None = None, *, today: dt.date | None = None) -> pd.DataFrame:
    """One row per project: ``project_id``, ``name``, ``decision_date``, ``go_live_date``,
    ``agents_in_scope``, ``early_involvement_rate``, ``median_lead_days``,
    ``charter_on_time_share``, ``cross_entity_share`` (project-wide figures, in decision order).
    """
    chosen = filters or Filters()
    params = {"project": chosen.project, "entity": chosen.entity, "category": chosen.category}
    projects = store.query("projects_list")
    if chosen.project:
        projects = projects[projects["project_id"] == chosen.project]
    scope = store.query("in_scope_agents", **params)
    early = involvement.early_involvement(scope, store.query("involvement_first_presence", **params), projects)
    steps = charter.on_time_share(store.query("charter_steps", **params), today=today or dt.date.today())
    cross = network.cross_entity_share(scope, store.query("network_agent_meetings", **params))
    summary = (
        projects.merge(early, on="project_id", how="left")
        .merge(steps[["project_id", "charter_on_time_share"]], on="project_id", how="left")
        .merge(cross[["project_id", "cross_entity_share"]], on="project_id", how="left")
    )
    summary["charter_on_time_share"] = summary["charter_on_time_share"].astype("float64")
    summary["cross_entity_share"] = summary["cross_entity_share"].astype("float64")
    return summary[SUMMARY_COLUMNS].reset_index(drop=True)
