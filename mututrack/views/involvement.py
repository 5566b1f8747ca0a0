"""The data of the "Implication précoce" page, and the per-project summary the Overview and the
JSON report show.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from mututrack.filters import Filters
from mututrack.i18n import strings, t
from mututrack.metrics import charter, involvement, network
from mututrack.publication import suppression as privacy
from mututrack.store import Store

__all__ = [
    "compute", "project_summary", "breakdown", "label", "label_groups", "SUMMARY_COLUMNS", "DIMENSIONS"
]

SUMMARY_COLUMNS = [
    "project_id",
    "name",
    "decision_date",
    "go_live_date",
    "agents_in_scope",
    "agents_involved_early",
    "early_involvement_rate",
    "median_lead_days",
    "charter_on_time_share",
    "cross_entity_share",
]
# Figures about few agents can point at them (who came, who did not): hidden under k like survey figures.
AGENT_FIGURES = ["agents_involved_early", "early_involvement_rate", "median_lead_days", "cross_entity_share"]
# Breakdown dimensions of the pages -> the column of the in-scope agents frame holding the group.
DIMENSIONS = {
    "entity": "entity_id",
    "entity_kind": "entity_kind",
    "size_band": "size_band",
    "category": "category",
    "service": "service",
}


def project_summary(
    store: Store,
    filters: Filters | None = None,
    *,
    today: dt.date | None = None,
    k: int | None = None,
    as_of: dt.date | None = None,
) -> pd.DataFrame:
    """One row per project: ``project_id``, ``name``, ``decision_date``, ``go_live_date``,
    ``agents_in_scope``, ``agents_involved_early``, ``early_involvement_rate``, ``median_lead_days``,
    ``charter_on_time_share``, ``cross_entity_share``, ``suppressed`` (in decision order), and with
    ``as_of``, ``early_involvement_as_of``: the rate counting only attendance dated on or before it
    (the Overview's "a week ago").

    A project with fewer than ``k`` agents in scope (default: the store's anonymity threshold)
    keeps only its dates and charter share.
    """
    projects, scope, presence, params = _inputs(store, filters or Filters())
    agents = involvement.agent_involvement(scope, presence, projects)
    summary = _summary(store, projects, scope, agents, params, today=today, k=k)
    if as_of is not None:
        before = presence[pd.to_datetime(presence["date"]) <= pd.Timestamp(as_of)]
        past = involvement.involvement_rates(involvement.agent_involvement(scope, before, projects), projects)
        past = past.set_index("project_id")
        rates = summary["project_id"].map(past["early_involvement_rate"]).astype("float64")
        involved = summary["project_id"].map(past["agents_involved_early"]).astype("float64")
        few = (involved > 0) & (involved < (k or privacy.threshold(store)))  # no count under k, then either
        summary["early_involvement_as_of"] = rates.mask(summary["suppressed"] | summary["involved_few"] | few)
    return summary


def compute(store: Store, filters: Filters, *, today: dt.date | None = None) -> dict[str, Any]:
    """``projects`` (summary), ``curve`` (cumulative involvement per project), ``breakdowns``
    (dimension -> early involvement per project and group, after privacy), ``target``, ``k``.
    """
    k = privacy.threshold(store)
    projects, scope, presence, params = _inputs(store, filters)
    agents = involvement.agent_involvement(scope, presence, projects)
    summary = _summary(store, projects, scope, agents, params, today=today, k=k)
    visible = summary.loc[~summary["suppressed"], "project_id"]
    curve = involvement.cumulative_involvement(agents)
    # the curve starts once k agents are involved: its first points would count fewer
    curve = curve[curve["project_id"].isin(visible) & (curve["agents_involved"] >= k)]
    entities = store.query("entities_list")
    return {
        "projects": summary,
        "curve": curve.reset_index(drop=True),
        "breakdowns": {d: breakdown(agents, projects, d, entities=entities, k=k) for d in DIMENSIONS},
        "target": involvement.EARLY_TARGET,
        "k": k,
    }


def breakdown(
    agents: pd.DataFrame, projects: pd.DataFrame, dimension: str, *, entities: pd.DataFrame, k: int
) -> pd.DataFrame:
    """Early involvement per project and group of ``dimension`` (``agents``: the frame of
    :func:`involvement.agent_involvement`): ``project_id``, ``group``, ``group_label``, the figures
    of :func:`involvement.early_involvement`, ``suppressed``; the groups least involved first,
    hidden groups last.
    """
    rates = involvement.involvement_rates(agents, projects, by=[DIMENSIONS[dimension]])
    rates = rates.rename(columns={DIMENSIONS[dimension]: "group"})
    rates.insert(2, "group_label", label_groups(rates["group"], dimension, entities))
    rates = privacy.suppress(
        rates, count="agents_in_scope", values=AGENT_FIGURES[:3], k=k, siblings=["project_id"]
    )
    rates = few_involved(rates, k, siblings=["project_id"])
    order = rates.assign(_rate=rates["early_involvement_rate"].astype("float64"))
    order = order.sort_values(["project_id", "suppressed", "_rate", "group_label"], na_position="last")
    return order.drop(columns="_rate").reset_index(drop=True)


def label_groups(groups: pd.Series, dimension: str, entities: pd.DataFrame) -> pd.Series:
    """The display label of each group value of ``dimension`` in the current language."""
    names = dict(zip(entities["entity_id"], entities["name"], strict=True))
    labels = {
        "entity": lambda g: names.get(g, g),
        "entity_kind": lambda g: (
            t(f"entity.kind.{g}") if g in ("epci", "commune", "autre") else t("involvement.group.unknown")
        ),
        "size_band": lambda g: t(f"involvement.band.{g}"),
        "category": lambda g: t("involvement.group.category", category=g),
        "service": lambda g: g,
    }[dimension]
    shown = [t("involvement.group.unknown") if pd.isna(g) else labels(g) for g in groups]
    return pd.Series(shown, index=groups.index, dtype="str")


def label(prefix: str, value: object) -> str:
    """The label ``prefix.value`` in the current language, or the value itself when it has none."""
    key = f"{prefix}.{value}"
    return t(key) if key in strings() else str(value)


def _inputs(store: Store, chosen: Filters) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, dict[str, Any]]:
    params = {"project": chosen.project, "entity": chosen.entity, "category": chosen.category}
    projects = store.query("projects_list")
    if chosen.project:
        projects = projects[projects["project_id"] == chosen.project].reset_index(drop=True)
    scope = involvement.with_size_band(store.query("in_scope_agents", **params))
    return projects, scope, store.query("involvement_first_presence", **params), params


def _summary(
    store: Store,
    projects: pd.DataFrame,
    scope: pd.DataFrame,
    agents: pd.DataFrame,
    params: dict[str, Any],
    *,
    today: dt.date | None,
    k: int | None,
) -> pd.DataFrame:
    early = involvement.involvement_rates(agents, projects)
    steps = charter.on_time_share(store.query("charter_steps", **params), today=today or dt.date.today())
    cross = network.cross_entity_share(scope, store.query("network_agent_meetings", **params))
    summary = (
        projects.merge(early, on="project_id", how="left")
        .merge(steps[["project_id", "charter_on_time_share"]], on="project_id", how="left")
        .merge(cross[["project_id", "cross_entity_share"]], on="project_id", how="left")
    )
    summary = summary.astype({"charter_on_time_share": "float64", "cross_entity_share": "float64"})
    summary = privacy.suppress(
        summary[SUMMARY_COLUMNS],
        count="agents_in_scope",
        values=[c for c in AGENT_FIGURES if c in SUMMARY_COLUMNS],
        k=privacy.threshold(store) if k is None else k,
        siblings=["project_id"],  # one project's figures cannot be recovered from another's
    )
    k = privacy.threshold(store) if k is None else k
    return few_involved(summary, k, siblings=["project_id"]).reset_index(drop=True)


def few_involved(frame: pd.DataFrame, k: int, *, siblings: list[str]) -> pd.DataFrame:
    """``frame`` with no count of agents involved early between 1 and ``k − 1`` (DOMAIN.md "Anonymity":
    no count of participants under k): such a group shows "fewer than k" and its rate only as a bound,
    ``early_involvement_rate_max``; its median lead time (a few people's dates) is hidden.

    Inside each sibling set (the groups of one project), the bounded groups are completed like hidden
    ones (:func:`privacy.complementary`): when they hold fewer than k involved agents in all, the
    visible group with the fewest is masked too, so that the project's total minus the shown groups
    never gives a count under k. ``involved_few`` marks the bounded rows, ``involved_masked`` the
    rows masked to protect them.
    """
    out, few, completed, most = privacy.bound_counts(
        frame, count="agents_involved_early", base="agents_in_scope",
        values=["early_involvement_rate", "median_lead_days"], k=k, siblings=siblings,
    )
    return out.assign(involved_few=few, involved_masked=completed, early_involvement_rate_max=most)
