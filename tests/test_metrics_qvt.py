"""The scoring rules (SQL macros, sql/macros/scoring.sql) and metrics/qvt.py against DOMAIN.md's
vectors, and the same formulas through the published figures of tiny stores."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from mututrack.filters import Filters
from mututrack.metrics import qvt as metrics
from mututrack.publication.build import SCORING
from mututrack.store import Store
from mututrack.views import qvt
from tests.fixtures_qvt import add_wave, who5

# WHO-5 answers -> raw, index, poor, likely depression (DOMAIN.md "Scoring")
WHO5_VECTORS = [
    ((5, 5, 5, 5, 5), 25, 100, False, False),
    ((2, 2, 2, 2, 2), 10, 40, True, False),
    ((3, 3, 3, 3, 0), 12, 48, True, False),  # index 48: the last poor score
    ((3, 3, 3, 2, 2), 13, 52, False, False),  # raw 13: not poor
    ((1, 1, 1, 2, 2), 7, 28, True, True),  # index 28: likely depression
    ((0, 0, 0, 0, 0), 0, 0, True, True),
]


def who5_scored(store: Store, raw: int | None, items: int) -> tuple:
    """The macros' index, poor and likely depression for a raw WHO-5 sum over ``items`` answers,
    with the cut-offs the publication passes them."""
    return tuple(store.sql(
        "select who5_index($raw, $items) as i, who5_poor(i, $who5_poor_below) as poor, "
        "who5_likely_depression(i, $who5_depression_max) as depression",
        raw=raw, items=items, **SCORING,
    ).iloc[0].tolist())


@pytest.mark.parametrize(("answers", "raw", "index", "poor", "depression"), WHO5_VECTORS)
def test_who5_vectors(store, answers, raw, index, poor, depression):
    assert sum(answers) == raw
    assert who5_scored(store, raw, len(answers)) == (index, poor, depression)


@pytest.mark.parametrize("items", [0, 4, 6])
def test_who5_needs_all_five_items(store, items):
    index, poor, depression = who5_scored(store, 20, items)
    assert pd.isna(index) and pd.isna(poor) and pd.isna(depression)  # never a raw score from four items


def test_the_poor_cut_off_on_the_index_is_the_raw_one(store):
    assert who5_scored(store, 12, 5)[0] < metrics.WHO5_POOR_INDEX_BELOW == who5_scored(store, 13, 5)[0]


@pytest.mark.parametrize(("answers", "raw", "index", "poor", "depression"), WHO5_VECTORS)
def test_who5_vectors_through_the_store(store, answers, raw, index, poor, depression):
    # Ten alike (2k): fewer would be "too homogeneous to show" (DOMAIN.md "Homogeneity").
    add_wave(store, "w", [("e", "A", "s", who5(*answers))] * 10)
    summary = qvt.wave_summary(store)[0]
    assert summary["who5_index_mean"] == index
    assert summary["who5_poor_share"] == (1.0 if poor else 0.0)
    trend = qvt.compute(store, Filters())["trend"].iloc[0]
    assert trend["who5_index_mean"] == index
    assert trend["who5_depression_share"] == (1.0 if depression else 0.0)


# promoters (9-10), passives (7-8), detractors (0-6) -> eNPS in points
ENPS = [
    ([10, 9, 8, 7, 6], 20.0),
    ([0, 1, 2, 3, 4], -100.0),
    ([9, 9, 9, 9, 9], 100.0),
    ([7, 8, 7, 8, 7], 0.0),  # passives only
    ([9, 6, 9, 6, 8, 8], 0.0),
]


@pytest.mark.parametrize(("scores", "expected"), ENPS)
def test_enps(store, scores, expected):
    classes = [store.scalar("select enps_class($v)", v=s) for s in scores]
    promoters, detractors = classes.count("promoter"), classes.count("detractor")
    assert metrics.enps(promoters, detractors, len(scores)) == pytest.approx(expected)
    # Twice each list: ten people, so that one class for all (all detractors, say) may be shown.
    add_wave(store, "w", [("e", "A", "s", {"enps": s}) for s in scores * 2])
    assert qvt.wave_summary(store)[0]["enps"] == pytest.approx(expected)


@pytest.mark.parametrize("people", [5, 9])
def test_a_group_under_2k_where_everyone_answered_alike_shows_nothing(store, people):
    add_wave(store, "w", [("e", "A", "s", {**who5(5, 5, 5, 5, 5), "enps": 10})] * people)
    summary = qvt.wave_summary(store)[0]
    assert summary["respondents"] == people  # the group itself is shown (k = 5)...
    assert summary["who5_index_mean"] is None and summary["enps"] is None  # ...not that all answered the same
    assert summary["item_means"] == {}


def test_enps_without_respondents():
    assert np.isnan(metrics.enps(0, 0, 0))


@pytest.mark.parametrize(("value", "reverse", "coded", "favourable"), [
    (1, False, 1, False), (3, False, 3, False), (4, False, 4, True), (5, False, 5, True),
    (1, True, 5, True), (2, True, 4, True), (3, True, 3, False), (5, True, 1, False),  # flipped: 6 - x
])
def test_reverse_coding_and_favourable(store, value, reverse, coded, favourable):
    assert store.scalar("select likert_coded($v, $r)", v=value, r=reverse) == coded
    assert store.scalar("select likert_favourable(likert_coded($v, $r))", v=value, r=reverse) is favourable


@pytest.mark.parametrize(("mean", "score"), [(1, 0), (5, 100), (3, 50), (4, 75), (2.2, 30)])
def test_dimension_score(store, mean, score):
    assert store.scalar("select dimension_score($m::double)", m=mean) == pytest.approx(score)


@pytest.mark.parametrize(("value", "klass"), [
    (0, "detractor"), (6, "detractor"), (7, "passive"), (8, "passive"), (9, "promoter"), (10, "promoter"),
])
def test_enps_classes(store, value, klass):
    assert store.scalar("select enps_class($v)", v=value) == klass


# means of the five stages in order -> the barrier point (first stage at or below 3)
BARRIERS = [
    ([4.2, 3.8, 2.9, 2.5, 2.0], "chg_knowledge"),
    ([3.0, 4.0, 4.0, 4.0, 4.0], "chg_awareness"),  # exactly 3 is a barrier
    ([4.0, 3.5, 3.1, 3.01, 3.2], None),
    ([4.0, np.nan, 2.0, 4.0, 4.0], "chg_knowledge"),  # a masked stage is never the barrier
]


@pytest.mark.parametrize(("means", "barrier"), BARRIERS)
def test_adoption_barrier(means, barrier):
    stages = metrics.adoption_stages(pd.Series(means, index=list(metrics.ADOPTION_STAGES)))
    assert stages["stage"].tolist() == list(metrics.ADOPTION_STAGES)
    found = stages.loc[stages["barrier"], "stage"].tolist()
    assert found == ([barrier] if barrier else [])


def test_objective_clarity_shares():
    counts = pd.DataFrame(
        {
            "objective": ["economies", "qualite_service", "les_deux", "ne_sait_pas"],
            "respondents": [10, 20, 5, 15],
        }
    )
    shares = metrics.clarity_shares(counts, "qualite_service")
    assert shares == {"respondents": 50, "ne_sait_pas_share": 0.3, "differs_share": 0.6}
    assert np.isnan(metrics.clarity_shares(counts, None)["differs_share"])
    table = metrics.objective_clarity(counts, "qualite_service")
    assert table["share"].tolist() == [0.2, 0.4, 0.1, 0.3]
    assert table["declared"].tolist() == [False, True, False, False]


def test_page_scores_reverse_code_and_item_means_do_not(store):
    # Ten people answer wc_security 1 (no fear at all): the item mean stays 1, the axis scores 100.
    add_wave(store, "w", [("e", "A", "s", {"wc_security": 1, "wc_values": 4})] * 10)
    summary = qvt.wave_summary(store)[0]
    assert summary["item_means"] == {"wc_security": 1.0, "wc_values": 4.0}
    items = qvt.compute(store, Filters())["items"].set_index("code")
    assert items.loc["wc_security", "mean_coded"] == 5.0  # reverse-coded: 6 - 1
    assert items.loc["wc_security", "favourable_share"] == 1.0  # coded 5: favourable
    heat = qvt.compute(store, Filters())["heatmaps"]["entity"]
    total = heat[heat["is_total"]].set_index("measure")["score"]
    assert total["wc_security"] == 100.0 and total["wc_values"] == 75.0


def test_dimension_score_is_the_mean_of_respondents_means(store):
    # Involvement: one person answers 5 and 3 (mean 4), four answer 2 (one item) -> (4 + 2*4) / 5 = 2.4 -> 35
    people = [("e", "A", "s", {"inv_informed": 5, "inv_rules": 3})] + [
        ("e", "A", "s", {"inv_informed": 2})
    ] * 4
    add_wave(store, "w", people)
    heat = qvt.compute(store, Filters())["heatmaps"]["category"]
    total = heat[heat["is_total"]].set_index("measure")
    assert total.loc["involvement", "score"] == pytest.approx(35.0)
    assert total.loc["involvement", "n"] == 5
