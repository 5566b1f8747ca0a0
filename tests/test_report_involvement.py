"""The project and proposals sections of ``mututrack report --format json`` on the tiny territory."""

from __future__ import annotations

import json

from mututrack.publication import suppression as privacy
from mututrack.report import json_report
from tests.fixtures_involvement import tiny_store

PROJECT_KEYS = {
    "project_id", "name", "decision_date", "agents_in_scope", "early_involvement_rate",
    "median_lead_days", "charter_on_time_share", "cross_entity_share",
}


def test_projects_and_proposals_sections():
    store = tiny_store()
    privacy.set_threshold(store, 3)
    report = json.loads(json.dumps(json_report.build(store)))  # JSON-safe all the way
    projects = {p["project_id"]: p for p in report["projects"]}
    assert all(set(p) >= PROJECT_KEYS for p in projects.values())
    # p1: 2 of its 4 agents involved early, under k = 3: no count, no exact rate, only its bound (2 ÷ 4)
    keys = ("agents_in_scope", "agents_involved_early", "early_involvement_rate",
            "early_involvement_rate_max", "median_lead_days")
    assert {k: projects["p1"][k] for k in keys} == {
        "agents_in_scope": 4, "agents_involved_early": None, "early_involvement_rate": None,
        "early_involvement_rate_max": 0.5, "median_lead_days": None,
    }
    # p2 has 2 agents in scope, under k = 3: no figure about people, the charter share stays.
    assert projects["p2"]["agents_in_scope"] is None and projects["p2"]["early_involvement_rate"] is None
    assert projects["p2"]["charter_on_time_share"] == 1.0
    assert report["proposals"]["total"] == 7
    assert report["proposals"]["by_status"]["deposee"] == 3
    assert set(report["proposals"]) >= {
        "total", "adoption_rate", "open_over_60_days", "median_days_to_decision"
    }
