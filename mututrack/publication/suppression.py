"""Suppression for the figures about agents of the roster (involvement, networking, careers,
participation, events): a group of fewer than k agents shows no figure, nor does the sibling that
would give it away. Survey answers never come here: they are published only as unions of atoms
(:mod:`mututrack.publication.figures`); the thresholds themselves live in :mod:`.rules`.

Rules (DOMAIN.md "Anonymity"):

- **Primary suppression**: a group of fewer than ``k`` respondents (default 5, configurable 3..10,
  locked for a wave once it is published) shows no figure at all, not even its count.
- **Complementary suppression**: inside a breakdown whose total is shown elsewhere, a single hidden
  group could be recovered as ``total − visible siblings``. This is INSEE's *secret secondaire*
  (its primary rule is 3 units; vendors such as Glint and PeopleCues do the same at 5). The rule
  applied here, in each sibling set: while the hidden groups hold some respondents but fewer than
  ``k`` in all, also hide the smallest visible sibling. What can still be recovered by subtraction
  is then only the union of the hidden groups, itself an aggregate of at least ``k`` respondents,
  never one hidden group on its own. A lone hidden group of 3 therefore always takes a sibling with
  it; two hidden groups of 2 and 3 (5 together) are enough on their own; a hidden group with no
  respondent reveals nothing and takes none.
- **Free-text comments**: only for groups of at least :data:`COMMENT_THRESHOLD` respondents, and
  only to HR.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np
import pandas as pd

from mututrack.publication import rules

__all__ = [
    "DEFAULT_K",
    "K_RANGE",
    "COMMENT_THRESHOLD",
    "suppress",
    "bound_counts",
    "complementary",
    "suppress_figures",
    "at_cell",
    "threshold",
    "set_threshold",
    "publish_wave",
    "comments_visible",
]

DEFAULT_K = rules.DEFAULT_K
K_RANGE = rules.K_RANGE
COMMENT_THRESHOLD = rules.COMMENT_THRESHOLD


def suppress(
    frame: pd.DataFrame,
    *,
    count: str = "respondents",
    values: Sequence[str],
    k: int = DEFAULT_K,
    siblings: Sequence[str] | None = None,
    forced: str | None = None,
    dims: Sequence[str] | None = None,
) -> pd.DataFrame:
    """A copy of ``frame`` with a bool column ``suppressed``; hidden rows keep no figure at all.

    ``count`` and every column of ``values`` become NA on suppressed rows. Sibling sets are the rows
    sharing the values of the ``siblings`` columns (the whole frame when ``None``); complementary
    suppression is applied inside each set (see the module docstring). ``forced`` names a bool
    column of rows hidden whatever their count (a group hidden at an upper level, for instance):
    such a row is never left alone as the only hidden group of its set either.

    With ``dims``, each sibling set is a cube: every cell of the cross-classification of ``dims``
    and all its margins, NA in a dimension meaning "all" (what SQL ``group by cube (...)``
    returns); ``siblings`` then separate independent cubes (one per wave, say). Filters and
    breakdowns read different slices of it (entity E broken down by category, category C broken
    down by entity, E alone), so hiding must hold across slices. Repeated until nothing changes:

    - a hidden cell hides every cell below it (E hidden hides E × A, E × B, …): else the cells
      below would add up to it;
    - each sibling set (cells that differ only in one dimension, with the cell where that
      dimension is "all" as their total) gets complementary suppression, as without ``dims``
      (ties broken by the dimensions' sorted values);
    - a total whose cells are all hidden while they could still be isolated (one non-empty cell)
      is hidden too: it would equal that cell.

    This is the row-and-column procedure statistical offices apply to two-way tables with margins
    (INSEE's secondary secret). It protects against total − visible cells inside every row and
    column; it is not an optimal (minimum-loss) pattern, which needs an LP solver such as τ-Argus.
    """
    out = frame.copy()
    counts = pd.to_numeric(out[count], errors="coerce").fillna(0).to_numpy(dtype="int64")
    hidden = counts < k
    if forced is not None:
        hidden |= out[forced].fillna(False).to_numpy(dtype=bool)
    cube = None if dims is None else _CubeShape(out[list(dims)])
    for positions in _sibling_sets(out, siblings):
        if cube is None:
            hidden[positions] = complementary(counts[positions], hidden[positions], k=k)
        else:
            hidden[positions] = cube.hidden(positions, counts, hidden, k)
    out["suppressed"] = hidden
    out[count] = out[count].astype("Int64").mask(hidden)
    for column in values:
        out[column] = out[column].mask(hidden)
    return out


def bound_counts(
    frame: pd.DataFrame,
    *,
    count: str,
    base: str,
    values: Sequence[str],
    k: int = DEFAULT_K,
    siblings: Sequence[str] | None = None,
) -> tuple[pd.DataFrame, np.ndarray, np.ndarray, pd.Series]:
    """No count of people between 1 and ``k − 1`` (DOMAIN.md "Counts"), in a group otherwise shown.

    Returns ``(out, few, completed, most)``: ``out`` is a copy of ``frame`` where ``count`` and the
    ``values`` (the rate, and figures about those few people) are NA on ``few`` rows (shown as "fewer
    than k") and on ``completed`` ones; ``most`` is the most a rate over ``base`` can then be,
    ``(k − 1) ÷ base``, on ``few`` rows. Rows already ``suppressed`` are left alone. With
    ``siblings``, the bounded rows of each sibling set are completed like hidden ones
    (:func:`complementary`), so that a total shown elsewhere minus the visible groups never gives a
    count under k; without, each row stands alone.
    """
    out = frame.copy()
    counts = pd.to_numeric(out[count], errors="coerce").fillna(0).to_numpy(dtype="int64")
    shown = ~out["suppressed"].to_numpy(dtype=bool) if "suppressed" in out else np.ones(len(out), dtype=bool)
    few = shown & (counts > 0) & (counts < k)
    masked = few.copy()
    if siblings:
        keys = out.groupby(list(siblings), dropna=False, sort=False).ngroup().to_numpy()
        for key in np.unique(keys[few]):
            at = np.flatnonzero((keys == key) & shown)
            masked[at] = complementary(counts[at], few[at], k=k)
    most = ((k - 1) / pd.to_numeric(out[base], errors="coerce").astype("float64")).where(few)
    for column in (count, *values):
        out[column] = out[column].mask(masked)
    return out, few, masked & ~few, most


def complementary(counts: np.ndarray, hidden: np.ndarray, *, k: int) -> np.ndarray:
    """The hidden mask of one sibling set once complementary suppression is applied.

    Adds the smallest visible sibling (first in order on ties) while the hidden groups could be
    isolated: they hold between 1 and ``k − 1`` respondents in all, or a single non-empty group
    is hidden (possible only when it was forced, since a group below ``k`` fails the first test).
    """
    hidden = np.array(hidden, dtype=bool)
    if not hidden.any():
        return hidden
    counts = np.asarray(counts, dtype="int64")
    while _isolable(counts[hidden], k) and not hidden.all():
        visible = np.flatnonzero(~hidden)
        hidden[visible[np.argmin(counts[visible])]] = True
    return hidden


def _isolable(hidden_counts: np.ndarray, k: int) -> bool:
    """True when total − visible siblings would point at fewer than k people or at one group."""
    total = hidden_counts.sum()
    return 0 < total < k or np.count_nonzero(hidden_counts) == 1


def suppress_figures(
    frame: pd.DataFrame,
    *,
    figures: dict[str, Sequence[str]],
    count: str = "respondents",
    k: int = DEFAULT_K,
    siblings: Sequence[str] | None = None,
) -> pd.DataFrame:
    """:func:`suppress` by group, then again for each figure on the number of answers behind it.

    ``figures`` maps a base column (e.g. ``who5_respondents``) to the value columns computed from
    it: an optional question answered by 3 people of a group of 40 is hidden like a group of 3,
    with its complement, while the group's other figures stay.
    """
    out = suppress(
        frame, count=count, values=[c for cols in figures.values() for c in cols], k=k, siblings=siblings
    )
    for base, columns in figures.items():
        part = suppress(out, count=base, values=list(columns), k=k, siblings=siblings, forced="suppressed")
        out[base], out[list(columns)] = part[base], part[list(columns)]
    return out


class _CubeShape:
    """The cells of a cube (every distinct combination of ``dims``, NA = "all") and how they relate:
    the sibling sets with their total, and the ancestors of each cell. Built once per call, on
    integer codes (0 = "all") so that it stays fast on large cubes. Codes follow the sorted values,
    so ties between siblings break the same way whatever other cubes share the call."""

    def __init__(self, dims: pd.DataFrame) -> None:
        codes = np.column_stack(
            [pd.factorize(dims[c], sort=True, use_na_sentinel=True)[0] + 1 for c in dims.columns]
            or [np.zeros(len(dims), dtype="int64")]
        ).astype("int64")
        sizes = codes.max(axis=0) + 1 if len(codes) else np.ones(codes.shape[1], dtype="int64")
        self._radix = np.cumprod([1, *sizes[:-1]]).astype("int64")
        keys = codes @ self._radix
        self._keys, first, self.cell = np.unique(keys, return_index=True, return_inverse=True)
        self.size = len(self._keys)
        distinct = codes[first]
        self.sets = self._sets(distinct)
        self.ancestors = self._ancestors(distinct)

    def hidden(self, positions: np.ndarray, counts: np.ndarray, hidden: np.ndarray, k: int) -> np.ndarray:
        """The hidden mask of the rows at ``positions`` (one cube) once hiding holds across its
        slices (:func:`suppress` with ``dims``)."""
        cells = self.cell[positions]
        full_counts = np.zeros(self.size, dtype="int64")
        full_hidden = np.ones(self.size, dtype=bool)  # a cell absent from this cube holds nobody
        full_counts[cells], full_hidden[cells] = counts[positions], hidden[positions]
        return self.mask(full_counts, full_hidden, k)[cells]

    def _position(self, codes: np.ndarray) -> np.ndarray:
        """Positions of the cells with these codes; -1 for a cell absent from the cube."""
        keys = codes @ self._radix
        found = np.searchsorted(self._keys, keys)
        found = np.minimum(found, self.size - 1)
        return np.where(self._keys[found] == keys, found, -1)

    def _sets(self, distinct: np.ndarray) -> list[tuple[np.ndarray, int | None]]:
        sets = []
        for d in range(distinct.shape[1]):
            rows = np.flatnonzero(distinct[:, d] > 0)
            parent_codes = distinct[rows].copy()
            parent_codes[:, d] = 0
            parents = self._position(parent_codes) if len(rows) else np.empty(0, "int64")
            for parent in np.unique(parents):
                sets.append((rows[parents == parent], None if parent < 0 else int(parent)))
        return sets

    def _ancestors(self, distinct: np.ndarray) -> np.ndarray:
        """(cells, 2^dims) positions of every coarser cell containing each cell; -1 pads."""
        width = distinct.shape[1]
        found = np.full((self.size, 2**width), -1, dtype="int64")
        for j, drop in enumerate(itertools.product([False, True], repeat=width)):
            if not any(drop):
                continue
            coarser = distinct.copy()
            coarser[:, list(drop)] = 0
            positions = self._position(coarser)
            found[:, j] = np.where(positions == np.arange(self.size), -1, positions)
        return found

    def mask(self, counts: np.ndarray, hidden: np.ndarray, k: int) -> np.ndarray:
        """The hidden mask once hiding is propagated and completed in every sibling set, until stable:

        - a hidden cell hides every cell below it (else those would add up to it);
        - each sibling set gets complementary suppression;
        - a total whose hidden cells could still be isolated (all hidden, one of them non-empty) is
          hidden too, since it would give them away.
        """
        hidden = hidden.copy()
        while True:
            before = hidden.copy()
            padded = np.append(hidden, False)
            hidden |= padded[self.ancestors].any(axis=1)
            for positions, parent in self.sets:
                hidden[positions] = complementary(counts[positions], hidden[positions], k=k)
                if parent is not None and hidden[positions].all() and _isolable(counts[positions], k):
                    hidden[parent] = True
            if (hidden == before).all():
                return hidden


def at_cell(frame: pd.DataFrame, cell: dict[str, str | None]) -> pd.Series:
    """The rows of a cube frame that are exactly ``cell`` (None on a dimension means "all")."""
    keep = pd.Series(True, index=frame.index)
    for dim, value in cell.items():
        keep &= frame[dim].isna() if value is None else frame[dim].eq(value)
    return keep


def _sibling_sets(frame: pd.DataFrame, siblings: Sequence[str] | None) -> list[np.ndarray]:
    if not siblings:
        return [np.arange(len(frame))]
    return list(frame.groupby(list(siblings), dropna=False, sort=False).indices.values())


threshold = rules.threshold
set_threshold = rules.set_threshold
publish_wave = rules.publish_wave
comments_visible = rules.comments_visible
