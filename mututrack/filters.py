"""The shared filters of every page (project, entity, category, wave), as one hashable value."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields

__all__ = ["Filters"]


@dataclass(frozen=True)
class Filters:
    """What the sidebar selected; ``None`` means "all". Kept in the URL by ``ui``."""

    project: str | None = None
    entity: str | None = None
    category: str | None = None
    wave: str | None = None

    def key(self) -> str:
        """A stable text form, used as a cache key."""
        return json.dumps(asdict(self), sort_keys=True)

    @classmethod
    def from_mapping(cls, values: dict[str, str | None]) -> Filters:
        """Filters from a mapping such as ``st.query_params``; unknown keys and empty values are ignored."""
        names = {f.name for f in fields(cls)}
        return cls(**{k: (v or None) for k, v in values.items() if k in names})
