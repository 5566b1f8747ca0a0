"""publication/audit.py: blocks under k, figures under k, homogeneous small groups, the summary."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from mututrack.publication.audit import AuditReport, Violation, audit, figures_from_unions

K = 5


def survey(
    sizes: dict, poor: dict | None = None, answered: dict | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return (cells, bases) for measure who5: respondents per cell, poor per cell, who answered (all
    by default)."""
    poor = poor or {}
    answered = {**sizes, **(answered or {})}
    cells = pd.DataFrame({"cell": list(sizes), "respondents": list(sizes.values())})
    rows = [
        (cell, "who5", klass, n)
        for cell, base in answered.items()
        for klass, n in (("poor", poor.get(cell, 0)), ("not_poor", base - poor.get(cell, 0)))
    ]
    return cells, pd.DataFrame(rows, columns=["cell", "measure", "klass", "n"])


def both(unions: dict) -> dict:
    """Return the unions published twice: as head counts and as who5 class counts."""
    return {
        **{f"{name}:n": ("respondents", cells) for name, cells in unions.items()},
        **{f"{name}:who5": ("who5", cells) for name, cells in unions.items()},
    }


# sizes, poor, answered, unions, k, expected (kind, measure, cells, people)
# fmt: off
CASES = [
    pytest.param(  # an entity, a category and their sum, overlapping, every atom >= k
        {"a": 6, "b": 7, "c": 12}, {"a": 2, "b": 1}, None,
        both({"entity": ["a", "b"], "category": ["b", "c"], "sum": ["a", "b", "c"]}), K,
        [],  # c is 0 % poor but 12 >= 2k: a 0 % may be shown
        id="overlapping-unions-of-atoms",
    ),
    pytest.param(  # a 0 % block of 6 that the bounds keep open: x(a) + x(b) = 3 lets x(a) reach 3
        {"a": 6, "b": 6, "c": 6}, {"b": 3, "c": 3}, None,
        {"A": ("who5", ["a", "b"]), "B": ("who5", ["b", "c"])}, K,
        [],
        id="zero-percent-block-left-open",
    ),
    pytest.param(
        {"1": 10, "2": 7, "3": 3}, None, None,
        {"A": ("respondents", ["1", "2", "3"]), "B": ("respondents", ["1", "2"])}, K,
        [("group_under_k", "respondents", ("3",), 3)],  # A − B = 3 people
        id="subtraction-attack",
    ),
    pytest.param(
        {"a": 10, "b": 4}, None, None,
        {"A": ("respondents", ["a"]), "B": ("respondents", ["b"])}, K,
        [("empty_figure_under_k", "respondents", ("b",), 4)],  # reported once, not again as a block
        id="doctored-store-publishes-a-small-cell",
    ),
    pytest.param(  # entity × category margins around a small interior cell (blocks are conservative here)
        {"e1c1": 3, "e1c2": 10, "e2c1": 10, "e2c2": 10}, None, None,
        {"E1": ("respondents", ["e1c1", "e1c2"]), "E2": ("respondents", ["e2c1", "e2c2"]),
         "C1": ("respondents", ["e1c1", "e2c1"]), "C2": ("respondents", ["e1c2", "e2c2"])}, K,
        [("group_under_k", "respondents", ("e1c1",), 3)],
        id="cube-margins",
    ),
    pytest.param(  # with one interior cell published too: e1c1 = C1 − (E2 − e2c2) exactly
        {"e1c1": 3, "e1c2": 10, "e2c1": 10, "e2c2": 10}, None, None,
        {"E2": ("respondents", ["e2c1", "e2c2"]), "C1": ("respondents", ["e1c1", "e2c1"]),
         "X": ("respondents", ["e2c2"])}, K,
        [("group_under_k", "respondents", ("e1c1",), 3)],
        id="cube-linear-combination",
    ),
    pytest.param(
        {"big": 20, "small": 6}, {"big": 5}, None,
        {"A": ("who5", ["big", "small"]), "B": ("who5", ["big"])}, K,
        [("homogeneous", "who5", ("small",), 6)],  # 5 − 5 = 0 poor among 6 < 2k
        id="homogeneous-by-differencing",
    ),
    pytest.param(
        {"big": 20, "small": 12}, {"big": 5}, None,
        {"A": ("who5", ["big", "small"]), "B": ("who5", ["big"])}, K,
        [],  # 12 >= 2k: a 0 % may be shown
        id="homogeneous-but-large",
    ),
    pytest.param(
        {"big": 20, "small": 6}, {"big": 5, "small": 3}, None,
        {"A": ("who5", ["big", "small"]), "B": ("who5", ["big"])}, K,
        [],
        id="small-block-mixed",
    ),
    pytest.param(  # A = 12 poor of 12: the bounds alone pin a and b, neither is a difference of figures
        {"a": 6, "b": 6, "c": 6}, {"a": 6, "b": 6, "c": 3}, None,
        {"A": ("who5", ["a", "b"]), "B": ("who5", ["b", "c"])}, K,
        [("homogeneous", "who5", ("a",), 6), ("homogeneous", "who5", ("b",), 6)],
        id="homogeneous-by-bounds",
    ),
    pytest.param(
        {"g1": 20, "g2": 20}, {"g1": 1, "g2": 5}, {"g1": 3},
        {"R": ("respondents", ["g1"]), "W": ("who5", ["g1"])}, K,
        [("empty_figure_under_k", "who5", ("g1",), 3)],  # 20 respondents, but only 3 answered who5
        id="item-non-response",
    ),
    pytest.param(
        {"g1": 20, "g2": 20}, {"g1": 1, "g2": 5}, {"g1": 3},
        both({"both": ["g1", "g2"], "second": ["g2"]}), K,
        [("group_under_k", "who5", ("g1",), 3)],  # 23 − 20 answers; the head counts are fine
        id="item-non-response-by-difference",
    ),
    pytest.param(
        {"a": 10, "b": 4}, {"a": 3}, {"b": 0},
        {"A": ("who5", ["a", "b"]), "B": ("who5", ["a"])}, K,
        [],  # nobody in b answered: a group of 0 reveals nobody's answer
        id="empty-block",
    ),
    pytest.param(
        {"1": 10, "2": 7, "3": 3}, None, None,
        {"A": ("respondents", ["1", "2", "3"]), "B": ("respondents", ["1", "2"])}, 3,
        [],  # k = 3 (INSEE's own primary rule): a group of 3 may be shown
        id="k-3",
    ),
]
# fmt: on


