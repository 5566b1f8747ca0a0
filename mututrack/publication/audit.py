"""Whether everything published for one wave keeps every group under k and every answer hidden.

An auditor in the manner of statistical offices (τ-Argus audits, INSEE's *secret secondaire*):
given the finest cells of respondents, the class counts per cell and measure, and which cells each
published figure sums, it proves that no combination of published figures pins down a group of
fewer than ``k`` people or the class of each member of a small group. Publishing a mean or a share
is treated as publishing the class counts behind it, the conservative assumption. The attacker is
assumed to know each cell's base (how many answered), which again only makes the audit stricter.

Rules, checked per measure (and for the head counts, measure :data:`RESPONDENTS`):

1. **Blocks.** Cells in exactly the same set of figures form a block. Every row of the
   figure × cell incidence matrix is constant on blocks, so any total obtained by linear
   combinations of figures is a sum over whole blocks. A block whose base is between 1 and k − 1
   is a ``group_under_k`` (conservative: such a block may not be pinned on its own, but nothing
   then proves it open); a figure whose own base is between 1 and k − 1 is an
   ``empty_figure_under_k`` (and its cells are not reported twice). Cells no figure covers are
   not determined.
2. **Bounds.** For each block of at least k but fewer than ``homogeneity_factor × k`` people and
   each class in which the block is empty or full, a linear program (HiGHS) maximises or minimises
   that count subject to every published count of the measure, each block's base and
   0 ≤ x ≤ base. Counts are integers, so a maximum below 1 or a minimum above base − 1 pins it: a
   ``homogeneous`` block, each member's class known. A count strictly between 0 and the base is
   not checked: even pinned, it is an aggregate of at least k people. The program is the linear
   relaxation, as in τ-Argus; integrality beyond the rounding above is not used.

Out of scope: combinations across measures (a figure of one measure against another's), and
anything not described by ``figures`` (free text, earlier waves).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.optimize import linprog

from mututrack import i18n

__all__ = ["RESPONDENTS", "KINDS", "Violation", "AuditReport", "audit", "figures_from_unions"]

RESPONDENTS = "respondents"
KINDS = ("group_under_k", "homogeneous", "empty_figure_under_k")
TOLERANCE = 1e-6


@dataclass(frozen=True)
class Violation:
    """One way the published figures disclose too much, on one measure."""

    kind: str  # one of KINDS
    measure: str
    cells: tuple  # the cells of the disclosed group, for the owner of the publication only
    detail: str  # English, for logs and developers
    people: int = 0  # how many people the disclosed group holds (base of the measure)


@dataclass(frozen=True)
class AuditReport:
    """The audit of one wave's publication: ``ok``, the violations, and counts of what was checked."""

    ok: bool
    violations: list[Violation]
    checked: dict[str, int]
    k: int = 5

    def summary(self, lang: str = "fr") -> list[str]:
        """Return plain sentences for a user (``lang``: fr or en): what was checked, then one
        sentence per violation."""
        if lang not in i18n.LANGUAGES:
            raise ValueError(f"unknown language {lang!r}; expected one of {sorted(i18n.LANGUAGES)}")
        before = i18n.language()
        i18n.set_language(lang)
        try:
            head = i18n.t(
                "audit.head",
                figures=_count(self.checked["figures"], "figures"),
                measures=_count(self.checked["measures"], "measures"),
            )
            if self.ok:
                return [i18n.t("audit.ok", head=head, k=self.k)]
            first = i18n.t("audit.failed", head=head, problems=_count(len(self.violations), "problems"))
            return [first, *(_sentence(violation, k=self.k) for violation in self.violations)]
        finally:
            i18n.set_language(before)


def _count(n: int, noun: str) -> str:
    """Return ``n`` followed by the singular or plural of ``audit.<noun>``."""
    return f"{n} {i18n.t(f'audit.{noun}.one' if n == 1 else f'audit.{noun}.many')}"


def _sentence(violation: Violation, *, k: int) -> str:
    """Return the user's sentence for one violation: the measure and the number of people, no cell."""
    return i18n.t(
        f"audit.{violation.kind}",
        measure=i18n.t("audit.respondents") if violation.measure == RESPONDENTS else violation.measure,
        people=_count(violation.people, "people"),
        k=k,
    )


def figures_from_unions(unions: dict[Hashable, tuple[str, list]]) -> pd.DataFrame:
    """Return the ``figures`` frame (columns figure, measure, cell) of {figure: (measure, cells)}."""
    rows = [(figure, measure, cell) for figure, (measure, cells) in unions.items() for cell in cells]
    return pd.DataFrame(rows, columns=["figure", "measure", "cell"])


