"""Free-text comments, released per comment atom: disjoint groups of at least
:data:`rules.COMMENT_THRESHOLD` commenters over the same dimensions as the survey atoms, stored
with each wave's publication without any text (:mod:`.comment_members`).

A list shown for a selection is the union of the comment atoms wholly inside it, so two lists
under two filters never differ by fewer than 10 people's comments (DOMAIN.md "Anonymity").
Comments are listed in an order that says nothing about who wrote when (by a hash of the text).
"""

from __future__ import annotations

import pandas as pd

from mututrack.filters import Filters
from mututrack.publication import build, rules
from mututrack.publication.figures import POOLED
from mututrack.store import Store

__all__ = ["comment_atoms", "comment_atoms_of_waves", "released"]

COLUMNS = ["atom", "text", "entity_id", "category", "service", "projects"]


def comment_atoms(store: Store, wave: str) -> pd.DataFrame:
    """One row per comment: ``atom``, ``text`` and the dimensions its atom's members all share
    (``entity_id``, ``category``, ``service``: None when mixed; ``projects``: a list)."""
    return comment_atoms_of_waves(store, [wave])[wave]


def comment_atoms_of_waves(store: Store, waves: list[str]) -> dict[str, pd.DataFrame]:
    """:func:`comment_atoms` of each of ``waves``, read in one query for them all (the themes'
    trend reads every wave).

    The comment atoms are stored with each wave's publication (:mod:`.comment_members`, who
    commented and never what); the texts are joined to them here, and kept only in the store's
    memory for the data version, never on disk."""
    version = store.data_version()
    found = {w: store.memo.get(("comment_atoms", w, version)) for w in waves}
    missing = [w for w, frame in found.items() if frame is None]
    if missing:
        for wave in missing:
            build.ensure(store, wave)
        read = store.query(
            "publication_comments_of_waves", waves=missing, least=rules.COMMENT_THRESHOLD
        )
        by_wave = dict(tuple(read.groupby("wave", sort=False)))
        for wave in missing:
            frame = by_wave.get(wave, read.iloc[:0])[COLUMNS].reset_index(drop=True)
            found[wave] = frame.assign(projects=frame["projects"].map(list))
            store.remember(("comment_atoms", wave, store.data_version()), found[wave])
    return found


def released(comments: pd.DataFrame, filters: Filters) -> tuple[dict[str, list[str]], int]:
    """The comments of the atoms wholly inside the selection, grouped by entity (``POOLED`` for the
    atoms that mix entities), and how many they are."""
    keep = pd.Series(True, index=comments.index)
    if filters.entity is not None:
        keep &= comments["entity_id"].eq(filters.entity)
    if filters.category is not None:
        keep &= comments["category"].eq(filters.category)
    if filters.project is not None:
        keep &= comments["projects"].map(lambda p: filters.project in list(p))
    mine = comments[keep.fillna(False).astype(bool)]
    groups = mine.assign(grp=mine["entity_id"].fillna(POOLED)).groupby("grp", sort=True)["text"].agg(list)
    return groups.to_dict(), len(mine)
