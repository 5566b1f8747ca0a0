"""Charter compliance and the consultation events, computed by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from mututrack.metrics import charter
from tests.fixtures_involvement import TODAY, tiny_store

NAN = np.nan
ALL = {"project": None, "entity": None, "category": None}


@pytest.fixture(scope="module")
def store():
    return tiny_store()


@pytest.mark.parametrize(
    ("planned", "actual", "status", "delay"),
    [
        ("2024-11-01", "2024-10-31", "on_time", NAN),
        ("2024-11-01", "2024-11-01", "on_time", NAN),  # done on the planned day is on time
        ("2024-11-01", "2024-11-05", "late", 4.0),
        ("2024-11-30", None, "overdue", 1.0),  # planned yesterday, not done
        ("2024-12-01", None, "upcoming", NAN),  # planned today: not overdue yet
        ("2025-03-01", "2024-11-01", "on_time", NAN),  # done ahead of a future date
    ],
)
def test_step_status(planned, actual, status, delay):
    steps = pd.DataFrame(
        {"planned_date": [pd.Timestamp(planned)], "actual_date": [pd.Timestamp(actual) if actual else pd.NaT]}
    )
    row = charter.step_status(steps, today=TODAY).iloc[0]
    assert row["status"] == status
    assert (np.isnan(delay) and np.isnan(row["delay_days"])) or row["delay_days"] == delay


def test_on_time_share(store):
    expected = pd.DataFrame(
        {
            "project_id": ["p1", "p2"],
            "steps_on_time": [1, 1],
            "steps_late": [1, 0],
            "steps_overdue": [1, 0],
            "steps_upcoming": [1, 0],
            "charter_on_time_share": [1 / 3, 1.0],
        }
    )
    steps = store.query("charter_steps", project=None)
    pd.testing.assert_frame_equal(charter.on_time_share(steps, today=TODAY), expected)


def test_on_time_share_without_due_steps():
    steps = pd.DataFrame(
        {"project_id": ["p"], "planned_date": [pd.Timestamp("2030-01-01")], "actual_date": [pd.NaT]}
    )
    assert np.isnan(charter.on_time_share(steps, today=TODAY)["charter_on_time_share"].iloc[0])


def test_event_participation(store):
    events = charter.event_participation(store.query("concertation_events", **ALL))
    expected = pd.DataFrame(
        {
            "event_id": ["e1", "e0", "e2", "e3", "e4"],
            "invited": [3, 1, 2, 2, 2],
            "present": [2, 1, 1, 2, 2],  # e1: a2 excused; e2: a4 absent
            "phase": ["before", "before", "after", "after", "after"],  # e2 is on the decision day
            "participation_rate": [2 / 3, 1.0, 0.5, 1.0, 1.0],
        }
    )
    pd.testing.assert_frame_equal(events[list(expected.columns)], expected, check_dtype=False)


def test_events_by_month(store):
    expected = pd.DataFrame(
        {
            "project_id": ["p1", "p1", "p1", "p1", "p2"],
            "month": pd.to_datetime(["2024-03-01", "2024-05-01", "2024-06-01", "2024-07-01", "2024-10-01"]),
            "kind": ["information", "atelier", "atelier", "formation", "atelier"],
            "phase": ["before", "before", "after", "after", "after"],
            "events": [1, 1, 1, 1, 1],
        }
    )
    result = charter.events_by_month(store.query("concertation_events", **ALL))
    pd.testing.assert_frame_equal(result, expected, check_dtype=False)
