"""The comment atoms of a wave, cut from who commented (never from what they wrote).

Built by :mod:`.build` with the rest of the wave's publication and kept in the tables of
migration 016: disjoint groups of at least :data:`rules.COMMENT_THRESHOLD` commenters, cut over
the same dimensions as the survey atoms (:mod:`.atoms`). :mod:`.comments` joins the comments'
text to them when HR reads them.

While a wave collects answers its comment tree is frozen, and each comment atom keeps the
commenters it released until at least 10 new ones have joined it: two successive lists never
differ by fewer than 10 people's comments. An atom that lost a commenter (an import undone) is
released again at once with the commenters it now holds, and a tree one of whose atoms fell
under 10 is cut afresh: nothing undone stays released.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from mututrack.publication import atoms, rules

__all__ = ["CommentAtoms", "cut"]


@dataclass(frozen=True)
class CommentAtoms:
    """``members``: respondent_id, atom (the commenters released); ``described``: atom,
    commenters and what every released member shares (:func:`.atoms.describe`); ``tree``."""

    members: pd.DataFrame
    described: pd.DataFrame
    tree: dict


def cut(
    people: pd.DataFrame,
    commenters: pd.Series,
    *,
    frozen: dict | None = None,
    released: pd.DataFrame | None = None,
) -> CommentAtoms:
    """The comment atoms of the respondents ``people`` (``publication_respondents``) who are in
    ``commenters`` (respondent ids). ``frozen``: the tree of an open wave as last published, and
    ``released`` its members then (respondent_id, atom)."""
    written = people[people["respondent_id"].isin(commenters)]
    k = rules.COMMENT_THRESHOLD
    tree = atoms.tree_of(written, k=k, frozen=frozen)
    placed = written.assign(atom=atoms.assign(written, tree) if len(written) else [])
    if tree is frozen and released is not None:
        placed = _keep_unmoved(placed, released, k)
    described = atoms.describe(placed)
    return CommentAtoms(
        placed[["respondent_id", "atom"]].reset_index(drop=True),
        described.rename(columns={"respondents": "commenters"}),
        tree,
    )


def _keep_unmoved(placed: pd.DataFrame, released: pd.DataFrame, k: int) -> pd.DataFrame:
    """Each atom that lost no one keeps the commenters it released until k new ones joined it."""
    before = released.set_index("respondent_id")["atom"]
    then = placed["respondent_id"].map(before)
    known = then.eq(placed["atom"])
    joined = (~known).groupby(placed["atom"]).sum()
    kept_now = known.groupby(placed["atom"]).sum()
    lost = released.groupby("atom").size().sub(kept_now, fill_value=0).gt(0)
    moved = joined.ge(k) | lost.reindex(joined.index, fill_value=False)
    return placed[known | placed["atom"].map(moved)]
