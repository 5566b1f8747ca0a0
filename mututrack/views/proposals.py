"""The data of the "Propositions des agents" page: the funnel by status, adoption, time to a
decision, the proposals waiting for more than 60 days and the "vous avez dit, nous avons fait" table.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from mututrack.filters import Filters
from mututrack.i18n import t
from mututrack.metrics import proposals
from mututrack.publication import suppression as privacy
from mututrack.store import Store
from mututrack.views.involvement import label

__all__ = ["compute", "summary"]


def summary(store: Store, *, today: dt.date | None = None) -> dict[str, Any]:
    """The figures of the JSON report: ``total``, ``adoption_rate``, ``open_over_60_days``,
    ``median_days_to_decision``, ``by_status`` (status -> count).
    """
    figures = proposals.summary(store.query("proposals_list", entity=None), today=today or dt.date.today())
    by_status = {status: figures[status] for status in proposals.STATUSES}
    return {key: figures[key] for key in _FIGURES} | {"by_status": by_status}


def compute(store: Store, filters: Filters, *, today: dt.date | None = None) -> dict[str, Any]:
    """``summary`` (figures), ``funnel``, ``by_theme``, ``you_said`` (decided proposals and their
    answer), ``waiting`` (open for more than 60 days, oldest first, with its ``proposal_id``),
    ``statuses`` (the status codes in order, keys of ``summary``), ``hidden`` (True when the
    chosen entity is too small to show its proposals), ``k``.
    """
    today = today or dt.date.today()
    k = privacy.threshold(store)
    frame = store.query("proposals_list", entity=filters.entity)
    hidden = bool(filters.entity) and store.query(
        "proposals_entity_headcount", entity=filters.entity, today=today
    )["agents_active"].iloc[0] < k
    if hidden:  # an entity of fewer than k agents: its proposals would point at their authors
        frame = frame.iloc[0:0]
    funnel = proposals.funnel(frame)
    funnel["stage_label"] = [t(f"involvement.proposals.stage.{s}") for s in funnel["stage"]]
    return {
        "summary": proposals.summary(frame, today=today),
        "funnel": funnel,
        "by_theme": _by_theme(frame),
        "you_said": _labelled(proposals.you_said_we_did(frame)),
        "waiting": _waiting(frame, today),
        "statuses": proposals.STATUSES,
        "hidden": hidden,
        "k": k,
    }


_FIGURES = ("total", "adoption_rate", "open_over_60_days", "median_days_to_decision")


def _by_theme(frame: pd.DataFrame) -> pd.DataFrame:
    """Per theme: ``theme``, ``proposals``, ``adopted``, ``open`` (most proposals first)."""
    counts = frame.assign(
        adopted=frame["status"].isin(proposals.ADOPTED), open=frame["status"].isin(proposals.OPEN_STATUSES)
    ).groupby("theme", as_index=False).agg(
        proposals=("proposal_id", "size"), adopted=("adopted", "sum"), open=("open", "sum")
    )
    return counts.sort_values(["proposals", "theme"], ascending=[False, True], ignore_index=True)


def _waiting(frame: pd.DataFrame, today: dt.date) -> pd.DataFrame:
    days = (pd.Timestamp(today) - pd.to_datetime(frame["date"])).dt.days
    late = frame["status"].isin(proposals.OPEN_STATUSES) & (days > proposals.OPEN_DAYS)
    waiting = frame.assign(days_open=days)[late].sort_values("date")
    return _labelled(waiting[["proposal_id", "theme", "date", "status", "days_open"]].reset_index(drop=True))


def _labelled(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.assign(status_label=[label("involvement.proposals.status", s) for s in frame["status"]])
