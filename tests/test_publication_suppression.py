"""privacy.py: primary and complementary suppression, the threshold, comments."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mututrack.publication import suppression as privacy

# counts of one sibling set, k, expected hidden mask
SUPPRESSION_CASES = [
    ([10, 8, 6], 5, [False, False, False]),  # nothing below k
    ([3, 10, 8, 6], 5, [True, False, False, True]),  # a lone 3 takes the next-smallest (6) with it
    ([3, 6, 6], 5, [True, True, False]),  # ties: the first of the smallest
    ([2, 3, 10, 9], 5, [True, True, False, False]),  # 2 + 3 = 5 hidden together: no complement needed
    ([1, 2, 10, 9], 5, [True, True, False, True]),  # 1 + 2 = 3 < 5: the union would leak, add 9
    ([0, 10, 8], 5, [True, False, False]),  # an empty group reveals nothing: no complement
    ([4, 20], 5, [True, True]),  # two groups: both hidden
    ([4], 5, [True]),  # a single group below k
    ([7], 5, [False]),
    ([3, 10, 8], 3, [False, False, False]),  # k = 3 (INSEE's own primary rule)
    ([2, 10, 8], 3, [True, False, True]),
    ([9, 12, 30], 10, [True, True, False]),  # k = 10: 9 alone is under k, so 12 goes too
]


@pytest.mark.parametrize(("counts", "k", "expected"), SUPPRESSION_CASES)
def test_suppression_table(counts, k, expected):
    frame = pd.DataFrame(
        {
            "group": [f"g{i}" for i in range(len(counts))],
            "respondents": counts,
            "score": [float(c) for c in counts],
        }
    )
    out = privacy.suppress(frame, values=["score"], k=k)
    assert out["suppressed"].tolist() == expected
    assert out["respondents"].isna().tolist() == expected
    assert out["score"].isna().tolist() == expected
    assert out["group"].tolist() == frame["group"].tolist()  # labels stay


def test_suppress_returns_copy_and_whole_frame():
    frame = pd.DataFrame(
        {
            "group": ["a", "b", "c"],
            "respondents": [3, 12, 7],
            "mean": [1.0, 2.0, 3.0],
            "share": [0.1, 0.2, 0.3],
        }
    )
    out = privacy.suppress(frame, values=["mean", "share"])
    expected = pd.DataFrame(
        {
            "group": ["a", "b", "c"],
            "respondents": pd.array([pd.NA, 12, pd.NA], dtype="Int64"),
            "mean": [np.nan, 2.0, np.nan],
            "share": [np.nan, 0.2, np.nan],
            "suppressed": [True, False, True],
        }
    )
    pd.testing.assert_frame_equal(out, expected)
    assert frame["respondents"].tolist() == [3, 12, 7]  # input untouched


def test_siblings_are_separate_sets():
    frame = pd.DataFrame(
        {
            "wave": ["w1", "w1", "w1", "w2", "w2", "w2"],
            "group": ["a", "b", "c", "a", "b", "c"],
            "respondents": [3, 12, 7, 9, 12, 7],
            "mean": [1.0, 2.0, 3.0, 4.0, 5.0, 6.0],
        }
    )
    out = privacy.suppress(frame, values=["mean"], siblings=["wave"])
    assert out["suppressed"].tolist() == [True, False, True, False, False, False]


def test_missing_count_is_hidden():
    frame = pd.DataFrame({"respondents": [None, 10.0, 8.0], "x": [1.0, 2.0, 3.0]})
    out = privacy.suppress(frame, values=["x"])
    assert out["suppressed"].tolist() == [True, False, False]


def test_empty_cube():
    frame = pd.DataFrame(
        {
            "entity": pd.Series([], dtype=object),
            "category": pd.Series([], dtype=object),
            "respondents": pd.Series([], dtype="int64"),
            "x": pd.Series([], dtype=float),
        }
    )
    out = privacy.suppress(frame, dims=["entity", "category"], values=["x"])
    assert out.empty and "suppressed" in out.columns


def test_empty_frame():
    frame = pd.DataFrame({"respondents": pd.Series([], dtype="int64"), "x": pd.Series([], dtype=float)})
    out = privacy.suppress(frame, values=["x"], siblings=["x"])
    assert out.empty and "suppressed" in out.columns


def test_threshold_default_setting_and_lock(store):
    assert privacy.threshold(store) == 5
    privacy.set_threshold(store, 7)
    assert privacy.threshold(store) == 7
    with store.transaction() as cur:
        cur.execute("insert into waves (wave, published) values ('2025-T1', false)")
    assert privacy.threshold(store, "2025-T1") == 7  # not published: follows the setting
    assert privacy.publish_wave(store, "2025-T1") == 7
    privacy.set_threshold(store, 4)
    assert privacy.threshold(store, "2025-T1") == 7  # locked at publication
    assert privacy.publish_wave(store, "2025-T1") == 7  # publishing again keeps the lock
    assert privacy.threshold(store, "unknown") == 4
    assert privacy.threshold(store) == 4


@pytest.mark.parametrize("k", [2, 11, 0, -5])
def test_threshold_out_of_range(store, k):
    with pytest.raises(ValueError):
        privacy.set_threshold(store, k)
    store.set_setting("k_threshold", str(k))  # written behind our back
    with pytest.raises(ValueError):
        privacy.threshold(store)


@pytest.mark.parametrize(
    ("role", "visible"),
    [("hr", True), ("director", False), ("council", False), ("staff_rep", False), (None, False)],
)
def test_comments_visible(role, visible):
    assert privacy.comments_visible(role) is visible
    assert privacy.COMMENT_THRESHOLD == 10


def cube(cells: dict[tuple[str, str], int]) -> pd.DataFrame:
    """Every cell and margin of an entity x category table (None = all), as SQL's cube() gives it."""
    entities = sorted({e for e, _ in cells})
    categories = sorted({c for _, c in cells})
    rows = []
    for entity in [*entities, None]:
        for category in [*categories, None]:
            if entity is not None and category is not None and (entity, category) not in cells:
                continue
            n = sum(v for (e, c), v in cells.items() if entity in (None, e) and category in (None, c))
            rows.append((entity, category, n))
    return pd.DataFrame(rows, columns=["entity", "category", "respondents"]).assign(score=1.0)