@pytest.mark.parametrize(("sizes", "poor", "answered", "unions", "k", "expected"), CASES)
def test_audit_cases(sizes, poor, answered, unions, k, expected):
    cells, bases = survey(sizes, poor, answered)
    report = audit(cells, bases, figures_from_unions(unions), k=k)
    assert [(v.kind, v.measure, v.cells, v.people) for v in report.violations] == expected
    assert report.ok == (not expected)


def test_subtraction_attack_whole_report():
    cells, bases = survey({"1": 10, "2": 7, "3": 3})
    figures = figures_from_unions({"A": ("respondents", ["1", "2", "3"]), "B": ("respondents", ["1", "2"])})
    assert audit(cells, bases, figures, k=K) == AuditReport(
        ok=False,
        violations=[
            Violation(
                "group_under_k",
                "respondents",
                ("3",),
                "block of 3 people (k=5) is a sum of published figures",
                3,
            )
        ],
        checked={"figures": 2, "measures": 1, "blocks": 2, "linear_programs": 0, "cells": 3},
        k=K,
    )


def test_open_zero_percent_block_costs_one_program():
    cells, bases = survey({"a": 6, "b": 6, "c": 6}, {"b": 3, "c": 3})
    figures = figures_from_unions({"A": ("who5", ["a", "b"]), "B": ("who5", ["b", "c"])})
    report = audit(cells, bases, figures, k=K)
    # block a is full in "not_poor" (empty in "poor", the same fact): one program; b and c are mixed: none
    assert report.checked == {"figures": 2, "measures": 1, "blocks": 3, "linear_programs": 1, "cells": 3}


def test_homogeneity_factor_is_configurable():
    cells, bases = survey({"big": 20, "small": 12}, {"big": 5})
    figures = figures_from_unions({"A": ("who5", ["big", "small"]), "B": ("who5", ["big"])})
    report = audit(cells, bases, figures, k=K, homogeneity_factor=3)  # 12 < 3k
    assert [(v.kind, v.cells) for v in report.violations] == [("homogeneous", ("small",))]


def test_int_cell_ids():
    cells, bases = survey({1: 10, 2: 7, 10: 3})
    figures = figures_from_unions({"A": ("respondents", [1, 2, 10]), "B": ("respondents", [1, 2])})
    assert [v.cells for v in audit(cells, bases, figures, k=K).violations] == [(10,)]


def test_summary_ok():
    report = AuditReport(
        ok=True,
        violations=[],
        k=5,
        checked={"figures": 142, "measures": 9, "blocks": 30, "linear_programs": 4, "cells": 40},
    )
    assert report.summary() == [
        "142 chiffres publiés vérifiés sur 9 mesures ; aucun groupe de moins de 5 personnes n'est déterminé."
    ]
    assert report.summary("en") == [
        "142 published figures checked across 9 measures; no group of fewer than 5 people is determined."
    ]


