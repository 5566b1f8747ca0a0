import datetime as dt

import pandas as pd
import pytest

from mututrack.metrics import alerts

TODAY = dt.date(2026, 11, 26)


def test_decisions_soon_flags_only_close_decisions_with_low_early_involvement() -> None:
    projects = pd.DataFrame({
        "project_id": ["A", "B", "C", "D", "E"],
        "name": ["soon low", "soon high", "far low", "past low", "edge low"],
        "decision_date": pd.to_datetime(
            ["2026-12-15", "2026-12-01", "2027-03-01", "2026-11-01", "2026-12-26"]
        ),
        "early_involvement_rate": [0.33, 0.7, 0.1, 0.1, 0.49],
    })
    found = alerts.decisions_soon(projects, today=TODAY, days=30, early_min=0.5)
    assert found["project_id"].tolist() == ["A", "E"]  # E: exactly 30 days away still counts
    assert found["details"][0] == {"days": 19, "bounded": False}
    assert found["params"][0] == {"project": "A"}
    assert set(found["kind"]) == {"decision_soon"} and set(found["page"]) == {"involvement"}


def test_low_response_ignores_closed_waves_and_hidden_groups() -> None:
    groups = pd.DataFrame({
        "wave": ["T4", "T4", "T4", "T3"],
        "group_label": ["Cazelles", "Sornac", "Tiny", "Old"],
        "response_rate": [0.45, 0.8, None, 0.1],
        "suppressed": [False, False, True, False],
    })
    found = alerts.low_response(groups, open_wave="T4", response_min=0.6)
    assert found["value"].tolist() == [1]
    assert found["details"][0] == {"lowest": [("Cazelles", 0.45, False)]}
    assert alerts.low_response(groups, open_wave=None, response_min=0.6).empty


def test_wellbeing_drops_need_a_significant_negative_change() -> None:
    changes = pd.DataFrame({
        "subject": ["org", "voirie", "rh", "achats"],
        "project_id": [None, "V", "R", "A"],
        "wave": ["T2"] * 4,
        "measure": ["who5", "who5", "who5", "wc_security"],
        "change": [-3.0, -24.0, 5.0, -0.6],
        "significant": [False, True, True, True],
    })
    found = alerts.wellbeing_drops(changes, min_drop=5)
    assert found["subject"].tolist() == ["voirie"]  # achats: significant but under 5 points
    assert alerts.wellbeing_drops(changes)["subject"].tolist() == ["voirie", "achats"]
    assert found["params"][0] == {"project": "V", "wave": "T2"}


def test_overdue_steps_and_waiting_proposals() -> None:
    steps = pd.DataFrame({
        "project_id": ["V", "V"], "name": ["Voirie", "Voirie"], "step": ["Restitution", "CST"],
        "planned_date": pd.to_datetime(["2026-10-01", "2026-12-01"]), "status": ["overdue", "upcoming"],
    })
    assert alerts.overdue_steps(steps)["subject"].tolist() == ["Restitution"]
    proposals = pd.DataFrame({
        "date": pd.to_datetime(["2026-08-01", "2026-11-20", "2026-01-01", "2026-09-01"]),
        "status": ["deposee", "a_l_etude", "retenue", "a_l_etude"],
    })
    found = alerts.waiting_proposals(proposals, today=TODAY, days=60)
    assert found["value"].tolist() == [2]
    assert alerts.waiting_proposals(proposals.iloc[1:2], today=TODAY, days=60).empty


def test_collect_orders_high_severity_first() -> None:
    low = alerts.low_response(pd.DataFrame({"wave": ["T4"], "group_label": ["X"], "response_rate": [0.1],
                                            "suppressed": [False]}), open_wave="T4", response_min=0.6)
    project = pd.DataFrame(
        {"project_id": ["A"], "name": ["a"], "decision_date": ["2026-12-01"], "early_involvement_rate": [0.1]}
    )
    soon = alerts.decisions_soon(project, today=TODAY, days=30, early_min=0.5)
    assert alerts.collect(low, soon)["kind"].tolist() == ["decision_soon", "low_response"]
    assert alerts.collect().empty


def test_low_response_counts_a_group_whose_rate_is_only_bounded():
    # 1 to k - 1 respondents: no count and no rate are shown, only "under 13 %" (4 ÷ 30)
    groups = pd.DataFrame({
        "wave": ["w", "w"], "group_label": ["Cazelles", "Agglo"], "response_rate": [float("nan"), 0.8],
        "response_rate_max": [4 / 30, float("nan")], "suppressed": [False, False],
    })
    found = alerts.low_response(groups, open_wave="w", response_min=0.6)
    assert found["value"].tolist() == [1]
    assert found["details"][0] == {"lowest": [("Cazelles", pytest.approx(4 / 30), True)]}


def test_low_response_alert_writes_a_bounded_rate_as_a_bound():
    from mututrack.views.overview import alert_text

    alert = {"kind": "low_response", "subject": "T4", "value": 1, "threshold": 0.6,
             "details": {"lowest": [("Cazelles", 4 / 30, True), ("Agglo", 0.5, False)]}}
    sentence = alert_text(alert)
    assert "Cazelles (< 13" in sentence and "Agglo (50" in sentence
