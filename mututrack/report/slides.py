"""The slides of presentation mode and of the council pack: one chart and one sentence each.

Both draw from the same view data as the pages (aggregates only, already through ``privacy``), so a
projected slide, a pack slide and a page never disagree. A slide is a row of this table.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from mututrack import charts
from mututrack.i18n import fmt_number, fmt_pct, fmt_rate, t
from mututrack.store import Store

__all__ = ["Slide", "SLIDES", "by_id", "DEFAULT_SELECTION", "stored_selection", "provisional_ribbon"]

ViewData = dict[str, Any]


@dataclass(frozen=True)
class Slide:
    """One projected chart: the view it reads, how it draws, what it says in one sentence."""

    slide_id: str
    title_key: str
    view: str
    figure: Callable[[ViewData, charts.Style], go.Figure | None]
    sentence: Callable[[ViewData], str]
    count: Callable[[ViewData], str | None] = lambda data: None
    masked: Callable[[ViewData], int] = lambda data: 0  # groups masked by the anonymity rules, left out

    def chart(self, data: ViewData, style: charts.Style) -> go.Figure | None:
        """The slide's figure in the ``style`` of its medium (:data:`charts.PROJECTOR` projected,
        :data:`charts.PRINT` in the pack), with how many it counts and how many groups it leaves out
        (masked) after its title; None when there is nothing to draw."""
        figure = self.figure(data, style)
        if figure is None:
            return None
        masked = self.masked(data)
        note = t("slides.masked", count=masked) if masked else None
        return charts.with_n(figure, " · ".join(text for text in (self.count(data), note) if text))

    def title(self) -> str:
        """The slide's title in the current language."""
        return t(self.title_key)

    def statement(self, data: ViewData) -> str:
        """The slide's sentence, marked provisional, with the participation so far, while its wave is
        still collecting answers (the pack's slides carry no ribbon)."""
        sentence = self.sentence(data)
        ribbon = provisional_ribbon(data)
        return f"{ribbon} — {sentence}" if ribbon else sentence


def provisional_ribbon(data: ViewData) -> str | None:
    """``Provisoire (2026-T4) · participation 43 %`` when the slide's figures come from a wave still
    collecting answers, else None: an open wave must never be read as a final result."""
    if data.get("provisional"):  # the QVT view: the wave shown is open
        wave, rate = data["wave"], data.get("response_rate")
    elif data.get("open_wave"):  # the participation view: its last bar is the open wave
        waves = data["waves"]
        wave = data["open_wave"]
        rows = waves.loc[waves["wave"] == wave, "response_rate"]
        rate = rows.iloc[0] if len(rows) else None
    else:
        return None
    return t("slides.ribbon", wave=wave, rate=fmt_pct(rate))


def _early_sentence(data: ViewData) -> str:
    projects = data["projects"]
    most = (projects["early_involvement_rate_max"] if "early_involvement_rate_max" in projects
            else pd.Series(float("nan"), index=projects.index)).astype("float64")
    rank = projects["early_involvement_rate"].astype("float64").fillna(most)  # a bound ranks at its bound
    if rank.dropna().empty:
        return t("slides.early.none")
    best, worst = rank.idxmax(), rank.idxmin()

    def rate(row: object) -> str:  # "< x %" when fewer than k agents were involved (only the bound is shown)
        return fmt_rate(rank[row], most[row])

    if projects.at[best, "project_id"] == projects.at[worst, "project_id"]:
        return t("slides.early.one", name=projects.at[best, "name"], rate=rate(best))
    return t("slides.early.compare", best=projects.at[best, "name"], best_rate=rate(best),
             worst=projects.at[worst, "name"], worst_rate=rate(worst))


def _headcount_sentence(data: ViewData) -> str:
    frame = data["headcount"]
    return t("slides.headcount.sentence", agents=fmt_number(frame["agents"].sum()),
             entities=fmt_number(frame["entities"].sum()))


def _shown(frame, column: str = "suppressed"):
    """The rows of ``frame`` not hidden by the anonymity rules."""
    return frame[~frame[column].astype(bool)] if column in frame else frame


