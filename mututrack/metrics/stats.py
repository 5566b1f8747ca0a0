"""Honest statistics on small groups (DOMAIN.md): Wilson intervals and tests of a change.

- Proportions carry a Wilson 95 % interval (Wilson 1927; Brown, Cai & DasGupta 2001 recommend
  it over the Wald interval for small n).
- A change of a proportion: pooled two-proportion z test, Fisher's exact test when an expected
  count is below 5 (Cochran's rule).
- A change of a mean (Likert, WHO-5 index): Mann–Whitney U (asymptotic, tie-corrected, as
  ``scipy.stats.mannwhitneyu``), from raw samples or from frequency tables computed in SQL; or a
  bootstrap interval of the difference of means.
- A change is ``significant`` only when the test says so **and** both groups have at least 20
  respondents: below that, a test alone never marks a change.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from statistics import NormalDist
from typing import NamedTuple

import numpy as np
import pandas as pd

__all__ = [
    "ALPHA",
    "MIN_GROUP_FOR_SIGNIFICANCE",
    "Z95",
    "wilson_interval",
    "TestResult",
    "two_proportion_test",
    "mann_whitney",
    "mann_whitney_from_counts",
    "bootstrap_mean_difference",
    "significant",
]

ALPHA = 0.05
MIN_GROUP_FOR_SIGNIFICANCE = 20
Z95 = NormalDist().inv_cdf(0.975)  # 1.95996…
# scipy.stats takes seconds to import: the page data compute without it (normal tail via erfc,
# Fisher's test by its hypergeometric sum) and import it only for tests on raw samples.
_erfc = np.vectorize(math.erfc, otypes=[float])


def _two_sided_normal_p(z):
    """P(|Z| ≥ |z|) for a standard normal Z (numbers or arrays)."""
    return _erfc(np.abs(np.asarray(z, dtype=float)) / math.sqrt(2))


FISHER_BELOW = 5  # Cochran: the z test needs every expected count of the 2x2 table at 5 or more


class TestResult(NamedTuple):
    """A test of a change from ``a`` (before) to ``b`` (after): size, statistic, p-value, method."""

    difference: float
    statistic: float
    p_value: float
    method: str


def wilson_interval(successes, n, *, z: float = Z95) -> tuple:
    """The Wilson score interval ``(low, high)`` of successes ÷ n; NaN where n is 0.

    Works on numbers or arrays (element-wise). 7/50 → 0.0695–0.2619; 0/5 → 0–0.4345.
    """
    x = np.asarray(successes, dtype="float64")
    n = np.asarray(n, dtype="float64")
    with np.errstate(invalid="ignore", divide="ignore"):
        p = x / n
        centre = (p + z * z / (2 * n)) / (1 + z * z / n)
        half = z / (1 + z * z / n) * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    low, high = np.clip(centre - half, 0, 1), np.clip(centre + half, 0, 1)
    if low.ndim == 0:
        return float(low), float(high)
    return low, high


def two_proportion_test(x1: int, n1: int, x2: int, n2: int) -> TestResult:
    """Change of a proportion from x1/n1 to x2/n2: pooled z test, or Fisher's exact test when an
    expected count is below 5. ``difference`` is x2/n2 − x1/n1 (NaN test without data).

    30/50 vs 20/50 → z = 2.0, p = 0.0455 (the sign of z follows a − b).
    """
    if not n1 or not n2:
        return TestResult(float("nan"), float("nan"), float("nan"), "none")
    difference = x2 / n2 - x1 / n1
    pooled = (x1 + x2) / (n1 + n2)
    expected = np.array([n1, n2]) * np.array([[pooled], [1 - pooled]])
    if expected.min() < FISHER_BELOW:
        odds = (x1 * (n2 - x2)) / ((n1 - x1) * x2) if (n1 - x1) * x2 else float("inf")
        return TestResult(difference, float(odds), fisher_exact_p(x1, n1 - x1, x2, n2 - x2), "fisher")
    z = (x1 / n1 - x2 / n2) / np.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    return TestResult(difference, float(z), float(_two_sided_normal_p(z)), "z")


def fisher_exact_p(a: int, b: int, c: int, d: int) -> float:
    """Two-sided p-value of Fisher's exact test on the 2×2 table [[a, b], [c, d]].

    The sum of the hypergeometric probabilities of every table with the same margins that is no
    more likely than the observed one (the definition ``scipy.stats.fisher_exact`` uses).
    """
    row, column, total = a + b, a + c, a + b + c + d
    support = np.arange(max(0, column - (total - row)), min(row, column) + 1)
    log_p = _log_comb(column, support) + _log_comb(total - column, row - support) - _log_comb(total, row)
    observed = log_p[support == a][0]
    return float(min(1.0, np.exp(log_p[log_p <= observed + 1e-7]).sum()))


def _log_comb(n, k):
    lgamma = np.vectorize(math.lgamma, otypes=[float])
    return lgamma(np.asarray(n) + 1.0) - lgamma(np.asarray(k) + 1.0) - lgamma(np.asarray(n) - k + 1.0)


def mann_whitney(a: Sequence[float], b: Sequence[float]) -> TestResult:
    """Change of a distribution from sample ``a`` to ``b``: two-sided Mann–Whitney U (asymptotic).

    ``difference`` is mean(b) − mean(a); ``statistic`` is U of ``a``.
    """
    from scipy.stats import mannwhitneyu  # slow to import: only here

    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if not len(a) or not len(b):
        return TestResult(float("nan"), float("nan"), float("nan"), "none")
    result = mannwhitneyu(a, b, alternative="two-sided", method="asymptotic")
    return TestResult(
        float(b.mean() - a.mean()), float(result.statistic), float(result.pvalue), "mann_whitney"
    )


def mann_whitney_from_counts(histograms: pd.DataFrame, *, keys: Sequence[str]) -> pd.DataFrame:
    """Mann–Whitney U per comparison, from frequency tables instead of raw answers.

    ``histograms`` has the ``keys`` columns, ``value`` and the counts ``n_a`` and ``n_b`` of that
    value in the two samples. Returns one row per key: the keys, ``n_a``, ``n_b``, ``mean_a``,
    ``mean_b``, ``difference`` (mean_b − mean_a), ``u`` (U of a), ``p_value``. Same result as
    ``scipy.stats.mannwhitneyu(method="asymptotic")`` on the expanded samples (tie correction
    and continuity correction included), without ever materialising them.
    """
    keys = list(keys)
    h = histograms.sort_values([*keys, "value"]).reset_index(drop=True)
    n_a, n_b = h["n_a"].astype(float), h["n_b"].astype(float)
    below_b = n_b.groupby([h[k] for k in keys], sort=False).cumsum() - n_b  # b strictly below each value
    ties = (n_a + n_b) ** 3 - (n_a + n_b)
    parts = pd.DataFrame(
        {
            **{k: h[k] for k in keys},
            "n_a": n_a,
            "n_b": n_b,
            "sum_a": n_a * h["value"],
            "sum_b": n_b * h["value"],
            "u": n_a * (below_b + n_b / 2),
            "ties": ties,
        }
    )
    out = parts.groupby(keys, as_index=False, sort=False).sum()
    return _u_test(out)


def _u_test(out: pd.DataFrame) -> pd.DataFrame:
    n1, n2 = out["n_a"], out["n_b"]
    n = n1 + n2
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_a, mean_b = out["sum_a"] / n1, out["sum_b"] / n2
        sigma = np.sqrt(n1 * n2 / 12 * ((n + 1) - out["ties"] / (n * (n - 1))))
        z = (np.abs(out["u"] - n1 * n2 / 2) - 0.5) / sigma
        p_value = np.where(sigma > 0, np.minimum(1.0, _two_sided_normal_p(np.maximum(z, 0))), 1.0)
    p_value = np.where((n1 > 0) & (n2 > 0), p_value, np.nan)
    return out.drop(columns=["sum_a", "sum_b", "ties"]).assign(
        n_a=n1.astype("int64"),
        n_b=n2.astype("int64"),
        mean_a=mean_a,
        mean_b=mean_b,
        difference=mean_b - mean_a,
        p_value=p_value,
    )


def bootstrap_mean_difference(
    a: Sequence[float], b: Sequence[float], *, resamples: int = 2000, seed: int = 0, level: float = 0.95
) -> tuple[float, float, float]:
    """``(difference, low, high)``: mean(b) − mean(a) and its percentile bootstrap interval."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    rng = np.random.default_rng(seed)
    draws_a = rng.choice(a, size=(resamples, len(a))).mean(axis=1)
    draws_b = rng.choice(b, size=(resamples, len(b))).mean(axis=1)
    tail = (1 - level) / 2 * 100
    low, high = np.percentile(draws_b - draws_a, [tail, 100 - tail])
    return float(b.mean() - a.mean()), float(low), float(high)


def significant(p_value, n_a, n_b, *, alpha: float = ALPHA):
    """True where the test rejects at ``alpha`` and both groups have at least 20 respondents.

    Works on numbers or arrays; a missing p-value is never significant.
    """
    p = np.asarray(p_value, dtype=float)
    big_enough = (
        np.minimum(np.asarray(n_a, dtype=float), np.asarray(n_b, dtype=float)) >= MIN_GROUP_FOR_SIGNIFICANCE
    )
    result = np.nan_to_num(p, nan=1.0) < alpha
    result = result & big_enough
    return bool(result) if result.ndim == 0 else result