def test_summary_failed_names_measure_and_people_never_cells():
    cells, bases = survey({"big": 20, "small": 6, "tiny": 1}, {"big": 5})
    figures = figures_from_unions(
        {"A": ("who5", ["big", "small"]), "B": ("who5", ["big"]), "T": ("respondents", ["tiny"])}
    )
    assert audit(cells, bases, figures, k=K).summary() == [
        "3 chiffres publiés vérifiés sur 2 mesures ; 2 problèmes d'anonymat :",
        "Mesure « nombre de répondants » : un chiffre publié ne repose que sur 1 personne (moins de 5).",
        "Mesure « who5 » : dans un groupe de 6 personnes, "
        "la réponse de chacun se déduit des chiffres publiés.",
    ]


def test_summary_unknown_language():
    with pytest.raises(ValueError, match="unknown language"):
        AuditReport(ok=True, violations=[], checked={"figures": 0, "measures": 0}).summary("de")


def test_figures_from_unions():
    expected = pd.DataFrame(
        {"figure": ["A", "A", "B"], "measure": ["who5", "who5", "respondents"], "cell": ["1", "2", "1"]}
    )
    pd.testing.assert_frame_equal(
        figures_from_unions({"A": ("who5", ["1", "2"]), "B": ("respondents", ["1"])}), expected
    )


# figures, expected message
BAD_INPUTS = [
    ({"A": ("respondents", ["a", "zz"])}, "cells absent"),
    ({"A": ("sleep", ["a"])}, "measures absent"),
    ({"A": ("who5", ["a"]), "A2": ("respondents", ["a"])} | {"A": ("who5", ["a"])}, None),  # fine
]


@pytest.mark.parametrize(("unions", "message"), BAD_INPUTS)
def test_bad_inputs(unions, message):
    cells, bases = survey({"a": 10})
    figures = figures_from_unions(unions)
    if message is None:
        assert audit(cells, bases, figures, k=K).ok
    else:
        with pytest.raises(ValueError, match=message):
            audit(cells, bases, figures, k=K)


def test_a_figure_with_two_measures_is_rejected():
    cells, bases = survey({"a": 10})
    figures = pd.DataFrame({"figure": ["A", "A"], "measure": ["who5", "respondents"], "cell": ["a", "a"]})
    with pytest.raises(ValueError, match="several measures"):
        audit(cells, bases, figures, k=K)


def atoms_of(sizes: list[int], k: int) -> list[list[int]]:
    """Return cell indices merged greedily in order until each atom holds k; a small tail joins the last."""
    atoms, current, total = [], [], 0
    for index, size in enumerate(sizes):
        current.append(index)
        total += size
        if total >= k:
            atoms.append(current)
            current, total = [], 0
    if current:
        atoms[-1].extend(current)
    return atoms


@st.composite
def publications(draw):
    """Return (sizes, poor, atoms, unions, small cell): figures are unions of atoms, no small atom
    homogeneous."""
    sizes = draw(st.lists(st.integers(1, 15), min_size=2, max_size=12))
    small = draw(st.integers(0, len(sizes) - 1))
    sizes[small] = draw(st.integers(1, K - 1))
    assume(sum(sizes) >= K)
    atoms = atoms_of(sizes, K)
    poor = [draw(st.integers(0, size)) for size in sizes]
    for atom in atoms:
        base, total = sum(sizes[i] for i in atom), sum(poor[i] for i in atom)
        if base < 2 * K and total in (0, base):
            poor[atom[0]] += 1 if total == 0 else -1  # one answer flipped: the atom is mixed
    chosen = draw(st.lists(st.sets(st.integers(0, len(atoms) - 1), min_size=1), min_size=1, max_size=6))
    measures = draw(
        st.lists(st.sampled_from(["respondents", "who5"]), min_size=len(chosen), max_size=len(chosen))
    )
    unions = {
        f"f{i}": (m, [f"c{c}" for a in sorted(s) for c in atoms[a]])
        for i, (s, m) in enumerate(zip(chosen, measures, strict=True))
    }
    return sizes, poor, unions, f"c{small}"


@settings(max_examples=40, deadline=None)
@given(publications())
def test_unions_of_atoms_pass_and_a_small_cell_fails(publication):
    sizes, poor, unions, small = publication
    cells, bases = survey(
        {f"c{i}": size for i, size in enumerate(sizes)}, {f"c{i}": n for i, n in enumerate(poor)}
    )
    assert audit(cells, bases, figures_from_unions(unions), k=K).ok
    leaked = audit(cells, bases, figures_from_unions({**unions, "leak": ("respondents", [small])}), k=K)
    assert not leaked.ok
    assert ("empty_figure_under_k", "respondents", (small,)) in [
        (v.kind, v.measure, v.cells) for v in leaked.violations
    ]
