"""The pages do not cry wolf: on two waves with no true difference, few views show a star.

DOMAIN.md "Many tests at once": each family shown together is corrected by Benjamini–Hochberg, so
that under no true change at most about 1 view in 20 shows a star. The null data deal the
respondents of the last two closed waves of the demo at random between them (``mututrack.nulldata``).
"""

from __future__ import annotations

import time

import pandas as pd
import pytest

from mututrack import nulldata
from mututrack.filters import Filters
from mututrack.metrics import alerts
from mututrack.views import overview, qvt

SHUFFLES = 16  # ~3 s each on the small demo (four views of the QVT page and the Overview's family)


@pytest.mark.slow
def test_no_more_than_one_view_in_twenty_stars_a_change_on_null_data(demo_store) -> None:
    before = demo_store.sql("select respondent_id, wave from respondents order by respondent_id")
    start = time.perf_counter()
    found = nulldata.run(demo_store, SHUFFLES, seed=20261204)
    seconds = time.perf_counter() - start
    # Views of one shuffle share its data: a shuffle is one trial whose outcome is the share of its
    # views starred; their sum is held to the 99th percentile of Binomial(shuffles, 5 %).
    bound = nulldata.alarm_bound(SHUFFLES)
    report = {
        f: (found["starred"][f], found["views"][f], round(sum(found["per_shuffle"][f]), 2))
        for f in nulldata.FAMILIES
    }
    print(f"null data {found['pair']}: {SHUFFLES} shuffles in {seconds:.0f} s; "
          f"starred/views/sum of shares {report}")
    for family in nulldata.FAMILIES:
        assert found["views"][family] >= SHUFFLES, (family, found["views"])
        assert sum(found["per_shuffle"][family]) <= bound, (family, report, bound)
    after = demo_store.sql("select respondent_id, wave from respondents order by respondent_id")
    pd.testing.assert_frame_equal(before, after)  # every respondent is back in its own wave


def test_shuffling_keeps_each_waves_count_and_respondents(demo_store) -> None:
    import numpy as np

    pair = nulldata.null_pair(demo_store)
    original = nulldata.assignment(demo_store, pair)
    nulldata.shuffle(demo_store, original, np.random.default_rng(1))
    dealt = nulldata.assignment(demo_store, pair)
    assert dealt["wave"].value_counts().to_dict() == original["wave"].value_counts().to_dict()
    assert set(dealt["respondent_id"]) == set(original["respondent_id"])
    assert (dealt["wave"] != original["wave"]).any()
    nulldata.restore(demo_store, original)
    pd.testing.assert_frame_equal(nulldata.assignment(demo_store, pair), original)


def test_positive_control_the_demos_dip_still_stars_after_correction(demo_store) -> None:
    """Power: the badly consulted decision's dip (VOIRIE-SI) is starred in every family."""
    decision = demo_store.scalar("select decision_date from projects where project_id = 'VOIRIE-SI'")
    waves = demo_store.query("qvt_waves")
    dip = waves.loc[pd.to_datetime(waves["closed_at"]).dt.date >= decision, "wave"].iloc[0]
    data = qvt.compute(demo_store, Filters(project="VOIRIE-SI", wave=dip))
    row = data["trend"].set_index("wave").loc[dip]
    assert row["who5_change"] < 0 and row["who5_significant"] and row["who5_poor_significant"]
    total = data["heatmaps"]["category"].query("is_total and measure == 'who5'").iloc[0]
    assert total["change_previous"] < 0 and total["significant_previous"]
    projects = demo_store.sql("select project_id, name from projects")
    changes = overview.wellbeing_changes(demo_store, Filters(wave=dip), projects, waves["wave"].tolist())
    drops = alerts.wellbeing_drops(changes)
    assert "VOIRIE-SI" in set(drops["project_id"])
