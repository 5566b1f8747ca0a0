"""privacy.py: primary and complementary suppression, the threshold, comments."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from mututrack import privacy
from mututrack.store import Store

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


def test_empty_frame():
    frame = pd.DataFrame({"respondents": pd.Series([], dtype="int64"), "x": pd.Series([], dtype=float)})
    out = privacy.suppress(frame, values=["x"], siblings=["x"])
    assert out.empty and "suppressed" in out.columns


@pytest.fixture
def store():
    s = Store()
    yield s
    s.close()


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
