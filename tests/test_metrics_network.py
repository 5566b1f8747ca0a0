"""Reciprocal discovery: who met colleagues of another entity, computed by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from mututrack.metrics import network
from tests.fixtures_involvement import tiny_store

ALL = {"project": None, "entity": None, "category": None}


@pytest.fixture(scope="module")
def store():
    return tiny_store()


def test_agent_meetings(store):
    expected = pd.DataFrame(
        {
            "project_id": ["p1", "p1", "p1", "p1", "p1", "p2", "p2"],
            "agent_key": ["a1", "a2", "a3", "a4", "a5", "a10", "a6"],
            # e1: a1 (agglo) + a5 (c2); e0: a3 alone; e2: a2 alone (a4 absent); e3: a4 (c2) + a1;
            # e4: a6 (c1) + a10
            "met_other_entity": [True, False, False, True, True, True, True],
            # EPCI staff meeting the EPCI is not counted
            "met_epci": [False, False, False, True, True, False, True],
        }
    )
    pd.testing.assert_frame_equal(store.query("network_agent_meetings", project=None), expected)


def test_cross_entity_share(store):
    scope = store.query("in_scope_agents", **ALL)
    expected = pd.DataFrame(
        {"project_id": ["p1", "p2"], "agents_in_scope": [4, 2], "agents_cross_entity": [2, 2],
         "cross_entity_share": [0.5, 1.0]}
    )
    result = network.cross_entity_share(scope, store.query("network_agent_meetings", project=None))
    pd.testing.assert_frame_equal(result, expected)


def test_small_commune_epci_share(store):
    scope = store.query("in_scope_agents", **ALL)
    # Small communes: c1 (800 inhabitants). p1: a3 only, alone at e0; p2: a6 met a10 (agglo) at e4.
    expected = pd.DataFrame(
        {"project_id": ["p1", "p2"], "agents_in_scope": [1, 1], "agents_met_epci": [0, 1],
         "small_commune_epci_share": [0.0, 1.0]}
    )
    result = network.small_commune_epci_share(scope, store.query("network_agent_meetings", project=None))
    pd.testing.assert_frame_equal(result, expected)


def test_shared_events_matrix(store):
    expected = pd.DataFrame(
        {
            "entity_a": ["agglo", "agglo", "c1", "c2"],
            "entity_b": ["c1", "c2", "agglo", "agglo"],
            "shared_events": [1, 2, 1, 2],  # agglo-c2: e1 (a1, a5) and e3 (a1, a4)
        }
    )
    presence = store.query("network_presence", project=None)
    pd.testing.assert_frame_equal(network.shared_events(presence), expected)


def test_entity_attendance(store):
    expected = pd.DataFrame(
        {"entity_id": ["agglo", "c1", "c2"], "agents_present": [3, 2, 2], "events": [4, 2, 2]}
    )
    presence = store.query("network_presence", project=None)
    pd.testing.assert_frame_equal(network.entity_attendance(presence), expected)


def test_no_shared_event_gives_an_empty_matrix_with_text_columns():
    # Each event has one entity present: no pair, and the columns of a query without rows.
    presence = pd.DataFrame({"event_id": ["e1", "e2"], "agent_key": ["a1", "a2"], "entity_id": ["c1", "c2"]})
    expected = pd.DataFrame(
        {"entity_a": pd.Series(dtype=object), "entity_b": pd.Series(dtype=object),
         "shared_events": pd.Series(dtype="int64")}
    )
    pd.testing.assert_frame_equal(network.shared_events(presence), expected)