def audit(
    cells: pd.DataFrame,
    bases: pd.DataFrame,
    figures: pd.DataFrame,
    *,
    k: int,
    homogeneity_factor: int = 2,
) -> AuditReport:
    """Return the :class:`AuditReport` of ``figures`` (figure, measure, cell) over ``cells`` and ``bases``."""
    _check_inputs(cells, bases, figures, k=k, homogeneity_factor=homogeneity_factor)
    memberships = figures[["figure", "measure", "cell"]].drop_duplicates()
    tables = _measure_tables(cells, bases)
    violations: list[Violation] = []
    checked = {
        "figures": int(memberships["figure"].nunique()),
        "measures": 0,
        "blocks": 0,
        "linear_programs": 0,
        "cells": int(memberships["cell"].nunique()),
    }
    for measure, rows in memberships.groupby("measure", sort=True):
        layout = _layout(rows, tables[str(measure)])
        found, programs = _audit_measure(str(measure), layout, k=k, factor=homogeneity_factor)
        violations.extend(found)
        checked["measures"] += 1
        checked["blocks"] += len(layout.blocks)
        checked["linear_programs"] += programs
    return AuditReport(ok=not violations, violations=violations, checked=checked, k=k)


def _check_inputs(
    cells: pd.DataFrame, bases: pd.DataFrame, figures: pd.DataFrame, *, k: int, homogeneity_factor: int
) -> None:
    """Raise ValueError when a frame lacks a column, names an unknown cell or measure, or k is absurd."""
    for name, frame, columns in (
        ("cells", cells, ["cell", "respondents"]),
        ("bases", bases, ["cell", "measure", "klass", "n"]),
        ("figures", figures, ["figure", "measure", "cell"]),
    ):
        missing = [column for column in columns if column not in frame.columns]
        if missing:
            raise ValueError(f"{name} lacks columns {missing}")
    if k < 1 or homogeneity_factor < 1:
        raise ValueError(f"k and homogeneity_factor must be at least 1, got {k} and {homogeneity_factor}")
    unknown_cells = set(figures["cell"]) - set(cells["cell"])
    if unknown_cells:
        raise ValueError(f"figures name cells absent from cells: {sorted(map(str, unknown_cells))}")
    unknown_measures = set(figures["measure"]) - set(bases["measure"]) - {RESPONDENTS}
    if unknown_measures:
        raise ValueError(f"figures name measures absent from bases: {sorted(map(str, unknown_measures))}")
    measures_per_figure = figures.groupby("figure")["measure"].nunique()
    if (measures_per_figure > 1).any():
        several = sorted(map(str, measures_per_figure[measures_per_figure > 1].index))
        raise ValueError(f"figures with several measures: {several}")


