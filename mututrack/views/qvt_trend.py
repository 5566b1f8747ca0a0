"""The trend of the Qualité de vie au travail page: per wave, the selection's WHO-5, poor
well-being, likely depression and eNPS with each change since the wave before and its test, and
the sentences that state the chosen wave's changes."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from mututrack.filters import Filters
from mututrack.i18n import fmt_number, fmt_pct, literal, t
from mututrack.metrics import qvt as metrics
from mututrack.metrics import stats
from mututrack.publication import WavePublication, multiple
from mututrack.publication.figures import histograms_across
from mututrack.store import Store
from mututrack.views import qvt_figures as fig

__all__ = ["TREND_MEASURES", "TREND_COLUMNS", "trend", "headlines"]

TREND_MEASURES = ["who5", "who5_depression", "item:enps"]


# -- trend --------------------------------------------------------------------------------------
def trend(store: Store, pubs: dict[str, WavePublication], filters: Filters) -> pd.DataFrame:
    """Per wave, for the selection: respondents, WHO-5 index and poor-well-being share with Wilson
    intervals, likely-depression share, eNPS, each change since the previous wave with its test,
    and the q-values of the page's trend verdicts (``*_q``; significant on them)."""
    chosen = {wave: pub.select(filters) for wave, pub in pubs.items()}
    asked = [(pub, {wave: chosen[wave]}) for wave, pub in pubs.items() if chosen[wave]]
    hist = histograms_across(store, asked, measures=TREND_MEASURES) if asked else fig.no_hist()
    rows = [_wave_row(pub, chosen[wave], hist[hist["grp"] == wave]) for wave, pub in pubs.items()]
    frame = pd.DataFrame(rows, columns=list(_wave_row_keys()))
    low, high = stats.wilson_interval(frame["_poor"].astype(float), frame["who5_respondents"].astype(float))
    frame["who5_poor_low"], frame["who5_poor_high"] = low, high
    return _trend_changes(frame)[TREND_COLUMNS]


def _wave_row_keys() -> tuple[str, ...]:
    return (
        "wave",
        "suppressed",
        "provisional",
        "respondents",
        "who5_respondents",
        "who5_index_mean",
        "_poor",
        "who5_poor_share",
        "who5_depression_share",
        "enps_respondents",
        "enps",
        "_who5_hist",
    )


def _wave_row(pub: WavePublication, chosen: frozenset[int], hist: pd.DataFrame) -> dict[str, Any]:
    """One wave's published figures for the atoms ``chosen`` (all None when there are none)."""
    who5 = hist[hist["measure"] == "who5"]
    depression = hist[hist["measure"] == "who5_depression"]
    enps = hist[hist["measure"] == "item:enps"]
    return {
        "wave": pub.wave,
        "suppressed": not chosen,
        "provisional": pub.provisional,
        "respondents": pub.respondents(chosen) if chosen else None,
        "who5_respondents": fig.total(who5),
        "who5_index_mean": fig.mean(who5),
        "_poor": fig.count(who5, "poor"),
        "who5_poor_share": fig.share(who5, "poor"),
        "who5_depression_share": fig.mean(depression),
        "enps_respondents": fig.total(enps),
        "enps": fig.enps(enps),
        "_who5_hist": who5[["value", "n"]] if len(who5) else None,
    }


TREND_COLUMNS = [
    "wave",
    "respondents",
    "suppressed",
    "provisional",
    "who5_respondents",
    "who5_index_mean",
    "who5_poor_share",
    "who5_poor_low",
    "who5_poor_high",
    "who5_depression_share",
    "enps_respondents",
    "enps",
    "who5_change",
    "who5_p",
    "who5_q",
    "who5_significant",
    "who5_meaningful",
    "who5_poor_change",
    "who5_poor_p",
    "who5_poor_q",
    "who5_poor_significant",
    "enps_change",
]


