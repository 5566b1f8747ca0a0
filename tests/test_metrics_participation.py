"""Response rates against the roster, on the tiny territory and on edge cases."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from mututrack.filters import Filters
from mututrack.metrics import participation
from mututrack.store import Store
from mututrack.views import participation as view
from tests.fixtures_involvement import RESPONDENTS, TODAY, WAVES, insert, tiny_store


@pytest.fixture(scope="module")
def store():
    return tiny_store()


def test_response_rates_by_group():
    respondents = pd.DataFrame({"wave": ["w", "w", "w"], "group": ["a", "b", "c"], "respondents": [3, 1, 2]})
    headcount = pd.DataFrame({"wave": ["w", "w", "w"], "group": ["a", "b", "d"], "agents_active": [4, 2, 5]})
    expected = pd.DataFrame(
        {
            "wave": ["w"] * 4,
            "group": ["a", "b", "c", "d"],
            "respondents": [3, 1, 2, 0],
            "agents_active": [4, 2, 0, 5],
            "response_rate": [0.75, 0.5, np.nan, 0.0],  # c: answers from a group absent from the roster
        }
    )
    pd.testing.assert_frame_equal(participation.response_rates(respondents, headcount), expected)


def test_response_rates_with_no_wave_yet():
    """A roster imported before any survey: Arrow string keys with no row on either side."""
    empty = pd.DataFrame({"wave": pd.Series([], dtype="str"), "group": pd.Series([], dtype="str")})
    rates = participation.response_rates(
        empty.assign(respondents=pd.Series([], dtype="int64")),
        empty.assign(agents_active=pd.Series([], dtype="int64")),
    )
    assert rates.empty
    assert list(rates.columns) == ["wave", "group", "respondents", "agents_active", "response_rate"]


def test_response_rates_when_one_side_has_only_null_groups():
    """A group column of nulls reads as float64; the roster's is a string: still one row per group."""
    respondents = pd.DataFrame({"wave": ["w"], "group": [np.nan], "respondents": [3]})
    headcount = pd.DataFrame(
        {"wave": ["w", "w"], "group": pd.Series(["a", None], dtype="str"), "agents_active": [4, 2]}
    )
    rates = participation.response_rates(respondents, headcount)
    assert rates[["respondents", "agents_active"]].values.tolist() == [[0, 4], [3, 2]]


@pytest.mark.parametrize(
    ("opened", "closed", "open_"),
    [
        ("2024-11-15", None, True),
        ("2024-11-15", "2024-12-01", True),  # closes today: still open
        ("2024-11-15", "2024-11-30", False),
        ("2024-12-02", None, False),  # not opened yet
        (None, None, True),  # no dates at all: treated as collecting
    ],
)
def test_is_open(opened, closed, open_):
    waves = pd.DataFrame({"opened_at": [pd.Timestamp(opened) if opened else pd.NaT],
                          "closed_at": [pd.Timestamp(closed) if closed else pd.NaT]})
    assert participation.is_open(waves, today=TODAY).tolist() == [open_]


def test_wave_rates(store):
    expected = pd.DataFrame(
        {"wave": ["w1", "w2"], "respondents": [4, 6], "agents_active": [8, 9], "response_rate": [0.5, 6 / 9]}
    )
    pd.testing.assert_frame_equal(view.wave_rates(store, today=TODAY), expected, check_dtype=False)


def test_wave_rates_without_a_roster():
    bare = Store()
    insert(bare, {"waves": WAVES, "respondents": RESPONDENTS})
    frame = view.wave_rates(bare, today=TODAY)
    assert frame["agents_active"].tolist() == [0, 0]
    assert frame["response_rate"].isna().all()


def test_group_rates_by_entity(store):
    _, respondents, headcount = view._inputs(store, Filters(), today=TODAY)
    entities = store.query("entities_list")
    result = view.group_rates(respondents, headcount, "entity", entities=entities, k=1)
    expected = pd.DataFrame(
        {
            "wave": ["w1", "w1", "w1", "w2", "w2", "w2", "w2"],
            "group": ["c2", "c1", "agglo", "c1", "c2", "agglo", np.nan],
            "group_label": ["Moyenneville", "Petiteville", "Agglomération", "Petiteville", "Moyenneville",
                            "Agglomération", "Non renseigné"],
            "respondents": [0, 1, 3, 0, 1, 4, 1],
            "agents_active": [2, 2, 4, 2, 2, 5, 0],
            "response_rate": [0.0, 0.5, 0.75, 0.0, 0.5, 0.8, np.nan],
            "suppressed": [False, False, False, False, False, False, True],  # no headcount: nothing to show
            "response_rate_max": np.nan,  # k = 1: no count is under k
            "respondents_label": ["0", "1", "3", "0", "1", "4", ""],
            "below_target": [True, True, False, True, True, False, False],
        }
    )
    result = result.astype({"respondents": "float64", "agents_active": "float64"})
    expected = expected.astype({"respondents": "float64", "agents_active": "float64"})
    expected.loc[6, "respondents"] = np.nan
    expected.loc[6, "agents_active"] = np.nan
    pd.testing.assert_frame_equal(result, expected, check_dtype=False)


def test_group_rates_hide_small_headcounts(store):
    _, respondents, headcount = view._inputs(store, Filters(), today=TODAY)
    result = view.group_rates(respondents, headcount, "entity", entities=store.query("entities_list"), k=3)
    w1 = result[result["wave"] == "w1"].set_index("group")
    # c1 and c2 (2 agents each) are hidden; together 4 >= 3, so agglo stays visible.
    assert w1["suppressed"].to_dict() == {"agglo": False, "c2": True, "c1": True}
    assert w1.loc[["c1", "c2"], ["respondents", "response_rate"]].isna().all().all()


def test_counts_of_respondents_under_k_are_never_shown(store):
    _, respondents, headcount = view._inputs(store, Filters(), today=TODAY)
    result = view.group_rates(respondents, headcount, "entity", entities=store.query("entities_list"), k=2)
    agglo = result[(result["wave"] == "w1") & (result["group"] == "agglo")].iloc[0]
    assert agglo["respondents"] == 3 and agglo["respondents_label"] == "3"
    one = result[(result["wave"] == "w1") & (result["group"] == "c1")].iloc[0]  # 1 respondent of 2 agents
    assert pd.isna(one["respondents"]) and pd.isna(one["response_rate"])
    assert one["respondents_label"] == "moins de 2" and one["response_rate_max"] == 0.5
    assert one["below_target"]  # at most 50 %: under the 60 % line


def test_compute_flags_the_open_wave(store):
    data = view.compute(store, Filters(), today=TODAY)
    assert data["open_wave"] == "w2"
    assert data["waves"]["open"].tolist() == [False, True]
    assert set(data["groups"]) == {"entity", "entity_kind", "size_band", "category", "service"}
