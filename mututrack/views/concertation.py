"""The data of the "Concertation" page: the charter's steps planned against actual, and the
consultation events by kind and month around the decision, with each event's participation.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from mututrack.filters import Filters
from mututrack.i18n import t
from mututrack.metrics import charter
from mututrack.publication import suppression as privacy
from mututrack.store import Store
from mututrack.views.involvement import label

__all__ = ["compute"]


def compute(store: Store, filters: Filters, *, today: dt.date | None = None) -> dict[str, Any]:
    """``steps`` (each step with ``status``, ``status_label``, ``delay_days``), ``shares`` (on-time
    share per project), ``events`` (each event with ``phase`` and ``participation_rate``, hidden
    under k invited), ``by_month`` (events per project, month, kind and phase), ``decisions``
    (``project_id``, ``name``, ``decision_date``), ``today``, ``k``.
    """
    today = today or dt.date.today()
    params = {"project": filters.project, "entity": filters.entity, "category": filters.category}
    k = privacy.threshold(store)
    steps = charter.step_status(store.query("charter_steps", **params), today=today)
    steps["status_label"] = [t(f"involvement.charter.status.{s}") for s in steps["status"]]
    names = store.query("projects_list")[["project_id", "name", "decision_date"]]
    if filters.project:
        names = names[names["project_id"] == filters.project].reset_index(drop=True)
    shares = names.merge(charter.on_time_share(steps, today=today), on="project_id", how="inner")
    events = charter.event_participation(store.query("concertation_events", **params))
    events["kind_label"] = [label("involvement.event.kind", kind) for kind in events["kind"]]
    events["phase_label"] = [t(f"involvement.phase.{phase}") for phase in events["phase"]]
    events = privacy.suppress(  # a rate over a handful of invited agents says who stayed away
        events, count="invited", values=["present", "participation_rate"], k=k, siblings=["event_id"]
    )
    # no count of participants under k: "fewer than k", the rate as a bound
    events, few, _, most = privacy.bound_counts(
        events, count="present", base="invited", values=["participation_rate"], k=k
    )
    events = events.assign(present_few=few, participation_rate_max=most)
    by_month = charter.events_by_month(events)
    by_month["kind_label"] = [label("involvement.event.kind", kind) for kind in by_month["kind"]]
    return {
        "steps": steps, "shares": shares, "events": events, "by_month": by_month, "decisions": names,
        "today": today, "k": k,
    }
