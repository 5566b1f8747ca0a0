"""Slides: every chart says how many it counts; an open wave's slides say provisional, with its
participation."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from mututrack import charts
from mututrack.filters import Filters
from mututrack.report import slides
from mututrack.store import Store
from mututrack.views import VIEWS


@pytest.fixture(scope="module")
def views(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    """Every view the slides read, on a copy of the demo, computed once for the module."""
    copy = tmp_path_factory.mktemp("slides") / "demo.duckdb"
    copy.write_bytes(demo_db.read_bytes())
    store = Store(copy)
    names = {slide.view for slide in slides.SLIDES}
    computed = {name: importlib.import_module(VIEWS[name]).compute(store, Filters()) for name in names}
    store.close()
    return computed


@pytest.mark.parametrize("slide", slides.SLIDES, ids=lambda slide: slide.slide_id)
def test_every_chart_says_its_n(views: dict[str, dict], slide: slides.Slide) -> None:
    figure = slide.chart(views[slide.view], charts.PROJECTOR)
    assert figure is not None
    assert "n = " in figure.layout.title.text, figure.layout.title.text


def test_the_open_waves_slides_carry_the_participation(views: dict[str, dict]) -> None:
    qvt, participation = views["qvt"], views["participation"]
    assert qvt["provisional"] and participation["open_wave"] == qvt["wave"]  # the demo's last wave is open
    for slide in slides.SLIDES:
        ribbon = slides.provisional_ribbon(views[slide.view])
        if slide.view in ("qvt", "participation"):
            assert ribbon and ribbon.startswith(f"Provisoire ({qvt['wave']})")
            assert "taux de réponse 43" in ribbon
            assert slide.statement(views[slide.view]).startswith(ribbon)
        else:
            assert ribbon is None


def test_a_fully_masked_group_is_left_out_of_a_slide_and_counted(views: dict[str, dict]) -> None:
    data = dict(views["qvt"])
    breakdown, heat = next(iter(data["heatmaps"].items()))
    group = heat.loc[~heat["is_total"].astype(bool), "group_label"].iloc[0]
    masked = heat.assign(suppressed=heat["suppressed"] | (heat["group_label"] == group))
    data["heatmaps"] = {breakdown: masked}
    figure = slides.by_id("qvt_heatmap").chart(data, charts.PROJECTOR)
    rows = {label for trace in figure.data for label in (trace.y if trace.y is not None else ())}
    assert group not in rows and len(rows) == heat["group_label"].nunique() - 1
    assert "1 groupe masqué" in figure.layout.title.text
