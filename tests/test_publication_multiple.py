"""publication/multiple.py: Benjamini–Hochberg q-values, against statsmodels and by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from statsmodels.stats.multitest import multipletests

from mututrack.publication import multiple


def test_q_values_by_hand():
    # m = 4: sorted p 0.01, 0.02, 0.03, 0.5 -> 0.04, 0.04, 0.04, 0.5 (step-up keeps them monotone)
    q = multiple.q_values(pd.Series([0.03, 0.5, 0.01, 0.02]))
    assert q.tolist() == pytest.approx([0.04, 0.5, 0.04, 0.04])


def test_missing_p_values_stay_missing_and_are_not_counted():
    q = multiple.q_values(pd.Series([0.01, np.nan, 0.04], index=["a", "b", "c"]))
    assert np.isnan(q["b"]) and q[["a", "c"]].tolist() == pytest.approx([0.02, 0.04])
    assert multiple.q_values(pd.Series([], dtype="float64")).empty


@settings(max_examples=100, deadline=None)
@given(st.lists(st.floats(0, 1), min_size=1, max_size=60))
def test_same_as_statsmodels(p):
    expected = multipletests(np.array(p), alpha=0.05, method="fdr_bh")[1]
    assert multiple.q_values(pd.Series(p)).to_numpy() == pytest.approx(expected)


def test_significant_needs_twenty_on_each_side():
    q = pd.Series([0.01, 0.01, 0.2])
    assert multiple.significant(q, [20, 19, 50], [20, 40, 50]).tolist() == [True, False, False]
