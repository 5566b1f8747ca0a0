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

__all__ = ["compute", "summary", "waiting"]


def summary(store: Store, *, today: dt.date | None = None) -> dict[str, Any]:
    """The figures of the JSON report: ``total``, ``adoption_rate``, ``open_over_60_days``,
    ``median_days_to_decision``, ``by_status`` (status -> count).
    """
    figures = proposals.summary(store.query("proposals_list", entity=None), today=today or dt.date.today())
    by_status = {status: figures[status] for status in proposals.STATUSES}
    return {key: figures[key] for key in _FIGURES} | {"by_status": by_status}


def compute(store: Store, filters: Filters, *, today: dt.date | None = None) -> dict[str, Any]:
    """``summary`` (figures), ``funnel``, ``by_theme``, ``you_said`` (decided proposals and their
    answer), ``waiting`` (every proposal still waiting for an answer, the most urgent first: see
    :func:`waiting`), ``statuses`` (the status codes in order, keys of ``summary``), ``hidden``
    (True when the chosen entity is too small to show its proposals), ``k``.

    ``entity_of`` maps each listed ``proposal_id`` to its entity, for a director's scope only (never
    shown, and not a table: the pack exports none): None when that entity has fewer than k agents in
    post, whose proposals a scope leaves out as choosing that entity hides them. Their text is not
    here: :mod:`.proposal_texts`.
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
        "you_said": _labelled(proposals.you_said_we_did(frame, keep=("proposal_id",))),
        "waiting": waiting(frame, today),
        "entity_of": _entity_of(store, frame, today, k),
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


def waiting(frame: pd.DataFrame, today: dt.date) -> pd.DataFrame:
    """The proposals still ``deposee`` or ``a_l_etude``: ``proposal_id``, ``theme``, ``date``,
    ``status``, ``status_label``, ``days_open``, ``late`` (waiting for more than 60 days), ``owner``
    (None when nobody is in charge), ``owner_label`` ("Non attribuée" then). The late ones first,
    and among them those nobody is in charge of; then the others the same way; the oldest first
    within each.
    """
    days = (pd.Timestamp(today) - pd.to_datetime(frame["date"])).dt.days
    owner = frame["owner"].astype("object").where(frame["owner"].astype("object").str.strip().ne(""))
    listed = frame.assign(days_open=days, late=days > proposals.OPEN_DAYS, owner=owner,
                          unassigned=owner.isna())[frame["status"].isin(proposals.OPEN_STATUSES)]
    listed = listed.sort_values(["late", "unassigned", "date", "proposal_id"],
                                ascending=[False, False, True, True])
    columns = ["proposal_id", "theme", "date", "status", "days_open", "late", "owner"]
    listed = _labelled(listed[columns].reset_index(drop=True))
    unassigned = t("proposals.owner.none")
    return listed.assign(late=listed["late"].astype(bool),
                         owner_label=[unassigned if pd.isna(o) else o for o in listed["owner"]])


def _entity_of(store: Store, frame: pd.DataFrame, today: dt.date, k: int) -> dict[str, str | None]:
    sizes = store.query("proposals_entity_sizes", today=today).set_index("entity_id")["agents_active"]
    large = frame["entity_id"].map(sizes).fillna(0).ge(k)
    return {pid: (entity if ok else None) for pid, entity, ok in zip(
        frame["proposal_id"], frame["entity_id"].astype("object"), large, strict=True)}


def _labelled(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.assign(status_label=[label("involvement.proposals.status", s) for s in frame["status"]])