def test_cube_hand_case():
    # e1 x A = 3 is primary. Row e1 takes e1 x B (10); column A takes e2 x A (6); row e2 then holds
    # a single hidden cell, so it takes e2 x B (7); column B then hides 10 + 7 (+ an empty cell).
    cells = {
        ("e1", "A"): 3,
        ("e1", "B"): 10,
        ("e2", "A"): 6,
        ("e2", "B"): 7,
        ("e3", "A"): 12,
        ("e3", "B"): 0,
        ("e3", "C"): 9,
    }
    out = privacy.suppress(cube(cells), dims=["entity", "category"], values=["score"])
    hidden = {(r.entity, r.category) for r in out.itertuples() if r.suppressed}
    assert hidden == {("e1", "A"), ("e1", "B"), ("e2", "A"), ("e2", "B"), ("e3", "B")}
    margins = out[out["category"].isna()]
    assert not margins["suppressed"].any()  # every margin is at least 13


def test_cube_hidden_margin_hides_its_cells():
    # e1 (3) is hidden with its complement e2 (6): none of their cells may show, or they would add up.
    cells = {
        ("e1", "A"): 3,
        ("e2", "A"): 6,
        ("e3", "A"): 10,
        ("e3", "B"): 10,
        ("e4", "B"): 12,
        ("e2", "B"): 0,
    }
    out = privacy.suppress(cube(cells), dims=["entity", "category"], values=["score"])
    shown = {(r.entity, r.category) for r in out.itertuples() if not r.suppressed}
    assert ("e2", "A") not in shown and ("e2", None) not in shown and ("e1", None) not in shown


