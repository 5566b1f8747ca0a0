"""metrics/careers.py and views/careers.py on the tiny territory, every figure computed by hand.

In scope of p1 (decision 2024-06-01, started 2024-02-01 with its first charter step): a1 (agglo,
A), a2 (agglo, B), a3 (c1, C), a4 (c2, B). Of p2 (decision 2024-09-01, started 2024-08-01): a6
(c1, C), a10 (agglo, A). Today is 2024-12-01.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from mututrack.filters import Filters
from mututrack.metrics import careers as metrics
from mututrack.publication import suppression as privacy
from mututrack.views import careers
from tests.fixtures_involvement import TODAY, insert, tiny_store

D = dt.date.fromisoformat
CAREER_EVENTS = [
    ("a1", D("2024-03-01"), "formation", 7.0, None),  # p1, the year before
    ("a1", D("2024-07-01"), "formation", 14.0, "p1"),  # p1, after
    ("a2", D("2024-08-01"), "formation", 3.5, None),  # p1, after
    ("a3", D("2024-05-15"), "entretien_carriere", None, None),  # p1, before, since its start
    ("a4", D("2024-10-01"), "promotion", None, None),  # p1, after
    ("a1", D("2023-01-01"), "mobilite", None, None),  # more than a year before: in no window around it
    ("a5", D("2024-07-01"), "formation", 100.0, None),  # a5 left before the decision: not in scope
    ("a6", D("2024-10-15"), "nouvelle_fonction", None, "p2"),  # p2, after
    ("a10", D("2024-09-20"), "entretien_carriere", None, "p2"),  # p2, after, since its start
]
YEAR = 365.25


@pytest.fixture
def territory():
    store = tiny_store()
    insert(store, {"career_events": CAREER_EVENTS})
    privacy.set_threshold(store, 3)  # four agents in scope of p1: shown from k = 3
    yield store
    store.close()


def test_windows():
    projects = pd.DataFrame(
        {"project_id": ["p1"], "decision_date": [D("2024-06-01")], "start_date": [D("2024-02-01")]}
    )
    frame = metrics.windows(projects, first_year=2023, today=TODAY)
    got = {row.period: (row.start.date(), row.end.date(), row.days) for row in frame.itertuples()}
    assert got == {
        "before": (D("2023-06-02"), D("2024-06-01"), 365),
        "after": (D("2024-06-01"), D("2024-12-02"), 184),  # up to today, included
        "since_start": (D("2024-02-01"), D("2024-12-02"), 305),
        "2023": (D("2023-01-01"), D("2024-01-01"), 365),
        "2024": (D("2024-01-01"), D("2024-12-02"), 336),
    }


def test_summary_by_hand(territory):
    summary = careers.compute(territory, Filters(project="p1"), today=TODAY)["summary"].set_index("period")
    assert summary["agents"].tolist() == [4, 4, 4]
    assert summary.loc["before", "training_hours_per_agent_year"] == pytest.approx(7 / 4 / (365 / YEAR))
    assert summary.loc["after", "training_hours_per_agent_year"] == pytest.approx(17.5 / 4 / (184 / YEAR))
    assert summary.loc["since_start", "training_hours_per_agent_year"] == pytest.approx(
        24.5 / 4 / (305 / YEAR)
    )
    assert summary["career_interview_share"].tolist() == [0.25, 0.0, 0.25]
    assert summary["promotions"].tolist() == [0, 1, 1]
    assert summary["mobility"].tolist() == [0, 0, 0]  # a1's move is older than the year before


def test_every_project_and_year(territory):
    data = careers.compute(territory, Filters(), today=TODAY)
    summary = data["summary"].set_index(["project_id", "period"])
    assert summary.loc["p2", "suppressed"].all()  # two agents in scope of p2: under k = 3, no figure at all
    assert summary.loc["p2", careers.FIGURES].isna().all().all()
    years = data["years"].set_index(["project_id", "period"])
    assert years.loc[("p1", "2024"), "training_hours_per_agent_year"] == pytest.approx(
        24.5 / 4 / (336 / YEAR)
    )
    assert years.loc[("p1", "2023"), "mobility"] == 1


def test_breakdowns_hide_small_groups(territory):
    data = careers.compute(territory, Filters(project="p1"), today=TODAY)
    by_entity = data["breakdowns"]["entity_id"]
    # agglo 2, c1 1, c2 1 agents: all under k = 3, all hidden, none with a figure
    assert by_entity["suppressed"].all()
    assert by_entity[careers.FIGURES].isna().all().all()


def test_group_figures_of_a_tiny_frame():
    rows = pd.DataFrame(
        {
            "agent_key": ["a", "b"],
            "period": "after",
            "days": 730,
            "training_hours": [10.0, 0.0],
            "interviews": [1, 0],
            "mobility": [0, 2],
            "new_functions": [0, 0],
            "promotions": [1, 0],
        }
    )
    out = metrics.group_figures(rows, ["period"]).iloc[0]
    assert out["training_hours_per_agent_year"] == pytest.approx(10 / 2 / (730 / YEAR))
    assert (out["agents"], out["career_interview_share"], out["mobility"], out["promotions"]) == (
        2,
        0.5,
        2,
        1,
    )


def test_report_summary(territory):
    # Six agents in scope of a project; the last 365 days hold 7 + 14 + 3.5 hours of their training;
    # a3 (since p1 started) and a10 (since p2 started) had a career interview.
    assert careers.report_summary(territory, today=TODAY) == {
        "training_hours_per_agent": pytest.approx(24.5 / 6),
        "career_interview_share": pytest.approx(2 / 6),
    }


def test_report_summary_hides_fewer_than_k_agents(territory):
    privacy.set_threshold(territory, 10)
    assert careers.report_summary(territory, today=TODAY) == {
        "training_hours_per_agent": None,
        "career_interview_share": None,
    }


def test_empty_store(store):
    data = careers.compute(store, Filters())
    assert data["summary"].empty and data["projects"].empty
    assert careers.report_summary(store) == {"training_hours_per_agent": None, "career_interview_share": None}
