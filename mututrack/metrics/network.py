"""Reciprocal discovery: agents of different employers meeting at the events of a project
(DOMAIN.md "Reciprocal discovery").

``meetings`` has one row per project and agent present at one of its events at least once:
``project_id``, ``agent_key``, ``met_other_entity`` (present at an event of the project where
another present attendee belongs to another entity), ``met_epci`` (... where a present attendee
belongs to the EPCI).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

__all__ = [
    "SMALL_COMMUNE_POPULATION",
    "agent_meetings",
    "cross_entity_rates",
    "cross_entity_share",
    "entity_attendance",
    "shared_events",
    "small_commune_epci_share",
    "small_commune_rates",
]

# A "small commune" for the EPCI-meeting share: under 3 500 inhabitants, the French electoral
# code's threshold below which communes run with the lightest administration.
SMALL_COMMUNE_POPULATION = 3_500


def agent_meetings(scope: pd.DataFrame, meetings: pd.DataFrame) -> pd.DataFrame:
    """The scope with ``met_other_entity`` and ``met_epci`` added (false for agents never present)."""
    flags = meetings[["project_id", "agent_key", "met_other_entity", "met_epci"]]
    flags = flags.drop_duplicates(["project_id", "agent_key"])
    agents = scope.merge(flags, how="left", on=["project_id", "agent_key"])
    for flag in ("met_other_entity", "met_epci"):
        agents[flag] = agents[flag].astype("boolean").fillna(False).astype(bool)
    return agents


def cross_entity_share(
    scope: pd.DataFrame, meetings: pd.DataFrame, *, by: Sequence[str] = ()
) -> pd.DataFrame:
    """Per project (and group of ``by``): ``project_id``, *by*, ``agents_in_scope``,
    ``agents_cross_entity``, ``cross_entity_share`` = in-scope agents who met someone of another
    entity at an event of the project ÷ in-scope agents.
    """
    return cross_entity_rates(agent_meetings(scope, meetings), by=by)


def cross_entity_rates(agents: pd.DataFrame, *, by: Sequence[str] = ()) -> pd.DataFrame:
    """:func:`cross_entity_share` from the frame of :func:`agent_meetings`."""
    return _met_share(agents, "met_other_entity", "agents_cross_entity", "cross_entity_share", by)


def small_commune_epci_share(scope: pd.DataFrame, meetings: pd.DataFrame) -> pd.DataFrame:
    """Per project: ``project_id``, ``agents_in_scope`` (small-commune agents only),
    ``agents_met_epci``, ``small_commune_epci_share`` = those who met EPCI staff at an event ÷ them.
    """
    return small_commune_rates(agent_meetings(scope, meetings))


def small_commune_rates(agents: pd.DataFrame) -> pd.DataFrame:
    """:func:`small_commune_epci_share` from the frame of :func:`agent_meetings`."""
    small = (agents["entity_kind"] == "commune") & (agents["population"] < SMALL_COMMUNE_POPULATION)
    small_agents = agents[small.fillna(False)]
    return _met_share(small_agents, "met_epci", "agents_met_epci", "small_commune_epci_share", ())


def entity_attendance(presence: pd.DataFrame) -> pd.DataFrame:
    """Per entity with someone present (from ``network_presence``): ``entity_id``,
    ``agents_present`` (distinct agents) and ``events`` (distinct events), by entity."""
    counts = presence.groupby("entity_id", as_index=False).agg(
        agents_present=("agent_key", "nunique"), events=("event_id", "nunique")
    )
    return counts.astype({"agents_present": "int64", "events": "int64"})


def shared_events(presence: pd.DataFrame) -> pd.DataFrame:
    """The entity × entity matrix (from ``network_presence``): for every ordered pair of different
    entities, ``entity_a``, ``entity_b`` and ``shared_events``, the events where both had someone
    present, by pair."""
    present = presence[["event_id", "entity_id"]].drop_duplicates()
    pairs = present.merge(present, on="event_id", suffixes=("_a", "_b"))
    pairs = pairs[pairs["entity_id_a"] != pairs["entity_id_b"]]
    counts = pairs.groupby(["entity_id_a", "entity_id_b"], as_index=False).agg(
        shared_events=("event_id", "size")
    )
    counts = counts.rename(columns={"entity_id_a": "entity_a", "entity_id_b": "entity_b"})
    # No pair: text columns of dtype object, as DuckDB returns a result without rows (and views/stored
    # keeps object columns apart).
    text = object if counts.empty else counts["entity_a"].dtype
    return counts.astype({"entity_a": text, "entity_b": text, "shared_events": "int64"})


def _met_share(agents: pd.DataFrame, flag: str, count: str, share: str, by: Sequence[str]) -> pd.DataFrame:
    keys = ["project_id", *by]
    result = agents.groupby(keys, as_index=False, dropna=False).agg(
        agents_in_scope=("agent_key", "size"), **{count: (flag, "sum")}
    )
    result = result.astype({"agents_in_scope": "int64", count: "int64"})
    result[share] = (result[count] / result["agents_in_scope"]).astype("float64")
    return result.sort_values(keys, ignore_index=True)
