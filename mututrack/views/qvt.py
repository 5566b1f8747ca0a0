"""The data of the Qualité de vie au travail page, and the wave figures of the JSON report.

Everything survey-derived leaves this module through :mod:`mututrack.privacy`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd

from mututrack import privacy
from mututrack.metrics import qvt as metrics
from mututrack.store import Store

__all__ = ["wave_summary", "BY_OPTIONS"]

BY_OPTIONS = ("entity", "category", "service")
WAVE_FIGURES = {
    "who5_respondents": ["who5_index_mean", "who5_poor_share"],
    "enps_respondents": ["enps"],
}
SCORING = {"who5_poor_below": metrics.WHO5_POOR_BELOW, "who5_depression_max": metrics.WHO5_DEPRESSION_MAX}


def wave_summary(store: Store, *, by: str | None = None) -> list[dict[str, Any]]:
    """One dict per wave, oldest first, after the anonymity rules (DESIGN.md ``waves[]``).

    Keys: ``wave``, ``respondents``, ``response_rate``, ``who5_index_mean``, ``who5_poor_share``,
    ``enps`` (points, −100..100), ``item_means`` (question code → mean of the raw answers); with
    ``by`` (entity, category or service) also ``groups``: ``{group, respondents, suppressed, ...same
    figures}``, a suppressed group carrying no figure at all.
    """
    if by is not None and by not in BY_OPTIONS:
        raise ValueError(f"by must be one of {BY_OPTIONS}, not {by!r}")
    waves = store.query("qvt_waves")["wave"].tolist()
    figures = metrics.wave_figures(store.query("qvt_wave_figures", by=by, **SCORING))
    figures = figures.merge(_response_rates(store, by), on=["wave", "level", "group"], how="left")
    active = figures["agents_active"].fillna(0).astype("int64")
    figures = figures.assign(
        agents_active=active, response_rate=figures["respondents"] / active.where(active > 0)
    )
    items = store.query("qvt_item_means", by=by)
    summary = []
    for wave in waves:
        k = privacy.threshold(store, wave)
        rows = figures[figures["wave"] == wave]
        wave_items = items[items["wave"] == wave]
        whole = _protected(rows[rows["level"] == 1], wave_items[wave_items["level"] == 1], k)
        entry = {"wave": wave, **(whole[0] if whole else _empty_figures())}
        del entry["group"]
        if by is not None:
            entry["groups"] = _protected(rows[rows["level"] == 0], wave_items[wave_items["level"] == 0], k)
        summary.append(entry)
    return summary


def _protected(rows: pd.DataFrame, items: pd.DataFrame, k: int) -> list[dict[str, Any]]:
    """Group dicts with every figure through privacy (per group, then per figure's own base)."""
    shown = privacy.suppress_figures(rows, figures={**WAVE_FIGURES, "agents_active": ["response_rate"]}, k=k)
    means = _item_means(items, shown, k)
    return [
        {
            "group": row["group"],
            "respondents": _number(row["respondents"]),
            "suppressed": bool(row["suppressed"]),
            "response_rate": _number(row["response_rate"]),
            "who5_index_mean": _number(row["who5_index_mean"]),
            "who5_poor_share": _number(row["who5_poor_share"]),
            "enps": _number(row["enps"]),
            "item_means": {} if row["suppressed"] else means.get(row["group"], {}),
        }
        for _, row in shown.iterrows()
    ]


def _item_means(items: pd.DataFrame, groups: pd.DataFrame, k: int) -> dict[str, dict[str, float]]:
    """group → {question code → mean}, each question suppressed on its own number of answers."""
    if items.empty:
        return {}
    hidden = groups.set_index("group")["suppressed"]
    frame = items.assign(forced=~items["group"].map(~hidden).eq(True))
    shown = privacy.suppress(
        frame, count="answers", values=["mean"], k=k, siblings=["question_code"], forced="forced"
    )
    shown = shown[~shown["suppressed"]]
    return {
        group: dict(zip(part["question_code"], part["mean"].astype(float), strict=True))
        for group, part in shown.groupby("group", sort=False)
    }


def _response_rates(store: Store, by: str | None) -> pd.DataFrame:
    """Agents active on each wave's close date per group: ``wave``, ``level``, ``group``, ``agents_active``."""
    headcount = store.query("participation_headcount", today=dt.date.today())
    column = {"entity": "entity_id", "category": "category", "service": "service"}.get(by)
    group = headcount[column].fillna("") if column else pd.Series("", index=headcount.index)
    per_group = (
        headcount.assign(group=group).groupby(["wave", "group"], as_index=False)["agents_active"].sum()
    )
    whole = headcount.groupby("wave", as_index=False)["agents_active"].sum().assign(group="", level=1)
    return pd.concat([per_group.assign(level=0), whole], ignore_index=True)


def _number(value: Any) -> float | int | None:
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return None
    return value.item() if hasattr(value, "item") else value


def _empty_figures() -> dict[str, Any]:
    return {
        "group": "",
        "respondents": 0,
        "suppressed": True,
        "response_rate": None,
        "who5_index_mean": None,
        "who5_poor_share": None,
        "enps": None,
        "item_means": {},
    }
