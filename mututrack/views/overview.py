"""The data of the Overview page: headcount, projects and their early involvement, the latest wave."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from mututrack.filters import Filters
from mututrack.i18n import t
from mututrack.store import Store
from mututrack.views import involvement, qvt

KIND_KEYS = {"epci": "entity.kind.epci", "commune": "entity.kind.commune", "autre": "entity.kind.autre"}


def headcount(store: Store, *, on_date: dt.date) -> pd.DataFrame:
    """Active agents per entity kind: ``kind``, ``kind_label``, ``agents``, ``entities``."""
    frame = store.query("headcount_by_kind", on_date=on_date)
    return frame.assign(kind_label=[t(KIND_KEYS.get(kind, "entity.kind.autre")) for kind in frame["kind"]])


def latest_wave(waves: list[dict[str, Any]], chosen: str | None) -> dict[str, Any] | None:
    """The chosen wave's figures, or the latest wave's when none is chosen (None without any wave)."""
    if not waves:
        return None
    if chosen:
        return next((w for w in waves if w["wave"] == chosen), None)
    return waves[-1]


def compute(store: Store, filters: Filters, *, today: dt.date | None = None) -> dict[str, Any]:
    """``headcount`` (DataFrame), ``projects`` (project summary), ``wave`` (dict or None), ``agents``."""
    today = today or dt.date.today()
    counts = headcount(store, on_date=today)
    return {
        "headcount": counts,
        "agents": int(counts["agents"].sum()),
        "projects": involvement.project_summary(store, filters, today=today),
        "wave": latest_wave(qvt.wave_summary(store), filters.wave),
    }
