"""What the proposals waiting for an answer say, for the "Propositions des agents" page.

Free text written by an agent, which may name people or point at its author: the page asks for it
for HR and the directors only (never the council, presentation mode, the council pack or the
restitution document), and it is never kept with the pages' data (``stored.NOT_KEPT``). A scope
removes the other entities' rows, and the page shows a text only beside its row of the waiting list.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from mututrack.filters import Filters
from mututrack.publication import suppression as privacy
from mututrack.store import Store

__all__ = ["compute"]


def compute(store: Store, filters: Filters, *, today: dt.date | None = None) -> dict[str, Any]:
    """``texts``: ``proposal_id``, ``entity_id``, ``text`` of the proposals still waiting, none when
    the chosen entity is too small to show its proposals."""
    frame = store.query("proposal_texts", entity=filters.entity)
    if filters.entity and store.query(
        "proposals_entity_headcount", entity=filters.entity, today=today or dt.date.today()
    )["agents_active"].iloc[0] < privacy.threshold(store):
        frame = frame.iloc[0:0]
    return {"texts": frame.reset_index(drop=True)}
