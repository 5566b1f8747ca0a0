"""Prepare, last part: a valid file's typed values -> the rows of each store table it fills.

One builder per kind (:data:`BUILDERS`), each giving (store table -> rows without their import id,
warnings): a project's lists of services and entities become rows of their own, and ids the store
does not know yet (entities, agents, projects) are named in one warning, never created.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd

from mututrack.ingest.problems import Problem, warning
from mututrack.ingest.statements import known

__all__ = ["BUILDERS", "LIST_SEPARATOR"]

LIST_SEPARATOR = "|"


def _with_keys(
    values: pd.DataFrame, columns: list[str], renames: dict[str, str] | None = None
) -> pd.DataFrame:
    out = values.reindex(columns=columns).rename(columns=renames or {})
    return out.reset_index(drop=True)


def _unknown_entities(ids: pd.Series, cur) -> list[Problem]:
    """One warning listing the entity ids the store does not know (they are kept as given)."""
    known_ids = set(known(cur, "entities")["entity_id"])
    unknown = sorted(set(ids.dropna()) - known_ids)
    if not unknown:
        return []
    return [warning("unknown_entities", count=len(unknown), ids=", ".join(unknown[:10]))]


def _unknown_agents(keys: pd.Series, cur) -> list[Problem]:
    roster = set(known(cur, "agents")["agent_key"])
    missing = int((~keys.isin(roster)).sum())
    return [warning("unknown_agents", count=missing)] if missing else []


def build_entities(values: pd.DataFrame, cur) -> tuple[dict[str, Any], list[Problem]]:
    return {
        "entities": _with_keys(values, ["entity", "name", "kind", "population"], {"entity": "entity_id"})
    }, []


def build_projects(values: pd.DataFrame, cur) -> tuple[dict[str, Any], list[Problem]]:
    projects = _with_keys(values, ["project_id", "name", "decision_date", "go_live_date", "objective"])
    services = _explode(values, "services", "service")
    entities = _explode(values, "entities", "entity_id")
    return (
        {"projects": projects, "project_services": services, "project_entities": entities},
        _unknown_entities(entities["entity_id"], cur),
    )


def _explode(values: pd.DataFrame, column: str, name: str) -> pd.DataFrame:
    """``"RH | Paie"`` -> one row per item, trimmed, empties dropped."""
    if column not in values.columns:
        return pd.DataFrame({"project_id": pd.Series(dtype="str"), name: pd.Series(dtype="str")})
    items = (
        values[["project_id", column]]
        .dropna()
        .assign(**{column: lambda f: f[column].str.split(LIST_SEPARATOR, regex=False)})
    )
    items = items.explode(column).assign(**{column: lambda f: f[column].str.strip()})
    items = items[items[column].ne("")].drop_duplicates()
    return items.rename(columns={column: name}).reset_index(drop=True)


def build_charter(values: pd.DataFrame, cur) -> tuple[dict[str, Any], list[Problem]]:
    return {"charter_steps": _with_keys(values, ["project_id", "step", "planned_date", "actual_date"])}, []


def build_agents(values: pd.DataFrame, cur) -> tuple[dict[str, Any], list[Problem]]:
    agents = _with_keys(
        values,
        ["agent_key", "entity", "service", "category", "status", "start_date", "end_date"],
        {"entity": "entity_id"},
    )
    return {"agents": agents}, _unknown_entities(agents["entity_id"], cur)


def build_events(values: pd.DataFrame, cur) -> tuple[dict[str, Any], list[Problem]]:
    events = _with_keys(
        values, ["event_id", "project_id", "date", "kind", "title", "entity"], {"entity": "entity_id"}
    )
    return {"events": events}, _unknown_entities(events["entity_id"], cur)


def build_attendance(values: pd.DataFrame, cur) -> tuple[dict[str, Any], list[Problem]]:
    values = values.assign(
        status=values.get("status", pd.Series("present", index=values.index)).fillna("present")
    )
    rows = _with_keys(values, ["event_id", "agent_key", "status"])
    return {"attendance": rows}, _unknown_agents(rows["agent_key"], cur)


def build_careers(values: pd.DataFrame, cur) -> tuple[dict[str, Any], list[Problem]]:
    rows = _with_keys(values, ["agent_key", "date", "kind", "hours", "project_id"])
    warnings = _unknown_agents(rows["agent_key"], cur)
    projects = set(known(cur, "projects")["project_id"])
    unknown = sorted(set(rows["project_id"].dropna()) - projects)
    if unknown:
        warnings.append(warning("unknown_projects", count=len(unknown), ids=", ".join(unknown[:10])))
    return {"career_events": rows}, warnings


def build_proposals(values: pd.DataFrame, cur) -> tuple[dict[str, Any], list[Problem]]:
    rows = _with_keys(
        values,
        ["proposal_id", "date", "entity", "service", "theme", "status", "decision_date", "answer", "text",
         "owner"],
        {"entity": "entity_id"},
    )
    return {"proposals": rows}, _unknown_entities(rows["entity_id"], cur)


def build_questions(values: pd.DataFrame, cur) -> tuple[dict[str, Any], list[Problem]]:
    values = values.assign(reverse=values.get("reverse", pd.Series(False, index=values.index)).fillna(False))
    return {
        "questions": _with_keys(values, ["code", "text_fr", "text_en", "dimension", "scale", "reverse"])
    }, []


def build_actions(values: pd.DataFrame, cur) -> tuple[dict[str, Any], list[Problem]]:
    """An action without a creation date was created on the day of its import; a category is upper
    case; the whole organisation names no group."""
    now = pd.Timestamp.now().floor("s")
    created = pd.to_datetime(values["created_at"]) if "created_at" in values.columns else None
    kinds = values.get("group_kind", pd.Series("organisation", index=values.index))
    group = values.get("group_value", pd.Series(None, index=values.index, dtype="object")).str.strip()
    group = group.where(kinds.ne("category"), group.str.upper()).where(kinds.ne("organisation"))
    values = values.assign(created_at=now if created is None else created.fillna(now), updated_at=now,
                           group_kind=kinds, group_value=group)
    columns = ["action_id", "title", "owner", "due_date", "status", "origin_kind", "origin_ref", "indicator",
               "group_kind", "group_value", "created_at", "updated_at"]
    return {"actions": _with_keys(values, columns)}, []


BUILDERS: dict[str, Callable[[pd.DataFrame, Any], tuple[dict[str, Any], list[Problem]]]] = {
    "entities": build_entities,
    "projects": build_projects,
    "charter": build_charter,
    "agents": build_agents,
    "events": build_events,
    "attendance": build_attendance,
    "careers": build_careers,
    "proposals": build_proposals,
    "questions": build_questions,
    "actions": build_actions,
}
