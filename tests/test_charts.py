"""Charts: one WHO-5 cut-off, one colour grammar, and every chart's n."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest

from mututrack import charts
from mututrack.metrics import qvt
from mututrack.metrics.qvt import WHO5_POOR_INDEX_BELOW

LOCALES = Path(charts.__file__).parent / "locales"


@pytest.mark.parametrize(("answers", "poor"), [
    ((3, 3, 3, 3, 0), True),  # index 48: the highest poor index (DOMAIN.md's test vector)
    ((3, 3, 3, 2, 2), False),  # index 52: the cut-off itself is not poor
])
def test_the_index_cut_off_is_the_raw_score_cut_off(answers: tuple[int, ...], poor: bool) -> None:
    scores = qvt.who5_scores(pd.DataFrame([answers]))
    assert bool(scores["poor"].iloc[0]) is poor
    assert bool(scores["index"].iloc[0] < WHO5_POOR_INDEX_BELOW) is poor


def test_the_who5_chart_draws_its_line_at_the_one_cut_off() -> None:
    trend = pd.DataFrame({"wave": ["2026-T1"], "who5_index_mean": [60.0], "who5_change": [float("nan")],
                          "who5_significant": [False], "suppressed": [False]})
    figure = charts.who5_trend(trend, k=5)
    assert [shape.y0 for shape in figure.layout.shapes] == [WHO5_POOR_INDEX_BELOW]
    assert str(WHO5_POOR_INDEX_BELOW) in figure.data[-1].name


def test_every_text_that_states_the_who5_cut_off_states_the_same_one() -> None:
    stated = set()
    for path in LOCALES.glob("*.json"):
        for key, texts in json.loads(path.read_text(encoding="utf-8")).items():
            for text in texts.values():
                if "WHO-5" in text or "bien-être faible" in text or "poor well-being" in text:
                    stated |= {int(n) for n in re.findall(r"(?:<|sous|below|inférieur à)\s*(\d+)", text)}
    assert WHO5_POOR_INDEX_BELOW in stated and stated <= {WHO5_POOR_INDEX_BELOW, qvt.WHO5_POOR_BELOW}, stated