def _trend_changes(rows: pd.DataFrame) -> pd.DataFrame:
    """Changes from each wave to the next: the size always; significance from the q-values of the
    family of every trend test on the page (WHO-5 and poor well-being, every wave)."""
    before = rows.shift(1)
    rows["who5_change"] = rows["who5_index_mean"].astype(float) - before["who5_index_mean"].astype(float)
    rows["who5_poor_change"] = rows["who5_poor_share"].astype(float) - before["who5_poor_share"].astype(float)
    rows["enps_change"] = rows["enps"].astype(float) - before["enps"].astype(float)
    rows["who5_p"] = _consecutive_tests(rows["_who5_hist"]).where(rows["who5_change"].notna())
    rows["who5_poor_p"] = [
        stats.two_proportion_test(int(bx), int(bn), int(x), int(n)).p_value if pd.notna(c) else np.nan
        for bx, bn, x, n, c in zip(
            before["_poor"].fillna(0),
            before["who5_respondents"].fillna(0),
            rows["_poor"].fillna(0),
            rows["who5_respondents"].fillna(0),
            rows["who5_poor_change"],
            strict=True,
        )
    ]
    q = multiple.q_values(pd.concat([rows["who5_p"], rows["who5_poor_p"]], ignore_index=True))
    rows["who5_q"], rows["who5_poor_q"] = q.iloc[: len(rows)].to_numpy(), q.iloc[len(rows) :].to_numpy()
    n_now, n_before = rows["who5_respondents"].astype(float), before["who5_respondents"].astype(float)
    rows["who5_significant"] = multiple.significant(rows["who5_q"], n_before, n_now)
    rows["who5_poor_significant"] = multiple.significant(rows["who5_poor_q"], n_before, n_now)
    rows["who5_meaningful"] = rows["who5_change"].abs().ge(metrics.WHO5_MEANINGFUL_CHANGE)
    return rows


def _consecutive_tests(tables: pd.Series) -> pd.Series:
    """Mann–Whitney p-value of each wave's frequency table (``value``, ``n``) against the wave
    before it, every pair in one pass (NaN where either table is missing)."""
    pairs = []
    for position, (a, b) in enumerate(zip(tables.shift(1), tables, strict=True)):
        if isinstance(a, pd.DataFrame) and isinstance(b, pd.DataFrame):
            pair = a.merge(b, on="value", how="outer", suffixes=("_a", "_b"))
            pairs.append(pair.fillna({"n_a": 0, "n_b": 0}).assign(position=position))
    if not pairs:
        return pd.Series(np.nan, index=tables.index)
    tests = stats.mann_whitney_from_counts(pd.concat(pairs, ignore_index=True), keys=["position"])
    found = tests.set_index("position")["p_value"].reindex(range(len(tables)))
    return pd.Series(found.to_numpy(dtype="float64"), index=tables.index)


# -- headlines ------------------------------------------------------------------------------------
def headlines(trend: pd.DataFrame, wave: str | None, previous: str | None) -> list[str]:
    """Plain sentences on the chosen wave's changes: their size always, the test's verdict beside it."""
    rows = trend[trend["wave"] == wave]
    if previous is None or rows.empty or pd.isna(rows["who5_change"].iloc[0]):
        return []
    now, before = rows.iloc[0], trend[trend["wave"] == previous].iloc[0]
    change = now["who5_change"]
    direction = "up" if change > 0.05 else ("down" if change < -0.05 else "flat")
    verdict = fig.verdict(
        now["who5_q"], now["who5_significant"], before["who5_respondents"], now["who5_respondents"]
    )
    if now["who5_meaningful"]:
        verdict += t("qvt.verdict.meaningful")
    who5 = t(
        "qvt.headline.who5",
        previous=literal(previous),
        wave=literal(wave),
        direction=t(f"qvt.headline.{direction}"),
        size=fmt_number(abs(change), decimals=1),
        before=fmt_number(before["who5_index_mean"], decimals=1),
        after=fmt_number(now["who5_index_mean"], decimals=1),
        verdict=verdict,
    )
    if pd.isna(now["who5_poor_share"]) or pd.isna(before["who5_poor_share"]):
        return [who5]
    poor = t(
        "qvt.headline.poor",
        before=fmt_pct(before["who5_poor_share"], decimals=1),
        after=fmt_pct(now["who5_poor_share"], decimals=1),
        verdict=fig.verdict(
            now["who5_poor_q"],
            now["who5_poor_significant"],
            before["who5_respondents"],
            now["who5_respondents"],
        ),
    )
    return [who5, poor]
