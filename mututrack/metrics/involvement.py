"""Early involvement of agents in the pooling projects (DOMAIN.md "Indicators").

Inputs are plain frames: ``scope`` (one row per project and in-scope agent: ``project_id``,
``agent_key`` and the group columns), ``attendance`` (``project_id``, ``agent_key``, ``date``,
``status``: rows of the attendance sheets joined to their events, or already reduced to each
agent's first presence) and ``projects`` (``project_id``, ``decision_date``).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

__all__ = [
    "EARLY_TARGET",
    "SIZE_BANDS",
    "agent_involvement",
    "cumulative_involvement",
    "early_involvement",
    "involvement_curve",
    "involvement_rates",
    "with_size_band",
]

# Communes by population. 1 000 and 3 500 inhabitants are the thresholds of the French electoral
# code (list voting from 1 000, full municipal rules from 3 500); 10 000 separates the towns.
SIZE_BANDS: list[tuple[float, str]] = [
    (0, "commune_lt_1000"),
    (1_000, "commune_1000_3499"),
    (3_500, "commune_3500_9999"),
    (10_000, "commune_10000_plus"),
]

# The share of agents in scope to involve before a decision: under it, the overview raises an alert.
EARLY_TARGET = 0.5

EARLY_COLUMNS = ["agents_in_scope", "agents_involved_early", "early_involvement_rate", "median_lead_days"]


def agent_involvement(scope: pd.DataFrame, attendance: pd.DataFrame, projects: pd.DataFrame) -> pd.DataFrame:
    """The scope with ``decision_date``, ``first_present``, ``involved_early`` and ``lead_days`` added.

    ``first_present`` is the agent's first ``present`` attendance at an event of the project (any
    date); ``involved_early`` is true when it is strictly before the decision date (on the day of
    the decision is already too late); ``lead_days`` counts the days from it to the decision, for
    agents involved early only.
    """
    present = attendance.loc[attendance["status"] == "present", ["project_id", "agent_key", "date"]]
    first = present.groupby(["project_id", "agent_key"], as_index=False)["date"].min()
    first = first.rename(columns={"date": "first_present"})
    first["first_present"] = pd.to_datetime(first["first_present"])
    decisions = projects[["project_id", "decision_date"]].assign(
        decision_date=lambda f: pd.to_datetime(f["decision_date"])
    )
    agents = scope.merge(decisions, on="project_id", how="left").merge(
        first, on=["project_id", "agent_key"], how="left"
    )
    agents["involved_early"] = (agents["first_present"] < agents["decision_date"]).fillna(False).astype(bool)
    lead = (agents["decision_date"] - agents["first_present"]).dt.days.astype("float64")
    agents["lead_days"] = lead.where(agents["involved_early"])
    return agents


def early_involvement(
    scope: pd.DataFrame,
    attendance: pd.DataFrame,
    projects: pd.DataFrame,
    *,
    by: Sequence[str] = (),
) -> pd.DataFrame:
    """Per project (and group of ``by``): ``project_id``, *by*, ``agents_in_scope``,
    ``agents_involved_early``, ``early_involvement_rate``, ``median_lead_days``.

    Rate = in-scope agents present at an event of the project strictly before its decision date ÷
    in-scope agents; median lead = median days from those agents' first presence to the decision.
    Without ``by`` every project of ``projects`` gets a row (no agent in scope: rate and median null).
    """
    return involvement_rates(agent_involvement(scope, attendance, projects), projects, by=by)


def involvement_rates(
    agents: pd.DataFrame, projects: pd.DataFrame, *, by: Sequence[str] = ()
) -> pd.DataFrame:
    """:func:`early_involvement` from the frame of :func:`agent_involvement`, so that a page
    computes the agent-level frame once for all its breakdowns.
    """
    keys = ["project_id", *by]
    result = agents.groupby(keys, as_index=False, dropna=False).agg(
        agents_in_scope=("agent_key", "size"),
        agents_involved_early=("involved_early", "sum"),
        median_lead_days=("lead_days", "median"),
    )
    if not by:
        result = projects[["project_id"]].merge(result, on="project_id", how="left")
    result["agents_in_scope"] = result["agents_in_scope"].fillna(0).astype("int64")
    result["agents_involved_early"] = result["agents_involved_early"].fillna(0).astype("int64")
    result["early_involvement_rate"] = _ratio(result["agents_involved_early"], result["agents_in_scope"])
    result["median_lead_days"] = result["median_lead_days"].astype("float64")
    return result[[*keys, *EARLY_COLUMNS]].sort_values(keys, ignore_index=True)


def involvement_curve(scope: pd.DataFrame, attendance: pd.DataFrame, projects: pd.DataFrame) -> pd.DataFrame:
    """The cumulative share of in-scope agents involved over time: ``project_id``, ``date``,
    ``agents_involved``, ``involvement_share`` (one row per date on which someone was first present).
    """
    return cumulative_involvement(agent_involvement(scope, attendance, projects))


def cumulative_involvement(agents: pd.DataFrame) -> pd.DataFrame:
    """:func:`involvement_curve` from the frame of :func:`agent_involvement`."""
    in_scope = agents.groupby("project_id").size().rename("agents_in_scope")
    firsts = agents.dropna(subset=["first_present"])
    daily = firsts.groupby(["project_id", "first_present"]).size().rename("new_agents").reset_index()
    daily = daily.rename(columns={"first_present": "date"}).sort_values(["project_id", "date"])
    daily["agents_involved"] = daily.groupby("project_id")["new_agents"].cumsum().astype("int64")
    daily = daily.join(in_scope, on="project_id")
    daily["involvement_share"] = daily["agents_involved"] / daily["agents_in_scope"]
    return daily[["project_id", "date", "agents_involved", "involvement_share"]].reset_index(drop=True)


def with_size_band(scope: pd.DataFrame) -> pd.DataFrame:
    """The frame with ``size_band`` added: ``epci``, a commune band of :data:`SIZE_BANDS`
    (``commune`` when its population is unknown), ``autre``, or null when the entity is unknown.
    """
    # Computed once per distinct (kind, population), then looked up: the frame may hold every agent.
    pairs = scope[["entity_kind", "population"]].drop_duplicates()
    edges = [lower for lower, _ in SIZE_BANDS] + [np.inf]
    labels = [name for _, name in SIZE_BANDS]
    bands = pd.cut(pairs["population"].astype("float64"), edges, right=False, labels=labels)
    kind = pairs["entity_kind"]
    band = np.select(
        [kind == "epci", (kind == "commune") & bands.notna(), kind == "commune"],
        [np.asarray("epci", dtype=object), bands.astype("object"), np.asarray("commune", dtype=object)],
        default="autre",
    )
    # Kept as object: an empty pyarrow-backed "str" key cannot be merged after a groupby (pandas 3.1).
    pairs = pairs.assign(size_band=pd.Series(band, index=pairs.index, dtype="object").where(kind.notna()))
    lookup = pd.MultiIndex.from_frame(pairs[["entity_kind", "population"]])
    position = lookup.get_indexer(pd.MultiIndex.from_frame(scope[["entity_kind", "population"]]))
    if not len(scope):
        return scope.assign(size_band=pd.Series(dtype="object"))
    return scope.assign(size_band=pairs["size_band"].to_numpy()[position])


def _ratio(numerator: pd.Series, denominator: pd.Series) -> pd.Series:
    """numerator ÷ denominator as float, null where the denominator is 0."""
    return (numerator / denominator.where(denominator > 0)).astype("float64")
