"""Action plans: what the organisation decided to do about a result, read and written.

An action (migration 012) has a title, an owner (a role or a staff member's name: never a
respondent), a due date, a status, where the need appeared (a lever of the QVT page, an Overview
alert, a proposal) and the published indicator and group it should move. HR and the director
create, edit and delete actions on the "Plans d'action" page; each write and its audit entry are
one transaction (:func:`mututrack.audit.record`), so the entry exists exactly when the change does.
Actions may also be imported from a file like every other kind (``ingest``), and undone with it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd

from mututrack import audit
from mututrack.queries import execute, sql_text

if TYPE_CHECKING:
    from mututrack.store import Store

__all__ = [
    "STATUSES", "DONE", "ORIGINS", "GROUP_KINDS", "SPECIAL_INDICATORS", "Action", "problems", "listing",
    "create", "update", "set_status", "delete", "indicator_measures",
]

STATUSES = ("a_faire", "en_cours", "fait", "abandonnee")
DONE = frozenset({"fait", "abandonnee"})  # closed: never late
ORIGINS = ("levier", "alerte", "proposition", "autre")
GROUP_KINDS = ("organisation", "entity", "category", "project")
CATEGORIES = ("A", "B", "C")
# Indicators that are not a lever or an item: code -> the published measure they read.
SPECIAL_INDICATORS = {"who5_mean": "who5", "who5_poor_share": "who5", "enps": "item:enps"}
TITLE_MOST, TEXT_MOST = 200, 120  # a title is a sentence, an owner a name or a role


@dataclass(frozen=True)
class Action:
    """What a user types in the form (or a file's row holds) for one action."""

    title: str
    owner: str
    due_date: dt.date | None = None
    status: str = "a_faire"
    origin_kind: str | None = None
    origin_ref: str | None = None
    indicator: str | None = None
    group_kind: str = "organisation"
    group_value: str | None = None

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any]) -> Action:
        """An action from a row (a stored one, a form's values): unknown keys ignored, blanks as None."""
        names = set(cls.__dataclass_fields__)
        kept = {k: (None if _blank(v) else v) for k, v in values.items() if k in names}
        if isinstance(kept.get("due_date"), (pd.Timestamp, dt.datetime)):
            kept["due_date"] = kept["due_date"].date()
        kept.setdefault("title", "")
        kept.setdefault("owner", "")
        return cls(**{**kept, "status": kept.get("status") or "a_faire",
                      "group_kind": kept.get("group_kind") or "organisation"})


def _blank(value: Any) -> bool:
    return value is None or value is pd.NaT or (isinstance(value, float) and value != value) or (
        isinstance(value, str) and not value.strip())


def problems(action: Action) -> list[str]:
    """What is wrong with ``action``, as ``actions.problem.<code>`` codes (empty when it can be saved)."""
    found = []
    if not action.title.strip():
        found.append("title")
    elif len(action.title) > TITLE_MOST:
        found.append("title_long")
    if not action.owner.strip():
        found.append("owner")
    elif len(action.owner) > TEXT_MOST:
        found.append("owner_long")
    if action.status not in STATUSES:
        found.append("status")
    if action.origin_kind is not None and action.origin_kind not in ORIGINS:
        found.append("origin")
    if action.group_kind not in GROUP_KINDS:
        found.append("group")
    elif action.group_kind != "organisation" and (
        not action.group_value or action.group_kind == "category" and action.group_value not in CATEGORIES
    ):
        found.append("group_value")
    return found


def listing(store: Store) -> pd.DataFrame:
    """Every action: ``action_id``, ``title``, ``owner``, ``due_date``, ``status``, ``origin_kind``,
    ``origin_ref``, ``indicator``, ``group_kind``, ``group_value``, ``created_at``, ``updated_at``,
    ``import_id`` (in no particular order: the view sorts them by urgency)."""
    return store.query("actions_list")


def create(store: Store, action: Action, *, user: str, role: str | None,
           now: dt.datetime | None = None) -> str:
    """Save a new action and its audit entry in one transaction; its id (``PA-0001``...).
    Raises ValueError with the problem codes when it cannot be saved."""
    _check(action)
    stamp = now or dt.datetime.now()
    with store.transaction() as cur:
        number = int(execute(cur, sql_text("actions_next_number")).fetchall()[0][0])
        action_id = f"PA-{number:04d}"
        execute(cur, sql_text("actions_insert"), action_id=action_id, created_at=stamp, updated_at=stamp,
                **asdict(action))
        audit.record(cur, user=user, role=role, action="action_plan", detail=f"create · {action_id}")
    return action_id


def update(store: Store, action_id: str, action: Action, *, user: str, role: str | None,
           now: dt.datetime | None = None) -> None:
    """Change every field of an existing action; KeyError when there is none, ValueError when the
    new values cannot be saved."""
    _check(action)
    with store.transaction() as cur:
        changed = execute(cur, sql_text("actions_update"), action_id=action_id,
                          updated_at=now or dt.datetime.now(), **asdict(action)).fetchall()
        if not changed:
            raise KeyError(action_id)
        audit.record(cur, user=user, role=role, action="action_plan", detail=f"edit · {action_id}")


def set_status(store: Store, action_id: str, status: str, *, user: str, role: str | None,
               now: dt.datetime | None = None) -> None:
    """Change the status of an action (KeyError when there is none, ValueError for an unknown status)."""
    if status not in STATUSES:
        raise ValueError(["status"])
    with store.transaction() as cur:
        changed = execute(cur, sql_text("actions_set_status"), action_id=action_id, status=status,
                          updated_at=now or dt.datetime.now()).fetchall()
        if not changed:
            raise KeyError(action_id)
        detail = f"status · {action_id} · {status}"
        audit.record(cur, user=user, role=role, action="action_plan", detail=detail)


def delete(store: Store, action_id: str, *, user: str, role: str | None) -> None:
    """Delete an action and record it (KeyError when there is none)."""
    with store.transaction() as cur:
        gone = execute(cur, sql_text("actions_delete"), action_id=action_id).fetchall()
        if not gone:
            raise KeyError(action_id)
        audit.record(cur, user=user, role=role, action="action_plan", detail=f"delete · {action_id}")


def _check(action: Action) -> None:
    found = problems(action)
    if found:
        raise ValueError(found)


def indicator_measures(questions: pd.DataFrame) -> dict[str, str]:
    """Every indicator an action may follow -> the published measure it reads: the specials, each
    Likert dimension's score (``score:<dimension>``; each working-conditions axis on its own, as the
    heatmap and the levers show them) and each other Likert item's answers (``item:<code>``).
    ``questions``: the store's questions (``code``, ``dimension``, ``scale``)."""
    likert = questions[questions["scale"] == "likert5"]
    axes = likert["dimension"].eq("working_conditions")
    out = dict(SPECIAL_INDICATORS)
    out |= {d: f"score:{d}" for d in likert.loc[~axes, "dimension"].drop_duplicates()}
    out |= {c: f"score:{c}" for c in likert.loc[axes, "code"]}
    out |= {c: f"item:{c}" for c in likert.loc[~axes, "code"] if c not in out}
    return out
