"""Agents' proposals: summary, funnel and the "you said, we did" list, computed by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from mututrack.metrics import proposals
from tests.fixtures_involvement import TODAY, tiny_store


@pytest.fixture(scope="module")
def frame():
    return tiny_store().query("proposals_list", entity=None)


def test_summary(frame):
    assert proposals.summary(frame, today=TODAY) == {
        "total": 7,
        "adoption_rate": 2 / 3,  # pr4 and pr5 out of pr4, pr5, pr6
        "median_days_to_decision": 30.0,  # 30, 60 and 10 days
        "open_over_60_days": 2,  # pr1 and pr3; pr7 is exactly 60 days old
        "deposee": 3,
        "a_l_etude": 1,
        "retenue": 1,
        "mise_en_oeuvre": 1,
        "non_retenue": 1,
    }


def test_summary_of_nothing():
    empty = pd.DataFrame({c: pd.Series(dtype="object") for c in ("status", "date", "decision_date")})
    assert proposals.summary(empty, today=TODAY) == {
        "total": 0, "adoption_rate": None, "median_days_to_decision": None, "open_over_60_days": 0,
        "deposee": 0, "a_l_etude": 0, "retenue": 0, "mise_en_oeuvre": 0, "non_retenue": 0,
    }


def test_funnel(frame):
    expected = pd.DataFrame(
        {"stage": ["deposee", "a_l_etude", "decidee", "retenue", "mise_en_oeuvre"],
         "proposals": [7, 4, 3, 2, 1]}
    )
    pd.testing.assert_frame_equal(proposals.funnel(frame), expected)


def test_you_said_we_did(frame):
    result = proposals.you_said_we_did(frame)
    assert result.columns.tolist() == ["theme", "date", "status", "decision_date", "answer"]
    assert result[["theme", "status", "answer"]].values.tolist() == [
        ["Formation", "mise_en_oeuvre", "Plan de formation"],
        ["Locaux", "non_retenue", "Budget"],
        ["Outils", "retenue", "Logiciel commun"],
    ]
