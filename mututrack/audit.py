"""The audit log: who imported, undid, exported, changed a setting or an action plan, and when (HR reads it).

An import or an undo records its entry with :func:`record` inside its own transaction, so the
entry exists exactly when the change does. A download changes no data: :func:`log` writes its entry
alone without bumping the data version, so that no session's cache is emptied by an export.
Details name files, kinds, row counts and settings, never a person's identifier or an answer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import duckdb
import pandas as pd

from mututrack.queries import execute, sql_text

if TYPE_CHECKING:  # the store's type only: the store's key module records through this one
    from mututrack.store import Store

__all__ = ["ACTIONS", "record", "log", "history"]

ACTIONS = ("import", "undo", "replace", "export", "setting", "action_plan")


def record(
    cur: duckdb.DuckDBPyConnection,
    *,
    user: str,
    role: str | None = None,
    action: str,
    detail: str = "",
) -> None:
    """Add one entry with the caller's cursor, inside the caller's transaction.

    ``role`` may be None when the caller does not know it. Raises ValueError on an unknown action.
    """
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r} (one of {', '.join(ACTIONS)})")
    execute(cur, sql_text("audit_log_insert"), user=user, role=role, action=action, detail=detail)


def log(store: Store, *, user: str, role: str | None = None, action: str, detail: str = "") -> None:
    """Add one entry in a transaction of its own that leaves the data version (and caches) alone."""
    with store.transaction(bump_version=False) as cur:
        record(cur, user=user, role=role, action=action, detail=detail)


def history(store: Store) -> pd.DataFrame:
    """Every entry, newest first: ``done_at``, ``user_name``, ``role``, ``action``, ``detail``."""
    return store.query("audit_history")