def cube_leaks(out: pd.DataFrame, counts: pd.DataFrame, dims: list[str], k: int) -> list[str]:
    """Every way a hidden figure could be recovered from what ``out`` shows (empty when safe)."""
    leaks = []
    keyed = counts.assign(hidden=out["suppressed"].to_numpy())
    for row in keyed.itertuples(index=False):
        n, hidden = row.respondents, row.hidden
        if not hidden and n < k:
            leaks.append(f"shown under k: {row}")
    for d in dims:
        others = [c for c in dims if c != d]
        children = keyed[keyed[d].notna()]
        for key, part in children.groupby(
            [keyed.loc[children.index, c].fillna("*") for c in others] or (lambda _: 0), sort=False
        ):
            parent = keyed[keyed[d].isna()]
            for c, v in zip(others, key if isinstance(key, tuple) else (key,), strict=False):
                parent = parent[parent[c].fillna("*") == v] if others else parent
            if parent["hidden"].iloc[0]:
                if not part["hidden"].all():
                    leaks.append(f"cell shown under a hidden total: {part}")
                continue
            left = part.loc[part["hidden"], "respondents"]
            if 0 < left.sum() < k or (left > 0).sum() == 1:
                leaks.append(f"total - visible siblings isolates {left.tolist()} in {part}")
    return leaks


@settings(max_examples=150, deadline=None)
@given(
    st.dictionaries(
        st.tuples(st.sampled_from(["e1", "e2", "e3", "e4"]), st.sampled_from(["A", "B", "C"])),
        st.integers(0, 14),
        min_size=1,
    ),
    st.integers(3, 10),
)
def test_cube_never_leaks(cells, k):
    frame = cube(cells)
    out = privacy.suppress(frame, dims=["entity", "category"], values=["score"], k=k)
    assert cube_leaks(out, frame, ["entity", "category"], k) == []
    assert out.loc[out["suppressed"], "score"].isna().all()
    assert out.loc[out["suppressed"], "respondents"].isna().all()


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(0, 14), min_size=1, max_size=8), st.integers(3, 10))
def test_one_way_never_leaks(counts, k):
    frame = pd.DataFrame({"group": range(len(counts)), "respondents": counts, "score": 1.0})
    out = privacy.suppress(frame, values=["score"], k=k)
    left = np.array(counts)[out["suppressed"].to_numpy()]
    if sum(counts) >= k:  # else the total is hidden too, and with it everything below it
        assert not (0 < left.sum() < k) and (left > 0).sum() != 1
    assert (np.array(counts)[~out["suppressed"].to_numpy()] >= k).all()


CELLS = st.dictionaries(
    st.tuples(st.sampled_from(["e1", "e2", "e3"]), st.sampled_from(["A", "B"])),
    st.integers(0, 12),
    min_size=1,
)


@settings(max_examples=60, deadline=None)
@given(CELLS, CELLS, st.integers(3, 10))
def test_cubes_side_by_side_are_independent(first, second, k):
    one, two = cube(first), cube(second)
    both = pd.concat([one.assign(wave="w1"), two.assign(wave="w2")], ignore_index=True)
    out = privacy.suppress(both, dims=["entity", "category"], values=["score"], k=k, siblings=["wave"])
    alone = [privacy.suppress(f, dims=["entity", "category"], values=["score"], k=k) for f in (one, two)]
    assert out["suppressed"].tolist() == alone[0]["suppressed"].tolist() + alone[1]["suppressed"].tolist()


def test_bound_counts_without_siblings_bounds_each_row_alone() -> None:
    frame = pd.DataFrame({"present": [2, 0, 7, None], "invited": [30, 10, 20, 3],
                          "rate": [2 / 30, 0.0, 7 / 20, None], "suppressed": [False, False, False, True]})
    out, few, completed, most = privacy.bound_counts(
        frame, count="present", base="invited", values=["rate"], k=5
    )
    assert few.tolist() == [True, False, False, False] and not completed.any()  # 0 and 7 say nothing of a few
    assert out["present"].isna().tolist() == [True, False, False, True]
    assert most.iloc[0] == pytest.approx(4 / 30) and most.iloc[1:].isna().all()
