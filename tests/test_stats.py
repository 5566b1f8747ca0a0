"""metrics/stats.py against DOMAIN.md's vectors and against scipy on expanded samples."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats as sps

from mututrack.metrics import stats

# successes, n, low, high (DOMAIN.md "Honest statistics on small groups")
WILSON = [
    (7, 50, 0.0695, 0.2619),
    (3, 10, 0.1078, 0.6032),
    (0, 5, 0.0, 0.4345),
    (5, 5, 0.5655, 1.0),  # mirror of 0/5
]


@pytest.mark.parametrize(("x", "n", "low", "high"), WILSON)
def test_wilson_vectors(x, n, low, high):
    got = stats.wilson_interval(x, n)
    assert got == pytest.approx((low, high), abs=5e-5)


def test_wilson_vectorised_and_empty():
    low, high = stats.wilson_interval(np.array([7, 3, 0]), np.array([50, 10, 0]))
    assert low[:2] == pytest.approx([0.0695, 0.1078], abs=5e-5)
    assert np.isnan(low[2]) and np.isnan(high[2])  # n = 0: no interval


# x1, n1, x2, n2, statistic, p, method
PROPORTION_TESTS = [
    (30, 50, 20, 50, 2.0, 0.0455, "z"),  # DOMAIN.md
    (20, 50, 30, 50, -2.0, 0.0455, "z"),  # sign follows a − b
    (2, 10, 7, 10, None, sps.fisher_exact([[2, 8], [7, 3]])[1], "fisher"),  # expected counts 4.5 < 5
    (0, 40, 4, 40, None, sps.fisher_exact([[0, 40], [4, 36]])[1], "fisher"),  # rare event
]


@pytest.mark.parametrize(("x1", "n1", "x2", "n2", "statistic", "p", "method"), PROPORTION_TESTS)
def test_two_proportion(x1, n1, x2, n2, statistic, p, method):
    result = stats.two_proportion_test(x1, n1, x2, n2)
    assert result.method == method
    assert result.p_value == pytest.approx(p, abs=5e-5)
    assert result.difference == pytest.approx(x2 / n2 - x1 / n1)
    if statistic is not None:
        assert result.statistic == pytest.approx(statistic)


def test_two_proportion_without_data():
    assert stats.two_proportion_test(0, 0, 3, 10).method == "none"


def test_mann_whitney_matches_scipy():
    a, b = [1, 2, 2, 3, 4, 4, 5], [3, 4, 4, 5, 5, 5]
    result = stats.mann_whitney(a, b)
    expected = sps.mannwhitneyu(a, b, alternative="two-sided", method="asymptotic")
    assert result.p_value == pytest.approx(expected.pvalue)
    assert result.difference == pytest.approx(np.mean(b) - np.mean(a))


def _expand(counts):
    return np.repeat(np.arange(len(counts)), counts)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.integers(0, 6), min_size=5, max_size=5).filter(lambda c: sum(c) > 0),
    st.lists(st.integers(0, 6), min_size=5, max_size=5).filter(lambda c: sum(c) > 0),
)
def test_mann_whitney_from_counts_equals_scipy_on_samples(counts_a, counts_b):
    histograms = pd.DataFrame({"key": "x", "value": range(5), "n_a": counts_a, "n_b": counts_b})
    got = stats.mann_whitney_from_counts(histograms, keys=["key"]).iloc[0]
    a, b = _expand(counts_a), _expand(counts_b)
    expected = sps.mannwhitneyu(a, b, alternative="two-sided", method="asymptotic")
    if np.isnan(expected.pvalue):  # every answer identical: scipy gives NaN, we say "no evidence"
        assert got["p_value"] == 1.0
    else:
        assert got["p_value"] == pytest.approx(expected.pvalue, rel=1e-9)
    assert got["u"] == pytest.approx(expected.statistic)
    assert got["difference"] == pytest.approx(b.mean() - a.mean())


def test_mann_whitney_from_counts_several_keys_and_empty_side():
    histograms = pd.DataFrame(
        {"key": ["x", "x", "y", "y"], "value": [1, 2, 1, 2], "n_a": [3, 1, 0, 0], "n_b": [1, 3, 2, 2]}
    )
    out = stats.mann_whitney_from_counts(histograms, keys=["key"]).set_index("key")
    assert out.loc["x", "n_a"] == 4 and out.loc["x", "n_b"] == 4
    assert np.isnan(out.loc["y", "p_value"])  # nothing to compare with


def test_bootstrap_interval_brackets_the_difference():
    rng = np.random.default_rng(1)
    a, b = rng.normal(50, 10, 80), rng.normal(60, 10, 80)
    difference, low, high = stats.bootstrap_mean_difference(a, b)
    assert low < difference < high
    assert low > 0  # a 10-point shift on 80 people is clearly there


# p, n_a, n_b, significant
SIGNIFICANCE = [
    (0.01, 50, 50, True),
    (0.06, 50, 50, False),
    (0.0001, 19, 200, False),  # a group under 20: never significant on the test alone
    (0.0001, 20, 20, True),
    (float("nan"), 50, 50, False),
]


@pytest.mark.parametrize(("p", "n_a", "n_b", "expected"), SIGNIFICANCE)
def test_significant(p, n_a, n_b, expected):
    assert stats.significant(p, n_a, n_b) is expected


def test_significant_vectorised():
    got = stats.significant(np.array([0.01, 0.01]), np.array([30, 10]), np.array([30, 30]))
    assert got.tolist() == [True, False]


@settings(max_examples=150, deadline=None)
@given(st.integers(0, 15), st.integers(0, 15), st.integers(0, 15), st.integers(0, 15))
def test_fisher_exact_equals_scipy(a, b, c, d):
    # The page data never import scipy (seconds to load): the test checks our sum against it.
    assert stats.fisher_exact_p(a, b, c, d) == pytest.approx(sps.fisher_exact([[a, b], [c, d]])[1], rel=1e-9)


def test_page_data_do_not_import_scipy():
    import subprocess
    import sys

    code = "import sys, mututrack.views.qvt, mututrack.views.careers; print('scipy' in sys.modules)"
    assert (
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip() == "False"
    )
