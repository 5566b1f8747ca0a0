"""The data of the Commentaires page (HR only): free-text answers of groups of at least 10.

Comments are shown only to HR (the page checks the role) and only for groups of at least
:data:`privacy.COMMENT_THRESHOLD` respondents, with complementary suppression across the same
entity × category cube as the survey figures: a hidden group's comments are never listed under
its name. They are listed in an order that says nothing about who answered when (by a hash of
the text), with no date and no other attribute.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from mututrack import privacy
from mututrack.filters import Filters
from mututrack.store import Store
from mututrack.views import qvt

__all__ = ["compute"]


def compute(store: Store, filters: Filters) -> dict[str, Any]:
    """``k`` (10), ``wave``, ``cell_hidden`` (the selection itself is under 10 or could be
    subtracted), ``comments_by_group`` (one row per entity of the selection shown: ``group_label``,
    ``comments`` as a list of texts) and ``comments_pooled`` (comments of the masked entities of the
    selection, together: their union holds at least 10 respondents)."""
    waves = store.query("qvt_waves")["wave"].tolist()
    wave = filters.wave if filters.wave in waves else (waves[-1] if waves else None)
    k = privacy.COMMENT_THRESHOLD
    empty = {
        "k": k,
        "wave": wave,
        "cell_hidden": True,
        "comments_by_group": pd.DataFrame(columns=["group_label", "comments"]),
        "comments_pooled": [],
        "total": 0,
    }
    if wave is None:
        return empty
    cells = _visible_cells(store, filters, wave, k)
    cell = {"entity_id": filters.entity, "category": filters.category}
    mine = cells[privacy.at_cell(cells, cell)]
    if mine.empty or mine["suppressed"].iloc[0]:
        return {**empty, "cell_hidden": True}
    comments = store.query("qvt_comments", wave=wave, project=filters.project)
    if filters.category is not None:
        comments = comments[comments["category"] == filters.category]
    if filters.entity is not None:
        comments = comments[comments["entity_id"] == filters.entity]
    below = cells[
        cells["entity_id"].notna()
        & (cells["category"].isna() if filters.category is None else cells["category"].eq(filters.category))
    ]
    shown = set(below.loc[~below["suppressed"], "entity_id"])
    labels = qvt.group_labels(store, "entity_id")
    listed = comments[comments["entity_id"].isin(shown)]
    groups = [
        (labels.get(e, e), part["text"].tolist()) for e, part in listed.groupby("entity_id", sort=False)
    ]
    return {
        "k": k,
        "wave": wave,
        "cell_hidden": False,
        "comments_by_group": pd.DataFrame(sorted(groups), columns=["group_label", "comments"]),
        "comments_pooled": comments.loc[~comments["entity_id"].isin(shown), "text"].tolist(),
        "total": len(comments),
    }


def _visible_cells(store: Store, filters: Filters, wave: str, k: int) -> pd.DataFrame:
    """Respondents per cell of the wave's entity × category cube, suppressed under ``k``."""
    cube = store.query("qvt_respondent_cube", project=filters.project, waves=[wave], **qvt.SCORING)
    cube = cube[["wave", *qvt.DIMS, "respondents"]]
    return privacy.suppress_cube(cube, dims=qvt.DIMS, values=[], k=k, siblings=["wave"])
