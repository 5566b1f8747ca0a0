"""The per-project summary the Overview and the JSON report show, on the tiny territory."""

from __future__ import annotations

import numpy as np
import pandas as pd

from mututrack.filters import Filters
from mututrack.store import Store
from mututrack.views import involvement
from tests.fixtures_involvement import TODAY, tiny_store


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
    pd.testing.assert_frame_equal(result, expected, check_dtype=False)


def test_project_summary_hides_projects_with_few_agents():
    result = involvement.project_summary(tiny_store(), today=TODAY, k=3)  # p1 has 4 agents in scope, p2 has 2
    assert result["suppressed"].tolist() == [False, True]
    assert result.loc[1, ["agents_in_scope", "early_involvement_rate", "median_lead_days", "cross_entity_share"]].isna().all()
    assert result.loc[1, "charter_on_time_share"] == 1.0  # the charter is about dates, not people


def test_project_summary_filtered():
    result = involvement.project_summary(tiny_store(), Filters(project="p1", entity="agglo"), today=TODAY, k=1)
    assert result[["project_id", "agents_in_scope", "early_involvement_rate"]].values.tolist() == [["p1", 2, 0.5]]


def test_project_summary_on_an_empty_store():
    result = involvement.project_summary(Store())
    assert result.empty
    assert list(result.columns) == [*involvement.SUMMARY_COLUMNS, "suppressed"]
