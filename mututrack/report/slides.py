"""The slides of presentation mode and of the council pack: one chart and one sentence each.

Both draw from the same view data as the pages (aggregates only, already through ``privacy``), so a
projected slide, a pack slide and a page never disagree. A slide is a row of this table.
"""

from __future__ import annotations

from collections.abc import Callable
import json
from dataclasses import dataclass
from typing import Any

import plotly.graph_objects as go

from mututrack import charts
from mututrack.i18n import fmt_number, fmt_pct, t
from mututrack.store import Store

__all__ = ["Slide", "SLIDES", "by_id", "DEFAULT_SELECTION", "stored_selection"]

ViewData = dict[str, Any]


@dataclass(frozen=True)
class Slide:
    """One projected chart: the view it reads, how it draws, what it says in one sentence."""

    slide_id: str
    title_key: str
    view: str
    figure: Callable[[ViewData, bool], go.Figure | None]
    sentence: Callable[[ViewData], str]

    def title(self) -> str:
        """The slide's title in the current language."""
        return t(self.title_key)


def _early_sentence(data: ViewData) -> str:
    projects = data["projects"].dropna(subset=["early_involvement_rate"])
    if projects.empty:
        return t("slides.early.none")
    best = projects.loc[projects["early_involvement_rate"].idxmax()]
    worst = projects.loc[projects["early_involvement_rate"].idxmin()]
    if best["project_id"] == worst["project_id"]:
        return t("slides.early.one", name=best["name"], rate=fmt_pct(best["early_involvement_rate"]))
    return t("slides.early.compare", best=best["name"], best_rate=fmt_pct(best["early_involvement_rate"]),
             worst=worst["name"], worst_rate=fmt_pct(worst["early_involvement_rate"]))


def _headcount_sentence(data: ViewData) -> str:
    frame = data["headcount"]
    return t("slides.headcount.sentence", agents=fmt_number(frame["agents"].sum()), entities=fmt_number(frame["entities"].sum()))


SLIDES: list[Slide] = [
    Slide("early_involvement", "slides.early.title", "overview",
          lambda d, large: charts.early_involvement_bars(d["projects"], large=large) if len(d["projects"]) else None,
          _early_sentence),
    Slide("headcount", "slides.headcount.title", "overview",
          lambda d, large: charts.headcount_by_kind(d["headcount"], large=large) if len(d["headcount"]) else None,
          _headcount_sentence),
]

DEFAULT_SELECTION = [slide.slide_id for slide in SLIDES]


SELECTION_SETTING = "slides_selection"


def stored_selection(store: Store) -> list[str]:
    """The slides chosen for meetings (setting ``slides_selection``, a JSON list), every slide by default."""
    stored = store.setting(SELECTION_SETTING)
    chosen = json.loads(stored) if stored else DEFAULT_SELECTION
    known = {slide.slide_id for slide in SLIDES}
    return [slide_id for slide_id in chosen if slide_id in known]


def by_id(slide_id: str) -> Slide:
    """The slide called ``slide_id`` (KeyError when unknown)."""
    for slide in SLIDES:
        if slide.slide_id == slide_id:
            return slide
    raise KeyError(slide_id)
