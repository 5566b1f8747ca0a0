"""``mututrack check``: the integrity of the store, as a list of problems (empty when sound)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from typing import Any

from mututrack.store import Store, migrations

__all__ = ["run", "errors", "privacy"]

# Problems that an import can leave on purpose and that the app handles: reported, not failed on.
WARNINGS = frozenset({"agent_of_unknown_entity"})


def run(store: Store) -> list[dict[str, Any]]:
    """Every integrity problem: ``problem``, ``rows``, ``example``, ``severity`` (error or warning)."""
    problems = [
        {**row, "rows": int(row["rows"]), "severity": "warning" if row["problem"] in WARNINGS else "error"}
        for row in store.query("check_problems").to_dict(orient="records")
    ]
    latest = migrations()[-1][0]
    if store.schema_version() != latest:
        problems.append({"problem": "schema_not_current", "rows": 0,
                         "example": f"{store.schema_version()} < {latest}", "severity": "error"})
    return problems


def errors(problems: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The problems that make the store unsound (warnings left out)."""
    return [p for p in problems if p["severity"] == "error"]


def privacy(store: Store, *, progress: Callable[[str], None] | None = None) -> list[dict[str, Any]]:
    """The privacy auditor on every survey wave (:mod:`mututrack.publication.audit`): per wave
    ``wave``, ``ok``, ``checked`` (figures, measures, cells, blocks, linear programs), ``violations``
    and ``summary`` (plain French sentences); ``progress`` gets one line per wave as it goes."""
    from mututrack.publication import build, collect

    build.refresh_all(store)
    results = []
    for wave in store.query("qvt_waves")["wave"]:
        report = collect.audit_wave(store, wave)
        results.append({
            "wave": wave,
            "ok": report.ok,
            "checked": report.checked,
            "violations": [asdict(v) | {"cells": len(v.cells)} for v in report.violations],
            "summary": report.summary(),
        })
        if progress:
            progress(f"{wave} : {report.summary()[0]}")
    return results
