"""The data of the "Mise en réseau" page: who met colleagues of another employer at the events of
a project, the entity × entity matrix of shared events and the network they draw.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from mututrack.filters import Filters
from mututrack.metrics import involvement, network
from mututrack.publication import suppression as privacy
from mututrack.store import Store
from mututrack.views.involvement import DIMENSIONS, label_groups

__all__ = ["compute"]

SHARE_FIGURES = ["agents_cross_entity", "cross_entity_share"]


def compute(store: Store, filters: Filters) -> dict[str, Any]:
    """``shares`` (per project: cross-entity share and the small-commune ↔ EPCI share),
    ``breakdowns`` (dimension -> cross-entity share per project and group, least connected first),
    ``matrix`` (entity × entity shared events, with names), ``nodes`` (entities with agents present,
    hidden under k), ``small_commune_population``, ``k``.
    """
    k = privacy.threshold(store)
    params = {"project": filters.project, "entity": filters.entity, "category": filters.category}
    scope = involvement.with_size_band(store.query("in_scope_agents", **params))
    agents = network.agent_meetings(scope, store.query("network_agent_meetings", **params))
    entities = store.query("entities_list")
    presence = store.query("network_presence", **params)
    return {
        "shares": _shares(store, agents, filters, k),
        "breakdowns": {d: _breakdown(agents, d, entities, k) for d in DIMENSIONS},
        "matrix": _named(network.shared_events(presence), entities),
        "nodes": _nodes(network.entity_attendance(presence), entities, k),
        "small_commune_population": network.SMALL_COMMUNE_POPULATION,
        "k": k,
    }


def _shares(store: Store, agents: pd.DataFrame, filters: Filters, k: int) -> pd.DataFrame:
    projects = store.query("projects_list")[["project_id", "name", "decision_date"]]
    if filters.project:
        projects = projects[projects["project_id"] == filters.project]
    cross = privacy.suppress(
        network.cross_entity_rates(agents),
        count="agents_in_scope", values=SHARE_FIGURES, k=k, siblings=["project_id"],
    )
    small = network.small_commune_rates(agents).rename(columns={"agents_in_scope": "small_commune_agents"})
    small = privacy.suppress(
        small,
        count="small_commune_agents",
        values=["agents_met_epci", "small_commune_epci_share"],
        k=k,
        siblings=["project_id"],
    ).rename(columns={"suppressed": "small_suppressed"})
    shares = projects.merge(cross, on="project_id", how="left").merge(small, on="project_id", how="left")
    # A project without any agent in scope (or none from a small commune) has nothing to show either.
    return shares.fillna({"suppressed": True, "small_suppressed": True}).reset_index(drop=True)


def _breakdown(agents: pd.DataFrame, dimension: str, entities: pd.DataFrame, k: int) -> pd.DataFrame:
    shares = network.cross_entity_rates(agents, by=[DIMENSIONS[dimension]])
    shares = shares.rename(columns={DIMENSIONS[dimension]: "group"})
    shares.insert(2, "group_label", label_groups(shares["group"], dimension, entities))
    shares = privacy.suppress(
        shares, count="agents_in_scope", values=SHARE_FIGURES, k=k, siblings=["project_id"]
    )
    order = shares.assign(_share=shares["cross_entity_share"].astype("float64"))
    order = order.sort_values(["project_id", "suppressed", "_share", "group_label"], na_position="last")
    return order.drop(columns="_share").reset_index(drop=True)


def _named(matrix: pd.DataFrame, entities: pd.DataFrame) -> pd.DataFrame:
    """The matrix with ``name_a`` and ``name_b`` (counts of events, not of people: no threshold)."""
    names = entities.set_index("entity_id")["name"]
    return matrix.assign(name_a=matrix["entity_a"].map(names), name_b=matrix["entity_b"].map(names))


def _nodes(attendance: pd.DataFrame, entities: pd.DataFrame, k: int) -> pd.DataFrame:
    nodes = entities[["entity_id", "name", "kind", "population"]]
    nodes = nodes.merge(attendance, on="entity_id", how="inner")
    # Each entity stands alone: its count is never a part of a total shown beside it.
    return privacy.suppress(nodes, count="agents_present", values=[], k=k, siblings=["entity_id"])
