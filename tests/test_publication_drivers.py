"""Key drivers (publication/drivers.py) on generated data whose one true driver is known."""

from __future__ import annotations

import numpy as np
import pytest

from mututrack.publication import drivers
from tests.fixtures_drivers import CLOSED, LIKERT, PLANTED, add_planted_wave, planted_people
from tests.fixtures_qvt import add_wave


@pytest.fixture
def planted(store):
    add_planted_wave(store)
    return drivers.compute(store, "2026-T1")


@pytest.mark.parametrize("outcome", drivers.OUTCOMES)
def test_the_planted_driver_ranks_first_with_an_interval_above_zero(planted, outcome):
    for table in (planted[outcome]["levers"], planted[outcome]["items"]):
        first = table[0]
        assert first["item"] == PLANTED
        assert first["low"] > 0
        assert first["low"] <= first["importance"] <= first["high"]
        assert [row["importance"] for row in table] == sorted(
            (row["importance"] for row in table), reverse=True
        )


@pytest.mark.parametrize("outcome", drivers.OUTCOMES)
def test_pure_noise_levers_have_intervals_that_cover_zero(planted, outcome):
    levers = planted[outcome]["levers"]
    noise = [row for row in levers if row["item"] != PLANTED]
    assert len(noise) == 8  # the 5 other working-conditions axes and 3 dimensions
    for row in noise:
        assert row["low"] <= 0 <= row["high"], row


def test_pure_noise_items_have_intervals_that_cover_zero_but_for_chance(planted):
    # 36 intervals at 95 %: about 2 miss 0 by chance alone; a method biased upwards would miss most.
    noise = [row for o in drivers.OUTCOMES for row in planted[o]["items"] if row["item"] != PLANTED]
    assert len(noise) == 2 * (len(LIKERT) - 1)
    covering = [row["low"] <= 0 <= row["high"] for row in noise]
    assert sum(covering) >= 0.9 * len(noise)


def test_each_row_says_how_many_respondents_stand_behind_it(planted):
    who5 = planted["who5"]
    assert who5["reason"] is None and who5["n"] == 240
    assert {row["n"] for row in who5["levers"]} == {240}
    assert planted["bootstrap"] == drivers.BOOTSTRAP


def test_the_same_data_give_the_same_figures(store, planted):
    store.memo.clear()
    assert drivers.compute(store, "2026-T1") == planted


def test_under_fifty_respondents_gives_the_reason_and_no_figure(store):
    add_wave(store, "2026-T1", planted_people(49), closed_at=CLOSED)
    out = drivers.compute(store, "2026-T1")
    for outcome in drivers.OUTCOMES:
        assert out[outcome]["levers"] == [] and out[outcome]["items"] == []
        assert out[outcome]["reason"] == "too_few"


def test_a_wave_still_collecting_answers_gives_no_driver(store):
    add_wave(store, "2026-T1", planted_people(120), closed_at=None)  # no close date: open
    out = drivers.compute(store, "2026-T1")
    assert out["who5"] == {"levers": [], "items": [], "n": None, "r2": None, "reason": "open_wave"}


def _adjusted_r2(x: np.ndarray, y: np.ndarray) -> float:
    design = np.column_stack([np.ones(len(y)), x])
    residual = y - design @ np.linalg.lstsq(design, y, rcond=None)[0]
    r2 = 1 - residual @ residual / ((y - y.mean()) @ (y - y.mean()))
    return 1 - (1 - r2) * (len(y) - 1) / (len(y) - x.shape[1] - 1)


@pytest.mark.parametrize("method", [drivers.shapley_importance, drivers.relative_weights])
def test_importances_add_up_to_the_adjusted_r2_of_the_full_regression(method):
    rng = np.random.default_rng(3)
    x = rng.normal(size=(120, 4))
    x[:, 1] += 0.9 * x[:, 0]  # collinear pair
    y = x[:, 0] + 0.5 * x[:, 2] + rng.normal(size=120)
    corr = np.corrcoef(np.column_stack([y, x]), rowvar=False)[None]
    values = method(corr[:, 1:, 1:], corr[:, 1:, 0], 120)
    assert values.sum() == pytest.approx(_adjusted_r2(x, y), abs=1e-9)


def test_shapley_of_uncorrelated_predictors_is_each_ones_own_share():
    # Orthogonal predictors: shares differ by the difference of their adjusted single-predictor R².
    rxx = np.eye(2)[None]
    rxy = np.array([[0.6, 0.3]])
    values = drivers.shapley_importance(rxx, rxy, 100)[0]
    assert values.sum() == pytest.approx(1 - (1 - 0.45) * 99 / 97)
    assert values[0] - values[1] == pytest.approx((0.36 - 0.09) * 99 / 98)
