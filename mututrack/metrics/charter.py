"""The consultation charter and its events: compliance of the charter's steps (DOMAIN.md "Charter
compliance"), the events by kind and month around the decision, the participation rate of each event.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

__all__ = ["STATUSES", "step_status", "on_time_share", "event_participation", "events_by_month"]

STATUSES = ("on_time", "late", "overdue", "upcoming")


def step_status(steps: pd.DataFrame, *, today: dt.date) -> pd.DataFrame:
    """The steps with ``status`` added: ``on_time`` (actual <= planned), ``late`` (actual > planned),
    ``overdue`` (planned < today, not done yet) or ``upcoming``; and ``delay_days`` (actual or today
    minus planned, for late and overdue steps).
    """
    planned = pd.to_datetime(steps["planned_date"])
    actual = pd.to_datetime(steps["actual_date"])
    now = pd.Timestamp(today)
    done = actual.notna()
    status = np.select(
        [done & (actual <= planned), done, planned < now], ["on_time", "late", "overdue"], default="upcoming"
    )
    delay = (actual.where(done, now) - planned).dt.days.astype("float64")
    return steps.assign(
        status=pd.Series(status, index=steps.index, dtype="str"),
        delay_days=delay.where(np.isin(status, ["late", "overdue"])),
    )


def on_time_share(steps: pd.DataFrame, *, today: dt.date) -> pd.DataFrame:
    """Per project: ``project_id``, ``steps_on_time``, ``steps_late``, ``steps_overdue``,
    ``steps_upcoming``, ``charter_on_time_share`` = on time ÷ (on time + late + overdue), null when
    no step is due yet.
    """
    statuses = step_status(steps, today=today)
    counts = pd.crosstab(statuses["project_id"], statuses["status"])
    counts = counts.reindex(columns=list(STATUSES), fill_value=0)
    counts = counts.rename(columns=lambda s: f"steps_{s}").astype("int64")
    due = counts["steps_on_time"] + counts["steps_late"] + counts["steps_overdue"]
    counts["charter_on_time_share"] = (counts["steps_on_time"] / due.where(due > 0)).astype("float64")
    counts.columns.name = None
    return counts.reset_index().sort_values("project_id", ignore_index=True)


def event_participation(events: pd.DataFrame) -> pd.DataFrame:
    """The events with ``phase`` (``before`` the project's decision date, else ``after``) and
    ``participation_rate`` = present ÷ rows of the attendance sheet (null without a sheet) added.
    """
    before = pd.to_datetime(events["date"]) < pd.to_datetime(events["decision_date"])
    rate = events["present"] / events["invited"].where(events["invited"] > 0)
    return events.assign(
        phase=pd.Series(np.where(before, "before", "after"), index=events.index, dtype="str"),
        participation_rate=rate.astype("float64"),
    )


def events_by_month(events: pd.DataFrame) -> pd.DataFrame:
    """Events per month: ``project_id``, ``month`` (first day), ``kind``, ``phase``, ``events``."""
    phased = event_participation(events)
    phased["month"] = pd.to_datetime(phased["date"]).dt.to_period("M").dt.to_timestamp()
    counts = phased.groupby(["project_id", "month", "kind", "phase"], as_index=False).size()
    return counts.rename(columns={"size": "events"}).astype({"events": "int64"})
