"""Free-text comments, released per comment atom: disjoint groups of at least
:data:`rules.COMMENT_THRESHOLD` commenters over the same dimensions as the survey atoms.

A list shown for a selection is the union of the comment atoms wholly inside it, so two lists
under two filters never differ by fewer than 10 people's comments (DOMAIN.md "Anonymity").
Comments are listed in an order that says nothing about who wrote when (by a hash of the text).
"""

from __future__ import annotations

import pandas as pd

from mututrack.filters import Filters
from mututrack.publication import atoms, rules
from mututrack.publication.figures import POOLED
from mututrack.store import Store

__all__ = ["comment_atoms", "released"]


def comment_atoms(store: Store, wave: str) -> pd.DataFrame:
    """One row per comment: ``atom``, ``text`` and the dimensions its atom's members all share
    (``entity_id``, ``category``, ``service``: None when mixed; ``projects``: a list).

    Kept in the store's memory for the data version (never on disk): the themes' trend reads every
    wave's comments for each selection."""
    key = ("comment_atoms", wave, store.data_version())
    if key not in store.memo:
        store.remember(key, _comment_atoms(store, wave))
    return store.memo[key]


def _comment_atoms(store: Store, wave: str) -> pd.DataFrame:
    texts = store.query("publication_comment_texts", wave=wave)
    people = store.query("publication_respondents", wave=wave)
    written = people.merge(texts, on="respondent_id")
    if written.empty:
        return pd.DataFrame(
            {"atom": [], "text": [], "entity_id": [], "category": [], "service": [], "projects": []}
        )
    commenters = written.drop_duplicates("respondent_id")
    cells = (
        commenters.groupby(list(atoms.DIMENSIONS), as_index=False)
        .size()
        .rename(columns={"size": "respondents"})
    )
    tree = atoms.build_tree(cells, k=rules.COMMENT_THRESHOLD)
    commenters = commenters.assign(atom=atoms.assign(commenters, tree))
    described = atoms.describe(commenters)
    described = described[described["respondents"] >= rules.COMMENT_THRESHOLD]
    placed = written.merge(commenters[["respondent_id", "atom"]], on="respondent_id")
    return placed[["atom", "text"]].merge(described.drop(columns="respondents"), on="atom")


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
