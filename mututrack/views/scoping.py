"""What a scoped director sees: their entities' detail and the whole territory, nothing of the other
entities' detail. Applied to every view in one place (:func:`compute`, called by
:func:`mututrack.views.stored.compute` and the council pack), so that no page can forget it.

A view is computed for the selection without the scope (and kept as everyone's), then the rows of
other entities are removed, not masked: a frame's ``entity_id`` (or both ends of the network's
``entity_a`` × ``entity_b``), the ``group`` of a breakdown by entity, and a breakdown by kind or size
of employer whose group is one single other entity (the EPCI, a commune alone in its band). The
sidebar offers only the scope's entities, and an entity outside the scope is never computed: the
selection falls back to the scope's territory.

Removing rows must not let a total give back what was removed: when the territory holds exactly
one entity with agents outside the scope, "the territory minus my entities" is that entity, so the
territory's totals are masked and each figure is shown for one of the scope's entities instead
(docs/privacy.md, "Directors' scopes").
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import pandas as pd

from mututrack import plans
from mututrack.filters import Filters
from mututrack.metrics.involvement import with_size_band
from mututrack.store import Store
from mututrack.views.alert_texts import alert_text

__all__ = [
    "Territory", "TerritoryMaskedError", "territory", "selection", "restrict", "restrict_report", "compute",
]

ENTITY_BREAKDOWNS = frozenset({"entity", "entity_id"})  # a dict key whose frame's ``group`` is an entity
ALIASES = ("entity_kind", "size_band")  # breakdowns whose group may be one single entity


class TerritoryMaskedError(ValueError):
    """A territory-wide figure asked for a scope that leaves a single entity out: it would give
    that entity's figures back (the territory minus the scope)."""

    def __init__(self, outside: str) -> None:
        self.outside = outside
        super().__init__(
            "Le territoire ne compte qu'une collectivité hors de ce périmètre : ses chiffres se "
            "déduiraient de ceux du territoire, qui ne sont donc pas publiés pour ce périmètre. / "
            "The territory holds a single employer outside this scope: its figures would follow from "
            "the territory's, which are therefore not published for this scope."
        )


@dataclasses.dataclass(frozen=True)
class Territory:
    """The entities as a scope sees them: ``names`` (code -> name), ``populated`` (codes with agents)
    and ``members`` (kind or size band -> its entity codes)."""

    names: dict[str, str]
    populated: frozenset[str]
    members: dict[str, dict[str, frozenset[str]]]

    def outside(self, scope: tuple[str, ...]) -> frozenset[str]:
        """The entities with agents that ``scope`` leaves out."""
        return self.populated - set(scope)

    def masked(self, scope: tuple[str, ...]) -> bool:
        """True when the territory's totals would give back one other entity's figures."""
        return bool(scope) and len(self.outside(scope)) == 1


def territory(store: Store) -> Territory:
    """The store's entities, their agents, kinds and size bands."""
    frame = store.query("scope_entities").rename(columns={"kind": "entity_kind"})
    frame = with_size_band(frame) if len(frame) else frame.assign(size_band=pd.Series(dtype=object))
    members = {
        dimension: {str(group): frozenset(rows["entity_id"]) for group, rows in frame.groupby(dimension)}
        for dimension in ALIASES
    }
    return Territory(
        names=dict(zip(frame["entity_id"], frame["name"], strict=True)),
        populated=frozenset(frame.loc[frame["agents"] > 0, "entity_id"]),
        members=members,
    )


def selection(filters: Filters, land: Territory) -> Filters:
    """The selection actually computed for ``filters``: an entity outside the scope is refused (the
    territory instead), and when the territory's totals are masked, the scope's first entity."""
    if not filters.scope:
        return filters
    entity = filters.entity if filters.entity in filters.scope else None
    if entity is None and land.masked(filters.scope):
        entity = filters.scope[0]
    return dataclasses.replace(filters, entity=entity)


def restrict(name: str, value: Any, scope: tuple[str, ...], land: Territory) -> Any:
    """``value`` (a view's dict) without the detail of entities outside ``scope``."""
    if not scope:
        return value
    keep = frozenset(scope)
    others = {code: label for code, label in land.names.items() if code not in keep}
    single = {dimension: {group for group, codes in groups.items() if len(codes) == 1 and not codes <= keep}
              for dimension, groups in land.members.items()}
    restricted = _walk(value, None, keep, single)
    if name == "filters":
        restricted = {**restricted, "territory_masked": land.masked(scope)}
    if name == "overview":
        restricted = _overview(restricted, set(others.values()))
    if name == "actions":
        restricted = _actions(restricted, keep)
    if name == "proposals":
        restricted = _proposals(restricted, keep)
    return restricted


