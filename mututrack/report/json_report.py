"""``mututrack report --format json``: the indicators the pages show, after the anonymity rules.

Keys are a contract (DESIGN.md "Other commands"); rates are fractions in 0..1 and a figure that
cannot be computed is null. Each section comes from the same view functions the pages call.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import pandas as pd

from mututrack.store import Store

__all__ = ["build", "records", "clean"]


def clean(value: Any) -> Any:
    """A JSON-safe value: NaN/NA/NaT → None, dates → ISO text, numpy scalars → Python numbers."""
    if isinstance(value, dict):
        return {str(k): clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [clean(v) for v in value]
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp | dt.datetime):
        return value.date().isoformat() if value == pd.Timestamp(value).normalize() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "item"):  # numpy scalar
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows of ``frame`` as JSON-safe dicts."""
    return [clean(row) for row in frame.to_dict(orient="records")]


def _projects(store: Store) -> list[dict[str, Any]]:
    from mututrack.views import involvement

    return records(involvement.project_summary(store))


def _proposals(store: Store) -> dict[str, Any]:
    from mututrack.views import proposals

    return clean(proposals.summary(store))


def _waves(store: Store, by: str | None) -> list[dict[str, Any]]:
    from mututrack.views import qvt

    return clean(qvt.wave_summary(store, by=by))


def _careers(store: Store) -> dict[str, Any]:
    from mututrack.views import careers

    return clean(careers.report_summary(store))


def _drivers(store: Store, wave: str | None) -> dict[str, Any]:
    from mututrack.views import drivers

    return clean(drivers.report(store, wave=wave))


def build(store: Store, *, by: str | None = None, wave: str | None = None,
          scope: tuple[str, ...] = ()) -> dict[str, Any]:
    """The whole report as one JSON-able dict; ``drivers`` are those of ``wave`` (default: the latest).

    With ``scope`` (a director's entity codes), the groups of other entities are left out and the
    report says so (``scope``); raises :class:`mututrack.views.scoping.TerritoryMaskedError` when a
    single entity lies outside the scope, as the territory's figures would then give it back.
    """
    payload = {
        "generated_at": dt.datetime.now().replace(microsecond=0).isoformat(),
        "demo": store.is_demo(),
        "projects": _projects(store),
        "waves": _waves(store, by),
        "proposals": _proposals(store),
        "careers": _careers(store),
        "drivers": _drivers(store, wave),
    }
    if not scope:
        return payload
    from mututrack.views import scoping

    return scoping.restrict_report(payload, tuple(sorted(scope)), scoping.territory(store), by=by)
