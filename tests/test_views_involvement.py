"""The per-project summary the Overview and the JSON report show, on the tiny territory."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from mututrack.filters import Filters
from mututrack.metrics import involvement as metrics_involvement
from mututrack.publication import suppression as privacy
from mututrack.store import Store
from mututrack.views import concertation, involvement, network, participation, proposals
from tests.fixtures_involvement import TODAY, tiny_store

NAN = np.nan
ALL = {"project": None, "entity": None, "category": None}
VIEW_MODULES = {
    "involvement": involvement,
    "concertation": concertation,
    "network": network,
    "participation": participation,
    "proposals": proposals,
}


def test_project_summary():
    expected = pd.DataFrame(
        {
            "project_id": ["p1", "p2"],
            "name": ["RH et finances", "Voirie"],
            "decision_date": pd.to_datetime(["2024-06-01", "2024-09-01"]),
            "go_live_date": pd.to_datetime(["2025-01-01", None]),
            "agents_in_scope": [4, 2],
            "agents_involved_early": [2, 0],
            "early_involvement_rate": [0.5, 0.0],
            "median_lead_days": [61.5, np.nan],
            "charter_on_time_share": [1 / 3, 1.0],  # p1: on time, late, overdue (+ one upcoming)
            "cross_entity_share": [0.5, 1.0],  # p1: a1 met a5 (c2) at e1, a4 met a1 at e3
            "suppressed": [False, False],
        }
    )
    result = involvement.project_summary(tiny_store(), today=TODAY, k=1)
    pd.testing.assert_frame_equal(result[list(expected.columns)], expected, check_dtype=False)
    assert not result[["involved_few", "involved_masked"]].to_numpy().any()  # k = 1: no count is under k
    assert result["early_involvement_rate_max"].isna().all()


def test_project_summary_hides_projects_with_few_agents():
    result = involvement.project_summary(tiny_store(), today=TODAY, k=3)  # p1 has 4 agents in scope, p2 has 2
    assert result["suppressed"].tolist() == [False, True]
    figures = ["agents_in_scope", "early_involvement_rate", "median_lead_days", "cross_entity_share"]
    assert result.loc[1, figures].isna().all()
    assert result.loc[1, "charter_on_time_share"] == 1.0  # the charter is about dates, not people


def test_project_summary_filtered():
    chosen = Filters(project="p1", entity="agglo")
    result = involvement.project_summary(tiny_store(), chosen, today=TODAY, k=1)
    shown = result[["project_id", "agents_in_scope", "early_involvement_rate"]]
    assert shown.values.tolist() == [["p1", 2, 0.5]]


def test_project_summary_on_an_empty_store():
    result = involvement.project_summary(Store())
    assert result.empty
    assert list(result.columns) == [
        *involvement.SUMMARY_COLUMNS,
        "suppressed", "involved_few", "involved_masked", "early_involvement_rate_max",
    ]


def test_breakdown_by_entity_hides_small_groups():
    store = tiny_store()
    scope = metrics_involvement.with_size_band(store.query("in_scope_agents", **ALL))
    presence = store.query("involvement_first_presence", **ALL)
    projects = store.query("projects_list")
    agents = metrics_involvement.agent_involvement(scope, presence, projects)
    result = involvement.breakdown(agents, projects, "entity", entities=store.query("entities_list"), k=2)
    expected = pd.DataFrame(
        {
            "project_id": ["p1", "p1", "p1", "p2", "p2"],
            "group": ["agglo", "c2", "c1", "agglo", "c1"],
            "group_label": ["Agglomération", "Moyenneville", "Petiteville", "Agglomération", "Petiteville"],
            # p1: c1 and c2 (1 agent each) hidden, 2 together: agglo stays; p2: both groups of 1 hidden
            "agents_in_scope": pd.array([2, None, None, None, None], dtype="Int64"),
            # agglo's 1 agent involved early (under k = 2) is not counted: only "under 50 %" is shown
            "agents_involved_early": [NAN, NAN, NAN, NAN, NAN],
            "early_involvement_rate": [NAN, NAN, NAN, NAN, NAN],
            "median_lead_days": [NAN, NAN, NAN, NAN, NAN],
            "suppressed": [False, True, True, True, True],
            "involved_few": [True, False, False, False, False],
            "early_involvement_rate_max": [0.5, NAN, NAN, NAN, NAN],
        }
    )
    pd.testing.assert_frame_equal(result[list(expected.columns)], expected, check_dtype=False)


def test_few_involved_bounds_counts_under_k_and_completes_them_in_each_project():
    frame = pd.DataFrame({
        "project_id": ["p1", "p1", "p1", "p2", "p2"],
        "agents_in_scope": [40, 30, 20, 40, 30],
        "agents_involved_early": [2, 12, 9, 0, 7],
        "early_involvement_rate": [2 / 40, 12 / 30, 9 / 20, 0.0, 7 / 30],
        "median_lead_days": [10.0, 20.0, 30.0, NAN, 15.0],
        "suppressed": [False] * 5,
    })
    out = involvement.few_involved(frame, 5, siblings=["project_id"])
    # p1: 2 involved is under 5 -> bounded, and the smallest other group (9) masked so that p1's total
    # minus the shown groups gives 11 people in two groups, not 2; p2: 0 tells about nobody, 7 is shown
    assert out["involved_few"].tolist() == [True, False, False, False, False]
    assert out["involved_masked"].tolist() == [False, False, True, False, False]
    assert out["agents_involved_early"].isna().tolist() == [True, False, True, False, False]
    assert out["median_lead_days"].isna().tolist() == [True, False, True, True, False]
    assert out.loc[0, "early_involvement_rate_max"] == pytest.approx(4 / 40)
    assert out["early_involvement_rate_max"].isna().tolist() == [False, True, True, True, True]


def test_involvement_compute_hides_projects_under_the_threshold():
    store = tiny_store()
    privacy.set_threshold(store, 3)
    data = involvement.compute(store, Filters(), today=TODAY)
    assert data["projects"]["suppressed"].tolist() == [False, True]  # p2 has 2 agents in scope
    assert data["curve"]["project_id"].unique().tolist() == ["p1"]  # no curve for a hidden project
    assert data["k"] == 3


def test_network_compute():
    store = tiny_store()
    privacy.set_threshold(store, 3)
    shares = network.compute(store, Filters())["shares"]
    expected = pd.DataFrame(
        {
            "project_id": ["p1", "p2"],
            "agents_in_scope": pd.array([4, None], dtype="Int64"),  # p2 has 2 agents in scope
            "cross_entity_share": [0.5, NAN],
            "suppressed": [False, True],
            "small_commune_agents": pd.array([None, None], dtype="Int64"),  # one small-commune agent each
            "small_commune_epci_share": [NAN, NAN],
            "small_suppressed": [True, True],
        }
    )
    pd.testing.assert_frame_equal(shares[list(expected.columns)], expected, check_dtype=False)


def test_concertation_compute_hides_rates_of_small_events():
    store = tiny_store()
    privacy.set_threshold(store, 3)
    events = concertation.compute(store, Filters(), today=TODAY)["events"].set_index("event_id")
    assert events["suppressed"].to_dict() == {"e1": False, "e0": True, "e2": True, "e3": True, "e4": True}
    # e1: 2 present of 3 invited, under k = 3 present: no count and only a bound on the rate (2 ÷ 3)
    assert events.loc["e1", "present_few"] and pd.isna(events.loc["e1", "present"])
    assert pd.isna(events.loc["e1", "participation_rate"])
    assert events.loc["e1", "participation_rate_max"] == pytest.approx(2 / 3)
    assert events.loc[["e0", "e2"], "participation_rate"].isna().all()


@pytest.mark.parametrize(
    ("entity", "hidden", "total"),
    [
        (None, False, 7),
        ("agglo", False, 3),  # 5 agents in post on TODAY: pr3, pr4, pr7
        ("c1", True, 0),  # 2 agents in post: its proposals would point at them
    ],
)
def test_proposals_compute(entity, hidden, total):
    data = proposals.compute(tiny_store(), Filters(entity=entity), today=TODAY)
    assert (data["hidden"], data["summary"]["total"]) == (hidden, total)


def test_proposals_summary_for_the_report():
    assert proposals.summary(tiny_store(), today=TODAY) == {
        "total": 7,
        "adoption_rate": 2 / 3,
        "open_over_60_days": 2,
        "median_days_to_decision": 30.0,
        "by_status": {"deposee": 3, "a_l_etude": 1, "retenue": 1, "mise_en_oeuvre": 1, "non_retenue": 1},
    }


COUNTS = ("agents_in_scope", "agents_active", "invited", "agents_present", "small_commune_agents")


@pytest.mark.parametrize("name", ["involvement", "concertation", "network", "participation", "proposals"])
@pytest.mark.parametrize(
    "chosen", [Filters(), Filters(project="VOIRIE-SI", entity="CA"), Filters(category="A")]
)
def test_no_visible_group_under_k_on_the_demo(demo_store, name, chosen):
    data = VIEW_MODULES[name].compute(demo_store, chosen)
    k = data["k"]
    frames = [v for v in data.values() if isinstance(v, pd.DataFrame)]
    frames += [
        v for value in data.values() if isinstance(value, dict)
        for v in value.values() if isinstance(v, pd.DataFrame)
    ]
    for frame in frames:
        for count in (c for c in COUNTS if c in frame.columns):
            visible = frame[count].dropna()
            assert (visible >= k).all(), (name, count, visible[visible < k])