def _proposals(value: dict[str, Any], keep: frozenset[str]) -> dict[str, Any]:
    """The proposals' lists without those of other entities, nor of the scope's entities of fewer
    than k agents (``entity_of`` gives None): within a scope a proposal's entity is known, and
    choosing such an entity hides its proposals."""
    mine = {pid: entity for pid, entity in value["entity_of"].items() if entity in keep}
    lists = {name: value[name].loc[value[name]["proposal_id"].isin(list(mine))].reset_index(drop=True)
             for name in ("waiting", "you_said")}
    return {**value, **lists, "entity_of": mine}


def _actions(value: dict[str, Any], keep: frozenset[str]) -> dict[str, Any]:
    """The action plans without those that follow another entity (their indicator's movement is that
    entity's figure), the form's choice of entities within the scope; the page's counts again."""
    table = value["actions"]
    other = table["group_kind"].eq("entity") & ~table["group_value"].astype("object").isin(keep)
    table = table.loc[~other.fillna(False).astype(bool)].reset_index(drop=True)
    groups = {**value["groups"], "entity": {code: name for code, name in value["groups"]["entity"].items()
                                            if code in keep}}  # the form's choices
    return {**value, "actions": table, "groups": groups, "late": int(table["late"].sum()),
            "open": int((~table["status"].isin(plans.DONE)).sum()), "total": len(table)}


def _walk(value: Any, key: str | None, keep: frozenset[str], single: dict[str, set[str]]) -> Any:
    if isinstance(value, pd.DataFrame):
        return _rows(value, key, keep, single)
    if isinstance(value, dict):
        if key == "entities" and all(isinstance(v, str) for v in value.values()):  # the filter's options
            return {code: label for code, label in value.items() if code in keep}
        return {k: _walk(v, k if isinstance(k, str) else None, keep, single) for k, v in value.items()}
    if isinstance(value, list):
        return [_walk(v, key, keep, single) for v in value]
    return value


def _rows(frame: pd.DataFrame, key: str | None, keep: frozenset[str],
          single: dict[str, set[str]]) -> pd.DataFrame:
    shown = pd.Series(True, index=frame.index)
    for column in ("entity_id", "entity_a", "entity_b"):
        if column in frame.columns:
            values = frame[column]
            shown &= values.isna() | values.astype("object").isin(keep) | (values.astype("object") == "")
    if "group" in frame.columns and key in ENTITY_BREAKDOWNS | set(ALIASES):
        groups = frame["group"].astype("object")
        total = groups.isna() | (groups == "")
        if "is_total" in frame.columns:  # a pooled group of several entities has no group either
            total = frame["is_total"].fillna(False).astype(bool)
        elif "pooled" in frame.columns:
            total &= ~frame["pooled"].fillna(False).astype(bool)
        if key in ENTITY_BREAKDOWNS:
            shown &= total | groups.isin(keep)
        else:
            shown &= total | ~groups.isin(single[key])
    if key == "headcount" and "kind" in frame.columns:  # agents per kind of employer (the overview)
        shown &= ~frame["kind"].astype("object").isin(single["entity_kind"])
    if bool(shown.all()):
        return frame
    return frame.loc[shown].reset_index(drop=True)


def _overview(value: dict[str, Any], others: set[str]) -> dict[str, Any]:
    """The overview's alerts without other entities among the lowest groups, their sentences again."""
    alerts = value.get("alerts")
    if not isinstance(alerts, pd.DataFrame) or alerts.empty or "details" not in alerts.columns:
        return value

    def clean(details: Any) -> Any:
        if not isinstance(details, dict) or "lowest" not in details:
            return details
        return {**details, "lowest": [item for item in details["lowest"] if item[0] not in others]}

    alerts = alerts.assign(details=[clean(d) for d in alerts["details"]])
    return {**value, "alerts": alerts,
            "alert_texts": [alert_text(row) for row in alerts.to_dict(orient="records")]}


def compute(store: Store, name: str, filters: Filters, raw: Callable[[Filters], Any]) -> Any:
    """The view ``name`` for ``filters`` with its scope applied; ``raw`` computes (or reads back) the
    view for a selection without scope."""
    if not filters.scope:
        return raw(filters)
    land = territory(store)
    chosen = selection(filters, land)
    return restrict(name, raw(dataclasses.replace(chosen, scope=())), chosen.scope, land)


def restrict_report(payload: dict[str, Any], scope: tuple[str, ...], land: Territory, *,
                    by: str | None) -> dict[str, Any]:
    """The JSON report (``mututrack report --scope``) without other entities' groups: with ``by``
    entity, each wave keeps the scope's own groups (a pooled group mixes other entities)."""
    if land.masked(scope):
        raise TerritoryMaskedError(next(iter(land.outside(scope))))
    waves = payload.get("waves") or []
    if by == "entity":
        keep = set(scope)
        waves = [{**wave, "groups": [group for group in wave.get("groups") or []
                                     if not group.get("pooled") and group.get("group") in keep]}
                 for wave in waves]
    return {**payload, "scope": list(scope), "waves": waves}
