"""The choices offered by the sidebar filters: projects, entities, categories and waves."""

from __future__ import annotations

from typing import Any

from mututrack.filters import Filters
from mututrack.store import Store

CATEGORIES = {"A": "A", "B": "B", "C": "C"}


def compute(store: Store, filters: Filters) -> dict[str, Any]:
    """``{"projects"|"entities"|"categories"|"waves": {value: label}}`` in display order, and
    ``wave_table`` (every wave with its dates, threshold and publication)."""
    projects = store.query("projects_list")
    entities = store.query("entities_list")
    waves = store.query("waves_list")
    return {
        "projects": dict(zip(projects["project_id"], projects["name"], strict=True)),
        "entities": dict(zip(entities["entity_id"], entities["name"], strict=True)),
        "categories": CATEGORIES,
        "waves": {w: w for w in reversed(waves["wave"].tolist())},
        "wave_table": waves,
    }
