"""Key drivers ("leviers"): how much each dimension and item accounts for WHO-5 and eNPS.

Respondent-level answers are read here, inside the publication layer, and only aggregates leave
it: for the whole organisation (no filter, so that no small group is exposed), for a wave that no
longer collects answers (an open wave's successive analyses would differ by single people), and
only from :data:`MIN_RESPONDENTS` respondents who answered the outcome and every predictor.

Method (DOMAIN.md "What the best tools do": key-driver analysis):

- **levers** (the dimensions of the heatmap, each working-conditions axis on its own): the
  Shapley decomposition of the regression's adjusted R² over every subset of levers (LMG,
  Lipovetsky & Conklin 2001; Grömping 2007), exact (2^9 subsets). It shares the explained
  variance fairly between correlated levers, so collinearity does not flip the ranking as
  standardised coefficients do. On the adjusted R², what a predictor gains by chance alone is taken
  off: a lever with no effect is centred on 0, not on a small positive share.
- **items** (each Likert item): Johnson's relative weights (2000), the usual approximation of
  the same decomposition for many predictors, with the same chance correction (each item gives
  back (1 − R²) / (n − p − 1), so that the weights add up to the adjusted R²).

An importance is the share of the outcome's variance a lever accounts for (0..1; a lever with no
effect can come out slightly below 0). Its 95 % interval is the percentile interval of
:data:`BOOTSTRAP` resamples of the respondents, seeded: the same data give the same figures.
Listwise deletion: a dimension's score is the mean of the items answered, so few are dropped.
"""

from __future__ import annotations

import datetime as dt
from itertools import combinations
from math import factorial
from typing import Any

import numpy as np
import pandas as pd

from mututrack.publication import build
from mututrack.store import Store

__all__ = ["MIN_RESPONDENTS", "BOOTSTRAP", "OUTCOMES", "compute", "shapley_importance", "relative_weights"]

MIN_RESPONDENTS = 50  # the floor: below it a ranking of nine levers is noise
BOOTSTRAP = 200
SEED = 20_261_204
LEVEL = 0.95
OUTCOMES = ("who5", "enps")
DIGITS = 3  # importances are published rounded: no single answer moves them visibly


def compute(store: Store, wave: str, *, today: dt.date | None = None) -> dict[str, Any]:
    """The drivers of ``wave``: ``wave``, ``bootstrap``, and per outcome (``who5``, ``enps``)
    ``{"levers": [...], "items": [...], "n", "r2", "reason"}``; each entry of a list is
    ``{"item", "importance", "low", "high", "n"}``, sorted by importance, most important first.
    ``reason`` is None, ``"too_few"`` (under :data:`MIN_RESPONDENTS`) or ``"open_wave"``, and the
    lists are then empty. Kept per store, wave, data version and day."""
    day = today or dt.date.today()
    key = ("drivers", wave, store.data_version(), day)
    found = store.memo.get(key)
    if found is None:
        found = _compute(store, wave, day)
        store.remember(key, found)
    return found


def _compute(store: Store, wave: str, day: dt.date) -> dict[str, Any]:
    out: dict[str, Any] = {"wave": wave, "bootstrap": BOOTSTRAP, "min_respondents": MIN_RESPONDENTS}
    if build.is_provisional(store, wave, today=day):
        return out | {outcome: _empty("open_wave") for outcome in OUTCOMES}
    build.ensure(store, wave, today=day)
    wide = store.query("publication_driver_scores", wave=wave).pivot(
        index="respondent_id", columns="measure", values="value"
    )
    levers = [c for c in wide.columns if c.startswith("score:")]
    items = [c for c in wide.columns if c.startswith("item:")]
    for outcome in OUTCOMES:
        out[outcome] = _outcome(wide, outcome, levers, items)
    return out


def _outcome(wide: pd.DataFrame, outcome: str, levers: list[str], items: list[str]) -> dict[str, Any]:
    if outcome not in wide.columns or not levers:
        return _empty("too_few")
    lever_rows = wide[[outcome, *levers]].dropna()
    if len(lever_rows) < MIN_RESPONDENTS:
        return _empty("too_few", n=len(lever_rows))
    y, x = lever_rows[outcome].to_numpy(), lever_rows[levers].to_numpy()
    r2, table = _with_interval(shapley_importance, x, y, [c.removeprefix("score:") for c in levers])
    item_rows = wide[[outcome, *items]].dropna()
    item_table: list[dict[str, Any]] = []
    if len(item_rows) >= max(MIN_RESPONDENTS, len(items) + 2):
        _, item_table = _with_interval(
            relative_weights,
            item_rows[items].to_numpy(),
            item_rows[outcome].to_numpy(),
            [c.removeprefix("item:") for c in items],
        )
    return {
        "levers": table,
        "items": item_table,
        "n": len(lever_rows),
        "r2": round(r2, DIGITS),
        "reason": None,
    }


def _empty(reason: str, *, n: int | None = None) -> dict[str, Any]:
    return {"levers": [], "items": [], "n": n, "r2": None, "reason": reason}


