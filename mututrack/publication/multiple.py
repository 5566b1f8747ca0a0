"""Multiple comparisons: each family of tests shown together is controlled as one.

A heatmap of 30 cells tested at 5 % stars one or two cells by chance on every view (DOMAIN.md
"Many tests at once"). Each family (a heatmap and its comparison, the week's alerts, a page's trend
verdicts) gets Benjamini–Hochberg q-values (false discovery rate at 5 %, Benjamini & Hochberg
1995, through statsmodels' ``multipletests``), and a change is marked significant only when its
q-value is under 5 % and both groups hold at least 20 respondents.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from mututrack.metrics import stats

__all__ = ["FDR", "q_values", "significant"]

FDR = 0.05


def q_values(p_values: pd.Series) -> pd.Series:
    """Benjamini–Hochberg q-values of one family (NaN where the p-value is NaN)."""
    p = pd.Series(p_values, dtype="float64")
    tested = p.notna()
    out = pd.Series(np.nan, index=p.index)
    if tested.any():
        from statsmodels.stats.multitest import multipletests  # ~1 s to import: only when a family exists

        out[tested] = multipletests(p[tested].to_numpy(), alpha=FDR, method="fdr_bh")[1]
    return out


def significant(q: pd.Series, n_a, n_b) -> pd.Series:
    """True where the family's q-value is under 5 % and both groups hold 20 respondents or more."""
    return stats.significant(q, n_a, n_b, alpha=FDR)