def _involvement_sentence(data: ViewData) -> str:
    projects = _shown(data["projects"]).dropna(subset=["median_lead_days"])
    if projects.empty:
        return t("slides.curve.none")
    first = projects.loc[projects["median_lead_days"].idxmax()]
    return t("slides.curve.sentence", name=first["name"], days=fmt_number(first["median_lead_days"]))


def _charter_sentence(data: ViewData) -> str:
    status = data["steps"]["status"]
    return t("slides.charter.sentence", on_time=int((status == "on_time").sum()),
             late=int((status == "late").sum()), overdue=int((status == "overdue").sum()))


def _events_sentence(data: ViewData) -> str:
    events = data["events"]
    before = int((events["phase"] == "before").sum()) if len(events) else 0
    return t("slides.events.sentence", before=before, total=len(events))


def _network_sentence(data: ViewData) -> str:
    shares = data["shares"].dropna(subset=["cross_entity_share"])
    if shares.empty:
        return t("slides.network.none")
    best = shares.loc[shares["cross_entity_share"].idxmax()]
    worst = shares.loc[shares["cross_entity_share"].idxmin()]
    return t("slides.network.sentence", best=best["name"], best_rate=fmt_pct(best["cross_entity_share"]),
             worst=worst["name"], worst_rate=fmt_pct(worst["cross_entity_share"]))


def _participation_sentence(data: ViewData) -> str:
    waves = data["waves"].dropna(subset=["response_rate"])
    if waves.empty:
        return t("slides.participation.none")
    last = waves.iloc[-1]
    return t("slides.participation.sentence", wave=last["wave"], rate=fmt_pct(last["response_rate"]),
             target=fmt_pct(data["target"]))


def _proposals_sentence(data: ViewData) -> str:
    summary = data["summary"]
    return t("slides.proposals.sentence", total=fmt_number(summary.get("total")),
             adopted=fmt_pct(summary.get("adoption_rate")),
             waiting=fmt_number(summary.get("open_over_60_days")))


def _who5_sentence(data: ViewData) -> str:
    headlines = data.get("headlines") or []
    # The QVT page's headlines use markdown bold; a slide and a deck show plain text.
    return headlines[0].replace("**", "") if headlines else t("slides.who5.none")


# A group every figure of which is masked is a grey band on a projector: slides leave such groups
# out and say how many (the pages still show them, with the reason).
def _fully_masked(frame, group: str) -> set:
    """The ``group`` values all of whose rows of ``frame`` are masked."""
    if frame is None or frame.empty or "suppressed" not in frame:
        return set()
    every = frame.groupby(group, sort=False)["suppressed"].all()
    return set(every[every].index)


def _heat(data: ViewData):
    return next(iter(data["heatmaps"].values()), None) if data.get("heatmaps") else None


def _qvt_heatmap(data: ViewData, style: charts.Style) -> go.Figure | None:
    heat = _heat(data)
    if heat is None or heat.empty:
        return None
    shown = heat[~heat["group_label"].isin(_fully_masked(heat, "group_label"))]
    return charts.qvt_heatmap(shown, against="previous", k=data["k"], style=style) if len(shown) else None


def _careers_figure(data: ViewData, style: charts.Style) -> go.Figure | None:
    summary = data["summary"]
    if summary.empty:
        return None
    around = _career_groups(data)
    around = around[~around["group_label"].isin(_fully_masked(around, "group_label"))]
    if around.empty:
        return None
    return charts.careers_bars(around, "training_hours_per_agent_year", title=t("careers.chart.training"),
                               k=data["k"], style=style)


def _career_groups(data: ViewData):
    summary = data["summary"]
    return summary[summary["period"].isin(["before", "after"])].assign(group_label=lambda f: f["name"])


def _n(key: str, value: object) -> str | None:
    """``n = 539 agents`` for the count ``key`` of ``slides.n``; None when the count is unknown."""
    if value is None or value != value:  # NaN
        return None
    return t(f"slides.n.{key}", n=fmt_number(value))


def _shown_sum(frame, column: str) -> float | None:
    shown = _shown(frame)
    return shown[column].sum() if len(shown) else None


def _respondents(data: ViewData) -> str | None:
    """The respondents of the wave a QVT slide shows."""
    trend = data["trend"]
    row = trend[(trend["wave"] == data["wave"]) & ~trend["suppressed"].astype(bool)]
    return _n("respondents", row["respondents"].iloc[0]) if len(row) else None