def _with_interval(
    method, x: np.ndarray, y: np.ndarray, names: list[str]
) -> tuple[float, list[dict[str, Any]]]:
    """``method`` on the data and on :data:`BOOTSTRAP` resamples: (adjusted R², rows sorted by importance)."""
    n = len(y)
    rng = np.random.default_rng(SEED)
    weights = np.ones((BOOTSTRAP + 1, n))  # row 0: the data themselves; then how often each is drawn
    for row in weights[1:]:
        row[:] = np.bincount(rng.integers(0, n, size=n), minlength=n)
    corr = _weighted_correlations(np.column_stack([y, x]), weights)
    values = method(corr[:, 1:, 1:], corr[:, 1:, 0], n)
    low, high = np.percentile(values[1:], [50 * (1 - LEVEL), 50 * (1 + LEVEL)], axis=0)
    rows = [
        {"item": name, "importance": _round(v), "low": _round(lo), "high": _round(hi), "n": n}
        for name, v, lo, hi in zip(names, values[0], low, high, strict=True)
    ]
    rows.sort(key=lambda row: (-row["importance"], row["item"]))
    return float(values[0].sum()), rows


def _round(value: float) -> float:
    return round(float(value), DIGITS) + 0.0  # no -0.0


def _weighted_correlations(data: np.ndarray, weights: np.ndarray, *, block: int = 20_000) -> np.ndarray:
    """One correlation matrix of ``data``'s columns per row of ``weights`` (how many times each
    respondent is drawn): (resamples, columns, columns). Constant columns correlate 0. The sums of
    products are one matrix product per block of respondents (a loop over resamples is 50× slower)."""
    p = data.shape[1]
    upper = np.triu_indices(p)
    centred = data - data.mean(axis=0)  # fewer digits lost in E[xy] - E[x]E[y]
    total = weights.sum(axis=1)
    first = weights @ centred / total[:, None]
    second = np.zeros((len(weights), len(upper[0])))
    for start in range(0, len(data), block):
        rows = centred[start : start + block]
        second += weights[:, start : start + block] @ (rows[:, upper[0]] * rows[:, upper[1]])
    cov = np.empty((len(weights), p, p))
    cov[:, upper[0], upper[1]] = second / total[:, None]
    cov[:, upper[1], upper[0]] = cov[:, upper[0], upper[1]]
    cov -= first[:, :, None] * first[:, None, :]
    sd = np.sqrt(np.clip(np.einsum("bii->bi", cov), 0, None))
    scale = np.where(sd > 1e-12, sd, np.inf)
    corr = cov / scale[:, :, None] / scale[:, None, :]
    idx = np.arange(p)
    corr[:, idx, idx] = 1.0
    return corr


def _adjusted(r2: np.ndarray, n: int, p: int) -> np.ndarray:
    """Adjusted R² of a model of ``p`` predictors on ``n`` respondents."""
    return 1 - (1 - r2) * (n - 1) / (n - p - 1)


def shapley_importance(rxx: np.ndarray, rxy: np.ndarray, n: int) -> np.ndarray:
    """Shapley values of the adjusted R² (LMG) from correlation matrices: ``rxx`` (B, p, p) and
    ``rxy`` (B, p) → (B, p), one row per matrix, each row adding up to the full model's adjusted R²."""
    batches, p = rxy.shape
    value = {(): np.zeros(batches)}
    for size in range(1, p + 1):
        for subset in combinations(range(p), size):
            idx = list(subset)
            sub = rxx[:, idx][:, :, idx]
            r = rxy[:, idx]
            r2 = np.einsum("bi,bi->b", r, np.linalg.solve(sub + 1e-10 * np.eye(size), r[..., None])[..., 0])
            value[subset] = _adjusted(r2, n, size)
    out = np.zeros((batches, p))
    weight = [factorial(s) * factorial(p - s - 1) / factorial(p) for s in range(p)]
    for subset, v in value.items():
        for j in range(p):
            if j not in subset:
                joined = tuple(sorted((*subset, j)))
                out[:, j] += weight[len(subset)] * (value[joined] - v)
    return out


def relative_weights(rxx: np.ndarray, rxy: np.ndarray, n: int) -> np.ndarray:
    """Johnson's relative weights from correlation matrices, less what each predictor explains by
    chance ((1 − R²) / (n − p − 1)): (B, p, p) and (B, p) → (B, p), each row adding up to the
    adjusted R²."""
    p = rxy.shape[1]
    eigenvalues, vectors = np.linalg.eigh(rxx)
    root = np.einsum("bij,bj,bkj->bik", vectors, np.sqrt(np.clip(eigenvalues, 0, None)), vectors)
    beta = np.linalg.solve(root + 1e-10 * np.eye(p), rxy[..., None])[..., 0]
    raw = np.einsum("bjk,bk->bj", root**2, beta**2)
    r2 = raw.sum(axis=1, keepdims=True)
    return raw - (1 - r2) / (n - p - 1)