def _measure_tables(cells: pd.DataFrame, bases: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Return, per measure, a frame indexed by cell with one column of counts per class."""
    tables = {RESPONDENTS: cells.groupby("cell")[["respondents"]].sum()}
    for measure, rows in bases.groupby("measure", sort=True):
        tables[str(measure)] = rows.groupby(["cell", "klass"])["n"].sum().unstack("klass", fill_value=0)
    return tables


@dataclass(frozen=True)
class _Layout:
    """One measure's figures seen as blocks: which blocks each figure sums, and each block's counts."""

    figure_cells: tuple[tuple, ...]  # per figure, its cells
    blocks: tuple[tuple, ...]  # per block, its cells
    incidence: np.ndarray  # figures × blocks, 1 where the figure sums the block
    counts: np.ndarray  # blocks × classes, true counts
    classes: tuple[str, ...]


def _layout(rows: pd.DataFrame, table: pd.DataFrame) -> _Layout:
    """Return the blocks of one measure's figures (rows: figure, cell) and their counts from ``table``."""
    signatures = {cell: frozenset(group) for cell, group in rows.groupby("cell", sort=False)["figure"]}
    by_signature: dict[frozenset, list] = {}
    for cell, signature in signatures.items():
        by_signature.setdefault(signature, []).append(cell)
    blocks = sorted((_ordered(group) for group in by_signature.values()), key=lambda b: [_key(c) for c in b])
    figure_ids = sorted(rows["figure"].unique(), key=_key)
    incidence = np.array(
        [[figure in signatures[block[0]] for block in blocks] for figure in figure_ids], dtype=float
    )
    table = table.reindex(list(signatures), fill_value=0)
    block_of = {cell: index for index, block in enumerate(blocks) for cell in block}
    counts = table.groupby(table.index.map(block_of)).sum().sort_index().to_numpy(dtype=float)
    figure_cells = tuple(
        _ordered(c for block, inside in zip(blocks, row, strict=True) if inside for c in block)
        for row in incidence
    )
    return _Layout(figure_cells, tuple(blocks), incidence, counts, tuple(map(str, table.columns)))


def _key(value: Hashable) -> tuple[bool, Hashable]:
    """Return a sort key that orders ints numerically, strings alphabetically, ints first."""
    return (isinstance(value, str), value)


def _ordered(cells: Iterable) -> tuple:
    """Return the cells as a sorted tuple of plain Python values."""
    return tuple(sorted((c.item() if isinstance(c, np.generic) else c for c in cells), key=_key))


def _audit_measure(measure: str, layout: _Layout, *, k: int, factor: int) -> tuple[list[Violation], int]:
    """Return one measure's violations and how many linear programs proved the rest."""
    found = _small_figures(measure, layout, k=k)
    reported = {violation.cells for violation in found}
    for cells, base in zip(layout.blocks, layout.counts.sum(axis=1), strict=True):
        if 0 < base < k and cells not in reported:
            found.append(
                Violation(
                    "group_under_k",
                    measure,
                    cells,
                    f"block of {base:g} people (k={k}) is a sum of published figures",
                    int(base),
                )
            )
    if measure == RESPONDENTS:
        return found, 0  # head counts have no classes: nothing more to pin down
    homogeneous, programs = _homogeneous_blocks(measure, layout, k=k, factor=factor)
    return found + homogeneous, programs


def _small_figures(measure: str, layout: _Layout, *, k: int) -> list[Violation]:
    """Return an ``empty_figure_under_k`` violation per figure whose own base is 1 to k − 1."""
    figure_bases = layout.incidence @ layout.counts.sum(axis=1)
    return [
        Violation(
            "empty_figure_under_k",
            measure,
            cells,
            f"published figure stands on {base:g} people (k={k})",
            int(base),
        )
        for cells, base in zip(layout.figure_cells, figure_bases, strict=True)
        if 0 < base < k
    ]


def _homogeneous_blocks(measure: str, layout: _Layout, *, k: int, factor: int) -> tuple[list[Violation], int]:
    """Return a ``homogeneous`` violation per small block whose empty or full class is pinned, and
    the LP count."""
    polytope = _polytope(layout)
    n_classes = len(layout.classes)
    found: list[Violation] = []
    programs = 0
    for b, c in _extreme_counts(layout, k=k, factor=factor):
        cells = layout.blocks[b]
        if found and found[-1].cells == cells:
            continue  # this block is already known to be homogeneous
        programs += 1
        true, base = layout.counts[b, c], layout.counts[b].sum()
        if _is_pinned(polytope, b * n_classes + c, is_empty=true == 0, base=base):
            what = "nobody" if true == 0 else "everyone"
            found.append(
                Violation(
                    "homogeneous",
                    measure,
                    cells,
                    f"{what} of these {base:g} people is in class {layout.classes[c]!r}",
                    int(base),
                )
            )
    return found, programs


def _extreme_counts(layout: _Layout, *, k: int, factor: int) -> Iterable[tuple[int, int]]:
    """Yield (block, class) where a block of k to factor × k − 1 people is full in that class."""
    for b, row in enumerate(layout.counts):
        base = row.sum()
        if not k <= base < factor * k:
            continue  # under k it is already a violation; from factor × k on a 0 % or 100 % may be shown
        for c, true in enumerate(row):
            # Each member's answer is known only when one class is pinned at the whole block (for two
            # classes, one pinned at 0 is the other pinned at the base: the same case). A count
            # strictly inside (0, base) is an aggregate of >= k people even when pinned, and knowing
            # that nobody of a block chose one option of several says nothing of each member.
            if true == base:
                yield b, c


def _polytope(layout: _Layout) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return (A_eq, b_eq, bounds) over x(block, class): published counts, block bases, 0 ≤ x ≤ base."""
    n_blocks, n_classes = layout.counts.shape
    bases = layout.counts.sum(axis=1)
    # Sparse: a measure with many classes (a 0..100 score) over hundreds of blocks stays small.
    per_figure_and_class = sparse.kron(sparse.csr_matrix(layout.incidence), sparse.identity(n_classes))
    per_block = sparse.kron(sparse.identity(n_blocks), np.ones((1, n_classes)))
    lhs = sparse.vstack([per_figure_and_class, per_block]).tocsr()
    rhs = np.concatenate([(layout.incidence @ layout.counts).ravel(), bases])
    upper = np.repeat(bases, n_classes)
    return lhs, rhs, np.column_stack([np.zeros_like(upper), upper])


def _is_pinned(
    polytope: tuple[np.ndarray, np.ndarray, np.ndarray], variable: int, *, is_empty: bool, base: float
) -> bool:
    """Return whether the published figures force x[variable] to 0 (``is_empty``) or else to ``base``."""
    lhs, rhs, bounds = polytope
    objective = np.zeros(lhs.shape[1])
    objective[variable] = -1.0 if is_empty else 1.0  # maximise an empty count, minimise a full one
    result = linprog(objective, A_eq=lhs, b_eq=rhs, bounds=bounds, method="highs")
    if result.status != 0:
        return True  # fail closed: an interval we could not compute is not proven open
    # counts are integers: a maximum below 1 pins the count at 0, a minimum above base − 1 pins it at base
    return -result.fun < 1 - TOLERANCE if is_empty else result.fun > base - 1 + TOLERANCE
