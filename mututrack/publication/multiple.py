"""Multiple comparisons: each family of tests shown together is controlled as one.

A heatmap of 30 cells tested at 5 % stars one or two cells by chance on every view (DOMAIN.md
"Many tests at once"). Each family (a heatmap and its comparison, the week's alerts, a page's trend
verdicts) gets Benjamini–Hochberg q-values (false discovery rate at 5 %, Benjamini & Hochberg
1995; the same numbers as statsmodels' ``multipletests``, checked by a test), and a change is
marked significant only when its q-value is under 5 % and both groups hold at least 20 respondents.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from mututrack.metrics import stats

__all__ = ["FDR", "q_values", "significant"]

FDR = 0.05


def q_values(p_values: pd.Series) -> pd.Series:
    """Benjamini–Hochberg q-values of one family (NaN where the p-value is NaN).

    The step-up adjustment written out (q of the i-th smallest of m p-values = the least of
    p_(j) × m ÷ j over j ≥ i, at most 1): statsmodels' ``multipletests(method="fdr_bh")`` gives the
    same numbers (a test checks it) but takes over a second to import, which every page's first
    view would pay.
    """
    p = pd.Series(p_values, dtype="float64")
    tested = p.notna().to_numpy()
    out = np.full(len(p), np.nan)
    values = p.to_numpy()[tested]
    if len(values):
        order = np.argsort(values, kind="stable")
        ranked = values[order] * len(values) / np.arange(1, len(values) + 1)
        adjusted = np.minimum(np.minimum.accumulate(ranked[::-1])[::-1], 1.0)
        q = np.empty_like(adjusted)
        q[order] = adjusted
        out[tested] = q
    return pd.Series(out, index=p.index)


def significant(q: pd.Series, n_a, n_b) -> pd.Series:
    """True where the family's q-value is under 5 % and both groups hold 20 respondents or more."""
    return stats.significant(q, n_a, n_b, alpha=FDR)
