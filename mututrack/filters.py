"""The shared filters of every page (project, entity, category, wave), as one hashable value, with
the scope of a director who sees only some entities' detail."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields

__all__ = ["Filters"]


@dataclass(frozen=True)
class Filters:
    """What the sidebar selected; ``None`` means "all". Kept in the URL by ``ui``.

    ``scope`` is not a choice but who is looking: the entity codes a scoped director may see the
    detail of (sorted; empty for everyone else). It never comes from the URL (:meth:`from_mapping`)
    and is applied to every view in one place (:mod:`mututrack.views.scoping`).
    """

    project: str | None = None
    entity: str | None = None
    category: str | None = None
    wave: str | None = None
    scope: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "scope", tuple(sorted(set(self.scope or ()))))

    def key(self) -> str:
        """A stable text form, used as a cache key."""
        return json.dumps(asdict(self), sort_keys=True)

    @classmethod
    def from_mapping(cls, values: dict[str, str | None]) -> Filters:
        """Filters from a mapping such as ``st.query_params``; unknown keys and empty values are ignored."""
        names = {f.name for f in fields(cls)} - {"scope"}
        return cls(**{k: (v or None) for k, v in values.items() if k in names})
