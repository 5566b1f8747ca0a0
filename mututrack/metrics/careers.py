"""Careers and skills of the agents in scope of each project (DOMAIN.md "Careers").

Training hours per in-scope agent per year, the share with a career interview, and counts of
internal mobility, new functions and promotions, over windows around the project's decision:
the year before it, the year after it (up to today), since the project started, and each calendar
year. Pure functions: DataFrames in, DataFrames out.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

__all__ = ["WINDOW_DAYS", "EVENT_FIGURES", "windows", "agent_figures", "group_figures", "overall"]

WINDOW_DAYS = 365  # one year each side of the decision: the comparison the RSU's annual figures allow
# career_events.kind -> the figure it feeds (training counts hours, the others count events)
EVENT_FIGURES = {
    "formation": "training_hours",
    "entretien_carriere": "interviews",
    "mobilite": "mobility",
    "nouvelle_fonction": "new_functions",
    "promotion": "promotions",
}
COUNTS = ["training_hours", "interviews", "mobility", "new_functions", "promotions"]


def windows(projects: pd.DataFrame, *, first_year: int, today: dt.date) -> pd.DataFrame:
    """Per project: ``project_id``, ``period``, ``start``, ``end`` (exclusive), ``days``.

    Periods: ``before`` (the 365 days before the decision), ``after`` (from the decision, 365 days
    or up to today), ``since_start`` (from the project's start, its first event or charter step,
    up to today) and one per calendar year from ``first_year`` (up to today). ``projects`` has
    ``project_id``, ``decision_date`` and ``start_date``. Periods that have not begun are left out.
    """
    end_today = pd.Timestamp(today) + pd.Timedelta(days=1)
    rows = []
    for p in projects.itertuples(index=False):
        decision = pd.Timestamp(p.decision_date)
        start = pd.Timestamp(p.start_date) if pd.notna(p.start_date) else decision
        rows += [
            (p.project_id, "before", decision - pd.Timedelta(days=WINDOW_DAYS), decision),
            (p.project_id, "after", decision, min(decision + pd.Timedelta(days=WINDOW_DAYS), end_today)),
            (p.project_id, "since_start", start, end_today),
        ]
        rows += [
            (p.project_id, str(year), pd.Timestamp(year, 1, 1), min(pd.Timestamp(year + 1, 1, 1), end_today))
            for year in range(first_year, today.year + 1)
        ]
    frame = pd.DataFrame(rows, columns=["project_id", "period", "start", "end"])
    frame[["start", "end"]] = frame[["start", "end"]].astype("datetime64[ns]")
    frame["days"] = (frame["end"] - frame["start"]).dt.days
    return frame[frame["days"] > 0].reset_index(drop=True)


def agent_figures(in_scope: pd.DataFrame, events: pd.DataFrame, periods: pd.DataFrame) -> pd.DataFrame:
    """Per project, period and in-scope agent: the agent's columns (``entity_id``, ``category``),
    ``days`` of the period, ``training_hours`` and the counts of ``interviews``, ``mobility``,
    ``new_functions`` and ``promotions`` dated inside the period.

    ``in_scope``: ``project_id``, ``agent_key``, ``entity_id``, ``category``; ``events``:
    ``agent_key``, ``date``, ``kind``, ``hours``.
    """
    agents = in_scope[["project_id", "agent_key", "entity_id", "category"]].merge(periods, on="project_id")
    dated = events.assign(date=pd.to_datetime(events["date"]), figure=events["kind"].map(EVENT_FIGURES))
    dated = dated[dated["figure"].notna()]
    dated = dated.assign(amount=np.where(dated["figure"] == "training_hours", dated["hours"].fillna(0), 1.0))
    inside = agents[["project_id", "period", "agent_key", "start", "end"]].merge(dated, on="agent_key")
    inside = inside[(inside["date"] >= inside["start"]) & (inside["date"] < inside["end"])]
    sums = inside.pivot_table(
        index=["project_id", "period", "agent_key"],
        columns="figure",
        values="amount",
        aggfunc="sum",
        fill_value=0.0,
    )
    sums = sums.reindex(columns=COUNTS, fill_value=0.0).reset_index()
    out = agents.merge(sums, on=["project_id", "period", "agent_key"], how="left")
    out[COUNTS] = out[COUNTS].fillna(0.0)
    return out.drop(columns=["start", "end"])


def group_figures(rows: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Per group of ``keys``: ``agents``, ``training_hours_per_agent_year`` (hours ÷ agents ÷ years
    of the period), ``career_interview_share`` (agents with at least one interview ÷ agents),
    ``mobility``, ``new_functions``, ``promotions`` (counts of events) and ``days``."""
    grouped = rows.assign(with_interview=rows["interviews"] > 0).groupby(
        keys, dropna=False, as_index=False, sort=False
    )
    out = grouped.agg(
        agents=("agent_key", "nunique"),
        days=("days", "max"),
        training_hours=("training_hours", "sum"),
        with_interview=("with_interview", "sum"),
        mobility=("mobility", "sum"),
        new_functions=("new_functions", "sum"),
        promotions=("promotions", "sum"),
    )
    years = out["days"] / 365.25
    out["training_hours_per_agent_year"] = out["training_hours"] / out["agents"] / years
    out["career_interview_share"] = out["with_interview"] / out["agents"]
    out[["mobility", "new_functions", "promotions"]] = out[
        ["mobility", "new_functions", "promotions"]
    ].astype("int64")
    return out.drop(columns=["training_hours", "with_interview"])


def overall(in_scope: pd.DataFrame, events: pd.DataFrame, starts: pd.DataFrame, *, today: dt.date) -> dict:
    """The report's careers figures over every project's in-scope agents (each agent once):
    ``agents``, ``training_hours_per_agent`` (hours of the last 365 days ÷ agents: a yearly
    figure, as the RSU's) and ``career_interview_share`` (agents with a career interview since
    the start of their earliest project ÷ agents)."""
    scope = in_scope.merge(starts, on="project_id").groupby("agent_key", as_index=False)["start_date"].min()
    if scope.empty:
        return {"agents": 0, "training_hours_per_agent": None, "career_interview_share": None}
    dated = events.assign(date=pd.to_datetime(events["date"])).merge(scope, on="agent_key")
    since = pd.Timestamp(today) - pd.Timedelta(days=WINDOW_DAYS - 1)
    training = dated[
        (dated["kind"] == "formation") & (dated["date"] >= since) & (dated["date"] <= pd.Timestamp(today))
    ]
    interviewed = dated[
        (dated["kind"] == "entretien_carriere") & (dated["date"] >= pd.to_datetime(dated["start_date"]))
    ]
    agents = len(scope)
    return {
        "agents": agents,
        "training_hours_per_agent": float(training["hours"].fillna(0).sum()) / agents,
        "career_interview_share": interviewed["agent_key"].nunique() / agents,
    }
