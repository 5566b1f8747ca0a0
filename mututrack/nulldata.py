"""Null data: two survey waves with no true difference, to count the stars the pages show by chance.

The last two closed waves (``closed_at`` in the past) are pooled and their respondents dealt back
at random between them, as many to each as before (a permutation of the ``wave`` column of
``respondents``). Whatever differs between the two waves afterwards is chance, so a star on a
change between them is a false alarm. DOMAIN.md "Many tests at once": under no true change, at
most about 1 view in 20 shows a star.

Families counted, for the later wave of the pair, per view (no filter, then each project):

- ``heatmap_previous``: any ``significant_previous`` cell in a heatmap (each breakdown is a view);
- ``trend``: ``who5_significant`` or ``who5_poor_significant`` on the later wave's trend row;
- ``alerts``: any ``significant`` change of the Overview's well-being tests (one view per shuffle:
  the family does not depend on the filters).

The heatmaps' "vs organisation" stars are not counted: the demo's groups truly differ from the
rest of the organisation, shuffling waves does not make that comparison null.

The unit that is independent is the shuffle, not the view (the views of one shuffle share its
data): :func:`run` gives per family the share of starred views within each shuffle, and
:func:`alarm_bound` the honest limit of their sum over the shuffles.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd

from mututrack.filters import Filters
from mututrack.queries import sql_text
from mututrack.store import Store

__all__ = ["FAMILIES", "null_pair", "assignment", "shuffle", "restore", "stars", "run", "alarm_bound"]

FAMILIES = ("heatmap_previous", "trend", "alerts")


def null_pair(store: Store, *, today: dt.date | None = None) -> tuple[str, str]:
    """The last two waves whose ``closed_at`` is in the past, older first."""
    today = today or dt.date.today()
    waves = store.query("qvt_waves")
    closed = waves[pd.to_datetime(waves["closed_at"]).dt.date < today]
    if len(closed) < 2:
        raise ValueError("null data needs two closed waves")
    earlier, later = closed["wave"].iloc[-2], closed["wave"].iloc[-1]
    return str(earlier), str(later)


def assignment(store: Store, waves: tuple[str, str]) -> pd.DataFrame:
    """The respondents of ``waves`` and the wave each belongs to: ``respondent_id``, ``wave``."""
    return store.query("nulldata_respondents", a=waves[0], b=waves[1])


def _write(store: Store, frame: pd.DataFrame) -> None:
    with store.transaction() as cur:
        cur.register("null_assignment", frame[["respondent_id", "wave"]])
        cur.execute(sql_text("nulldata_assign_waves"))
        cur.unregister("null_assignment")


def shuffle(store: Store, original: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Deal the respondents of ``original`` at random between its waves (same count per wave); the
    new assignment, written to the store in one transaction."""
    dealt = original.assign(wave=rng.permutation(original["wave"].to_numpy()))
    _write(store, dealt)
    return dealt


def restore(store: Store, original: pd.DataFrame) -> None:
    """Put every respondent of ``original`` back into its own wave."""
    _write(store, original)


def stars(store: Store, wave: str) -> dict[str, list[bool]]:
    """Per family, for each view of ``wave`` (no filter, then each project): does it show a star?"""
    from mututrack.publication.figures import load_all
    from mututrack.views import overview, qvt_heatmaps, qvt_trend

    projects = store.query("projects_names")
    found: dict[str, list[bool]] = {family: [] for family in FAMILIES}
    waves = store.query("qvt_waves")["wave"].tolist()
    previous = waves[waves.index(wave) - 1] if waves.index(wave) > 0 else None
    pubs = load_all(store, waves)
    for project in [None, *projects["project_id"]]:
        # the QVT page's own heatmaps and trend (qvt.compute), without the parts that hold no star
        filters = Filters(project=project, wave=wave)
        data = {"heatmaps": qvt_heatmaps.heatmaps(store, pubs, filters, wave, previous),
                "trend": qvt_trend.trend(store, pubs, filters)}
        for heatmap in data["heatmaps"].values():
            if len(heatmap):
                starred = heatmap["significant_previous"].fillna(False).astype(bool)
                found["heatmap_previous"].append(bool(starred.any()))
        row = data["trend"][data["trend"]["wave"] == wave]
        if len(row) and pd.notna(row["who5_change"].iloc[0]):
            changed = row["who5_significant"].iloc[0] or row["who5_poor_significant"].iloc[0]
            found["trend"].append(bool(changed))
    # the Overview's list (qvt.wave_summary), without its figures
    changes = overview.wellbeing_changes(store, Filters(wave=wave), projects, waves)
    if len(changes):
        found["alerts"].append(bool(changes["significant"].astype(bool).any()))
    return found


def run(store: Store, shuffles: int, *, seed: int = 0, today: dt.date | None = None) -> dict[str, Any]:
    """Shuffle the null pair ``shuffles`` times (each from the original assignment, restored at the
    end) and count the views with a star.

    Returns ``pair``, ``shuffles``, ``views`` (per family, views counted), ``starred`` (per family,
    starred views), ``shares`` (per family, starred views / views) and ``per_shuffle`` (per family,
    the share of starred views of each shuffle).
    """
    pair = null_pair(store, today=today)
    original = assignment(store, pair)
    rng = np.random.default_rng(seed)
    per_shuffle: dict[str, list[float]] = {family: [] for family in FAMILIES}
    views = dict.fromkeys(FAMILIES, 0)
    starred = dict.fromkeys(FAMILIES, 0)
    try:
        for _ in range(shuffles):
            shuffle(store, original, rng)
            for family, marks in stars(store, pair[1]).items():
                views[family] += len(marks)
                starred[family] += sum(marks)
                per_shuffle[family].append(sum(marks) / len(marks) if marks else float("nan"))
    finally:
        restore(store, original)
    return {
        "pair": pair,
        "shuffles": shuffles,
        "views": views,
        "starred": starred,
        "shares": {f: (starred[f] / views[f] if views[f] else None) for f in FAMILIES},
        "per_shuffle": per_shuffle,
    }


def alarm_bound(shuffles: int, *, rate: float = 0.05, level: float = 0.99) -> int:
    """The most starred shuffles (or shuffle-equivalents: the sum of per-shuffle shares) allowed when
    each view stars with probability ``rate``: the ``level`` quantile of Binomial(shuffles, rate).

    Views of one shuffle share its data and may star together; counting a shuffle as one trial,
    whose outcome is the share of its views starred, is the conservative choice.
    """
    from scipy.stats import binom

    return int(binom.ppf(level, shuffles, rate))
