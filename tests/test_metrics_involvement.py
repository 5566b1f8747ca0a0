"""Early involvement: the tiny territory computed by hand, and the edge cases of the definition."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from mututrack.metrics import involvement
from mututrack.store import Store
from tests.fixtures_involvement import insert, tiny_store

NAN = np.nan
ALL = {"project": None, "entity": None, "category": None}


@pytest.fixture(scope="module")
def store() -> Store:
    return tiny_store()


@pytest.fixture(scope="module")
def frames(store):
    return (
        store.query("in_scope_agents", **ALL),
        store.query("involvement_first_presence", **ALL),
        store.query("projects_list"),
    )


def test_in_scope_agents(store):
    scope = store.query("in_scope_agents", **ALL)
    assert list(zip(scope["project_id"], scope["agent_key"], strict=True)) == [
        ("p1", "a1"), ("p1", "a2"), ("p1", "a3"), ("p1", "a4"), ("p2", "a10"), ("p2", "a6"),
    ]


def test_early_involvement_by_project(frames):
    expected = pd.DataFrame(
        {
            "project_id": ["p1", "p2"],
            "agents_in_scope": [4, 2],
            "agents_involved_early": [2, 0],  # p1: a1 (2024-03-01), a3 (2024-05-01); a2 on the decision day
            "early_involvement_rate": [0.5, 0.0],
            "median_lead_days": [61.5, NAN],  # median of 92 and 31 days
        }
    )
    result = involvement.early_involvement(*frames)
    pd.testing.assert_frame_equal(result, expected, check_dtype=False)
    assert result.dtypes.to_dict() == {
        "project_id": result["project_id"].dtype,
        "agents_in_scope": np.dtype("int64"),
        "agents_involved_early": np.dtype("int64"),
        "early_involvement_rate": np.dtype("float64"),
        "median_lead_days": np.dtype("float64"),
    }


def test_early_involvement_by_entity(frames):
    expected = pd.DataFrame(
        {
            "project_id": ["p1", "p1", "p1", "p2", "p2"],
            "entity_id": ["agglo", "c1", "c2", "agglo", "c1"],
            "agents_in_scope": [2, 1, 1, 1, 1],
            "agents_involved_early": [1, 1, 0, 0, 0],
            "early_involvement_rate": [0.5, 1.0, 0.0, 0.0, 0.0],
            "median_lead_days": [92.0, 31.0, NAN, NAN, NAN],
        }
    )
    result = involvement.early_involvement(*frames, by=["entity_id"])
    pd.testing.assert_frame_equal(result, expected, check_dtype=False)


def test_project_without_agents_in_scope_has_null_rate(frames):
    scope, presence, projects = frames
    later = pd.DataFrame({"project_id": ["p3"], "decision_date": [pd.Timestamp("2025-01-01")]})
    projects = pd.concat([projects, later])
    result = involvement.early_involvement(scope, presence, projects)
    assert result.iloc[-1][["agents_in_scope", "agents_involved_early"]].tolist() == [0, 0]
    assert result.iloc[-1][["early_involvement_rate", "median_lead_days"]].isna().all()


def test_involvement_curve(frames):
    expected = pd.DataFrame(
        {
            "project_id": ["p1", "p1", "p1", "p1", "p2"],
            "date": pd.to_datetime(["2024-03-01", "2024-05-01", "2024-06-01", "2024-07-01", "2024-10-01"]),
            "agents_involved": [1, 2, 3, 4, 2],
            "involvement_share": [0.25, 0.5, 0.75, 1.0, 1.0],
        }
    )
    pd.testing.assert_frame_equal(involvement.involvement_curve(*frames), expected, check_dtype=False)


DECISION = pd.Timestamp("2024-06-01")


@pytest.mark.parametrize(
    ("rows", "early", "lead"),
    [
        ([("present", "2024-05-31")], True, 1.0),
        ([("present", "2024-06-01")], False, NAN),  # on the decision day is not early
        ([("excuse", "2024-01-01")], False, NAN),  # excused does not count
        ([("absent", "2024-01-01")], False, NAN),  # absent does not count
        ([("absent", "2024-01-01"), ("present", "2024-04-01")], True, 61.0),  # lead from the first *present*
        # the order of rows does not matter
        ([("present", "2024-04-01"), ("present", "2024-02-01")], True, 121.0),
        ([], False, NAN),
    ],
)
def test_agent_involvement_edge_cases(rows, early, lead):
    scope = pd.DataFrame({"project_id": ["p"], "agent_key": ["a"]})
    attendance = pd.DataFrame(
        {
            "project_id": ["p"] * len(rows),
            "agent_key": ["a"] * len(rows),
            "status": [status for status, _ in rows],
            "date": pd.to_datetime([date for _, date in rows]),
        }
    )
    projects = pd.DataFrame({"project_id": ["p"], "decision_date": [DECISION]})
    agent = involvement.agent_involvement(scope, attendance, projects).iloc[0]
    assert bool(agent["involved_early"]) is early
    assert (np.isnan(lead) and np.isnan(agent["lead_days"])) or agent["lead_days"] == lead


@pytest.mark.parametrize(
    ("start", "end", "entity", "project_entities", "in_scope"),
    [
        (None, None, "c1", [], True),  # open-ended contract, project for every entity
        ("2024-01-01", None, "c1", [], True),
        ("2024-06-01", "2024-06-01", "c1", [], True),  # bounds are inclusive
        ("2020-01-01", "2024-05-31", "c1", [], False),  # left the day before the decision
        ("2024-06-02", None, "c1", [], False),  # arrived after the decision
        (None, None, "c1", ["c1"], True),
        (None, None, "c1", ["c2"], False),  # entity not listed
    ],
)
def test_in_scope_edge_cases(start, end, entity, project_entities, in_scope):
    store = Store()
    insert(
        store,
        {
            "entities": [("c1", "C1", "commune", 100), ("c2", "C2", "commune", 100)],
            "projects": [("p", "P", dt.date(2024, 6, 1), None, None)],
            "project_services": [("p", "RH"), ("p", "RH")],  # a duplicated service does not duplicate agents
            "project_entities": [("p", e) for e in project_entities],
            "agents": [
                ("a", entity, "RH", "B", None, start, end), ("b", entity, "Voirie", "B", None, None, None)
            ],
        },
    )
    assert store.query("in_scope_agents", **ALL)["agent_key"].tolist() == (["a"] if in_scope else [])


@pytest.mark.parametrize(
    ("kind", "population", "band"),
    [
        ("epci", 50_000, "epci"),
        ("commune", 999, "commune_lt_1000"),
        ("commune", 1_000, "commune_1000_3499"),
        ("commune", 3_500, "commune_3500_9999"),
        ("commune", 10_000, "commune_10000_plus"),
        ("commune", None, "commune"),  # population unknown
        ("autre", 200, "autre"),
    ],
)
def test_size_band(kind, population, band):
    frame = pd.DataFrame({"entity_kind": [kind], "population": pd.array([population], dtype="Int64")})
    assert involvement.with_size_band(frame)["size_band"].tolist() == [band]
