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
        for texts in json.loads(path.read_text(encoding="utf-8")).values():
            for text in [f for v in texts.values() for f in (v.values() if isinstance(v, dict) else [v])]:
                if "WHO-5" in text or "bien-être faible" in text or "poor well-being" in text:
                    stated |= {int(n) for n in re.findall(r"(?:<|sous|below|inférieur à)\s*(\d+)", text)}
    assert WHO5_POOR_INDEX_BELOW in stated and stated <= {WHO5_POOR_INDEX_BELOW, qvt.WHO5_POOR_BELOW}, stated


def test_series_colours_never_take_a_judging_colour() -> None:
    assert not set(charts.PALETTE) & set(charts.GRAMMAR.values())


def _colours(figure) -> set[str]:
    found: set[str] = set()
    for trace in figure.data:
        colour = getattr(trace.marker, "color", None) if hasattr(trace, "marker") else None
        found |= set(colour) if isinstance(colour, (list, tuple)) else ({colour} if colour else set())
    return found


def test_a_colour_means_the_same_on_every_chart() -> None:
    projects = pd.DataFrame({"name": ["A", "B"], "early_involvement_rate": [0.8, 0.2]})
    waves = pd.DataFrame({"wave": ["T1", "T2", "T3"], "response_rate": [0.7, 0.3, 0.4], "open": [False, False, True]})
    funnel = pd.DataFrame({"stage_label": ["déposées", "retenues"], "proposals": [10, 4]})
    good, bad = charts.GRAMMAR["good"], charts.GRAMMAR["bad"]
    assert _colours(charts.early_involvement_bars(projects)) == {good, bad}
    assert _colours(charts.response_rate_bars(waves, target=0.6)) == {good, bad, charts.GRAMMAR["provisional"]}
    assert _colours(charts.proposals_funnel(funnel)) == {charts.PALETTE[0]}  # counts judge nothing
    assert charts.CHANGE_SCALE[0][1] == bad and charts.CHANGE_SCALE[-1][1] == good