def _wave_respondents(data: ViewData) -> str | None:
    """The last wave's respondents out of its agents (participation)."""
    waves = data["waves"].dropna(subset=["respondents"])
    if waves.empty:
        return None
    last = waves.iloc[-1]
    return t("slides.n.respondents_of", n=fmt_number(last["respondents"]),
             agents=fmt_number(last["agents_active"]))


def _career_agents(data: ViewData) -> str | None:
    summary = _shown(data["summary"])
    return _n("agents", summary.groupby("project_id")["agents"].max().sum()) if len(summary) else None


def _when(
    frame_key: str, draw: Callable[[ViewData, charts.Style], go.Figure]
) -> Callable[[ViewData, charts.Style], go.Figure | None]:
    """``draw`` only when the view's ``frame_key`` frame has rows (no empty chart on a slide)."""
    return lambda data, style: draw(data, style) if len(data[frame_key]) else None


SLIDES: list[Slide] = [
    Slide("early_involvement", "slides.early.title", "overview",
          _when("projects", lambda d, s: charts.early_involvement_bars(_shown(d["projects"]), style=s)),
          _early_sentence, lambda d: _n("agents", _shown_sum(d["projects"], "agents_in_scope")),
          lambda d: len(_fully_masked(d["projects"], "project_id"))),
    Slide("involvement_curve", "slides.curve.title", "involvement",
          _when("curve", lambda d, s: charts.involvement_curve(d["curve"], _shown(d["projects"]), style=s)),
          _involvement_sentence, lambda d: _n("agents", _shown_sum(d["projects"], "agents_in_scope"))),
    Slide("charter", "slides.charter.title", "concertation",
          _when("steps", lambda d, s: charts.charter_timeline(d["steps"], today=d["today"], style=s)),
          _charter_sentence, lambda d: _n("steps", len(d["steps"]))),
    Slide("events", "slides.events.title", "concertation",
          _when("by_month", lambda d, s: charts.events_by_month(d["by_month"], d["decisions"], style=s)),
          _events_sentence, lambda d: _n("events", len(d["events"]))),
    Slide("network", "slides.network.title", "network",
          # The graph, not the entity × entity grid: its names stay legible on a projector whatever
          # their number.
          _when("nodes", lambda d, s: charts.network_graph(d["nodes"], d["matrix"], style=s)),
          _network_sentence, lambda d: _n("entities", len(d["nodes"]))),
    Slide("participation", "slides.participation.title", "participation",
          _when("waves", lambda d, s: charts.response_rate_bars(d["waves"], target=d["target"], style=s)),
          _participation_sentence, _wave_respondents),
    Slide("who5", "slides.who5.title", "qvt",
          _when("trend", lambda d, s: charts.who5_trend(d["trend"], k=d["k"], style=s)),
          _who5_sentence, _respondents),
    Slide("qvt_heatmap", "slides.heatmap.title", "qvt", _qvt_heatmap,
          lambda d: t("slides.heatmap.sentence", wave=d["wave"] or "—", previous=d["previous_wave"] or "—"),
          _respondents,
          lambda d: len(_fully_masked(_heat(d), "group_label"))),
    Slide("adoption", "slides.adoption.title", "qvt",
          _when("adoption", lambda d, s: charts.adoption_stages(d["adoption"], k=d["k"], style=s)),
          lambda d: t("slides.adoption.sentence"), _respondents),
    Slide("proposals", "slides.proposals.title", "proposals",
          _when("funnel", lambda d, s: charts.proposals_funnel(d["funnel"], style=s)),
          _proposals_sentence, lambda d: _n("proposals", d["summary"].get("total"))),
    Slide("careers", "slides.careers.title", "careers", _careers_figure,
          lambda d: t("slides.careers.sentence"),
          _career_agents, lambda d: len(_fully_masked(_career_groups(d), "group_label"))),
    Slide("headcount", "slides.headcount.title", "overview",
          _when("headcount", lambda d, s: charts.headcount_by_kind(d["headcount"], style=s)),
          _headcount_sentence, lambda d: _n("agents", d["headcount"]["agents"].sum())),
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
